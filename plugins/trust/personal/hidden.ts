// Notes a person hid from their own feeds ("not for me"). The note stays
// where it is for everyone else, and reachable by its link.

import { badInput, notFound, timestampValue, toDate, type PluginContext } from '../../../core/index.ts';
import { NotesServiceRef } from '../../notes/contracts.ts';

export interface HiddenNoteRecord {
  /** Row id: the position in the person's list (newest first). */
  id: number;
  noteId: number;
  createdAt: Date;
}

function hiddenOf(row: any): HiddenNoteRecord {
  return { id: Number(row.id), noteId: Number(row.note_id), createdAt: toDate(row.created_at)! };
}

export class HiddenNotes {
  readonly ctx: PluginContext;

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db() {
    return this.ctx.db.kysely();
  }

  /** Hides a note the person can read; hiding it again changes nothing. */
  async hide(accountId: number, noteId: number): Promise<void> {
    const notes = this.ctx.services.get(NotesServiceRef);
    const note = await notes.getById(noteId);
    if (!note || !(await notes.canRead(noteId, accountId))) throw notFound('No such note');
    if (note.authorId === accountId) throw badInput('Your own notes always show in your feeds; delete or make the note private instead', { field: 'noteId' });
    if (await this.isHidden(accountId, noteId)) return;
    try {
      await this.db.insertInto('trust_hidden_notes').values({ account_id: accountId, note_id: noteId, created_at: timestampValue(this.ctx.db.dialect, new Date()) }).execute();
    } catch (err) {
      // Hidden twice at once: once is enough.
      if (!(await this.isHidden(accountId, noteId))) throw err;
    }
  }

  /** False when the note was not hidden. */
  async unhide(accountId: number, noteId: number): Promise<boolean> {
    const result = await this.db.deleteFrom('trust_hidden_notes').where('account_id', '=', accountId).where('note_id', '=', noteId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async isHidden(accountId: number, noteId: number): Promise<boolean> {
    return (await this.hiddenAmong(accountId, [noteId])).has(noteId);
  }

  /** Which of these notes the person hid (one query). */
  async hiddenAmong(accountId: number, noteIds: readonly number[]): Promise<Set<number>> {
    if (!noteIds.length) return new Set();
    const rows = await this.db.selectFrom('trust_hidden_notes').select('note_id').where('account_id', '=', accountId).where('note_id', 'in', [...noteIds]).execute();
    return new Set(rows.map((r) => Number(r.note_id)));
  }

  /** The person's hidden notes, newest first, after the row `afterId`; `limit` rows. */
  async page(accountId: number, limit: number, afterId: number | null): Promise<HiddenNoteRecord[]> {
    let q = this.db.selectFrom('trust_hidden_notes').select(['id', 'note_id', 'created_at']).where('account_id', '=', accountId);
    if (afterId != null) q = q.where('id', '<', afterId);
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map(hiddenOf);
  }
}
