// The idempotency keys table (listed in the payments module's migrations).

import type { Migration } from '../../../core/index.ts';

export const idempotencyMigration: Migration = {
  id: 'pay_0002_idempotency_keys',
  async up({ db, types }) {
    await types
      .id(db.schema.createTable('shop_idempotency_keys'))
      // 0 for requests without an account (a guest checkout keys by its own scope).
      .addColumn('account_id', 'bigint', (c: any) => c.notNull())
      .addColumn('scope', 'varchar(100)', (c: any) => c.notNull())
      .addColumn('key', 'varchar(255)', (c: any) => c.notNull())
      // SHA-256 of the canonical JSON of the request: same key with other content is refused.
      .addColumn('request_hash', 'varchar(64)', (c: any) => c.notNull())
      // 'in_progress' | 'done'
      .addColumn('status', 'varchar(20)', (c: any) => c.notNull())
      .addColumn('response', 'text')
      // When the running request claimed the key; a claim older than the lock time is taken over.
      .addColumn('locked_at', types.timestamp, (c: any) => c.notNull())
      .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
      .addColumn('expires_at', types.timestamp, (c: any) => c.notNull())
      .addUniqueConstraint('shop_idempotency_keys_key_uq', ['account_id', 'scope', 'key'])
      .execute();
    await db.schema.createIndex('shop_idempotency_keys_expiry_idx').on('shop_idempotency_keys').column('expires_at').execute();
  },
};

export const idempotencyClaimMigration: Migration = {
  id: 'pay_0004_idempotency_claim',
  async up({ db }) {
    // A random token per claim: the run that claimed (or took over) a key is the only one that may store its answer.
    await db.schema.alterTable('shop_idempotency_keys').addColumn('claim', 'varchar(40)').execute();
  },
};
