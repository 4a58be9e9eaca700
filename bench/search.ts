// Benchmark (issue 6): indexing rate, search latency and discovery-feed
// latency of the search plugin over a generated bilingual corpus
// (plugins/search/tests/corpus.ts), on SQLite or PostgreSQL. Runs the search
// pipeline in-process (understand → engine candidates → ranking → hooks),
// not over HTTP: the generated notes exist only in the index, so GraphQL's
// visibility check would drop them. Prints one JSON line.
//
//   node bench/search.ts [--notes 20000] [--rounds 3] [--quick] [--explain]
//   node bench/search.ts --notes 1000000          (a million notes; ~10 min to index on SQLite)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/search.ts --notes 100000
//
// --explain prints EXPLAIN ANALYZE (PostgreSQL) or EXPLAIN QUERY PLAN
// (SQLite) of the candidate query for a few judged queries, to stderr.

import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import notesPlugin from '../plugins/notes/index.ts';
import topicsPlugin from '../plugins/topics/index.ts';
import searchPlugin from '../plugins/search/index.ts';
import { CANDIDATES, engineOf } from '../plugins/search/engine.ts';
import { addFeedCandidates, rankFeed } from '../plugins/search/feed.ts';
import { indexerOf } from '../plugins/search/indexer.ts';
import { CORPUS_NOW, corpusNotes, judgedQueries, toIndexDocument } from '../plugins/search/tests/corpus.ts';
import { startBenchInstance } from './lib/instance.ts';
import { fail, printResult, round, say } from './lib/report.ts';

const { values } = parseArgs({
  options: { notes: { type: 'string' }, rounds: { type: 'string' }, quick: { type: 'boolean', default: false }, explain: { type: 'boolean', default: false } },
  strict: true,
});
const NOTES = Number(values.notes ?? (values.quick ? 5_000 : 20_000));
const ROUNDS = Number(values.rounds ?? (values.quick ? 1 : 3));
if (!Number.isSafeInteger(NOTES) || NOTES < 100 || NOTES > 5_000_000) fail('--notes must be an integer from 100 to 5,000,000');
if (!Number.isSafeInteger(ROUNDS) || ROUNDS < 1) fail('--rounds must be a positive integer');
const BATCH = 1_000;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

const meadow = await startBenchInstance({ plugins: [notesPlugin, topicsPlugin, searchPlugin] });
try {
  const ctx = meadow.kernel.contextOf('search');
  const indexer = indexerOf(ctx);
  const engine = engineOf(ctx);

  // Dates moved so the newest note is from today (trending and new creators look at recent days).
  const shift = Date.now() - CORPUS_NOW;
  let segmentMs = 0;
  let writeMs = 0;
  let batch: ReturnType<typeof toIndexDocument>[] = [];
  let done = 0;
  const flush = async () => {
    const t1 = performance.now();
    await indexer.write(batch);
    writeMs += performance.now() - t1;
    done += batch.length;
    batch = [];
    if (done % (BATCH * 20) === 0 || done === NOTES) say(`indexed ${done}/${NOTES}`);
  };
  for (const note of corpusNotes(NOTES, 11)) {
    const t0 = performance.now();
    batch.push(toIndexDocument({ ...note, publishedAt: note.publishedAt + shift }));
    segmentMs += performance.now() - t0;
    if (batch.length === BATCH) await flush();
  }
  if (batch.length) await flush();
  if (ctx.db.dialect === 'postgres') await sql`analyze search_docs`.execute(ctx.db.kysely());
  engine.invalidate();

  const queries = judgedQueries().map((q) => q.query);
  const measure = async (plain: boolean) => {
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const q of queries) {
        const t0 = performance.now();
        await engine.run(q, { first: 20, plain });
        times.push(performance.now() - t0);
      }
    }
    return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), runs: times.length };
  };
  // The engine's candidate pass alone (text-index queries), for the same query terms.
  const plans = queries.map((q) => engine.plan(q));
  const candidateTimes: number[] = [];
  const measureCandidates = async () => {
    for (let r = 0; r < ROUNDS; r++) {
      for (const plan of plans) {
        const t0 = performance.now();
        await engine.candidates(plan.terms);
        candidateTimes.push(performance.now() - t0);
      }
    }
  };
  if (values.explain) await explain(plans.slice(0, 3).map((p) => p.terms.map((t) => t.term)));

  say('warming up…');
  await measure(false);
  await measureCandidates();
  candidateTimes.length = 0;
  await measureCandidates();
  const meadowSearch = await measure(false);
  const plainSearch = await measure(true);

  // The discovery feed's search part (candidates + ranking) for a viewer with
  // tag affinities; notes' own recent-notes query and visibility check are not included.
  const viewerId = 1_000_000;
  await ctx.db.kysely().insertInto('search_affinities').values(['#露营', '#咖啡', '#亲子'].map((tag, i) => ({ account_id: viewerId, tag, weight: 3 - i, signal: 'collect', updated_at: Date.now() }))).execute();
  const viewer = { accountId: viewerId, handle: 'bench', role: 'person' as const, sessionId: null };
  const feedTimes: number[] = [];
  for (let r = 0; r < 30 * ROUNDS; r++) {
    const t0 = performance.now();
    const request = { viewer, limit: 20, exclude: [] };
    await rankFeed(ctx, await addFeedCandidates(ctx, [], request), request);
    feedTimes.push(performance.now() - t0);
  }

  printResult({
    bench: 'search',
    engine: meadow.kernel.contextOf('search').db.dialect,
    notes: NOTES,
    indexing: {
      docsPerSecond: round(NOTES / ((segmentMs + writeMs) / 1000), 0),
      seconds: round((segmentMs + writeMs) / 1000, 1),
      segmentDocsPerSecond: round(NOTES / (segmentMs / 1000), 0),
      writeDocsPerSecond: round(NOTES / (writeMs / 1000), 0),
    },
    searchMs: meadowSearch,
    plainKeywordMs: plainSearch,
    candidatePassMs: { p50: round(percentile(candidateTimes, 50)), p95: round(percentile(candidateTimes, 95)), runs: candidateTimes.length },
    discoveryFeedMs: { p50: round(percentile(feedTimes, 50)), p95: round(percentile(feedTimes, 95)), runs: feedTimes.length },
    queries: queries.length,
    node: process.version,
  });
} finally {
  await meadow.close();
}

/** Query plans of the candidate pass, to stderr. */
async function explain(termLists: string[][]): Promise<void> {
  const ctx = meadow.kernel.contextOf('search');
  const db = ctx.db.kysely();
  for (const terms of termLists) {
    if (ctx.db.dialect === 'postgres') {
      const { postgresCandidateQuery } = await import('../plugins/search/engine/postgres.ts');
      const { rows } = await sql.raw(`explain (analyze, buffers) ${postgresCandidateQuery(terms, CANDIDATES)}`).execute(db);
      process.stderr.write(`-- ${terms.join(' | ')}\n${rows.map((r: any) => r['QUERY PLAN']).join('\n')}\n`);
    } else {
      const { rows } = await sql`explain query plan select rowid from search_fts where search_fts match ${terms.map((t) => `"${t}"`).join(' OR ')} order by bm25(search_fts) limit ${CANDIDATES}`.execute(db);
      process.stderr.write(`-- ${terms.join(' OR ')}\n${JSON.stringify(rows)}\n`);
    }
  }
}
