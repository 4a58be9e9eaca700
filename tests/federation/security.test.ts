// The Security part of federation, one test per anchor: inbound signatures
// (both schemes, Digest, Date window, key owner, key listed by its owner
// [Fedify CVE-2025-54888]), trusting only the origin fetched [Mastodon
// CVE-2024-23832], ActivityStreams content types only [GHSA-jhrq-qvrm-qr36],
// no private addresses unless allowed [Fedify CVE-2024-39687], bounded
// remote fetches, idempotent inbox, and authorized-fetch mode.
// Remote servers are the fake fediverse (tests/helpers/fake-fediverse.ts)
// and real Meadow instances, all over HTTPS on 127.0.0.1.
import { describe, it, expect, afterAll } from 'vitest';
import { Create, Note } from '@fedify/vocab';
import { signRequest } from '@fedify/fedify';
import { signUp } from '../core/accounts-helpers.ts';
import { definePlugin, PLUGIN_API_VERSION, FederationServiceRef } from '../../core/index.ts';
import type { FederationServiceImpl } from '../../core/federation/service.ts';
import { boundedFetch } from '../../core/federation/loader.ts';
import { startFakeFediverse, type FakeActor } from '../helpers/fake-fediverse.ts';
import { startTlsInstance, settle, type TlsInstance } from './tls.ts';

const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';

/** Records every Create a instance's inbox handlers see, with the object as getObject() returns it. */
function recorder() {
  const seen: { activity: string; actor: string; object: string | null; content: string | null }[] = [];
  const plugin = definePlugin({
    name: 'recorder',
    apiVersion: PLUGIN_API_VERSION,
    dependsOn: ['federation'],
    bootstrap(ctx) {
      ctx.services.get(FederationServiceRef).onInbox(Create, async (create, { context }) => {
        const object = await create.getObject(context);
        seen.push({
          activity: create.id?.href ?? '',
          actor: create.actorId?.href ?? '',
          object: object?.id?.href ?? null,
          content: object instanceof Note ? String(object.content) : null,
        });
      });
    },
  });
  return { plugin, seen };
}

