// Two Meadow nodes sharing one database and one Redis, as a scaled instance
// runs: a subscriber on node A hears about a change made on node B, and
// rate limits count hits on both nodes together. Needs REDIS_URL.

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { AccountsServiceRef, MeadowError } from '../../core/index.ts';
import { startTestInstance, testDatabaseUrl, TEST_ENGINE, type TestInstance } from '../helpers/instance.ts';
import { subscribeSse } from '../helpers/sse.ts';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) throw new Error('The Redis suite needs REDIS_URL (for example REDIS_URL=redis://127.0.0.1:6379 npm run test:redis)');

/** Unique per run, so parallel or repeated runs never share a Redis key or a name. */
const RUN = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

async function sharedDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (TEST_ENGINE === 'postgres') return testDatabaseUrl();
  const file = join(tmpdir(), `meadow-redis-${RUN}.db`);
  return { url: `sqlite:${file}`, drop: () => Promise.all(['', '-wal', '-shm'].map((s) => rm(file + s, { force: true }))).then(() => {}) };
}

async function listen(node: TestInstance): Promise<string> {
  await node.app.listen({ port: 0, host: '127.0.0.1' });
  const address = node.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the node is not listening on a TCP port');
  return `http://127.0.0.1:${address.port}`;
}

describe(`two nodes sharing ${TEST_ENGINE} and Redis`, () => {
  let database: { url: string; drop: () => Promise<void> };
  let nodeA: TestInstance;
  let nodeB: TestInstance;
  let urlA: string;
  let adminToken: string;
  const stop = new AbortController();

  beforeAll(async () => {
    database = await sharedDatabase();
    // Sign-up limits are per client address and shared in Redis with every
    // other run on this machine; raise them so they never get in the way here.
    const config = { databaseUrl: database.url, redisUrl: REDIS_URL, rateLimits: { authMax: 100_000 } };
    nodeA = await startTestInstance({ config });
    nodeB = await startTestInstance({ config });
    urlA = await listen(nodeA);
    await listen(nodeB);

    // An admin, made the way an operator would: sign up, then promote.
    const handle = `admin_${RUN}`.slice(0, 30);
    const signUp = await nodeB.gql<{ signUp: { token: string } }>(
      'mutation ($input: SignUpInput!) { signUp(input: $input) { token } }',
      { input: { handle, password: `correct horse ${RUN} battery staple` } },
    );
    expect(signUp.errors).toBeUndefined();
    adminToken = signUp.data!.signUp.token;
    const accounts = nodeB.kernel.contextOf('accounts').services.get(AccountsServiceRef);
    const account = await accounts.getByHandle(handle);
    await accounts.setRole(account!.id, 'admin');
  }, 60_000);

  afterAll(async () => {
    // The subscriber hangs up first: the server does not end open SSE streams
    // on close, and a Redis UNSUBSCRIBE still in flight when the node closes
    // rejects unhandled ("Connection is closed"); both are reported to core.
    stop.abort();
    await new Promise((r) => setTimeout(r, 300));
    await nodeA?.close();
    await nodeB?.close();
    await database?.drop();
  });

  it('delivers instanceUpdated on node A when an admin changes the branding on node B', async () => {
    const sub = subscribeSse(`${urlA}/graphql`, 'subscription { instanceUpdated { name } }', stop.signal);
    await sub.ready;
    // The Redis SUBSCRIBE may land just after the response starts: change the
    // name until node A reports it (each attempt with a fresh name).
    const names: string[] = [];
    for (let attempt = 0; attempt < 10 && sub.events.length === 0; attempt++) {
      const name = `Meadow ${RUN} #${attempt}`;
      names.push(name);
      const res = await nodeB.gql('mutation ($name: String!) { updateBranding(input: { name: $name }) { name } }', { name }, { token: adminToken });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateBranding.name).toBe(name);
      await sub.next(1_000);
    }
    expect(sub.events.length, 'node A received no instanceUpdated event within 10 s').toBeGreaterThan(0);
    expect(sub.events[0].errors).toBeUndefined();
    // What a subscriber on A sees is the new name set on B, not A's old copy.
    expect(names).toContain(sub.events[0].data.instanceUpdated.name);
  });

  it('shows node B\'s new branding to a plain query on node A', async () => {
    const name = `Meadow ${RUN} query`;
    const res = await nodeB.gql('mutation ($name: String!) { updateBranding(input: { name: $name }) { name } }', { name }, { token: adminToken });
    expect(res.errors).toBeUndefined();
    const onA = await nodeA.gql('{ instance { name } }');
    expect(onA.data.instance.name).toBe(name);
  });

  it('refuses a branding change from someone who is not an admin, on either node', async () => {
    for (const node of [nodeA, nodeB]) {
      const res = await node.gql('mutation { updateBranding(input: { name: "Hijacked" }) { name } }');
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const onB = await nodeB.gql('{ instance { name } }');
    expect(onB.data.instance.name).not.toBe('Hijacked');
  });

  it('delivers notificationAdded on node A for a follow made on node B', async () => {
    const signUpOn = async (node: TestInstance, prefix: string) => {
      const res = await node.gql<{ signUp: { token: string; account: { id: string } } }>(
        'mutation ($input: SignUpInput!) { signUp(input: $input) { token account { id } } }',
        { input: { handle: `${prefix}_${RUN}`.slice(0, 30), password: `correct horse ${RUN} battery staple` } },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.signUp;
    };
    const followed = await signUpOn(nodeA, 'nf');
    const follower = await signUpOn(nodeB, 'nr');
    const sub = subscribeSse(`${urlA}/graphql`, 'subscription { notificationAdded { kind actor { id } } }', stop.signal, followed.token);
    await sub.ready;
    // As above, the Redis SUBSCRIBE may land just after the stream opens: follow again until it arrives.
    for (let attempt = 0; attempt < 10 && sub.events.length === 0; attempt++) {
      const res = await nodeB.gql('mutation ($id: ID!) { follow(accountId: $id) { id } }', { id: followed.account.id }, { token: follower.token });
      expect(res.errors).toBeUndefined();
      await nodeB.kernel.bus.drain();
      await sub.next(1_000);
      if (sub.events.length === 0) await nodeB.gql('mutation ($id: ID!) { unfollow(accountId: $id) { id } }', { id: followed.account.id }, { token: follower.token });
    }
    expect(sub.events.length, 'node A received no notificationAdded event within 10 s').toBeGreaterThan(0);
    expect(sub.events[0]).toEqual({ data: { notificationAdded: { kind: 'follow', actor: { id: follower.account.id } } } });
  });

  it('counts rate-limit hits on both nodes together', async () => {
    const key = `redis-suite:${RUN}:shared`;
    const max = 5;
    const nodes = [nodeA, nodeB];
    for (let i = 0; i < max; i++) await nodes[i % 2].kernel.limiter.hit(key, max, 60_000);
    for (const node of nodes) {
      const err = await node.kernel.limiter.hit(key, max, 60_000).then(() => null, (e: unknown) => e);
      expect(err, 'the hit past the limit went through').toBeInstanceOf(MeadowError);
      expect((err as MeadowError).code).toBe('RATE_LIMITED');
    }
    // Another key keeps its own count.
    await expect(nodeB.kernel.limiter.hit(`redis-suite:${RUN}:other`, max, 60_000)).resolves.toBeUndefined();
  });

  it('opens a fresh window once the old one has passed', async () => {
    const key = `redis-suite:${RUN}:window`;
    await nodeA.kernel.limiter.hit(key, 1, 300);
    await expect(nodeB.kernel.limiter.hit(key, 1, 300)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await new Promise((r) => setTimeout(r, 400));
    await expect(nodeB.kernel.limiter.hit(key, 1, 300)).resolves.toBeUndefined();
  });
});
