// The same results on both engines: each engine's answer must equal a
// reference computed in memory from the same corpus (brute-force matching
// and document frequencies, the same ranking code). Run on SQLite and on
// PostgreSQL, this shows both engines give identical ranked lists.

import { describe, it, expect, afterAll } from 'vitest';
import { engineOf } from '../engine.ts';
import { indexerOf } from '../indexer.ts';
import { diversify, rankDocuments, type StoredDoc } from '../ranking.ts';
import { CORPUS_NOW, generateCorpus, toIndexDocument } from './corpus.ts';
import { startSearch } from './helpers.ts';

describe('engine parity', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const docs = generateCorpus(400, 3).map(toIndexDocument);
  await indexerOf(t.ctx).write(docs);
  const engine = engineOf(t.ctx);
  engine.invalidate();
  const stored: StoredDoc[] = docs.map((d) => ({ ...d }));

  const reference = (query: string) => {
    const plan = engine.plan(query);
    const terms = plan.terms.map((x) => x.term);
    const has = (d: StoredDoc, term: string) => d.titleTerms.includes(term) || d.bodyTerms.includes(term) || d.tagTerms.includes(term);
    const df = new Map(terms.map((term) => [term, stored.filter((d) => has(d, term)).length]));
    const matching = stored.filter((d) => terms.some((term) => has(d, term)));
    const ranked = rankDocuments(matching, plan, { now: CORPUS_NOW, totalDocs: stored.length, df, halfLifeDays: 30 });
    return diversify(ranked.map((r) => ({ noteId: r.doc.noteId, authorId: r.doc.authorId })), 2).slice(0, 20).map((x) => x.noteId);
  };

  it.each(['周末带娃去哪儿玩', 'rainy day with kids', '敏感肌面霜推荐', 'camping Hangzhou', '#露营', '咖啡 ☕', 'date night'])('ranks "%s" exactly like the reference', async (query) => {
    const got = (await engine.run(query, { first: 20, now: CORPUS_NOW })).hits.map((h) => h.noteId);
    const want = reference(query);
    expect(want.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });
});
