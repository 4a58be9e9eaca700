// A fake fediverse server for federation tests and benchmarks: one HTTPS
// server on 127.0.0.1 (the test certificate of tests/federation/tls.ts, so
// Meadow instances in the same process trust it) that plays any remote
// software you describe with JSON you write yourself.
//
//   const remote = await startFakeFediverse();
//   const eve = await remote.addActor('eve');              // Person + RSA key + WebFinger
//   eve.document.name = 'Eve';                             // edit the served JSON freely
//   remote.serve('/notes/1', { body: { ... }, contentType: 'text/html' });
//   remote.redirect('/go', 'https://127.0.0.1:1/elsewhere');
//   const res = await remote.post(`${meadow.url}/inbox`, activity, { as: eve, spec: 'rfc9421' });
//   remote.requests                                        // everything it was asked
//   await remote.close();
//
// Documents can be slow (delayMs before the answer, stallMs in the middle of
// the body) or huge (bodyBytes of filler streamed), with any status, content
// type and headers. `post` signs with Fedify's signRequest (draft-cavage or
// RFC 9421) and can tamper with the request in the ways attackers do: no
// signature, a wrong Digest, the body swapped after signing, an old Date, a
// signature that does not cover the Digest, the key of another actor, or a
// keyId that the claimed owner's actor document does not list.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { Temporal } from '@js-temporal/polyfill';
import { exportSpki, generateCryptoKeyPair, signRequest } from '@fedify/fedify';
import { testCertificate } from '../federation/tls.ts';

export type SignatureSpec = 'draft-cavage-http-signatures-12' | 'rfc9421';

/** A document the fake server answers with. */
export interface FakeDocument {
  status?: number;
  /** Default application/activity+json; null sends no Content-Type at all. */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a function is called per request (edit-after-start). */
  body?: string | Buffer | object | (() => string | Buffer | object);
  /** Wait this long before answering. */
  delayMs?: number;
  /** Send this many bytes of filler (`{"a":"xxxx…`) instead of `body`. */
  bodyBytes?: number;
  /** Send the first half of the body, then wait this long before the rest. */
  stallMs?: number;
}

export interface FakeActor {
  /** Path segment: the actor lives at /users/<name>. */
  name: string;
  id: string;
  keyId: string;
  inbox: string;
  /** The served actor JSON: change it and the next fetch sees the change. */
  document: Record<string, any>;
  keys: CryptoKeyPair;
  publicKeyPem: string;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. "/.well-known/webfinger?resource=acct:eve@…". */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface PostOptions {
  /** The actor whose key signs (default: the actor of the activity, or `as`). */
  as: FakeActor;
  spec?: SignatureSpec;
  /** Send no signature at all. */
  unsigned?: boolean;
  /** Sign a Digest / Content-Digest that does not match the body. */
  wrongDigest?: boolean;
  /** Leave the digest out of the signed headers / components (body then unprotected). */
  uncoveredDigest?: boolean;
  /** Send these bytes instead of the body that was signed. */
  bodyAfterSigning?: string;
  /** Sign as of this time (Date header / created parameter). */
  signedAt?: Date;
  /** Sign with this key instead of the actor's (keyId unchanged unless given too). */
  privateKey?: CryptoKey;
  /** Put this keyId in the signature instead of the actor's. */
  keyId?: string;
}

export interface FakeFediverse {
  /** https://127.0.0.1:<port> */
  url: string;
  /** 127.0.0.1:<port> (the host part of handles). */
  host: string;
  requests: RecordedRequest[];
  /** A Mastodon-like Person with an RSA key at /users/<name>, findable through WebFinger. */
  addActor(name: string, options?: { type?: string; extra?: Record<string, unknown> }): Promise<FakeActor>;
  /** Serve a document at a path (with or without query string). */
  serve(path: string, document: FakeDocument): void;
  /** Answer `path` with a redirect to `location`. */
  redirect(path: string, location: string, status?: number): void;
  /** Answer with your own handler (full control). */
  route(path: string, handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): void;
  /** Requests whose path starts with `prefix`. */
  requestsTo(prefix: string): RecordedRequest[];
  /** POST an activity (object or raw JSON text) to an inbox, signed as options say. */
  post(inbox: string, activity: object | string, options: PostOptions): Promise<Response>;
  close(): Promise<void>;
}

const AS_CONTEXT = ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'];

export async function startFakeFediverse(): Promise<FakeFediverse> {
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse, body: string) => void>();
  const actors = new Map<string, FakeActor>();
  const requests: RecordedRequest[] = [];

