// Benchmark (issue 5): server time to render the web site's discovery feed
// ("/") and a note page ("/notes/{n}") under load, with — in the same run,
// as the limit — the GraphQL query each page runs, sent as POST /graphql,
// so the cost of rendering HTML on top of the data is visible. Also the
// bytes of JavaScript and CSS (raw and gzipped) a first visit to "/" loads.
// Prints one JSON line on stdout; progress and a summary on stderr.
//
//   node bench/web-render.ts [--db sqlite|postgres] [--notes 2000] [--connections 10,50]
//     [--duration 5] [--warmup 2] [--rounds 3] [--quick]
//
// The instance is a real deployment's: every bundled plugin (discover: true),
// the demo data of `meadow seed demo`, plus --notes notes with one to three
// images each, on SQLite (temporary file) or PostgreSQL (--db postgres: a
// fresh database on DATABASE_URL or the local server, dropped afterwards).
// Requests are anonymous visitors (signed-out pages), as from a link.

import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { AccountsServiceRef, MediaServiceRef, localId, toGlobalId, type Viewer } from '../core/index.ts';
import { seedDemo } from '../core/cli/seed.ts';
import { databaseFor, parseEngine } from './lib/fediverse-instance.ts';
import { sourceVersion } from './lib/fediverse-version.ts';
import { startBenchInstance, type BenchInstance } from './lib/instance.ts';
import { assertClean, describe, median, runLoad, type LoadRequest, type LoadSummary } from './lib/load.ts';
import { fail, printResult, round, say, timed } from './lib/report.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    notes: { type: 'string' },
    connections: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
  strict: true,
});
const quick = values.quick === true;
const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(n) || n < min) fail(`--${name} must be an integer of at least ${min}, not "${raw}"`);
  return n;
};
const NOTES = int('notes', values.notes, quick ? 200 : 2_000, 0);
const DURATION = int('duration', values.duration, quick ? 2 : 5, 1);
const WARMUP = int('warmup', values.warmup, quick ? 1 : 2, 0);
const ROUNDS = int('rounds', values.rounds, quick ? 1 : 3, 1);
const CONNECTIONS = (values.connections ?? (quick ? '10' : '10,50')).split(',').map((c) => int('connections', c.trim(), 10, 1));
let engine: ReturnType<typeof parseEngine>;
try {
  engine = parseEngine(values.db);
} catch (err) {
  fail((err as Error).message);
}

const HTML_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const TITLES = ['周末露营清单', 'Coffee at home', '城市散步路线', 'Trail running shoes', '番茄炒蛋的秘诀', 'Film photos of the harbour', '换季护肤', 'Rainy day reading list'];
const TAGS = ['露营', '咖啡', 'citywalk', 'running', '美食', 'film', '护肤', 'books'];

/** Notes by the demo accounts, each with 1–3 pictures from a shared pool (uploaded through MediaService, variants made as for any upload). */
async function seedNotes(meadow: BenchInstance, count: number): Promise<void> {
  const kernel = meadow.kernel;
  const accounts = kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = kernel.contextOf('media').services.get(MediaServiceRef);
  const authors = [];
  for (const handle of ['lin_xiaoyu', 'emma_travels', 'chen_hiking', 'sam_runs', 'zhou_cooks', 'wang_skincare']) {
    const account = await accounts.getByHandle(handle);
    if (account) authors.push(account);
  }
  if (!authors.length) fail('the demo seed made no accounts to write notes as');
  // A pool of pictures per author (a note may use its author's own media only).
  const pools = new Map<number, number[]>();
  for (const [a, author] of authors.entries()) {
    const pool: number[] = [];
    for (let k = 0; k < 8; k++) {
      const hue = (a * 47 + k * 29) % 255;
      const jpeg = await sharp({ create: { width: 900, height: 1200 - (k % 3) * 150, channels: 3, background: { r: hue, g: (hue * 3) % 255, b: 200 - (hue % 120) } } }).jpeg({ quality: 80 }).toBuffer();
      pool.push((await media.upload(author.id, jpeg, { alt: `picture ${k + 1}` })).id);
    }
    pools.set(author.id, pool);
  }
  for (let i = 0; i < count; i++) {
    const author = authors[i % authors.length]!;
    const viewer: Viewer = { accountId: author.id, handle: author.handle, role: author.role, sessionId: null };
    const pool = pools.get(author.id)!;
    const images = Array.from({ length: 1 + (i % 3) }, (_, k) => ({ mediaId: toGlobalId('Media', pool[(i + k) % pool.length]!), alt: `picture ${k + 1} of note ${i}` }));
    const tag = TAGS[i % TAGS.length]!;
    const res = await kernel.contextOf('web').graphql.execute(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
      input: { title: `${TITLES[i % TITLES.length]} ${i}`, body: `Note ${i} of the benchmark, with a few words and #${tag} #bench`, images },
    }, { viewer });
    if (res.errors?.length) fail(`createNote: ${res.errors[0]!.message}`);
    if ((i + 1) % 500 === 0 || i + 1 === count) say(`notes ${i + 1}/${count}`);
  }
  await kernel.bus.drain();
}

