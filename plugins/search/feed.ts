// The personal discovery feed (发现), through notes' feed hooks:
// - feed.candidates adds notes under the viewer's strongest tags (learnt
//   from their likes, collects and comments, when personalization is on),
//   trending notes (engagement over the last week) and notes of new
//   creators (the exploration share);
// - feed.rank rescores every candidate (freshness, engagement quality,
//   affinity), keeps authors from dominating, reserves the exploration
//   share for new creators, and says why each note is there. Notes the
//   viewer has already opened (notes records views) go after every unseen
//   one, so the feed shows something new first but never runs dry.

import { sql } from 'kysely';
import type { PluginContext } from '../../core/index.ts';
import { NotesServiceRef, type FeedCandidate, type FeedRequest } from '../notes/contracts.ts';
import { engineOf } from './engine.ts';
import { indexerOf } from './indexer.ts';
import { becauseYou, personalOf } from './personal.ts';
import { diversify, engagementQuality, freshness } from './ranking.ts';
import type { SearchSettings } from './settings.ts';

const DAY = 86_400_000;
const AFFINITY_TAGS = 4;
/** A creator with at most this many indexed notes, the first one recent, is new. */
const NEW_CREATOR_MAX_NOTES = 3;

export async function addFeedCandidates(ctx: PluginContext<SearchSettings>, candidates: FeedCandidate[], request: FeedRequest): Promise<FeedCandidate[]> {
  const db = ctx.db.kysely();
  const settings = ctx.settings();
  const now = Date.now();
  const extra: FeedCandidate[] = [];
  const want = Math.max(request.limit * 2, 20);

  if (request.viewer) {
    const affinities = await personalOf(ctx).topAffinities(request.viewer.accountId, AFFINITY_TAGS);
    for (const a of affinities) {
      const found = await indexerOf(ctx).backend.newestMatching(db, a.tag, want);
      for (const d of found) {
        extra.push({ noteId: d.noteId, publishedAt: d.publishedAt, source: 'search.affinity', score: 1 + a.weight, reasons: [becauseYou(a.signal, a.tag)] });
      }
    }
  }

  const trending = await db.selectFrom('search_docs').select(['note_id', 'published_at'])
    .where('published_at', '>', now - 7 * DAY)
    .orderBy((eb: any) => eb(eb(eb('collects', '*', 3), '+', eb('comments', '*', 2)), '+', eb.ref('likes')), 'desc').orderBy('note_id', 'desc')
    .limit(want).execute();
  for (const r of trending) extra.push({ noteId: Number(r.note_id), publishedAt: Number(r.published_at), source: 'search.trending', score: 0.8, reasons: ['trending'] });

  if (settings.explorationShare > 0) {
    // Authors with few recent notes (a range scan of recent notes), minus those
    // who also wrote before the cut-off (the author index answers that).
    const cutoff = now - settings.freshCreatorDays * DAY;
    const recent = await db.selectFrom('search_docs').select(['author_id']).where('published_at', '>', cutoff)
      .groupBy('author_id').having(sql`count(*)`, '<=', NEW_CREATOR_MAX_NOTES)
      .orderBy(sql`max(published_at)`, 'desc').limit(200).execute();
    const veterans = recent.length
      ? new Set((await db.selectFrom('search_docs').select('author_id').distinct()
        .where('author_id', 'in', recent.map((r) => r.author_id)).where('published_at', '<=', cutoff).execute()).map((r) => Number(r.author_id)))
      : new Set<number>();
    const fresh = recent.filter((r) => !veterans.has(Number(r.author_id))).slice(0, want);
    const authors = fresh.map((r) => Number(r.author_id)).filter((id) => id !== request.viewer?.accountId);
    if (authors.length) {
      const notes = await db.selectFrom('search_docs').select(['note_id', 'published_at']).where('author_id', 'in', authors)
        .orderBy('published_at', 'desc').limit(want).execute();
      for (const r of notes) extra.push({ noteId: Number(r.note_id), publishedAt: Number(r.published_at), source: 'search.new-creator', score: 0.5, reasons: ['new creator'] });
    }
  }
  return [...candidates, ...extra];
}

export async function rankFeed(ctx: PluginContext<SearchSettings>, candidates: FeedCandidate[], request: FeedRequest): Promise<FeedCandidate[]> {
  if (!candidates.length) return candidates;
  const settings = ctx.settings();
  const now = Date.now();
  // One entry per note, with every reason that proposed it.
  const merged = new Map<number, FeedCandidate & { sources: Set<string> }>();
  for (const c of candidates) {
    const m = merged.get(c.noteId);
    if (!m) merged.set(c.noteId, { ...c, reasons: [...c.reasons], sources: new Set([c.source]) });
    else {
      m.score = Math.max(m.score, c.score);
      m.sources.add(c.source);
      for (const r of c.reasons) if (!m.reasons.includes(r)) m.reasons.push(r);
    }
  }
  const docs = new Map((await engineOf(ctx).loadDocs([...merged.keys()])).map((d) => [d.noteId, d]));
  const personalized = request.viewer ? await personalOf(ctx).personalizationOn(request.viewer.accountId) : false;
  const ranked = [...merged.values()].map((c) => {
    const d = docs.get(c.noteId);
    const affinity = c.sources.has('search.affinity') ? 1 : 0;
    const score = 0.35 * freshness(c.publishedAt, now, settings.freshnessHalfLifeDays) + 0.35 * (d ? engagementQuality(d) : 0) + 0.5 * affinity + 0.1 * Math.min(c.score, 2);
    // Reasons a person understands; "new" alone is not worth saying when there is a better one.
    const reasons = c.reasons.filter((r) => personalized || !r.startsWith('because you'));
    return { ...c, score, reasons: reasons.length > 1 ? reasons.filter((r) => r !== 'new') : reasons, authorId: d?.authorId ?? -c.noteId };
  }).sort((a, b) => b.score - a.score || b.publishedAt - a.publishedAt || b.noteId - a.noteId);

  // Seen notes (viewed within the window) go after all unseen ones.
  const seenSince = now - settings.seenWindowDays * DAY;
  const viewed = request.viewer ? await ctx.services.get(NotesServiceRef).viewedAmong(request.viewer.accountId, ranked.map((c) => c.noteId)) : new Map<number, number>();
  const isSeen = (c: { noteId: number }) => (viewed.get(c.noteId) ?? 0) > seenSince;
  const unseen = ranked.filter((c) => !isSeen(c));
  const seen = ranked.filter(isSeen);

  // Exploration: at least one new creator's note in every k slots; a new
  // creator's note that ranks high on its own keeps its place.
  const isExplorer = (c: (typeof ranked)[number]) => c.sources.has('search.new-creator');
  const share = settings.explorationShare;
  let out = unseen;
  if (share > 0 && unseen.some(isExplorer)) {
    const every = Math.max(2, Math.round(1 / share));
    const pending = [...unseen];
    out = [];
    let sinceExplorer = 0;
    while (pending.length) {
      const due = sinceExplorer >= every - 1;
      const i = due ? Math.max(0, pending.findIndex(isExplorer)) : 0;
      const next = pending.splice(i, 1)[0]!;
      out.push(next);
      sinceExplorer = isExplorer(next) ? 0 : sinceExplorer + 1;
    }
  }
  const strip = ({ sources: _s, authorId: _a, ...c }: (typeof ranked)[number]) => c;
  return [
    ...diversify(out, settings.maxPerAuthor).map(strip),
    ...diversify(seen, settings.maxPerAuthor).map((c) => ({ ...strip(c), reasons: [...c.reasons, 'seen before'] })),
  ];
}
