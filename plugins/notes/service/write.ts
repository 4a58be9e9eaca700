// Creating, editing, publishing and deleting notes: one path for each,
// filters (`note.validate`) before the transaction, events after commit.

import { extractHashtags, extractMentions, forbidden, badInput, notFound, isStaff, toGlobalId, type Tx, type Viewer } from '../../../core/index.ts';
import {
  NoteDeleted, NoteHeld, NotePublished, NoteReview, NoteUpdated, NoteValidate,
  type NoteDraft, type NoteHold, type NoteMention, type NoteRecord,
} from '../contracts.ts';
import { renderMarkup, blocksText } from '../render/html.ts';
import { markupToText } from '../render/markup.ts';
import { checkDraft, checkMediaKinds, mediaIdsOf } from '../validation.ts';
import type { Deps } from './deps.ts';
import type { NoteReader } from './read.ts';

const DAY_MS = 86_400_000;
const MAX_MENTIONS = 20;

export interface NoteInput extends Partial<NoteDraft> {
  /** false keeps it a draft. */
  publish?: boolean;
  /** Publish later (through the job queue); must be in the future. */
  scheduledAt?: Date | null;
}

/** Plain text of a note: title, body and blocks. */
export function noteText(note: Pick<NoteDraft, 'title' | 'body' | 'blocks'>): string {
  return [note.title, markupToText(note.body), blocksText(note.blocks)].filter(Boolean).join('\n\n');
}

export class NoteWriter {
  private readonly deps: Deps;
  private readonly reader: NoteReader;
  constructor(deps: Deps, reader: NoteReader) {
    this.deps = deps;
    this.reader = reader;
  }

  private now() {
    return Date.now();
  }

  /** Validates, runs `note.validate`, checks media ownership; returns the stored columns. */
  private async prepare(viewer: Viewer, input: unknown, publishing: boolean, noteId: number | null, existing: NoteRecord | null = null) {
    let draft = checkDraft(input, publishing);
    draft = await this.deps.ctx.hooks.applyFilter(NoteValidate, draft, {
      author: { id: viewer.accountId, handle: viewer.handle, role: viewer.role },
      isEdit: noteId !== null,
      noteId,
    });
    // A filter may adjust the draft; check the result again.
    draft = checkDraft(draft, publishing);
    const required = existing?.moderation.disclosureRequired;
    if (required && draft.disclosure !== required) {
      throw forbidden(`A moderator requires this note to carry the "${required}" label; it cannot be removed or changed`);
    }
    const media = await this.deps.media().assertOwnedBy(mediaIdsOf(draft), viewer.accountId);
    checkMediaKinds(draft, new Map(media.map((m) => [m.id, m.kind])), (id) => toGlobalId('Media', id));
    const text = noteText(draft);
    const mentions = await this.resolveMentions(text);
    return { draft, text, mentions, hashtags: extractHashtags(text), bodyHtml: renderMarkup(draft.body) };
  }

  async resolveMentions(text: string): Promise<NoteMention[]> {
    const found = extractMentions(text).slice(0, MAX_MENTIONS);
    const accounts = this.deps.accounts();
    return Promise.all(found.map(async (m) => ({ ...m, accountId: m.domain ? null : ((await accounts.getByHandle(m.handle))?.id ?? null) })));
  }

  private columns(p: Awaited<ReturnType<NoteWriter['prepare']>>) {
    const { draft } = p;
    return {
      title: draft.title,
      body: draft.body,
      body_html: p.bodyHtml,
      images: JSON.stringify(draft.images),
      cover_index: draft.coverIndex,
      video_media_id: draft.videoMediaId,
      blocks: JSON.stringify(draft.blocks),
      place_ref: draft.placeRef,
      visibility: draft.visibility,
      language: draft.language,
      content_warning: draft.contentWarning,
      hashtags: JSON.stringify(p.hashtags),
      mentions: JSON.stringify(p.mentions),
      disclosure: draft.disclosure,
      comment_policy: draft.commentPolicy,
    };
  }

