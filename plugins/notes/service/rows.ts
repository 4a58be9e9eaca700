// Row ↔ record mapping. Timestamps are epoch milliseconds on both engines;
// PostgreSQL returns bigint as a string and jsonb already parsed.

import type { BoardRecord, CommentRecord, NoteRecord } from '../contracts.ts';

export const ms = (v: unknown): number | null => (v == null ? null : Number(v));
export const date = (v: unknown): Date | null => (v == null ? null : new Date(Number(v)));
export const json = <T>(v: unknown, fallback: T): T => {
  if (v == null) return fallback;
  if (typeof v !== 'string') return v as T;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
};

export const NOTE_COLUMNS = [
  'id', 'author_id', 'status', 'visibility', 'title', 'body', 'body_html', 'images', 'cover_index', 'video_media_id', 'blocks', 'place_ref', 'language',
  'content_warning', 'hashtags', 'mentions', 'likes_count', 'collects_count', 'comments_count', 'shares_count', 'views_count',
  'published_at', 'scheduled_at', 'created_at', 'updated_at', 'edited_at', 'deleted_at', 'remote_uri', 'remote_url', 'quote_note_id', 'quote_uri',
  'moderation_state', 'sensitive', 'reach_limited', 'disclosure', 'disclosure_required', 'comment_policy', 'hold_reasons',
] as const;

const remoteOf = (r: any) => (r.remote_uri ? { uri: String(r.remote_uri), url: r.remote_url ?? null } : null);

export function toNote(r: any): NoteRecord {
  return {
    id: Number(r.id),
    authorId: Number(r.author_id),
    status: r.status,
    visibility: r.visibility,
    title: r.title,
    body: r.body,
    bodyHtml: r.body_html,
    images: json(r.images, []),
    coverIndex: Number(r.cover_index),
    videoMediaId: r.video_media_id == null ? null : Number(r.video_media_id),
    blocks: json(r.blocks, []),
    placeRef: r.place_ref ?? null,
    language: r.language ?? null,
    contentWarning: r.content_warning ?? null,
    hashtags: json(r.hashtags, []),
    mentions: json(r.mentions, []),
    likesCount: Number(r.likes_count),
    collectsCount: Number(r.collects_count),
    commentsCount: Number(r.comments_count),
    sharesCount: Number(r.shares_count),
    viewsCount: Number(r.views_count),
    publishedAt: date(r.published_at),
    scheduledAt: date(r.scheduled_at),
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
    editedAt: date(r.edited_at),
    deletedAt: date(r.deleted_at),
    remote: remoteOf(r),
    quote: r.quote_note_id != null || r.quote_uri ? { noteId: r.quote_note_id == null ? null : Number(r.quote_note_id), uri: r.quote_uri ?? null } : null,
    disclosure: r.disclosure ?? null,
    commentPolicy: r.comment_policy ?? 'everyone',
    moderation: {
      state: r.moderation_state ?? 'visible',
      sensitive: Boolean(Number(r.sensitive ?? 0)),
      reachLimited: Boolean(Number(r.reach_limited ?? 0)),
      disclosureRequired: r.disclosure_required ?? null,
      holdReasons: r.moderation_state === 'held' ? json<string[]>(r.hold_reasons, []) : [],
    },
  };
}

export const COMMENT_COLUMNS = [
  'id', 'note_id', 'author_id', 'parent_id', 'body', 'body_html', 'hashtags', 'mentions', 'likes_count', 'replies_count', 'created_at', 'deleted_at', 'remote_uri', 'remote_url',
] as const;

export function toComment(r: any): CommentRecord {
  return {
    id: Number(r.id),
    noteId: Number(r.note_id),
    authorId: Number(r.author_id),
    parentId: r.parent_id == null ? null : Number(r.parent_id),
    body: r.body,
    bodyHtml: r.body_html,
    hashtags: json(r.hashtags, []),
    mentions: json(r.mentions, []),
    likesCount: Number(r.likes_count),
    repliesCount: Number(r.replies_count),
    createdAt: date(r.created_at)!,
    deletedAt: date(r.deleted_at),
    remote: remoteOf(r),
  };
}

export const BOARD_COLUMNS = ['id', 'owner_id', 'name', 'description', 'visibility', 'items_count', 'created_at'] as const;

export function toBoard(r: any): BoardRecord {
  return {
    id: Number(r.id),
    ownerId: Number(r.owner_id),
    name: r.name,
    description: r.description,
    visibility: r.visibility,
    itemsCount: Number(r.items_count),
    createdAt: date(r.created_at)!,
  };
}

/** Orders fetched rows by the ids asked for (null where missing). */
export function byIds<T extends { id: number }>(ids: readonly number[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}