const serviceOf = (m: TlsInstance) => m.kernel.contextOf('federation').services.get(FederationServiceRef) as FederationServiceImpl;

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Date.now().toString(36)}`;

function createOf(actor: FakeActor, content: string, options: { id?: string; objectId?: string; attributedTo?: string } = {}) {
  const base = actor.id.replace(/\/users\/.*$/, '');
  const id = options.id ?? `${base}/activities/${unique('create')}`;
  return {
    '@context': AS_CONTEXT,
    id,
    type: 'Create',
    actor: actor.id,
    to: ['https://www.w3.org/ns/activitystreams#Public'],
    object: {
      id: options.objectId ?? `${base}/notes/${unique('note')}`,
      type: 'Note',
      attributedTo: options.attributedTo ?? actor.id,
      content,
      to: ['https://www.w3.org/ns/activitystreams#Public'],
    },
  };
}

async function errorOf(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return (await res.json()).error as { code: string; message: string };
}

describe('federation security', async () => {
  const onB = recorder();
  const a = await startTlsInstance();
  const b = await startTlsInstance({ plugins: [onB.plugin], config: { federation: { fetchTimeoutMs: 1500, fetchMaxBytes: 200_000, fetchMaxRedirects: 3 } } });
  const remote = await startFakeFediverse();
  const other = await startFakeFediverse();
  afterAll(async () => {
    await Promise.all([a.close(), b.close(), remote.close(), other.close()]);
  });
  await signUp(a, 'alice');
  await signUp(b, 'bob');
  const eve = await remote.addActor('eve');
  const mallory = await remote.addActor('mallory');
  const vic = await other.addActor('vic');
  const inbox = `${b.url}/inbox`;
  const contents = () => onB.seen.map((s) => s.content);
  const followersOfBob = async () =>
    (await b.kernel.db.kysely().selectFrom('core_fed_followers').selectAll().execute()).length;

  it('refuses an unsigned POST with 401 and a JSON error, storing nothing', async () => {
    const res = await remote.post(inbox, createOf(eve, 'unsigned'), { as: eve, unsigned: true });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('UNAUTHENTICATED');
    await settle(a, b);
    expect(contents()).not.toContain('unsigned');
  });

  it('accepts activities signed with draft-cavage and with RFC 9421 HTTP signatures', async () => {
    expect((await remote.post(inbox, createOf(eve, 'by cavage'), { as: eve, spec: 'draft-cavage-http-signatures-12' })).status).toBe(202);
    expect((await remote.post(inbox, createOf(eve, 'by rfc9421'), { as: eve, spec: 'rfc9421' })).status).toBe(202);
    await settle(a, b);
    expect(contents()).toEqual(expect.arrayContaining(['by cavage', 'by rfc9421']));
    expect(onB.seen.find((s) => s.content === 'by rfc9421')?.actor).toBe(eve.id);
  });

  it('refuses a Digest that does not match the body, a body changed after signing, and a signature that leaves the digest out', async () => {
    for (const spec of ['draft-cavage-http-signatures-12', 'rfc9421'] as const) {
      const wrong = await remote.post(inbox, createOf(eve, `wrong digest ${spec}`), { as: eve, spec, wrongDigest: true });
      expect(wrong.status).toBe(401);
      const swapped = await remote.post(inbox, createOf(eve, `signed ${spec}`), { as: eve, spec, bodyAfterSigning: JSON.stringify(createOf(eve, `swapped ${spec}`)) });
      expect(swapped.status).toBe(401);
      // Fedify alone would take this one: the signature is valid but says nothing about the body.
      const uncovered = await remote.post(inbox, createOf(eve, `uncovered ${spec}`), { as: eve, spec, uncoveredDigest: true });
      expect(uncovered.status).toBe(401);
      expect((await errorOf(uncovered)).message).toMatch(/digest/i);
    }
    await settle(a, b);
    expect(contents().filter((c) => /wrong digest|signed |swapped|uncovered/.test(c ?? ''))).toEqual([]);
  });

  it('refuses a Date outside the one-hour window, past or future', async () => {
    for (const spec of ['draft-cavage-http-signatures-12', 'rfc9421'] as const) {
      const old = await remote.post(inbox, createOf(eve, `stale ${spec}`), { as: eve, spec, signedAt: new Date(Date.now() - 2 * 3600_000) });
      expect(old.status).toBe(401);
      const future = await remote.post(inbox, createOf(eve, `future ${spec}`), { as: eve, spec, signedAt: new Date(Date.now() + 2 * 3600_000) });
      expect(future.status).toBe(401);
    }
    await settle(a, b);
    expect(contents().filter((c) => /stale|future/.test(c ?? ''))).toEqual([]);
  });

  it('refuses an activity whose actor does not own the signing key', async () => {
    // Eve signs with her own key an activity that claims to be Mallory's …
    const res = await remote.post(inbox, createOf(mallory, 'impersonated'), { as: eve });
    expect(res.status).toBe(401);
    // … and a Follow that claims to come from alice on instance A.
    const follow = { '@context': AS_CONTEXT, id: `${a.url}/users/alice#follows/${unique('f')}`, type: 'Follow', actor: `${a.url}/users/alice`, object: `${b.url}/users/bob` };
    expect((await remote.post(inbox, follow, { as: eve })).status).toBe(401);
    await settle(a, b);
    expect(contents()).not.toContain('impersonated');
    expect(await followersOfBob()).toBe(0);
  });

  it('refuses a key whose claimed owner does not list it in its own actor document [Fedify CVE-2025-54888]', async () => {
    const alice = `${a.url}/users/alice`;
    // A standalone key document on Eve's server that says it belongs to alice@A.
    remote.serve('/keys/rogue', { body: { '@context': 'https://w3id.org/security/v1', id: `${remote.url}/keys/rogue`, type: 'CryptographicKey', owner: alice, publicKeyPem: eve.publicKeyPem } });
    const follow = (n: string) => ({ '@context': AS_CONTEXT, id: `${alice}#follows/${n}`, type: 'Follow', actor: alice, object: `${b.url}/users/bob` });
    const viaKeyDoc = await remote.post(inbox, follow(unique('rogue')), { as: eve, keyId: `${remote.url}/keys/rogue` });
    expect(viaKeyDoc.status).toBe(401);
    expect((await errorOf(viaKeyDoc)).message).toMatch(/not listed/);
    // The same claim made inside an actor document Eve controls.
    eve.document.publicKey = [eve.document.publicKey, { id: `${eve.id}#alice-key`, owner: alice, publicKeyPem: eve.publicKeyPem }];
    const viaActorDoc = await remote.post(inbox, follow(unique('rogue')), { as: eve, keyId: `${eve.id}#alice-key` });
    expect(viaActorDoc.status).toBe(401);
    await settle(a, b);
    expect(await followersOfBob()).toBe(0);
    expect(await b.kernel.db.kysely().selectFrom('core_fed_remote_actors').select('uri').where('uri', '=', alice).execute()).toEqual([]);
  });

  it('never acts on content from another origin than the one fetched [Mastodon CVE-2024-23832]', async () => {
    // An activity id on vic's server, sent by Eve with a forged note: vic's server does not know it, so it is dropped.
    const forgedId = `${other.url}/activities/${unique('forged')}`;
    const forged = createOf(eve, 'forged for vic', { id: forgedId, objectId: `${other.url}/notes/${unique('n')}`, attributedTo: vic.id });
    expect((await remote.post(inbox, forged, { as: eve })).status).toBe(202);
    // One that vic's server does serve: the copy from the origin is used, not Eve's.
    const realId = `${other.url}/activities/${unique('real')}`;
    const realNote = `${other.url}/notes/${unique('n')}`;
    other.serve(new URL(realId).pathname, { body: { ...createOf(vic, 'what vic wrote', { id: realId, objectId: realNote }) } });
    expect((await remote.post(inbox, createOf(eve, 'rewritten by eve', { id: realId, objectId: realNote, attributedTo: vic.id }), { as: eve })).status).toBe(202);
    // Eve's own activity embedding a note that lives on vic's server: the note is fetched from there.
    const vicNote = `${other.url}/notes/${unique('n')}`;
    other.serve(new URL(vicNote).pathname, { body: { '@context': AS_CONTEXT, id: vicNote, type: 'Note', attributedTo: vic.id, content: 'the note as vic serves it' } });
    expect((await remote.post(inbox, createOf(eve, 'embedded forgery', { objectId: vicNote, attributedTo: vic.id }), { as: eve })).status).toBe(202);
    await settle(a, b);
    expect(contents()).not.toContain('forged for vic');
    expect(contents()).not.toContain('rewritten by eve');
    expect(contents()).not.toContain('embedded forgery');
    expect(onB.seen.find((s) => s.activity === realId)).toEqual({ activity: realId, actor: vic.id, object: realNote, content: 'what vic wrote' });
    expect(onB.seen.find((s) => s.object === vicNote)?.content).toBe('the note as vic serves it');
    expect(onB.seen.filter((s) => s.activity === forgedId)).toEqual([]);
  });

  it("cannot undo someone else's follow (Undo scoped to its own signer)", async () => {
    const followId = `${eve.id}#follows/${unique('f')}`;
    expect((await remote.post(inbox, { '@context': AS_CONTEXT, id: followId, type: 'Follow', actor: eve.id, object: `${b.url}/users/bob` }, { as: eve })).status).toBe(202);
    await settle(a, b);
    expect(await followersOfBob()).toBe(1);
    const undo = {
      '@context': AS_CONTEXT,
      id: `${mallory.id}#undo/${unique('u')}`,
      type: 'Undo',
      actor: mallory.id,
      object: { id: followId, type: 'Follow', actor: eve.id, object: `${b.url}/users/bob` },
    };
    expect((await remote.post(inbox, undo, { as: mallory })).status).toBe(202);
    await settle(a, b);
    expect(await followersOfBob()).toBe(1);
  });

  it('reads only ActivityStreams documents: other content types are refused [GHSA-jhrq-qvrm-qr36]', async () => {
    const service = serviceOf(b);
    const personAt = (path: string) => ({ ...eve.document, id: `${remote.url}${path}`, preferredUsername: path.split('/').pop(), publicKey: undefined });
    const types: (string | null)[] = ['text/plain', 'application/json', 'text/html', 'image/png', 'application/octet-stream', null];
    for (const [i, type] of types.entries()) {
      const path = `/ct/${i}`;
      remote.serve(path, { body: personAt(path), contentType: type });
      expect(await service.lookup(`${remote.url}${path}`), `content type ${type}`).toBeNull();
    }
    // The same document as activity+json and ld+json is taken (the refusals above are about the type alone).
    remote.serve('/ct/as', { body: personAt('/ct/as') });
    remote.serve('/ct/ld', { body: personAt('/ct/ld'), contentType: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' });
    expect((await service.lookup(`${remote.url}/ct/as`))?.kind).toBe('account');
    expect((await service.lookup(`${remote.url}/ct/ld`))?.kind).toBe('account');
    const stored = await b.kernel.db.kysely().selectFrom('core_fed_remote_actors').select('uri').where('uri', 'like', `${remote.url}/ct/%`).execute();
    expect(stored.map((r) => r.uri).sort()).toEqual([`${remote.url}/ct/as`, `${remote.url}/ct/ld`]);

    // A signing key served as text/html: the activity is refused.
    const hazel = await remote.addActor('hazel');
    remote.serve('/users/hazel', { body: () => hazel.document, contentType: 'text/html' });
    const res = await remote.post(inbox, createOf(hazel, 'key served as html'), { as: hazel });
    expect(res.status).toBe(401);
    await settle(a, b);
    expect(contents()).not.toContain('key served as html');
  });

  it('bounds remote fetches: redirects, body size and time', async () => {
    const service = serviceOf(b);
    const person = (path: string) => ({ ...eve.document, id: `${remote.url}${path}`, preferredUsername: path.split('/').pop(), publicKey: undefined });
    // Two redirects are followed; four are more than this instance's limit of three; a loop ends.
    remote.serve('/bounds/target', { body: person('/bounds/target') });
    remote.redirect('/bounds/r2', '/bounds/r1');
    remote.redirect('/bounds/r1', '/bounds/target');
    expect((await service.lookup(`${remote.url}/bounds/r2`))?.kind).toBe('account');
    remote.serve('/bounds/far', { body: person('/bounds/far') });
    for (let i = 1; i <= 4; i++) remote.redirect(`/bounds/hop${i}`, i === 4 ? '/bounds/far' : `/bounds/hop${i + 1}`);
    expect(await service.lookup(`${remote.url}/bounds/hop1`)).toBeNull();
    expect(remote.requestsTo('/bounds/far')).toEqual([]);
    remote.redirect('/bounds/loop', '/bounds/loop');
    expect(await service.lookup(`${remote.url}/bounds/loop`)).toBeNull();

    // Bodies over 200 kB are cut off, declared or streamed.
    remote.serve('/bounds/huge', { bodyBytes: 5_000_000 });
    remote.serve('/bounds/declared', { bodyBytes: 300_000, headers: { 'content-length': String(300_000 + 8) } });
    const started = Date.now();
    expect(await service.lookup(`${remote.url}/bounds/huge`)).toBeNull();
    expect(await service.lookup(`${remote.url}/bounds/declared`)).toBeNull();

    // A server that answers late, or stalls mid-body, is given up on after 1.5 s.
    remote.serve('/bounds/slow', { body: person('/bounds/slow'), delayMs: 5000 });
    remote.serve('/bounds/stall', { body: person('/bounds/stall'), stallMs: 5000 });
    const slowStart = Date.now();
    expect(await service.lookup(`${remote.url}/bounds/slow`)).toBeNull();
    expect(await service.lookup(`${remote.url}/bounds/stall`)).toBeNull();
    expect(Date.now() - slowStart).toBeLessThan(4500);
    expect(Date.now() - started).toBeLessThan(6000);

    // A signing key that takes too long: the inbox answers 401 in time, not after the remote.
    const slowpoke = await remote.addActor('slowpoke');
    remote.serve('/users/slowpoke', { body: () => slowpoke.document, delayMs: 5000 });
    const inboxStart = Date.now();
    expect((await remote.post(inbox, createOf(slowpoke, 'slow key'), { as: slowpoke })).status).toBe(401);
    expect(Date.now() - inboxStart).toBeLessThan(4000);
  });

  it('processes a duplicate activity once, whichever inbox it arrives at', async () => {
    const activity = createOf(eve, 'only once');
    const sends = [inbox, inbox, `${b.url}/users/bob/inbox`];
    for (const to of sends) expect((await remote.post(to, activity, { as: eve })).status).toBe(202);
    await settle(a, b);
    expect((await remote.post(inbox, activity, { as: eve, spec: 'rfc9421' })).status).toBe(202);
    await settle(a, b);
    expect(contents().filter((c) => c === 'only once')).toHaveLength(1);
  });
});

