// The search pipeline below GraphQL: understand → retrieve candidates from
// the engine → score (ranking.ts) → trust hook → diversity → promoted
// slots. Works on the index alone (no visibility checks), so the relevance
// suite and the benchmark can run it over generated corpora; service.ts
// adds the viewer's visibility and personalization.

import type { Kysely } from 'kysely';
import { badInput, type PluginContext } from '../../core/index.ts';
import { SearchAdjustScore, SearchPromoted, type SearchHit, type SearchOutcome } from './contracts.ts';
import { indexerOf } from './indexer.ts';
import { LEXICON, type LexiconEntry } from './query/lexicon.ts';
import { compileLexicon, mergeLexicon, understand, withLearnt, type CompiledEntry, type QueryPlan, type QueryTerm } from './query/understand.ts';
import type { Candidate } from './engine/types.ts';
import { behaviourOf } from './behaviour.ts';
import { semanticOf } from './semantic.ts';
import { applyContext, type ResolvedContext } from './query/context.ts';
import { diversify, rankDocuments, type RankContext, type StoredDoc } from './ranking.ts';
import type { SearchSettings } from './settings.ts';

/** Candidates the engine proposes before scoring. */
export const CANDIDATES = 1000;
// Document frequencies move slowly; five minutes of staleness does not change rankings noticeably.
const DF_TTL_MS = 300_000;

const split = (s: string) => (s ? s.split(' ') : []);

export function toStoredDoc(r: any): StoredDoc {
  return {
    noteId: Number(r.note_id), authorId: Number(r.author_id), publishedAt: Number(r.published_at), title: r.title,
    titleTerms: split(r.title_terms), bodyTerms: split(r.body_terms), tagTerms: split(r.tag_terms),
    likes: Number(r.likes), collects: Number(r.collects), comments: Number(r.comments), views: Number(r.views),
  };
}

export interface RunOptions {
  first: number;
  offset?: number;
  viewerId?: number | null;
  affinities?: RankContext['affinities'];
  /** Plain keyword search: typed words only, engine order (the relevance baseline). */
  plain?: boolean;
  /** Where and when the person is searching (query/context.ts). */
  context?: ResolvedContext;
  /** Use what was learnt from people's behaviour (default true; the relevance suite measures both). */
  learn?: boolean;
  now?: number;
  /** newest: what matched, newest first (the ranking still decides what matches and the sections). */
  sort?: 'relevance' | 'newest';
}

export class SearchEngine {
  private readonly ctx: PluginContext<SearchSettings>;
  private compiled: { key: string; lexicon: CompiledEntry[] } | null = null;
  private dfCache = new Map<string, { n: number; at: number }>();
  /** The clock for freshness and local time (tests move it). */
  clock: () => number = () => Date.now();
  private total: { n: number; at: number } | null = null;

  constructor(ctx: PluginContext<SearchSettings>) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  /** The shipped lexicon with the admin's additions (recompiled when settings change). */
  lexicon(): { entries: LexiconEntry[]; compiled: CompiledEntry[] } {
    const added = this.ctx.settings().lexicon as LexiconEntry[];
    const key = JSON.stringify(added);
    if (this.compiled?.key !== key) this.compiled = { key, lexicon: compileLexicon(mergeLexicon(LEXICON, added)) };
    return { entries: this.compiled.lexicon.map((c) => c.entry), compiled: this.compiled.lexicon };
  }

  /** Checks the length and understands the query; every character is data. */
  plan(query: string, plain = false): QueryPlan {
    if (typeof query !== 'string') throw badInput('The query must be text');
    const max = this.ctx.settings().maxQueryLength;
    if (query.length > max) throw badInput(`The query is too long: at most ${max} characters`, { field: 'query', max });
    return understand(query, this.lexicon().compiled, { expand: !plain });
  }

