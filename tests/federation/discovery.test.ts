// Actors and discovery: WebFinger, NodeInfo, actor documents with keys,
// collections, content negotiation, and an unsigned inbox POST refused.
import { describe, it, expect, afterAll } from 'vitest';
import { startTestInstance } from '../helpers/instance.ts';
import { signUp } from '../core/accounts-helpers.ts';
import { AccountsServiceRef } from '../../core/index.ts';

const AS = { accept: 'application/activity+json' };

describe('federation discovery', async () => {
  const meadow = await startTestInstance({ config: { publicUrl: 'https://meadow.example' } });
  afterAll(() => meadow.close());
  await signUp(meadow, 'alice', { displayName: 'Alice 爱丽丝' });
  const brand = await signUp(meadow, 'acme');
  const accounts = meadow.kernel.contextOf('federation').services.get(AccountsServiceRef);
  await accounts.setRole((await accounts.getByHandle(brand.account.handle))!.id, 'brand');
  const get = (url: string, headers: Record<string, string> = AS) => meadow.app.inject({ method: 'GET', url, headers });

  it('answers WebFinger for acct:handle@host with the actor link', async () => {
    const res = await get('/.well-known/webfinger?resource=acct:alice@meadow.example', {});
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/jrd+json');
    const jrd = res.json();
    expect(jrd.subject).toBe('acct:alice@meadow.example');
    expect(jrd.links).toContainEqual(expect.objectContaining({ rel: 'self', type: 'application/activity+json', href: 'https://meadow.example/users/alice' }));
  });

  it('answers WebFinger case-insensitively and 404 for unknown accounts', async () => {
    expect((await get('/.well-known/webfinger?resource=acct:ALICE@meadow.example', {})).statusCode).toBe(200);
    expect((await get('/.well-known/webfinger?resource=acct:nobody@meadow.example', {})).statusCode).toBe(404);
  });

  it('serves NodeInfo 2.1 through the well-known document', async () => {
    const wk = (await get('/.well-known/nodeinfo', {})).json();
    const link = wk.links.find((l: any) => l.rel.endsWith('/2.1'));
    expect(link.href).toBe('https://meadow.example/nodeinfo/2.1');
    const res = await get('/nodeinfo/2.1', {});
    expect(res.statusCode).toBe(200);
    const info = res.json();
    expect(info.software.name).toBe('meadow');
    expect(info.software.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.protocols).toEqual(['activitypub']);
    expect(info.usage.users.total).toBe(2);
    expect(info.metadata.enabledPlugins).toEqual(expect.arrayContaining(['accounts', 'federation']));
  });

  it('serves a person as Person with an RSA publicKey and an Ed25519 assertionMethod', async () => {
    const res = await get('/users/alice');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/activity+json');
    const actor = res.json();
    expect(actor.type).toBe('Person');
    expect(actor.id).toBe('https://meadow.example/users/alice');
    expect(actor.preferredUsername).toBe('alice');
    expect(actor.name).toBe('Alice 爱丽丝');
    expect(actor.inbox).toBe('https://meadow.example/users/alice/inbox');
    expect(actor.endpoints.sharedInbox).toBe('https://meadow.example/inbox');
    expect(actor.followers).toBe('https://meadow.example/users/alice/followers');
    expect(actor.publicKey.owner).toBe(actor.id);
    expect(actor.publicKey.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    // Both keys as Multikey; the Ed25519 one (multibase "z6Mk…") signs Object Integrity Proofs.
    const methods = [actor.assertionMethod].flat();
    expect(methods.map((m: any) => m.type)).toEqual(['Multikey', 'Multikey']);
    expect(methods.map((m: any) => m.publicKeyMultibase)).toContainEqual(expect.stringMatching(/^z6Mk/));
  });

  it('makes RSA keys of 2048 bits once and keeps them', async () => {
    const pem = (await get('/users/alice')).json().publicKey.publicKeyPem as string;
    const { createPublicKey } = await import('node:crypto');
    expect(createPublicKey(pem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect((await get('/users/alice')).json().publicKey.publicKeyPem).toBe(pem);
  });

  it('serves brand accounts as Organization and the instance actor as Application', async () => {
    expect((await get('/users/acme')).json().type).toBe('Organization');
    const inst = (await get('/users/instance')).json();
    expect(inst.type).toBe('Application');
    expect(inst.publicKey).toBeTruthy();
  });

  it('serves followers, following and outbox with counts', async () => {
    for (const name of ['followers', 'following', 'outbox']) {
      const res = await get(`/users/alice/${name}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().totalItems).toBe(0);
    }
  });

  it('answers 404 with a JSON error for an unknown actor', async () => {
    const res = await get('/users/nobody');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('answers a browser with 406 until the web plugin renders the page', async () => {
    const res = await get('/users/alice', { accept: 'text/html' });
    expect(res.statusCode).toBe(406);
    expect(res.json().error.code).toBe('NOT_ACCEPTABLE');
  });

  it('refuses an unsigned POST to the inboxes with 401 and stores nothing', async () => {
    const follow = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: 'https://evil.example/follows/1',
      type: 'Follow',
      actor: 'https://evil.example/users/mallory',
      object: 'https://meadow.example/users/alice',
    };
    for (const url of ['/inbox', '/users/alice/inbox']) {
      const res = await meadow.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/activity+json' }, payload: JSON.stringify(follow) });
      expect(res.statusCode).toBe(401);
    }
    await meadow.kernel.worker.runUntilIdle();
    const rows = await meadow.kernel.db.kysely().selectFrom('core_fed_followers').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('answers malformed JSON to the inbox with a 4xx, not a crash', async () => {
    const res = await meadow.app.inject({ method: 'POST', url: '/inbox', headers: { 'content-type': 'application/activity+json' }, payload: '{"type": ' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});
