// Fedify's KvStore and MessageQueue on Meadow's own database.
import { describe, it, expect, afterAll } from 'vitest';
import { Temporal } from '@js-temporal/polyfill';
import { startTestInstance } from '../helpers/instance.ts';
import { DatabaseKvStore } from '../../core/federation/kv.ts';
import { FederationServiceRef } from '../../core/index.ts';
import type { FederationServiceImpl } from '../../core/federation/service.ts';

describe('federation storage', async () => {
  const meadow = await startTestInstance();
  afterAll(() => meadow.close());
  const db = meadow.kernel.db;
  const kv = new DatabaseKvStore(() => db.kysely(), db.dialect);

  it('stores, reads, overwrites and deletes values by key', async () => {
    expect(await kv.get(['a', 'missing'])).toBeUndefined();
    await kv.set(['a', 'one'], { n: 1, s: '中文' });
    expect(await kv.get(['a', 'one'])).toEqual({ n: 1, s: '中文' });
    await kv.set(['a', 'one'], [1, 2]);
    expect(await kv.get(['a', 'one'])).toEqual([1, 2]);
    await kv.delete(['a', 'one']);
    expect(await kv.get(['a', 'one'])).toBeUndefined();
  });

  it('lets a value expire after its ttl', async () => {
    await kv.set(['ttl'], 'soon gone', { ttl: Temporal.Duration.from({ milliseconds: 30 }) });
    expect(await kv.get(['ttl'])).toBe('soon gone');
    await new Promise((r) => setTimeout(r, 60));
    expect(await kv.get(['ttl'])).toBeUndefined();
  });

  it('lists by exact key prefix (case-sensitive, no wildcard leaks)', async () => {
    await kv.set(['p', 'x'], 1);
    await kv.set(['p', 'x', 'deep'], 2);
    await kv.set(['p', 'X'], 3);
    await kv.set(['p%'], 4);
    await kv.set(['px'], 5);
    const keys = async (prefix?: readonly [string, ...string[]]) => {
      const out: string[] = [];
      for await (const e of kv.list(prefix)) out.push(e.key.join('/'));
      return out.sort();
    };
    expect(await keys(['p'])).toEqual(['p/X', 'p/x', 'p/x/deep']);
    expect(await keys(['p', 'x'])).toEqual(['p/x', 'p/x/deep']);
    expect(await keys()).toEqual(expect.arrayContaining(['p%', 'px', 'p/x']));
  });

  it('compare-and-swaps only from the expected value', async () => {
    expect(await kv.cas(['cas'], undefined, 'first')).toBe(true);
    expect(await kv.cas(['cas'], undefined, 'again')).toBe(false);
    expect(await kv.cas(['cas'], 'wrong', 'x')).toBe(false);
    expect(await kv.cas(['cas'], 'first', { v: 2 })).toBe(true);
    expect(await kv.get(['cas'])).toEqual({ v: 2 });
  });

  it('queues messages as durable jobs, honours delays, and hands them to the listener', async () => {
    const service = meadow.kernel.contextOf('federation').services.get(FederationServiceRef) as FederationServiceImpl;
    // A separate queue object on the same jobs: Fedify's own listener stays untouched.
    const { JobMessageQueue } = await import('../../core/federation/queue.ts');
    const ctx = meadow.kernel.contextOf('federation');
    const queue = new JobMessageQueue((name, payload, options) => ctx.jobs.enqueue(name, payload, options));
    expect(service.queue).not.toBe(queue);
    await queue.enqueue({ type: 'test', n: 1 });
    await queue.enqueue({ type: 'test', n: 2 }, { delay: Temporal.Duration.from({ seconds: 3600 }) });
    const jobs = await meadow.kernel.queue.list({ limit: 10 });
    const due = jobs.filter((j) => j.name === 'federation.message');
    expect(due.map((j) => (j.payload as any).n).sort()).toEqual([1, 2]);
    expect(due.find((j) => (j.payload as any).n === 2)!.runAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    const seen: unknown[] = [];
    const abort = new AbortController();
    const listening = queue.listen((m) => void seen.push(m), { signal: abort.signal });
    for (const job of due.filter((j) => j.runAt.getTime() <= Date.now())) await queue.deliver(job.payload);
    expect(seen).toEqual([{ type: 'test', n: 1 }]);
    abort.abort();
    await listening;
    await expect(queue.deliver({ late: true })).rejects.toThrow(/no listener/);
  });

  it('runs Fedify messages through the core job worker', async () => {
    // The instance's own queue has Fedify listening: a message it does not know is consumed without error.
    const service = meadow.kernel.contextOf('federation').services.get(FederationServiceRef) as FederationServiceImpl;
    await service.queue.enqueue({ type: 'unknown-kind', id: 'x' });
    await meadow.kernel.worker.runUntilIdle();
    const left = (await meadow.kernel.queue.list({ limit: 50 })).filter((j) => j.name === 'federation.message' && j.status !== 'done');
    // Only the message delayed by an hour (previous test) is still waiting; nothing died.
    expect(left.map((j) => [j.status, (j.payload as any).n])).toEqual([['queued', 2]]);
  });
});
