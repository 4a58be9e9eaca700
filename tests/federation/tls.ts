// Test instances served over HTTPS on 127.0.0.1 (Fedify resolves acct:
// handles over HTTPS only), with a throwaway certificate made by openssl
// and trusted by this test process alone.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { startTestInstance, type TestInstance } from '../helpers/instance.ts';
import type { MeadowConfigInput, PluginDefinition } from '../../core/index.ts';

let certificate: { key: string; cert: string } | null = null;

/** A self-signed certificate for IP 127.0.0.1, added to this process's trusted CAs. */
export function testCertificate(): { key: string; cert: string } {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'meadow-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-subj', '/CN=Meadow test CA', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-addext', 'basicConstraints=critical,CA:TRUE',
    ], { stdio: 'ignore' });
    certificate = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Only this test process trusts it; production lookups keep the default CAs.
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), certificate.cert]);
  return certificate;
}

export interface TlsInstance extends TestInstance {
  url: string;
  host: string;
  /** Every request the server received (method and path), oldest first. */
  requests: { method: string; path: string }[];
  /**
   * Answers requests in place of Meadow while set (a receiver that fails:
   * 500, 410, no answer …); return false to let Meadow answer this one.
   */
  intercept: ((req: IncomingMessage, res: ServerResponse) => boolean) | null;
}

/**
 * A Meadow instance at https://127.0.0.1:<port>, allowed to reach private
 * addresses unless `config.federation` says otherwise (other config merged in).
 */
export async function startTlsInstance(options: { plugins?: PluginDefinition[]; config?: MeadowConfigInput; discover?: boolean } = {}): Promise<TlsInstance> {
  let handler: ((req: any, res: any) => void) | null = null;
  const requests: TlsInstance['requests'] = [];
  const state: { intercept: TlsInstance['intercept'] } = { intercept: null };
  const server: Server = createServer(testCertificate(), (req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/' });
    if (state.intercept?.(req, res)) return;
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = `https://127.0.0.1:${port}`;
  let meadow: TestInstance;
  try {
    const { federation, ...rest } = options.config ?? {};
    meadow = await startTestInstance({
      plugins: options.plugins,
      // true loads the bundled plugins (plugins/*) as a real deployment does.
      discover: options.discover,
      config: { ...rest, publicUrl: url, federation: { allowPrivateAddresses: true, ...federation } },
    });
  } catch (err) {
    server.close();
    throw err;
  }
  handler = (req, res) => meadow.app.routing(req, res);
  return {
    ...meadow,
    url,
    host: `127.0.0.1:${port}`,
    requests,
    get intercept() {
      return state.intercept;
    },
    set intercept(fn) {
      state.intercept = fn;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await meadow.close();
    },
  };
}

/** Runs both instances' jobs (deliveries, inbox work) until neither has any left. */
export async function settle(...instances: TestInstance[]): Promise<void> {
  for (let round = 0; round < 20; round++) {
    let ran = 0;
    for (const m of instances) {
      await m.kernel.bus.drain(); // after-commit handlers may still be enqueueing deliveries
      ran += await m.kernel.worker.runUntilIdle();
    }
    if (ran === 0) return;
  }
  throw new Error('Federation jobs did not settle in 20 rounds');
}

/** A bare HTTPS server on 127.0.0.1 with the test certificate (a broken or hand-written "instance"). */
export async function startTlsServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; host: string; close(): Promise<void> }> {
  const server: Server = createServer(testCertificate(), handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `https://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
