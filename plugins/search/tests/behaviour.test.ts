// Learning from behaviour: reformulations (A then B within two minutes, by
// enough different people) expand A for everyone, explained; results people
// open, and collect after opening, rise for that query, explained; all of it
// forgotten when a person clears their history, and nothing learnt while
// personalization is off.

import { describe, it, expect, afterAll } from 'vitest';
import { personalOf } from '../personal.ts';
import { expectCode, expectOk, startSearch } from './helpers.ts';

const SEARCH = `query($q: String!) { search(query: $q) { queryId notes { edges { reasons node { id title } } } } }`;
const OPENED = `mutation($q: ID!, $n: ID!) { searchResultOpened(queryId: $q, noteId: $n) }`;

describe('search learns from behaviour', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const author = await t.person('author');
  const [ann, bob, carol, dan] = [await t.person('ann'), await t.person('bob'), await t.person('carol'), await t.person('dan')];
  const glamping = await t.post(author, { title: '豪华露营体验', body: '床很舒服，还有热水' });
  const older = await t.post(author, { title: '露营笔记', body: '营地和帐篷 #露营' });
  const newer = await t.post(author, { title: '露营笔记', body: '营地和帐篷 #露营' });
  const hidden = await t.post(author, { title: '露营私密', body: '#露营', visibility: 'private' });
  const pair = (edges: any[]) => edges.map((e: any) => e.node.id).filter((id: string) => id === older.gid || id === newer.gid);
  const ids = async (who: typeof ann | typeof t, q: string) => expectOk(await who.gql(SEARCH, { q })).search.notes.edges;
  const reformulations = async (accountId: number) =>
    Number((await t.ctx.db.kysely().selectFrom('search_reformulations').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow()).n);

  it('expands a query with what enough people searched next, and says so', async () => {
    expect(await ids(dan, '野奢')).toEqual([]);
    for (const p of [ann, bob]) {
      expectOk(await p.gql(SEARCH, { q: '野奢' }));
      expectOk(await p.gql(SEARCH, { q: '豪华露营' }));
    }
    // Carol's second search comes too late to be a reformulation.
    const personal = personalOf(t.ctx);
    expectOk(await carol.gql(SEARCH, { q: '野奢' }));
    personal.now = () => Date.now() + 3 * 60_000;
    expectOk(await carol.gql(SEARCH, { q: '豪华露营' }));
    personal.now = () => Date.now();
    expect(await reformulations(carol.id)).toBe(0);
    expect(await reformulations(ann.id)).toBe(1);

    // 豪华露营's words now answer 野奢: the glamping note first, other camping notes after it.
    const edges = await ids(t, '野奢');
    expect(edges[0].node.id).toBe(glamping.gid);
    expect(edges[0].reasons).toContain('people who searched "野奢" also searched "豪华露营"');
  });

  it('ranks results people open and collect higher for that query, and says so', async () => {
    const before = await ids(t, '露营笔记');
    expect(pair(before)).toEqual([newer.gid, older.gid]);
    for (const p of [ann, bob]) {
      const { queryId } = expectOk(await p.gql(SEARCH, { q: '露营笔记' })).search;
      expect(expectOk(await p.gql(OPENED, { q: queryId, n: older.gid })).searchResultOpened).toBe(true);
    }
    const after = await ids(t, '露营笔记');
    expect(pair(after)).toEqual([older.gid, newer.gid]);
    expect(after.find((e: any) => e.node.id === older.gid).reasons).toContain('opened by 2 people who searched this');

    const board = expectOk(await bob.gql(`mutation { createBoard(input: { name: "想去", visibility: private }) { id } }`)).createBoard.id;
    expectOk(await bob.gql(`mutation($n: ID!, $b: ID!) { collectNote(noteId: $n, boardId: $b) { id } }`, { n: older.gid, b: board }));
    await t.settle();
    expect((await ids(t, '露营笔记')).find((e: any) => e.node.id === older.gid).reasons).toContain('collected by 1 person after this search');
    // Another query is not affected.
    expect((await ids(t, '帐篷')).flatMap((e: any) => e.reasons).some((r: string) => r.includes('this search') || r.includes('searched this'))).toBe(false);
  });

  it('forgets a person\'s part when they clear their history, and learns nothing while off', async () => {
    expectOk(await ann.gql(`mutation { clearSearchHistory }`));
    expect(await reformulations(ann.id)).toBe(0);
    // Only Bob's reformulation is left: below the two people needed.
    expect(await ids(t, '野奢')).toEqual([]);
    const olderAfterClear = (await ids(t, '露营笔记')).find((e: any) => e.node.id === older.gid);
    expect(olderAfterClear.reasons).not.toContain('opened by 2 people who searched this');
    expect(olderAfterClear.reasons).toContain('collected by 1 person after this search');

    expectOk(await dan.gql(`mutation { setSearchPersonalization(enabled: false) { personalization } }`));
    const { queryId } = expectOk(await dan.gql(SEARCH, { q: '野奢' })).search;
    expectOk(await dan.gql(SEARCH, { q: '豪华露营' }));
    expect(await reformulations(dan.id)).toBe(0);
    expect(expectOk(await dan.gql(OPENED, { q: queryId, n: glamping.gid })).searchResultOpened).toBe(false);
  });

  it('refuses bad opens clearly', async () => {
    const { queryId } = expectOk(await ann.gql(SEARCH, { q: '露营' })).search;
    expectCode(await t.gql(OPENED, { q: queryId, n: older.gid }), 'UNAUTHENTICATED');
    expectCode(await ann.gql(OPENED, { q: 'not-a-query-id', n: older.gid }), 'BAD_USER_INPUT');
    expectCode(await ann.gql(OPENED, { q: queryId, n: hidden.gid }), 'NOT_FOUND');
    expectCode(await ann.gql(OPENED, { q: queryId, n: 'QWNjb3VudDox' }), 'NOT_FOUND');
  });
});
