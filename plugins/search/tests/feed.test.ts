// The discovery feed through notes' feed hooks: affinity candidates from
// what a person collects ("because you collect #露营"), new creators in the
// exploration share, authors kept from dominating, and personalization that
// a person can switch off and history they can clear.

import { describe, it, expect, afterAll } from 'vitest';
import { expectOk, startSearch } from './helpers.ts';

const FEED = `query($first: Int) { discoverFeed(first: $first) { reasons note { id author { handle } } } }`;
const PROFILE = `{ searchProfile { personalization affinities { tag signal } } }`;

describe('discovery feed', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const camper = await t.person('camper');
  const stylist = await t.person('stylist');
  const newbie = await t.person('newbie');
  const viewer = await t.person('viewer');
  const admin = await t.person('site_admin', 'admin');
  const camping: { id: number; gid: string }[] = [];
  for (let i = 0; i < 4; i++) camping.push(await t.post(camper, { title: `露营笔记 ${i}`, body: `营地 ${i} #露营` }));
  for (let i = 0; i < 5; i++) await t.post(stylist, { title: `穿搭 ${i}`, body: `今日穿搭 #ootd` });
  const craft = await t.post(newbie, { title: '第一次做陶艺', body: '#手工' });
  expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "search", settings: { explorationShare: 0.5 }) { name } }`));

  const board = expectOk(await viewer.gql(`mutation { createBoard(input: { name: "想去", visibility: public }) { id } }`)).createBoard.id;
  expectOk(await viewer.gql(`mutation($n: ID!, $b: ID!) { collectNote(noteId: $n, boardId: $b) { id } }`, { n: camping[0]!.gid, b: board }));
  await t.settle();

  it('learns what a person collects and explains the notes it proposes', async () => {
    expect(expectOk(await viewer.gql(PROFILE)).searchProfile).toEqual({ personalization: true, affinities: [{ tag: '#露营', signal: 'collect' }] });
    const items = expectOk(await viewer.gql(FEED, { first: 6 })).discoverFeed;
    expect(items).toHaveLength(6);
    expect(items[0].note.author.handle).toBe('camper');
    expect(items[0].reasons).toContain('because you collect #露营');
  });

  it('gives new creators the exploration share and keeps authors from dominating', async () => {
    const items = expectOk(await viewer.gql(FEED, { first: 6 })).discoverFeed;
    const newbieItem = items.find((x: any) => x.note.id === craft.gid);
    expect(newbieItem?.reasons).toContain('new creator');
    expect(items.findIndex((x: any) => x.note.id === craft.gid)).toBeLessThanOrEqual(2);
    const perAuthor = new Map<string, number>();
    for (const x of items.slice(0, 5)) perAuthor.set(x.note.author.handle, (perAuthor.get(x.note.author.handle) ?? 0) + 1);
    expect(Math.max(...perAuthor.values())).toBeLessThanOrEqual(2);
    // Anonymous visitors get a feed too, without personal reasons.
    const anon = expectOk(await t.gql(FEED, { first: 6 })).discoverFeed;
    expect(anon).toHaveLength(6);
    expect(anon.flatMap((x: any) => x.reasons).some((r: string) => r.startsWith('because you'))).toBe(false);
  });

  it('stops personalizing when switched off, and forgets on clear', async () => {
    const off = expectOk(await viewer.gql(`mutation { setSearchPersonalization(enabled: false) { personalization affinities { tag } } }`)).setSearchPersonalization;
    expect(off).toEqual({ personalization: false, affinities: [] });
    const items = expectOk(await viewer.gql(FEED, { first: 6 })).discoverFeed;
    expect(items.flatMap((x: any) => x.reasons).some((r: string) => r.startsWith('because you'))).toBe(false);
    // While off, nothing is learnt.
    expectOk(await viewer.gql(`mutation($n: ID!) { likeNote(id: $n) { id } }`, { n: camping[1]!.gid }));
    await t.settle();
    expect(expectOk(await viewer.gql(PROFILE)).searchProfile.affinities).toEqual([]);

    expectOk(await viewer.gql(`mutation { setSearchPersonalization(enabled: true) { personalization } }`));
    expectOk(await viewer.gql(`mutation($n: ID!) { likeNote(id: $n) { id } }`, { n: camping[2]!.gid }));
    await t.settle();
    expect(expectOk(await viewer.gql(PROFILE)).searchProfile.affinities).toEqual([{ tag: '#露营', signal: 'like' }]);
    expect(expectOk(await viewer.gql(FEED, { first: 6 })).discoverFeed[0].reasons).toContain('because you like #露营');
    expectOk(await viewer.gql(`mutation { clearSearchHistory }`));
    expect(expectOk(await viewer.gql(PROFILE)).searchProfile.affinities).toEqual([]);
  });
});
