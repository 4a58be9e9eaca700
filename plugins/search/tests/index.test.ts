// The index: text normalization and segmentation (measured), and keeping
// the index current from notes events, on both engines.

import { describe, it, expect, afterAll } from 'vitest';
import { engineOf } from '../engine.ts';
import { indexerOf } from '../indexer.ts';
import { stem } from '../text/stem.ts';
import { T2S_SIZE, toSimplified } from '../text/t2s.ts';
import { indexTerms, segment } from '../text/tokenize.ts';
import { startSearch } from './helpers.ts';

/** Hand-segmented sentences (simplified Chinese, lifestyle writing). */
const GOLD: [string, string[]][] = [
  ['周末带孩子去公园野餐', ['周末', '带', '孩子', '去', '公园', '野餐']],
  ['这款面霜适合敏感肌', ['这款', '面霜', '适合', '敏感', '肌']],
  ['上海最好喝的咖啡馆推荐', ['上海', '最', '好喝', '的', '咖啡馆', '推荐']],
  ['第一次露营需要准备什么', ['第一次', '露营', '需要', '准备', '什么']],
  ['杭州西湖附近的徒步路线', ['杭州', '西湖', '附近', '的', '徒步', '路线']],
  ['雨天带娃去哪儿玩', ['雨天', '带', '娃', '去', '哪儿', '玩']],
  ['平价好用的防晒霜', ['平价', '好用', '的', '防晒霜']],
  ['情侣约会的餐厅', ['情侣', '约会', '的', '餐厅']],
  ['新手化妆教程', ['新手', '化妆', '教程']],
  ['装修避坑指南', ['装修', '避坑', '指南']],
];

describe('text: normalization and segmentation', () => {
  it('segments Chinese with Intl.Segmenter well enough (measured word F1)', () => {
    const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
    let tp = 0, predicted = 0, gold = 0;
    const started = performance.now();
    for (const [text, words] of GOLD) {
      const got = [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
      const want = new Set(words);
      predicted += got.length;
      gold += words.length;
      tp += got.filter((w) => want.has(w)).length;
    }
    const ms = performance.now() - started;
    const precision = tp / predicted, recall = tp / gold, f1 = (2 * precision * recall) / (precision + recall);
    console.log(JSON.stringify({ segmenter: 'Intl.Segmenter zh', precision: +precision.toFixed(3), recall: +recall.toFixed(3), f1: +f1.toFixed(3), sentences: GOLD.length, ms: +ms.toFixed(2) }));
    expect(f1).toBeGreaterThan(0.75);
  });

  it('folds width, case and traditional characters, and stems English', () => {
    expect(T2S_SIZE).toBeGreaterThan(300);
    expect(toSimplified('週末帶孩子去露營')).toBe('周末带孩子去露营');
    expect(segment('ＣＡＭＰＩＮＧ Café').words).toEqual(['camp', 'cafe']);
    expect(segment('週末露營').words).toEqual(segment('周末露营').words);
    expect(['hiking', 'hikes', 'hiked', 'hike'].map(stem)).toEqual(['hike', 'hike', 'hike', 'hike']);
    expect(['stories', 'shopping', 'cafes', 'glass'].map(stem)).toEqual(['story', 'shop', 'cafe', 'glass']);
  });

  it('indexes words, Chinese bigrams, hashtags and emoji, never query syntax', () => {
    const terms = indexTerms('敏感肌面霜 #護膚 ☕️ "NEAR" OR foo:bar (x*)');
    expect(terms).toEqual(expect.arrayContaining(['敏感', '面霜', '感肌', '肌面', '#护肤', '☕', 'near', 'foo', 'bar', 'x']));
    for (const t of terms) expect(t).toMatch(/^[#\p{L}\p{M}\p{N}\p{Extended_Pictographic}\u200d]+$/u);
  });
});

describe('index: kept current from notes events', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const ann = await t.person('ann');
  const bob = await t.person('bob');
  const ids = (hits: { noteId: number }[]) => hits.map((h) => h.noteId);
  const search = (q: string, viewerId: number | null = null) => engineOf(t.ctx).run(q, { first: 20, viewerId }).then((o) => ids(o.hits));

  const camping = await t.post(ann, { title: '第一次露營 First camping trip', body: '帳篷和睡袋都租的 #露營 ⛺', alt: 'tent by the lake' });
  const cafe = await t.post(bob, { title: 'Quiet cafés in Shanghai', body: 'Two coffee shops with good light ☕ #咖啡' });
  const secret = await t.post(bob, { title: '只给粉丝看的露营', body: '#露营', visibility: 'followers' });

  it('finds notes by simplified or traditional words, English stems, tags, emoji and alt text', async () => {
    engineOf(t.ctx).invalidate();
    expect(await search('露营')).toEqual([camping.id]);
    expect(await search('露營')).toEqual([camping.id]);
    expect(await search('#露营')).toEqual([camping.id]);
    expect(await search('campings')).toEqual([camping.id]);
    expect(await search('CAFE')).toEqual([cafe.id]);
    expect(await search('☕')).toEqual([cafe.id]);
    expect(await search('lake')).toEqual([camping.id]);
    expect(await search('帐篷')).toEqual([camping.id]);
    // Followers-only notes are not indexed.
    expect(await search('只给粉丝')).not.toContain(secret.id);
  });

  it('follows edits and deletes (durable events)', async () => {
    const edited = await ann.gql(`mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }`,
      { id: camping.gid, input: { title: 'Glamping by the river', body: '换成了 #豪华露营' } });
    expect(edited.errors).toBeUndefined();
    await t.settle();
    engineOf(t.ctx).invalidate();
    expect(await search('glamping')).toEqual([camping.id]);
    expect(await search('帐篷')).toEqual([]);
    expect((await bob.gql(`mutation($id: ID!) { deleteNote(id: $id) }`, { id: cafe.gid })).errors).toBeUndefined();
    await t.settle();
    expect(await search('cafe')).toEqual([]);
    const tags = await t.ctx.db.kysely().selectFrom('search_tags').select(['tag', 'notes']).orderBy('tag').execute();
    expect(tags.map((r) => [r.tag, Number(r.notes)])).toEqual([['#豪华露营', 1]]);
  });

  it('reindexes everything with progress, dropping what is gone', async () => {
    await t.ctx.db.kysely().deleteFrom('search_docs').execute();
    await t.ctx.db.kysely().insertInto('search_docs').values({
      note_id: 999_999, author_id: 1, published_at: 0, title: 'ghost', title_terms: 'ghost', body_terms: '', tag_terms: '', likes: 0, collects: 0, comments: 0, views: 0, indexed_at: 0,
    }).execute();
    const steps: [number, number][] = [];
    const result = await indexerOf(t.ctx).reindex((done, total) => steps.push([done, total]), 1);
    expect(result).toMatchObject({ indexed: 1, removed: 1 });
    // Counted from 0 to the total, one step per batch of one.
    expect(steps).toEqual(Array.from({ length: result.total + 1 }, (_, i) => [i, result.total]));
    engineOf(t.ctx).invalidate();
    expect(await search('glamping')).toEqual([camping.id]);
  });
});
