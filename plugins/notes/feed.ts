// Feeds. The FOLLOWING feed is a merge of sorted streams: notes' own
// stream (notes of followed accounts) plus any stream other plugins add
// through `feed.following-sources` (topics adds "notes under tags you
// follow"). Every stream answers "the next `limit` notes older than this
// position" in the order (publishedAt desc, noteId desc) from its own
// tables; the feed merges, removes duplicates, drops what the viewer may
// not read, and cuts the page. A page boundary is one position, so one
// signed cursor serves all streams.

import { badInput, CursorCodec, type Viewer } from '../../core/index.ts';
import {
  FeedCandidates, FeedForViewer, FeedRank, FollowingFeedSources, type FeedSurface,
  type FeedCandidate, type FeedEntry, type FeedPosition, type FollowingFeedSource, type NoteRecord,
} from './contracts.ts';
import type { Deps } from './service/deps.ts';
import type { NoteReader } from './service/read.ts';
import { NOTE_COLUMNS, toNote } from './service/rows.ts';

/**
 * How far the newest-first scans look (rows of the covering index) before
 * the per-author index takes over: a dense follow list finds its page in
 * the first window, a sparse one falls through quickly.
 */
const SCAN_WINDOWS = [1024, 16384];
const MAX_ROUNDS = 6;

export interface FeedPage {
  items: { note: NoteRecord; reason: string }[];
  hasNextPage: boolean;
}

export function decodePosition(codec: CursorCodec, cursor: string | null | undefined): FeedPosition | null {
  if (!cursor) return null;
  const p = codec.decode<FeedPosition>(cursor);
  if (!p || typeof p !== 'object' || !Number.isSafeInteger(p.publishedAt) || !Number.isSafeInteger(p.noteId)) throw badInput('This cursor does not belong to this list');
  return p;
}

/** Rows strictly older than `after` in (published_at desc, id desc). */
function olderThan(q: any, after: FeedPosition | null) {
  if (!after) return q;
  return q.where((eb: any) => eb.or([eb('published_at', '<', after.publishedAt), eb.and([eb('published_at', '=', after.publishedAt), eb('id', '<', after.noteId)])]));
}

export class Feeds {
  private readonly deps: Deps;
  private readonly reader: NoteReader;
  constructor(deps: Deps, reader: NoteReader) {
    this.deps = deps;
    this.reader = reader;
  }

  /**
   * Notes' own stream: published notes of the accounts the viewer follows
   * (and the viewer's own). A dense follow list finds its page in a short
   * newest-first scan; a sparse one falls back to the per-author index.
   */
  followingSource(authorIds: number[], viewerId: number): FollowingFeedSource {
    const db = this.deps.db;
    return {
      name: 'notes.following',
      async next({ after, limit }) {
        if (!authorIds.length) return [];
        const readableByFollower = (q: any) => q.where('status', '=', 'published')
          .where((eb: any) => eb.or([eb('visibility', '!=', 'private'), eb('author_id', '=', viewerId)]));
        for (const window of SCAN_WINDOWS) {
          const recent = olderThan(readableByFollower(db().selectFrom('notes_note').select(['id', 'author_id', 'published_at'])), after)
            .orderBy('published_at', 'desc').orderBy('id', 'desc').limit(window);
          const rows = await db().selectFrom(recent.as('recent')).select(['id', 'published_at'])
            .where('author_id', 'in', authorIds).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
          if (rows.length === limit) return rows.map((r: any) => ({ noteId: Number(r.id), publishedAt: Number(r.published_at), reason: 'following' }));
        }
        const rows = await olderThan(readableByFollower(db().selectFrom('notes_note').select(['id', 'published_at']).where('author_id', 'in', authorIds)), after)
          .orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
        return rows.map((r: any) => ({ noteId: Number(r.id), publishedAt: Number(r.published_at), reason: 'following' }));
      },
    };
  }

  async following(viewer: Viewer, first: number, after: FeedPosition | null): Promise<FeedPage> {
    const accounts = this.deps.accounts();
    const [followingIds, hiddenIds] = await Promise.all([accounts.followingIds(viewer.accountId), accounts.hiddenAccountIds(viewer.accountId)]);
    const hidden = new Set(hiddenIds);
    const authors = [viewer.accountId, ...followingIds.filter((id) => !hidden.has(id))];
    const known = { following: new Set(followingIds), hidden };
    const sources = await this.deps.ctx.hooks.applyFilter(FollowingFeedSources, [this.followingSource(authors, viewer.accountId)], { viewerId: viewer.accountId });

    const items: FeedPage['items'] = [];
    const seen = new Set<number>();
    let position = after;
    for (let round = 0; round < MAX_ROUNDS && items.length <= first; round++) {
      const want = first + 1 - items.length;
      const streams = await Promise.all(sources.map((s) => this.safeNext(s, viewer.accountId, position, want)));
      const merged = mergeStreams(streams).slice(0, want);
      if (!merged.length) break;
      const fresh = merged.filter((e) => !seen.has(e.noteId));
      const notes = await this.reader.getByIds(fresh.map((e) => e.noteId));
      const allowed = await this.reader.filterReadable(notes.filter((n): n is NoteRecord => n !== null), viewer.accountId, { known });
      const readable = new Set((await this.forViewer(allowed, viewer.accountId, 'following')).map((n) => n.id));
      for (const [i, entry] of fresh.entries()) {
        seen.add(entry.noteId);
        if (readable.has(entry.noteId)) items.push({ note: notes[i]!, reason: entry.reason });
      }
      position = merged.at(-1)!;
      // Every stream gave fewer than asked: nothing older is left anywhere.
      if (streams.every((s) => s.length < want)) break;
    }
    return { items: items.slice(0, first), hasNextPage: items.length > first };
  }

