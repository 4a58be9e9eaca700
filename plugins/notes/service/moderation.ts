// What a moderator's decision does to notes and comments: hide, hold and
// release, mark sensitive, limit reach, require a label, remove and
// restore — and who may comment. Deciding is the moderation plugin's job
// (callers check roles); this file only stores and announces.

import { notFound } from '../../../core/index.ts';
import {
  CommentDeleted, DISCLOSURES, NoteDeleted, NoteModerated, NotePublished, NoteUpdated,
  type NoteModeration, type NoteRecord,
} from '../contracts.ts';
import { bump } from './engagement.ts';
import type { Deps } from './deps.ts';
import type { NoteReader } from './read.ts';
import { COMMENT_COLUMNS, toComment } from './rows.ts';
import { noteText } from './write.ts';

const DAY_MS = 86_400_000;

export class NoteModerationService {
  private readonly deps: Deps;
  private readonly reader: NoteReader;
  constructor(deps: Deps, reader: NoteReader) {
    this.deps = deps;
    this.reader = reader;
  }

  async moderate(noteId: number, patch: Partial<NoteModeration>): Promise<NoteRecord> {
    const note = await this.reader.getById(noteId);
    if (!note || note.status === 'deleted') throw notFound('The note');
    if (patch.disclosureRequired != null && !(DISCLOSURES as readonly string[]).includes(patch.disclosureRequired)) {
      throw new Error(`Unknown disclosure label ${patch.disclosureRequired}`);
    }
    const next: NoteModeration = { ...note.moderation, ...patch };
    const set: Record<string, unknown> = {
      moderation_state: next.state, sensitive: next.sensitive ? 1 : 0, reach_limited: next.reachLimited ? 1 : 0, disclosure_required: next.disclosureRequired,
    };
    // A required label is carried at once; lifting the requirement leaves the author's label to the author.
    if (next.disclosureRequired) set.disclosure = next.disclosureRequired;
    const released = note.moderation.state === 'held' && next.state === 'visible' && note.status === 'published';
    await this.deps.ctx.db.transaction(async (tx) => {
      await tx.db.updateTable('notes_note').set(set).where('id', '=', noteId).execute();
      const [fresh] = await this.reader.getByIdsIn(tx, [noteId]);
      await this.deps.ctx.hooks.emit(NoteModerated, { note: fresh!, previous: note.moderation }, tx);
      // A held note was never public: releasing it is its publication (an edit held later is an update).
      if (released && !note.editedAt) await this.deps.ctx.hooks.emit(NotePublished, { note: fresh!, text: noteText(fresh!) }, tx);
      else if (released) await this.deps.ctx.hooks.emit(NoteUpdated, { note: fresh!, text: noteText(fresh!), previous: { visibility: note.visibility, hashtags: note.hashtags } }, tx);
    });
    return (await this.reader.getById(noteId))!;
  }

  async removeNote(noteId: number): Promise<void> {
    const note = await this.reader.getById(noteId);
    if (!note || note.status === 'deleted') throw notFound('The note');
    const now = Date.now();
    await this.deps.ctx.db.transaction(async (tx) => {
      await tx.db.updateTable('notes_note').set({ status: 'deleted', deleted_at: now, updated_at: now }).where('id', '=', noteId).execute();
      await this.deps.ctx.jobs.enqueue('purge', { noteId }, { runAt: new Date(now + this.deps.ctx.settings().purgeAfterDays * DAY_MS), tx });
      await this.deps.ctx.hooks.emit(NoteDeleted, { noteId, authorId: note.authorId, visibility: note.visibility, hashtags: note.hashtags }, tx);
    });
  }

  async restoreNote(noteId: number): Promise<boolean> {
    return this.deps.ctx.db.transaction(async (tx) => {
      const res = await tx.db.updateTable('notes_note').set({ status: 'published', deleted_at: null, updated_at: Date.now() })
        .where('id', '=', noteId).where('status', '=', 'deleted').where('published_at', 'is not', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      const [note] = await this.reader.getByIdsIn(tx, [noteId]);
      // Back in feeds, search and topics; a pending purge finds it published and leaves it.
      if (note!.moderation.state === 'visible') await this.deps.ctx.hooks.emit(NotePublished, { note: note!, text: noteText(note!) }, tx);
      return true;
    });
  }

  async removeComment(commentId: number): Promise<void> {
    const [row] = await this.deps.db().selectFrom('notes_comment').select(COMMENT_COLUMNS).where('id', '=', commentId).execute();
    if (!row || row.deleted_at != null) throw notFound('The comment');
    const comment = toComment(row);
    await this.deps.ctx.db.transaction(async (tx) => {
      // Unlike an author's delete, the text stays (unshown) so an overturned decision can restore it.
      const res = await tx.db.updateTable('notes_comment').set({ deleted_at: Date.now() }).where('id', '=', commentId).where('deleted_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return;
      const commentsCount = await bump(tx, 'notes_note', comment.noteId, 'comments_count', -1);
      if (comment.parentId !== null) await bump(tx, 'notes_comment', comment.parentId, 'replies_count', -1);
      await this.deps.ctx.hooks.emit(CommentDeleted, { commentId, noteId: comment.noteId, authorId: comment.authorId, deletedBy: 0, commentsCount }, tx);
    });
  }

  async restoreComment(commentId: number): Promise<boolean> {
    const [row] = await this.deps.db().selectFrom('notes_comment').select(COMMENT_COLUMNS).where('id', '=', commentId).execute();
    if (!row || row.deleted_at == null || !row.body) return false;
    const note = await this.reader.getById(Number(row.note_id));
    if (!note || note.status === 'deleted') return false;
    return this.deps.ctx.db.transaction(async (tx) => {
      const res = await tx.db.updateTable('notes_comment').set({ deleted_at: null }).where('id', '=', commentId).where('deleted_at', 'is not', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      await bump(tx, 'notes_note', note.id, 'comments_count', +1);
      if (row.parent_id != null) await bump(tx, 'notes_comment', Number(row.parent_id), 'replies_count', +1);
      // No CommentCreated: nobody is notified again of a comment they may have seen.
      return true;
    });
  }

  /** Null when the account may comment on the note; otherwise a sentence saying why not. */
  async commentRefusal(note: NoteRecord, accountId: number): Promise<string | null> {
    if (note.authorId === accountId) return null;
    const accounts = this.deps.accounts();
    switch (note.commentPolicy) {
      case 'everyone':
        return null;
      case 'nobody':
        return 'The author turned comments off for this note';
      case 'followers':
        return (await accounts.followingIds(accountId)).includes(note.authorId) ? null : 'Only people who follow the author can comment on this note';
      case 'following':
        return (await accounts.followingIds(note.authorId)).includes(accountId) ? null : 'Only people the author follows can comment on this note';
    }
  }
}
