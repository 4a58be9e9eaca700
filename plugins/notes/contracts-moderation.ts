// The moderation side of the notes contract (re-exported by contracts.ts):
// what a moderator's decision does to a note, disclosure labels, who may
// comment, and the hooks trust-like plugins use to hold notes for review,
// check comments and keep things out of one person's feeds. Notes stores
// and enforces these; deciding them is another plugin's business.

import { defineEvent, defineFilter } from '../../core/index.ts';
import type { NoteDraft, NoteRecord } from './contracts.ts';

/** Paid-promotion labels: 合作 (a brand paid or gave something) and 广告 (a paid ad). */
export const DISCLOSURES = ['sponsored', 'promoted'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

/** Who may comment on a note (besides its author, who always may). */
export const COMMENT_POLICIES = ['everyone', 'followers', 'following', 'nobody'] as const;
/** followers: people who follow the author; following: people the author follows. */
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];

/** visible: as its visibility says; held: waiting for review (never public yet); hidden: hidden by a moderator. */
export type ModerationState = 'visible' | 'held' | 'hidden';

/** A moderator's standing decisions about a note; the author reads them (GraphQL `Note.moderation`). */
export interface NoteModeration {
  state: ModerationState;
  /** Shown behind a "sensitive" veil everywhere (federated as `sensitive`). */
  sensitive: boolean;
  /** Kept out of discovery, topics and search for people who do not follow the author. */
  reachLimited: boolean;
  /** A label the author may not remove (the note carries it as `disclosure`). */
  disclosureRequired: Disclosure | null;
  /** While held: why (the note.review holds' reasons), for the author; empty otherwise. Read-only. */
  holdReasons?: string[];
}

export const VISIBLE: NoteModeration = { state: 'visible', sensitive: false, reachLimited: false, disclosureRequired: null, holdReasons: [] };

export interface NoteHold {
  /** The plugin that asks for the hold, e.g. "trust". */
  plugin: string;
  /** Why, for the author and the moderators ("near-duplicate of …"). */
  reason: string;
}

export interface NoteReviewContext {
  author: { id: number; handle: string; createdAt: Date | null };
  draft: NoteDraft;
  /** Plain text of title, body and blocks. */
  text: string;
  /** Null for a new note. */
  noteId: number | null;
  isEdit: boolean;
}

/**
 * Runs when a note is about to become public (published now, when a
 * schedule is due, or a published note is edited). A hold keeps it from
 * everyone but its author until a moderator releases it: NotePublished is
 * not sent then, NoteHeld is.
 */
export const NoteReview = defineFilter<{ holds: NoteHold[] }, NoteReviewContext>('note.review', {
  description: 'Before a note becomes public: push a NoteHold to keep it for review (NoteHeld is emitted instead of NotePublished).',
});

export const NoteHeld = defineEvent<{ note: NoteRecord; text: string; holds: NoteHold[] }>('note.held', {
  description: 'A note was held for review before becoming public (see note.review).',
  durable: true,
});

export const NoteModerated = defineEvent<{ note: NoteRecord; previous: NoteModeration }>('note.moderated', {
  description: "A moderator changed a note's moderation state (hidden, released, sensitive, reach, required label).",
  durable: true,
});

export interface CommentValidateContext {
  author: { id: number; handle: string; role: string; createdAt: Date | null };
  noteId: number;
  parentId: number | null;
}

/** Runs before a comment is stored; adjust the body or throw (badInput, rate limits, HookVeto). */
export const CommentValidate = defineFilter<{ body: string }, CommentValidateContext>('comment.validate', {
  description: 'Checks or adjusts a comment before it is stored. Throw to refuse it.',
});

/** Where a list of notes is shown, for `feed.for-viewer`. */
export type FeedSurface = 'following' | 'discover' | 'topic' | 'search' | 'profile';

/**
 * One person's own filters on lists of notes (muted words and topics,
 * notes they hid): remove notes from the list. Not applied to a note's own
 * page, which stays reachable by link.
 */
export const FeedForViewer = defineFilter<NoteRecord[], { viewerId: number; surface: FeedSurface }>('feed.for-viewer', {
  description: "Removes notes from a person's lists (following, discovery, topics, search): muted words, muted topics, hidden notes.",
});
