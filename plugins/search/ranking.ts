// Ranking, the same on both engines: the engine only proposes candidates;
// scores come from the stored terms here.
//   text relevance  BM25 over weighted fields (title ×3, tags ×2, body ×1),
//                   each query term weighted by where it came from (typed
//                   words over Chinese bigrams over lexicon expansions);
//   freshness       exponential decay with a configurable half-life;
//   engagement      collects and comments weigh more than likes, views
//                   normalize (a note seen by many and saved by few is not
//                   "quality"), log-damped;
//   personal        overlap of the note's tags with the viewer's affinities;
//   diversity       at most `maxPerAuthor` notes of one author per ten.
// Trust signals and promoted slots come from hooks (see contracts.ts).

import { becauseYou } from './personal.ts';
import type { QueryPlan, QueryTerm } from './query/understand.ts';

export interface StoredDoc {
  noteId: number;
  authorId: number;
  publishedAt: number;
  title: string;
  titleTerms: string[];
  bodyTerms: string[];
  tagTerms: string[];
  likes: number;
  collects: number;
  comments: number;
  views: number;
}

export interface RankContext {
  now: number;
  /** Documents in the index and document frequency of each term. */
  totalDocs: number;
  df: Map<string, number>;
  halfLifeDays: number;
  /** Tag → weight (0..1) and the signal that made it ("collect", "like"). */
  affinities?: Map<string, { weight: number; signal: string }>;
  /** People who opened or collected each note from this same query (behaviour.ts). */
  behaviour?: Map<number, { opens: number; collects: number }>;
  /** Cosine similarity of note and query vectors (semantic option) and its weight. */
  semantic?: Map<number, number>;
  semanticWeight?: number;
}

export interface RankedDoc {
  doc: StoredDoc;
  score: number;
  text: number;
  /** The query terms the note contains. */
  matched: QueryTerm[];
  reasons: string[];
}

const K1 = 1.2;
const B = 0.75;
const FIELD = { title: 3, tags: 2, body: 1 };
export const MIX = { text: 1, freshness: 0.12, engagement: 0.15, personal: 0.2, behaviour: 0.25 };

