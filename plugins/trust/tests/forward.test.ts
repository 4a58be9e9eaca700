// Forwarding reports to another instance, with two real instances: Bob on
// B posts a note and comments on it; Alice on A follows him, so both reach
// A. Carol on A reports them (and Bob himself); A's moderator forwards the
// reports, and B's moderators find each one in their queue: from A's
// domain, about Bob, with the moderator's comment and the reported note's
// or comment's id, naming nobody on A. Reports about A's own people, a
// second forward and instances under suspension are refused.

import { afterAll, describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId } from '../../../core/index.ts';
import { adminToken } from '../../../tests/federation/ops-helpers.ts';
import { settle } from '../../../tests/federation/tls.ts';
import { expectCode, expectOk } from './helpers.ts';
import { accountsOf, federationOf, member, postNote, startInstance } from './two-instances.ts';

const REPORT = 'mutation($input: ReportInput!) { report(input: $input) { id forwardedTo forwardedAt } }';
const FORWARD = 'mutation($id: ID!, $comment: String) { forwardReport(id: $id, comment: $comment) { id status forwardedTo forwardedAt } }';
const QUEUE = `{ moderationQueue(first: 20) { edges { node { id reason comment reporter { handle } reporterDomain targetType targetAccount { handle }
  forwardedTo forwardedAt } } } }`;

