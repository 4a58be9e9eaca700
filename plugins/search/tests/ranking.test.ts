// Ranking: engagement quality (collects and comments over likes), freshness,
// diversity (no author dominates a page), and the two hooks other plugins
// use: search.adjust-score (trust) and search.promoted (always labelled).

import { describe, it, expect, afterAll } from 'vitest';
import { PLUGIN_API_VERSION, definePlugin, filter } from '../../../core/index.ts';
import { SearchAdjustScore, SearchPromoted } from '../contracts.ts';
import { engineOf } from '../engine.ts';
import type { IndexDocument } from '../engine/types.ts';
import { indexerOf } from '../indexer.ts';
import { engagementQuality } from '../ranking.ts';
import { indexTerms } from '../text/tokenize.ts';
import { startSearch } from './helpers.ts';

const NOW = Date.UTC(2026, 0, 31);
const DAY = 86_400_000;
const doc = (noteId: number, authorId: number, text: string, extra: Partial<IndexDocument> = {}): IndexDocument => ({
  noteId, authorId, publishedAt: NOW - DAY, title: text, titleTerms: indexTerms(text), bodyTerms: indexTerms(text), tagTerms: [],
  likes: 0, collects: 0, comments: 0, views: 0, ...extra,
});

/** Test stand-ins for the trust and monetization plugins. */
const REPORTED = 5;
const trustPlugin = definePlugin({
  name: 'fake-trust', apiVersion: PLUGIN_API_VERSION,
  hooks: [filter(SearchAdjustScore, (hits) => hits.map((h) => (h.noteId === REPORTED ? { ...h, score: h.score * 0.1, reasons: [...h.reasons, 'reported: shown lower'] } : h)))],
});
const adsPlugin = definePlugin({
  name: 'fake-ads', apiVersion: PLUGIN_API_VERSION,
  hooks: [filter(SearchPromoted, (hits, { query }) => (query.includes('咖啡')
    ? [...hits, { noteId: 900, authorId: 90, score: 0, reasons: ['promoted'], promoted: { label: '广告 Promoted', by: 'fake-ads' } },
      { noteId: 901, authorId: 91, score: 0, reasons: ['sneaky'], promoted: null }]
    : hits))],
});

describe('ranking', async () => {
  const t = await startSearch(undefined, [trustPlugin, adsPlugin]);
  afterAll(() => t.close());
  const run = (q: string, first = 10) => engineOf(t.ctx).run(q, { first, now: NOW });
  await indexerOf(t.ctx).write([
    doc(1, 1, '露营装备清单', { likes: 20 }),
    doc(2, 2, '露营装备清单', { collects: 10, comments: 5 }),
    doc(3, 3, '露营装备清单', { publishedAt: NOW - 400 * DAY }),
    doc(4, 4, '露营装备清单'),
    doc(REPORTED, 5, '露营装备清单', { collects: 50 }),
    ...Array.from({ length: 12 }, (_, i) => doc(100 + i, 77, `手冲咖啡 第${i}杯`, { collects: 30 })),
    ...Array.from({ length: 4 }, (_, i) => doc(200 + i, 80 + i, `手冲咖啡 小店${i}`)),
  ]);
  engineOf(t.ctx).invalidate();

  it('weighs collects and comments over likes, and fresh over stale', async () => {
    expect(engagementQuality({ likes: 10, collects: 0, comments: 0, views: 0 })).toBeLessThan(engagementQuality({ likes: 0, collects: 0, comments: 10, views: 0 }));
    expect(engagementQuality({ likes: 0, collects: 0, comments: 10, views: 0 })).toBeLessThan(engagementQuality({ likes: 0, collects: 10, comments: 0, views: 0 }));
    // Views normalize: the same saves over many more views count for less.
    expect(engagementQuality({ likes: 0, collects: 10, comments: 0, views: 10_000 })).toBeLessThan(engagementQuality({ likes: 0, collects: 10, comments: 0, views: 20 }));
    const order = (await run('露营装备')).hits.map((h) => h.noteId);
    expect(order.indexOf(2)).toBeLessThan(order.indexOf(1));
    expect(order.indexOf(1)).toBeLessThan(order.indexOf(4));
    expect(order.indexOf(4)).toBeLessThan(order.indexOf(3));
  });

  it('lets a trust plugin sink a note through search.adjust-score, with a reason', async () => {
    const hits = (await run('露营装备')).hits;
    expect(hits.at(-1)).toMatchObject({ noteId: REPORTED });
    expect(hits.at(-1)!.reasons).toContain('reported: shown lower');
  });

  it('keeps one author from dominating a page', async () => {
    // Author 77 has the twelve most collected notes, yet at most two per page of ten;
    // when nobody else is left, the page is filled rather than cut.
    const page = (await run('手冲', 10)).hits;
    expect(page.slice(0, 6).filter((h) => h.authorId === 77)).toHaveLength(2);
    expect(new Set(page.slice(0, 6).map((h) => h.authorId)).size).toBe(5);
    expect(page).toHaveLength(10);
  });

  it('places promoted results second, always labelled; unlabelled ones are dropped', async () => {
    const hits = (await run('手冲咖啡', 10)).hits;
    expect(hits[0]!.promoted ?? null).toBeNull();
    expect(hits[1]).toMatchObject({ noteId: 900, promoted: { label: '广告 Promoted', by: 'fake-ads' } });
    expect(hits.map((h) => h.noteId)).not.toContain(901);
    expect(hits).toHaveLength(10);
    // Second pages carry no promotions; searches that are not about coffee neither.
    expect((await engineOf(t.ctx).run('手冲咖啡', { first: 10, offset: 10, now: NOW })).hits.some((h) => h.promoted)).toBe(false);
    expect((await run('露营')).hits.some((h) => h.promoted)).toBe(false);
  });
});