/** The GraphQL operations one GET of `path` runs in-process (recorded from kernel.graphql). */
async function queriesOf(meadow: BenchInstance, path: string): Promise<{ query: string; variables: Record<string, unknown> }[]> {
  const graphql = meadow.kernel.contextOf('web').graphql;
  const original = graphql.execute;
  const seen: { query: string; variables: Record<string, unknown> }[] = [];
  graphql.execute = <T = any>(query: string, variables?: Record<string, unknown>, options?: Parameters<typeof original>[2]) => {
    seen.push({ query, variables: variables ?? {} });
    return original.call(graphql, query, variables, options) as ReturnType<typeof original<T>>;
  };
  try {
    const res = await fetch(`${meadow.url}${path}`, { headers: { accept: HTML_ACCEPT } });
    if (res.status !== 200) fail(`GET ${path} answered ${res.status}`);
    await res.text();
  } finally {
    graphql.execute = original;
  }
  return seen;
}

/** JavaScript and CSS a first visit to `path` downloads: the page's scripts and stylesheets, and the modules they import. */
async function firstVisitAssets(base: string, path: string) {
  const html = await (await fetch(`${base}${path}`, { headers: { accept: HTML_ACCEPT } })).text();
  const files = new Map<string, { kind: 'js' | 'css'; bytes: number; gzip: number }>();
  const queue: { url: string; kind: 'js' | 'css' }[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) queue.push({ url: new URL(m[1]!, base).href, kind: 'js' });
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\brel="(stylesheet|modulepreload)"/.test(tag)) queue.push({ url: new URL(href, base).href, kind: /stylesheet/.test(tag) ? 'css' : 'js' });
  }
  while (queue.length) {
    const { url, kind } = queue.shift()!;
    if (files.has(url) || !url.startsWith(base)) continue;
    const res = await fetch(url);
    if (res.status !== 200) fail(`${url} answered ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    files.set(url, { kind, bytes: body.length, gzip: gzipSync(body).length });
    const text = body.toString('utf8');
    // Static and dynamic imports of ES modules, and @import in CSS.
    const imports = kind === 'js' ? [...text.matchAll(/\bimport\s*(?:[^'"()]*?\sfrom\s*)?\(?\s*['"]([^'"]+)['"]/g)] : [...text.matchAll(/@import\s+(?:url\()?['"]?([^'")\s]+)/g)];
    for (const i of imports) queue.push({ url: new URL(i[1]!, url).href, kind });
  }
  const sum = (kind: 'js' | 'css', field: 'bytes' | 'gzip') => [...files.values()].filter((f) => f.kind === kind).reduce((a, f) => a + f[field], 0);
  return {
    html: { bytes: Buffer.byteLength(html), gzip: gzipSync(html).length },
    js: { bytes: sum('js', 'bytes'), gzip: sum('js', 'gzip'), files: [...files].filter(([, f]) => f.kind === 'js').map(([u]) => new URL(u).pathname) },
    css: { bytes: sum('css', 'bytes'), gzip: sum('css', 'gzip'), files: [...files].filter(([, f]) => f.kind === 'css').map(([u]) => new URL(u).pathname) },
  };
}

say(`web-render: ${engine}, ${NOTES} extra notes, connections ${CONNECTIONS.join('/')}, ${ROUNDS} round(s) of ${DURATION} s per side, ${WARMUP} s warm-up${quick ? ' (quick smoke run: figures mean little)' : ''}`);
const meadow = await timed('boot (all plugins, migrations)', async () => startBenchInstance({
    discover: true,
    database: await databaseFor(engine),
    // The pages run their queries in-process, where the public endpoint's cost
    // limit does not apply; the note page's query costs more than the default
    // 5,000 (≈ 75,000 for the demo note), so the limit is raised for the
    // POST /graphql comparison; see bench/README.md.
    config: { limits: { graphqlCost: 1_000_000 } },
  }));
try {
  await timed('demo seed', () => seedDemo(meadow.kernel, 'zh-CN', process.stderr));
  const kernel = meadow.kernel;
  // The note page measured (found before the bulk notes bury it): the demo's camping note (three images, a checklist, pitfalls, a comment with a reply).
  let noteId: string | undefined;
  for (const handle of ['chen_hiking', 'lin_xiaoyu', 'emma_travels']) {
    const listed = await kernel.contextOf('web').graphql.execute(`query($h: String!) { account(handle: $h) { notes(first: 100) { edges { node { id title } } } } }`, { h: handle }, { viewer: null });
    const edges: { node: { id: string; title: string } }[] = (listed.data as any)?.account?.notes?.edges ?? [];
    noteId = (edges.find((e) => e.node.title.startsWith('第一次露营')) ?? edges[0])?.node.id;
    if (noteId) break;
  }
  if (!noteId) fail('found no note to render');
  const notePath = `/notes/${localId(noteId, 'Note')}`;
  await timed(`${NOTES} notes with images`, () => seedNotes(meadow, NOTES));

  // Check once that each page renders what it should, and record the GraphQL it runs.
  const pages = [
    { label: 'feed', path: '/', mustContain: 'class="card' },
    { label: 'note', path: notePath, mustContain: 'class="carousel' },
  ];
  const sides: { label: string; request: LoadRequest; kind: 'html' | 'graphql' }[] = [];
  const queries: Record<string, { operations: string[]; page_query_chars: number }> = {};
  for (const p of pages) {
    const res = await fetch(`${meadow.url}${p.path}`, { headers: { accept: HTML_ACCEPT } });
    const body = await res.text();
    if (res.status !== 200 || !body.includes(p.mustContain)) fail(`GET ${p.path}: ${res.status}, ${body.length} bytes, without ${p.mustContain}`);
    const ran = await queriesOf(meadow, p.path);
    const operations = ran.map((q) => /^\s*(?:query|mutation)\s+(\w+)/.exec(q.query)?.[1] ?? 'anonymous');
    // The page's own data query (the shell query — instance branding and viewer — runs on every page besides).
    const main = ran.find((q) => !/^\s*query\s+WebShell\b/.test(q.query));
    if (!main) fail(`GET ${p.path} ran no page query (ran: ${operations.join(', ')})`);
    const check = await fetch(`${meadow.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(main) });
    const json = (await check.json()) as { data?: unknown; errors?: unknown[] };
    if (check.status !== 200 || json.errors || !json.data) fail(`POST /graphql of ${p.label}'s query: ${check.status} ${JSON.stringify(json.errors ?? '').slice(0, 300)}`);
    queries[p.label] = { operations, page_query_chars: main.query.length };
    sides.push({ label: `${p.label} html`, kind: 'html', request: { url: `${meadow.url}${p.path}`, headers: { accept: HTML_ACCEPT }, bodyMustNotContain: 'id="error-title"' } });
    sides.push({
      label: `${p.label} gql`,
      kind: 'graphql',
      request: { url: `${meadow.url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(main), bodyMustNotContain: '"errors"' },
    });
  }

  const assets = await firstVisitAssets(meadow.url, '/');
  say(`first visit to /: HTML ${assets.html.bytes} B (${assets.html.gzip} gzipped), JS ${assets.js.bytes} B (${assets.js.gzip} gzipped) in ${assets.js.files.length} file(s), CSS ${assets.css.bytes} B (${assets.css.gzip} gzipped) in ${assets.css.files.length} file(s)`);

  const results: Record<string, Record<string, { rps: number; p50_ms: number; p99_ms: number; cpu_ms_per_request: number; requests: number }>> = {};
  for (const connections of CONNECTIONS) {
    const runs = new Map<string, LoadSummary[]>();
    for (let r = 0; r < ROUNDS; r++) {
      // Sides alternate within each round, so drifting machine load hits them alike.
      for (const side of sides) {
        const s = await runLoad(side.request, { seconds: DURATION, connections, warmupSeconds: r === 0 ? WARMUP : 0 });
        assertClean(`${side.label} @${connections}`, s);
        say(describe(`${side.label} @${connections}`.padEnd(16), s));
        runs.set(side.label, [...(runs.get(side.label) ?? []), s]);
      }
    }
    results[`c${connections}`] = Object.fromEntries(
      [...runs].map(([label, list]) => [
        label.replace(' ', '_'),
        {
          rps: round(median(list.map((s) => s.rps)), 1),
          p50_ms: median(list.map((s) => s.p50_ms)),
          p99_ms: median(list.map((s) => s.p99_ms)),
          cpu_ms_per_request: round(median(list.map((s) => s.cpu_ms_per_request)), 3),
          requests: list.reduce((a, s) => a + s.requests, 0),
        },
      ]),
    );
  }

  // Rendering's share: CPU per HTML page against CPU per GraphQL answer of the same data.
  const overhead = Object.fromEntries(
    Object.entries(results).map(([c, r]) => [c, { feed_cpu_ratio: round(r.feed_html!.cpu_ms_per_request / r.feed_gql!.cpu_ms_per_request, 2), note_cpu_ratio: round(r.note_html!.cpu_ms_per_request / r.note_gql!.cpu_ms_per_request, 2) }]),
  );
  printResult({
    bench: 'web-render',
    engine,
    notes: NOTES,
    note_path: notePath,
    connections: CONNECTIONS,
    duration_s: DURATION,
    rounds: ROUNDS,
    results,
    html_vs_graphql: overhead,
    queries,
    first_visit: assets,
    commit: sourceVersion(),
    node: process.version,
  });
} catch (err) {
  say((err as Error).stack ?? String(err));
  process.exitCode = 1;
} finally {
  await meadow.close();
}