describe('forwarding a report to the reported person’s instance', async () => {
  const a = await startInstance();
  const b = await startInstance();
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await member(a, 'alice');
  const carol = await member(a, 'carol');
  const mod = await member(a, 'mara', 'moderator');
  const bob = await member(b, 'bob');
  const bmod = await member(b, 'bea', 'moderator');

  // Alice follows Bob; his note and his comment on it reach A.
  expectOk(await alice.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `bob@${b.host}` }));
  await settle(a, b);
  const bobNote = await postNote(b, bob, 'Miracle cream', 'Best cream ever, buy now');
  const bobComment = expectOk(await bob.gql('mutation($n: ID!) { addComment(noteId: $n, body: "Only 9.9 today!") { id } }', { n: bobNote })).addComment.id as string;
  await settle(a, b);
  const noteUri = `${b.url}/notes/${fromGlobalId(bobNote).id}`;
  const commentUri = `${noteUri}/comments/${fromGlobalId(bobComment).id}`;
  const found = await federationOf(a).lookup(noteUri);
  const noteOnA = found?.kind === 'object' ? toGlobalId('Note', found.object.id) : '';
  const bobOnA = (await accountsOf(a).getByHandle(`bob@${b.host}`))!;
  const commentsOnA = await a.gql('query($id: ID!) { note(id: $id) { comments(first: 5) { edges { node { id body } } } } }', { id: noteOnA }, { token: carol.token });
  const commentOnA = commentsOnA.data.note.comments.edges[0].node.id as string;

  const report = async (targetId: string, reason = 'SPAM', comment = 'carol@a thinks so', reporter = carol) =>
    expectOk(await reporter.gql(REPORT, { input: { targetId, reason, comment } })).report.id as string;
  const queueOnB = async () => expectOk(await bmod.gql(QUEUE)).moderationQueue.edges.map((e: any) => e.node);

  it('sends a note report to B as a Flag: one report there, from A, about Bob, with the comment and the note’s id', async () => {
    expect(commentsOnA.data.note.comments.edges[0].node.body).toBe('Only 9.9 today!');
    const id = await report(noteOnA, 'FAKE_SEEDING');
    const forwarded = expectOk(await mod.gql(FORWARD, { id, comment: 'Paid review ring 刷单, see the note' })).forwardReport;
    expect(forwarded).toMatchObject({ id, status: 'OPEN', forwardedTo: b.host });
    expect(Date.parse(forwarded.forwardedAt)).toBeGreaterThan(Date.now() - 60_000);
    await settle(a, b);
    expect(await queueOnB()).toEqual([{
      id: expect.any(String), reason: 'OTHER', comment: `Paid review ring 刷单, see the note\n${noteUri}`, reporter: null, reporterDomain: a.host,
      targetType: 'Account', targetAccount: { handle: 'bob' }, forwardedTo: null, forwardedAt: null,
    }]);
    // Nobody of A is named on B: neither the reporter nor the moderator became an account there.
    for (const handle of ['carol', 'mara']) expect(await accountsOf(b).getByHandle(`${handle}@${a.host}`)).toBeNull();
    // A's queue shows the forward; the reporter's own view of the report does not.
    const onA = expectOk(await mod.gql(QUEUE)).moderationQueue.edges.map((e: any) => e.node);
    expect(onA.find((r: any) => r.id === id)).toMatchObject({ forwardedTo: b.host, reporter: { handle: 'carol' } });
    expect(expectOk(await carol.gql(REPORT, { input: { targetId: noteOnA, reason: 'SPAM' } })).report).toMatchObject({ id, forwardedTo: null, forwardedAt: null });
  });

  it('a second forward of the same report is a CONFLICT and sends nothing', async () => {
    const [first] = expectOk(await mod.gql(QUEUE)).moderationQueue.edges.map((e: any) => e.node);
    expectCode(await mod.gql(FORWARD, { id: first.id, comment: 'again' }), 'CONFLICT');
    await settle(a, b);
    expect(await queueOnB()).toHaveLength(1);
  });

  it('a comment report names the comment; without a comment the reason is sent', async () => {
    const id = await report(commentOnA, 'UNDISCLOSED_AD');
    expectOk(await mod.gql(FORWARD, { id }));
    await settle(a, b);
    const onB = await queueOnB();
    expect(onB).toHaveLength(2);
    expect(onB[1]).toMatchObject({ comment: `Reported as a paid promotion without its disclosure label\n${commentUri}`, reporterDomain: a.host, targetAccount: { handle: 'bob' } });
  });

  it('a report about Bob himself names only him', async () => {
    const id = await report(toGlobalId('Account', bobOnA.id), 'HARASSMENT');
    expectOk(await mod.gql(FORWARD, { id, comment: 'Sends insults to our members' }));
    await settle(a, b);
    const onB = await queueOnB();
    expect(onB).toHaveLength(3);
    expect(onB[2]).toMatchObject({ comment: 'Sends insults to our members', targetAccount: { handle: 'bob' } });
  });

  it('refuses reports about people of this instance, unknown reports and people who are not moderators', async () => {
    const aliceNote = await postNote(a, alice, 'Camp stove', 'Works well');
    const local = await report(aliceNote);
    const res = await mod.gql(FORWARD, { id: local, comment: 'x' });
    expectCode(res, 'BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/this instance/);
    expectCode(await mod.gql(FORWARD, { id: toGlobalId('Report', 999_999) }), 'NOT_FOUND');
    expectCode(await carol.gql(FORWARD, { id: local }), 'FORBIDDEN');
    expectCode(await mod.gql(FORWARD, { id: local, comment: 'x'.repeat(2001) }), 'BAD_USER_INPUT');
    await settle(a, b);
    expect(await queueOnB()).toHaveLength(3);
    expect(expectOk(await mod.gql(QUEUE)).moderationQueue.edges.find((e: any) => e.node.id === local).node.forwardedTo).toBeNull();
  });

  it('refuses to send anything to an instance A suspended, and the report can still be handled at home', async () => {
    const id = await report(toGlobalId('Account', bobOnA.id), 'SPAM', 'more spam', alice);
    const admin = await adminToken(a);
    expectOk(await a.gql('mutation($i: DomainBlockInput!) { addDomainBlock(input: $i) { domain } }', { i: { domain: b.host, severity: 'SUSPEND', reason: 'spam farm' } }, { token: admin }));
    const res = await mod.gql(FORWARD, { id, comment: 'x' });
    expectCode(res, 'BAD_USER_INPUT');
    expect(res.errors![0]!.message).toContain('suspended');
    expect(expectOk(await mod.gql(QUEUE)).moderationQueue.edges.find((e: any) => e.node.id === id).node.forwardedTo).toBeNull();
    const closed = await mod.gql('mutation($id: ID!) { moderate(reportId: $id, action: DISMISS, reason: "The instance is suspended") { action } }', { id });
    expect(expectOk(closed).moderate.action).toBe('DISMISS');
  });

  it('the statistics count the forwards on A and the reports from other instances on B', async () => {
    const STATS = '{ moderationStats { reports forwardedReports reportsFromOtherInstances } }';
    const onA = expectOk(await a.gql(STATS, {}, { token: await adminToken(a, 'ada') })).moderationStats;
    expect(onA).toEqual({ reports: 5, forwardedReports: 3, reportsFromOtherInstances: 0 });
    const onB = expectOk(await b.gql(STATS, {}, { token: await adminToken(b, 'ada') })).moderationStats;
    expect(onB).toEqual({ reports: 3, forwardedReports: 0, reportsFromOtherInstances: 3 });
  });
});
