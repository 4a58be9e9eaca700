// Every moderation action on a real instance: what the reporter, the author
// and everyone else see afterwards, the reason reaching the author, appeals
// undoing the action, and the refusals (role, target kind, staff, self).

import { afterAll, describe, expect, it } from 'vitest';
import { NotesServiceRef } from '../../notes/contracts.ts';
import { expectCode, expectOk, localIdOf, startTrust, type Person } from './helpers.ts';

const REPORT = `mutation($input: ReportInput!) { report(input: $input) { id } }`;
const MODERATE = `mutation($id: ID!, $action: ModerationActionKind!, $reason: String!, $options: ModerationOptions) {
  moderate(reportId: $id, action: $action, reason: $reason, options: $options) { id action reason label suspendedUntil } }`;
const ACT = `mutation($id: ID!, $action: ModerationActionKind!, $reason: String!, $options: ModerationOptions) {
  moderateContent(targetId: $id, action: $action, reason: $reason, options: $options) { id action } }`;
const NOTE = `query($id: ID!) { note(id: $id) { id title sensitive disclosure moderation { state sensitive reachLimited disclosureRequired } moderationHistory { action reason } } }`;
const APPEAL = `mutation($id: ID!, $text: String!) { appeal(actionId: $id, text: $text) { id } }`;
const REVIEW = `mutation($id: ID!, $decision: AppealDecision!, $reason: String!) { reviewAppeal(id: $id, decision: $decision, reason: $reason) { status } }`;

