// Per-plugin migrations. Each plugin owns its tables and lists its
// migrations in order; core records which ran in `meadow_migration`.
// Migrations use Kysely's schema builder so one migration serves SQLite and
// PostgreSQL; `dialect` is there for the rare statement that differs.

import { sql, type Kysely } from 'kysely';
import type { Dialect } from './database.ts';

export interface MigrationContext {
  db: Kysely<any>;
  dialect: Dialect;
  sql: typeof sql;
  /** Column helpers that mean the same on both engines. */
  types: ColumnTypes;
}

export interface Migration {
  /** Unique within the plugin and sortable, e.g. "0001_accounts". */
  id: string;
  up: (ctx: MigrationContext) => Promise<void>;
}

export interface ColumnTypes {
  /** Auto-incrementing integer primary key. */
  id: (table: any, name?: string) => any;
  /** Timestamp column type (SQLite stores epoch milliseconds). */
  timestamp: 'bigint' | 'timestamptz';
  json: 'text' | 'jsonb';
  boolean: 'integer' | 'boolean';
}

export function columnTypes(dialect: Dialect): ColumnTypes {
  return {
    id: (table, name = 'id') =>
      dialect === 'postgres'
        ? table.addColumn(name, 'bigint', (c: any) => c.primaryKey().generatedByDefaultAsIdentity())
        : table.addColumn(name, 'integer', (c: any) => c.primaryKey().autoIncrement()),
    timestamp: dialect === 'postgres' ? 'timestamptz' : 'bigint',
    json: dialect === 'postgres' ? 'jsonb' : 'text',
    boolean: dialect === 'postgres' ? 'boolean' : 'integer',
  };
}

export interface PluginMigrations {
  plugin: string;
  migrations: Migration[];
}

export interface MigrationProgress {
  (event: { plugin: string; id: string; index: number; total: number }): void;
}

/** Runs what has not run yet, plugin by plugin in dependency order, each in its own transaction. */
export async function runMigrations(
  db: Kysely<any>,
  dialect: Dialect,
  plugins: PluginMigrations[],
  onProgress?: MigrationProgress,
): Promise<{ applied: string[] }> {
  await db.schema
    .createTable('meadow_migration')
    .ifNotExists()
    .addColumn('plugin', 'varchar(100)', (c) => c.notNull())
    .addColumn('id', 'varchar(200)', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('meadow_migration_pk', ['plugin', 'id'])
    .execute();
  const done = new Set(
    (await db.selectFrom('meadow_migration').select(['plugin', 'id']).execute()).map((r) => `${r.plugin}/${r.id}`),
  );
  const todo = plugins.flatMap((p) => p.migrations.filter((m) => !done.has(`${p.plugin}/${m.id}`)).map((m) => ({ plugin: p.plugin, m })));
  const applied: string[] = [];
  const types = columnTypes(dialect);
  for (const [index, { plugin, m }] of todo.entries()) {
    onProgress?.({ plugin, id: m.id, index, total: todo.length });
    await db.transaction().execute(async (trx) => {
      await m.up({ db: trx, dialect, sql, types });
      await trx.insertInto('meadow_migration').values({ plugin, id: m.id, applied_at: Date.now() }).execute();
    });
    applied.push(`${plugin}/${m.id}`);
  }
  return { applied };
}

export function checkMigrationIds(plugin: string, migrations: Migration[]): string | null {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (!m.id || typeof m.up !== 'function') return `a migration without an id or an up function`;
    if (seen.has(m.id)) return `migration id "${m.id}" is listed twice`;
    seen.add(m.id);
  }
  return null;
}
