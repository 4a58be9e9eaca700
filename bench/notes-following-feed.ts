// Benchmark (issue 3): the following feed (first 20, with authors and cover
// images) of a person who follows 1,000 accounts, over 1,000,000 notes, as
// GraphQL under load, against a raw SQL baseline of the same page served by
// a bare Fastify route in the same run. Prints one JSON line on stdout.
//
//   node bench/notes-following-feed.ts [--duration 10] [--connections 10] [--warmup 2] [--rounds 3] [--quick]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/notes-following-feed.ts
//
// Data is generated inside the database (a recursive CTE on SQLite,
// generate_series on PostgreSQL), so a million notes take seconds.

import { sql } from 'kysely';
import { toGlobalId } from '../core/index.ts';
import notesPlugin from '../plugins/notes/index.ts';
import { FollowingFeedSources } from '../plugins/notes/contracts.ts';
import { parseBenchArgs } from './lib/args.ts';
import { openRawClient, type RawClient } from './lib/database.ts';
import { startBenchInstance, startRawServer } from './lib/instance.ts';
import { compareSides, medianRatio } from './lib/compare.ts';
import { countQueries } from './lib/query-count.ts';
import { fail, printResult, round, say, timed } from './lib/report.ts';
import { insertRows, recountFollows, seedAccounts } from './lib/seed.ts';

const args = parseBenchArgs();
const AUTHORS = args.quick ? 2_000 : 20_000;
const NOTES = args.quick ? 50_000 : 1_000_000;
const FOLLOWS = 1_000;
const MEDIA = 1_000;
const PAGE = 20;

const QUERY = /* GraphQL */ `
  query Feed {
    followingFeed(first: ${PAGE}) {
      edges { node { id title likesCount publishedAt author { id handle displayName } cover { media { id width height blurhash } } } }
      pageInfo { hasNextPage }
    }
  }
`;

// The same database work the service does, hand-written: the follow list,
// the newest-first scan over the covering index (windowed, then the
// per-author index), then the notes, authors and cover images by id.
const SQL_FOLLOWING = `select followee_id from core_follows where follower_id = ?`;
const list = (n: number) => Array(n).fill('?').join(',');
const SQL_WINDOW = (n: number) => `select id, published_at from (select id, author_id, published_at from notes_note
  where status = 'published' and (visibility <> 'private' or author_id = ?) order by published_at desc, id desc limit ?) recent
  where author_id in (${list(n)}) order by published_at desc, id desc limit ?`;
const SQL_BY_AUTHOR = (n: number) => `select id, published_at from notes_note where status = 'published' and (visibility <> 'private' or author_id = ?)
  and author_id in (${list(n)}) order by published_at desc, id desc limit ?`;
const SQL_NOTES = (n: number) => `select id, author_id, title, likes_count, published_at, images, cover_index from notes_note where id in (${list(n)})`;
const SQL_ACCOUNTS = (n: number) => `select id, handle, display_name from core_accounts where id in (${list(n)})`;
const SQL_MEDIA = (n: number) => `select id, width, height, blurhash from media where id in (${list(n)})`;
// The naive join, for the record (timed once, not under load).
const SQL_NAIVE = `select id from notes_note where status = 'published' and visibility <> 'private'
  and author_id in (select followee_id from core_follows where follower_id = ?) order by published_at desc, id desc limit ?`;