  /** Asks `note.review` whether a note about to become public must wait for a moderator. */
  async review(authorId: number, draft: NoteDraft, text: string, noteId: number | null, isEdit: boolean): Promise<NoteHold[]> {
    const author = await this.deps.accounts().getById(authorId);
    const verdict = await this.deps.ctx.hooks.applyFilter(NoteReview, { holds: [] }, {
      author: { id: authorId, handle: author?.handle ?? '', createdAt: author?.createdAt ?? null }, draft, text, noteId, isEdit,
    });
    return verdict.holds;
  }

  /** NotePublished, or NoteHeld when the review held it (then the row is marked held in the same transaction). */
  private async emitPublishedOrHeld(tx: Tx, noteId: number, text: string, holds: NoteHold[]) {
    if (!holds.length) return this.emitPublished(tx, noteId, text);
    await tx.db.updateTable('notes_note').set({ moderation_state: 'held', hold_reasons: JSON.stringify(holds.map((h) => h.reason)) }).where('id', '=', noteId).execute();
    const [row] = await this.reader.getByIdsIn(tx, [noteId]);
    await this.deps.ctx.hooks.emit(NoteHeld, { note: row!, text, holds }, tx);
  }

  private async writeMentions(tx: Tx, noteId: number, commentId: number | null, mentions: NoteMention[]) {
    await tx.db.deleteFrom('notes_mention').where('note_id', '=', noteId).where('comment_id', commentId === null ? 'is' : '=', commentId).execute();
    if (!mentions.length) return;
    await tx.db.insertInto('notes_mention')
      .values(mentions.map((m) => ({ note_id: noteId, comment_id: commentId, handle: m.handle, domain: m.domain, account_id: m.accountId, created_at: this.now() })))
      .execute();
  }

  private checkSchedule(scheduledAt: Date | null | undefined): number | null {
    if (!scheduledAt) return null;
    const t = scheduledAt.getTime();
    if (!Number.isFinite(t) || t <= this.now()) throw badInput('scheduledAt must be in the future', { field: 'scheduledAt' });
    if (t > this.now() + 365 * DAY_MS) throw badInput('scheduledAt must be within a year', { field: 'scheduledAt' });
    return t;
  }

  async create(viewer: Viewer, input: NoteInput): Promise<NoteRecord> {
    const publishing = input.publish !== false;
    const scheduledAt = publishing ? this.checkSchedule(input.scheduledAt) : null;
    const prepared = await this.prepare(viewer, withDefaults(input), publishing, null);
    const status = !publishing ? 'draft' : scheduledAt ? 'scheduled' : 'published';
    const holds = status === 'published' ? await this.review(viewer.accountId, prepared.draft, prepared.text, null, false) : [];
    const now = this.now();
    const id = await this.deps.ctx.db.transaction(async (tx) => {
      const [row] = await tx.db.insertInto('notes_note')
        .values({ ...this.columns(prepared), author_id: viewer.accountId, status, published_at: status === 'published' ? now : null, scheduled_at: scheduledAt, created_at: now, updated_at: now })
        .returning('id')
        .execute();
      const noteId = Number(row!.id);
      await this.writeMentions(tx, noteId, null, prepared.mentions);
      if (status === 'scheduled') await this.deps.ctx.jobs.enqueue('publish', { noteId }, { runAt: new Date(scheduledAt!), tx });
      if (status === 'published') await this.emitPublishedOrHeld(tx, noteId, prepared.text, holds);
      return noteId;
    });
    return (await this.reader.getById(id))!;
  }

  private async emitPublished(tx: Tx, noteId: number, text: string) {
    const [row] = await this.reader.getByIdsIn(tx, [noteId]);
    await this.deps.ctx.hooks.emit(NotePublished, { note: row!, text }, tx);
  }

  /** The viewer's own note, or NOT_FOUND / FORBIDDEN (FORBIDDEN only when they can see it). */
  private async own(viewer: Viewer, noteId: number): Promise<NoteRecord> {
    const note = await this.reader.getById(noteId);
    if (!note || note.status === 'deleted') throw notFound('The note');
    if (note.authorId === viewer.accountId) return note;
    if (await this.reader.readable(note, viewer.accountId)) throw forbidden('Only its author can change this note');
    throw notFound('The note');
  }

