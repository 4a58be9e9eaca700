// Runs the real `meadow` command in a child process, in a temporary folder,
// against a fresh database (a SQLite file there, or a new PostgreSQL
// database when MEADOW_TEST_DB=postgres).

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_ENGINE, testDatabaseUrl } from './instance.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const MEADOW_BIN = join(REPO_ROOT, 'bin', 'meadow.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <file> ...args` and resolves with its exit code and output (never rejects on a non-zero exit). */
export function runNode(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; node?: string; input?: string; timeoutMs?: number },
): Promise<CliResult> {
  // Settings of the developer's shell must not leak into the command under test.
  const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: undefined, PORT: undefined, DATABASE_URL: undefined, REDIS_URL: undefined, MEADOW_ADMIN_PASSWORD: undefined, MEADOW_PLUGINS: undefined, ...options.env };
  return new Promise((done) => {
    const child = execFile(options.node ?? process.execPath, args, { cwd: options.cwd, env: env as NodeJS.ProcessEnv, timeout: options.timeoutMs ?? 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    else child.stdin!.end();
  });
}

export interface CliSandbox {
  dir: string;
  databaseUrl: string;
  /** Runs `meadow ...args` in the sandbox folder with its database. */
  meadow(args: string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  cleanup(): Promise<void>;
}

export async function cliSandbox(): Promise<CliSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'meadow-cli-'));
  const database = TEST_ENGINE === 'postgres' ? await testDatabaseUrl() : { url: `sqlite:${join(dir, 'm.db')}`, drop: async () => {} };
  return {
    dir,
    databaseUrl: database.url,
    meadow: (args, env = {}) => runNode([MEADOW_BIN, ...args], { cwd: dir, env: { DATABASE_URL: database.url, ...env } }),
    async cleanup() {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
