// The semantic option with a fake OpenAI-compatible embeddings server on
// 127.0.0.1 that returns deterministic vectors (one dimension per concept:
// car, dog, coffee, sea). Off by default; when on, notes near the query in
// meaning join the keyword results ("similar in meaning"); vectors come from
// a job after indexing; a failing provider leaves keyword results, explained.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, afterAll } from 'vitest';
import { expectCode, expectOk, startSearch } from './helpers.ts';

const CONCEPTS = [['car', 'automobile', 'vehicle', '汽车', '自驾'], ['dog', 'puppy', 'canine', '狗'], ['coffee', 'latte', 'espresso', '咖啡'], ['sea', 'coast', 'ocean', 'beach', '海边']];
const vectorOf = (text: string) => [...CONCEPTS.map((words) => words.filter((w) => text.toLowerCase().includes(w)).length), 0.05];

async function fakeProvider() {
  const requests: { path: string; headers: IncomingHttpHeaders; body: any }[] = [];
  const state = { failing: false };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw);
      requests.push({ path: req.url!, headers: req.headers, body });
      if (state.failing || req.url !== '/v1/embeddings') {
        res.writeHead(state.failing ? 500 : 404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', model: body.model, data: body.input.map((t: string, index: number) => ({ object: 'embedding', index, embedding: vectorOf(t) })) }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests, state, close: () => new Promise((done) => server.close(done)) };
}

const SEARCH = `query($q: String!) { search(query: $q) { context notes { edges { reasons node { id title } } } } }`;
const SETTINGS = `mutation($s: JSON!) { updatePluginSettings(plugin: "search", settings: $s) { name } }`;

describe('semantic option', async () => {
  const provider = await fakeProvider();
  const t = await startSearch();
  afterAll(async () => {
    await t.close();
    await provider.close();
  });
  const author = await t.person('author');
  const admin = await t.person('site_admin', 'admin');
  const roadTrip = await t.post(author, { title: 'An automobile journey along the coast', body: 'We drove for three days.' });
  await t.post(author, { title: 'Puppy training basics', body: 'Start with sit and stay.' });
  const pourOver = await t.post(author, { title: '手冲咖啡入门', body: '磨豆和水温' });
  const titles = async (q: string) => expectOk(await t.gql(SEARCH, { q })).search.notes.edges.map((e: any) => e.node.title);

  it('is off by default: keywords only, and the provider is never called', async () => {
    expect(await titles('car trip')).toEqual([]);
    expect(provider.requests).toEqual([]);
  });

  it('refuses to switch on without a URL', async () => {
    const res = await admin.gql(SETTINGS, { s: { semantic: { enabled: true } } });
    expect(res.errors?.[0]?.message).toMatch(/semantic\.url is needed/);
    expectCode(await admin.gql(SETTINGS, { s: { semantic: { enabled: true, url: 'ftp://x' } } }), res.errors![0]!.extensions!.code!);
  });

  it('finds notes near the query in meaning once vectors are computed, alongside keyword matches', async () => {
    process.env.MEADOW_TEST_EMBED_KEY = 'k-123';
    expectOk(await admin.gql(SETTINGS, { s: { semantic: { enabled: true, url: provider.url, model: 'fake-embed', apiKeyEnv: 'MEADOW_TEST_EMBED_KEY' } } }));
    // Notes indexed before the switch get vectors on reindex (a job per batch).
    expectOk(await admin.gql(`mutation { reindexSearch }`));
    await t.settle();
    const indexing = provider.requests.find((r) => r.body.input.length > 1)!;
    expect(indexing.path).toBe('/v1/embeddings');
    expect(indexing.body.model).toBe('fake-embed');
    expect(indexing.headers.authorization).toBe('Bearer k-123');
    expect(indexing.body.input).toContain('An automobile journey along the coast\n\nWe drove for three days.');

    const edges = expectOk(await t.gql(SEARCH, { q: 'car trip' })).search.notes.edges;
    expect(edges[0].node.id).toBe(roadTrip.gid);
    expect(edges[0].reasons).toContain('similar in meaning (0.71)');
    expect(edges.map((e: any) => e.node.title)).not.toContain('Puppy training basics');
    // Keyword matches still lead when they exist.
    expect((await titles('咖啡'))[0]).toBe('手冲咖啡入门');
    expect((await titles('espresso'))[0]).toBe('手冲咖啡入门');
    expect(pourOver.id).toBeGreaterThan(0);

    // A note posted now gets its vector from the job that follows indexing.
    const swim = await t.post(author, { title: 'Ocean swimming spots', body: 'Calm water in the morning.' });
    await t.settle();
    // The coast trip is about the sea too, less so.
    expect(expectOk(await t.gql(SEARCH, { q: 'beach' })).search.notes.edges.map((e: any) => e.node.id)).toEqual([swim.gid, roadTrip.gid]);
  });

  it('answers with keywords when the provider fails, and says so', async () => {
    provider.state.failing = true;
    const data = expectOk(await t.gql(SEARCH, { q: 'vehicle 咖啡' })).search;
    expect(data.notes.edges[0].node.title).toBe('手冲咖啡入门');
    expect(data.context).toContain('Semantic search is unavailable right now: keyword results only');
    provider.state.failing = false;
  });

  it('switches off again', async () => {
    expectOk(await admin.gql(SETTINGS, { s: { semantic: { enabled: false } } }));
    const calls = provider.requests.length;
    expect(await titles('car journey road')).toEqual(['An automobile journey along the coast']);
    expect(await titles('vehicle')).toEqual([]);
    expect(provider.requests.length).toBe(calls);
  });
});
