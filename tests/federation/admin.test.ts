// The operator's GraphQL: admins only (moderators and people are refused),
// known instances with health and their block, the delivery queue with
// target, tries and last error, and clear errors for bad input.
import { describe, it, expect, afterAll } from 'vitest';
import { signUp, codeOf } from '../core/accounts-helpers.ts';
import { startTlsInstance, settle } from './tls.ts';
import { adminToken, makeJobsDue, postToFollowers, setDelivery } from './ops-helpers.ts';

const INSTANCES = 'query($s: FederatedInstanceState) { federatedInstances(state: $s) { host state software lastSuccessAt consecutiveFailures lastError block { domain severity } } }';
const DELIVERIES = 'query($s: FederationDeliveryState!, $h: String, $n: Int) { federationDeliveries(state: $s, host: $h, first: $n) { id state host inbox activityType attempts lastError nextAttemptAt deadReason } }';
const COUNTS = '{ federationDeliveryCounts { pending failing dead } }';

describe('federation admin GraphQL', async () => {
  const a = await startTlsInstance();
  const b = await startTlsInstance();
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  await signUp(a, 'alice');
  const person = await signUp(a, 'pat');
  const moderator = await signUp(a, 'moderator_mo');
  await a.kernel.db.kysely().updateTable('core_accounts').set({ role: 'moderator' }).where('handle', '=', 'moderator_mo').execute();
  const admin = await adminToken(a);
  const bob = await signUp(b, 'bob');
  await b.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `alice@${a.host}` }, { token: bob.token });
  await settle(a, b);
  await setDelivery(a, { attempts: 2, initialDelayMs: 60_000, timeoutMs: 800 });

  it('is for admins only', async () => {
    const operations: [string, Record<string, unknown>][] = [
      [INSTANCES, {}],
      ['query($h: String!) { federatedInstance(host: $h) { host } }', { h: b.host }],
      ['{ domainBlocks { domain } }', {}],
      [DELIVERIES, { s: 'DEAD' }],
      [COUNTS, {}],
      ['mutation { addDomainBlock(input: { domain: "x.example" }) { domain } }', {}],
      ['mutation { updateDomainBlock(domain: "x.example", patch: { reason: "r" }) { domain } }', {}],
      ['mutation { removeDomainBlock(domain: "x.example") }', {}],
      ['mutation($h: String) { retryFederationDeliveries(host: $h) }', { h: b.host }],
      ['mutation($h: String) { discardFederationDeliveries(host: $h) }', { h: b.host }],
      ['mutation($h: String!) { probeFederatedInstance(host: $h) { host } }', { h: b.host }],
      ['mutation($h: String!) { resumeFederatedInstance(host: $h) { host } }', { h: b.host }],
    ];
    for (const [query, vars] of operations) {
      expect(codeOf(await a.gql(query, vars)), query).toBe('UNAUTHENTICATED');
      expect(codeOf(await a.gql(query, vars, { token: person.token })), query).toBe('FORBIDDEN');
      expect(codeOf(await a.gql(query, vars, { token: moderator.token })), query).toBe('FORBIDDEN');
    }
    expect(await a.kernel.db.kysely().selectFrom('core_fed_domain_blocks').selectAll().execute()).toEqual([]);
  });

  it('lists known instances with their health and the block that applies', async () => {
    await postToFollowers(a, 'alice', 'hello B');
    await settle(a, b);
    const list = (await a.gql(INSTANCES, {}, { token: admin })).data.federatedInstances;
    expect(list).toEqual([{ host: b.host, state: 'HEALTHY', software: null, lastSuccessAt: expect.any(String), consecutiveFailures: 0, lastError: null, block: null }]);
    expect((await a.gql(INSTANCES, { s: 'PAUSED' }, { token: admin })).data.federatedInstances).toEqual([]);
    // A probe asks its NodeInfo (and learns the software).
    const probed = await a.gql('mutation($h: String!) { probeFederatedInstance(host: $h) { host state software softwareVersion } }', { h: b.host }, { token: admin });
    expect(probed.data.probeFederatedInstance).toMatchObject({ host: b.host, state: 'HEALTHY', software: 'meadow' });
    await a.gql('mutation($d: String!) { addDomainBlock(input: { domain: $d, severity: SILENCE }) { domain } }', { d: b.host }, { token: admin });
    expect((await a.gql(INSTANCES, {}, { token: admin })).data.federatedInstances[0].block).toEqual({ domain: b.host, severity: 'SILENCE' });
    await a.gql('mutation($d: String!) { removeDomainBlock(domain: $d) }', { d: b.host }, { token: admin });

    expect((await a.gql('query($h: String!) { federatedInstance(host: $h) { host } }', { h: 'never.example' }, { token: admin })).data.federatedInstance).toBeNull();
    expect(codeOf(await a.gql('query($h: String!) { federatedInstance(host: $h) { host } }', { h: 'not a host' }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql('mutation { resumeFederatedInstance(host: "never.example") { host } }', {}, { token: admin }))).toBe('NOT_FOUND');
    expect(codeOf(await a.gql('mutation { probeFederatedInstance(host: "never.example") { host } }', {}, { token: admin }))).toBe('NOT_FOUND');
  });

  it('shows the delivery queue: waiting, failing (target, tries, last error) and dead', async () => {
    b.intercept = (req, res) => {
      if (req.method !== 'POST') return false;
      res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance');
      return true;
    };
    await postToFollowers(a, 'alice', 'during maintenance');
    await settle(a, b);
    const failing = (await a.gql(DELIVERIES, { s: 'FAILING' }, { token: admin })).data.federationDeliveries;
    expect(failing).toEqual([
      { id: expect.any(String), state: 'FAILING', host: b.host, inbox: `${b.url}/inbox`, activityType: 'Create', attempts: 1, lastError: 'HTTP 503: maintenance', nextAttemptAt: expect.any(String), deadReason: null },
    ]);
    expect(new Date(failing[0].nextAttemptAt).getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect((await a.gql(DELIVERIES, { s: 'PENDING' }, { token: admin })).data.federationDeliveries).toHaveLength(1);
    expect((await a.gql(DELIVERIES, { s: 'PENDING', h: 'other.example' }, { token: admin })).data.federationDeliveries).toEqual([]);
    expect((await a.gql(COUNTS, {}, { token: admin })).data.federationDeliveryCounts).toEqual({ pending: 1, failing: 1, dead: 0 });
    const [instance] = (await a.gql(INSTANCES, {}, { token: admin })).data.federatedInstances;
    expect(instance).toMatchObject({ state: 'FAILING', consecutiveFailures: 1, lastError: 'HTTP 503: maintenance' });

    await makeJobsDue(a);
    await settle(a, b);
    const [dead] = (await a.gql(DELIVERIES, { s: 'DEAD' }, { token: admin })).data.federationDeliveries;
    expect(dead).toMatchObject({ state: 'DEAD', deadReason: 'EXHAUSTED', attempts: 2, lastError: 'HTTP 503: maintenance', nextAttemptAt: null });
    expect((await a.gql(COUNTS, {}, { token: admin })).data.federationDeliveryCounts).toEqual({ pending: 0, failing: 0, dead: 1 });

    // Bad retries are refused and change nothing.
    const retry = 'mutation($id: ID, $h: String) { retryFederationDeliveries(id: $id, host: $h) }';
    expect(codeOf(await a.gql(retry, {}, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(retry, { id: dead.id, h: b.host }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(retry, { id: 'not-an-id' }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(retry, { id: Buffer.from('Job:1').toString('base64url') }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(retry, { id: Buffer.from('DeadDelivery:99999').toString('base64url') }, { token: admin }))).toBe('NOT_FOUND');
    expect(codeOf(await a.gql(DELIVERIES, { s: 'DEAD', n: 0 }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(DELIVERIES, { s: 'DEAD', n: 10_000 }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect((await a.gql(COUNTS, {}, { token: admin })).data.federationDeliveryCounts.dead).toBe(1);

    // Discarded, it is gone for good.
    expect((await a.gql('mutation($id: ID) { discardFederationDeliveries(id: $id) }', { id: dead.id }, { token: admin })).data.discardFederationDeliveries).toBe(1);
    expect((await a.gql(DELIVERIES, { s: 'DEAD' }, { token: admin })).data.federationDeliveries).toEqual([]);
    b.intercept = null;
  });

  it('resumes a paused instance by hand', async () => {
    await a.kernel.db.kysely().updateTable('core_fed_instances').set({ state: 'paused', paused_at: Date.now(), failing_since: 0 }).where('host', '=', b.host).execute();
    expect((await a.gql(INSTANCES, { s: 'PAUSED' }, { token: admin })).data.federatedInstances).toHaveLength(1);
    const res = await a.gql('mutation($h: String!) { resumeFederatedInstance(host: $h) { host state pausedAt failingSince consecutiveFailures } }', { h: b.host }, { token: admin });
    expect(res.data.resumeFederatedInstance).toEqual({ host: b.host, state: 'HEALTHY', pausedAt: null, failingSince: null, consecutiveFailures: 0 });
  });
});
