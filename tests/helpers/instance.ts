// Test instances on a real database: SQLite in memory by default, or a
// fresh PostgreSQL database per instance when MEADOW_TEST_DB=postgres
// (created here and dropped on close, so runs never collide).

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createMeadow, type Meadow, type MeadowConfigInput, type PluginDefinition } from '../../core/index.ts';

export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.MEADOW_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const PG_ADMIN_URL = process.env.MEADOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestInstance extends Meadow {
  /** POST a GraphQL operation; returns the parsed body. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string; cookie?: string }): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[] }>;
  close(): Promise<void>;
}

async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `meadow_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function testDatabaseUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (TEST_ENGINE === 'postgres') return createPgDatabase();
  return { url: 'sqlite::memory:', drop: async () => {} };
}

export async function startTestInstance(
  options: { plugins?: PluginDefinition[]; config?: MeadowConfigInput; discover?: boolean } = {},
): Promise<TestInstance> {
  const database = options.config?.databaseUrl ? { url: options.config.databaseUrl, drop: async () => {} } : await testDatabaseUrl();
  let meadow: Meadow;
  try {
    meadow = await createMeadow({
      loadFromEnvironment: false,
      discover: options.discover ?? false,
      plugins: options.plugins,
      config: {
        env: 'test',
        logLevel: 'silent',
        jobs: { worker: false },
        ...options.config,
        databaseUrl: database.url,
      },
    });
  } catch (err) {
    await database.drop();
    throw err;
  }
  // Test people are minutes old: the trust plugin's new-account posting limits
  // would cut most suites short. Its own limits test turns them back on.
  if (meadow.kernel.state.hasSettings('trust')) await meadow.kernel.state.updateSettings('trust', { newAccountHours: 0 });
  // The same for the core's new-account limits (follows, sign-ups per address); tests/core/registrations-*.test.ts turn them on.
  await meadow.kernel.state.updateSettings('instance', { newAccountHours: 0 });
  return {
    ...meadow,
    async gql(query, variables, opts = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.cookie) headers.cookie = opts.cookie;
      const res = await meadow.app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } });
      return res.json();
    },
    async close() {
      await meadow.app.close();
      await database.drop();
    },
  };
}
