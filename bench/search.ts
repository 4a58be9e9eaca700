// Benchmark (issue 6): indexing rate and search latency of the search
// plugin over a generated bilingual corpus (plugins/search/tests/corpus.ts).
// Runs the search pipeline in-process (understand → engine candidates →
// ranking → hooks), not over HTTP: the generated notes exist only in the
// index, so GraphQL's visibility check would drop them. Prints one JSON line.
//
//   node bench/search.ts [--notes 100000] [--rounds 5] [--quick]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/search.ts

import { parseArgs } from 'node:util';
import notesPlugin from '../plugins/notes/index.ts';
import topicsPlugin from '../plugins/topics/index.ts';
import searchPlugin from '../plugins/search/index.ts';
import { engineOf } from '../plugins/search/engine.ts';
import { addFeedCandidates, rankFeed } from '../plugins/search/feed.ts';
import { indexerOf } from '../plugins/search/indexer.ts';
import { CORPUS_NOW, generateCorpus, judgedQueries, toIndexDocument } from '../plugins/search/tests/corpus.ts';
import { startBenchInstance } from './lib/instance.ts';
import { fail, printResult, round, say } from './lib/report.ts';

const { values } = parseArgs({ options: { notes: { type: 'string' }, rounds: { type: 'string' }, quick: { type: 'boolean', default: false } }, strict: true });
const NOTES = Number(values.notes ?? (values.quick ? 10_000 : 100_000));
const ROUNDS = Number(values.rounds ?? (values.quick ? 1 : 5));
if (!Number.isSafeInteger(NOTES) || NOTES < 100) fail('--notes must be an integer of at least 100');
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

  say(`generating ${NOTES} notes…`);
  // Dates moved so the newest note is from today (trending and new creators look at recent days).
  const shift = Date.now() - CORPUS_NOW;
  const corpus = generateCorpus(NOTES, 11).map((n) => ({ ...n, publishedAt: n.publishedAt + shift }));
  let segmentMs = 0;
  let writeMs = 0;
  for (let i = 0; i < corpus.length; i += BATCH) {
    const t0 = performance.now();
    const docs = corpus.slice(i, i + BATCH).map(toIndexDocument);
    const t1 = performance.now();
    await indexer.write(docs);
    const t2 = performance.now();
    segmentMs += t1 - t0;
    writeMs += t2 - t1;
    if ((i / BATCH) % 10 === 0) say(`indexed ${i + docs.length}/${NOTES}`);
  }
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
  say('warming up…');
  await measure(false);
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
      segmentDocsPerSecond: round(NOTES / (segmentMs / 1000), 0),
      writeDocsPerSecond: round(NOTES / (writeMs / 1000), 0),
    },
    searchMs: meadowSearch,
    plainKeywordMs: plainSearch,
    discoveryFeedMs: { p50: round(percentile(feedTimes, 50)), p95: round(percentile(feedTimes, 95)), runs: feedTimes.length },
    queries: queries.length,
    node: process.version,
  });
} finally {
  await meadow.close();
}
