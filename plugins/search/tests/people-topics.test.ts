// People and topics in the search answer (blocks respected, hidden topics
// left out, lexicon-related topics explained) and pinyin-initials
// autocomplete for Chinese titles, topics and names.

import { describe, it, expect, afterAll } from 'vitest';
import { AccountsServiceRef, toGlobalId } from '../../../core/index.ts';
import { initialOf, pinyinCoverage, pinyinInitials } from '../text/pinyin.ts';
import { expectOk, startSearch } from './helpers.ts';

const SEARCH = `query($q: String!) { search(query: $q) {
  people { reason account { handle } } topics { name noteCount reason } notes { edges { node { id } } } } }`;
const AC = `query($p: String!) { autocomplete(prefix: $p) { kind text } }`;

describe('pinyin initials', () => {
  it('reads initials from ICU pinyin order, with polyphones both ways', () => {
    expect(pinyinInitials('露营装备清单')).toEqual({ primary: 'lyzbqd', alternate: 'lyzbqs' });
    expect(pinyinInitials('2024 重庆火锅 hotpot')).toEqual({ primary: 'zqhg', alternate: 'cqhg' });
    expect(pinyinInitials('latte')).toEqual({ primary: '', alternate: '' });
    // Common surnames and lifestyle words, checked by hand.
    const gold: Record<string, string> = { 张: 'z', 王: 'w', 李: 'l', 刘: 'l', 陈: 'c', 杨: 'y', 黄: 'h', 吴: 'w', 咖: 'k', 啡: 'f', 遛: 'l', 娃: 'w', 穿: 'c', 搭: 'd', 徒: 't', 步: 'b', 爱: 'a', 哦: 'o', 女: 'n', 日: 'r', 二: 'e' };
    expect(Object.keys(gold).map((c) => initialOf(c)).join('')).toBe(Object.values(gold).join(''));
    const { covered, block } = pinyinCoverage();
    console.log(JSON.stringify({ pinyinInitials: { covered, block } }));
    expect(covered).toBeGreaterThan(20_000);
    expect(block).toBe(20_992);
  });
});

describe('search: people and topics', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const accounts = t.meadow.kernel.contextOf('search').services.get(AccountsServiceRef);
  const wang = await accounts.createAccount({ handle: 'camp_wang', password: 'Correct-horse-battery-staple-9', displayName: '露营小王' });
  await accounts.createAccount({ handle: 'campbell', password: 'Correct-horse-battery-staple-9', displayName: 'Ann Campbell' });
  const ann = await t.person('ann_li');
  const viewer = await t.person('viewer');
  const admin = await t.person('site_admin', 'admin');
  const gear = await t.post(ann, { title: '露营装备清单', body: '帐篷和睡袋 #露营 #露营装备' });
  await t.post(ann, { title: '周末露营', body: '营地推荐 #露营' });
  await t.post(ann, { title: '重庆火锅', body: '#火锅' });
  await t.settle();

  it('answers with people whose name or handle matches, and the topics the query names', async () => {
    const data = expectOk(await viewer.gql(SEARCH, { q: '露营' })).search;
    expect(data.people).toEqual([{ reason: 'name matches 露营', account: { handle: 'camp_wang' } }]);
    expect(data.topics).toEqual([
      { name: '露营', noteCount: 2, reason: 'topic matches 露营' },
      { name: '露营装备', noteCount: 1, reason: 'topic starts with 露营' },
    ]);
    expect(data.notes.edges.length).toBe(2);
    const camp = expectOk(await t.gql(SEARCH, { q: '@camp_wang' })).search.people;
    expect(camp[0]).toEqual({ reason: 'handle is @camp_wang', account: { handle: 'camp_wang' } });
    expect(expectOk(await t.gql(SEARCH, { q: 'campbell' })).search.people.map((p: any) => p.account.handle)).toEqual(['campbell']);
  });

  it('explains topics that come from understanding the query', async () => {
    const topics = expectOk(await t.gql(SEARCH, { q: 'camping trip' })).search.topics;
    expect(topics).toContainEqual({ name: '露营', noteCount: 2, reason: 'related to 露营 / camping' });
  });

  it('leaves out people the viewer blocked and topics staff hid', async () => {
    expectOk(await viewer.gql(`mutation($id: ID!) { block(accountId: $id) { handle } }`, { id: toGlobalId('Account', wang.id) }));
    expect(expectOk(await viewer.gql(SEARCH, { q: '露营' })).search.people).toEqual([]);
    expect(expectOk(await t.gql(SEARCH, { q: '露营' })).search.people).toHaveLength(1);
    expectOk(await admin.gql(`mutation { hideTopic(name: "露营装备") { name } }`));
    expect(expectOk(await t.gql(SEARCH, { q: '露营' })).search.topics.map((x: any) => x.name)).toEqual(['露营']);
  });

  it('autocompletes Chinese titles, topics and names from pinyin initials', async () => {
    expect(expectOk(await t.gql(AC, { p: 'lyzb' })).autocomplete).toEqual([{ kind: 'TOPIC', text: '#露营装备' }, { kind: 'TITLE', text: '露营装备清单' }]);
    expect(expectOk(await t.gql(AC, { p: 'LY' })).autocomplete).toEqual(expect.arrayContaining([
      { kind: 'TOPIC', text: '#露营' }, { kind: 'TITLE', text: '露营装备清单' }, { kind: 'PERSON', text: '@camp_wang' },
    ]));
    // 重 read as chóng (the alternate reading) still finds 重庆.
    expect(expectOk(await t.gql(AC, { p: 'cqhg' })).autocomplete).toEqual([{ kind: 'TITLE', text: '重庆火锅' }]);
    expect(expectOk(await t.gql(AC, { p: 'zqhg' })).autocomplete).toEqual([{ kind: 'TITLE', text: '重庆火锅' }]);
    expect(expectOk(await t.gql(AC, { p: 'qqqq' })).autocomplete).toEqual([]);
    expect(gear.id).toBeGreaterThan(0);
  });
});
