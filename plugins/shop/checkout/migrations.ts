// Checkout's tables: the buyer's addresses and carts, the shops' shipping
// options and coupons, orders with their lines and coupons, and stock
// reservations (which order holds which units until when; the counts live
// on the catalogue's variants). Accounts, shops, products, variants, notes
// and payments are referred to by id (links, no foreign keys into other
// modules' tables).

import { sql } from 'kysely';
import type { Migration } from '../../../core/index.ts';

export const checkoutMigrations: Migration[] = [
  {
    id: 'checkout_0001_carts_orders',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('shop_addresses'))
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('recipient', 'varchar(100)', (c: any) => c.notNull())
        .addColumn('phone', 'varchar(40)', (c: any) => c.notNull())
        .addColumn('country', 'varchar(2)', (c: any) => c.notNull())
        .addColumn('region', 'varchar(100)', (c: any) => c.notNull().defaultTo(''))
        .addColumn('city', 'varchar(100)', (c: any) => c.notNull())
        .addColumn('line1', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('line2', 'varchar(200)', (c: any) => c.notNull().defaultTo(''))
        .addColumn('postal_code', 'varchar(20)', (c: any) => c.notNull().defaultTo(''))
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('shop_addresses_account_idx').on('shop_addresses').columns(['account_id', 'id']).execute();

      await types
        .id(db.schema.createTable('shop_carts'))
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('shop_id', 'bigint', (c: any) => c.notNull())
        // the currency of its lines; null while empty
        .addColumn('currency', 'varchar(3)')
        // 'open' | 'completed' (checked out: kept with its lines, so a retried checkout sees the same cart)
        .addColumn('status', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('order_id', 'bigint')
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      // One open cart per buyer and shop.
      await sql`create unique index shop_carts_open_idx on shop_carts (account_id, shop_id) where status = 'open'`.execute(db);
      await db.schema.createIndex('shop_carts_account_idx').on('shop_carts').columns(['account_id', 'status']).execute();

      await types
        .id(db.schema.createTable('shop_cart_lines'))
        .addColumn('cart_id', 'bigint', (c: any) => c.notNull().references('shop_carts.id'))
        .addColumn('product_id', 'bigint', (c: any) => c.notNull())
        .addColumn('variant_id', 'bigint', (c: any) => c.notNull())
        .addColumn('quantity', 'integer', (c: any) => c.notNull())
        // the note the buyer came from
        .addColumn('note_id', 'bigint')
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .addUniqueConstraint('shop_cart_lines_variant_uq', ['cart_id', 'variant_id'])
        .addCheckConstraint('shop_cart_lines_quantity_check', sql`quantity > 0`)
        .execute();

      await types
        .id(db.schema.createTable('shop_shipping_options'))
        .addColumn('shop_id', 'bigint', (c: any) => c.notNull())
        .addColumn('name', 'varchar(100)', (c: any) => c.notNull())
        .addColumn('price', 'bigint', (c: any) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c: any) => c.notNull())
        // free when the goods (after discounts) come to at least this much
        .addColumn('free_over', 'bigint')
        .addColumn('archived_at', types.timestamp)
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addCheckConstraint('shop_shipping_options_price_check', sql`price >= 0`)
        .execute();
      await db.schema.createIndex('shop_shipping_options_shop_idx').on('shop_shipping_options').columns(['shop_id', 'id']).execute();

      await types
        .id(db.schema.createTable('shop_coupons'))
        .addColumn('shop_id', 'bigint', (c: any) => c.notNull())
        // upper case; unique in the shop
        .addColumn('code', 'varchar(40)', (c: any) => c.notNull())
        // 'fixed' (value in minor units of `currency`) | 'percentage' (value 1..100)
        .addColumn('kind', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('value', 'bigint', (c: any) => c.notNull())
        .addColumn('currency', 'varchar(3)')
        .addColumn('min_spend', 'bigint', (c: any) => c.notNull().defaultTo(0))
        .addColumn('starts_at', types.timestamp)
        .addColumn('ends_at', types.timestamp)
        .addColumn('usage_limit', 'integer')
        .addColumn('per_person_limit', 'integer')
        .addColumn('stackable', types.boolean, (c: any) => c.notNull())
        // uses by orders not cancelled (released when an unpaid order is cancelled)
        .addColumn('used_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('disabled_at', types.timestamp)
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addUniqueConstraint('shop_coupons_code_uq', ['shop_id', 'code'])
        .addCheckConstraint('shop_coupons_used_check', sql`used_count >= 0`)
        .execute();

      // Per-person uses, one row per coupon and buyer, counted with a conditional upsert.
      await db.schema
        .createTable('shop_coupon_redemptions')
        .addColumn('coupon_id', 'bigint', (c: any) => c.notNull())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('uses', 'integer', (c: any) => c.notNull())
        .addPrimaryKeyConstraint('shop_coupon_redemptions_pk', ['coupon_id', 'account_id'])
        .addCheckConstraint('shop_coupon_redemptions_uses_check', sql`uses >= 0`)
        .execute();

      await types
        .id(db.schema.createTable('shop_orders'))
        .addColumn('shop_id', 'bigint', (c: any) => c.notNull())
        .addColumn('buyer_id', 'bigint', (c: any) => c.notNull())
        .addColumn('cart_id', 'bigint')
        .addColumn('status', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c: any) => c.notNull())
        .addColumn('subtotal', 'bigint', (c: any) => c.notNull())
        .addColumn('discount', 'bigint', (c: any) => c.notNull())
        .addColumn('shipping', 'bigint', (c: any) => c.notNull())
        .addColumn('total', 'bigint', (c: any) => c.notNull())
        .addColumn('refunded_amount', 'bigint', (c: any) => c.notNull().defaultTo(0))
        .addColumn('address', types.json, (c: any) => c.notNull())
        .addColumn('shipping_option', 'varchar(100)')
        .addColumn('payment_id', 'bigint')
        .addColumn('expires_at', types.timestamp)
        .addColumn('tracking_number', 'varchar(100)')
        .addColumn('carrier', 'varchar(100)')
        .addColumn('cancel_reason', 'varchar(40)')
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('paid_at', types.timestamp)
        .addColumn('shipped_at', types.timestamp)
        .addColumn('delivered_at', types.timestamp)
        .addColumn('completed_at', types.timestamp)
        .addColumn('cancelled_at', types.timestamp)
        .addColumn('refunded_at', types.timestamp)
        .addCheckConstraint('shop_orders_amounts_check', sql`total >= 0 and discount >= 0 and refunded_amount >= 0 and refunded_amount <= total`)
        .execute();
      await db.schema.createIndex('shop_orders_shop_idx').on('shop_orders').columns(['shop_id', 'status', 'id']).execute();
      await db.schema.createIndex('shop_orders_buyer_idx').on('shop_orders').columns(['buyer_id', 'id']).execute();
      await db.schema.createIndex('shop_orders_expiry_idx').on('shop_orders').columns(['status', 'expires_at']).execute();

      await types
        .id(db.schema.createTable('shop_order_lines'))
        .addColumn('order_id', 'bigint', (c: any) => c.notNull().references('shop_orders.id'))
        .addColumn('product_id', 'bigint', (c: any) => c.notNull())
        .addColumn('variant_id', 'bigint', (c: any) => c.notNull())
        .addColumn('title', 'varchar(400)', (c: any) => c.notNull())
        .addColumn('variant_title', 'varchar(400)', (c: any) => c.notNull())
        .addColumn('sku', 'varchar(64)')
        .addColumn('unit_price', 'bigint', (c: any) => c.notNull())
        .addColumn('quantity', 'integer', (c: any) => c.notNull())
        .addColumn('line_total', 'bigint', (c: any) => c.notNull())
        .addColumn('discount', 'bigint', (c: any) => c.notNull())
        // attribution: the note that sold it and its author, a copy made at checkout
        .addColumn('note_id', 'bigint')
        .addColumn('creator_id', 'bigint')
        .addColumn('attribution_via', 'varchar(20)')
        .addCheckConstraint('shop_order_lines_check', sql`quantity > 0 and discount >= 0 and discount <= line_total`)
        .execute();
      await db.schema.createIndex('shop_order_lines_order_idx').on('shop_order_lines').columns(['order_id', 'id']).execute();
      await db.schema.createIndex('shop_order_lines_note_idx').on('shop_order_lines').columns(['note_id']).execute();
      await db.schema.createIndex('shop_order_lines_creator_idx').on('shop_order_lines').columns(['creator_id']).execute();

      await db.schema
        .createTable('shop_order_coupons')
        .addColumn('order_id', 'bigint', (c: any) => c.notNull().references('shop_orders.id'))
        .addColumn('coupon_id', 'bigint', (c: any) => c.notNull())
        .addColumn('code', 'varchar(40)', (c: any) => c.notNull())
        .addColumn('amount', 'bigint', (c: any) => c.notNull())
        .addPrimaryKeyConstraint('shop_order_coupons_pk', ['order_id', 'coupon_id'])
        .execute();

      await types
        .id(db.schema.createTable('shop_reservations'))
        .addColumn('order_id', 'bigint', (c: any) => c.notNull().references('shop_orders.id'))
        .addColumn('variant_id', 'bigint', (c: any) => c.notNull())
        .addColumn('quantity', 'integer', (c: any) => c.notNull())
        // 'held' | 'released' | 'committed'
        .addColumn('status', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('expires_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('shop_reservations_order_idx').on('shop_reservations').columns(['order_id']).execute();
      await db.schema.createIndex('shop_reservations_held_idx').on('shop_reservations').columns(['status', 'expires_at']).execute();
    },
  },
];
