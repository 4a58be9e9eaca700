// The bounded candidate pass over frequent terms (engine.ts, `frequentTermDocs`),
// with the threshold lowered so a 600-note corpus has frequent terms: selective
// terms are still matched in full, typed frequent words are matched together
// (all of them) before any of them, and the answer stays about the query.

import { describe, it, expect, afterAll } from 'vitest';
import { engineOf } from '../engine.ts';
import { indexerOf } from '../indexer.ts';
import { CORPUS_NOW, generateCorpus, toIndexDocument } from './corpus.ts';
import { expectOk, startSearch } from './helpers.ts';

describe('candidate pass over frequent terms', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const admin = await t.person('site_admin', 'admin');
  const corpus = generateCorpus(600, 5);
  const facts = new Map(corpus.map((n) => [n.id, n]));
  const docs = corpus.map(toIndexDocument);
  await indexerOf(t.ctx).write(docs);
  const engine = engineOf(t.ctx);
  engine.invalidate();
  const byId = new Map(docs.map((d) => [d.noteId, d]));
  const has = (id: number, term: string) => {
    const d = byId.get(id)!;
    return d.titleTerms.includes(term) || d.bodyTerms.includes(term) || d.tagTerms.includes(term);
  };
  const count = (term: string) => docs.filter((d) => has(d.noteId, term)).length;
  // Answers with every match ranked (the threshold above the corpus size), to compare with.
  const QUERIES = ['上海 咖啡', '周末带娃去哪儿玩', 'camping Hangzhou', '敏感肌面霜推荐', 'rainy day with kids'];
  const full = new Map<string, number[]>();
  for (const q of QUERIES) full.set(q, (await engine.run(q, { first: 10, now: CORPUS_NOW })).hits.map((h) => h.noteId));
  expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "search", settings: { frequentTermDocs: 20 }) { name } }`));

  it('matches the typed frequent words together first', async () => {
    expect(count('上海')).toBeGreaterThan(20);
    expect(count('咖啡')).toBeGreaterThan(20);
    const both = docs.filter((d) => has(d.noteId, '上海') && has(d.noteId, '咖啡')).length;
    const candidates = await engine.candidates(engine.plan('上海 咖啡').terms);
    expect(candidates.length).toBeLessThanOrEqual(1000);
    // Selective terms (rare bigrams, expansions) come first; then every note with both typed words.
    const withBoth = candidates.filter((c) => has(c.noteId, '上海') && has(c.noteId, '咖啡'));
    expect(withBoth.length).toBe(both);
  });

  it('answers much like ranking every match', async () => {
    const overlaps: Record<string, number> = {};
    for (const q of QUERIES) {
      const tiered = (await engine.run(q, { first: 10, now: CORPUS_NOW })).hits.map((h) => h.noteId);
      overlaps[q] = tiered.filter((id) => full.get(q)!.includes(id)).length;
    }
    console.log(JSON.stringify({ top10OverlapWithFullRanking: overlaps }));
    for (const q of QUERIES) expect(overlaps[q], q).toBeGreaterThanOrEqual(8);
    expect(facts.size).toBe(600);
  });

  it('still matches every note of a selective word next to a frequent one', async () => {
    const rare = docs.filter((d) => has(d.noteId, '蹦床')).map((d) => d.noteId);
    expect(rare.length).toBeGreaterThan(0);
    expect(rare.length).toBeLessThanOrEqual(20);
    const candidates = new Set((await engine.candidates(engine.plan('上海 蹦床').terms)).map((c) => c.noteId));
    for (const id of rare) expect(candidates.has(id)).toBe(true);
    const top = (await engine.run('上海 蹦床', { first: 5, now: CORPUS_NOW })).hits.map((h) => h.noteId);
    expect(top.every((id) => has(id, '蹦床'))).toBe(true);
  });
});
