import { describe, it, expect, afterAll } from 'vitest';
import { z } from 'zod';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { definePlugin, PLUGIN_API_VERSION, NodeLookup, filter, toGlobalId, type PluginContext } from '../../core/index.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { testAuthPlugin, asRole } from '../helpers/test-auth.ts';

// A plugin with settings, a Node type, and a recursive type for depth tests.
const gadgets = definePlugin({
  name: 'test-gadgets',
  apiVersion: PLUGIN_API_VERSION,
  settings: z.object({ maxGadgets: z.number().int().min(1).max(100).default(10), greeting: z.string().default('你好') }),
  typeDefs: `
    type Gadget implements Node { id: ID! name: String! parent: Gadget children(first: Int = 10): [Gadget!]! }
    extend type Query { gadget: Gadget! greeting: String! }`,
  hooks: [filter(NodeLookup, (value, { type, id }) => (type === 'Gadget' ? { __typename: 'Gadget', id: toGlobalId('Gadget', id), name: `gadget ${id}` } : value))],
  resolvers: (ctx: PluginContext<{ greeting: string }>) => ({
    Query: { gadget: () => ({ id: toGlobalId('Gadget', 1), name: 'root' }), greeting: () => ctx.settings().greeting },
    Gadget: {
      parent: (g: { id: string; name: string }) => g,
      children: (g: { id: string }, { first }: { first: number }) => Array.from({ length: Math.min(first, 100) }, (_, i) => ({ id: `${g.id}-${i}`, name: 'child' })),
    },
  }),
});

describe('GraphQL endpoint', async () => {
  const meadow = await startTestInstance({ plugins: [gadgets, testAuthPlugin] });
  afterAll(() => meadow.close());
  const as = (role: 'admin' | 'person', query: string, variables?: object) =>
    meadow.app.inject({ method: 'POST', url: '/graphql', headers: asRole(role), payload: { query, variables } }).then((r) => r.json());

  it('answers unknown fields with a validation error', async () => {
    const res = await meadow.gql('{ instance { nonsense } }');
    expect(res.errors?.[0].message).toMatch(/Cannot query field "nonsense" on type "Instance"/);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses queries past the depth limit', async () => {
    const deep = `{ gadget { ${'parent { '.repeat(14)} name ${'} '.repeat(14)} } }`;
    const res = await meadow.gql(deep);
    expect(res.errors?.[0].message).toMatch(/depth/i);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.data).toBeUndefined();
  });

  it('refuses queries past the cost limit', async () => {
    const wide = `{ gadget { ${Array.from({ length: 400 }, (_, i) => `a${i}: children(first: 100) { name id }`).join(' ')} } }`;
    const res = await meadow.gql(wide);
    expect(res.errors?.[0].message).toMatch(/cost/i);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses oversized bodies with 413 and a JSON error', async () => {
    const res = await meadow.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: `{ instance { name } }`, pad: 'x'.repeat(1_200_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('looks up objects by global ID and refuses malformed IDs', async () => {
    const ok = await meadow.gql('query($id: ID!) { node(id: $id) { id ... on Gadget { name } } }', { id: toGlobalId('Gadget', 42) });
    expect(ok.data.node).toEqual({ id: toGlobalId('Gadget', 42), name: 'gadget 42' });
    const unknownType = await meadow.gql('query($id: ID!) { node(id: $id) { id } }', { id: toGlobalId('Whatever', 1) });
    expect(unknownType.data.node).toBeNull();
    const bad = await meadow.gql('{ node(id: "%%%") { id } }');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets an admin edit plugin settings, validated, applied at once', async () => {
    expect((await meadow.gql('{ greeting }')).data.greeting).toBe('你好');
    const res = await as('admin', 'mutation { updatePluginSettings(plugin: "test-gadgets", settings: { greeting: "hello" }) { settings } }');
    expect(res.data.updatePluginSettings.settings).toEqual({ maxGadgets: 10, greeting: 'hello' });
    expect((await meadow.gql('{ greeting }')).data.greeting).toBe('hello');

    const bad = await as('admin', 'mutation { updatePluginSettings(plugin: "test-gadgets", settings: { maxGadgets: 1000 }) { settings } }');
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors[0].message).toMatch(/Setting maxGadgets of plugin "test-gadgets"/);
    const after = await as('admin', '{ plugins { name settings settingsSchema } }');
    const mine = after.data.plugins.find((p: { name: string }) => p.name === 'test-gadgets');
    expect(mine.settings.maxGadgets).toBe(10);
    expect(mine.settingsSchema.properties.maxGadgets.maximum).toBe(100);

    const person = await as('person', 'mutation { updatePluginSettings(plugin: "test-gadgets", settings: { greeting: "x" }) { name } }');
    expect(person.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('validates branding and keeps the old value on bad input', async () => {
    const bad = await as('admin', 'mutation { updateBranding(input: { colors: { primary: "red" } }) { colors { primary } } }');
    expect(bad.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'colors.primary' } });
    const ok = await as('admin', 'mutation { updateBranding(input: { name: "Meadow 城市指南", colors: { primary: "#00aa88" }, defaultLocale: "en" }) { name colors { primary accent } defaultLocale } }');
    expect(ok.data.updateBranding).toEqual({ name: 'Meadow 城市指南', colors: { primary: '#00aa88', accent: '#333333' }, defaultLocale: 'en' });
  });

  it('serves health and readiness, with a request id on every response', async () => {
    const health = await meadow.app.inject({ url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
    expect(health.headers['x-request-id']).toBeTruthy();
    const ready = await meadow.app.inject({ url: '/readyz' });
    expect(ready.json()).toMatchObject({ status: 'ready' });
    const missing = await meadow.app.inject({ url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });
});

describe('GraphQL subscriptions', async () => {
  const meadow = await startTestInstance({ plugins: [testAuthPlugin] });
  const address = await meadow.app.listen({ port: 0, host: '127.0.0.1' });
  afterAll(() => meadow.close());
  const rename = (name: string) =>
    fetch(`${address}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...asRole('admin') },
      body: JSON.stringify({ query: `mutation { updateBranding(input: { name: "${name}" }) { name } }` }),
    });

  it('delivers events over SSE', async () => {
    const res = await fetch(`${address}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { instanceUpdated { name } }' }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    setTimeout(() => void rename('Over SSE'), 100);
    let text = '';
    while (!text.includes('Over SSE')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toContain('"instanceUpdated":{"name":"Over SSE"}');
  });

  it('delivers events over WebSocket (graphql-ws)', async () => {
    const client = createClient({ url: address.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, lazy: false });
    const received = new Promise<unknown>((resolve, reject) => {
      const stop = client.subscribe(
        { query: 'subscription { instanceUpdated { name } }' },
        { next: (v) => (resolve(v), stop()), error: reject, complete: () => {} },
      );
    });
    setTimeout(() => void rename('Over WebSocket'), 200);
    expect(await received).toEqual({ data: { instanceUpdated: { name: 'Over WebSocket' } } });
    await client.dispose();
  });
});