  /**
   * The candidate pass, bounded however common the words are. Terms found in
   * at most `frequentTermDocs` notes (setting, default 5,000) are matched and ranked by the engine
   * as usual. Terms more common than that (上海, best, 推荐 over a large
   * index) would make the engine rank a large share of the index for every
   * query, so when the selective terms do not fill the candidates, notes
   * containing all of the typed frequent words come next, then notes
   * containing any frequent term, newest first (both stop early on the
   * published-date index). On an index smaller than that nothing changes.
   */
  async candidates(terms: QueryTerm[]): Promise<Candidate[]> {
    const backend = indexerOf(this.ctx).backend;
    const { df } = await this.stats(terms.map((t) => t.term));
    const limit = this.ctx.settings().frequentTermDocs;
    const selective = terms.filter((t) => (df.get(t.term) ?? 0) <= limit);
    const frequent = terms.filter((t) => (df.get(t.term) ?? 0) > limit);
    const out = selective.length ? await backend.match(this.db, selective.map((t) => t.term), CANDIDATES) : [];
    if (!frequent.length || out.length >= CANDIDATES) return out;
    const seen = new Set(out.map((c) => c.noteId));
    const add = (more: Candidate[]) => {
      for (const c of more) {
        if (out.length >= CANDIDATES || seen.has(c.noteId)) continue;
        seen.add(c.noteId);
        out.push(c);
      }
    };
    const typed = frequent.filter((t) => t.source === 'query' && t.weight >= 1).map((t) => t.term);
    if (typed.length) add(await backend.newestMatchingTerms(this.db, typed, 'all', CANDIDATES));
    if (out.length < CANDIDATES) add(await backend.newestMatchingTerms(this.db, frequent.map((t) => t.term), 'any', CANDIDATES));
    return out;
  }

  /** Semantic neighbours of the query, or null when the option is off; a failing provider is logged and explained, not fatal. */
  private async nearest(query: string, notes: string[]): Promise<Map<number, number> | null> {
    const index = semanticOf(this.ctx);
    if (!index.current()) return null;
    try {
      return await index.nearest(query, this.ctx.settings().semantic.candidates);
    } catch (err) {
      this.ctx.log.warn({ err: (err as Error).message }, 'semantic search unavailable; answering with keywords only');
      notes.push('Semantic search is unavailable right now: keyword results only');
      return null;
    }
  }

  /** Forget cached document frequencies (after bulk indexing). */
  invalidate(): void {
    this.dfCache.clear();
    this.total = null;
  }

