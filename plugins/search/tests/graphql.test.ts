// The search GraphQL: answers with intents, sections and reasons, paging
// with signed cursors, autocomplete (CJK prefixes, topics, people), history
// (per person, clearable), trending searches and the staff reindex job.

import { describe, it, expect, afterAll } from 'vitest';
import { expectCode, expectOk, startSearch } from './helpers.ts';

const SEARCH = `query($q: String!, $first: Int, $after: String) { search(query: $q, first: $first, after: $after) {
  query intents slots { slot value label } sections { title reason notes { id title } }
  notes { totalCount edges { cursor reasons promoted { label } node { id title } } pageInfo { hasNextPage endCursor } } } }`;

describe('search GraphQL', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const ann = await t.person('ann_li');
  const bob = await t.person('bob');
  const admin = await t.person('site_admin', 'admin');
  const playground = await t.post(ann, { title: '雨天遛娃好去处', body: '室内乐园，小朋友玩得很开心 #遛娃' });
  const camping = await t.post(bob, { title: '露营装备清单', body: '第一次露营需要准备什么 #露营' });
  const camping2 = await t.post(ann, { title: '露营踩坑', body: '帐篷别买太便宜的 #露营' });
  await t.post(bob, { title: '粉丝专属露营', body: '#露营', visibility: 'followers' });

  it('answers a vague query with intents, slots, sections and reasons', async () => {
    const data = expectOk(await ann.gql(SEARCH, { q: '下雨天带孩子去哪儿玩' })).search;
    expect(data.intents).toContain('find-places');
    expect(data.slots.map((s: any) => s.value).sort()).toEqual(['indoor', 'kids', 'outing']);
    expect(data.notes.edges[0].node.id).toBe(playground.gid);
    expect(data.notes.edges[0].reasons.length).toBeGreaterThan(0);
    const kids = data.sections.find((s: any) => s.title.startsWith('Kid-friendly'));
    expect(kids.notes.map((n: any) => n.id)).toEqual([playground.gid]);
    expect(kids.reason).toContain('kids');
  });

  it('pages with cursors that belong to their query, and shows public notes only', async () => {
    const page1 = expectOk(await t.gql(SEARCH, { q: '露营', first: 1 })).search.notes;
    expect(page1.totalCount).toBe(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = expectOk(await t.gql(SEARCH, { q: '露营', first: 1, after: page1.pageInfo.endCursor })).search.notes;
    expect([page1.edges[0].node.id, page2.edges[0].node.id].sort()).toEqual([camping.gid, camping2.gid].sort());
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expectCode(await t.gql(SEARCH, { q: '遛娃', first: 1, after: page1.pageInfo.endCursor }), 'BAD_USER_INPUT');
    expectCode(await t.gql(SEARCH, { q: '露营', first: 1, after: page1.pageInfo.endCursor.slice(0, -2) + 'xx' }), 'BAD_USER_INPUT');
    expectCode(await t.gql(SEARCH, { q: '露营', first: 1000 }), 'BAD_USER_INPUT');
  });

  it('answers odd input without error and refuses an over-long query clearly', async () => {
    for (const q of ['', '   ', '"', '*', 'NEAR', 'OR', ':', '(露营)', '露营 OR "帐篷" NEAR(a b) title:x*', '🏕️⛺', '露营 camping キャンプ 캠핑']) {
      const res = await t.gql(SEARCH, { q });
      expect(res.errors, q).toBeUndefined();
    }
    const mixed = expectOk(await t.gql(SEARCH, { q: '露营 camping キャンプ' })).search.notes.edges.map((e: any) => e.node.id);
    expect(mixed.sort()).toEqual([camping.gid, camping2.gid].sort());
    const long = await t.gql(SEARCH, { q: 'a'.repeat(10_000) });
    expectCode(long, 'BAD_USER_INPUT');
    expect(long.errors![0]!.message).toMatch(/too long/);
  });

  it('autocompletes titles, topics and people, with CJK prefixes', async () => {
    const AC = `query($p: String!) { autocomplete(prefix: $p) { kind text note { id } account { handle } } }`;
    const lu = expectOk(await t.gql(AC, { p: '露' })).autocomplete;
    expect(lu).toEqual(expect.arrayContaining([{ kind: 'TOPIC', text: '#露营', note: null, account: null }, expect.objectContaining({ kind: 'TITLE', text: '露营装备清单', note: { id: camping.gid } })]));
    expect(lu.map((s: any) => s.text)).not.toContain('粉丝专属露营');
    expect(expectOk(await t.gql(AC, { p: '＃露' })).autocomplete.map((s: any) => s.text)).toEqual(['#露营']);
    expect(expectOk(await t.gql(AC, { p: '露营踩' })).autocomplete.map((s: any) => s.text)).toEqual(['露营踩坑']);
    expect(expectOk(await t.gql(AC, { p: 'ann' })).autocomplete).toEqual([{ kind: 'PERSON', text: '@ann_li', note: null, account: { handle: 'ann_li' } }]);
    expect(expectOk(await t.gql(AC, { p: '%' })).autocomplete).toEqual([]);
    expect(expectOk(await t.gql(AC, { p: '' })).autocomplete).toEqual([]);
    expectCode(await t.gql(AC, { p: 'x'.repeat(101) }), 'BAD_USER_INPUT');
  });

  it('keeps a clearable history per person and counts trending searches', async () => {
    const HISTORY = `{ searchHistory { query } }`;
    expectCode(await t.gql(HISTORY), 'UNAUTHENTICATED');
    expectOk(await bob.gql(SEARCH, { q: '露營' }));
    expectOk(await bob.gql(SEARCH, { q: 'Camping' }));
    expectOk(await bob.gql(SEARCH, { q: '露营' }));
    expect(expectOk(await bob.gql(HISTORY)).searchHistory.map((h: any) => h.query)).toEqual(['露营', 'camping']);
    expect(expectOk(await ann.gql(HISTORY)).searchHistory.map((h: any) => h.query)).toEqual(['下雨天带孩子去哪儿玩']);
    const trending = expectOk(await t.gql(`{ trendingSearches { query score } }`)).trendingSearches;
    expect(trending[0].query).toBe('露营');
    expect(expectOk(await bob.gql(`mutation { clearSearchHistory }`)).clearSearchHistory).toBe(true);
    expect(expectOk(await bob.gql(HISTORY)).searchHistory).toEqual([]);
    expect(expectOk(await ann.gql(HISTORY)).searchHistory).toHaveLength(1);
  });

  it('lets staff rebuild the index as a job', async () => {
    expectCode(await bob.gql(`mutation { reindexSearch }`), 'FORBIDDEN');
    expectCode(await t.gql(`mutation { reindexSearch }`), 'UNAUTHENTICATED');
    await t.ctx.db.kysely().deleteFrom('search_docs').execute();
    expect(expectOk(await t.gql(SEARCH, { q: '露营' })).search.notes.totalCount).toBe(0);
    expect(expectOk(await admin.gql(`mutation { reindexSearch }`)).reindexSearch).toMatch(/^\d+$/);
    await t.settle();
    expect(expectOk(await t.gql(SEARCH, { q: '露营装备' })).search.notes.edges[0].node.id).toBe(camping.gid);
  });
});