  const server: Server = createServer(testCertificate(), (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', url, headers: { ...req.headers }, body });
      const handler = routes.get(url) ?? routes.get(url.split('?')[0]);
      if (handler) return handler(req, res, body);
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Not found' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const host = `127.0.0.1:${port}`;
  const base = `https://${host}`;

  const send = (res: ServerResponse, doc: FakeDocument) => {
    const answer = () => {
      if (res.destroyed) return;
      const headers: Record<string, string> = { ...doc.headers };
      const contentType = doc.contentType === undefined ? 'application/activity+json' : doc.contentType;
      if (contentType !== null) headers['content-type'] = contentType;
      if (doc.bodyBytes != null) {
        res.writeHead(doc.status ?? 200, headers);
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let left = doc.bodyBytes;
        res.write('{"a":"');
        const pump = () => {
          while (left > 0 && !res.destroyed) {
            const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
            left -= piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end('"}');
        };
        res.on('error', () => {});
        return pump();
      }
      const raw = typeof doc.body === 'function' ? doc.body() : doc.body;
      const bytes = raw == null ? Buffer.alloc(0) : Buffer.isBuffer(raw) ? raw : Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw));
      res.writeHead(doc.status ?? 200, headers);
      res.on('error', () => {});
      if (doc.stallMs) {
        const half = Math.floor(bytes.length / 2);
        res.write(bytes.subarray(0, half));
        setTimeout(() => !res.destroyed && res.end(bytes.subarray(half)), doc.stallMs).unref();
        return;
      }
      res.end(bytes);
    };
    if (doc.delayMs) setTimeout(answer, doc.delayMs).unref();
    else answer();
  };

  const fake: FakeFediverse = {
    url: base,
    host,
    requests,

    async addActor(name, options = {}) {
      const keys = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
      const publicKeyPem = await exportSpki(keys.publicKey);
      const id = `${base}/users/${name}`;
      const actor: FakeActor = {
        name,
        id,
        keyId: `${id}#main-key`,
        inbox: `${id}/inbox`,
        keys,
        publicKeyPem,
        document: {
          '@context': AS_CONTEXT,
          id,
          type: options.type ?? 'Person',
          preferredUsername: name,
          name,
          inbox: `${id}/inbox`,
          outbox: `${id}/outbox`,
          followers: `${id}/followers`,
          following: `${id}/following`,
          endpoints: { sharedInbox: `${base}/inbox` },
          url: `${base}/@${name}`,
          publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem },
          ...options.extra,
        },
      };
      actors.set(name, actor);
      fake.serve(`/users/${name}`, { body: () => actor.document });
      // Inboxes accept everything (what was sent is in `requests`).
      fake.route(`/users/${name}/inbox`, (_req, res) => void res.writeHead(202).end());
      return actor;
    },

    serve(path, document) {
      routes.set(path, (_req, res) => send(res, document));
    },

    redirect(path, location, status = 302) {
      routes.set(path, (_req, res) => void res.writeHead(status, { location }).end());
    },

    route(path, handler) {
      routes.set(path, handler);
    },

    requestsTo(prefix) {
      return requests.filter((r) => r.url.startsWith(prefix));
    },

    async post(inbox, activity, options) {
      const body = typeof activity === 'string' ? activity : JSON.stringify(activity);
      const headers = new Headers({ 'content-type': 'application/activity+json', accept: 'application/activity+json' });
      const spec = options.spec ?? 'draft-cavage-http-signatures-12';
      if (options.wrongDigest) {
        const other = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body + ' '))).toString('base64');
        if (spec === 'rfc9421') headers.set('content-digest', `sha-256=:${other}:`);
        else headers.set('digest', `SHA-256=${other}`);
      }
      let request = new Request(inbox, { method: 'POST', headers, body });
      if (!options.unsigned) {
        const signedAt = options.signedAt ? Temporal.Instant.fromEpochMilliseconds(options.signedAt.getTime()) : undefined;
        const key = options.privateKey ?? options.as.keys.privateKey;
        const keyId = new URL(options.keyId ?? options.as.keyId);
        if (options.uncoveredDigest) {
          // Sign a body-less copy (no digest is made or covered), then attach the body.
          const bare = new Request(inbox, { method: 'POST', headers: new Headers({ 'content-type': 'application/activity+json' }) });
          const signed = await signRequest(bare, key, keyId, {
            spec,
            currentTime: signedAt,
            body: null,
                      });
          request = new Request(inbox, { method: 'POST', headers: signed.headers, body });
        } else {
          request = await signRequest(request, key, keyId, { spec, currentTime: signedAt });
        }
      }
      return fetch(request.url, { method: 'POST', headers: request.headers, body: options.bodyAfterSigning ?? body });
    },

    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };

  // WebFinger for every actor added: acct:<name>@127.0.0.1:<port>.
  fake.route('/.well-known/webfinger', (req, res) => {
    const resource = new URL(req.url ?? '/', base).searchParams.get('resource') ?? '';
    const match = /^acct:([^@]+)@(.+)$/.exec(resource);
    const actor = match && match[2] === host ? actors.get(match[1]) : undefined;
    if (!actor) return void res.writeHead(404, { 'content-type': 'application/jrd+json' }).end('{}');
    res.writeHead(200, { 'content-type': 'application/jrd+json' }).end(
      JSON.stringify({
        subject: resource,
        aliases: [actor.id],
        links: [
          { rel: 'self', type: 'application/activity+json', href: actor.id },
          { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: `${base}/@${actor.name}` },
        ],
      }),
    );
  });

  return fake;
}
