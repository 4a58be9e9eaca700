// Child process of bench/flash-sale.ts: the crowd. It holds N prepared
// GraphQL requests (each buyer's own token and idempotency key) and fires
// them all at once over real HTTP (node:http, keep-alive, up to
// `connections` sockets; a request waiting for a socket counts as waiting),
// timing each from the moment it was issued. Running in its own process, its
// CPU time is not taken from the Meadow instance's event loop.
// IPC: → {type:'ready'}; ← {type:'fire', url, requests, connections} → {type:'fired', …}; ← 'stop'.

import { Agent, request } from 'node:http';

export interface BuyRequest {
  token: string;
  body: string;
}

export interface BuyOutcome {
  /** HTTP status (0: the request failed). */
  status: number;
  /** From issuing the request to the end of its answer. */
  ms: number;
  /** Milliseconds from the first request issued to this answer's end. */
  doneAt: number;
  /** The order's id when it bought; else the error's reason or code, or the transport error. */
  orderId: string | null;
  error: string | null;
}

export interface FiredReport {
  type: 'fired';
  outcomes: BuyOutcome[];
  seconds: number;
}

function post(agent: Agent, url: URL, req: BuyRequest, t0: number): Promise<BuyOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, orderId: string | null, error: string | null) => {
      const end = performance.now();
      resolve({ status, ms: end - started, doneAt: end - t0, orderId, error });
    };
    const r = request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(req.body), authorization: `Bearer ${req.token}` },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          const err = json.errors?.[0];
          if (err) done(res.statusCode ?? 0, null, String(err.extensions?.reason ?? err.extensions?.code ?? err.message).slice(0, 120));
          else done(res.statusCode ?? 0, json.data?.buyFlashSale?.order?.id ?? null, json.data?.buyFlashSale?.order?.id ? null : 'no order in the answer');
        } catch {
          done(res.statusCode ?? 0, null, `unreadable answer (${res.statusCode})`);
        }
      });
      res.on('error', (e) => done(0, null, e.message));
    });
    r.on('error', (e) => done(0, null, e.message));
    r.end(req.body);
  });
}

async function fire(url: string, requests: BuyRequest[], connections: number): Promise<FiredReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const target = new URL(url);
  const t0 = performance.now();
  const outcomes = await Promise.all(requests.map((r) => post(agent, target, r, t0)));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { type: 'fired', outcomes, seconds };
}

process.send!({ type: 'ready' });
process.on('message', (message: { type: string; url?: string; requests?: BuyRequest[]; connections?: number }) => {
  if (message.type === 'fire') void fire(message.url!, message.requests!, message.connections!).then((r) => process.send!(r));
  else if (message.type === 'stop') process.disconnect();
});