function rawFeedRoute(client: RawClient, viewerId: number) {
  const cache = new Map<string, ReturnType<RawClient['prepare']>>();
  const stmt = (key: string, make: () => string) => cache.get(key) ?? (cache.set(key, client.prepare(make())), cache.get(key)!);
  const following = client.prepare<any>(SQL_FOLLOWING);
  return async () => {
    const authors = [viewerId, ...(await following.all([viewerId])).map((r: any) => Number(r.followee_id))];
    let ids: any[] = [];
    for (const window of [1024, 16384]) {
      ids = await stmt(`w${authors.length}`, () => SQL_WINDOW(authors.length)).all([viewerId, window, ...authors, PAGE + 1]);
      if (ids.length === PAGE + 1) break;
    }
    if (ids.length < PAGE + 1) ids = await stmt(`a${authors.length}`, () => SQL_BY_AUTHOR(authors.length)).all([viewerId, ...authors, PAGE + 1]);
    const pageIds = ids.slice(0, PAGE).map((r: any) => Number(r.id));
    const byId = new Map((await stmt(`n${pageIds.length}`, () => SQL_NOTES(pageIds.length)).all(pageIds)).map((n: any) => [Number(n.id), n]));
    const notes = pageIds.map((id) => byId.get(id) as any);
    const authorIds = [...new Set(notes.map((n) => Number(n.author_id)))];
    const covers = notes.map((n) => {
      const images = typeof n.images === 'string' ? JSON.parse(n.images) : n.images;
      return Number(images[n.cover_index]?.mediaId);
    });
    const mediaIds = [...new Set(covers)];
    const [people, images] = await Promise.all([
      stmt(`p${authorIds.length}`, () => SQL_ACCOUNTS(authorIds.length)).all(authorIds),
      stmt(`m${mediaIds.length}`, () => SQL_MEDIA(mediaIds.length)).all(mediaIds),
    ]);
    const person = new Map(people.map((p: any) => [Number(p.id), p]));
    const image = new Map(images.map((m: any) => [Number(m.id), m]));
    return {
      data: {
        followingFeed: {
          edges: notes.map((n, i) => {
            const a: any = person.get(Number(n.author_id));
            const m: any = image.get(covers[i]!);
            return {
              node: {
                id: toGlobalId('Note', Number(n.id)), title: n.title, likesCount: Number(n.likes_count), publishedAt: new Date(Number(n.published_at)).toISOString(),
                author: { id: toGlobalId('Account', Number(a.id)), handle: a.handle, displayName: a.display_name },
                cover: { media: { id: toGlobalId('Media', Number(m.id)), width: Number(m.width), height: Number(m.height), blurhash: m.blurhash } },
              },
            };
          }),
          pageInfo: { hasNextPage: ids.length > PAGE },
        },
      },
    };
  };
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

say(`notes-following-feed: ${args.quick ? 'quick smoke run, ' : ''}${args.rounds} round(s) of ${args.duration} s per side, ${args.connections} connections, ${args.warmup} s warm-up`);
const meadow = await timed('boot (createMeadow + migrations)', () => startBenchInstance({ plugins: [notesPlugin] }));
const engine = meadow.database.engine;
let raw: Awaited<ReturnType<typeof startRawServer>> | null = null;
let client: RawClient | null = null;
try {
  const kernel = meadow.kernel;
  const db = kernel.db.kysely();
  const signUp = await postJson(`${meadow.url}/graphql`, {
    query: `mutation { signUp(input: { handle: "feed_reader", password: "a long bench password 1234" }) { token account { id } } }`,
  });
  if (signUp.json.errors) fail(`sign-up failed: ${JSON.stringify(signUp.json.errors)}`);
  const token: string = signUp.json.data.signUp.token;
  const reader = Number(Buffer.from(signUp.json.data.signUp.account.id, 'base64url').toString().split(':')[1]);

  const authorIds = await timed(`seed ${AUTHORS} accounts (${engine})`, () => seedAccounts(kernel, AUTHORS));
  // Follow every 20th author: the followed accounts' notes are spread through the table.
  const followed = authorIds.filter((_, i) => i % Math.floor(AUTHORS / FOLLOWS) === 0).slice(0, FOLLOWS);
  await timed(`seed ${followed.length} follows`, async () => {
    await insertRows(kernel, 'core_follows', followed.map((id, i) => ({ follower_id: reader, followee_id: id, created_at: kernel.db.dialect === 'sqlite' ? Date.now() + i : new Date(Date.now() + i) })));
    await recountFollows(kernel);
  });
  const firstMedia = await timed(`seed ${MEDIA} media rows`, async () => {
    const variants = JSON.stringify([{ name: 'original', width: 900, height: 1200, mimeType: 'image/jpeg', bytes: 100_000, key: 'bench/original.jpg' }]);
    const ids = await insertRows(kernel, 'media', Array.from({ length: MEDIA }, (_, i) => ({
      owner_id: authorIds[i % AUTHORS], kind: 'image', mime_type: 'image/jpeg', width: 900, height: 1200, blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
      focus_x: 0, focus_y: 0, alt: `bench image ${i}`, bytes: 100_000, variants, created_at: Date.now(),
    })), 'id');
    return Number(ids[0]);
  });
  await timed(`seed ${NOTES.toLocaleString('en')} notes`, async () => {
    // Note n: author n % AUTHORS, one minute apart, every 10th followers-only, every 50th private.
    const base = Date.UTC(2024, 0, 1);
    const a0 = authorIds[0]!;
    const columns = `author_id, status, visibility, title, body, body_html, images, cover_index, blocks, hashtags, mentions, published_at, created_at, updated_at`;
    const json = (expr: string) => (engine === 'postgres' ? `(${expr})::jsonb` : expr);
    const select = (n: string) => `${a0} + (${n} % ${AUTHORS}), 'published',
        case when ${n} % 50 = 0 then 'private' when ${n} % 10 = 0 then 'followers' else 'public' end,
        'Bench note ' || ${n}, 'Body of note ' || ${n} || ' #bench', '<p>Body of note ' || ${n} || '</p>',
        ${json(`'[{"mediaId":' || (${firstMedia} + (${n} % ${MEDIA})) || ',"alt":null}]'`)}, 0, ${json(`'[]'`)}, ${json(`'["bench"]'`)}, ${json(`'[]'`)},
        ${base} + ${n} * 60000, ${base} + ${n} * 60000, ${base} + ${n} * 60000`;
    if (engine === 'sqlite') {
      const chunk = 200_000;
      for (let start = 0; start < NOTES; start += chunk) {
        const end = Math.min(start + chunk, NOTES) - 1;
        await sql.raw(`with recursive s(n) as (select ${start} union all select n + 1 from s where n < ${end})
          insert into notes_note (${columns}) select ${select('n')} from s`).execute(db);
      }
    } else {
      await sql.raw(`insert into notes_note (${columns}) select ${select('n')} from generate_series(0::bigint, ${NOTES - 1}) as n`).execute(db);
    }
    await sql.raw(engine === 'sqlite' ? 'analyze' : 'vacuum analyze notes_note').execute(db);
  });

  client = openRawClient(meadow.database);
  const feed = rawFeedRoute(client, reader);
  raw = await startRawServer((app) => {
    app.post('/feed', async () => feed());
  });

  const graphqlUrl = `${meadow.url}/graphql`;
  const rawUrl = `${raw.url}/feed`;
  const auth = { authorization: `Bearer ${token}` };
  const { value: g, queries, statements } = await countQueries(kernel, () => postJson(graphqlUrl, { query: QUERY }, auth));
  const r = await postJson(rawUrl, {});
  if (g.status !== 200 || g.json.errors) fail(`GraphQL answered ${g.status}: ${JSON.stringify(g.json.errors ?? g.json).slice(0, 300)}`);
  const idsOf = (j: any) => j.data.followingFeed.edges.map((e: any) => e.node.id).join(',');
  if (g.json.data.followingFeed.edges.length !== PAGE) fail(`GraphQL gave ${g.json.data.followingFeed.edges.length} notes, not ${PAGE}`);
  if (idsOf(g.json) !== idsOf(r.json)) fail(`GraphQL and the raw route disagree on the page:\n  ${idsOf(g.json)}\n  ${idsOf(r.json)}`);
  if (JSON.stringify(g.json) !== JSON.stringify(r.json)) fail(`the answers differ:\n  graphql ${JSON.stringify(g.json).slice(0, 400)}\n  raw     ${JSON.stringify(r.json).slice(0, 400)}`);
  say(`check: both sides answer the same ${PAGE} notes (identical JSON); GraphQL used ${queries} database queries (${statements.join(', ')})`);
  const timeOne = async (fn: () => Promise<unknown>, n = 20) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return round((performance.now() - t) / n, 2);
  };
  if (process.env.BENCH_EXPLAIN) {
    const authors = [reader, ...followed];
    const plan = client.prepare<any>(`${engine === 'sqlite' ? 'explain query plan' : 'explain'} ${SQL_WINDOW(authors.length)}`);
    say(`plan: ${(await plan.all([reader, 1024, ...authors, PAGE + 1])).map((r: any) => String(r.detail ?? r['QUERY PLAN'] ?? JSON.stringify(r)).slice(0, 160)).join(' | ')}`);
    say(`raw route in-process: ${await timeOne(() => feed(), 20)} ms; follow list: ${await timeOne(() => client!.prepare<any>(SQL_FOLLOWING).all([reader]), 20)} ms`);
    const { notesOf } = await import('../plugins/notes/service/index.ts');
    const notes = notesOf(kernel.contextOf('notes') as any);
    const viewer = { accountId: reader, handle: 'feed_reader', role: 'person' as const, sessionId: null };
    say(`service following(): ${await timeOne(() => notes.feeds.following(viewer, PAGE, null), 20)} ms; followingIds: ${await timeOne(() => notes.deps.accounts().followingIds(reader), 20)} ms; source.next: ${await timeOne(() => notes.feeds.followingSource([reader, ...followed], reader).next({ viewerId: reader, after: null, limit: PAGE + 1 }), 20)} ms`);
    const ids20 = (await notes.feeds.followingSource([reader, ...followed], reader).next({ viewerId: reader, after: null, limit: PAGE })).map((e) => e.noteId);
    say(`getByIds(20): ${await timeOne(() => notes.reader.getByIds(ids20), 20)} ms; hidden: ${await timeOne(() => notes.deps.accounts().hiddenAccountIds(reader), 20)} ms; sources filter: ${await timeOne(() => kernel.contextOf('notes').hooks.applyFilter(FollowingFeedSources, [], { viewerId: reader }), 20)} ms`);
    const w = client.prepare<any>(SQL_WINDOW(authors.length));
    say(`window query alone: ${await timeOne(() => w.all([reader, 1024, ...authors, PAGE + 1]), 20)} ms`);
  }
  const naive = client.prepare<any>(SQL_NAIVE);
  const naiveMs = await timeOne(() => naive.all([reader, PAGE + 1]), 5);
  say(`for the record: the naive join (IN subquery + sort) takes ${naiveMs} ms per page on its own`);
  say(`single request: graphql ${await timeOne(() => postJson(graphqlUrl, { query: QUERY }, auth))} ms, raw ${await timeOne(() => postJson(rawUrl, {}))} ms`);

  const headers = { 'content-type': 'application/json' };
  const comparison = await compareSides(
    {
      raw: { url: rawUrl, method: 'POST', headers, body: '{}', bodyMustNotContain: '"errors"' },
      graphql: { url: graphqlUrl, method: 'POST', headers: { ...headers, ...auth }, body: JSON.stringify({ query: QUERY }), bodyMustNotContain: '"errors"' },
    },
    { seconds: args.duration, connections: args.connections, warmupSeconds: args.warmup, rounds: args.rounds },
  ).catch((err: Error) => fail(err.message));
  const { graphql, raw: baseline } = comparison.sides;
  const ratio = medianRatio(comparison, 'graphql', 'raw');
  printResult({
    bench: 'notes-following-feed',
    engine,
    graphql,
    raw: baseline,
    ratio_rps: ratio,
    queries_per_request: queries,
    duration_s: args.duration,
    connections: args.connections,
    rounds: args.rounds,
    quick: args.quick,
    node: process.version,
    naive_join_ms: naiveMs,
    seeded: { notes: NOTES, authors: AUTHORS, follows: followed.length, media: MEDIA },
  });
} finally {
  await raw?.close();
  await client?.close();
  await meadow.close();
}