describe('moderation actions', async () => {
  const t = await startTrust();
  afterAll(() => t.close());
  const mei = await t.person('mod_mei', 'moderator');
  const kai = await t.person('mod_kai', 'moderator');
  const root = await t.person('ada_admin', 'admin');
  const alice = await t.person('alice');
  const bob = await t.person('bob');
  const carol = await t.person('carol');
  const notes = () => t.meadow.kernel.contextOf('trust').services.get(NotesServiceRef);

  const reportOf = async (target: string, by: Person = alice) => expectOk(await by.gql(REPORT, { input: { targetId: target, reason: 'SPAM' } })).report.id as string;
  const act = async (target: string, action: string, reason: string, options?: Record<string, unknown>, by: Person = mei) =>
    expectOk(await by.gql(MODERATE, { id: await reportOf(target), action, reason, options })).moderate;
  const overturn = async (actionId: string, appellant: Person, reviewer: Person = kai) => {
    const appeal = expectOk(await appellant.gql(APPEAL, { id: actionId, text: 'This was a mistake' })).appeal.id;
    expect(expectOk(await reviewer.gql(REVIEW, { id: appeal, decision: 'OVERTURN', reason: 'Looked again: fine' })).reviewAppeal.status).toBe('OVERTURNED');
    await t.settle();
  };

  it('HIDE: gone for the reporter and everyone else; the author sees why; overturned on appeal, it is back', async () => {
    const note = await t.post(bob, 'Cheap followers here');
    const hide = await act(note, 'HIDE', 'Spam (rule 2)');
    expect(expectOk(await alice.gql(NOTE, { id: note })).note).toBeNull();
    expect(expectOk(await t.gql(NOTE, { id: note })).note).toBeNull();
    const own = expectOk(await bob.gql(NOTE, { id: note })).note;
    expect(own.moderation.state).toBe('hidden');
    expect(own.moderationHistory).toEqual([{ action: 'HIDE', reason: 'Spam (rule 2)' }]);
    const notice = (await t.notificationsOf(bob)).find((n) => n.kind === 'moderation-action')!;
    expect(notice.data).toMatchObject({ action: 'HIDE', reason: 'Spam (rule 2)' });
    // Others cannot read a note's moderation history.
    expect((await carol.gql(`query($id: ID!) { note(id: $id) { id } }`, { id: note })).data.note).toBeNull();
    await overturn(hide.id, bob);
    expect(expectOk(await alice.gql(NOTE, { id: note })).note.title).toBe('A note');
  });

  it('DELETE a comment: gone with its count; an overturn restores its text', async () => {
    const note = await t.post(alice, 'My camping list');
    const comment = await t.comment(bob, note, 'buy my tent at spam.example');
    const del = await act(comment, 'DELETE', 'Spam link in a comment', undefined, kai);
    const COUNT = `query($id: ID!) { note(id: $id) { commentsCount comments { edges { node { body } } } } }`;
    expect(expectOk(await carol.gql(COUNT, { id: note })).note).toEqual({ commentsCount: 0, comments: { edges: [] } });
    await overturn(del.id, bob, mei);
    expect(expectOk(await carol.gql(COUNT, { id: note })).note).toEqual({ commentsCount: 1, comments: { edges: [{ node: { body: 'buy my tent at spam.example' } }] } });
  });

  it('MARK_SENSITIVE and LIMIT_REACH: a veil for everyone; out of discovery for others, still readable by link', async () => {
    const note = await t.post(bob, 'A graphic injury photo');
    await act(note, 'MARK_SENSITIVE', 'Graphic image without a warning');
    expect(expectOk(await carol.gql(NOTE, { id: note })).note).toMatchObject({ sensitive: true, moderation: null });

    const discover = async (who: Person) => expectOk(await who.gql(`{ discoverFeed(first: 50) { note { id } } }`)).discoverFeed.map((i: any) => i.note.id);
    const limited = await t.post(bob, 'Borderline engagement bait');
    expect(await discover(carol)).toContain(limited);
    await act(limited, 'LIMIT_REACH', 'Engagement bait');
    expect(await discover(carol)).not.toContain(limited);
    expect(expectOk(await carol.gql(NOTE, { id: limited })).note.id).toBe(limited);
    expect(expectOk(await bob.gql(NOTE, { id: limited })).note.moderation.reachLimited).toBe(true);
  });

  it('REQUIRE_LABEL: needs a label; the note carries it and its author cannot take it off', async () => {
    const note = await t.post(bob, 'This serum changed my skin (they sent it to me)');
    const report = await reportOf(note);
    expectCode(await mei.gql(MODERATE, { id: report, action: 'REQUIRE_LABEL', reason: 'Gifted product' }), 'BAD_USER_INPUT');
    const done = expectOk(await mei.gql(MODERATE, { id: report, action: 'REQUIRE_LABEL', reason: 'Gifted product', options: { label: 'sponsored' } })).moderate;
    expect(done.label).toBe('sponsored');
    expect(expectOk(await carol.gql(NOTE, { id: note })).note.disclosure).toBe('sponsored');
    const removal = await bob.gql(`mutation($id: ID!) { updateNote(id: $id, input: { disclosure: null }) { disclosure } }`, { id: note });
    expectCode(removal, 'FORBIDDEN');
    expect(expectOk(await carol.gql(NOTE, { id: note })).note.disclosure).toBe('sponsored');
  });

  it('APPROVE and DISMISS release a held note; APPROVE on a note that is not held is refused', async () => {
    const held = await t.post(bob, 'Held for review');
    await notes().moderate(localIdOf(held), { state: 'held' });
    expect(expectOk(await carol.gql(NOTE, { id: held })).note).toBeNull();
    // Nobody else can see it, so nobody else can report it: moderators act on it directly.
    expectCode(await carol.gql(REPORT, { input: { targetId: held, reason: 'SPAM' } }), 'NOT_FOUND');
    expect(expectOk(await mei.gql(ACT, { id: held, action: 'APPROVE', reason: 'Looks fine' })).moderateContent.action).toBe('APPROVE');
    expect(expectOk(await carol.gql(NOTE, { id: held })).note.title).toBe('A note');
    expectCode(await mei.gql(ACT, { id: held, action: 'APPROVE', reason: 'again' }), 'BAD_USER_INPUT');

    // Reported while public, then held (e.g. after an edit): dismissing the report lets it out again.
    const second = await t.post(bob, 'Also held');
    const report = await reportOf(second, carol);
    await notes().moderate(localIdOf(second), { state: 'held' });
    expectOk(await mei.gql(MODERATE, { id: report, action: 'DISMISS', reason: 'Nothing wrong' }));
    expect(expectOk(await carol.gql(NOTE, { id: second })).note.title).toBe('A note');
  });

  it('SUSPEND for some days: content hidden, mutations refused except appealing; overturned, all is back', async () => {
    const dan = await t.person('dan');
    const note = await t.post(dan, 'Coordinated spam');
    const suspension = await act(note, 'SUSPEND', 'Spam ring (rule 2)', { suspendDays: 7 });
    const until = new Date(suspension.suspendedUntil).getTime();
    expect(until).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    expect(expectOk(await carol.gql(NOTE, { id: note })).note).toBeNull();
    const me = expectOk(await dan.gql(`{ me { suspended suspension { reason until } } }`)).me;
    expect(me.suspended).toBe(true);
    expect(new Date(me.suspension.until).getTime()).toBe(until);
    expect(expectOk(await carol.gql(`{ account(handle: "dan") { suspended suspension { reason } } }`)).account).toEqual({ suspended: true, suspension: null });
    const refused = await dan.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, { input: { title: 'again', images: [{ mediaId: dan.imageId }] } });
    expectCode(refused, 'FORBIDDEN');
    expect(refused.errors![0]!.message).toMatch(/suspended until .*Spam ring/);
    expect((refused.errors![0]!.extensions as any).reason).toBe('ACCOUNT_SUSPENDED');
    // Reading and appealing still work.
    expect(expectOk(await dan.gql(NOTE, { id: note })).note.id).toBe(note);
    await overturn(suspension.id, dan, kai);
    expect(expectOk(await dan.gql(`{ me { suspended } }`)).me.suspended).toBe(false);
    expect(expectOk(await carol.gql(NOTE, { id: note })).note.id).toBe(note);
  });

  it('refuses: members acting, actions that do not fit the target, moderators acting against staff, acting on oneself, unknown suspension lengths', async () => {
    const note = await t.post(bob, 'Another note');
    const report = await reportOf(note);
    expectCode(await carol.gql(MODERATE, { id: report, action: 'HIDE', reason: 'x' }), 'FORBIDDEN');
    expectCode(await carol.gql(ACT, { id: note, action: 'HIDE', reason: 'x' }), 'FORBIDDEN');
    const personReport = await reportOf(bob.gid);
    const misfit = await mei.gql(MODERATE, { id: personReport, action: 'MARK_SENSITIVE', reason: 'x' });
    expectCode(misfit, 'BAD_USER_INPUT');
    expect(misfit.errors![0]!.message).toBe('MARK_SENSITIVE does not apply to a account; it applies to: note');
    expectCode(await mei.gql(MODERATE, { id: personReport, action: 'SUSPEND', reason: 'x', options: { suspendDays: 0 } }), 'BAD_USER_INPUT');
    expectCode(await mei.gql(MODERATE, { id: personReport, action: 'HIDE', reason: '   ' }), 'BAD_USER_INPUT');
    // The report stayed open through every refusal.
    expect(expectOk(await mei.gql(`{ moderationQueue(first: 100) { edges { node { id } } } }`)).moderationQueue.edges.map((e: any) => e.node.id)).toContain(personReport);

    const staffNote = await t.post(kai, 'A moderator’s note');
    expectCode(await mei.gql(MODERATE, { id: await reportOf(staffNote), action: 'SUSPEND', reason: 'x' }), 'FORBIDDEN');
    expect((await act(staffNote, 'HIDE', 'Admins may', undefined, root)).action).toBe('HIDE');
    expectCode(await mei.gql(ACT, { id: mei.gid, action: 'SUSPEND', reason: 'x' }), 'BAD_USER_INPUT');
    expectCode(await mei.gql(ACT, { id: note, action: 'DISMISS', reason: 'x' }), 'BAD_USER_INPUT');
  });

  it('moderateContent acts without a report, and myModerationActions lists what was done to me', async () => {
    const note = await t.post(carol, 'Off-topic rant');
    expect(expectOk(await kai.gql(ACT, { id: note, action: 'LIMIT_REACH', reason: 'Off-topic' })).moderateContent.action).toBe('LIMIT_REACH');
    const mine = expectOk(await carol.gql(`{ myModerationActions { edges { node { action reason targetId } } } }`)).myModerationActions.edges;
    expect(mine.map((e: any) => e.node)).toEqual([{ action: 'LIMIT_REACH', reason: 'Off-topic', targetId: note }]);
  });
});
