// Inbound activities are processed once per instance, whatever inbox they
// came to and however many workers (or nodes) pick up copies at the same
// time. Fedify checks its own "processed" mark before running listeners and
// sets it afterwards, so two copies running at once both pass; a claim
// taken with one INSERT (the unique key decides, on SQLite and PostgreSQL
// alike) lets only the first through. A claim lasts ten minutes while the
// activity is handled, a day once handled; a failed handling releases it
// so the retry can run (at-least-once).

import type { Kysely } from 'kysely';

const TABLE = 'core_fed_kv';
const WORKING_MS = 10 * 60_000;
const DONE_MS = 24 * 3600_000;

export class InboxClaims {
  private readonly db: () => Kysely<any>;

  constructor(db: () => Kysely<any>) {
    this.db = db;
  }

  private key(activityId: string): string {
    return `meadow:inbox-claim:${activityId}`.slice(0, 1024);
  }

  /** True when this caller is the one to process the activity. */
  async claim(activityId: string): Promise<boolean> {
    const key = this.key(activityId);
    const now = Date.now();
    await this.db().deleteFrom(TABLE).where('key', '=', key).where('expires_at', '<', now).execute();
    const result = await this.db()
      .insertInto(TABLE)
      .values({ key, value: JSON.stringify('working'), expires_at: now + WORKING_MS })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async done(activityId: string): Promise<void> {
    await this.db().updateTable(TABLE).set({ value: JSON.stringify('done'), expires_at: Date.now() + DONE_MS }).where('key', '=', this.key(activityId)).execute();
  }

  async release(activityId: string): Promise<void> {
    await this.db().deleteFrom(TABLE).where('key', '=', this.key(activityId)).execute();
  }
}