  /** Edits a note; a revision row keeps the version it replaces. */
  async update(viewer: Viewer, noteId: number, input: NoteInput): Promise<NoteRecord> {
    const note = await this.own(viewer, noteId);
    const merged = { ...pickDraft(note), ...definedOnly(input) };
    const published = note.status !== 'draft';
    const prepared = await this.prepare(viewer, merged, published, noteId, note);
    // A public note's edit is reviewed like a new note; a held or hidden one stays as it is.
    const live = note.status === 'published' && note.moderation.state === 'visible';
    const holds = live ? await this.review(viewer.accountId, prepared.draft, prepared.text, noteId, true) : [];
    const now = this.now();
    await this.deps.ctx.db.transaction(async (tx) => {
      await tx.db.insertInto('notes_revision').values({
        note_id: noteId, editor_id: viewer.accountId, title: note.title, body: note.body, disclosure: note.disclosure,
        images: JSON.stringify(note.images), video_media_id: note.videoMediaId, blocks: JSON.stringify(note.blocks), visibility: note.visibility, created_at: now,
      }).execute();
      await tx.db.updateTable('notes_note')
        .set({ ...this.columns(prepared), updated_at: now, edited_at: note.status === 'published' ? now : null })
        .where('id', '=', noteId).execute();
      await this.writeMentions(tx, noteId, null, prepared.mentions);
      if (live && holds.length) {
        await this.emitPublishedOrHeld(tx, noteId, prepared.text, holds);
      } else if (live) {
        const [fresh] = await this.reader.getByIdsIn(tx, [noteId]);
        await this.deps.ctx.hooks.emit(NoteUpdated, { note: fresh!, text: prepared.text, previous: { visibility: note.visibility, hashtags: note.hashtags } }, tx);
      }
    });
    return (await this.reader.getById(noteId))!;
  }

  /** Publishes a draft now or at `scheduledAt`. */
  async publish(viewer: Viewer, noteId: number, scheduledAt: Date | null | undefined): Promise<NoteRecord> {
    const note = await this.own(viewer, noteId);
    if (note.status === 'published') throw badInput('This note is already published');
    const at = this.checkSchedule(scheduledAt);
    const prepared = await this.prepare(viewer, pickDraft(note), true, noteId, note);
    const holds = at ? [] : await this.review(viewer.accountId, prepared.draft, prepared.text, noteId, false);
    await this.deps.ctx.db.transaction(async (tx) => {
      if (at) {
        await tx.db.updateTable('notes_note').set({ status: 'scheduled', scheduled_at: at, updated_at: this.now() }).where('id', '=', noteId).execute();
        await this.deps.ctx.jobs.enqueue('publish', { noteId }, { runAt: new Date(at), tx });
      } else {
        await tx.db.updateTable('notes_note').set({ status: 'published', scheduled_at: null, published_at: this.now(), updated_at: this.now() }).where('id', '=', noteId).execute();
        await this.emitPublishedOrHeld(tx, noteId, prepared.text, holds);
      }
    });
    return (await this.reader.getById(noteId))!;
  }

  /** The `publish` job: publishes a scheduled note when due (idempotent). */
  async publishDue(noteId: number): Promise<void> {
    const due = await this.reader.getById(noteId);
    if (!due || due.status !== 'scheduled') return;
    const text = noteText(due);
    const holds = await this.review(due.authorId, pickDraft(due), text, noteId, false);
    await this.deps.ctx.db.transaction(async (tx) => {
      const now = this.now();
      const res = await tx.db.updateTable('notes_note').set({ status: 'published', published_at: now, updated_at: now })
        .where('id', '=', noteId).where('status', '=', 'scheduled').where('scheduled_at', '<=', now + 1000).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return;
      await this.emitPublishedOrHeld(tx, noteId, text, holds);
    });
  }

