// Comments with one level of replies: a reply to a reply is attached to
// the top-level comment it belongs to (as Xiaohongshu shows them).

import { sql } from 'kysely';
import { extractHashtags, forbidden, isStaff, notFound, type Viewer } from '../../../core/index.ts';
import { CommentCreated, CommentDeleted, CommentValidate, type CommentRecord } from '../contracts.ts';
import type { NoteModerationService } from './moderation.ts';
import { renderMarkup } from '../render/html.ts';
import { markupToText } from '../render/markup.ts';
import { checkCommentBody } from '../validation.ts';
import type { Deps } from './deps.ts';
import type { NoteReader } from './read.ts';
import type { NoteWriter } from './write.ts';
import { bump } from './engagement.ts';
import { byIds, COMMENT_COLUMNS, toComment } from './rows.ts';

export class Comments {
  private readonly deps: Deps;
  private readonly reader: NoteReader;
  private readonly writer: NoteWriter;
  private readonly moderation: NoteModerationService;
  constructor(deps: Deps, reader: NoteReader, writer: NoteWriter, moderation: NoteModerationService) {
    this.deps = deps;
    this.reader = reader;
    this.writer = writer;
    this.moderation = moderation;
  }

  async getByIds(ids: readonly number[]): Promise<(CommentRecord | null)[]> {
    if (!ids.length) return [];
    const rows = await this.deps.db().selectFrom('notes_comment').select(COMMENT_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    return byIds(ids, rows.map(toComment));
  }

  async get(id: number): Promise<CommentRecord | null> {
    return (await this.getByIds([id]))[0] ?? null;
  }

  /** A live comment on a note the viewer may read, or NOT_FOUND. */
  async requireReadable(commentId: number, viewerId: number | null): Promise<CommentRecord> {
    const comment = await this.get(commentId);
    if (!comment || comment.deletedAt) throw notFound('The comment');
    await this.reader.requireReadable(comment.noteId, viewerId);
    return comment;
  }

  async create(viewer: Viewer, noteId: number, body: string, parentId: number | null): Promise<CommentRecord> {
    const note = await this.reader.requireReadable(noteId, viewer.accountId);
    const refusal = await this.moderation.commentRefusal(note, viewer.accountId);
    if (refusal) throw forbidden(refusal);
    const author = await this.deps.accounts().getById(viewer.accountId);
    const checked = await this.deps.ctx.hooks.applyFilter(CommentValidate, { body: checkCommentBody(body) }, {
      author: { id: viewer.accountId, handle: viewer.handle, role: viewer.role, createdAt: author?.createdAt ?? null }, noteId, parentId,
    });
    const text = checkCommentBody(checked.body);
    let topId: number | null = null;
    if (parentId !== null) {
      const parent = await this.get(parentId);
      if (!parent || parent.deletedAt || parent.noteId !== noteId) throw notFound('The comment you reply to');
      topId = parent.parentId ?? parent.id;
    }
    const plain = markupToText(text);
    const mentions = await this.writer.resolveMentions(plain);
    const hashtags = extractHashtags(plain);
    const id = await this.deps.ctx.db.transaction(async (tx) => {
      const [row] = await tx.db.insertInto('notes_comment').values({
        note_id: noteId, author_id: viewer.accountId, parent_id: topId, body: text, body_html: renderMarkup(text),
        hashtags: JSON.stringify(hashtags), mentions: JSON.stringify(mentions), created_at: Date.now(),
      }).returning('id').execute();
      const commentId = Number(row!.id);
      await bump(tx, 'notes_note', noteId, 'comments_count', +1);
      if (topId !== null) await bump(tx, 'notes_comment', topId, 'replies_count', +1);
      if (mentions.length) {
        await tx.db.insertInto('notes_mention')
          .values(mentions.map((m) => ({ note_id: noteId, comment_id: commentId, handle: m.handle, domain: m.domain, account_id: m.accountId, created_at: Date.now() })))
          .execute();
      }
      const [fresh] = await tx.db.selectFrom('notes_comment').select(COMMENT_COLUMNS).where('id', '=', commentId).execute();
      await this.deps.ctx.hooks.emit(CommentCreated, { comment: toComment(fresh), noteAuthorId: note.authorId, noteVisibility: note.visibility, text: plain }, tx);
      return commentId;
    });
    return (await this.get(id))!;
  }

  /** By the comment's author, the note's author or staff. */
  async delete(viewer: Viewer, commentId: number): Promise<void> {
    const comment = await this.requireReadable(commentId, viewer.accountId);
    const note = await this.reader.getById(comment.noteId);
    if (comment.authorId !== viewer.accountId && note?.authorId !== viewer.accountId && !isStaff(viewer)) throw forbidden('You cannot delete this comment');
    await this.deps.ctx.db.transaction(async (tx) => {
      const res = await tx.db.updateTable('notes_comment').set({ deleted_at: Date.now(), body: '', body_html: '' }).where('id', '=', commentId).where('deleted_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return;
      const commentsCount = await bump(tx, 'notes_note', comment.noteId, 'comments_count', -1);
      if (comment.parentId !== null) await bump(tx, 'notes_comment', comment.parentId, 'replies_count', -1);
      await this.deps.ctx.hooks.emit(CommentDeleted, { commentId, noteId: comment.noteId, authorId: comment.authorId, deletedBy: viewer.accountId, commentsCount }, tx);
    });
  }

  /** Top-level comments (parentId null) or one comment's replies, oldest first; hidden accounts left out. */
  async page(noteId: number, parentId: number | null, viewerId: number | null, limit: number, afterId: number | null): Promise<CommentRecord[]> {
    const hidden = viewerId != null ? await this.deps.accounts().hiddenAccountIds(viewerId) : [];
    let q = this.deps.db().selectFrom('notes_comment').select(COMMENT_COLUMNS).where('note_id', '=', noteId).where('deleted_at', 'is', null);
    q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
    if (hidden.length) q = q.where('author_id', 'not in', hidden);
    if (afterId !== null) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id', 'asc').limit(limit).execute();
    return this.withoutSuspended(rows.map(toComment), viewerId);
  }

  /** Comments of suspended people are hidden from everyone but themselves. */
  private async withoutSuspended(list: CommentRecord[], viewerId: number | null): Promise<CommentRecord[]> {
    const suspended = await this.deps.accounts().suspendedAmong(list.filter((c) => c.authorId !== viewerId).map((c) => c.authorId));
    return suspended.size ? list.filter((c) => !suspended.has(c.authorId)) : list;
  }

  /** The first `limit` replies of each parent, in one query (window function; both engines). */
  async firstReplies(parentIds: readonly number[], limit: number, viewerId: number | null): Promise<Map<number, CommentRecord[]>> {
    const out = new Map<number, CommentRecord[]>();
    if (!parentIds.length) return out;
    const hidden = viewerId != null ? await this.deps.accounts().hiddenAccountIds(viewerId) : [];
    let inner = this.deps.db().selectFrom('notes_comment')
      .select([...COMMENT_COLUMNS, sql<number>`row_number() over (partition by parent_id order by id)`.as('rn')])
      .where('parent_id', 'in', [...parentIds]).where('deleted_at', 'is', null);
    if (hidden.length) inner = inner.where('author_id', 'not in', hidden);
    const rows = await this.deps.db().selectFrom(inner.as('r')).selectAll().where('rn', '<=', limit).orderBy('id', 'asc').execute();
    for (const c of await this.withoutSuspended(rows.map(toComment), viewerId)) {
      const list = out.get(c.parentId!) ?? [];
      list.push(c);
      out.set(c.parentId!, list);
    }
    return out;
  }
}
