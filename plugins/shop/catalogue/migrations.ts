// The catalogue's tables: shops, products, variants (one row per SKU, with
// its price and stock counts), categories and product ↔ category links.
// Owners are account ids and images media ids (links, no foreign keys into
// the core's tables).

import { sql } from 'kysely';
import type { Migration } from '../../../core/index.ts';

export const catalogueMigrations: Migration[] = [
  {
    id: 'catalogue_0001_shops_products',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('shop_shops'))
        .addColumn('handle', 'varchar(40)', (c: any) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
        // The brand account that runs it; null for the instance's own shop (run by admins).
        .addColumn('owner_id', 'bigint')
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      // One shop per account.
      await sql`create unique index shop_shops_owner_idx on shop_shops (owner_id) where owner_id is not null`.execute(db);

      await types
        .id(db.schema.createTable('shop_products'))
        .addColumn('shop_id', 'bigint', (c: any) => c.notNull().references('shop_shops.id'))
        .addColumn('title', 'varchar(400)', (c: any) => c.notNull())
        .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
        .addColumn('currency', 'varchar(3)', (c: any) => c.notNull())
        // [{ name, values: [...] }] in display order
        .addColumn('options', types.json, (c: any) => c.notNull())
        // media ids in display order
        .addColumn('image_ids', types.json, (c: any) => c.notNull())
        // 'draft' | 'published' | 'unpublished'
        .addColumn('status', 'varchar(20)', (c: any) => c.notNull().defaultTo('draft'))
        .addColumn('published_at', types.timestamp)
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('shop_products_shop_idx').on('shop_products').columns(['shop_id', 'status', 'id']).execute();

      await types
        .id(db.schema.createTable('shop_variants'))
        .addColumn('product_id', 'bigint', (c: any) => c.notNull().references('shop_products.id'))
        .addColumn('shop_id', 'bigint', (c: any) => c.notNull())
        .addColumn('sku', 'varchar(64)')
        // one value per product option, in option order; option_key is its canonical JSON (unique per product)
        .addColumn('option_values', types.json, (c: any) => c.notNull())
        .addColumn('option_key', 'varchar(1000)', (c: any) => c.notNull())
        .addColumn('price', 'bigint', (c: any) => c.notNull())
        .addColumn('compare_at_price', 'bigint')
        .addColumn('on_hand', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('reserved', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('position', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('removed_at', types.timestamp)
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        // The database itself refuses overselling and negative prices, whatever a query does.
        .addCheckConstraint('shop_variants_stock_check', sql`reserved >= 0 and on_hand >= reserved`)
        .addCheckConstraint('shop_variants_price_check', sql`price >= 0`)
        .execute();
      await db.schema.createIndex('shop_variants_product_idx').on('shop_variants').columns(['product_id', 'position']).execute();
      // Two live variants of a product cannot have the same options; SKU codes are unique in a shop.
      await sql`create unique index shop_variants_options_idx on shop_variants (product_id, option_key) where removed_at is null`.execute(db);
      await sql`create unique index shop_variants_sku_idx on shop_variants (shop_id, sku) where sku is not null and removed_at is null`.execute(db);

      await types
        .id(db.schema.createTable('shop_categories'))
        .addColumn('slug', 'varchar(60)', (c: any) => c.notNull().unique())
        .addColumn('name', 'varchar(100)', (c: any) => c.notNull())
        .addColumn('parent_id', 'bigint', (c: any) => c.references('shop_categories.id'))
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();

      await db.schema
        .createTable('shop_product_categories')
        .addColumn('product_id', 'bigint', (c: any) => c.notNull().references('shop_products.id'))
        .addColumn('category_id', 'bigint', (c: any) => c.notNull().references('shop_categories.id'))
        .addPrimaryKeyConstraint('shop_product_categories_pk', ['product_id', 'category_id'])
        .execute();
      await db.schema.createIndex('shop_product_categories_category_idx').on('shop_product_categories').columns(['category_id', 'product_id']).execute();
    },
  },
];
