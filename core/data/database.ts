// The data layer: MikroORM over SQLite (embedded default, WAL) or
// PostgreSQL, chosen by DATABASE_URL. Writes go through `transaction`, which
// holds after-commit events until the commit succeeds.

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EntitySchema, EntityManager, MikroORM } from '@mikro-orm/core';
import type { Kysely, KyselyPlugin } from 'kysely';
import type { TransactionScope } from '../hooks/bus.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Tx {
  em: EntityManager;
  db: Kysely<any>;
  scope: TransactionScope;
}

export interface DatabaseOptions {
  url: string;
  entities: EntitySchema<any, any>[];
  /** Enqueues a durable event delivery with the given Kysely (inside the tx). */
  enqueueDurable: (db: Kysely<any>, key: string, event: string, payload: unknown) => Promise<void>;
  poolMax?: number;
  debug?: boolean;
}

export class Database {
  readonly dialect: Dialect;
  readonly orm: MikroORM;
  private readonly options: DatabaseOptions;
  /** Counts statements, for tests that look for N+1 queries. */
  queryCount = 0;

  private constructor(dialect: Dialect, orm: MikroORM, options: DatabaseOptions) {
    this.dialect = dialect;
    this.orm = orm;
    this.options = options;
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const { url, entities } = options;
    const counter = { db: null as Database | null };
    const logger = (message: string) => {
      if (counter.db && message.includes('[query]')) counter.db.queryCount++;
    };
    const common = {
      // MikroORM finds the current transaction through AsyncLocalStorage by
      // context name; a unique name keeps two instances in one process (tests,
      // embedding) from running queries inside each other's transactions.
      contextName: `meadow-${randomUUID()}`,
      entities,
      discovery: { warnWhenNoEntities: false },
      allowGlobalContext: false,
      debug: ['query'] as any,
      logger,
      ignoreUndefinedInQuery: true,
    };
    let orm: MikroORM;
    let dialect: Dialect;
    if (url.startsWith('postgres')) {
      const { MikroORM: PgORM } = await import('@mikro-orm/postgresql');
      dialect = 'postgres';
      orm = (await PgORM.init({ ...common, clientUrl: url, pool: { min: 0, max: options.poolMax ?? 10 } })) as unknown as MikroORM;
    } else {
      const { MikroORM: SqliteORM } = await import('@mikro-orm/sqlite');
      const file = url.replace(/^sqlite:/, '') || ':memory:';
      if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
      dialect = 'sqlite';
      orm = (await SqliteORM.init({ ...common, dbName: file })) as unknown as MikroORM;
    }
    const db = new Database(dialect, orm, options);
    counter.db = db;
    if (dialect === 'sqlite') {
      // WAL lets readers run while one writer writes; busy_timeout queues
      // writers instead of failing them under load.
      const em = db.em();
      await em.getConnection().execute('pragma journal_mode = WAL');
      await em.getConnection().execute('pragma busy_timeout = 5000');
      await em.getConnection().execute('pragma foreign_keys = ON');
      await em.getConnection().execute('pragma synchronous = NORMAL');
    }
    return db;
  }

  /** A fresh unit of work for one request or job. */
  em(): EntityManager {
    return this.orm.em.fork();
  }

  /** Query builder for hand-written SQL behind a service (hot paths, migrations). */
  kysely(em: EntityManager = this.em()): Kysely<any> {
    // MikroORM's logger does not see statements run through Kysely: count them here.
    return ((em as any).getKysely() as Kysely<any>).withPlugin(this.counting);
  }

  private readonly counting: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      this.queryCount++;
      return args.result;
    },
  };

  /**
   * Runs `fn` in one transaction. Events emitted with `tx.scope` reach their
   * after-commit handlers only if the commit succeeds; durable deliveries are
   * written in the same transaction (an outbox), so none is lost or phantom.
   */
  async transaction<T>(fn: (tx: Tx) => Promise<T>, em: EntityManager = this.em()): Promise<T> {
    const afterCommit: (() => void | Promise<void>)[] = [];
    const result = await em.transactional(async (txEm) => {
      const db = this.kysely(txEm);
      const scope: TransactionScope = {
        afterCommit: (cb) => void afterCommit.push(cb),
        enqueueDurable: (key, event, payload) => this.options.enqueueDurable(db, key, event, payload),
      };
      return fn({ em: txEm, db, scope });
    });
    for (const cb of afterCommit) await cb();
    return result;
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}

/** SQLite keeps timestamps as epoch milliseconds, PostgreSQL as timestamptz; read both as Date. */
export function toDate(value: unknown): Date | null {
  if (value == null) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  if (typeof value === 'string' && /^\d+$/.test(value)) return new Date(Number(value));
  return new Date(String(value));
}

/** A timestamp value to write with Kysely on either engine. */
export function timestampValue(dialect: Dialect, date: Date): Date | number {
  return dialect === 'sqlite' ? date.getTime() : date;
}
