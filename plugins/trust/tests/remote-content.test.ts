// Remote content a moderator hid or removed stays so, with two real
// instances: Bob on B posts notes and a comment; Alice on A follows him.
// A's moderators hide one note and remove another note and the comment
// (through the notes service, as the trust plugin's actions do). Bob then
// edits on B — an Update from the origin — and his instance delivers the
// Create again: Alice never sees any of it again, even after the removed
// note is purged from A. Through GraphQL, a moderator's WARN or
// REQUIRE_LABEL on Bob's content is refused (his instance decides for him:
// forward the report), while HIDE holds the same way.

import { Create, Update, type Note as APNote } from '@fedify/vocab';
import { afterAll, describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId } from '../../../core/index.ts';
import { NotesServiceRef } from '../../notes/contracts.ts';
import { makeJobsDue } from '../../../tests/federation/ops-helpers.ts';
import { settle } from '../../../tests/federation/tls.ts';
import { expectOk } from './helpers.ts';
import { federationOf, member, postNote, startInstance, type Member } from './two-instances.ts';

const FEED = '{ followingFeed(first: 20) { edges { node { id title body } } } }';
const NOTE = 'query($id: ID!) { note(id: $id) { id title comments(first: 10) { edges { node { id body } } } } }';
const EDIT = 'mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }';