describe('no remote fetch reaches private addresses unless allowed [Fedify CVE-2024-39687]', async () => {
  const guarded = await startTlsInstance({ config: { federation: { allowPrivateAddresses: false } } });
  const remote = await startFakeFediverse();
  afterAll(async () => {
    await Promise.all([guarded.close(), remote.close()]);
  });
  await signUp(guarded, 'gina');
  const eve = await remote.addActor('eve');
  const service = serviceOf(guarded);

  it('does not fetch a keyId on a loopback address, and refuses the activity', async () => {
    const before = remote.requests.length;
    const res = await remote.post(`${guarded.url}/inbox`, createOf(eve, 'from loopback'), { as: eve });
    expect(res.status).toBe(401);
    expect(remote.requests.length).toBe(before);
  });

  it('does not look up actors or WebFinger handles on private addresses', async () => {
    const before = remote.requests.length;
    expect(await service.lookup(eve.id)).toBeNull();
    expect(await service.lookup(`eve@${remote.host}`)).toBeNull();
    expect(remote.requests.length).toBe(before);
    expect(await guarded.kernel.db.kysely().selectFrom('core_fed_remote_actors').selectAll().execute()).toEqual([]);
  });

  it('refuses loopback, private, link-local, CGNAT and IPv4-mapped addresses before connecting, on every redirect too', async () => {
    const limits = { ...service.fetchLimits, timeoutMs: 5000 };
    expect(limits.allowPrivateAddresses).toBe(false);
    const addresses = [
      `https://127.0.0.1:${remote.host.split(':')[1]}/users/eve`,
      'https://localhost/x',
      'https://10.1.2.3/x',
      'https://192.168.1.1/x',
      'https://172.16.0.1/x',
      'https://169.254.169.254/latest/meta-data/',
      'https://100.64.0.1/x',
      'https://[::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://[::ffff:a9fe:a9fe]/x',
      'https://[fe80::1]/x',
      'https://[fd00::1]/x',
    ];
    for (const url of addresses) {
      const started = Date.now();
      await expect(boundedFetch(url, limits, { accept: 'application/activity+json' }), url).rejects.toThrow(/private|not allowed|localhost|Invalid or/i);
      expect(Date.now() - started, url).toBeLessThan(1000);
    }
    // With private addresses allowed, the same loop follows a redirect only after checking its target:
    // an allowed first hop that points at a private address is refused at the hop.
    const relaxed = { ...limits, allowPrivateAddresses: true };
    remote.redirect('/hop-to-metadata', 'https://169.254.169.254/latest/meta-data/');
    await expect(boundedFetch(`${remote.url}/hop-to-metadata`, { ...relaxed, timeoutMs: 800 }, { accept: 'application/activity+json' })).rejects.toThrow();
  });
});

