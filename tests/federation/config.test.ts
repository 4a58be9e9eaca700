// federation.allowPrivateAddresses: off by default, settable from the
// environment, and a bad value names the variable.
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../core/config/load.ts';

const cwd = mkdtempSync(join(tmpdir(), 'meadow-fed-config-'));

describe('federation configuration', () => {
  it('refuses private addresses by default', async () => {
    expect((await loadConfig({ cwd, env: {} })).federation.allowPrivateAddresses).toBe(false);
  });

  it('reads FEDERATION_ALLOW_PRIVATE_ADDRESSES', async () => {
    expect((await loadConfig({ cwd, env: { FEDERATION_ALLOW_PRIVATE_ADDRESSES: 'true' } })).federation.allowPrivateAddresses).toBe(true);
    expect((await loadConfig({ cwd, env: { FEDERATION_ALLOW_PRIVATE_ADDRESSES: '0' } })).federation.allowPrivateAddresses).toBe(false);
  });

  it('names the variable when its value is not a boolean', async () => {
    await expect(loadConfig({ cwd, env: { FEDERATION_ALLOW_PRIVATE_ADDRESSES: 'maybe' } })).rejects.toThrow(
      /federation\.allowPrivateAddresses \(from environment variable FEDERATION_ALLOW_PRIVATE_ADDRESSES\)/,
    );
  });
});
