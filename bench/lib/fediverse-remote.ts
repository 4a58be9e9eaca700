// Child process of bench/federation-inbox.ts: a fake remote instance with one
// actor. It serves the actor document (RSA-2048 public key, as Mastodon
// publishes it) and its notes on http://127.0.0.1:<port>, signs Create(Note)
// activities shaped like Mastodon's with Fedify's signRequest, and POSTs them
// to a Meadow shared inbox with a given concurrency.
//
// Signing happens in a separate step before sending, so the HTTP figures
// measure Meadow receiving, not this process signing; and all of it runs in
// its own process, off the Meadow instance's event loop.
// IPC: → {type:'ready', actor, keyId}; ← {type:'sign', count, tag} →
// {type:'signed', …}; ← {type:'send', concurrency} → {type:'sent', …}; ← 'stop'.

import { createServer } from 'node:http';
import { signRequest } from '@fedify/fedify';

export interface SentReport {
  type: 'sent';
  requests: number;
  /** 2xx answers. */
  accepted: number;
  statuses: Record<string, number>;
  seconds: number;
  p50_ms: number;
  p99_ms: number;
  /** First few non-2xx bodies. */
  errors: string[];
}

export interface SignedReport {
  type: 'signed';
  count: number;
  seconds: number;
}

const { target, spec } = JSON.parse(process.argv[2] ?? '{}') as { target: string; spec: 'rfc9421' | 'draft-cavage-http-signatures-12' };
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

const { privateKey, publicKey } = (await crypto.subtle.generateKey(
  { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  true,
  ['sign', 'verify'],
)) as CryptoKeyPair;
const spki = Buffer.from(await crypto.subtle.exportKey('spki', publicKey)).toString('base64');
const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;

const notes = new Map<string, unknown>();
const fetches: Record<string, number> = {};
let origin = '';
const actorId = () => `${origin}/users/remote`;

function actorDocument() {
  return {
    '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
    id: actorId(),
    type: 'Person',
    preferredUsername: 'remote',
    name: 'Remote Poster',
    summary: '<p>A fake remote actor for the inbox benchmark.</p>',
    url: `${origin}/@remote`,
    inbox: `${actorId()}/inbox`,
    outbox: `${actorId()}/outbox`,
    followers: `${actorId()}/followers`,
    following: `${actorId()}/following`,
    endpoints: { sharedInbox: `${origin}/inbox` },
    publicKey: { id: `${actorId()}#main-key`, owner: actorId(), publicKeyPem },
  };
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  const what = path.startsWith('/users/remote/statuses/') ? 'notes' : path;
  fetches[what] = (fetches[what] ?? 0) + 1;
  const json = path === '/users/remote' ? actorDocument() : notes.get(path);
  if (req.method !== 'GET' || !json) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  res.writeHead(200, { 'content-type': 'application/activity+json' }).end(JSON.stringify(json));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

/** A Create(Note) as Mastodon sends a public post with a hashtag. */
function createActivity(tag: string, n: number) {
  const id = `${actorId()}/statuses/${tag}${n}`;
  const published = new Date().toISOString();
  const note = {
    id,
    type: 'Note',
    summary: null,
    inReplyTo: null,
    published,
    url: `${origin}/@remote/${tag}${n}`,
    attributedTo: actorId(),
    to: [PUBLIC],
    cc: [`${actorId()}/followers`],
    sensitive: false,
    content: `<p>Remote note ${n}: tent, stove and lantern. 帐篷、炉子和灯。 <a href="${origin}/tags/camping" class="mention hashtag" rel="tag">#<span>camping</span></a></p>`,
    contentMap: { en: `<p>Remote note ${n}</p>` },
    attachment: [],
    tag: [{ type: 'Hashtag', href: `${origin}/tags/camping`, name: '#camping' }],
  };
  notes.set(new URL(id).pathname, { '@context': 'https://www.w3.org/ns/activitystreams', ...note });
  return {
    '@context': ['https://www.w3.org/ns/activitystreams', { sensitive: 'as:sensitive', Hashtag: 'as:Hashtag' }],
    id: `${id}/activity`,
    type: 'Create',
    actor: actorId(),
    published,
    to: [PUBLIC],
    cc: [`${actorId()}/followers`],
    object: note,
  };
}

let signed: { headers: [string, string][]; body: Uint8Array<ArrayBuffer> }[] = [];

async function sign(count: number, tag: string): Promise<SignedReport> {
  const started = performance.now();
  const keyId = new URL(`${actorId()}#main-key`);
  signed = [];
  for (let n = 0; n < count; n++) {
    const body = new TextEncoder().encode(JSON.stringify(createActivity(tag, n)));
    const request = new Request(target, { method: 'POST', headers: { 'content-type': 'application/activity+json', accept: 'application/activity+json' }, body });
    const out = await signRequest(request, privateKey, keyId, { spec, body: body.buffer as ArrayBuffer });
    signed.push({ headers: [...out.headers], body });
  }
  return { type: 'signed', count, seconds: (performance.now() - started) / 1000 };
}

async function send(concurrency: number): Promise<SentReport> {
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const errors: string[] = [];
  let accepted = 0;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < signed.length) {
      const item = signed[next++]!;
      const t = performance.now();
      let status = 'error';
      try {
        const res = await fetch(target, { method: 'POST', headers: item.headers, body: item.body });
        status = String(res.status);
        const text = await res.text();
        if (res.ok) accepted++;
        else if (errors.length < 5) errors.push(`${res.status} ${text.slice(0, 200)}`);
      } catch (err) {
        if (errors.length < 5) errors.push((err as Error).message);
      }
      latencies.push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return { type: 'sent', requests: signed.length, accepted, statuses, seconds, p50_ms: at(0.5), p99_ms: at(0.99), errors };
}

process.send!({ type: 'ready', actor: actorId(), keyId: `${actorId()}#main-key` });
process.on('message', (message: { type: string; count?: number; tag?: string; concurrency?: number }) => {
  if (message.type === 'sign') void sign(message.count!, message.tag!).then((r) => process.send!(r));
  else if (message.type === 'send') void send(message.concurrency!).then((r) => process.send!(r));
  else if (message.type === 'fetches') process.send!({ type: 'fetches', fetches });
  else if (message.type === 'stop') {
    server.closeAllConnections();
    server.close();
    process.disconnect();
  }
});
