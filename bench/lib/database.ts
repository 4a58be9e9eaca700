// A throw-away database for one benchmark run: a temporary SQLite file by
// default, or — when DATABASE_URL names a PostgreSQL server — a fresh
// database created on it and dropped afterwards. Also a raw client on that
// same database for the hand-written baseline routes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import pg from 'pg';

export type Engine = 'sqlite' | 'postgres';

export interface BenchDatabase {
  engine: Engine;
  /** The URL to give createMeadow as databaseUrl. */
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(env: NodeJS.ProcessEnv = process.env): Promise<BenchDatabase> {
  const given = env.DATABASE_URL;
  if (given && /^postgres(ql)?:\/\//.test(given)) {
    const name = `meadow_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await adminQuery(given, `create database ${name}`);
    const url = new URL(given);
    url.pathname = `/${name}`;
    return { engine: 'postgres', url: url.toString(), drop: () => adminQuery(given, `drop database if exists ${name} with (force)`) };
  }
  if (given && !given.startsWith('sqlite:')) throw new Error(`DATABASE_URL must start with postgres:// or sqlite:, not "${given.slice(0, 20)}…"`);
  const dir = mkdtempSync(join(tmpdir(), 'meadow-bench-'));
  return { engine: 'sqlite', url: `sqlite:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A prepared statement on the raw client: same call on both engines. */
export interface RawStatement<Row> {
  all(params: unknown[]): Promise<Row[]>;
}

export interface RawClient {
  engine: Engine;
  /** SQL with `?` placeholders (rewritten to $1, $2… for PostgreSQL). */
  prepare<Row = Record<string, unknown>>(sql: string): RawStatement<Row>;
  close(): Promise<void>;
}

/**
 * A driver-level client with no ORM or query builder in between: better-sqlite3
 * prepared statements, or a pg pool with named (server-side prepared) statements.
 */
export function openRawClient(db: BenchDatabase, options: { poolMax?: number } = {}): RawClient {
  if (db.engine === 'sqlite') {
    const file = db.url.replace(/^sqlite:/, '');
    const sqlite = new Sqlite(file, { readonly: true });
    sqlite.pragma('journal_mode = WAL');
    return {
      engine: 'sqlite',
      prepare<Row>(sql: string) {
        const statement = sqlite.prepare(sql);
        return { all: async (params: unknown[]) => statement.all(...params) as Row[] };
      },
      close: async () => void sqlite.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: db.url, max: options.poolMax ?? 10 });
  let counter = 0;
  return {
    engine: 'postgres',
    prepare<Row>(sql: string) {
      let i = 0;
      const text = sql.replace(/\?/g, () => `$${++i}`);
      const name = `bench_${++counter}`;
      return { all: async (params: unknown[]) => (await pool.query({ name, text, values: params })).rows as Row[] };
    },
    close: () => pool.end(),
  };
}
