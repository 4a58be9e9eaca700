// Outbound delivery between two real instances over HTTPS: one request per
// instance through its shared inbox, retries with growing jittered delays,
// timeouts, dead deliveries an admin retries, pausing an instance that stays
// unreachable and resuming it when it speaks again or answers a probe, and
// 404/410 as permanent (no retry, the followers behind that inbox dropped).
import { describe, it, expect, afterAll } from 'vitest';
import { signUp } from '../core/accounts-helpers.ts';
import { FederationServiceRef } from '../../core/index.ts';
import type { FederationServiceImpl } from '../../core/federation/service.ts';
import { startTlsInstance, settle } from './tls.ts';
import { adminToken, inboxPosts, makeJobsDue, postToFollowers, setDelivery } from './ops-helpers.ts';

const FOLLOW = 'mutation($h: String!) { followRemote(handle: $h) { state } }';
const DELIVERIES = `query($s: FederationDeliveryState!) { federationDeliveries(state: $s) {
  id state host inbox activityType activityId attempts lastError nextAttemptAt deadReason statusCode } }`;
const INSTANCE = 'query($h: String!) { federatedInstance(host: $h) { host state consecutiveFailures lastError lastSuccessAt lastInboundAt failingSince pausedAt software } }';
const RETRY = 'mutation($id: ID, $h: String) { retryFederationDeliveries(id: $id, host: $h) }';

