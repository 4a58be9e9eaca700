// Fedify's KvStore on Meadow's own database (SQLite or PostgreSQL), so
// federation needs no other service. Keys are stored JSON-encoded; expiry
// is checked on read and expired rows are swept now and then.

import type { Kysely } from 'kysely';
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from '@fedify/fedify';
import { isDeepStrictEqual } from 'node:util';
import type { Dialect } from '../data/database.ts';

const TABLE = 'core_fed_kv';

export class DatabaseKvStore implements KvStore {
  private readonly db: () => Kysely<any>;
  private readonly dialect: Dialect;
  private lastSweep = 0;

  constructor(db: () => Kysely<any>, dialect: Dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = await this.db().selectFrom(TABLE).select(['value', 'expires_at']).where('key', '=', encodeKey(key)).executeTakeFirst();
    if (!row || isExpired(row.expires_at)) return undefined;
    return JSON.parse(row.value) as T;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    await upsert(this.db(), encodeKey(key), value, expiresAt(options));
    await this.sweep();
  }

  async delete(key: KvKey): Promise<void> {
    await this.db().deleteFrom(TABLE).where('key', '=', encodeKey(key)).execute();
  }

  /** Compare-and-swap in one transaction (the row is locked on PostgreSQL). */
  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const k = encodeKey(key);
    return this.db()
      .transaction()
      .execute(async (trx) => {
        let q = trx.selectFrom(TABLE).select(['value', 'expires_at']).where('key', '=', k);
        if (this.dialect === 'postgres') q = q.forUpdate();
        const row = await q.executeTakeFirst();
        const current = row && !isExpired(row.expires_at) ? JSON.parse(row.value) : undefined;
        if (!isDeepStrictEqual(current, expectedValue)) return false;
        await upsert(trx, k, newValue, expiresAt(options));
        return true;
      });
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    let q = this.db().selectFrom(TABLE).select(['key', 'value', 'expires_at']).orderBy('key');
    if (prefix) {
      const exact = encodeKey(prefix);
      const under = exact.slice(0, -1) + ',';
      // substr comparison is exact on both engines (LIKE is case-insensitive on SQLite).
      q = q.where((eb) => eb.or([eb('key', '=', exact), eb(eb.fn('substr', ['key', eb.val(1), eb.val(under.length)]), '=', under)]));
    }
    for (const row of await q.execute()) {
      if (isExpired(row.expires_at)) continue;
      yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) };
    }
  }

  /** Deletes expired rows at most once a minute. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    await this.db().deleteFrom(TABLE).where('expires_at', '<', now).execute();
  }
}

const encodeKey = (key: KvKey) => JSON.stringify(key);
const isExpired = (at: unknown) => at != null && Number(at) <= Date.now();

function expiresAt(options?: KvStoreSetOptions): number | null {
  return options?.ttl ? Date.now() + options.ttl.total('millisecond') : null;
}

async function upsert(db: Kysely<any>, key: string, value: unknown, expires: number | null) {
  const row = { key, value: JSON.stringify(value ?? null), expires_at: expires };
  await db
    .insertInto(TABLE)
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, expires_at: row.expires_at }))
    .execute();
}
