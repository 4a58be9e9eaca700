// blockedAccounts and mutedAccounts: the signed-in person's own lists,
// newest first, paged with cursors that belong to one list; others never
// see them, unblock/unmute take people off, and bad input is refused.

import { describe, it, expect, afterAll } from 'vitest';
import { startTestInstance } from '../helpers/instance.ts';
import { signUp, codeOf } from './accounts-helpers.ts';

const LIST = (field: 'blockedAccounts' | 'mutedAccounts') => `query($first: Int, $after: String) {
  ${field}(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { handle displayName viewerBlocks viewerMutes } }
  }
}`;

describe('accounts: blocked and muted lists', async () => {
  const meadow = await startTestInstance({ config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const ann = await signUp(meadow, 'ann_lists');
  const others: Awaited<ReturnType<typeof signUp>>[] = [];
  for (const handle of ['bo_lists', 'cy_lists', 'di_lists', 'ed_lists']) others.push(await signUp(meadow, handle, { displayName: handle.toUpperCase() }));
  const as = (token: string) => ({ token });
  const act = async (mutation: string, id: string, token = ann.token) => {
    const res = await meadow.gql(`mutation($id: ID!) { ${mutation}(accountId: $id) { id } }`, { id }, as(token));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  };
  const list = async (field: 'blockedAccounts' | 'mutedAccounts', variables: Record<string, unknown> = {}, token = ann.token) =>
    meadow.gql(LIST(field), variables, as(token));

  // Distinct timestamps, so "most recent first" is not the same as "highest id first".
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it('lists the people one blocked, most recent first, with paging and a total', async () => {
    for (const o of [others[1]!, others[0]!, others[2]!]) {
      await act('block', o.account.id);
      await tick();
    }
    const first = await list('blockedAccounts', { first: 2 });
    expect(first.errors).toBeUndefined();
    const page1 = first.data.blockedAccounts;
    expect(page1.totalCount).toBe(3);
    expect(page1.edges.map((e: any) => e.node.handle)).toEqual(['di_lists', 'bo_lists']);
    expect(page1.edges.every((e: any) => e.node.viewerBlocks && !e.node.viewerMutes)).toBe(true);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await list('blockedAccounts', { first: 2, after: page1.pageInfo.endCursor })).data.blockedAccounts;
    expect(page2.edges.map((e: any) => e.node.handle)).toEqual(['cy_lists']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    // The muted list is separate and still empty.
    expect((await list('mutedAccounts')).data.mutedAccounts).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('lists the people one muted, and unmute / unblock take them off', async () => {
    await act('mute', others[3]!.account.id);
    await tick();
    await act('mute', others[0]!.account.id);
    const muted = (await list('mutedAccounts')).data.mutedAccounts;
    expect(muted.totalCount).toBe(2);
    expect(muted.edges.map((e: any) => e.node.handle)).toEqual(['bo_lists', 'ed_lists']);
    await act('unmute', others[3]!.account.id);
    await act('unblock', others[1]!.account.id);
    expect((await list('mutedAccounts')).data.mutedAccounts.edges.map((e: any) => e.node.handle)).toEqual(['bo_lists']);
    const blocked = (await list('blockedAccounts')).data.blockedAccounts;
    expect(blocked.totalCount).toBe(2);
    expect(blocked.edges.map((e: any) => e.node.handle)).toEqual(['di_lists', 'bo_lists']);
  });

  it('shows each person only their own lists, and asks signed-out people to sign in', async () => {
    const bo = others[0]!;
    expect((await list('blockedAccounts', {}, bo.token)).data.blockedAccounts).toMatchObject({ totalCount: 0, edges: [] });
    expect(codeOf(await meadow.gql(LIST('blockedAccounts')))).toBe('UNAUTHENTICATED');
    expect(codeOf(await meadow.gql(LIST('mutedAccounts')))).toBe('UNAUTHENTICATED');
  });

  it('refuses a cursor of another list, a forged cursor and a page size out of range', async () => {
    const blocked = (await list('blockedAccounts', { first: 1 })).data.blockedAccounts;
    const wrongList = await list('mutedAccounts', { after: blocked.pageInfo.endCursor });
    expect(codeOf(wrongList)).toBe('BAD_USER_INPUT');
    expect(wrongList.errors![0]!.message).toMatch(/cursor/);
    expect(codeOf(await list('blockedAccounts', { after: 'forged.cursor' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await list('blockedAccounts', { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await list('blockedAccounts', { first: -1 }))).toBe('BAD_USER_INPUT');
  });
});
