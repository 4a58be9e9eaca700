// `meadow migrate`, `meadow seed demo` and `meadow admin create` run as a
// user would, in a child process against a real database; the results are
// checked through an instance started on that same database.

import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../helpers/cli.ts';
import { startTestInstance } from '../helpers/instance.ts';

const PROGRESS_LINE = /^\[(\d+)\/(\d+)\] ([a-z][a-z0-9-]*)\/(\S+)$/;

describe('meadow migrate', { timeout: 120_000 }, async () => {
  const sandbox = await cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('prints one progress line per migration, then a summary', async () => {
    const res = await sandbox.meadow(['migrate']);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n');
    const steps = lines.filter((l) => PROGRESS_LINE.test(l)).map((l) => l.match(PROGRESS_LINE)!);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    const total = Number(steps[0][2]);
    expect(steps.map((m) => Number(m[1]))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(steps.map((m) => `${m[3]}/${m[4]}`)).toEqual(expect.arrayContaining(['core/0001_instance', 'accounts/0001_accounts']));
    expect(lines.at(-1)).toMatch(new RegExp(`^Applied ${total} migrations to .* in \\d+ ms\\.$`));
  });

  it('is idempotent: a second run applies nothing and says so', async () => {
    const res = await sandbox.meadow(['migrate']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).not.toMatch(/^\[\d+\/\d+\]/m);
    expect(res.stdout).toContain('Database is up to date');
  });
});

describe('meadow seed demo', { timeout: 120_000 }, async () => {
  const sandbox = await cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('fills an empty instance with people and follows, showing progress', async () => {
    const res = await sandbox.meadow(['seed', 'demo', '--locale', 'en']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Seeding accounts \(\d+\/\d+\)$/m);
    expect(res.stdout).toMatch(/^ {2}\[\d+\/\d+\] people: @\w+$/m);
    expect(res.stdout).toMatch(/Demo data added by .*accounts.* \(en; \d+ accounts now\)/);

    const meadow = await startTestInstance({ config: { databaseUrl: sandbox.databaseUrl } });
    try {
      const profile = await meadow.gql('{ account(handle: "emma_travels") { displayName followingCount followersCount } }');
      expect(profile.errors).toBeUndefined();
      expect(profile.data.account.displayName).toBe('Emma Clarke');
      expect(profile.data.account.followingCount).toBeGreaterThan(0);
      expect(profile.data.account.followersCount).toBeGreaterThan(0);
    } finally {
      await meadow.close();
    }
  });

  it('refuses a second time with a clear message, exit 1, and adds nothing', async () => {
    const count = async () => {
      const meadow = await startTestInstance({ config: { databaseUrl: sandbox.databaseUrl } });
      try {
        return await meadow.kernel.db.kysely().selectFrom('core_accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      } finally {
        await meadow.close();
      }
    };
    const before = Number((await count()).n);
    const res = await sandbox.meadow(['seed', 'demo']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`This instance already has ${before} accounts; demo data is only added to an empty instance`);
    expect(res.stderr).toContain('--force');
    expect(Number((await count()).n)).toBe(before);
  });
});

describe('meadow admin create', { timeout: 120_000 }, async () => {
  const sandbox = await cliSandbox();
  afterAll(() => sandbox.cleanup());
  const password = 'a meadow admin passphrase 7';

  it('creates an admin (password from MEADOW_ADMIN_PASSWORD) who can sign in', async () => {
    const res = await sandbox.meadow(['admin', 'create', '--handle', 'mayor', '--email', 'mayor@example.com'], { MEADOW_ADMIN_PASSWORD: password });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Created admin @mayor \(id \d+\)/);

    const meadow = await startTestInstance({ config: { databaseUrl: sandbox.databaseUrl } });
    try {
      const signIn = await meadow.gql('mutation($p: String!) { signIn(input: {handle: "mayor", password: $p}) { token account { handle role } } }', { p: password });
      expect(signIn.errors).toBeUndefined();
      expect(signIn.data.signIn.account).toEqual({ handle: 'mayor', role: 'admin' });
      const plugins = await meadow.gql('{ plugins { name } }', {}, { token: signIn.data.signIn.token });
      expect(plugins.errors).toBeUndefined();
      expect(plugins.data.plugins.map((p: { name: string }) => p.name)).toContain('accounts');
    } finally {
      await meadow.close();
    }
  });

  it('takes the password from --password too', async () => {
    const res = await sandbox.meadow(['admin', 'create', '--handle', 'deputy', '--password', password]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Created admin @deputy/);
  });

  it('refuses a taken handle, a weak password and a missing password or handle, creating nothing', async () => {
    const taken = await sandbox.meadow(['admin', 'create', '--handle', 'mayor', '--password', password]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('"mayor" is already taken');

    const weak = await sandbox.meadow(['admin', 'create', '--handle', 'weakling', '--password', 'abc']);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/password is too short/i);

    const none = await sandbox.meadow(['admin', 'create', '--handle', 'nopass']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No password given: pass --password, set MEADOW_ADMIN_PASSWORD, or run in a terminal');

    const noHandle = await sandbox.meadow(['admin', 'create', '--password', password]);
    expect(noHandle.code).toBe(2);
    expect(noHandle.stderr).toContain('--handle is required');

    const meadow = await startTestInstance({ config: { databaseUrl: sandbox.databaseUrl } });
    try {
      const rows = await meadow.kernel.db.kysely().selectFrom('core_accounts').select(['handle', 'role']).orderBy('id').execute();
      expect(rows).toEqual([
        { handle: 'mayor', role: 'admin' },
        { handle: 'deputy', role: 'admin' },
      ]);
    } finally {
      await meadow.close();
    }
  });
});
