import { afterAll, describe, expect, it } from 'vitest';
import { CREATE, code, startNotes } from './helpers.ts';

describe('notes: engagement, boards, comments, visibility', async () => {
  const h = await startNotes();
  afterAll(() => h.close());
  const [amy, ben, cat] = [await h.account('amy'), await h.account('ben'), await h.account('cat')];
  const img = await h.image(amy);
  const post = async (input: Record<string, unknown>) => (await h.as(amy)(CREATE, { input: { images: [{ mediaId: img }], ...input } })).data.createNote;
  const note = await post({ title: 'Hello', body: 'hi' });

  it('likes are idempotent and counters exact under concurrent like/unlike', async () => {
    const like = `mutation($id: ID!) { likeNote(id: $id) { likesCount viewerHasLiked } }`;
    expect((await h.as(ben)(like, { id: note.id })).data.likeNote).toEqual({ likesCount: 1, viewerHasLiked: true });
    expect((await h.as(ben)(like, { id: note.id })).data.likeNote).toEqual({ likesCount: 1, viewerHasLiked: true });
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => h.account(`fan${i}`)));
    await Promise.all(people.flatMap((p) => [h.as(p)(like, { id: note.id }), h.as(p)(like, { id: note.id })]));
    await Promise.all(people.slice(0, 5).flatMap((p) => [h.as(p)(`mutation($id: ID!) { unlikeNote(id: $id) { id } }`, { id: note.id }), h.as(p)(`mutation($id: ID!) { unlikeNote(id: $id) { id } }`, { id: note.id })]));
    const read = await h.as(cat)(`query($id: ID!) { note(id: $id) { likesCount viewerHasLiked } }`, { id: note.id });
    expect(read.data.note).toEqual({ likesCount: 1 + 12 - 5, viewerHasLiked: false });
  });

  it('shares and views count once per person', async () => {
    await h.as(ben)(`mutation($id: ID!) { shareNote(id: $id) { id } }`, { id: note.id });
    const again = await h.as(ben)(`mutation($id: ID!) { shareNote(id: $id) { sharesCount viewerHasShared } }`, { id: note.id });
    expect(again.data.shareNote).toEqual({ sharesCount: 1, viewerHasShared: true });
    await h.as(ben)(`mutation($id: ID!) { viewNote(id: $id) { id } }`, { id: note.id });
    await h.as(ben)(`mutation($id: ID!) { viewNote(id: $id) { id } }`, { id: note.id });
    const v = await h.as(null)(`mutation($id: ID!) { viewNote(id: $id) { viewsCount } }`, { id: note.id });
    expect(v.data.viewNote.viewsCount).toBe(2);
  });

  it('boards: create, collect, reorder; someone else’s board is refused', async () => {
    const board = (await h.as(ben)(`mutation { createBoard(input: { name: "露营灵感", visibility: public }) { id name itemsCount } }`)).data.createBoard;
    const second = await post({ title: 'Second' });
    const collect = `mutation($n: ID!, $b: ID!) { collectNote(noteId: $n, boardId: $b) { itemsCount notes { edges { node { title } } } } }`;
    await h.as(ben)(collect, { n: note.id, b: board.id });
    const twice = await h.as(ben)(collect, { n: second.id, b: board.id });
    expect(twice.data.collectNote.itemsCount).toBe(2);
    expect((await h.as(ben)(collect, { n: second.id, b: board.id })).data.collectNote.itemsCount).toBe(2);
    const reordered = await h.as(ben)(`mutation($b: ID!, $ids: [ID!]!) { reorderBoard(id: $b, noteIds: $ids) { notes { edges { node { title } } } } }`, { b: board.id, ids: [second.id, note.id] });
    expect(reordered.data.reorderBoard.notes.edges.map((e: any) => e.node.title)).toEqual(['Second', 'Hello']);
    const badOrder = await h.as(ben)(`mutation($b: ID!, $ids: [ID!]!) { reorderBoard(id: $b, noteIds: $ids) { id } }`, { b: board.id, ids: [second.id] });
    expect(code(badOrder)).toBe('BAD_USER_INPUT');
    const intrude = await h.as(cat)(collect, { n: note.id, b: board.id });
    expect(code(intrude)).toBe('FORBIDDEN');
    const priv = (await h.as(ben)(`mutation { createBoard(input: { name: "secret", visibility: private }) { id } }`)).data.createBoard;
    expect(code(await h.as(cat)(collect, { n: note.id, b: priv.id }))).toBe('NOT_FOUND');
    expect((await h.as(cat)(`query($b: ID!) { board(id: $b) { id } }`, { b: priv.id })).data.board).toBeNull();
    const counts = await h.as(cat)(`query($id: ID!) { note(id: $id) { collectsCount } }`, { id: note.id });
    expect(counts.data.note.collectsCount).toBe(1);
    const boards = await h.as(cat)(`{ account(handle: "ben") { boards { name itemsCount } } }`);
    expect(boards.data.account.boards).toEqual([{ name: '露营灵感', itemsCount: 2 }]);
  });

  it('comments with one level of replies, likes on comments; replies to deleted notes refused', async () => {
    const add = `mutation($n: ID!, $b: String!, $r: ID) { addComment(noteId: $n, body: $b, replyTo: $r) { id body parent { id } } }`;
    const top = (await h.as(ben)(add, { n: note.id, b: '好看！#露营' })).data.addComment;
    const reply = (await h.as(cat)(add, { n: note.id, b: '同意 @ben', r: top.id })).data.addComment;
    const replyToReply = (await h.as(amy)(add, { n: note.id, b: '谢谢', r: reply.id })).data.addComment;
    expect(replyToReply.parent.id).toBe(top.id);
    const liked = await h.as(amy)(`mutation($c: ID!) { likeComment(id: $c) { likesCount viewerHasLiked } }`, { c: top.id });
    await h.as(amy)(`mutation($c: ID!) { likeComment(id: $c) { likesCount } }`, { c: top.id });
    expect(liked.data.likeComment).toEqual({ likesCount: 1, viewerHasLiked: true });
    const list = await h.as(cat)(`query($id: ID!) { note(id: $id) { commentsCount comments { edges { node { body likesCount repliesCount replies { edges { node { body } } } } } } } }`, { id: note.id });
    expect(list.errors).toBeUndefined();
    expect(list.data.note).toEqual({
      commentsCount: 3,
      comments: { edges: [{ node: { body: '好看！#露营', likesCount: 1, repliesCount: 2, replies: { edges: [{ node: { body: '同意 @ben' } }, { node: { body: '谢谢' } }] } } }] },
    });
    const empty = await h.as(ben)(add, { n: note.id, b: '   ' });
    expect(code(empty)).toBe('BAD_USER_INPUT');
    const gone = await post({ title: 'to delete' });
    await h.as(amy)(`mutation($id: ID!) { deleteNote(id: $id) }`, { id: gone.id });
    const onDeleted = await h.as(ben)(add, { n: gone.id, b: 'hello?' });
    expect(code(onDeleted)).toBe('NOT_FOUND');
  });

  it('followers-only notes are NOT_FOUND for strangers, readable by followers', async () => {
    const secret = await post({ title: 'for followers', visibility: 'followers' });
    const q = `query($id: ID!) { node(id: $id) { id } note(id: $id) { title } }`;
    expect((await h.as(cat)(q, { id: secret.id })).data).toEqual({ node: null, note: null });
    const like = await h.as(cat)(`mutation($id: ID!) { likeNote(id: $id) { id } }`, { id: secret.id });
    expect(code(like)).toBe('NOT_FOUND');
    const comment = await h.as(cat)(`mutation($id: ID!) { addComment(noteId: $id, body: "hi") { id } }`, { id: secret.id });
    expect(code(comment)).toBe('NOT_FOUND');
    const edit = await h.as(cat)(`mutation($id: ID!) { updateNote(id: $id, input: { title: "x" }) { id } }`, { id: secret.id });
    expect(code(edit)).toBe('NOT_FOUND');
    await h.follow(cat, amy);
    expect((await h.as(cat)(q, { id: secret.id })).data.note).toEqual({ title: 'for followers' });
    const priv = await post({ title: 'just me', visibility: 'private' });
    expect((await h.as(cat)(q, { id: priv.id })).data.note).toBeNull();
    expect((await h.as(amy)(q, { id: priv.id })).data.note).toEqual({ title: 'just me' });
  });
});