  /** Soft delete by the author or staff; the purge job removes it later. */
  async delete(viewer: Viewer, noteId: number): Promise<void> {
    const note = isStaff(viewer) ? await this.reader.getById(noteId) : await this.own(viewer, noteId);
    if (!note || note.status === 'deleted') throw notFound('The note');
    const now = this.now();
    await this.deps.ctx.db.transaction(async (tx) => {
      await tx.db.updateTable('notes_note').set({ status: 'deleted', deleted_at: now, updated_at: now }).where('id', '=', noteId).execute();
      const days = this.deps.ctx.settings().purgeAfterDays;
      await this.deps.ctx.jobs.enqueue('purge', { noteId }, { runAt: new Date(now + days * DAY_MS), tx });
      await this.deps.ctx.hooks.emit(NoteDeleted, { noteId, authorId: note.authorId, visibility: note.visibility, hashtags: note.hashtags }, tx);
    });
  }

  /** The `purge` job: removes a deleted note and everything hanging on it. */
  async purge(noteId: number): Promise<void> {
    await this.deps.ctx.db.transaction(async (tx) => {
      const [row] = await tx.db.selectFrom('notes_note').select(['status', 'remote_uri']).where('id', '=', noteId).execute();
      if (!row || row.status !== 'deleted') return;
      const comments = tx.db.selectFrom('notes_comment').select('id').where('note_id', '=', noteId);
      await tx.db.deleteFrom('notes_comment_like').where('comment_id', 'in', comments).execute();
      await tx.db.deleteFrom('notes_remote_activity').where('comment_id', 'in', comments).execute();
      for (const table of ['notes_comment', 'notes_like', 'notes_share', 'notes_view', 'notes_mention', 'notes_revision', 'notes_remote_activity']) {
        await tx.db.deleteFrom(table).where('note_id', '=', noteId).execute();
      }
      // Boards keep exact counts: one less item in each board that held it.
      await tx.db.updateTable('notes_board').set((eb: any) => ({ items_count: eb('items_count', '-', 1) }))
        .where('id', 'in', tx.db.selectFrom('notes_board_item').select('board_id').where('note_id', '=', noteId)).execute();
      await tx.db.deleteFrom('notes_board_item').where('note_id', '=', noteId).execute();
      if (row.remote_uri == null) {
        await tx.db.deleteFrom('notes_note').where('id', '=', noteId).execute();
        return;
      }
      // A remote note keeps an empty row with its id (never restorable: no published_at), so what
      // its origin sends again — an edit, a repeated Create — finds it deleted and a moderator's removal holds.
      await tx.db.updateTable('notes_note').set({
        title: '', body: '', body_html: '', images: '[]', blocks: '[]', hashtags: '[]', mentions: '[]', content_warning: null, place_ref: null,
        remote_url: null, quote_note_id: null, quote_uri: null, published_at: null, likes_count: 0, collects_count: 0, comments_count: 0, shares_count: 0, views_count: 0,
      }).where('id', '=', noteId).execute();
    });
  }
}

export function pickDraft(n: NoteRecord): NoteDraft {
  return {
    title: n.title, body: n.body, images: n.images, coverIndex: n.coverIndex, videoMediaId: n.videoMediaId, placeRef: n.placeRef, visibility: n.visibility,
    language: n.language, contentWarning: n.contentWarning, blocks: n.blocks, disclosure: n.disclosure, commentPolicy: n.commentPolicy,
  };
}

function definedOnly(input: NoteInput): Partial<NoteDraft> {
  const out: Record<string, unknown> = {};
  for (const key of ['title', 'body', 'images', 'coverIndex', 'videoMediaId', 'placeRef', 'visibility', 'language', 'contentWarning', 'blocks', 'disclosure', 'commentPolicy'] as const) {
    if (input[key] !== undefined) out[key] = input[key];
  }
  return out as Partial<NoteDraft>;
}

function withDefaults(input: NoteInput): Partial<NoteDraft> {
  return {
    title: '', body: '', images: [], coverIndex: 0, videoMediaId: null, placeRef: null, visibility: 'public', language: null, contentWarning: null, blocks: [],
    disclosure: null, commentPolicy: 'everyone', ...definedOnly(input),
  };
}
