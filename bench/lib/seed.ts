// Fast bulk seeding for benchmarks: multi-row INSERTs through the kernel's
// Kysely, a batch per statement, many batches per transaction. Rows are
// valid accounts-module rows, written without the services (no argon2, no
// hooks), which is what makes tens of thousands of rows take seconds.

import { timestampValue, type Tx } from '../../core/index.ts';
import type { Kernel } from '../../core/kernel.ts';

/** Nobody signs in as a seeded account: a fixed, well-formed argon2id hash. */
export const DUMMY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0YmVuY2g$3n6Z5bq0B9Y8tM7Qy1sUq0yVh1Gx0cPj2w3kP0bqkQw';

const ROWS_PER_STATEMENT = 500;
const STATEMENTS_PER_TRANSACTION = 20;

/** Inserts rows in multi-row statements; returns the `returning` column of each row when asked. */
export async function insertRows(kernel: Kernel, table: string, rows: Record<string, unknown>[], returning?: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const perTx = ROWS_PER_STATEMENT * STATEMENTS_PER_TRANSACTION;
  for (let start = 0; start < rows.length; start += perTx) {
    await kernel.db.transaction(async (tx: Tx) => {
      const end = Math.min(start + perTx, rows.length);
      for (let i = start; i < end; i += ROWS_PER_STATEMENT) {
        const insert = tx.db.insertInto(table).values(rows.slice(i, Math.min(i + ROWS_PER_STATEMENT, end)));
        if (returning) out.push(...(await insert.returning(returning).execute()).map((r) => r[returning]));
        else await insert.execute();
      }
    });
  }
  return out;
}

export interface SeedAccountsOptions {
  /** Handles are `${prefix}${n}` — keep it short: handles are at most 30 characters. */
  prefix?: string;
  /** Milliseconds since epoch of the first account's created_at. */
  since?: number;
}

/** Creates `count` person accounts; returns their ids in creation order. */
export async function seedAccounts(kernel: Kernel, count: number, options: SeedAccountsOptions = {}): Promise<number[]> {
  const prefix = options.prefix ?? 'bench_';
  const since = options.since ?? Date.UTC(2024, 0, 1);
  const dialect = kernel.db.dialect;
  const rows = Array.from({ length: count }, (_, i) => ({
    handle: `${prefix}${i}`,
    email: null,
    password_hash: DUMMY_PASSWORD_HASH,
    role: 'person',
    display_name: `Bench Person ${i} 测试`,
    bio: `Seeded account ${i} for benchmarks.`,
    locale: i % 2 ? 'en' : 'zh-CN',
    links: '[]',
    followers_count: 0,
    following_count: 0,
    created_at: timestampValue(dialect, new Date(since + i * 1000)),
  }));
  return (await insertRows(kernel, 'core_accounts', rows, 'id')).map(Number);
}

/**
 * Makes each of `followerIds` follow `followeeId`, one second apart (so
 * "newest first" has one right answer), and sets both sides' counters to match.
 */
export async function seedFollowers(kernel: Kernel, followeeId: number, followerIds: number[], options: { since?: number } = {}): Promise<void> {
  const since = options.since ?? Date.UTC(2024, 6, 1);
  const dialect = kernel.db.dialect;
  const rows = followerIds.map((id, i) => ({
    follower_id: id,
    followee_id: followeeId,
    created_at: timestampValue(dialect, new Date(since + i * 1000)),
  }));
  await insertRows(kernel, 'core_follows', rows);
  await recountFollows(kernel);
}

/** Sets every account's followers_count and following_count from core_follows. */
export async function recountFollows(kernel: Kernel): Promise<void> {
  await kernel.db.transaction(async (tx: Tx) => {
    await tx.db.updateTable('core_accounts')
      .set((eb: any) => ({
        followers_count: eb.selectFrom('core_follows').select(eb.fn.countAll().as('n')).whereRef('core_follows.followee_id', '=', 'core_accounts.id'),
        following_count: eb.selectFrom('core_follows').select(eb.fn.countAll().as('n')).whereRef('core_follows.follower_id', '=', 'core_accounts.id'),
      }))
      .execute();
  });
}
