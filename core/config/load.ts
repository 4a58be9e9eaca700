// Reads configuration from a file (meadow.config.json|js|ts) and the
// environment, and validates it with an error that names the bad key,
// where it came from, and the expected form.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StartupError } from '../errors/errors.ts';
import { ConfigSchema, type MeadowConfig, type MeadowConfigInput } from './schema.ts';

/** Environment variables and the config key each one sets. */
export const ENV_KEYS: Record<string, string> = {
  NODE_ENV: 'env',
  PORT: 'port',
  HOST: 'host',
  PUBLIC_URL: 'publicUrl',
  DATABASE_URL: 'databaseUrl',
  REDIS_URL: 'redisUrl',
  MEDIA_DIR: 'mediaDir',
  MEADOW_SECRET: 'secret',
  LOG_LEVEL: 'logLevel',
  MEADOW_PLUGINS: 'plugins.enabled',
  MEADOW_DISABLED_PLUGINS: 'plugins.disabled',
  FEDERATION_ALLOW_PRIVATE_ADDRESSES: 'federation.allowPrivateAddresses',
  FEDERATION_AUTHORIZED_FETCH: 'federation.authorizedFetch',
  FEDERATION_QUEUE: 'federation.queue',
};

const FILE_NAMES = ['meadow.config.ts', 'meadow.config.js', 'meadow.config.mjs', 'meadow.config.json'];

export async function readConfigFile(cwd = process.cwd()): Promise<{ path: string; value: MeadowConfigInput } | null> {
  for (const name of FILE_NAMES) {
    const path = resolve(cwd, name);
    if (!existsSync(path)) continue;
    if (name.endsWith('.json')) {
      try {
        return { path, value: JSON.parse(await readFile(path, 'utf8')) };
      } catch (err) {
        throw new StartupError(`Configuration file ${path} is not valid JSON: ${(err as Error).message}`);
      }
    }
    const mod = await import(pathToFileURL(path).href);
    return { path, value: mod.default ?? mod.config };
  }
  return null;
}

function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const [variable, key] of Object.entries(ENV_KEYS)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (key === 'plugins.enabled') value = raw === 'all' ? 'all' : splitList(raw);
    if (key === 'plugins.disabled') value = splitList(raw);
    if (key === 'env' && !['development', 'production', 'test'].includes(raw)) continue; // NODE_ENV has wider use
    const [head, tail] = key.split('.');
    if (tail) out[head] = { ...(out[head] ?? {}), [tail]: value };
    else out[head] = value;
  }
  return out;
}

const splitList = (raw: string) => raw.split(',').map((s) => s.trim()).filter(Boolean);

function mergeDeep(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && typeof out[k] === 'object' ? mergeDeep(out[k], v) : v;
  }
  return out;
}

/**
 * Validates a config object. `sources` says where each top-level key came
 * from, so the error can say "PORT" rather than "port".
 */
export function parseConfig(input: MeadowConfigInput | Record<string, unknown>, sources: Record<string, string> = {}): MeadowConfig {
  const result = ConfigSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(root)';
      const from = sources[key] ?? sources[String(issue.path[0])] ?? 'configuration';
      const got = issue.path.reduce<any>((v, k) => (v == null ? v : v[k as any]), input);
      return `  - ${key} (from ${from}): ${issue.message}${got === undefined ? '' : `; got ${JSON.stringify(got)}`}`;
    });
    throw new StartupError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = result.data;
  const publicUrl = (config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`).replace(/\/$/, '');
  return { ...config, publicUrl, graphiql: config.graphiql ?? config.env !== 'production' };
}

/** File, then environment (environment wins), then overrides from code. */
export async function loadConfig(
  options: { cwd?: string; env?: NodeJS.ProcessEnv; overrides?: MeadowConfigInput } = {},
): Promise<MeadowConfig> {
  const file = await readConfigFile(options.cwd);
  const env = fromEnv(options.env ?? process.env);
  const sources: Record<string, string> = {};
  for (const k of Object.keys(file?.value ?? {})) sources[k] = file!.path;
  for (const [variable, key] of Object.entries(ENV_KEYS)) {
    if ((options.env ?? process.env)[variable]) sources[key] = `environment variable ${variable}`;
  }
  const merged = mergeDeep(mergeDeep((file?.value ?? {}) as Record<string, any>, env), (options.overrides ?? {}) as Record<string, any>);
  return parseConfig(merged, sources);
}