  private async stats(terms: string[]): Promise<{ totalDocs: number; df: Map<string, number> }> {
    const now = Date.now();
    if (!this.total || now - this.total.at > DF_TTL_MS) {
      const row = await this.db.selectFrom('search_docs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      this.total = { n: Number(row?.n ?? 0), at: now };
    }
    const missing = terms.filter((t) => {
      const c = this.dfCache.get(t);
      return !c || now - c.at > DF_TTL_MS;
    });
    if (missing.length) {
      const fresh = await indexerOf(this.ctx).backend.documentFrequency(this.db, missing);
      for (const [t, n] of fresh) this.dfCache.set(t, { n, at: now });
      if (this.dfCache.size > 50_000) this.dfCache.clear();
    }
    return { totalDocs: this.total.n, df: new Map(terms.map((t) => [t, this.dfCache.get(t)?.n ?? 0])) };
  }

  async loadDocs(ids: number[]): Promise<StoredDoc[]> {
    const out: StoredDoc[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('search_docs')
        .select(['note_id', 'author_id', 'published_at', 'title', 'title_terms', 'body_terms', 'tag_terms', 'likes', 'collects', 'comments', 'views'])
        .where('note_id', 'in', ids.slice(i, i + 500)).execute();
      out.push(...rows.map(toStoredDoc));
    }
    return out;
  }

  /** Runs a query over the whole index (no visibility filtering). */
  async run(query: string, options: RunOptions): Promise<SearchOutcome & { plan: QueryPlan }> {
    let plan = this.plan(query, options.plain);
    // What people did after this same query: reformulations expand it, opened and collected results rise.
    const learning = !options.plain && plan.terms.length > 0 && options.learn !== false;
    if (learning) plan = withLearnt(plan, await behaviourOf(this.ctx).learntFor(plan.normalized));
    let contextNotes: string[] = [];
    if (options.context && !options.plain && plan.terms.length) ({ plan, notes: contextNotes } = applyContext(plan, this.lexicon().entries, options.context));
    const behaviour = learning ? await behaviourOf(this.ctx).behaviourFor(plan.normalized) : undefined;
    const offset = options.offset ?? 0;
    const empty = { intents: plan.intents, slots: plan.slots, sections: [], hits: [], total: 0, people: [], topics: [], context: contextNotes, plan };
    // Hybrid retrieval when the semantic option is on: notes near the query in meaning join the candidates.
    const semantic = options.plain || !plan.normalized ? null : await this.nearest(plan.normalized, contextNotes);
    if (!plan.terms.length && !semantic?.size) return empty;
    const backend = indexerOf(this.ctx).backend;
    // Context terms (place, season) only reorder what the query finds; they never bring in notes of their own.
    const keywordTerms = plan.terms.filter((t) => t.source !== 'context');
    const candidates = !keywordTerms.length ? []
      : options.plain ? await backend.match(this.db, keywordTerms.map((t) => t.term), offset + options.first)
      : await this.candidates(keywordTerms);
    if (semantic) {
      const known = new Set(candidates.map((c) => c.noteId));
      for (const [noteId, sim] of semantic) if (!known.has(noteId)) candidates.push({ noteId, engineScore: sim });
    }
    if (!candidates.length) return empty;

    if (options.plain) {
      const docs = new Map((await this.loadDocs(candidates.map((c) => c.noteId))).map((d) => [d.noteId, d]));
      const hits = candidates.slice(offset).map((c): SearchHit => ({ noteId: c.noteId, authorId: docs.get(c.noteId)?.authorId ?? 0, score: c.engineScore, reasons: ['keyword match'] }));
      return { ...empty, hits, total: candidates.length };
    }

    const docs = await this.loadDocs(candidates.map((c) => c.noteId));
    const settings = this.ctx.settings();
    const { totalDocs, df } = await this.stats(plan.terms.map((t) => t.term));
    const ranked = rankDocuments(docs, plan, { now: options.now ?? this.clock(), totalDocs, df, halfLifeDays: settings.freshnessHalfLifeDays, affinities: options.affinities, behaviour,
      semantic: semantic ?? undefined, semanticWeight: settings.semantic.weight });
    const hookContext = { query, viewerId: options.viewerId ?? null };
    let hits: SearchHit[] = ranked.map((r) => ({ noteId: r.doc.noteId, authorId: r.doc.authorId, score: r.score, reasons: r.reasons }));
    hits = await this.ctx.hooks.applyFilter(SearchAdjustScore, hits, hookContext);
    hits = diversify([...hits].sort((a, b) => b.score - a.score), settings.maxPerAuthor);
    if (options.sort === 'newest') {
      const published = new Map(docs.map((d) => [d.noteId, d.publishedAt]));
      hits.sort((a, b) => (published.get(b.noteId) ?? 0) - (published.get(a.noteId) ?? 0) || b.noteId - a.noteId);
    }
    const page = hits.slice(offset, offset + options.first);
    if (offset === 0) {
      const promoted = (await this.ctx.hooks.applyFilter(SearchPromoted, [], hookContext)).filter((h) => h.promoted?.label);
      // Promoted results go after the first organic one, never first, never unlabelled.
      const organic = page.filter((h) => !promoted.some((p) => p.noteId === h.noteId));
      page.splice(0, page.length, ...organic.slice(0, 1), ...promoted.slice(0, 2), ...organic.slice(1));
      page.length = Math.min(page.length, options.first);
    }
    const byId = new Map(ranked.map((r) => [r.doc.noteId, r]));
    const sections = plan.entries.filter((x) => x.section).map((entry) => {
      const noteIds = hits.slice(0, 50).filter((h) => byId.get(h.noteId)?.matched.some((m) => m.entryId === entry.id)).slice(0, 6).map((h) => h.noteId);
      const sample = entry.expand.slice(0, 3).join(', ');
      return { title: entry.section!, reason: `You asked for ${entry.label}; these notes mention ${sample}`, noteIds };
    }).filter((s) => s.noteIds.length);
    return { intents: plan.intents, slots: plan.slots, sections, hits: page, total: hits.length, people: [], topics: [], context: contextNotes, plan };
  }
}

const engines = new WeakMap<PluginContext, SearchEngine>();
export function engineOf(ctx: PluginContext): SearchEngine {
  let engine = engines.get(ctx);
  if (!engine) engines.set(ctx, (engine = new SearchEngine(ctx)));
  return engine;
}
