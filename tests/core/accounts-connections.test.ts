import { describe, it, expect, afterAll } from 'vitest';
import Sqlite from 'better-sqlite3';
import { createRequire } from 'node:module';
import { startTestInstance } from '../helpers/instance.ts';
import { AccountsServiceRef } from '../../core/index.ts';
import { signUp, codeOf } from './accounts-helpers.ts';

// kernel.db.queryCount sees statements MikroORM runs, not those of the
// Kysely instance it hands out; so this suite counts at the drivers, where
// every statement of either kind passes (better-sqlite3 prepares each
// statement; every pg query goes through Client#query).
let statements = 0;
const sqlitePrepare = Sqlite.prototype.prepare;
Sqlite.prototype.prepare = function (this: unknown, ...args: any[]) {
  statements++;
  return (sqlitePrepare as any).apply(this, args);
} as typeof sqlitePrepare;
const pgClients = new Set([import.meta.url, import.meta.resolve('@mikro-orm/postgresql')].map((from) => createRequire(from)('pg').Client));
for (const Client of pgClients) {
  const query = Client.prototype.query;
  Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    return query.apply(this, args);
  };
}

const PAGE = `query($handle: String!, $first: Int, $after: String) {
  account(handle: $handle) {
    followersCount
    followers(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id handle displayName followersCount followingCount viewerFollows viewerBlocks } }
    }
  }
}`;

describe('accounts: follower connections', async () => {
  const meadow = await startTestInstance({ config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const service = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);

  const viewer = await signUp(meadow, 'page_viewer');
  const star = await service.createAccount({ handle: 'page_star', password: 'Correct-Horse-42', displayName: '明星 Star' });
  const fans = [];
  for (let i = 0; i < 45; i++) fans.push(await service.createAccount({ handle: `page_fan_${String(i).padStart(2, '0')}`, password: 'Correct-Horse-42' }));
  for (const fan of fans) await service.follow(fan.id, star.id);
  const viewerId = (await service.getByHandle('page_viewer'))!.id;
  for (const fan of fans.slice(0, 10)) await service.follow(viewerId, fan.id);

  it('pages through all followers newest first with signed cursors and an exact totalCount', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { data?: any; errors?: unknown } = await meadow.gql(PAGE, { handle: 'page_star', first: 20, after }, { token: viewer.token });
      expect(res.errors).toBeUndefined();
      const conn: any = res.data.account.followers;
      expect(conn.totalCount).toBe(45);
      seen.push(...conn.edges.map((e: any) => e.node.handle));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    // Newest first: fans followed in order 0..44, so the last follower comes first.
    expect(seen[0]).toBe('page_fan_44');
    expect(seen.at(-1)).toBe('page_fan_00');
    // viewerFollows is right per row (the viewer follows fans 0–9).
    const last = await meadow.gql(PAGE, { handle: 'page_star', first: 100 }, { token: viewer.token });
    const flags = Object.fromEntries(last.data.account.followers.edges.map((e: any) => [e.node.handle, e.node.viewerFollows]));
    expect(flags.page_fan_00).toBe(true);
    expect(flags.page_fan_09).toBe(true);
    expect(flags.page_fan_10).toBe(false);
  });

  it('lists whom an account follows', async () => {
    const res = await meadow.gql('{ account(handle: "page_viewer") { followingCount following(first: 3) { totalCount edges { node { handle } } pageInfo { hasNextPage } } } }');
    expect(res.data.account.followingCount).toBe(10);
    expect(res.data.account.following.totalCount).toBe(10);
    expect(res.data.account.following.edges.map((e: any) => e.node.handle)).toEqual(['page_fan_09', 'page_fan_08', 'page_fan_07']);
    expect(res.data.account.following.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses a tampered or foreign cursor and a page size out of range with BAD_USER_INPUT', async () => {
    const first = await meadow.gql(PAGE, { handle: 'page_star', first: 2 });
    const cursor: string = first.data.account.followers.pageInfo.endCursor;
    const [body, mac] = cursor.split('.');
    const forgedBody = Buffer.from(JSON.stringify([0, 1])).toString('base64url');
    for (const bad of [`${forgedBody}.${mac}`, `${body}.${mac!.slice(0, -2)}xx`, 'garbage', `${body}`]) {
      const res = await meadow.gql(PAGE, { handle: 'page_star', first: 2, after: bad });
      expect(codeOf(res), bad).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(/cursor/);
    }
    expect(codeOf(await meadow.gql(PAGE, { handle: 'page_star', first: 1000 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await meadow.gql(PAGE, { handle: 'page_star', first: -1 }))).toBe('BAD_USER_INPUT');
  });

  it('reads a page of 20 followers with a constant number of statements (no N+1)', async () => {
    const run = async (first: number) => {
      const before = statements;
      const res = await meadow.gql(PAGE, { handle: 'page_star', first }, { token: viewer.token });
      expect(res.errors).toBeUndefined();
      expect(res.data.account.followers.edges).toHaveLength(first);
      return statements - before;
    };
    await run(20); // warm-up
    const small = await run(2);
    const page = await run(20);
    const big = await run(45);
    expect(page).toBe(small);
    expect(big).toBe(small);
    // viewer lookup, account by handle, the page (one join), viewerFollows, viewerBlocks.
    expect(page).toBeGreaterThanOrEqual(3); // the counter does see these statements
    expect(page).toBeLessThanOrEqual(6);
    console.log(`followers page of 20: ${page} statements`);
  });
});
