// Child process of bench/federation-delivery.ts: a thousand fake fediverse
// instances, each a shared inbox at http://127.1.<a>.<b>:<port>/inbox.
//
// Why distinct loopback addresses on one port: on Linux all of 127.0.0.0/8
// is routed to the loopback interface and any of its addresses can be bound
// without configuration, so each instance gets its own host, as real
// instances have (one origin per instance for Fedify's per-origin state —
// spec memory, circuit breaker — and one connection pool per origin in
// undici). One listening socket per address; all share one handler.
//
// Each request is checked as a real receiver would: Fedify's verifyRequest
// (RFC 9421 or draft-cavage, whichever was sent; Digest / Content-Digest
// must match the body; Date within the window), the key fetched once from
// the sender's actor document and cached, and the key's owner must be the
// activity's actor. Verified: 202; anything else: 401 (so Fedify would
// double-knock with the other signature spec, which then shows in the counts).
//
// Runs in its own process so verification does not take CPU from the
// sender's event loop (on 2 cores: one for Meadow, one for the receivers).
// IPC: → {type:'ready', port, hosts}; ← 'report' → {type:'report', …}; ← 'stop'.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { verifyRequest, type KeyCache } from '@fedify/fedify';

export interface ReceiverReport {
  type: 'report';
  /** Instances that received at least one verified request. */
  instancesReached: number;
  requests: number;
  verified: number;
  rejected: number;
  /** Verified requests by signature spec. */
  bySpec: { rfc9421: number; 'draft-cavage': number };
  /** The same activity id verified twice at one instance. */
  duplicates: number;
  /** Verified requests per instance: fewest and most. */
  perInstanceMin: number;
  perInstanceMax: number;
  /** Fetches of the sender's key document (should be 1). */
  keyFetches: number;
  /** Epoch ms of the first and last verified request. */
  firstAt: number | null;
  lastAt: number | null;
  /** Activity ids seen, with how many instances got each. */
  activities: Record<string, number>;
  /** Why requests were rejected (first few). */
  rejections: string[];
  cpuMs: number;
}

const { instances } = JSON.parse(process.argv[2] ?? '{}') as { instances: number };
if (!Number.isSafeInteger(instances) || instances < 1 || instances > 250 * 250) throw new Error('instances must be between 1 and 62,500');

/** Instance i lives at 127.1.<i / 250>.<1 + i % 250> (no .0 or .255 last octets). */
function receiverHost(i: number): string {
  return `127.1.${Math.floor(i / 250)}.${1 + (i % 250)}`;
}

const perInstance = new Map<string, { verified: number; activityIds: Set<string> }>();
const activities: Record<string, number> = {};
const rejections: string[] = [];
let requests = 0;
let verified = 0;
let rejected = 0;
let duplicates = 0;
let keyFetches = 0;
let firstAt: number | null = null;
let lastAt: number | null = null;
const bySpec = { rfc9421: 0, 'draft-cavage': 0 };
const cpuAtStart = process.cpuUsage();

// The sender's key document, fetched once per URL (concurrent requests share the fetch).
const documents = new Map<string, Promise<unknown>>();
const documentLoader = async (url: string) => {
  const address = url.replace(/#.*$/, '');
  let doc = documents.get(address);
  if (!doc) {
    keyFetches++;
    doc = fetch(address, { headers: { accept: 'application/activity+json' } }).then(async (res) => {
      if (!res.ok) throw new Error(`key document ${address}: HTTP ${res.status}`);
      return res.json();
    });
    doc.catch(() => documents.delete(address));
    documents.set(address, doc);
  }
  return { contextUrl: null, documentUrl: address, document: await doc };
};
const keys = new Map<string, Awaited<ReturnType<KeyCache['get']>>>();
const keyCache: KeyCache = {
  get: async (keyId) => keys.get(keyId.href),
  set: async (keyId, key) => void keys.set(keyId.href, key),
};

function reject(res: ServerResponse, why: string) {
  rejected++;
  if (rejections.length < 10) rejections.push(why);
  res.writeHead(401, { 'content-type': 'text/plain' }).end(why);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  requests++;
  const instance = req.socket.localAddress ?? 'unknown';
  if (req.method !== 'POST' || req.url !== '/inbox') return void res.writeHead(404).end();
  const body = Buffer.concat(chunks);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: 'POST', headers, body: new Uint8Array(body) });
  let key;
  try {
    key = await verifyRequest(request, { documentLoader, keyCache });
  } catch (err) {
    return reject(res, `verifyRequest threw: ${(err as Error).message}`);
  }
  if (!key) return reject(res, `signature does not verify (${headers.has('signature-input') ? 'rfc9421' : 'draft-cavage'})`);
  let activity: { id?: string; type?: string; actor?: string };
  try {
    activity = JSON.parse(body.toString('utf8'));
  } catch {
    return reject(res, 'body is not JSON');
  }
  if (!activity.id || !activity.type) return reject(res, 'activity without id or type');
  if (key.ownerId?.href !== activity.actor) return reject(res, `key owner ${key.ownerId?.href} is not the actor ${activity.actor}`);
  verified++;
  bySpec[headers.has('signature-input') ? 'rfc9421' : 'draft-cavage']++;
  const now = Date.now();
  firstAt ??= now;
  lastAt = now;
  let seen = perInstance.get(instance);
  if (!seen) perInstance.set(instance, (seen = { verified: 0, activityIds: new Set() }));
  seen.verified++;
  if (seen.activityIds.has(activity.id)) duplicates++;
  else {
    seen.activityIds.add(activity.id);
    activities[activity.id] = (activities[activity.id] ?? 0) + 1;
  }
  res.writeHead(202).end();
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

const handler = (req: IncomingMessage, res: ServerResponse) =>
  void handle(req, res).catch((err) => {
    if (!res.headersSent) reject(res, `receiver failed: ${(err as Error).message}`);
  });

// The first address picks a free port; the others take the same port (free
// on their addresses unless something else bound it there: then start over).
async function bindAll(): Promise<{ servers: Server[]; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const bound: Server[] = [];
    let port = 0;
    try {
      for (let i = 0; i < instances; i++) {
        const server = createServer(handler);
        server.keepAliveTimeout = 30_000;
        const p = await listen(server, receiverHost(i), port);
        if (i === 0) port = p;
        bound.push(server);
      }
      return { servers: bound, port };
    } catch (err) {
      for (const s of bound) s.close();
      if (attempt === 5) throw new Error(`could not bind ${instances} loopback addresses on one port: ${(err as Error).message}`);
    }
  }
}
const { servers, port } = await bindAll();

process.send!({ type: 'ready', port, hosts: Array.from({ length: instances }, (_, i) => `${receiverHost(i)}:${port}`) });

process.on('message', (message: { type: string }) => {
  if (message.type === 'report') {
    const counts = [...perInstance.values()].map((v) => v.verified);
    while (counts.length < instances) counts.push(0);
    const cpu = process.cpuUsage(cpuAtStart);
    const report: ReceiverReport = {
      type: 'report',
      instancesReached: perInstance.size,
      requests,
      verified,
      rejected,
      bySpec,
      duplicates,
      perInstanceMin: Math.min(...counts),
      perInstanceMax: Math.max(...counts),
      keyFetches,
      firstAt,
      lastAt,
      activities,
      rejections,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
    process.send!(report);
  } else if (message.type === 'stop') {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
    process.disconnect();
  }
});