describe('remote content hidden or removed by a moderator stays so', async () => {
  const a = await startInstance();
  const b = await startInstance();
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await member(a, 'alice');
  const carol = await member(a, 'carol');
  const mara = await member(a, 'mara', 'moderator');
  const bob = await member(b, 'bob');
  expectOk(await alice.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `bob@${b.host}` }));
  await settle(a, b);
  const notesOnA = a.kernel.contextOf('trust').services.get(NotesServiceRef);
  const fedA = federationOf(a);
  const fedB = federationOf(b);
  const bobUri = fedB.actorUri('bob');

  const feedTitles = async (who: Member): Promise<string[]> => expectOk(await who.gql(FEED)).followingFeed.edges.map((e: any) => e.node.title as string);
  /** Bob's note (global id on B) as stored on A: its local id there. */
  const copyOnA = async (noteOnB: string) => {
    const found = await fedA.lookup(`${b.url}/notes/${fromGlobalId(noteOnB).id}`);
    expect(found?.kind).toBe('object');
    return found!.kind === 'object' ? found!.object.id : 0;
  };
  /** Bob edits his note on B; B sends the Update to his followers. */
  const edit = async (noteOnB: string, title: string, body: string) => {
    const image = (await b.gql('query($id: ID!) { note(id: $id) { images { media { id } } } }', { id: noteOnB }, { token: bob.token })).data.note.images[0].media.id;
    expectOk(await bob.gql(EDIT, { id: noteOnB, input: { title, body, images: [{ mediaId: image }], visibility: 'public' } }));
    await settle(a, b);
  };
  /** B delivers the Create of an object again (a retry, or a relay), as B serves it now. */
  const createAgain = async (uri: string) => {
    const object = (await fedB.context().lookupObject(uri)) as APNote;
    expect(object?.id?.href).toBe(uri);
    await fedB.sendActivity({ accountId: bob.id }, 'followers', new Create({ id: new URL(`${uri}#create-again-${Date.now()}`), actor: bobUri, object, tos: object.toIds, ccs: object.ccIds }));
    await settle(a, b);
  };

  it('a hidden note stays hidden after Bob edits it and after its Create comes again', async () => {
    const onB = await postNote(b, bob, 'Trail report', 'Muddy but fine');
    await settle(a, b);
    expect(await feedTitles(alice)).toContain('Trail report');
    const id = await copyOnA(onB);
    await notesOnA.moderate(id, { state: 'hidden' });
    expect(await feedTitles(alice)).not.toContain('Trail report');

    await edit(onB, 'Trail report (updated)', 'Now with a discount code');
    // The edit arrived (the moderators' copy has it) but the note stays hidden.
    expect(await notesOnA.getById(id)).toMatchObject({ title: 'Trail report (updated)', moderation: { state: 'hidden' }, status: 'published' });
    expect(await feedTitles(alice)).not.toContain('Trail report (updated)');
    expect(expectOk(await alice.gql(NOTE, { id: toGlobalId('Note', id) })).note).toBeNull();

    await createAgain(`${b.url}/notes/${fromGlobalId(onB).id}`);
    expect((await notesOnA.getById(id))!.moderation.state).toBe('hidden');
    expect((await feedTitles(alice)).filter((t) => t.startsWith('Trail report'))).toEqual([]);
  });

  it('a removed note stays removed after an edit and a repeated Create, also once it is purged', async () => {
    const onB = await postNote(b, bob, 'Miracle cream', 'Buy now');
    await settle(a, b);
    const id = await copyOnA(onB);
    await notesOnA.removeNote(id);
    expect(await feedTitles(alice)).not.toContain('Miracle cream');

    await edit(onB, 'Miracle cream v2', 'Buy now, really');
    await createAgain(`${b.url}/notes/${fromGlobalId(onB).id}`);
    expect(await notesOnA.getById(id)).toMatchObject({ status: 'deleted', title: 'Miracle cream' });
    expect((await feedTitles(alice)).filter((t) => t.startsWith('Miracle cream'))).toEqual([]);

    // The purge removes what it was; what it came from is still refused.
    await makeJobsDue(a);
    await settle(a, b);
    expect(await notesOnA.getById(id)).toMatchObject({ status: 'deleted', title: '', body: '', images: [] });
    expect(await notesOnA.restoreNote(id)).toBe(false);
    await edit(onB, 'Miracle cream v3', 'Last chance');
    await createAgain(`${b.url}/notes/${fromGlobalId(onB).id}`);
    expect((await feedTitles(alice)).filter((t) => t.startsWith('Miracle cream'))).toEqual([]);
  });

  it('a removed comment stays removed after an Update and a repeated Create', async () => {
    const onB = await postNote(b, bob, 'Stove review', 'Works well');
    const comment = expectOk(await bob.gql('mutation($n: ID!) { addComment(noteId: $n, body: "DM me for a coupon") { id } }', { n: onB })).addComment.id as string;
    await settle(a, b);
    const noteId = toGlobalId('Note', await copyOnA(onB));
    const comments = async () => expectOk(await alice.gql(NOTE, { id: noteId })).note.comments.edges.map((e: any) => e.node.body as string);
    expect(await comments()).toEqual(['DM me for a coupon']);
    const commentOnA = expectOk(await alice.gql(NOTE, { id: noteId })).note.comments.edges[0].node.id as string;
    await notesOnA.removeComment(Number(fromGlobalId(commentOnA).id));
    expect(await comments()).toEqual([]);

    const uri = `${b.url}/notes/${fromGlobalId(onB).id}/comments/${fromGlobalId(comment).id}`;
    const object = (await fedB.context().lookupObject(uri)) as APNote;
    const edited = object.clone({ contents: ['<p>DM me for a bigger coupon</p>'] });
    await fedB.sendActivity({ accountId: bob.id }, 'followers', new Update({ id: new URL(`${uri}#update-${Date.now()}`), actor: bobUri, object: edited, tos: object.toIds, ccs: object.ccIds }));
    await settle(a, b);
    await createAgain(uri);
    expect(await comments()).toEqual([]);
    expect(expectOk(await alice.gql(NOTE, { id: noteId })).note.title).toBe('Stove review');
  });

  it('a moderator acting on another instance’s content: WARN and REQUIRE_LABEL are refused with a pointer to forwarding; HIDE holds, and the report can still be forwarded', async () => {
    const onB = await postNote(b, bob, 'Glow serum', 'Changed my life');
    await settle(a, b);
    const noteOnA = toGlobalId('Note', await copyOnA(onB));
    const reportId = expectOk(await carol.gql('mutation($input: ReportInput!) { report(input: $input) { id } }', { input: { targetId: noteOnA, reason: 'UNDISCLOSED_AD' } })).report.id;
    const MODERATE = 'mutation($id: ID!, $action: ModerationActionKind!, $options: ModerationOptions) { moderate(reportId: $id, action: $action, reason: "Paid ad", options: $options) { action } }';
    for (const [action, options] of [['WARN', null], ['REQUIRE_LABEL', { label: 'sponsored' }]] as const) {
      const refused = await mara.gql(MODERATE, { id: reportId, action, options });
      expect(refused.errors?.[0]?.extensions?.code, JSON.stringify(refused.errors)).toBe('BAD_USER_INPUT');
      expect(refused.errors![0]!.message).toContain(`forward the report to ${b.host}`);
    }
    expect(await feedTitles(alice)).toContain('Glow serum');
    expect(expectOk(await mara.gql(MODERATE, { id: reportId, action: 'HIDE' })).moderate.action).toBe('HIDE');
    expect(await feedTitles(alice)).not.toContain('Glow serum');
    await edit(onB, 'Glow serum (new batch)', 'Still changing lives');
    expect((await feedTitles(alice)).filter((t) => t.startsWith('Glow serum'))).toEqual([]);
    expect(expectOk(await carol.gql(NOTE, { id: noteOnA })).note).toBeNull();
    // The decision here is made; the author's own instance hears of it by a forward.
    const forwarded = expectOk(await mara.gql('mutation($id: ID!) { forwardReport(id: $id) { status forwardedTo } }', { id: reportId })).forwardReport;
    expect(forwarded).toEqual({ status: 'RESOLVED', forwardedTo: b.host });
  });
});
