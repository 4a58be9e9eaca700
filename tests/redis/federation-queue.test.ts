// Fedify's message queue on Redis (core/federation/redis-queue.ts), on a
// real Redis: two nodes sharing it handle each message once, delayed
// messages wait their turn, and a message left behind by a node that died
// mid-way is handed out again (at-least-once). Needs REDIS_URL.
import { randomBytes } from 'node:crypto';
import { describe, it, expect, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { Temporal } from '@js-temporal/polyfill';
import { RedisMessageQueue } from '../../core/federation/redis-queue.ts';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) throw new Error('The Redis suite needs REDIS_URL (for example REDIS_URL=redis://127.0.0.1:6379 npm run test:redis)');

const prefix = `meadow:test-${Date.now().toString(36)}${randomBytes(3).toString('hex')}:fedq:`;
const connect = () => new Redis(REDIS_URL, { maxRetriesPerRequest: null });

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('federation queue on Redis', () => {
  const nodes = [new RedisMessageQueue({ connect, prefix, pollMs: 100 }), new RedisMessageQueue({ connect, prefix, pollMs: 100 })];
  const stop = new AbortController();
  const handled: { node: number; message: any; at: number }[] = [];
  const listening = nodes.map((q, node) => q.listen((message) => void handled.push({ node, message, at: Date.now() }), { signal: stop.signal }));
  const raw = connect();
  afterAll(async () => {
    stop.abort();
    await Promise.all(listening);
    for (const q of nodes) q.close();
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length) await raw.del(...keys);
    raw.disconnect();
  });

  it('hands each message to exactly one of the nodes sharing the queue', async () => {
    for (let i = 0; i < 40; i++) await nodes[i % 2].enqueue({ n: i });
    await until(() => handled.length >= 40);
    await new Promise((r) => setTimeout(r, 300));
    expect(handled.map((h) => h.message.n).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(new Set(handled.map((h) => h.node)).size).toBe(2);
    expect(await nodes[0].depth()).toEqual({ ready: 0, delayed: 0, processing: 0 });
  });

  it('keeps a delayed message until it is due', async () => {
    const sent = Date.now();
    await nodes[0].enqueue({ delayed: true }, { delay: Temporal.Duration.from({ milliseconds: 700 }) });
    await new Promise((r) => setTimeout(r, 300));
    expect(handled.some((h) => h.message.delayed)).toBe(false);
    await until(() => handled.some((h) => h.message.delayed));
    expect(handled.find((h) => h.message.delayed)!.at - sent).toBeGreaterThanOrEqual(650);
  });

  it('hands out again a message whose node died while handling it', async () => {
    // What a node leaves behind when it stops mid-message: the envelope in processing, an expired lease.
    const envelope = JSON.stringify({ id: 'lost-1', message: { lost: true } });
    await raw.lpush(`${prefix}processing`, envelope);
    await raw.hset(`${prefix}leases`, 'lost-1', JSON.stringify({ until: Date.now() - 1, envelope }));
    expect(await nodes[1].recoverExpired()).toBe(1);
    await until(() => handled.some((h) => h.message.lost));
    expect(handled.filter((h) => h.message.lost)).toHaveLength(1);
    expect(await raw.hlen(`${prefix}leases`)).toBe(0);
  });
});

describe('two instances with federation.queue = "redis"', async () => {
  const { startTlsInstance } = await import('../federation/tls.ts');
  const { signUp } = await import('../core/accounts-helpers.ts');
  const config = { redisUrl: REDIS_URL, federation: { queue: 'redis' as const } };
  const a = await startTlsInstance({ config });
  const b = await startTlsInstance({ config });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('deliver a follow and its Accept through Redis, with nothing in the database job queue', async () => {
    const alice = await signUp(a, 'alice');
    await signUp(b, 'bob');
    const res = await a.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `bob@${b.host}` }, { token: alice.token });
    expect(res.data.followRemote.state).toBe('PENDING');
    const accepted = async () =>
      (await a.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `bob@${b.host}` }, { token: alice.token })).data.followRemote.state === 'ACCEPTED';
    const end = Date.now() + 15_000;
    while (!(await accepted())) {
      if (Date.now() > end) throw new Error('the follow was not accepted through the Redis queue in 15 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await b.gql('{ account(handle: "bob") { followersCount } }')).data.account.followersCount).toBe(1);
    for (const m of [a, b]) {
      const jobs = await m.kernel.db.kysely().selectFrom('core_job').select('name').where('name', 'like', 'federation.%').execute();
      expect(jobs).toEqual([]);
    }
  });
});