  /** The person's own filters (`feed.for-viewer`: muted words and topics, hidden notes); their own notes always pass. */
  async forViewer(list: NoteRecord[], viewerId: number, surface: FeedSurface): Promise<NoteRecord[]> {
    const others = list.filter((n) => n.authorId !== viewerId);
    if (!others.length) return list;
    const kept = new Set((await this.deps.ctx.hooks.applyFilter(FeedForViewer, others, { viewerId, surface })).map((n) => n.id));
    return list.filter((n) => n.authorId === viewerId || kept.has(n.id));
  }

  /** A failing source is logged and skipped; the feed still answers. */
  private async safeNext(source: FollowingFeedSource, viewerId: number, after: FeedPosition | null, limit: number): Promise<FeedEntry[]> {
    try {
      return await source.next({ viewerId, after, limit });
    } catch (err) {
      this.deps.ctx.log.warn({ err, source: source.name }, 'a following-feed source failed');
      return [];
    }
  }

  /** An account's published notes as `viewerId` may see them (their profile). */
  async byAuthor(authorId: number, viewerId: number | null, first: number, after: FeedPosition | null): Promise<{ notes: NoteRecord[]; hasNextPage: boolean }> {
    const accounts = this.deps.accounts();
    let visibilities = ['public', 'unlisted'];
    if (viewerId === authorId) visibilities = ['public', 'unlisted', 'followers', 'private'];
    else if ((await accounts.suspendedAmong([authorId])).size) return { notes: [], hasNextPage: false };
    if (viewerId !== null && viewerId !== authorId) {
      if (await accounts.isBlocked(viewerId, authorId)) return { notes: [], hasNextPage: false };
      if ((await accounts.followingIds(viewerId)).includes(authorId)) visibilities.push('followers');
    }
    const rows = await olderThan(
      this.deps.db().selectFrom('notes_note').select(NOTE_COLUMNS).where('author_id', '=', authorId).where('status', '=', 'published').where('visibility', 'in', visibilities)
        // Held or hidden notes: on their author's own view only.
        .where('moderation_state', 'in', viewerId === authorId ? ['visible', 'held', 'hidden'] : ['visible']),
      after,
    ).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(first + 1).execute();
    const notes = rows.map(toNote);
    return { notes: notes.slice(0, first), hasNextPage: notes.length > first };
  }

  /** The viewer's drafts and scheduled notes, newest first. */
  async unpublished(authorId: number, limit: number): Promise<NoteRecord[]> {
    const rows = await this.deps.db().selectFrom('notes_note').select(NOTE_COLUMNS).where('author_id', '=', authorId)
      .where('status', 'in', ['draft', 'scheduled']).orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map(toNote);
  }

  /**
   * The discovery feed: notes proposes the newest public notes; other
   * plugins add candidates (`feed.candidates`) and rank them (`feed.rank`).
   */
  async discover(viewer: Viewer | null, limit: number, exclude: number[]): Promise<{ note: NoteRecord; reasons: string[] }[]> {
    const request = { viewer, limit, exclude };
    let q = this.deps.db().selectFrom('notes_note').select(['id', 'published_at']).where('status', '=', 'published').where('visibility', '=', 'public');
    if (exclude.length) q = q.where('id', 'not in', exclude);
    const recent = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit * 3).execute();
    const newest = Number(recent[0]?.published_at ?? Date.now());
    let candidates: FeedCandidate[] = recent.map((r) => ({
      noteId: Number(r.id), publishedAt: Number(r.published_at), source: 'notes.recent',
      // Newer is better: one point lost per day of age.
      score: 1 - (newest - Number(r.published_at)) / 86_400_000, reasons: ['new'],
    }));
    candidates = await this.deps.ctx.hooks.applyFilter(FeedCandidates, candidates, request);
    candidates = await this.deps.ctx.hooks.applyFilter(FeedRank, [...candidates].sort((a, b) => b.score - a.score), request);
    const excluded = new Set(exclude);
    // The first (best-ranked) candidate of each note wins.
    const unique: FeedCandidate[] = [];
    const taken = new Set<number>();
    for (const c of candidates) {
      if (excluded.has(c.noteId) || taken.has(c.noteId)) continue;
      taken.add(c.noteId);
      unique.push(c);
    }
    let notes = await this.reader.listByIds(unique.slice(0, limit * 2).map((c) => c.noteId), viewer?.accountId ?? null);
    if (viewer) notes = await this.forViewer(notes, viewer.accountId, 'discover');
    // Discovery shows public notes only, whoever proposed them, and no note whose reach a moderator limited.
    const byId = new Map(notes.filter((n) => n.visibility === 'public' && (!n.moderation.reachLimited || n.authorId === viewer?.accountId)).map((n) => [n.id, n]));
    return unique.filter((c) => byId.has(c.noteId)).slice(0, limit).map((c) => ({ note: byId.get(c.noteId)!, reasons: c.reasons }));
  }
}

/** Merges newest-first streams into one, keeping the first of duplicate notes. */
export function mergeStreams(streams: FeedEntry[][]): FeedEntry[] {
  const all = streams.flat().sort((a, b) => b.publishedAt - a.publishedAt || b.noteId - a.noteId);
  const out: FeedEntry[] = [];
  for (const e of all) if (out.at(-1)?.noteId !== e.noteId) out.push(e);
  return out;
}

