// What the notes plugin tells people: likes (a repeat is one), comments,
// replies (the comment's author and the note's, each once), mentions in
// notes and comments (only to people who may read the note), nothing for
// acting on your own note; a deleted comment's notifications go with it.
// Then across two instances: a follow, a like and a comment from another
// Meadow notify the local author, with the remote actor named.

import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { AccountsServiceRef, MediaServiceRef, toGlobalId } from '../../../core/index.ts';
import { signUp } from '../../../tests/core/accounts-helpers.ts';
import { startTlsInstance, settle } from '../../../tests/federation/tls.ts';
import { CREATE, startNotes } from './helpers.ts';

const LIST = `{ notifications(first: 20) { edges { node { kind subjectType data actor { handle }
  subject { __typename ... on Note { title } ... on Comment { body } } } } } unreadNotificationsCount }`;
const LIKE = 'mutation($id: ID!) { likeNote(id: $id) { likesCount } }';
const UNLIKE = 'mutation($id: ID!) { unlikeNote(id: $id) { likesCount } }';
const COMMENT = 'mutation($n: ID!, $b: String!, $r: ID) { addComment(noteId: $n, body: $b, replyTo: $r) { id } }';

describe('notes: notifications', async () => {
  const h = await startNotes();
  afterAll(() => h.close());
  const [amy, ben, cat, dee] = [await h.account('amy'), await h.account('ben'), await h.account('cat'), await h.account('dee')];
  const img = await h.image(amy);
  const settleAll = async () => {
    await h.meadow.kernel.bus.drain();
    await h.runJobs();
    await h.meadow.kernel.bus.drain();
  };
  const listOf = async (account: typeof amy) => {
    const res = await h.as(account)(LIST);
    expect(res.errors).toBeUndefined();
    return res.data as { notifications: { edges: { node: any }[] }; unreadNotificationsCount: number };
  };
  const kinds = async (account: typeof amy) => (await listOf(account)).notifications.edges.map((e) => `${e.node.kind} ${e.node.actor.handle}`);
  const note = (await h.as(amy)(CREATE, { input: { title: 'Picnic', body: 'by the river', images: [{ mediaId: img }] } })).data.createNote;

  it('a like tells the author once, however often it is repeated; your own like tells nobody', async () => {
    await h.as(ben)(LIKE, { id: note.id });
    await h.as(ben)(UNLIKE, { id: note.id });
    await h.as(ben)(LIKE, { id: note.id });
    await h.as(amy)(LIKE, { id: note.id });
    await settleAll();
    const list = await listOf(amy);
    expect(list.notifications.edges.map((e) => e.node)).toEqual([{ kind: 'like', subjectType: 'Note', data: { noteId: expect.any(Number) }, actor: { handle: 'ben' }, subject: { __typename: 'Note', title: 'Picnic' } }]);
    expect(list.unreadNotificationsCount).toBe(1);
  });

  it('a comment tells the note author, a reply tells the comment author, each once; mentions in comments notify', async () => {
    const top = (await h.as(cat)(COMMENT, { n: note.id, b: 'Looks lovely' })).data.addComment;
    await h.as(amy)(COMMENT, { n: note.id, b: 'Thanks!', r: top.id });
    await h.as(ben)(COMMENT, { n: note.id, b: 'Agreed @cat, and @dee should come', r: top.id });
    await settleAll();
    expect(await kinds(cat)).toEqual(['reply ben', 'reply amy']);
    // Amy hears of Cat's comment and Ben's reply; her own reply tells herself nothing.
    expect(await kinds(amy)).toEqual(['comment ben', 'comment cat', 'like ben']);
    expect(await kinds(dee)).toEqual(['mention ben']);
    const reply = (await listOf(cat)).notifications.edges[0]!.node;
    expect(reply).toMatchObject({ subjectType: 'Comment', subject: { __typename: 'Comment', body: 'Agreed @cat, and @dee should come' }, data: { parentId: expect.any(Number) } });
  });

  it('a mention in a note tells the people who may read it, and only them', async () => {
    await h.as(ben)(CREATE, { input: { title: 'Hello', body: 'Hi @dee and @cat and @ben', images: [{ mediaId: await h.image(ben) }] } });
    await settleAll();
    expect(await kinds(dee)).toEqual(['mention ben', 'mention ben']);
    expect((await listOf(dee)).notifications.edges[0]!.node.subject).toEqual({ __typename: 'Note', title: 'Hello' });
    // A followers-only note: Cat follows Ben, Dee does not.
    await h.follow(cat, ben);
    await h.as(ben)(CREATE, { input: { title: 'Only friends', body: 'Psst @dee @cat', visibility: 'followers', images: [{ mediaId: await h.image(ben) }] } });
    await settleAll();
    expect((await listOf(cat)).notifications.edges.map((e) => e.node.subject?.title ?? e.node.kind)).toContain('Only friends');
    expect((await listOf(dee)).notifications.edges.map((e) => e.node.subject?.title)).not.toContain('Only friends');
  });

  it("a deleted comment takes its notifications with it", async () => {
    const doomed = (await h.as(dee)(COMMENT, { n: note.id, b: 'Soon gone' })).data.addComment;
    await settleAll();
    expect(await kinds(amy)).toContain('comment dee');
    expect((await h.as(dee)('mutation($id: ID!) { deleteComment(id: $id) }', { id: doomed.id })).errors).toBeUndefined();
    await settleAll();
    expect(await kinds(amy)).not.toContain('comment dee');
  });
});

