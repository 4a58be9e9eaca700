// A deleted account takes its notes, comments, likes, shares and boards with
// it; the counters it moved on other people's notes are put back.
import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef } from '../../../core/index.ts';
import { CREATE, startNotes } from './helpers.ts';

describe('notes: a deleted account', async () => {
  const h = await startNotes();
  afterAll(() => h.close());
  const [amy, ben] = [await h.account('amy'), await h.account('ben')];
  const post = async (who: typeof amy, title: string) =>
    (await h.as(who)(CREATE, { input: { images: [{ mediaId: await h.image(who) }], title, body: 'hi' } })).data.createNote;
  const amysNote = await post(amy, 'Amy’s note');
  const bensNote = await post(ben, 'Ben’s note');
  const READ = `query($id: ID!) { note(id: $id) { title likesCount sharesCount commentsCount comments(first: 10) { edges { node { body author { handle } } } } } }`;

  it('removes what it made and puts back the counters it moved', async () => {
    await h.as(ben)('mutation($id: ID!) { likeNote(id: $id) { id } }', { id: amysNote.id });
    await h.as(ben)('mutation($id: ID!) { shareNote(id: $id) { id } }', { id: amysNote.id });
    await h.as(ben)('mutation($id: ID!, $b: String!) { addComment(noteId: $id, body: $b) { id } }', { id: amysNote.id, b: 'lovely' });
    await h.as(amy)('mutation($id: ID!, $b: String!) { addComment(noteId: $id, body: $b) { id } }', { id: amysNote.id, b: 'thanks!' });
    const board = (await h.as(ben)('mutation { createBoard(input: { name: "picks", visibility: public }) { id } }')).data.createBoard;
    await h.as(ben)('mutation($n: ID!, $b: ID!) { collectNote(noteId: $n, boardId: $b) { id } }', { n: amysNote.id, b: board.id });
    expect((await h.as(amy)(READ, { id: amysNote.id })).data.note).toMatchObject({ likesCount: 1, sharesCount: 1, commentsCount: 2 });

    await h.meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).deleteAccount(ben.id);
    await h.runJobs();

    expect((await h.as(amy)(READ, { id: bensNote.id })).data.note).toBeNull();
    const after = (await h.as(amy)(READ, { id: amysNote.id })).data.note;
    expect(after).toMatchObject({ likesCount: 0, sharesCount: 0, commentsCount: 1 });
    expect(after.comments.edges.map((e: any) => e.node.author.handle)).toEqual(['amy']);
    const db = h.meadow.kernel.db.kysely();
    expect(await db.selectFrom('notes_board').select('id').where('owner_id', '=', ben.id).execute()).toEqual([]);
    expect(await db.selectFrom('notes_like').select('note_id').where('account_id', '=', ben.id).execute()).toEqual([]);
  });
});
