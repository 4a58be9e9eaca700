import { describe, it, expect, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startTestInstance } from '../../tests/helpers/instance.ts';
import { createAdminAccount } from '../../core/accounts/admin.ts';

const run = promisify(execFile);

describe('examples/branded-community', async () => {
  const meadow = await startTestInstance();
  const url = await meadow.app.listen({ port: 0, host: '127.0.0.1' });
  afterAll(() => meadow.close());

  it('brands a running instance through GraphQL', async () => {
    await createAdminAccount(meadow.kernel, { handle: 'glow_admin', password: 'a long admin passphrase 7' });
    const script = fileURLToPath(new URL('./brand.ts', import.meta.url));
    const { stdout } = await run(process.execPath, [script], { env: { ...process.env, MEADOW_URL: url, ADMIN_PASSWORD: 'a long admin passphrase 7' } });
    expect(stdout).toContain('signed in as @glow_admin');
    const res = await meadow.gql('{ instance { name colors { primary } rules contactEmail } }');
    expect(res.data.instance).toMatchObject({ name: 'Glow 光彩社区', colors: { primary: '#c2185b' }, contactEmail: 'community@glow.example' });
    expect(res.data.instance.rules).toHaveLength(3);
  });

  it('refuses to run without a password, saying what to do', async () => {
    const script = fileURLToPath(new URL('./brand.ts', import.meta.url));
    const err = await run(process.execPath, [script], { env: { ...process.env, MEADOW_URL: url, ADMIN_PASSWORD: '' } }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('Set ADMIN_PASSWORD');
  });
});