describe('notes: notifications from another instance', async () => {
  const a = await startTlsInstance({ discover: true });
  const b = await startTlsInstance({ discover: true });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await signUp(a, 'alice');
  const bob = await signUp(b, 'bob');

  it("alice on A follows bob on B, likes and comments on his note: bob is told, with alice@A as the actor", async () => {
    const followed = await a.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `bob@${b.host}` }, { token: alice.token });
    expect(followed.errors).toBeUndefined();
    await settle(a, b);
    const bobId = (await b.kernel.contextOf('accounts').services.get(AccountsServiceRef).getByHandle('bob'))!.id;
    const picture = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 20, g: 90, b: 160 } } }).jpeg().toBuffer();
    const image = await b.kernel.contextOf('media').services.get(MediaServiceRef).upload(bobId, picture, { alt: 'boats' });
    const created = await b.gql(CREATE, { input: { title: 'Harbour', body: 'Boats at dusk', images: [{ mediaId: toGlobalId('Media', image.id) }] } }, { token: bob.token });
    expect(created.errors).toBeUndefined();
    await settle(a, b);
    const copy = await a.kernel.db.kysely().selectFrom('notes_note').select('id').where('title', '=', 'Harbour').executeTakeFirst();
    expect(copy, "bob's note did not reach A").toBeTruthy();
    const copyId = toGlobalId('Note', Number(copy!.id));
    expect((await a.gql(LIKE, { id: copyId }, { token: alice.token })).errors).toBeUndefined();
    expect((await a.gql(COMMENT, { n: copyId, b: 'Beautiful light' }, { token: alice.token })).errors).toBeUndefined();
    await settle(a, b);
    await b.kernel.bus.drain();
    const res = await b.gql(LIST, {}, { token: bob.token });
    expect(res.errors).toBeUndefined();
    const seen = res.data.notifications.edges.map((e: any) => [e.node.kind, e.node.actor.handle]);
    const remote = `alice@${a.host}`;
    // The like and the comment travel as separate inbox jobs, in either order.
    expect(seen.sort()).toEqual([['comment', remote], ['follow', remote], ['like', remote]]);
    // And nothing was stored for a remote account on A.
    const accountsA = a.kernel.contextOf('accounts').services.get(AccountsServiceRef);
    const bobOnA = await accountsA.getByHandle(`bob@${b.host}`);
    const rows = await a.kernel.db.kysely().selectFrom('core_notifications').select('id').where('account_id', '=', bobOnA!.id).execute();
    expect(rows).toEqual([]);
  });
});
