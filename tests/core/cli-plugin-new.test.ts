// `meadow plugin new` writes a plugin whose own test passes, untouched, on
// a real database. The plugin is written under .test-output/ (ignored by
// git, inside the repo so its packages resolve, and outside plugins/ so no
// other suite discovers it), then its test runs in a child vitest.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runNode, MEADOW_BIN } from '../helpers/cli.ts';

const WORK = join(REPO_ROOT, '.test-output', `scaffold-${randomBytes(4).toString('hex')}`);
const VITEST = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const meadow = (args: string[]) => runNode([MEADOW_BIN, ...args], { cwd: REPO_ROOT });

describe('meadow plugin new', { timeout: 180_000 }, () => {
  mkdirSync(WORK, { recursive: true });
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));
  const dir = join(WORK, 'plugins');

  it('scaffolds index, contracts, entity, migration, service, test and README', async () => {
    const res = await meadow(['plugin', 'new', 'city-walks', '--dir', dir]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Created plugin "city-walks"');
    const folder = join(dir, 'city-walks');
    expect(readdirSync(folder).sort()).toEqual(['README.md', 'city-walks.test.ts', 'contracts.ts', 'entities.ts', 'index.ts', 'migrations.ts', 'service.ts']);
    const index = readFileSync(join(folder, 'index.ts'), 'utf8');
    expect(index).toContain("name: 'city-walks'");
    expect(index).toContain("from '../../../../core/index.ts'");
    expect(index).toMatch(/type CityWalksEntry \{/);
    expect(index).toMatch(/extend type Query \{[\s\S]*cityWalksEntries/);
    expect(index).toMatch(/extend type Mutation \{[\s\S]*postCityWalksEntry/);
    expect(index).toContain('on(AccountCreated');
    expect(readFileSync(join(folder, 'contracts.ts'), 'utf8')).toContain("defineEvent<{ entry: CityWalksEntryRecord }>('city-walks.entry-posted'");
    expect(readFileSync(join(folder, 'entities.ts'), 'utf8')).toContain("tableName: 'city_walks_entries'");
  });

  it("the scaffolded plugin's own test passes in a child vitest", async () => {
    // Only the scaffolded folder: the repo's config includes tests/ and plugins/ alone.
    writeFileSync(join(WORK, 'vitest.config.ts'), "export default { test: { include: ['plugins/**/*.test.ts'], testTimeout: 60000, hookTimeout: 60000 } };\n");
    const res = await runNode([VITEST, 'run', '--root', WORK, '--reporter', 'verbose'], {
      cwd: REPO_ROOT,
      env: { MEADOW_TEST_DB: process.env.MEADOW_TEST_DB, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeoutMs: 170_000,
    });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Tests\s+3 passed \(3\)/);
    expect(res.stdout).toContain('welcomes a new account through the account.created hook');
  });

  it('the scaffolded plugin type-checks under the repo\'s strict tsconfig', async () => {
    writeFileSync(join(WORK, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['plugins/**/*.ts'] }));
    const res = await runNode([join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', WORK], { cwd: REPO_ROOT, timeoutMs: 170_000 });
    // Only the scaffold's own files count; the rest of the tree has its own check.
    const ours = (res.stdout + res.stderr).split('\n').filter((l) => l.includes('city-walks'));
    expect(ours).toEqual([]);
    expect(res.stdout + res.stderr).not.toContain('No inputs were found');
  });

  it('refuses invalid, reserved and existing names with exit 2 or 1, writing nothing', async () => {
    for (const name of ['City', 'x', '9lives', 'has_underscore', 'a'.repeat(51)]) {
      const res = await meadow(['plugin', 'new', name, '--dir', dir]);
      expect(res.code, name).toBe(2);
      expect(res.stderr).toContain(`"${name}" is not a valid plugin name`);
    }
    for (const name of ['accounts', 'media', 'instance']) {
      const res = await meadow(['plugin', 'new', name, '--dir', dir]);
      expect(res.code, name).toBe(2);
      expect(res.stderr).toContain(`"${name}" is reserved`);
    }
    const before = readFileSync(join(dir, 'city-walks', 'index.ts'), 'utf8');
    const again = await meadow(['plugin', 'new', 'city-walks', '--dir', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(join(dir, 'city-walks', 'index.ts'), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['city-walks']);
    expect(existsSync(join(REPO_ROOT, 'plugins', 'City'))).toBe(false);
  });
});
