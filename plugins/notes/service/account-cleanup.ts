// When an account goes (a local account deleted, or a remote actor's
// Delete), its notes are deleted as if by their author — topics, search and
// federation hear note.deleted and the purge job removes them later — and
// its comments, likes, shares, views and boards go at once, with every
// counter they moved put back. Runs from the durable account.deleted event,
// so it is retried until done.

import type { Tx } from '../../../core/index.ts';
import { NoteDeleted, type Visibility } from '../contracts.ts';
import { bump } from './engagement.ts';
import type { Deps } from './deps.ts';

const DAY_MS = 24 * 3600_000;

export async function removeAccountContent(deps: Deps, accountId: number): Promise<{ notes: number; comments: number }> {
  const now = Date.now();
  return deps.ctx.db.transaction(async (tx) => {
    const notes = await tx.db.selectFrom('notes_note').select(['id', 'visibility', 'hashtags', 'status'])
      .where('author_id', '=', accountId).where('status', '!=', 'deleted').execute();
    const days = deps.ctx.settings().purgeAfterDays;
    for (const n of notes) {
      await tx.db.updateTable('notes_note').set({ status: 'deleted', deleted_at: now, updated_at: now }).where('id', '=', n.id).execute();
      await deps.ctx.jobs.enqueue('purge', { noteId: Number(n.id) }, { runAt: new Date(now + days * DAY_MS), tx });
      if (n.status === 'published') {
        await deps.ctx.hooks.emit(NoteDeleted, { noteId: Number(n.id), authorId: accountId, visibility: n.visibility as Visibility, hashtags: parseTags(n.hashtags) }, tx);
      }
    }
    const comments = await removeComments(tx, accountId);
    await removeCounted(tx, 'notes_like', accountId, 'likes_count');
    await removeCounted(tx, 'notes_share', accountId, 'shares_count');
    const commentLikes = await tx.db.selectFrom('notes_comment_like').select('comment_id').where('account_id', '=', accountId).execute();
    for (const r of commentLikes) await bump(tx, 'notes_comment', Number(r.comment_id), 'likes_count', -1);
    await tx.db.deleteFrom('notes_comment_like').where('account_id', '=', accountId).execute();
    await tx.db.deleteFrom('notes_view').where('account_id', '=', accountId).execute();
    const boards = tx.db.selectFrom('notes_board').select('id').where('owner_id', '=', accountId);
    await tx.db.deleteFrom('notes_board_item').where('board_id', 'in', boards).execute();
    await tx.db.deleteFrom('notes_board').where('owner_id', '=', accountId).execute();
    return { notes: notes.length, comments };
  });
}

/** Its comments (and replies to them) go; note and parent counters move back. */
async function removeComments(tx: Tx, accountId: number): Promise<number> {
  const own = await tx.db.selectFrom('notes_comment').select(['id', 'note_id', 'parent_id'])
    .where('author_id', '=', accountId).where('deleted_at', 'is', null).execute();
  let removed = 0;
  for (const c of own) {
    const replies = await tx.db.selectFrom('notes_comment').select('id').where('parent_id', '=', c.id).where('deleted_at', 'is', null).execute();
    const ids = [Number(c.id), ...replies.map((r) => Number(r.id))];
    await tx.db.deleteFrom('notes_comment_like').where('comment_id', 'in', ids).execute();
    await tx.db.deleteFrom('notes_comment').where('id', 'in', ids).execute();
    await bump(tx, 'notes_note', Number(c.note_id), 'comments_count', -ids.length);
    if (c.parent_id != null) await bump(tx, 'notes_comment', Number(c.parent_id), 'replies_count', -1);
    removed += ids.length;
  }
  return removed;
}

async function removeCounted(tx: Tx, table: 'notes_like' | 'notes_share', accountId: number, column: string): Promise<void> {
  const rows = await tx.db.selectFrom(table).select('note_id').where('account_id', '=', accountId).execute();
  for (const r of rows) await bump(tx, 'notes_note', Number(r.note_id), column, -1);
  await tx.db.deleteFrom(table).where('account_id', '=', accountId).execute();
}

function parseTags(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  try {
    const parsed = JSON.parse(String(raw ?? '[]'));
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
