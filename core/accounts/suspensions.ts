// Suspended accounts. A suspension (by a moderator, temporary or for good)
// hides the person's content from everyone else and refuses their
// mutations — except those marked @whileSuspended (appealing, signing
// out) — while they can still sign in, read why and appeal. A temporary
// suspension simply stops counting when its time is up.

import type { Kysely } from 'kysely';
import type { Migration } from '../data/migrations.ts';
import { timestampValue, toDate, type Dialect } from '../data/database.ts';
import { badInput } from '../errors/errors.ts';

export const suspensionMigration: Migration = {
  id: '0006_suspensions',
  async up({ db, types }) {
    await db.schema
      .createTable('core_suspensions')
      .addColumn('account_id', 'bigint', (c) => c.primaryKey())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('suspended_at', types.timestamp, (c) => c.notNull())
      // Null: until lifted.
      .addColumn('until', types.timestamp)
      .execute();
  },
};

export interface Suspension {
  reason: string;
  since: Date;
  /** Null for a suspension until lifted. */
  until: Date | null;
}

export class Suspensions {
  private readonly db: () => Kysely<any>;
  private readonly dialect: Dialect;
  constructor(db: () => Kysely<any>, dialect: Dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  /** Suspends (or changes the suspension of) an account; `until` must be in the future. */
  async suspend(accountId: number, options: { reason: string; until: Date | null }): Promise<Suspension> {
    const reason = options.reason.trim();
    if (!reason) throw badInput('A suspension needs a reason');
    if (options.until && options.until.getTime() <= Date.now()) throw badInput('A suspension must end in the future', { field: 'until' });
    const now = new Date();
    const values = { reason, suspended_at: timestampValue(this.dialect, now), until: options.until ? timestampValue(this.dialect, options.until) : null };
    await this.db()
      .insertInto('core_suspensions')
      .values({ account_id: accountId, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
      .execute();
    return { reason, since: now, until: options.until };
  }

  /** True when there was a suspension in force to lift. */
  async lift(accountId: number): Promise<boolean> {
    const current = await this.of(accountId);
    await this.db().deleteFrom('core_suspensions').where('account_id', '=', accountId).execute();
    return current !== null;
  }

  /** The suspension in force now, or null (an expired one is not in force). */
  async of(accountId: number): Promise<Suspension | null> {
    const row = await this.db().selectFrom('core_suspensions').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row ? inForce(row) : null;
  }

  /** Which of these accounts are suspended now (one query). */
  async among(ids: readonly number[]): Promise<Set<number>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Set();
    const rows = await this.db().selectFrom('core_suspensions').selectAll().where('account_id', 'in', unique).execute();
    return new Set(rows.filter((r) => inForce(r)).map((r) => Number(r.account_id)));
  }
}

function inForce(row: any): Suspension | null {
  const until = toDate(row.until);
  if (until && until.getTime() <= Date.now()) return null;
  return { reason: row.reason, since: toDate(row.suspended_at)!, until };
}