describe('delivery to other instances', async () => {
  const a = await startTlsInstance();
  const b = await startTlsInstance();
  const held: { end(): void }[] = [];
  afterAll(async () => {
    for (const res of held) res.end();
    await a.close();
    await b.close();
  });
  await signUp(a, 'alice');
  const admin = await adminToken(a);
  for (const name of ['bob', 'carol', 'dave']) {
    const { token } = await signUp(b, name);
    await b.gql(FOLLOW, { h: `alice@${a.host}` }, { token });
  }
  await settle(a, b);
  await setDelivery(a, { attempts: 3, initialDelayMs: 1_000, maxDelayMs: 60_000, timeoutMs: 800 });
  const deliveries = async (state: string) => (await a.gql(DELIVERIES, { s: state }, { token: admin })).data.federationDeliveries;
  const instance = async () => (await a.gql(INSTANCE, { h: b.host }, { token: admin })).data.federatedInstance;

  it('sends one request per instance: three followers there share one inbox', async () => {
    expect(await a.kernel.db.kysely().selectFrom('core_fed_followers').selectAll().execute()).toHaveLength(3);
    const before = b.requests.length;
    await postToFollowers(a, 'alice', 'three followers, one request');
    await settle(a, b);
    expect(b.requests.slice(before)).toEqual([{ method: 'POST', path: '/inbox' }]);
    expect(await instance()).toMatchObject({ host: b.host, state: 'HEALTHY', consecutiveFailures: 0, lastError: null });
    expect((await instance()).lastSuccessAt).not.toBeNull();
  });

  it('retries a failing inbox with growing, jittered delays, then keeps it as a dead delivery', async () => {
    b.intercept = (req, res) => {
      if (req.method !== 'POST') return false;
      res.writeHead(500, { 'content-type': 'text/plain' }).end('database on fire');
      return true;
    };
    const before = inboxPosts(b);
    const activityId = await postToFollowers(a, 'alice', 'will fail');
    await settle(a, b);
    // Fedify knocks twice on an error answer (RFC 9421, then draft-cavage signatures): one try, two POSTs.
    expect(inboxPosts(b) - before).toBe(2);
    const [waiting] = await deliveries('FAILING');
    expect(waiting).toMatchObject({ state: 'FAILING', host: b.host, inbox: `${b.url}/inbox`, activityType: 'Create', activityId, attempts: 1, lastError: 'HTTP 500: database on fire' });
    // First retry after 1–2 s (initial delay, jitter up to 2x), the second after 2–4 s.
    const [first] = await makeJobsDue(a);
    expect(first).toBeGreaterThan(900);
    expect(first).toBeLessThanOrEqual(2_000);
    await settle(a, b);
    const [second] = await makeJobsDue(a);
    expect(second).toBeGreaterThan(1_900);
    expect(second).toBeLessThanOrEqual(4_000);
    await settle(a, b);
    // Three tries in all (the setting), then nothing is waiting and the delivery is dead.
    expect(inboxPosts(b) - before).toBe(3 * 2);
    expect(await makeJobsDue(a)).toEqual([]);
    expect(await deliveries('PENDING')).toEqual([]);
    const [dead] = await deliveries('DEAD');
    expect(dead).toMatchObject({ state: 'DEAD', deadReason: 'EXHAUSTED', statusCode: 500, attempts: 3, activityId, lastError: 'HTTP 500: database on fire' });
    expect(await instance()).toMatchObject({ state: 'FAILING', consecutiveFailures: 3, lastError: 'HTTP 500: database on fire' });
  });

  it('lets an admin retry a dead delivery once the instance works again', async () => {
    b.intercept = null;
    const [dead] = await deliveries('DEAD');
    const before = inboxPosts(b);
    expect((await a.gql(RETRY, { id: dead.id }, { token: admin })).data.retryFederationDeliveries).toBe(1);
    await settle(a, b);
    expect(inboxPosts(b) - before).toBe(1);
    expect(await deliveries('DEAD')).toEqual([]);
    expect(await instance()).toMatchObject({ state: 'HEALTHY', consecutiveFailures: 0 });
  });

  it('gives up on an inbox that does not answer within the timeout and retries it', async () => {
    b.intercept = (req, res) => {
      if (req.method !== 'POST') return false;
      held.push(res); // never answered
      return true;
    };
    const started = Date.now();
    await postToFollowers(a, 'alice', 'into the void');
    await settle(a, b);
    expect(Date.now() - started).toBeLessThan(5_000);
    const [waiting] = await deliveries('FAILING');
    expect(waiting.lastError).toBe('No answer within 800 ms (timed out)');
    expect(await instance()).toMatchObject({ state: 'FAILING', consecutiveFailures: 1 });
    b.intercept = null;
    await makeJobsDue(a);
    await settle(a, b);
    expect(await deliveries('PENDING')).toEqual([]);
    expect(await instance()).toMatchObject({ state: 'HEALTHY' });
  });

  it('pauses an instance unreachable for longer than the threshold, and resumes when it sends something', async () => {
    await setDelivery(a, { attempts: 3, initialDelayMs: 1_000, timeoutMs: 800, pauseAfterMs: 1_000, probeEveryMs: 3_600_000 });
    b.intercept = (_req, res) => {
      res.writeHead(503).end();
      return true;
    };
    await postToFollowers(a, 'alice', 'first failure');
    await settle(a, b);
    expect(await instance()).toMatchObject({ state: 'FAILING' });
    await new Promise((r) => setTimeout(r, 1_100));
    await makeJobsDue(a);
    await settle(a, b);
    const paused = await instance();
    expect(paused.state).toBe('PAUSED');
    expect(paused.pausedAt).not.toBeNull();

    // While paused nothing is sent: new deliveries are dead at once (one probe of its NodeInfo first).
    const before = b.requests.length;
    const activityId = await postToFollowers(a, 'alice', 'while paused');
    await settle(a, b);
    expect(b.requests.slice(before)).toEqual([{ method: 'GET', path: '/.well-known/nodeinfo' }]);
    const dead = (await deliveries('DEAD')).find((d: any) => d.activityId === activityId);
    expect(dead).toMatchObject({ deadReason: 'PAUSED', attempts: 0 });
    expect(dead.lastError).toMatch(/paused/);
    // The next one does not even probe (at most one probe per probeEveryMs).
    const quiet = b.requests.length;
    await postToFollowers(a, 'alice', 'still paused');
    await settle(a, b);
    expect(b.requests.length).toBe(quiet);

    // It comes back and sends an activity (a new follower): delivery resumes.
    b.intercept = null;
    const { token } = await signUp(b, 'erin');
    await b.gql(FOLLOW, { h: `alice@${a.host}` }, { token });
    await settle(a, b);
    const resumed = await instance();
    expect(resumed).toMatchObject({ state: 'HEALTHY', pausedAt: null, failingSince: null });
    expect(resumed.lastInboundAt).not.toBeNull();
    // The retry still waiting from before the pause goes through now.
    const beforeRetry = inboxPosts(b);
    await makeJobsDue(a);
    await settle(a, b);
    expect(inboxPosts(b) - beforeRetry).toBe(1);
    const posts = inboxPosts(b);
    await postToFollowers(a, 'alice', 'back again');
    await settle(a, b);
    expect(inboxPosts(b) - posts).toBe(1);

    // The deliveries missed while paused are still there for the admin: retry them all at once.
    const missed = (await deliveries('DEAD')).filter((d: any) => d.deadReason === 'PAUSED').length;
    expect(missed).toBe(2);
    expect((await a.gql(RETRY, { h: b.host }, { token: admin })).data.retryFederationDeliveries).toBe(2);
    await settle(a, b);
    expect(inboxPosts(b) - posts).toBe(3);
    expect(await deliveries('DEAD')).toEqual([]);
  });

  it('resumes a paused instance when a probe finds it answering', async () => {
    await setDelivery(a, { attempts: 1, timeoutMs: 800, pauseAfterMs: 1, probeEveryMs: 1 });
    b.intercept = (_req, res) => {
      res.writeHead(502).end();
      return true;
    };
    await postToFollowers(a, 'alice', 'fails once');
    await settle(a, b);
    await new Promise((r) => setTimeout(r, 5));
    await postToFollowers(a, 'alice', 'fails twice');
    await settle(a, b);
    expect((await instance()).state).toBe('PAUSED');
    b.intercept = null;
    const posts = inboxPosts(b);
    await postToFollowers(a, 'alice', 'after the probe');
    await settle(a, b);
    expect(inboxPosts(b) - posts).toBe(1);
    expect(await instance()).toMatchObject({ state: 'HEALTHY', software: 'meadow' });
    await a.gql('mutation($h: String) { discardFederationDeliveries(host: $h) }', { h: b.host }, { token: admin });
  });

  it('treats 410 Gone as permanent: one try, no retry, the followers behind that inbox are dropped', async () => {
    await setDelivery(a, { attempts: 5, initialDelayMs: 1_000, timeoutMs: 800 });
    b.intercept = (req, res) => {
      if (req.method !== 'POST') return false;
      res.writeHead(410, { 'content-type': 'application/json' }).end('{"error":"gone"}');
      return true;
    };
    const before = inboxPosts(b);
    await postToFollowers(a, 'alice', 'to the departed');
    await settle(a, b);
    expect(inboxPosts(b) - before).toBe(2); // one try (knocked twice)
    expect(await makeJobsDue(a)).toEqual([]);
    const [dead] = await deliveries('DEAD');
    expect(dead).toMatchObject({ deadReason: 'GONE', statusCode: 410, attempts: 1 });
    expect(await a.kernel.db.kysely().selectFrom('core_fed_followers').selectAll().execute()).toEqual([]);
    const followers = await a.gql('query { account(handle: "alice") { followersCount } }');
    expect(followers.data.account.followersCount).toBe(0);
    // It answered, so it is not counted as unreachable.
    expect(await instance()).toMatchObject({ state: 'HEALTHY', consecutiveFailures: 0 });
    // Nothing more is sent there.
    await postToFollowers(a, 'alice', 'nobody left');
    await settle(a, b);
    expect(inboxPosts(b) - before).toBe(2);
  });

  it('keeps the policy when another queue (Redis) carries the messages', async () => {
    const { InProcessMessageQueue } = await import('@fedify/fedify');
    const operations = (a.kernel.contextOf('federation').services.get(FederationServiceRef) as FederationServiceImpl).operations;
    await operations.blocks.add({ domain: 'suspended.example', severity: 'suspend' });
    const queue = operations.wrapQueue(new InProcessMessageQueue());
    const handled: string[] = [];
    const abort = new AbortController();
    const listening = queue.listen((message: any) => void handled.push(message.inbox), { signal: abort.signal });
    const message = (inbox: string) => ({ type: 'outbox', id: inbox, inbox, activityType: 'https://www.w3.org/ns/activitystreams#Create', attempt: 0, started: new Date().toISOString() });
    await queue.enqueue(message('https://suspended.example/inbox'));
    await queue.enqueue(message(`${b.url}/inbox`));
    for (let i = 0; i < 50 && handled.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    abort.abort();
    await listening;
    expect(handled).toEqual([`${b.url}/inbox`]);
  });
});
