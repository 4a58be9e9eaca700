// Benchmark (issue 2): GraphQL read of a profile with its first 20
// followers under load, against a raw Fastify route doing the same database
// work, in the same process and run. Prints one JSON line on stdout.
//
//   node bench/profile-followers.ts [--duration 10] [--connections 10] [--warmup 2] [--rounds 3] [--quick]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/profile-followers.ts

import { sql } from 'kysely';
import { CursorCodec, toGlobalId } from '../core/index.ts';
import { parseBenchArgs } from './lib/args.ts';
import { openRawClient, type RawClient } from './lib/database.ts';
import { startBenchInstance, startRawServer } from './lib/instance.ts';
import { compareSides, medianRatio } from './lib/compare.ts';
import { countQueries } from './lib/query-count.ts';
import { fail, printResult, round, say, timed } from './lib/report.ts';
import { seedAccounts, seedFollowers } from './lib/seed.ts';

const args = parseBenchArgs();
const ACCOUNTS = args.quick ? 2_000 : 10_000;
const FOLLOWERS = args.quick ? 1_000 : 5_000;
const PAGE = 20;
const TARGET = 'bench_0';

const QUERY = /* GraphQL */ `
  query Profile($h: String!) {
    account(handle: $h) {
      id handle displayName bio followersCount followingCount
      followers(first: ${PAGE}) {
        edges { node { id handle displayName } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

// The same columns the accounts store reads, so both sides do the same database work.
const ACCOUNT_COLUMNS = 'id, handle, display_name, bio, role, locale, avatar_media_id, links, followers_count, following_count, created_at';
const SQL_ACCOUNT = `select ${ACCOUNT_COLUMNS} from core_accounts where handle = ?`;
const SQL_FOLLOWERS = `select ${ACCOUNT_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')}, f.created_at as followed_at
  from core_follows f join core_accounts a on a.id = f.follower_id
  where f.followee_id = ? order by f.created_at desc, f.follower_id desc limit ?`;

/** The raw baseline: two prepared statements, the same JSON the GraphQL query answers. */
function rawProfileRoute(client: RawClient, codec: CursorCodec) {
  const accountByHandle = client.prepare<any>(SQL_ACCOUNT);
  const followersPage = client.prepare<any>(SQL_FOLLOWERS);
  const ms = (v: unknown) => (v instanceof Date ? v.getTime() : Number(v));
  return async (handle: string) => {
    const [account] = await accountByHandle.all([String(handle).trim().toLowerCase()]);
    if (!account) return { data: { account: null } };
    const rows = await followersPage.all([account.id, PAGE + 1]);
    const page = rows.slice(0, PAGE);
    const edges = page.map((r) => ({ node: { id: toGlobalId('Account', Number(r.id)), handle: r.handle, displayName: r.display_name } }));
    const last = page.at(-1);
    return {
      data: {
        account: {
          id: toGlobalId('Account', Number(account.id)),
          handle: account.handle,
          displayName: account.display_name,
          bio: account.bio,
          followersCount: Number(account.followers_count),
          followingCount: Number(account.following_count),
          followers: {
            edges,
            pageInfo: { hasNextPage: rows.length > PAGE, endCursor: last ? codec.encode([ms(last.followed_at), Number(last.id)]) : null },
          },
        },
      },
    };
  };
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

say(`profile-followers: ${args.quick ? 'quick smoke run, ' : ''}${args.rounds} round(s) of ${args.duration} s per side, ${args.connections} connections, ${args.warmup} s warm-up`);
const meadow = await timed('boot (createMeadow + migrations)', () => startBenchInstance());
const engine = meadow.database.engine;
let raw: Awaited<ReturnType<typeof startRawServer>> | null = null;
let client: RawClient | null = null;
try {
  const kernel = meadow.kernel;
  await timed(`seed ${ACCOUNTS} accounts, ${FOLLOWERS} followers of @${TARGET} (${engine})`, async () => {
    const ids = await seedAccounts(kernel, ACCOUNTS);
    await seedFollowers(kernel, ids[0], ids.slice(1, FOLLOWERS + 1));
  });
  // Fresh planner statistics, as a live PostgreSQL database would have.
  if (engine === 'postgres') await sql`analyze`.execute(kernel.db.kysely());

  client = openRawClient(meadow.database);
  const profile = rawProfileRoute(client, new CursorCodec(kernel.contextOf('accounts').secret));
  raw = await startRawServer((app) => {
    app.post<{ Body: { handle: string } }>('/profile', async (req) => profile(req.body.handle));
  });

  // Correctness, once, before any load: both sides give the same page.
  const graphqlUrl = `${meadow.url}/graphql`;
  const rawUrl = `${raw.url}/profile`;
  const { value: g, queries: queriesPerRequest, statements } = await countQueries(kernel, () => postJson(graphqlUrl, { query: QUERY, variables: { h: TARGET } }));
  const r = await postJson(rawUrl, { handle: TARGET });
  if (g.status !== 200 || g.json.errors) fail(`GraphQL answered ${g.status}: ${JSON.stringify(g.json.errors ?? g.json).slice(0, 300)}`);
  if (r.status !== 200) fail(`the raw route answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}`);
  const ga = g.json.data.account;
  const ra = r.json.data.account;
  const idsOf = (a: any) => a.followers.edges.map((e: any) => e.node.id).join(',');
  if (ga.followers.edges.length !== PAGE) fail(`GraphQL gave ${ga.followers.edges.length} followers, not ${PAGE}`);
  if (ga.followersCount !== FOLLOWERS) fail(`followersCount is ${ga.followersCount}, not ${FOLLOWERS}`);
  if (idsOf(ga) !== idsOf(ra)) fail('GraphQL and the raw route disagree on the followers page');
  if (JSON.stringify(g.json) !== JSON.stringify(r.json)) fail(`the answers differ:\n  graphql ${JSON.stringify(g.json).slice(0, 400)}\n  raw     ${JSON.stringify(r.json).slice(0, 400)}`);
  say(`check: both sides answer the same ${PAGE} followers (identical JSON, ${JSON.stringify(g.json).length} bytes); GraphQL used ${queriesPerRequest} database queries (${statements.join(', ')})`);

  const headers = { 'content-type': 'application/json' };
  const comparison = await compareSides(
    {
      raw: { url: rawUrl, method: 'POST', headers, body: JSON.stringify({ handle: TARGET }), bodyMustNotContain: '"errors"' },
      graphql: { url: graphqlUrl, method: 'POST', headers, body: JSON.stringify({ query: QUERY, variables: { h: TARGET } }), bodyMustNotContain: '"errors"' },
    },
    { seconds: args.duration, connections: args.connections, warmupSeconds: args.warmup, rounds: args.rounds },
  ).catch((err: Error) => fail(err.message));
  const { graphql, raw: baseline } = comparison.sides;
  const ratio = medianRatio(comparison, 'graphql', 'raw');
  const cpuRatio = round(baseline.cpu_ms_per_request / graphql.cpu_ms_per_request, 3);
  say(`graphql/raw: ${ratio} of the throughput (median of ${args.rounds} rounds); raw needs ${cpuRatio} of GraphQL's CPU time per request`);
  printResult({
    bench: 'profile-followers',
    engine,
    graphql,
    raw: baseline,
    ratio_rps: ratio,
    ratio_cpu: cpuRatio,
    queries_per_request: queriesPerRequest,
    duration_s: args.duration,
    connections: args.connections,
    rounds: args.rounds,
    quick: args.quick,
    node: process.version,
    seeded: { accounts: ACCOUNTS, followers: FOLLOWERS },
  });
} finally {
  await raw?.close();
  await client?.close();
  await meadow.close();
}
