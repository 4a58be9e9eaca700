// `meadow demo` and `meadow start` as a newcomer runs them: a real server
// in a child process, reached over HTTP, stopped with SIGTERM.

import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox, MEADOW_BIN } from '../helpers/cli.ts';

interface Server {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in stdout. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  stop(): Promise<number | null>;
}

function serve(args: string[], cwd: string, env: Record<string, string>): Server {
  const child = spawn(process.execPath, [MEADOW_BIN, ...args], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', REDIS_URL: undefined, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out + err,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) {
            child.stdout!.off('data', check);
            resolve(m);
          }
        };
        child.stdout!.on('data', check);
        void exited.then((code) => reject(new Error(`meadow exited with ${code} before printing ${pattern}:\n${out}${err}`)));
        check();
      }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

const gql = async (url: string, query: string, variables?: Record<string, unknown>) => {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return res.json() as Promise<{ data?: any; errors?: any[] }>;
};

describe('meadow demo and meadow start', { timeout: 120_000 }, async () => {
  const sandbox = await cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('meadow demo migrates, seeds an empty instance, serves it and prints a sign-in that works', async () => {
    const server = serve(['demo', '--locale', 'en'], sandbox.dir, { DATABASE_URL: sandbox.databaseUrl });
    try {
      const [, url] = await server.waitFor(/Meadow is running at (http:\/\/\S+)/);
      const [, handle, password] = await server.waitFor(/Sign in as a demo person: handle "(\w+)", password "([^"]+)"/);
      expect(server.output()).toMatch(/^\[\d+\/\d+\] accounts\/0001_accounts$/m);
      const signIn = await gql(url, 'mutation($h: String!, $p: String!) { signIn(input: {handle: $h, password: $p}) { account { handle } } }', { h: handle, p: password });
      expect(signIn.errors).toBeUndefined();
      expect(signIn.data.signIn.account.handle).toBe(handle);
      const health = await fetch(`${url}/readyz`);
      expect(health.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('meadow start serves the same instance without seeding again, and stops cleanly on SIGTERM', async () => {
    const server = serve(['start'], sandbox.dir, { DATABASE_URL: sandbox.databaseUrl });
    try {
      const [, url] = await server.waitFor(/Meadow is listening on (http:\/\/\S+) /);
      const res = await gql(url, '{ account(handle: "emma_travels") { displayName } }');
      expect(res.data.account.displayName).toBe('Emma Clarke');
      expect(server.output()).not.toContain('Seeding');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