function counts(terms: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/** Engagement quality in 0..1: collects ×3, comments ×2, likes ×1, damped by views. */
export function engagementQuality(d: Pick<StoredDoc, 'likes' | 'collects' | 'comments' | 'views'>): number {
  const points = d.collects * 3 + d.comments * 2 + d.likes;
  if (points <= 0) return 0;
  // Per-view rate when views are known, so a heavily shown note does not win by exposure alone.
  const rate = d.views > 0 ? Math.min(1, points / d.views) : 0.5;
  return Math.min(1, Math.log1p(points) / Math.log1p(500)) * (0.5 + 0.5 * rate);
}

export function freshness(publishedAt: number, now: number, halfLifeDays: number): number {
  const ageDays = Math.max(0, now - publishedAt) / 86_400_000;
  return Math.pow(0.5, ageDays / halfLifeDays);
}

export function rankDocuments(docs: StoredDoc[], plan: QueryPlan, ctx: RankContext): RankedDoc[] {
  if (!docs.length) return [];
  const lengths = docs.map((d) => d.titleTerms.length * FIELD.title + d.tagTerms.length * FIELD.tags + d.bodyTerms.length * FIELD.body);
  const avgdl = lengths.reduce((a, b) => a + b, 0) / docs.length || 1;
  const idf = new Map(plan.terms.map((q) => {
    const n = ctx.df.get(q.term) ?? 0;
    return [q.term, Math.log(1 + (ctx.totalDocs - n + 0.5) / (n + 0.5))];
  }));
  const ranked = docs.map((doc, i): RankedDoc => {
    const [t, b, g] = [counts(doc.titleTerms), counts(doc.bodyTerms), counts(doc.tagTerms)];
    let text = 0;
    const matched: QueryTerm[] = [];
    for (const q of plan.terms) {
      const tf = (t.get(q.term) ?? 0) * FIELD.title + (g.get(q.term) ?? 0) * FIELD.tags + (b.get(q.term) ?? 0) * FIELD.body;
      if (!tf) continue;
      matched.push(q);
      text += q.weight * idf.get(q.term)! * (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths[i]!) / avgdl));
    }
    return { doc, score: 0, text, matched, reasons: [] };
  });
  const maxText = Math.max(...ranked.map((r) => r.text)) || 1;
  for (const r of ranked) {
    const fresh = freshness(r.doc.publishedAt, ctx.now, ctx.halfLifeDays);
    const quality = engagementQuality(r.doc);
    let personal = 0;
    let because: string | null = null;
    if (ctx.affinities?.size) {
      for (const tag of r.doc.tagTerms) {
        const a = tag.startsWith('#') ? ctx.affinities.get(tag) : undefined;
        if (a && a.weight > personal) {
          personal = a.weight;
          because = becauseYou(a.signal, tag);
        }
      }
    }
    const acted = ctx.behaviour?.get(r.doc.noteId);
    // Collects after opening say more than opens; both damped, 20 people ≈ full weight.
    const behaviour = acted ? Math.min(1, Math.log1p(acted.opens + 3 * acted.collects) / Math.log1p(20)) : 0;
    const similarity = Math.max(0, ctx.semantic?.get(r.doc.noteId) ?? 0);
    r.score = MIX.text * (r.text / maxText) + MIX.freshness * fresh + MIX.engagement * quality + MIX.personal * personal + MIX.behaviour * behaviour
      + (ctx.semanticWeight ?? 0) * similarity;
    r.reasons = explain(r, plan, quality);
    if (because) r.reasons.push(because);
    if (similarity >= 0.5) r.reasons.push(`similar in meaning (${similarity.toFixed(2)})`);
    if (acted?.collects) r.reasons.push(`collected by ${acted.collects} ${acted.collects === 1 ? 'person' : 'people'} after this search`);
    else if (acted?.opens) r.reasons.push(`opened by ${acted.opens} ${acted.opens === 1 ? 'person' : 'people'} who searched this`);
  }
  return ranked.sort((a, b) => b.score - a.score || b.doc.publishedAt - a.doc.publishedAt || b.doc.noteId - a.doc.noteId);
}

function explain(r: RankedDoc, plan: QueryPlan, quality: number): string[] {
  const reasons: string[] = [];
  const typed = r.matched.filter((m) => m.source === 'query' || m.source === 'bigram').map((m) => m.term);
  const inTitle = typed.filter((t) => r.doc.titleTerms.includes(t));
  if (inTitle.length) reasons.push(`title matches ${inTitle.slice(0, 3).join(', ')}`);
  else if (typed.length) reasons.push(`mentions ${typed.slice(0, 3).join(', ')}`);
  for (const entry of plan.entries) {
    const hits = r.matched.filter((m) => m.entryId === entry.id).map((m) => m.term);
    if (hits.length) reasons.push(`${entry.label}: ${hits.slice(0, 3).join(', ')}`);
  }
  for (const why of new Set(r.matched.flatMap((m) => (m.contextReason ? [m.contextReason] : [])))) reasons.push(why);
  for (const l of plan.learnt ?? []) {
    if (r.matched.some((m) => m.learntFrom === l.query)) reasons.push(`people who searched "${plan.normalized}" also searched "${l.query}"`);
  }
  if (quality > 0.5) reasons.push(`often collected (${r.doc.collects})`);
  return reasons;
}

/** Reorders so that no author has more than `max` notes in any page of `pageSize`. */
export function diversify<T extends { authorId: number }>(items: T[], max: number, pageSize = 10, head = 300): T[] {
  const pending = items.slice(0, head);
  const out: T[] = [];
  while (pending.length) {
    const window = out.slice(Math.floor(out.length / pageSize) * pageSize);
    const perAuthor = new Map<number, number>();
    for (const x of window) perAuthor.set(x.authorId, (perAuthor.get(x.authorId) ?? 0) + 1);
    let i = pending.findIndex((x) => (perAuthor.get(x.authorId) ?? 0) < max);
    if (i < 0) i = 0;
    out.push(pending.splice(i, 1)[0]!);
  }
  return [...out, ...items.slice(head)];
}
