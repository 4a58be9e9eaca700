// The flash-sale module's tables: the sales (how many units are left at the
// special price, as ONE counter that a buy takes from with a conditional
// UPDATE), each buyer's units under the per-person limit (a row per sale and
// buyer, counted with a conditional upsert), and which orders a sale's units
// went to (so an unpaid order's units come back to the sale exactly once).
// Shops, products, variants, accounts and orders are referred to by id.

import { sql } from 'kysely';
import type { Migration } from '../../../core/index.ts';

export const flashMigrations: Migration[] = [
  {
    id: 'flash_0001_sales',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('shop_flash_sales'))
        .addColumn('shop_id', 'bigint', (c: any) => c.notNull())
        .addColumn('product_id', 'bigint', (c: any) => c.notNull())
        .addColumn('variant_id', 'bigint', (c: any) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c: any) => c.notNull())
        // the special price of one unit, minor units
        .addColumn('price', 'bigint', (c: any) => c.notNull())
        .addColumn('quantity', 'integer', (c: any) => c.notNull())
        // units still to sell; the sale holds remaining + units being ordered in the variant's `reserved`
        .addColumn('remaining', 'integer', (c: any) => c.notNull())
        .addColumn('per_person_limit', 'integer', (c: any) => c.notNull())
        .addColumn('starts_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('ends_at', types.timestamp, (c: any) => c.notNull())
        // set when it ended (its time was up, or the merchant ended it) and its unsold units went back to the shelf
        .addColumn('closed_at', types.timestamp)
        .addColumn('created_by', 'bigint', (c: any) => c.notNull())
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .addCheckConstraint('shop_flash_sales_check', sql`price > 0 and quantity > 0 and remaining >= 0 and remaining <= quantity and per_person_limit >= 1 and ends_at > starts_at`)
        .execute();
      await db.schema.createIndex('shop_flash_sales_product_idx').on('shop_flash_sales').columns(['product_id', 'ends_at']).execute();
      await db.schema.createIndex('shop_flash_sales_variant_idx').on('shop_flash_sales').columns(['variant_id', 'ends_at']).execute();
      await db.schema.createIndex('shop_flash_sales_shop_idx').on('shop_flash_sales').columns(['shop_id', 'id']).execute();
      await db.schema.createIndex('shop_flash_sales_open_idx').on('shop_flash_sales').columns(['closed_at', 'ends_at']).execute();

      // Units each buyer holds or bought in a sale (claimed, or in an order not cancelled): at most the sale's per-person limit.
      await db.schema
        .createTable('shop_flash_buyers')
        .addColumn('sale_id', 'bigint', (c: any) => c.notNull())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('units', 'integer', (c: any) => c.notNull())
        .addPrimaryKeyConstraint('shop_flash_buyers_pk', ['sale_id', 'account_id'])
        .addCheckConstraint('shop_flash_buyers_units_check', sql`units >= 0`)
        .execute();

      await db.schema
        .createTable('shop_flash_orders')
        .addColumn('order_id', 'bigint', (c: any) => c.primaryKey())
        .addColumn('sale_id', 'bigint', (c: any) => c.notNull())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('quantity', 'integer', (c: any) => c.notNull())
        // 'holding': the order has the units (pending or paid); 'returned': it was cancelled unpaid and gave them back
        .addColumn('state', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('shop_flash_orders_sale_idx').on('shop_flash_orders').columns(['sale_id', 'state']).execute();
    },
  },
];
