// The reviews module's tables: one rating per buyer and product, and a
// per-product aggregate of the ratings shown (kept in the transaction that
// changes a rating, so Product.rating is one row read however many there are).

import { sql } from 'kysely';
import type { Migration } from '../../../core/index.ts';

export const reviewsMigrations: Migration[] = [
  {
    id: 'reviews_0001_reviews_ratings',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('shop_reviews'))
        .addColumn('product_id', 'bigint', (c: any) => c.notNull())
        .addColumn('shop_id', 'bigint', (c: any) => c.notNull())
        // the buyer who rated it
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('stars', 'integer', (c: any) => c.notNull())
        .addColumn('text', 'text', (c: any) => c.notNull().defaultTo(''))
        // the buyer's own note about the product, if they linked one
        .addColumn('note_id', 'bigint')
        // set while the buyer no longer has the product in an order that stands (refunded): not shown, not counted
        .addColumn('hidden_at', types.timestamp)
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        // when the buyer last set it: the list is newest first by this
        .addColumn('updated_at', types.timestamp, (c: any) => c.notNull())
        .addUniqueConstraint('shop_reviews_buyer_uq', ['product_id', 'account_id'])
        .addCheckConstraint('shop_reviews_stars_check', sql`stars between 1 and 5`)
        .execute();
      await sql`create index shop_reviews_shown_idx on shop_reviews (product_id, updated_at, id) where hidden_at is null`.execute(db);
      await db.schema.createIndex('shop_reviews_account_idx').on('shop_reviews').columns(['account_id', 'product_id']).execute();

      await db.schema
        .createTable('shop_product_ratings')
        .addColumn('product_id', 'bigint', (c: any) => c.primaryKey())
        .addColumn('ratings', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('stars_sum', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('stars_1', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('stars_2', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('stars_3', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('stars_4', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('stars_5', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addCheckConstraint('shop_product_ratings_check', sql`ratings >= 0 and stars_1 >= 0 and stars_2 >= 0 and stars_3 >= 0 and stars_4 >= 0 and stars_5 >= 0
          and ratings = stars_1 + stars_2 + stars_3 + stars_4 + stars_5 and stars_sum = stars_1 + 2 * stars_2 + 3 * stars_3 + 4 * stars_4 + 5 * stars_5`)
        .execute();
    },
  },
];