describe('authorized fetch', async () => {
  const secure = await startTlsInstance({ config: { federation: { authorizedFetch: true } } });
  const open = await startTlsInstance();
  const remote = await startFakeFediverse();
  afterAll(async () => {
    await Promise.all([secure.close(), open.close(), remote.close()]);
  });
  await signUp(secure, 'sam');
  const olga = await signUp(open, 'olga');
  const eve = await remote.addActor('eve');
  const AS = { accept: 'application/activity+json' };
  const signedGet = async (url: string, key: CryptoKey, keyId: string) =>
    fetch(await signRequest(new Request(url, { headers: AS }), key, new URL(keyId)));

  it('serves actors and collections only to signed requests when on; the instance actor, WebFinger and NodeInfo stay open', async () => {
    for (const path of ['/users/sam', '/users/sam/followers', '/users/sam/following', '/users/sam/outbox']) {
      const res = await fetch(`${secure.url}${path}`, { headers: AS });
      expect(res.status, path).toBe(401);
      expect((await errorOf(res)).code).toBe('UNAUTHENTICATED');
      const signed = await signedGet(`${secure.url}${path}`, eve.keys.privateKey, eve.keyId);
      expect(signed.status, path).toBe(200);
    }
    expect((await fetch(`${secure.url}/users/instance`, { headers: AS })).status).toBe(200);
    expect((await fetch(`${secure.url}/.well-known/webfinger?resource=acct:sam@${secure.host}`)).status).toBe(200);
    expect((await fetch(`${secure.url}/nodeinfo/2.1`)).status).toBe(200);
  });

  it('refuses a signature by a key its claimed owner does not list, and signers from suspended hosts', async () => {
    remote.serve('/keys/claims-olga', { body: { '@context': 'https://w3id.org/security/v1', id: `${remote.url}/keys/claims-olga`, type: 'CryptographicKey', owner: `${open.url}/users/olga`, publicKeyPem: eve.publicKeyPem } });
    expect((await signedGet(`${secure.url}/users/sam`, eve.keys.privateKey, `${remote.url}/keys/claims-olga`)).status).toBe(401);
    const service = serviceOf(secure);
    service.isSuspendedHost = (host) => host === remote.host;
    try {
      expect((await signedGet(`${secure.url}/users/sam`, eve.keys.privateKey, eve.keyId)).status).toBe(401);
    } finally {
      service.isSuspendedHost = () => false;
    }
  });

  it('serves unsigned requests when off', async () => {
    expect((await fetch(`${open.url}/users/olga`, { headers: AS })).status).toBe(200);
    expect((await fetch(`${open.url}/users/olga/followers`, { headers: AS })).status).toBe(200);
  });

  it('still federates: an open instance follows an account on a secure one (its fetches are signed)', async () => {
    const res = await open.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `sam@${secure.host}` }, { token: olga.token });
    expect(res.errors).toBeUndefined();
    await settle(open, secure);
    const again = await open.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `sam@${secure.host}` }, { token: olga.token });
    expect(again.data.followRemote.state).toBe('ACCEPTED');
  });
});
