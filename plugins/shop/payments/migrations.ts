// Payments' tables: payments, their refunds, the webhook events already
// handled (by provider and event id, written in the same transaction as
// their effect), idempotency keys, and the simulated gateway's own book.
// Append-only: add a new id, never edit a landed one.

import { sql } from 'kysely';
import type { Migration } from '../../../core/index.ts';
import { idempotencyClaimMigration, idempotencyMigration } from '../idempotency/index.ts';

export const paymentMigrations: Migration[] = [
  {
    id: 'pay_0001_payments',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('shop_payments'))
        .addColumn('subject', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        // Integer minor units.
        .addColumn('amount', 'bigint', (c: any) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c: any) => c.notNull())
        .addColumn('provider', 'varchar(50)', (c: any) => c.notNull())
        .addColumn('provider_ref', 'varchar(200)')
        // 'pending' | 'succeeded' | 'failed' | 'cancelled'
        .addColumn('status', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('refunded_amount', 'bigint', (c: any) => c.notNull().defaultTo(0))
        .addColumn('refund_pending_amount', 'bigint', (c: any) => c.notNull().defaultTo(0))
        .addColumn('return_url', 'varchar(2000)')
        // JSON of the provider's next step for the payer (redirect or instructions), kept so a repeated pay gets the same one.
        .addColumn('next_action', 'text')
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('succeeded_at', types.timestamp)
        .execute();
      await db.schema.createIndex('shop_payments_subject_idx').on('shop_payments').columns(['subject', 'id']).execute();
      await db.schema.createIndex('shop_payments_account_idx').on('shop_payments').columns(['account_id', 'id']).execute();
      await sql`create unique index shop_payments_provider_ref_uq on shop_payments (provider, provider_ref) where provider_ref is not null`.execute(db);

      await types
        .id(db.schema.createTable('shop_refunds'))
        .addColumn('payment_id', 'bigint', (c: any) => c.notNull().references('shop_payments.id'))
        .addColumn('amount', 'bigint', (c: any) => c.notNull())
        // 'pending' | 'succeeded' | 'failed'
        .addColumn('status', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('provider_ref', 'varchar(200)')
        .addColumn('reason', 'varchar(500)', (c: any) => c.notNull().defaultTo(''))
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('shop_refunds_payment_idx').on('shop_refunds').columns(['payment_id', 'id']).execute();
      await db.schema.createIndex('shop_refunds_provider_ref_idx').on('shop_refunds').columns(['provider_ref']).execute();

      await types
        .id(db.schema.createTable('shop_webhook_events'))
        .addColumn('provider', 'varchar(50)', (c: any) => c.notNull())
        .addColumn('event_id', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('type', 'varchar(50)', (c: any) => c.notNull())
        .addColumn('payment_id', 'bigint')
        // What it did: 'applied' | 'ignored' (it would have moved the payment backwards, or changed nothing).
        .addColumn('outcome', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('received_at', types.timestamp, (c: any) => c.notNull())
        .addUniqueConstraint('shop_webhook_events_uq', ['provider', 'event_id'])
        .execute();
    },
  },
  idempotencyMigration,
  {
    id: 'pay_0003_test_gateway',
    async up({ db, types }) {
      // The simulated gateway's own records (what an external gateway would keep on its side).
      await db.schema
        .createTable('shop_test_gateway_payments')
        .addColumn('ref', 'varchar(100)', (c: any) => c.primaryKey())
        .addColumn('amount', 'bigint', (c: any) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c: any) => c.notNull())
        // 'open' | 'paid' | 'failed'
        .addColumn('status', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('refunded', 'bigint', (c: any) => c.notNull().defaultTo(0))
        .addColumn('return_url', 'varchar(2000)')
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema
        .createTable('shop_test_gateway_events')
        .addColumn('id', 'varchar(100)', (c: any) => c.primaryKey())
        .addColumn('payment_ref', 'varchar(100)', (c: any) => c.notNull())
        .addColumn('type', 'varchar(50)', (c: any) => c.notNull())
        .addColumn('body', 'text', (c: any) => c.notNull())
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('shop_test_gateway_events_ref_idx').on('shop_test_gateway_events').columns(['payment_ref', 'created_at']).execute();
    },
  },
  idempotencyClaimMigration,
];
