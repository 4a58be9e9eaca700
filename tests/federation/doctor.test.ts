// `meadow federation doctor PUBLIC_URL`, run as an operator would (a child
// process trusting the test certificate through NODE_EXTRA_CA_CERTS),
// against a running Meadow instance over HTTPS and against a server that
// gets everything wrong.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { signUp } from '../core/accounts-helpers.ts';
import { MEADOW_BIN, runNode } from '../helpers/cli.ts';
import { startTlsInstance, startTlsServer, testCertificate } from './tls.ts';

describe('meadow federation doctor', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'meadow-doctor-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, testCertificate().cert);
  const doctor = (args: string[]) => runNode([MEADOW_BIN, 'federation', 'doctor', ...args], { cwd: dir, env: { NODE_EXTRA_CA_CERTS: caFile } });

  const meadow = await startTlsInstance();
  await signUp(meadow, 'alice');
  const broken = await startTlsServer((req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    const base = `https://${req.headers.host}`;
    const json = (status: number, body: unknown, type = 'application/json') => res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/nodeinfo') return json(200, { links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${base}/nodeinfo` }] });
    if (url.pathname === '/nodeinfo') return json(200, { version: '2.0', software: { name: 'Broken Soft', version: '1' }, protocols: ['diaspora'] });
    if (url.pathname === '/.well-known/webfinger') {
      if (url.searchParams.get('resource') !== `acct:instance@${req.headers.host}`) return json(404, { error: 'no such account' });
      return json(200, { subject: url.searchParams.get('resource'), links: [{ rel: 'self', type: 'application/activity+json', href: `${base}/actor` }] }, 'application/jrd+json');
    }
    if (url.pathname === '/actor') {
      const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
      return json(200, { id: `${base}/someone-else`, type: 'Person', inbox: `${base}/inbox`, publicKey: { id: `${base}/actor#key`, owner: `${base}/actor`, publicKeyPem: weak } }, 'text/html');
    }
    if (url.pathname === '/inbox' && req.method === 'POST') return json(202, {});
    return json(404, { error: 'not found' });
  });
  afterAll(async () => {
    await meadow.close();
    await broken.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes every check on a running Meadow instance, for the instance actor and for an account', async () => {
    const res = await doctor([meadow.url]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.split('\n');
    for (const check of ['Public URL', 'NodeInfo discovery', 'NodeInfo document', 'WebFinger', 'Actor document', 'Inbox', 'publicKey', 'assertionMethod', 'Unsigned POST']) {
      expect(lines.find((l) => l.includes(check)), check).toMatch(/^\s+ok\s/);
    }
    expect(res.stdout).toContain(`acct:instance@${meadow.host} → ${meadow.url}/users/instance`);
    expect(res.stdout).toMatch(/NodeInfo document\s+meadow \S+, 1 users/);
    expect(res.stdout).toMatch(/RSA-2048 key/);
    expect(res.stdout).toMatch(/Ed25519 Multikey/);
    expect(res.stdout).toMatch(/refuses it \(HTTP 401\)/);
    expect(res.stdout).toMatch(/All 9 checks passed/);

    const account = await doctor([meadow.url, '--account', 'alice']);
    expect(account.code).toBe(0);
    expect(account.stdout).toContain(`acct:alice@${meadow.host} → ${meadow.url}/users/alice`);
    const missing = await doctor([meadow.url, '--account', 'nobody']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/FAIL\s+WebFinger\s+acct:nobody@\S+ → HTTP 404/);
  });

  it('names what is wrong on a broken server and exits 1', async () => {
    const res = await doctor([broken.url]);
    expect(res.code).toBe(1);
    const line = (name: string) => res.stdout.split('\n').find((l) => l.includes(` ${name} `)) ?? '';
    expect(line('NodeInfo discovery')).toMatch(/^\s+ok\s/);
    expect(line('NodeInfo document')).toMatch(/FAIL.*version is "2\.0", expected "2\.1".*software\.name.*"activitypub"/);
    expect(line('WebFinger')).toMatch(/^\s+ok\s/);
    expect(line('Actor document')).toMatch(/FAIL.*content type is text\/html.*id "https:\/\/127\.0\.0\.1:\d+\/someone-else" is not the URL it was fetched from/);
    expect(line('Inbox')).toMatch(/warn.*no endpoints\.sharedInbox/);
    expect(line('publicKey')).toMatch(/FAIL.*RSA key of 1024 bits/);
    expect(line('assertionMethod')).toMatch(/FAIL.*no assertionMethod/);
    expect(line('Unsigned POST')).toMatch(/FAIL.*accepted an unsigned activity \(HTTP 202\)/);
    expect(res.stdout).toMatch(/5 checks failed, 1 warning\./);
  });

  it('fails clearly when nothing answers, and refuses wrong usage with exit 2', async () => {
    const gone = await startTlsServer((_req, res) => res.end());
    const url = gone.url;
    await gone.close();
    const res = await doctor([url, '--timeout', '3']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/FAIL\s+NodeInfo discovery\s+.*ECONNREFUSED/);
    expect(res.stdout).toMatch(/FAIL\s+WebFinger/);

    const noUrl = await runNode([MEADOW_BIN, 'federation', 'doctor'], { cwd: dir });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('Missing PUBLIC_URL');
    const badUrl = await doctor(['meadow.example']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('PUBLIC_URL must start with https://');
    const badTimeout = await doctor([meadow.url, '--timeout', 'soon']);
    expect(badTimeout.code).toBe(2);
    const help = await runNode([MEADOW_BIN, 'federation', 'doctor', '--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: meadow federation doctor PUBLIC_URL');
  });
});
