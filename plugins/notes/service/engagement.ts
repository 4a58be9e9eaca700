// Likes, shares and views. Counters stay exact under concurrency: the
// counter moves in the same transaction as the row, and only when the
// conditional insert (or delete) actually changed a row.

import { badInput, notFound, type Tx, type Viewer } from '../../../core/index.ts';
import { NoteLiked, NoteShared, NoteUnshared } from '../contracts.ts';
import type { Deps } from './deps.ts';
import type { NoteReader } from './read.ts';

type CounterTable = 'notes_note' | 'notes_comment';

/** `count = count + delta` on one row; returns the new value. */
export async function bump(tx: Tx, table: CounterTable | 'notes_board', id: number, column: string, delta: number): Promise<number> {
  const [row] = await tx.db.updateTable(table)
    .set((eb: any) => ({ [column]: eb(column, delta > 0 ? '+' : '-', Math.abs(delta)) }))
    .where('id', '=', id)
    .returning(column)
    .execute();
  return Number(row?.[column] ?? 0);
}

export class Engagement {
  private readonly deps: Deps;
  private readonly reader: NoteReader;
  constructor(deps: Deps, reader: NoteReader) {
    this.deps = deps;
    this.reader = reader;
  }

  /** Idempotent: liking twice changes nothing. */
  async like(viewer: Viewer, noteId: number): Promise<void> {
    const note = await this.reader.requireReadable(noteId, viewer.accountId);
    await this.deps.ctx.db.transaction(async (tx) => {
      const inserted = await tx.db.insertInto('notes_like')
        .values({ note_id: noteId, account_id: viewer.accountId, created_at: Date.now() })
        .onConflict((oc) => oc.columns(['note_id', 'account_id']).doNothing())
        .returning('note_id')
        .execute();
      if (!inserted.length) return;
      const likesCount = await bump(tx, 'notes_note', noteId, 'likes_count', +1);
      await this.deps.ctx.hooks.emit(NoteLiked, { noteId, noteAuthorId: note.authorId, accountId: viewer.accountId, liked: true, likesCount }, tx);
    });
  }

  async unlike(viewer: Viewer, noteId: number): Promise<void> {
    const note = await this.reader.getById(noteId);
    if (!note) throw notFound('The note');
    await this.deps.ctx.db.transaction(async (tx) => {
      const res = await tx.db.deleteFrom('notes_like').where('note_id', '=', noteId).where('account_id', '=', viewer.accountId).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) return;
      const likesCount = await bump(tx, 'notes_note', noteId, 'likes_count', -1);
      await this.deps.ctx.hooks.emit(NoteLiked, { noteId, noteAuthorId: note.authorId, accountId: viewer.accountId, liked: false, likesCount }, tx);
    });
  }

  /** A repost; only public and unlisted notes can be shared. Idempotent. */
  async share(viewer: Viewer, noteId: number): Promise<void> {
    const note = await this.reader.requireReadable(noteId, viewer.accountId);
    if (note.visibility !== 'public' && note.visibility !== 'unlisted') throw badInput('Only public and unlisted notes can be shared');
    await this.deps.ctx.db.transaction(async (tx) => {
      const inserted = await tx.db.insertInto('notes_share')
        .values({ note_id: noteId, account_id: viewer.accountId, created_at: Date.now() })
        .onConflict((oc) => oc.columns(['note_id', 'account_id']).doNothing())
        .returning('id')
        .execute();
      if (!inserted.length) return;
      await bump(tx, 'notes_note', noteId, 'shares_count', +1);
      await this.deps.ctx.hooks.emit(NoteShared, { noteId, noteAuthorId: note.authorId, accountId: viewer.accountId, shareId: Number(inserted[0]!.id) }, tx);
    });
  }

  async unshare(viewer: Viewer, noteId: number): Promise<void> {
    await this.deps.ctx.db.transaction(async (tx) => {
      const removed = await tx.db.deleteFrom('notes_share').where('note_id', '=', noteId).where('account_id', '=', viewer.accountId).returning('id').execute();
      if (!removed.length) return;
      await bump(tx, 'notes_note', noteId, 'shares_count', -1);
      const [note] = await tx.db.selectFrom('notes_note').select('author_id').where('id', '=', noteId).execute();
      await this.deps.ctx.hooks.emit(NoteUnshared, { noteId, noteAuthorId: Number(note?.author_id), accountId: viewer.accountId, shareId: Number(removed[0]!.id) }, tx);
    });
  }

  /** Counts a view: once per signed-in person, every time for anonymous readers. */
  async view(viewer: Viewer | null, noteId: number): Promise<void> {
    await this.reader.requireReadable(noteId, viewer?.accountId ?? null);
    await this.deps.ctx.db.transaction(async (tx) => {
      if (viewer) {
        const inserted = await tx.db.insertInto('notes_view')
          .values({ note_id: noteId, account_id: viewer.accountId, created_at: Date.now() })
          .onConflict((oc) => oc.columns(['note_id', 'account_id']).doNothing())
          .returning('note_id')
          .execute();
        if (!inserted.length) return;
      }
      await bump(tx, 'notes_note', noteId, 'views_count', +1);
    });
  }

  async likeComment(viewer: Viewer, commentId: number, like: boolean, requireComment: (id: number) => Promise<unknown>): Promise<void> {
    await requireComment(commentId);
    await this.deps.ctx.db.transaction(async (tx) => {
      if (like) {
        const inserted = await tx.db.insertInto('notes_comment_like')
          .values({ comment_id: commentId, account_id: viewer.accountId, created_at: Date.now() })
          .onConflict((oc) => oc.columns(['comment_id', 'account_id']).doNothing())
          .returning('comment_id')
          .execute();
        if (inserted.length) await bump(tx, 'notes_comment', commentId, 'likes_count', +1);
      } else {
        const res = await tx.db.deleteFrom('notes_comment_like').where('comment_id', '=', commentId).where('account_id', '=', viewer.accountId).executeTakeFirst();
        if (Number(res.numDeletedRows) > 0) await bump(tx, 'notes_comment', commentId, 'likes_count', -1);
      }
    });
  }

  /** Which of `ids` the viewer has a row for in a relation table (one query per page). */
  async viewerSet(table: 'notes_like' | 'notes_share' | 'notes_comment_like', column: 'note_id' | 'comment_id', viewerId: number, ids: readonly number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows = await this.deps.db().selectFrom(table).select(`${column} as id`).where('account_id', '=', viewerId).where(column, 'in', [...ids]).execute();
    return new Set(rows.map((r) => Number(r.id)));
  }
}
