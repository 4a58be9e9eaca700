// The notes plugin's public face: the types, service and hook tokens that
// other plugins (topics, search, shop, trust, federation, web) may use.
// Everything else in plugins/notes stays private to it.

import { defineEvent, defineFilter, defineService, type MeadowContext, type Viewer } from '../../core/index.ts';
import type { CommentPolicy, Disclosure, NoteModeration } from './contracts-moderation.ts';

export * from './contracts-moderation.ts';

// ---------------------------------------------------------------- types

export const VISIBILITIES = ['public', 'unlisted', 'followers', 'private'] as const;
/** public: everywhere; unlisted: by link and profile, not in discovery/topics; followers: followers only; private: the author only. */
export type Visibility = (typeof VISIBILITIES)[number];

export const NOTE_STATUSES = ['draft', 'scheduled', 'published', 'deleted'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

export const MAX_TITLE_LENGTH = 100;
export const MAX_BODY_LENGTH = 10_000;
export const MAX_IMAGES = 18;

/** One image of a note, in display order. Focal point, size and blurhash come from media. */
export interface NoteImage {
  /** 0 for an image of a remote note (see `remote`). */
  mediaId: number;
  /** Alt text for this note; null falls back to the media's own alt text. */
  alt: string | null;
  /** An image of a note from another instance: shown from its remote URL (no local media). */
  remote?: RemoteImage | null;
}

/** What an ActivityPub attachment says about a remote image. */
export interface RemoteImage {
  url: string;
  mediaType: string | null;
  width: number | null;
  height: number | null;
  blurhash: string | null;
}

/** Where a note or comment from another instance lives. */
export interface RemoteOrigin {
  /** Its ActivityPub id. */
  uri: string;
  /** Its HTML page, when it gives one. */
  url: string | null;
}

/** A step of a step-by-step tutorial. */
export interface TutorialStep {
  text: string;
  mediaIds: number[];
  /** Opaque reference to a product (filled and resolved by the shop plugin). */
  productRef?: string | null;
  /** Opaque reference to a place (filled and resolved by the local-life plugin). */
  placeRef?: string | null;
}

export interface ChecklistItem {
  name: string;
  note?: string | null;
  /** An https:// link. */
  link?: string | null;
}

export interface PitfallEntry {
  warning: string;
  reason: string;
}

export interface TutorialBlock {
  kind: 'tutorial';
  title?: string | null;
  steps: TutorialStep[];
}

export interface ChecklistBlock {
  kind: 'checklist';
  title?: string | null;
  items: ChecklistItem[];
}

export interface PitfallBlock {
  kind: 'pitfalls';
  title?: string | null;
  entries: PitfallEntry[];
}

/** Structured content, stored as data and rendered to HTML for plain-text readers. */
export type NoteBlock = TutorialBlock | ChecklistBlock | PitfallBlock;
export type NoteBlockKind = NoteBlock['kind'];

/** A mention found in the text; `accountId` is set when the handle is local and known. */
export interface NoteMention {
  handle: string;
  /** null for local handles, the domain for `@handle@other.domain`. */
  domain: string | null;
  accountId: number | null;
}

/** What an author submits (create or edit); `note.validate` filters see and may adjust it. */
export interface NoteDraft {
  title: string;
  /** Source in Meadow's small markup: paragraphs, `- ` lists, **bold**, [text](https://…), @mentions, #hashtags. */
  body: string;
  images: NoteImage[];
  coverIndex: number;
  /** One video (a media record of kind video) instead of images; a note has one or the other. */
  videoMediaId: number | null;
  placeRef: string | null;
  visibility: Visibility;
  language: string | null;
  contentWarning: string | null;
  blocks: NoteBlock[];
  /** The author's paid-promotion label (a moderator may require one: see `moderation.disclosureRequired`). */
  disclosure: Disclosure | null;
  commentPolicy: CommentPolicy;
}

export interface NoteRecord extends NoteDraft {
  id: number;
  authorId: number;
  status: NoteStatus;
  /** Safe HTML of the body (rendered by the notes plugin; everything else escaped). */
  bodyHtml: string;
  /** Normalized hashtags of title, body and blocks (NFKC, lower-case), in order of first use. */
  hashtags: string[];
  mentions: NoteMention[];
  likesCount: number;
  collectsCount: number;
  commentsCount: number;
  sharesCount: number;
  viewsCount: number;
  /** Set when published (or when a scheduled note is due). */
  publishedAt: Date | null;
  scheduledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Last edit after publishing; null if never edited. */
  editedAt: Date | null;
  deletedAt: Date | null;
  /** Set for a note that came from another instance (federation); null for local notes. */
  remote: RemoteOrigin | null;
  /** The note this one quotes (FEP-044f): the local copy once imported, and the quoted object's id. */
  quote: { noteId: number | null; uri: string | null } | null;
  /** Moderators' decisions (hidden, held for review, sensitive, limited reach, a required label). */
  moderation: NoteModeration;
}

export interface CommentRecord {
  id: number;
  noteId: number;
  authorId: number;
  /** The top-level comment this replies to (one level of replies only). */
  parentId: number | null;
  body: string;
  bodyHtml: string;
  hashtags: string[];
  mentions: NoteMention[];
  likesCount: number;
  repliesCount: number;
  createdAt: Date;
  deletedAt: Date | null;
  /** Set for a comment that came from another instance; null for local comments. */
  remote: RemoteOrigin | null;
}

export interface BoardRecord {
  id: number;
  ownerId: number;
  name: string;
  description: string;
  visibility: 'public' | 'private';
  itemsCount: number;
  createdAt: Date;
}

/** A position in a newest-first note stream: ordered by publishedAt desc, then noteId desc. */
export interface FeedPosition {
  /** publishedAt in epoch milliseconds. */
  publishedAt: number;
  noteId: number;
}

export interface FeedEntry extends FeedPosition {
  /** Why the note is here, e.g. "following" or "tag:露营" (shown as "because you follow #露营"). */
  reason: string;
}

// ---------------------------------------------------------------- service

export interface NotesService {
  /** Raw lookup by id, in any status (callers check `canRead` before showing). */
  getById(id: number): Promise<NoteRecord | null>;
  getByIds(ids: readonly number[]): Promise<(NoteRecord | null)[]>;
  /** The request's batched loader (one query per GraphQL level). */
  loader(gctx: MeadowContext): { load(id: number): Promise<NoteRecord | null>; loadMany(ids: readonly number[]): Promise<(NoteRecord | null | Error)[]> };
  /** Which of these notes `viewerId` may read: published, not deleted, visibility, blocks and mutes. */
  visibleTo(noteIds: readonly number[], viewerId: number | null): Promise<Set<number>>;
  canRead(noteId: number, viewerId: number | null): Promise<boolean>;
  /** The readable notes among `ids`, in the order given (unreadable ones dropped); batched. */
  listByIds(ids: readonly number[], viewerId: number | null): Promise<NoteRecord[]>;
  /** The note's full HTML: body, blocks and the `note.render` sections. */
  renderHtml(note: NoteRecord, viewer: Viewer | null): Promise<string>;
  /** Plain text of a note (title, body, blocks), e.g. for indexing. */
  plainText(note: NoteRecord): string;
  getComment(id: number): Promise<CommentRecord | null>;
  getBoard(id: number): Promise<BoardRecord | null>;
  /** Ids of published notes after `afterId`, ascending (for re-indexing by search, topics, …). */
  listPublishedIds(options: { afterId?: number; limit: number }): Promise<number[]>;
  /** Of these notes, the ones `accountId` has viewed (viewNote), with when (epoch ms); for "seen" filtering. */
  viewedAmong(accountId: number, noteIds: readonly number[]): Promise<Map<number, number>>;

  // Moderation (for a moderation plugin; callers check roles).
  /** Changes a note's moderation (NoteModerated); releasing a held note publishes it (NotePublished). Remote notes too: an update from their origin never undoes it. */
  moderate(noteId: number, patch: Partial<NoteModeration>): Promise<NoteRecord>;
  /** Deletes a note on a moderator's decision (soft, like an author's delete: restorable until purged). */
  removeNote(noteId: number): Promise<void>;
  /** Undoes removeNote while the note is not purged yet; false when it is gone for good. */
  restoreNote(noteId: number): Promise<boolean>;
  /** Deletes a comment on a moderator's decision, keeping its text so it can be restored. */
  removeComment(commentId: number): Promise<void>;
  restoreComment(commentId: number): Promise<boolean>;
  /** Null when `accountId` may comment on the note under its comment policy; otherwise why not. */
  commentRefusal(noteId: number, accountId: number): Promise<string | null>;
}

export const NotesServiceRef = defineService<NotesService>('notes.notes', 'Notes: lookup, visibility checks, rendering');

// ---------------------------------------------------------------- filters

export interface NoteValidateContext {
  author: { id: number; handle: string; role: string };
  isEdit: boolean;
  /** The note being edited (null on create). */
  noteId: number | null;
}

/** Runs before a note is stored (create and edit). Adjust the draft or throw HookVeto / badInput. */
export const NoteValidate = defineFilter<NoteDraft, NoteValidateContext>('note.validate', {
  description: 'Checks or adjusts a note draft before it is stored (create and edit). Throw HookVeto to refuse it.',
});

export interface RenderSection {
  /** The plugin that added it (e.g. "shop"). */
  plugin: string;
  /** What it is (e.g. "product-card", "place-card"); front ends may style by it. */
  kind: string;
  /** Safe HTML: the adding plugin must escape what it inserts. */
  html: string;
  /** Where it goes; default "after-blocks". */
  position?: 'before-body' | 'after-body' | 'after-blocks';
}

export interface NoteRenderValue {
  /** Body and blocks, rendered by notes. */
  html: string;
  sections: RenderSection[];
}

export const NoteRender = defineFilter<NoteRenderValue, { note: NoteRecord; viewer: Viewer | null }>('note.render', {
  description: 'Builds the HTML of a note: add sections (product cards, place cards) to `sections`.',
});

/**
 * More JSON-LD fields on a note as the fediverse gets it (its object at
 * /notes/{id} and the Create/Update carrying it), beside Meadow's own
 * `meadow:` fields: e.g. the shop adds the products tagged on its images.
 * `terms` are the definitions those fields need; they travel inline in the
 * object's @context. Empty fields are left out.
 */
export interface NoteFederatedFieldsValue {
  fields: Record<string, unknown>;
  terms: Record<string, unknown>;
}

export const NoteFederatedFields = defineFilter<NoteFederatedFieldsValue, { note: NoteRecord }>('note.federated-fields', {
  description: 'Adds JSON-LD fields (with their term definitions) to a local note as it federates.',
});

/**
 * A source of the FOLLOWING feed. The feed is a merge of sorted streams:
 * each source returns up to `limit` entries strictly after `after` in the
 * order (publishedAt desc, noteId desc) — i.e. older than the position —
 * from its own tables. Notes merges the streams, removes duplicates, checks
 * visibility and cuts the page, so no plugin reads another's tables.
 */
export interface FollowingFeedSource {
  /** Short stable name, e.g. "topics.followed-tags". */
  name: string;
  next(args: { viewerId: number; after: FeedPosition | null; limit: number }): Promise<FeedEntry[]>;
}

export const FollowingFeedSources = defineFilter<FollowingFeedSource[], { viewerId: number }>('feed.following-sources', {
  description: 'Adds sources to the following feed: push a FollowingFeedSource (a sorted stream of note ids) to the list.',
});

export interface FeedCandidate {
  noteId: number;
  publishedAt: number;
  /** The plugin or signal that proposed it, e.g. "notes.recent", "search.affinity". */
  source: string;
  /** Higher ranks first; `feed.rank` filters rewrite it. */
  score: number;
  /** Explanations ("because you collect #露营"). */
  reasons: string[];
}

export interface FeedRequest {
  viewer: Viewer | null;
  /** How many notes the page needs. */
  limit: number;
  /** Note ids the viewer has already been shown in this session, to skip. */
  exclude: number[];
}

/** The ranked discovery feed: candidates are gathered, then ranked, then cut. */
export const FeedCandidates = defineFilter<FeedCandidate[], FeedRequest>('feed.candidates', {
  description: 'Gathers candidates for the discovery feed: add FeedCandidate items to the list.',
});

export const FeedRank = defineFilter<FeedCandidate[], FeedRequest>('feed.rank', {
  description: 'Orders discovery feed candidates (rewrite scores, reorder, diversify); the first `limit` are shown.',
});

// ---------------------------------------------------------------- events

export interface NoteEventPayload {
  note: NoteRecord;
  /** Plain text of title, body and blocks (for hashtag extraction and indexing). */
  text: string;
}

export const NotePublished = defineEvent<NoteEventPayload>('note.published', {
  description: 'A note became published (directly or when its schedule was due).',
  durable: true,
});

export const NoteUpdated = defineEvent<NoteEventPayload & { previous: { visibility: Visibility; hashtags: string[] } }>('note.updated', {
  description: 'A published note was edited (a revision was recorded).',
  durable: true,
});

export const NoteDeleted = defineEvent<{ noteId: number; authorId: number; visibility: Visibility; hashtags: string[] }>('note.deleted', {
  description: 'A note was deleted by its author or staff (soft; purged later).',
  durable: true,
});

export const NoteLiked = defineEvent<{ noteId: number; noteAuthorId: number; accountId: number; liked: boolean; likesCount: number }>('note.liked', {
  description: 'A note was liked (liked: true) or unliked (liked: false); sent only when the state changed.',
});

export const NoteCollected = defineEvent<{ noteId: number; noteAuthorId: number; accountId: number; boardId: number; boardVisibility: 'public' | 'private'; collectsCount: number }>(
  'note.collected',
  { description: 'A note was collected into a board (收藏专辑).' },
);

export const NoteUncollected = defineEvent<{ noteId: number; noteAuthorId: number; accountId: number; boardId: number; collectsCount: number }>('note.uncollected', {
  description: 'A note was taken out of a board.',
});

export const NoteShared = defineEvent<{ noteId: number; noteAuthorId: number; accountId: number; shareId: number }>('note.shared', {
  description: 'A note was shared (reposted) by an account.',
});

export const NoteUnshared = defineEvent<{ noteId: number; noteAuthorId: number; accountId: number; shareId: number }>('note.unshared', {
  description: 'An account took back its share (repost) of a note; shareId is the share that was removed.',
});

export const CommentCreated = defineEvent<{ comment: CommentRecord; noteAuthorId: number; noteVisibility: Visibility; text: string }>('comment.created', {
  description: 'A comment or reply was posted on a note.',
});

export const CommentDeleted = defineEvent<{ commentId: number; noteId: number; authorId: number; deletedBy: number; commentsCount: number }>('comment.deleted', {
  description: "A comment was deleted by its author, the note's author or staff.",
});
