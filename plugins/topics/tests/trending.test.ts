// Trending over a sliding window with exponential decay (not plain counts),
// the pure maths behind it, hidden and merged tags, and related topics.

import { describe, it, expect, afterAll } from 'vitest';
import { HOUR_MS, decayFactors, hotScore, relatedScore } from '../trending.ts';
import { expectOk, startTopics } from './helpers.ts';

describe('ranking maths', () => {
  it('halves a bucket every half-life and stops at the window', () => {
    const now = Date.UTC(2025, 0, 10, 12, 30);
    const factors = decayFactors(now, 48, 12);
    expect(factors).toHaveLength(48);
    expect(factors[0]!.factor).toBe(1);
    expect(factors[12]!.factor).toBeCloseTo(0.5, 12);
    expect(factors[24]!.factor).toBeCloseTo(0.25, 12);
    expect(factors[47]!.bucket).toBe(factors[0]!.bucket - 47);
  });

  it('needs half the engagement a day later to rank alike', () => {
    const t0 = Date.UTC(2025, 0, 1);
    const older = hotScore({ likes: 7, collects: 0, comments: 0 }, t0); // log2(8) = 3
    const newer = hotScore({ likes: 3, collects: 0, comments: 0 }, t0 + 24 * HOUR_MS); // log2(4) + 1 = 3
    expect(newer).toBeCloseTo(older, 9);
    expect(hotScore({ likes: 0, collects: 1, comments: 0 }, t0)).toBeGreaterThan(hotScore({ likes: 1, collects: 0, comments: 0 }, t0));
  });

  it('scores related topics by cosine of co-occurrence', () => {
    expect(relatedScore(5, 5, 5)).toBe(1);
    expect(relatedScore(5, 5, 500)).toBeLessThan(relatedScore(2, 5, 4));
  });
});

describe('trending topics', async () => {
  const t = await startTopics();
  afterAll(() => t.close());
  const alice = await t.person('alice');
  const mod = await t.person('mod_trend', 'moderator');
  const admin = await t.person('admin_t', 'admin');
  const TRENDING = `query($first: Int) { trendingTopics(first: $first) { rank score topic { name } } }`;
  const names = async (first = 10) => expectOk(await t.gql(TRENDING, { first })).trendingTopics.map((x: any) => x.topic.name);

  it('counts published notes', async () => {
    await t.post(alice, '#新鲜事 一');
    await t.post(alice, '#新鲜事 二 #旁边');
    const top = expectOk(await t.gql(TRENDING, { first: 2 })).trendingTopics;
    expect(top[0]).toEqual({ rank: 1, score: 2, topic: { name: '新鲜事' } });
  });

  it('lets a burst now beat a bigger but older burst (decay, not plain counts)', async () => {
    const now = Date.now();
    const oldTag = await t.store.ensureTopicByName('老热点');
    const newTag = await t.store.ensureTopicByName('新热点');
    // 12 uses two days ago against 4 uses in the last hour.
    for (let i = 0; i < 12; i++) await t.store.recordUsage(oldTag.id, 1, new Date(now - 48 * HOUR_MS));
    for (let i = 0; i < 4; i++) await t.store.recordUsage(newTag.id, 1, new Date(now));
    const list = await names(20);
    expect(list.indexOf('新热点')).toBeLessThan(list.indexOf('老热点'));

    // A long half-life makes the older, bigger burst win again: the setting is live.
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "topics", settings: { trendingHalfLifeHours: 200 }) { name } }`));
    const slow = await names(20);
    expect(slow.indexOf('老热点')).toBeLessThan(slow.indexOf('新热点'));

    // A short window drops the old burst altogether.
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "topics", settings: { trendingHalfLifeHours: 12, trendingWindowHours: 24 }) { name } }`));
    expect(await names(20)).not.toContain('老热点');
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "topics", settings: { trendingWindowHours: 72 }) { name } }`));
  });

  it('follows the injected clock: usage fades as time passes', async () => {
    const tag = await t.store.ensureTopicByName('时光机');
    const start = Date.now();
    await t.store.recordUsage(tag.id, 50, new Date(start));
    const scoreAt = async (ms: number) => {
      t.store.now = () => ms;
      const found = (await t.store.trending(50)).find((x) => x.topic.id === tag.id);
      return found?.score ?? 0;
    };
    try {
      const fresh = await scoreAt(start);
      const later = await scoreAt(start + 12 * HOUR_MS);
      expect(later / fresh).toBeCloseTo(0.5, 6);
      expect(await scoreAt(start + 80 * HOUR_MS)).toBe(0);
    } finally {
      t.store.now = () => Date.now();
    }
  });

  it('leaves hidden tags out and adds a merged synonym to its canonical tag', async () => {
    const spam = await t.store.ensureTopicByName('刷屏');
    await t.store.recordUsage(spam.id, 100, new Date());
    expect((await names(3))[0]).toBe('刷屏');
    expectOk(await mod.gql(`mutation { hideTopic(name: "刷屏") { hidden } }`));
    expect(await names(50)).not.toContain('刷屏');

    const synonym = await t.store.ensureTopicByName('同义词');
    await t.store.recordUsage(synonym.id, 80, new Date());
    expectOk(await mod.gql(`mutation { mergeTopics(from: "同义词", into: "新鲜事") { name } }`));
    const top = expectOk(await t.gql(TRENDING, { first: 1 })).trendingTopics[0];
    expect(top.topic.name).toBe('新鲜事');
    expect(top.score).toBeCloseTo(82, 6);
    expect(await names(50)).not.toContain('同义词');
  });

  it('refuses a bad page size', async () => {
    const res = await t.gql(TRENDING, { first: 0 });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('related topics', async () => {
  const t = await startTopics();
  afterAll(() => t.close());
  const alice = await t.person('alice');

  it('ranks topics that appear on the same notes, strongest first', async () => {
    await t.post(alice, '#咖啡探店 #拿铁 #上海');
    await t.post(alice, '#咖啡探店 #拿铁');
    await t.post(alice, '#咖啡探店 #拿铁 #周末');
    await t.post(alice, '#咖啡探店 #上海');
    await t.post(alice, '#上海 #外滩');
    await t.post(alice, '#无关 #别的');
    const data = expectOk(await t.gql(`{ topic(name: "咖啡探店") { related(first: 3) { name } } }`));
    expect(data.topic.related.map((x: any) => x.name)).toEqual(['拿铁', '上海', '周末']);
    const none = expectOk(await t.gql(`{ topic(name: "外滩") { related { name } } }`));
    expect(none.topic.related.map((x: any) => x.name)).toEqual(['上海']);
  });
});
