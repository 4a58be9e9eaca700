// Inbound POSTs are taken only with a valid signature by the actor's own
// key, over the exact bytes sent.
import { describe, it, expect, afterAll } from 'vitest';
import { signRequest } from '@fedify/fedify';
import { signUp } from '../core/accounts-helpers.ts';
import type { FederationServiceImpl } from '../../core/federation/service.ts';
import { FederationServiceRef } from '../../core/index.ts';
import { startTlsInstance, settle } from './tls.ts';

describe('inbox signatures', async () => {
  const a = await startTlsInstance();
  const b = await startTlsInstance();
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  await signUp(a, 'alice');
  await signUp(a, 'mallory');
  await signUp(b, 'bob');
  const service = a.kernel.contextOf('federation').services.get(FederationServiceRef) as FederationServiceImpl;
  const aliceId = Number((await a.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'alice').executeTakeFirstOrThrow()).id);
  const keys = await service.keys.keysOf(`account:${aliceId}`);
  const followOf = (actor: string, n: number) =>
    JSON.stringify({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${a.url}/users/${actor}#follows/test-${n}`,
      type: 'Follow',
      actor: `${a.url}/users/${actor}`,
      object: `${b.url}/users/bob`,
    });
  const post = async (body: string, sentBody = body) => {
    const request = new Request(`${b.url}/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body });
    const signed = await signRequest(request, keys.rsa.privateKey, new URL(`${a.url}/users/alice#main-key`));
    return fetch(signed.url, { method: 'POST', headers: signed.headers, body: sentBody });
  };
  const followers = async () => (await b.kernel.db.kysely().selectFrom('core_fed_followers').selectAll().execute()).length;

  it('accepts an activity signed by its actor', async () => {
    const res = await post(followOf('alice', 1));
    expect(res.status).toBe(202);
    await settle(a, b);
    expect(await followers()).toBe(1);
  });

  it('refuses a body changed after signing', async () => {
    const res = await post(followOf('alice', 2), followOf('alice', 3));
    expect(res.status).toBe(401);
  });

  it('refuses an activity whose actor does not own the signing key', async () => {
    const res = await post(followOf('mallory', 4));
    expect(res.status).toBe(401);
    await settle(a, b);
    expect(await followers()).toBe(1);
  });
});
