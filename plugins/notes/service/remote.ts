// The write path of notes and comments from other instances (called by
// federation/inbound.ts). Remote content is untrusted whoever calls: sizes
// are bounded and HTML sanitized again here. It emits the same events as
// local writes with the remote account as author, so topics and search
// index remote notes like local ones; NoteRecord.remote tells them apart.

import { escapeHtml, extractHashtags, htmlToText, normalizeTag, sanitizeRemoteHtml, type Tx } from '../../../core/index.ts';
import {
  CommentCreated, CommentDeleted, MAX_BODY_LENGTH, MAX_IMAGES, MAX_TITLE_LENGTH, NoteDeleted, NoteLiked, NotePublished, NoteShared, NoteUpdated,
  type CommentRecord, type NoteMention, type NoteRecord, type RemoteImage, type Visibility,
} from '../contracts.ts';
import type { Deps } from './deps.ts';
import { bump } from './engagement.ts';
import type { NoteReader } from './read.ts';
import { COMMENT_COLUMNS, toComment } from './rows.ts';
import { noteText } from './write.ts';

const DAY_MS = 86_400_000;
const MAX_URI = 2000;
const MAX_HTML = 100_000;
const MAX_COMMENT_TEXT = 10_000;
const MAX_TAGS = 30;
const MAX_MENTIONS = 20;
const MAX_ALT = 1500;
const MAX_WARNING = 200;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export interface RemoteNoteInput {
  uri: string;
  url: string | null;
  title: string;
  /** The object's HTML content (sanitized again here). */
  html: string;
  images: { alt: string | null; remote: RemoteImage }[];
  hashtags: string[];
  mentions: NoteMention[];
  visibility: Visibility;
  language: string | null;
  contentWarning: string | null;
  publishedAt: Date | null;
  quote: { noteId: number | null; uri: string | null } | null;
}

export interface RemoteCommentInput {
  uri: string;
  url: string | null;
  html: string;
  mentions: NoteMention[];
  publishedAt: Date | null;
}

export type RemoteObject = { kind: 'note'; note: NoteRecord } | { kind: 'comment'; comment: CommentRecord };

