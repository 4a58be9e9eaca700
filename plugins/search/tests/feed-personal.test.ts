// Cold start and seen notes in the discovery feed: a new person picks topics
// and the feed answers with them at once ("because you picked #露营"); notes
// the person has opened go after every unseen one; bad picks get clear errors.

import { describe, it, expect, afterAll } from 'vitest';
import { expectCode, expectOk, startSearch } from './helpers.ts';

const FEED = `query($first: Int) { discoverFeed(first: $first) { reasons note { id title } } }`;
const PICK = `mutation($t: [String!]!) { pickInterests(topics: $t) { personalization affinities { tag signal } } }`;

describe('discovery feed: cold start and seen notes', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const camper = await t.person('camper');
  const barista = await t.person('barista');
  const stylist = await t.person('stylist');
  const newcomer = await t.person('newcomer');
  const camping: { id: number; gid: string }[] = [];
  for (let i = 0; i < 3; i++) camping.push(await t.post(camper, { title: `露营笔记 ${i}`, body: `营地 #露营` }));
  const coffee = await t.post(barista, { title: '手冲咖啡入门', body: '#咖啡' });
  for (let i = 0; i < 6; i++) await t.post(stylist, { title: `穿搭 ${i}`, body: `今日穿搭 #ootd` });

  it('offers the most used topics to pick from', async () => {
    expect(expectOk(await t.gql(`{ suggestedInterests(first: 3) }`)).suggestedInterests).toEqual(['ootd', '露营', '咖啡']);
  });

  it('starts a new person from the topics they pick', async () => {
    // Before picking: nothing personal to go on.
    const before = expectOk(await newcomer.gql(FEED, { first: 4 })).discoverFeed;
    expect(before.flatMap((x: any) => x.reasons).some((r: string) => r.startsWith('because you'))).toBe(false);

    const profile = expectOk(await newcomer.gql(PICK, { t: ['露營', '#咖啡'] })).pickInterests;
    expect(profile.affinities).toEqual(expect.arrayContaining([{ tag: '#露营', signal: 'pick' }, { tag: '#咖啡', signal: 'pick' }]));
    expect(profile.affinities).toHaveLength(2);
    const feed = expectOk(await newcomer.gql(FEED, { first: 4 })).discoverFeed;
    const titles = feed.map((x: any) => x.note.title);
    expect(titles.slice(0, 4).filter((x: string) => x.startsWith('露营') || x === '手冲咖啡入门').length).toBeGreaterThanOrEqual(3);
    expect(feed.find((x: any) => x.note.id === coffee.gid)?.reasons).toContain('because you picked #咖啡');

    // Picking again replaces the earlier picks.
    expect(expectOk(await newcomer.gql(PICK, { t: ['ootd'] })).pickInterests.affinities).toEqual([{ tag: '#ootd', signal: 'pick' }]);
  });

  it('refuses bad picks clearly and picks nothing while personalization is off', async () => {
    expectCode(await t.gql(PICK, { t: ['露营'] }), 'UNAUTHENTICATED');
    for (const bad of [['露营 装备'], [''], ['x'.repeat(41)], ['"*'], Array.from({ length: 21 }, (_, i) => `t${i}`)]) {
      expectCode(await newcomer.gql(PICK, { t: bad }), 'BAD_USER_INPUT');
    }
    expectOk(await newcomer.gql(`mutation { setSearchPersonalization(enabled: false) { personalization } }`));
    expectCode(await newcomer.gql(PICK, { t: ['露营'] }), 'CONFLICT');
    expectOk(await newcomer.gql(`mutation { setSearchPersonalization(enabled: true) { personalization } }`));
    expect(expectOk(await newcomer.gql(`{ searchProfile { affinities { tag } } }`)).searchProfile.affinities).toEqual([]);
  });

  it('puts notes the person has opened after the unseen ones', async () => {
    expectOk(await newcomer.gql(PICK, { t: ['露营'] }));
    const first = expectOk(await newcomer.gql(FEED, { first: 12 })).discoverFeed;
    const top = first[0].note;
    expect(top.title).toMatch(/^露营/);
    expectOk(await newcomer.gql(`mutation($id: ID!) { viewNote(id: $id) { id } }`, { id: top.id }));
    const again = expectOk(await newcomer.gql(FEED, { first: 12 })).discoverFeed;
    expect(again.length).toBe(first.length);
    expect(again.at(-1).note.id).toBe(top.id);
    expect(again.at(-1).reasons).toContain('seen before');
    expect(again[0].note.id).not.toBe(top.id);
    // Other people still get it first.
    const camperFeed = expectOk(await camper.gql(FEED, { first: 12 })).discoverFeed;
    expect(camperFeed.some((x: any) => x.note.id === top.id && !x.reasons.includes('seen before'))).toBe(true);
    expect(camping).toHaveLength(3);
  });
});
