// The relevance suite: a generated corpus of 3,000 bilingual notes and 66
// judged queries. Reports nDCG@10 and recall@50 for plain keyword search
// (the query's own words, engine order) and for Meadow's search; fails when
// Meadow's search is not clearly ahead.

import { describe, it, expect, afterAll } from 'vitest';
import { engineOf } from '../engine.ts';
import { indexerOf } from '../indexer.ts';
import { TEST_ENGINE } from '../../../tests/helpers/instance.ts';
import { CORPUS_NOW, generateCorpus, grade, judgedQueries, toIndexDocument } from './corpus.ts';
import { startSearch } from './helpers.ts';

function ndcgAt(k: number, ranked: number[], gains: Map<number, number>): number {
  const dcg = ranked.slice(0, k).reduce((s, id, i) => s + ((2 ** (gains.get(id) ?? 0)) - 1) / Math.log2(i + 2), 0);
  const ideal = [...gains.values()].sort((a, b) => b - a).slice(0, k).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  return ideal ? dcg / ideal : 0;
}

function recallAt(k: number, ranked: number[], gains: Map<number, number>): number {
  const relevant = [...gains].filter(([, g]) => g === 2).map(([id]) => id);
  if (!relevant.length) return 1;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

describe('relevance suite', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const corpus = generateCorpus(3000, 7);
  const docs = corpus.map(toIndexDocument);
  for (let i = 0; i < docs.length; i += 500) await indexerOf(t.ctx).write(docs.slice(i, i + 500));
  const engine = engineOf(t.ctx);
  engine.invalidate();

  it('puts Meadow search clearly ahead of plain keyword search (nDCG@10, recall@50)', { timeout: 60_000 }, async () => {
    const queries = judgedQueries();
    expect(queries.length).toBeGreaterThanOrEqual(60);
    const totals = { plain: { ndcg: 0, recall: 0 }, meadow: { ndcg: 0, recall: 0 } };
    const perQuery: { q: string; plain: number; meadow: number }[] = [];
    for (const { query, want } of queries) {
      const gains = new Map(corpus.map((n) => [n.id, grade(n, want)] as const).filter(([, g]) => g > 0));
      const plain = (await engine.run(query, { first: 50, plain: true, now: CORPUS_NOW })).hits.map((h) => h.noteId);
      const meadow = (await engine.run(query, { first: 50, now: CORPUS_NOW })).hits.map((h) => h.noteId);
      const p = ndcgAt(10, plain, gains), m = ndcgAt(10, meadow, gains);
      totals.plain.ndcg += p;
      totals.meadow.ndcg += m;
      totals.plain.recall += recallAt(50, plain, gains);
      totals.meadow.recall += recallAt(50, meadow, gains);
      perQuery.push({ q: query, plain: +p.toFixed(2), meadow: +m.toFixed(2) });
    }
    const n = queries.length;
    const report = {
      engine: TEST_ENGINE, notes: corpus.length, queries: n,
      plain: { ndcg10: +(totals.plain.ndcg / n).toFixed(3), recall50: +(totals.plain.recall / n).toFixed(3) },
      meadow: { ndcg10: +(totals.meadow.ndcg / n).toFixed(3), recall50: +(totals.meadow.recall / n).toFixed(3) },
    };
    console.log(JSON.stringify(report));
    console.log(JSON.stringify(perQuery.filter((x) => x.meadow < x.plain)));
    expect(report.meadow.ndcg10).toBeGreaterThanOrEqual(report.plain.ndcg10 + 0.05);
    expect(report.meadow.recall50).toBeGreaterThanOrEqual(report.plain.recall50);
  });
});
