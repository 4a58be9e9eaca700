import { describe, it, expect } from 'vitest';
import { definePlugin, PLUGIN_API_VERSION } from '../../core/index.ts';
import { startTestInstance } from '../helpers/instance.ts';

let finishSlow: (() => void) | null = null;
const slow = definePlugin({
  name: 'test-slow',
  apiVersion: PLUGIN_API_VERSION,
  typeDefs: 'extend type Query { slow: String! }',
  resolvers: { Query: { slow: () => new Promise<string>((r) => (finishSlow = () => r('finished'))) } },
});

describe('graceful shutdown', () => {
  it('lets a request in flight finish, and refuses new ones', async () => {
    const meadow = await startTestInstance({ plugins: [slow] });
    const address = await meadow.app.listen({ port: 0, host: '127.0.0.1' });
    const inFlight = fetch(`${address}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ slow }' }),
    });
    while (!finishSlow) await new Promise((r) => setTimeout(r, 5));
    const closed = meadow.close();
    await new Promise((r) => setTimeout(r, 50));
    const late = await fetch(`${address}/healthz`, { signal: AbortSignal.timeout(2000) }).catch((err: Error) => err);
    // Either refused outright (listener closed) or answered 503 while closing.
    if (!(late instanceof Error)) expect(late.status).toBe(503);
    finishSlow!();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { slow: 'finished' } });
    await closed;
  });
});

describe('shutdown with open subscriptions', () => {
  it('ends SSE streams and WebSocket clients instead of waiting for them', async () => {
    const meadow = await startTestInstance();
    const address = await meadow.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { instanceUpdated { name } }' }),
    });
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`${address.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((r) => ws.once('open', r));
    const wsClosed = new Promise((r) => ws.once('close', r));
    const started = Date.now();
    await meadow.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    const reader = res.body!.getReader();
    while (!(await reader.read()).done);
    await wsClosed;
  });
});
