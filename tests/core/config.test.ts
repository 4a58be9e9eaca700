import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig } from '../../core/config/load.ts';
import { StartupError } from '../../core/index.ts';

describe('configuration', () => {
  it('gives a working instance with no configuration at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meadow-cfg-'));
    try {
      const config = await loadConfig({ cwd: dir, env: {} });
      expect(config).toMatchObject({
        port: 3000,
        host: '127.0.0.1',
        databaseUrl: 'sqlite:./data/meadow.db',
        mediaDir: './data/media',
        publicUrl: 'http://127.0.0.1:3000',
        plugins: { enabled: 'all', disabled: [] },
      });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('reads a file and lets the environment win', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meadow-cfg-'));
    try {
      writeFileSync(join(dir, 'meadow.config.json'), JSON.stringify({ port: 4000, mediaDir: '/srv/media', plugins: { disabled: ['live'] } }));
      const config = await loadConfig({ cwd: dir, env: { PORT: '5000', PUBLIC_URL: 'https://meadow.example', MEADOW_PLUGINS: 'notes, topics' } });
      expect(config.port).toBe(5000);
      expect(config.mediaDir).toBe('/srv/media');
      expect(config.publicUrl).toBe('https://meadow.example');
      expect(config.plugins).toMatchObject({ enabled: ['notes', 'topics'], disabled: ['live'] });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('names the bad key, where it came from and the expected form', async () => {
    const err = await loadConfig({ cwd: tmpdir(), env: { PORT: 'eighty' } }).catch((e) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect(err.message).toContain('port (from environment variable PORT)');
    expect(err.message).toContain('"eighty"');
  });

  it('refuses a wrong type in a config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meadow-cfg-'));
    try {
      writeFileSync(join(dir, 'meadow.config.json'), JSON.stringify({ limits: { bodyBytes: 'big' } }));
      const err = await loadConfig({ cwd: dir, env: {} }).catch((e) => e);
      expect(err.message).toMatch(/limits\.bodyBytes \(from .*meadow\.config\.json\): .*number/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('refuses a config file that is not JSON, and unknown database schemes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meadow-cfg-'));
    try {
      writeFileSync(join(dir, 'meadow.config.json'), '{ port: 1');
      await expect(loadConfig({ cwd: dir, env: {} })).rejects.toThrow(/meadow\.config\.json is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true });
    }
    expect(() => parseConfig({ databaseUrl: 'mysql://x' })).toThrow(/databaseUrl .*must start with sqlite: or postgres:\/\//);
    expect(() => parseConfig({ secret: 'short' })).toThrow(/secret .*at least 32 characters/);
  });
});
