// The `meadow` command's help, its errors for wrong usage, and the Node.js
// version guard, run as a user would: `node bin/meadow.js ...`.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox, MEADOW_BIN, REPO_ROOT, runNode } from '../helpers/cli.ts';

describe('meadow command line: help and usage errors', { timeout: 60_000 }, async () => {
  const sandbox = await cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('--help lists every command and exits 0', async () => {
    const res = await sandbox.meadow(['--help']);
    expect(res.code).toBe(0);
    for (const name of ['start', 'demo', 'migrate', 'admin create', 'plugin new', 'seed demo']) expect(res.stdout).toContain(`  ${name} `);
  });

  it('every command has its own --help, and it does nothing else', async () => {
    for (const command of [['start'], ['demo'], ['migrate'], ['admin', 'create'], ['plugin', 'new'], ['seed', 'demo']]) {
      const res = await sandbox.meadow([...command, '--help']);
      expect(res.code, command.join(' ')).toBe(0);
      expect(res.stdout).toContain(`Usage: meadow ${command.join(' ')}`);
    }
    // No database was created by asking for help.
    expect(existsSync(`${sandbox.dir}/m.db`)).toBe(false);
  });

  it('an unknown command exits 2 with a message and a suggestion', async () => {
    const res = await sandbox.meadow(['migrat']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Unknown command "migrat". Did you mean "meadow migrate"?');
    const other = await sandbox.meadow(['frobnicate']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('Unknown command "frobnicate"');
    expect(other.stderr).toContain('meadow --help');
  });

  it('an unknown flag, a missing subcommand or a missing argument exits 2', async () => {
    const flag = await sandbox.meadow(['migrate', '--fast']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--fast'.*meadow migrate --help/);

    const group = await sandbox.meadow(['admin']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('"meadow admin create"');

    const missing = await sandbox.meadow(['plugin', 'new']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing NAME');

    const extra = await sandbox.meadow(['migrate', 'now']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('Unexpected argument "now"');

    const locale = await sandbox.meadow(['seed', 'demo', '--locale', 'fr']);
    expect(locale.code).toBe(2);
    expect(locale.stderr).toContain('--locale must be one of zh-CN, en; got "fr"');
  });

  it('a bad configuration value stops with a message naming it, exit 1', async () => {
    const res = await sandbox.meadow(['migrate'], { DATABASE_URL: 'mysql://localhost/x' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('databaseUrl (from environment variable DATABASE_URL)');
  });
});

// The machine's own Node.js (Debian's) is older than Meadow needs.
const SYSTEM_NODE = '/usr/bin/node';
const systemVersion = existsSync(SYSTEM_NODE) ? execFileSync(SYSTEM_NODE, ['-p', 'process.versions.node']).toString().trim() : null;
const [major, minor] = (systemVersion ?? '0.0').split('.').map(Number);
const systemNodeIsOld = systemVersion !== null && (major < 22 || (major === 22 && minor < 18));

describe('Node.js version guard', () => {
  it.skipIf(!systemNodeIsOld)(
    systemNodeIsOld
      ? `on Node.js ${systemVersion} (${SYSTEM_NODE}), meadow start prints one clear sentence and exits 1`
      : `skipped: ${SYSTEM_NODE} is ${systemVersion ?? 'missing'}, not older than 22.18, so the guard cannot be shown with it`,
    async () => {
      const res = await runNode([MEADOW_BIN, 'start'], { cwd: REPO_ROOT, node: SYSTEM_NODE });
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim()).toBe(
        `Meadow needs Node.js 22.18 or newer (24 LTS recommended), but this is Node.js ${systemVersion}; ` +
          'install Node.js 24 (from nodejs.org, your package manager, or a version manager such as nvm: nvm install 24) and try again.',
      );
    },
  );
});