const clean = (s: string, max: number) => [...String(s ?? '').replace(CONTROL, '').trim()].slice(0, max).join('');
const httpUrl = (s: string | null | undefined) => (s && s.length <= MAX_URI && /^https?:\/\/[^\s<>"]+$/.test(s) ? s : null);

/** Sanitized HTML and its text, bounded; an over-long body falls back to escaped text. */
function bodyOf(html: string, maxText: number): { html: string; text: string } {
  let safe = sanitizeRemoteHtml(html);
  const text = clean(htmlToText(safe), maxText);
  if (safe.length > MAX_HTML || [...htmlToText(safe)].length > maxText) {
    safe = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
  }
  return { html: safe, text };
}

export class RemoteNotes {
  private readonly deps: Deps;
  private readonly reader: NoteReader;
  constructor(deps: Deps, reader: NoteReader) {
    this.deps = deps;
    this.reader = reader;
  }

  /** A stored remote note or comment by its ActivityPub id. */
  async findByUri(uri: string): Promise<RemoteObject | null> {
    const db = this.deps.db();
    const note = await db.selectFrom('notes_note').select('id').where('remote_uri', '=', uri).executeTakeFirst();
    if (note) {
      const record = await this.reader.getById(Number(note.id));
      return record ? { kind: 'note', note: record } : null;
    }
    const comment = await db.selectFrom('notes_comment').select(COMMENT_COLUMNS).where('remote_uri', '=', uri).executeTakeFirst();
    return comment ? { kind: 'comment', comment: toComment(comment) } : null;
  }

  private columns(input: RemoteNoteInput) {
    const { html, text } = bodyOf(input.html, MAX_BODY_LENGTH);
    const title = clean(input.title, MAX_TITLE_LENGTH);
    const images = input.images.slice(0, MAX_IMAGES).flatMap((i) => {
      const url = httpUrl(i.remote.url);
      if (!url) return [];
      const size = (n: number | null) => (Number.isSafeInteger(n) && n! > 0 && n! < 100_000 ? n : null);
      const remote: RemoteImage = {
        url,
        mediaType: i.remote.mediaType && /^[\w.+-]+\/[\w.+-]+$/.test(i.remote.mediaType) ? i.remote.mediaType : null,
        width: size(i.remote.width),
        height: size(i.remote.height),
        blurhash: i.remote.blurhash && /^[0-9A-Za-z#$%*+,.:;=?@[\]^_{|}~-]{6,100}$/.test(i.remote.blurhash) ? i.remote.blurhash : null,
      };
      return [{ mediaId: 0, alt: i.alt ? clean(i.alt, MAX_ALT) || null : null, remote }];
    });
    const tags = [...new Set([...input.hashtags.map((t) => normalizeTag(t)).filter((t): t is string => !!t), ...extractHashtags(`${title}\n${text}`)])].slice(0, MAX_TAGS);
    const language = input.language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(input.language) ? input.language : null;
    return {
      row: {
        title, body: text, body_html: html, images: JSON.stringify(images), cover_index: 0, video_media_id: null, blocks: '[]', place_ref: null,
        visibility: input.visibility, language, content_warning: input.contentWarning ? clean(input.contentWarning, MAX_WARNING) || null : null,
        hashtags: JSON.stringify(tags), mentions: JSON.stringify(input.mentions.slice(0, MAX_MENTIONS)),
        remote_url: httpUrl(input.url), quote_note_id: input.quote?.noteId ?? null, quote_uri: input.quote?.uri ? httpUrl(input.quote.uri) : null,
      },
      text: noteText({ title, body: text, blocks: [] }),
    };
  }

  private async writeMentions(tx: Tx, noteId: number, commentId: number | null, mentions: NoteMention[]) {
    await tx.db.deleteFrom('notes_mention').where('note_id', '=', noteId).where('comment_id', commentId === null ? 'is' : '=', commentId).execute();
    const list = mentions.slice(0, MAX_MENTIONS);
    if (!list.length) return;
    await tx.db.insertInto('notes_mention')
      .values(list.map((m) => ({ note_id: noteId, comment_id: commentId, handle: m.handle, domain: m.domain, account_id: m.accountId, created_at: Date.now() })))
      .execute();
  }

  /**
   * Stores a remote note, or refreshes it when its id is known (by the same
   * author only). Returns null when the id belongs to another author or to
   * a comment.
   */
  async upsertNote(authorId: number, input: RemoteNoteInput): Promise<{ note: NoteRecord; created: boolean } | null> {
    const existing = await this.findByUri(input.uri);
    if (existing) {
      if (existing.kind !== 'note' || existing.note.authorId !== authorId) return null;
      if (existing.note.status === 'deleted') return { note: existing.note, created: false };
      return { note: await this.updateNote(existing.note, input), created: false };
    }
    const { row, text } = this.columns(input);
    const now = Date.now();
    // A date in the future is now; feeds order by it.
    const published = input.publishedAt && Number.isFinite(input.publishedAt.getTime()) ? Math.min(input.publishedAt.getTime(), now) : now;
    try {
      const id = await this.deps.ctx.db.transaction(async (tx) => {
        const [inserted] = await tx.db.insertInto('notes_note')
          .values({ ...row, remote_uri: input.uri, author_id: authorId, status: 'published', published_at: published, scheduled_at: null, created_at: now, updated_at: now })
          .returning('id').execute();
        const noteId = Number(inserted!.id);
        await this.writeMentions(tx, noteId, null, input.mentions);
        const [note] = await this.reader.getByIdsIn(tx, [noteId]);
        await this.deps.ctx.hooks.emit(NotePublished, { note: note!, text }, tx);
        return noteId;
      });
      return { note: (await this.reader.getById(id))!, created: true };
    } catch (err) {
      // The same object delivered twice at once: the other delivery stored it.
      const again = await this.findByUri(input.uri);
      if (again?.kind === 'note' && again.note.authorId === authorId) return { note: again.note, created: false };
      throw err;
    }
  }

  /** An edit from the note's origin: a revision keeps the version it replaces. */
  async updateNote(note: NoteRecord, input: RemoteNoteInput): Promise<NoteRecord> {
    const { row, text } = this.columns(input);
    const now = Date.now();
    await this.deps.ctx.db.transaction(async (tx) => {
      await tx.db.insertInto('notes_revision').values({
        note_id: note.id, editor_id: note.authorId, title: note.title, body: note.body, images: JSON.stringify(note.images),
        video_media_id: null, blocks: '[]', visibility: note.visibility, created_at: now,
      }).execute();
      await tx.db.updateTable('notes_note').set({ ...row, updated_at: now, edited_at: now }).where('id', '=', note.id).execute();
      await this.writeMentions(tx, note.id, null, input.mentions);
      const [fresh] = await this.reader.getByIdsIn(tx, [note.id]);
      // A note a moderator hid stays out of search, topics and Group announces whatever its origin sends.
      if (fresh!.moderation.state === 'visible') {
        await this.deps.ctx.hooks.emit(NoteUpdated, { note: fresh!, text, previous: { visibility: note.visibility, hashtags: note.hashtags } }, tx);
      }
    });
    return (await this.reader.getById(note.id))!;
  }

  /** Soft delete (the purge job removes it later), as a local delete does. */
  async deleteNote(note: NoteRecord): Promise<void> {
    const now = Date.now();
    await this.deps.ctx.db.transaction(async (tx) => {
      const res = await tx.db.updateTable('notes_note').set({ status: 'deleted', deleted_at: now, updated_at: now })
        .where('id', '=', note.id).where('status', '!=', 'deleted').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return;
      const days = this.deps.ctx.settings().purgeAfterDays;
      await this.deps.ctx.jobs.enqueue('purge', { noteId: note.id }, { runAt: new Date(now + days * DAY_MS), tx });
      await this.deps.ctx.hooks.emit(NoteDeleted, { noteId: note.id, authorId: note.authorId, visibility: note.visibility, hashtags: note.hashtags }, tx);
    });
  }

  /** A remote comment on a note (a reply to a reply joins its top-level comment). Idempotent by uri. */
  async createComment(authorId: number, note: NoteRecord, parent: CommentRecord | null, input: RemoteCommentInput): Promise<CommentRecord | null> {
    const existing = await this.findByUri(input.uri);
    if (existing) return existing.kind === 'comment' && existing.comment.authorId === authorId ? existing.comment : null;
    if (note.status !== 'published') return null;
    const { html, text } = bodyOf(input.html, MAX_COMMENT_TEXT);
    if (!text) return null;
    const topId = parent ? (parent.parentId ?? parent.id) : null;
    const hashtags = extractHashtags(text).slice(0, MAX_TAGS);
    const created = input.publishedAt && Number.isFinite(input.publishedAt.getTime()) ? Math.min(input.publishedAt.getTime(), Date.now()) : Date.now();
    try {
      const id = await this.deps.ctx.db.transaction(async (tx) => {
        const [row] = await tx.db.insertInto('notes_comment').values({
          note_id: note.id, author_id: authorId, parent_id: topId, body: text, body_html: html, hashtags: JSON.stringify(hashtags),
          mentions: JSON.stringify(input.mentions.slice(0, MAX_MENTIONS)), created_at: created, remote_uri: input.uri, remote_url: httpUrl(input.url),
        }).returning('id').execute();
        const commentId = Number(row!.id);
        await bump(tx, 'notes_note', note.id, 'comments_count', +1);
        if (topId !== null) await bump(tx, 'notes_comment', topId, 'replies_count', +1);
        await this.writeMentions(tx, note.id, commentId, input.mentions);
        const [fresh] = await tx.db.selectFrom('notes_comment').select(COMMENT_COLUMNS).where('id', '=', commentId).execute();
        await this.deps.ctx.hooks.emit(CommentCreated, { comment: toComment(fresh), noteAuthorId: note.authorId, noteVisibility: note.visibility, text }, tx);
        return commentId;
      });
      const stored = await this.deps.db().selectFrom('notes_comment').select(COMMENT_COLUMNS).where('id', '=', id).executeTakeFirst();
      return stored ? toComment(stored) : null;
    } catch (err) {
      const again = await this.findByUri(input.uri);
      if (again?.kind === 'comment') return again.comment;
      throw err;
    }
  }

  /** An edit of a remote comment's text. */
  async updateComment(comment: CommentRecord, input: RemoteCommentInput): Promise<void> {
    const { html, text } = bodyOf(input.html, MAX_COMMENT_TEXT);
    if (!text || comment.deletedAt) return;
    await this.deps.db().updateTable('notes_comment')
      .set({ body: text, body_html: html, hashtags: JSON.stringify(extractHashtags(text).slice(0, MAX_TAGS)), mentions: JSON.stringify(input.mentions.slice(0, MAX_MENTIONS)) })
      .where('id', '=', comment.id).execute();
  }

  /** Deletes a comment as its author did. */
  async deleteComment(comment: CommentRecord): Promise<void> {
    await this.deps.ctx.db.transaction(async (tx) => {
      const res = await tx.db.updateTable('notes_comment').set({ deleted_at: Date.now(), body: '', body_html: '' }).where('id', '=', comment.id).where('deleted_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return;
      const commentsCount = await bump(tx, 'notes_note', comment.noteId, 'comments_count', -1);
      if (comment.parentId !== null) await bump(tx, 'notes_comment', comment.parentId, 'replies_count', -1);
      await this.deps.ctx.hooks.emit(CommentDeleted, { commentId: comment.id, noteId: comment.noteId, authorId: comment.authorId, deletedBy: comment.authorId, commentsCount }, tx);
    });
  }

  /** What a remote Like or Announce (by its activity id) was about, for an Undo that names only the id. */
  async activity(uri: string): Promise<{ kind: string; accountId: number; noteId: number | null; commentId: number | null } | null> {
    const row = await this.deps.db().selectFrom('notes_remote_activity').select(['kind', 'account_id', 'note_id', 'comment_id']).where('uri', '=', uri).executeTakeFirst();
    return row ? { kind: row.kind, accountId: Number(row.account_id), noteId: row.note_id == null ? null : Number(row.note_id), commentId: row.comment_id == null ? null : Number(row.comment_id) } : null;
  }

  private async remember(tx: Tx, uri: string | null, kind: string, accountId: number, target: { noteId?: number; commentId?: number }) {
    if (!uri || uri.length > MAX_URI) return;
    await tx.db.insertInto('notes_remote_activity')
      .values({ uri, kind, account_id: accountId, note_id: target.noteId ?? null, comment_id: target.commentId ?? null, created_at: Date.now() })
      .onConflict((oc) => oc.column('uri').doNothing()).execute();
  }

  private async forget(tx: Tx, kind: string, accountId: number, target: { noteId?: number; commentId?: number }) {
    let q = tx.db.deleteFrom('notes_remote_activity').where('kind', '=', kind).where('account_id', '=', accountId);
    q = target.noteId != null ? q.where('note_id', '=', target.noteId) : q.where('comment_id', '=', target.commentId ?? -1);
    await q.execute();
  }

  /** A remote account likes (or stops liking) a note it may read; counts move once. */
  async likeNote(accountId: number, noteId: number, liked: boolean, activityUri: string | null): Promise<boolean> {
    const note = await this.reader.readable(await this.reader.getById(noteId), accountId);
    if (!note) return false;
    await this.deps.ctx.db.transaction(async (tx) => {
      if (liked) {
        await this.remember(tx, activityUri, 'like', accountId, { noteId });
        const inserted = await tx.db.insertInto('notes_like').values({ note_id: noteId, account_id: accountId, created_at: Date.now() })
          .onConflict((oc) => oc.columns(['note_id', 'account_id']).doNothing()).returning('note_id').execute();
        if (!inserted.length) return;
      } else {
        await this.forget(tx, 'like', accountId, { noteId });
        const res = await tx.db.deleteFrom('notes_like').where('note_id', '=', noteId).where('account_id', '=', accountId).executeTakeFirst();
        if (Number(res.numDeletedRows) === 0) return;
      }
      const likesCount = await bump(tx, 'notes_note', noteId, 'likes_count', liked ? +1 : -1);
      await this.deps.ctx.hooks.emit(NoteLiked, { noteId, noteAuthorId: note.authorId, accountId, liked, likesCount }, tx);
    });
    return true;
  }

  async likeComment(accountId: number, comment: CommentRecord, liked: boolean, activityUri: string | null): Promise<boolean> {
    if (comment.deletedAt || !(await this.reader.canRead(comment.noteId, accountId))) return false;
    const commentId = comment.id;
    await this.deps.ctx.db.transaction(async (tx) => {
      if (liked) {
        await this.remember(tx, activityUri, 'like', accountId, { commentId });
        const inserted = await tx.db.insertInto('notes_comment_like').values({ comment_id: commentId, account_id: accountId, created_at: Date.now() })
          .onConflict((oc) => oc.columns(['comment_id', 'account_id']).doNothing()).returning('comment_id').execute();
        if (inserted.length) await bump(tx, 'notes_comment', commentId, 'likes_count', +1);
      } else {
        await this.forget(tx, 'like', accountId, { commentId });
        const res = await tx.db.deleteFrom('notes_comment_like').where('comment_id', '=', commentId).where('account_id', '=', accountId).executeTakeFirst();
        if (Number(res.numDeletedRows) > 0) await bump(tx, 'notes_comment', commentId, 'likes_count', -1);
      }
    });
    return true;
  }

  /** A remote account shares (Announce) or unshares a public or unlisted note; the same rows as a local share. */
  async shareNote(accountId: number, noteId: number, shared: boolean, activityUri: string | null): Promise<boolean> {
    const note = await this.reader.readable(await this.reader.getById(noteId), accountId);
    if (!note || (note.visibility !== 'public' && note.visibility !== 'unlisted')) return false;
    await this.deps.ctx.db.transaction(async (tx) => {
      if (!shared) {
        await this.forget(tx, 'announce', accountId, { noteId });
        const res = await tx.db.deleteFrom('notes_share').where('note_id', '=', noteId).where('account_id', '=', accountId).executeTakeFirst();
        if (Number(res.numDeletedRows) > 0) await bump(tx, 'notes_note', noteId, 'shares_count', -1);
        return;
      }
      await this.remember(tx, activityUri, 'announce', accountId, { noteId });
      const inserted = await tx.db.insertInto('notes_share').values({ note_id: noteId, account_id: accountId, created_at: Date.now() })
        .onConflict((oc) => oc.columns(['note_id', 'account_id']).doNothing()).returning('id').execute();
      if (!inserted.length) return;
      await bump(tx, 'notes_note', noteId, 'shares_count', +1);
      await this.deps.ctx.hooks.emit(NoteShared, { noteId, noteAuthorId: note.authorId, accountId, shareId: Number(inserted[0]!.id) }, tx);
    });
    return true;
  }

  /** Records that a remote post (`quotingUri`) may quote a local note; the grant's id (the same for a repeated request). */
  async grantQuote(accountId: number, noteId: number, quotingUri: string): Promise<number> {
    await this.deps.db().insertInto('notes_remote_activity')
      .values({ uri: quotingUri.slice(0, MAX_URI), kind: 'quote', account_id: accountId, note_id: noteId, comment_id: null, created_at: Date.now() })
      .onConflict((oc) => oc.column('uri').doNothing()).execute();
    const row = await this.deps.db().selectFrom('notes_remote_activity').select('id').where('uri', '=', quotingUri.slice(0, MAX_URI)).where('kind', '=', 'quote').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** A quote grant by id: which note may be quoted by which remote post. */
  async quoteGrant(id: number, noteId: number): Promise<{ quotingUri: string } | null> {
    if (!Number.isSafeInteger(id) || !Number.isSafeInteger(noteId)) return null;
    const row = await this.deps.db().selectFrom('notes_remote_activity').select('uri').where('id', '=', id).where('note_id', '=', noteId).where('kind', '=', 'quote').executeTakeFirst();
    return row ? { quotingUri: String(row.uri) } : null;
  }

  /** Points notes that quoted `uri` before it was imported at its local copy. */
  async linkQuotes(uri: string, noteId: number): Promise<void> {
    await this.deps.db().updateTable('notes_note').set({ quote_note_id: noteId }).where('quote_uri', '=', uri).where('quote_note_id', 'is', null).execute();
  }
}
