// The database's own limit for a flash sale: conditional decrements of ONE
// hot row (`UPDATE … SET remaining = remaining - 1 WHERE remaining >= 1`),
// each its own committed transaction, straight on the driver (no ORM, no
// HTTP), on a scratch table of the benchmark's database. PostgreSQL: a pg
// pool of `concurrency` connections, each running updates back to back (row
// lock and commit order them). SQLite: one writer connection (that is all
// SQLite has), WAL with synchronous=NORMAL as Meadow runs it. Checks the
// row ends at 0 and that one more update changes nothing (never negative).

import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { BenchDatabase } from './database.ts';

export interface HotRowFigures {
  updates: number;
  concurrency: number;
  seconds: number;
  updates_per_s: number;
}

const CREATE = 'create table bench_hot_row (id integer primary key, remaining integer not null check (remaining >= 0))';
const DECREMENT = 'update bench_hot_row set remaining = remaining - 1 where id = 1 and remaining >= 1';

export async function measureHotRow(db: BenchDatabase, updates: number, concurrency: number): Promise<HotRowFigures> {
  if (db.engine === 'sqlite') {
    const sqlite = new Sqlite(db.url.replace(/^sqlite:/, ''));
    try {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('busy_timeout = 5000');
      sqlite.exec(CREATE);
      sqlite.prepare('insert into bench_hot_row (id, remaining) values (1, ?)').run(updates);
      const decrement = sqlite.prepare(DECREMENT);
      const started = performance.now();
      let changed = 0;
      for (let i = 0; i < updates; i++) changed += decrement.run().changes;
      const seconds = (performance.now() - started) / 1000;
      check(changed, decrement.run().changes, (sqlite.prepare('select remaining from bench_hot_row where id = 1').get() as { remaining: number }).remaining, updates);
      sqlite.exec('drop table bench_hot_row');
      return { updates, concurrency: 1, seconds, updates_per_s: updates / seconds };
    } finally {
      sqlite.close();
    }
  }
  const pool = new pg.Pool({ connectionString: db.url, max: concurrency });
  try {
    await pool.query(CREATE);
    await pool.query('insert into bench_hot_row (id, remaining) values (1, $1)', [updates]);
    // Open every connection before the clock starts.
    await Promise.all(Array.from({ length: concurrency }, () => pool.query('select 1')));
    let issued = 0;
    let changed = 0;
    const worker = async () => {
      while (issued < updates) {
        issued++;
        const res = await pool.query({ name: 'hot_row_decrement', text: DECREMENT });
        changed += res.rowCount ?? 0;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const extra = (await pool.query(DECREMENT)).rowCount ?? 0;
    check(changed, extra, Number((await pool.query('select remaining from bench_hot_row where id = 1')).rows[0].remaining), updates);
    await pool.query('drop table bench_hot_row');
    return { updates, concurrency, seconds, updates_per_s: updates / seconds };
  } finally {
    await pool.end();
  }
}

function check(changed: number, extra: number, remaining: number, updates: number): void {
  if (changed !== updates || extra !== 0 || remaining !== 0) {
    throw new Error(`hot row: ${changed}/${updates} updates took a unit, one more took ${extra}, ${remaining} left (expected ${updates}, 0, 0)`);
  }
}
