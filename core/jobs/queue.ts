// The durable job queue. The default keeps jobs in Meadow's own database
// (SQLite or PostgreSQL), so an instance needs no other service; the
// `JobQueue` interface is what a Redis- or PostgreSQL-specific queue for
// several nodes would implement.

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from '../data/database.ts';
import type { Migration } from '../data/migrations.ts';

export interface EnqueueOptions {
  /** Run no earlier than this. */
  runAt?: Date;
  maxAttempts?: number;
  /** Enqueue inside this transaction (so the job exists only if it commits). */
  db?: Kysely<any>;
}

export interface JobRecord {
  id: number;
  name: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  status: 'queued' | 'running' | 'done' | 'dead';
  lastError: string | null;
  runAt: Date;
  createdAt: Date;
}

export interface JobQueue {
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<number>;
  enqueueMany(name: string, payloads: readonly unknown[], options?: EnqueueOptions): Promise<void>;
  /** Claims up to `limit` due jobs for this worker. */
  claim(limit: number, lockMs: number): Promise<JobRecord[]>;
  complete(id: number): Promise<void>;
  /** Keeps a running job's lock, so a long job is not claimed again by another worker. */
  extendLock(id: number, lockMs: number): Promise<void>;
  /** Schedules a retry, or marks the job dead when out of attempts. */
  fail(job: JobRecord, error: string): Promise<'retry' | 'dead'>;
  list(filter: { status?: JobRecord['status']; limit: number }): Promise<JobRecord[]>;
  retry(id: number): Promise<boolean>;
  counts(): Promise<Record<JobRecord['status'], number>>;
}

export const jobMigrations: Migration[] = [
  {
    id: '0001_jobs',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('core_job'))
        .addColumn('name', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('payload', 'text', (c: any) => c.notNull())
        .addColumn('status', 'varchar(16)', (c: any) => c.notNull().defaultTo('queued'))
        .addColumn('attempts', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c: any) => c.notNull().defaultTo(8))
        .addColumn('run_at', 'bigint', (c: any) => c.notNull())
        .addColumn('locked_by', 'varchar(64)')
        .addColumn('locked_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema.createIndex('core_job_due').on('core_job').columns(['status', 'run_at']).execute();
    },
  },
];

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at one hour. */
export function backoffMs(attempts: number): number {
  const base = Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export class DatabaseJobQueue implements JobQueue {
  private readonly workerId = randomUUID();
  private readonly db: () => Kysely<any>;
  private readonly dialect: Dialect;

  constructor(db: () => Kysely<any>, dialect: Dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<number> {
    const now = Date.now();
    const row = await (options.db ?? this.db())
      .insertInto('core_job')
      .values({
        name,
        payload: JSON.stringify(payload ?? null),
        status: 'queued',
        attempts: 0,
        max_attempts: options.maxAttempts ?? 8,
        run_at: options.runAt ? options.runAt.getTime() : now,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Many jobs of one name in one statement per 500 (a fan-out of deliveries). */
  async enqueueMany(name: string, payloads: readonly unknown[], options: EnqueueOptions = {}): Promise<void> {
    const now = Date.now();
    const rows = payloads.map((payload) => ({
      name,
      payload: JSON.stringify(payload ?? null),
      status: 'queued',
      attempts: 0,
      max_attempts: options.maxAttempts ?? 8,
      run_at: options.runAt ? options.runAt.getTime() : now,
      created_at: now,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await (options.db ?? this.db()).insertInto('core_job').values(rows.slice(i, i + 500)).execute();
    }
  }

  async claim(limit: number, lockMs: number): Promise<JobRecord[]> {
    const now = Date.now();
    const db = this.db();
    // Due queued jobs, and running jobs whose worker died (lock expired).
    let due = db
      .selectFrom('core_job')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(limit);
    if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await db
      .updateTable('core_job')
      .set({ status: 'running', locked_by: this.workerId, locked_until: now + lockMs })
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.map(toRecord);
  }

  async complete(id: number): Promise<void> {
    await this.db().updateTable('core_job').set({ status: 'done', finished_at: Date.now(), locked_by: null, locked_until: null }).where('id', '=', id).execute();
  }

  async extendLock(id: number, lockMs: number): Promise<void> {
    await this.db()
      .updateTable('core_job')
      .set({ locked_until: Date.now() + lockMs })
      .where('id', '=', id)
      .where('locked_by', '=', this.workerId)
      .where('status', '=', 'running')
      .execute();
  }

  async fail(job: JobRecord, error: string): Promise<'retry' | 'dead'> {
    const attempts = job.attempts + 1;
    const dead = attempts >= job.maxAttempts;
    await this.db()
      .updateTable('core_job')
      .set({
        attempts,
        status: dead ? 'dead' : 'queued',
        last_error: error.slice(0, 4000),
        run_at: dead ? Date.now() : Date.now() + backoffMs(attempts),
        locked_by: null,
        locked_until: null,
        finished_at: dead ? Date.now() : null,
      })
      .where('id', '=', job.id)
      .execute();
    return dead ? 'dead' : 'retry';
  }

  async list(filter: { status?: JobRecord['status']; limit: number }): Promise<JobRecord[]> {
    let q = this.db().selectFrom('core_job').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.status) q = q.where('status', '=', filter.status);
    return (await q.execute()).map(toRecord);
  }

  async retry(id: number): Promise<boolean> {
    const res = await this.db()
      .updateTable('core_job')
      .set({ status: 'queued', attempts: 0, run_at: Date.now(), finished_at: null })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async counts(): Promise<Record<JobRecord['status'], number>> {
    const rows = await this.db().selectFrom('core_job').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const out = { queued: 0, running: 0, done: 0, dead: 0 };
    for (const r of rows) out[r.status as JobRecord['status']] = Number(r.n);
    return out;
  }
}

function toRecord(row: any): JobRecord {
  return {
    id: Number(row.id),
    name: row.name,
    payload: JSON.parse(row.payload),
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    status: row.status,
    lastError: row.last_error ?? null,
    runAt: new Date(Number(row.run_at)),
    createdAt: new Date(Number(row.created_at)),
  };
}
