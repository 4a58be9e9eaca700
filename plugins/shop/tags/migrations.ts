// The note ↔ product links the shop keeps (notes know nothing of them):
// tags the author placed on a note's images, and the products the note's
// blocks refer to ("product:<id>" refs, kept current from the notes events).

import type { Migration } from '../../../core/index.ts';

export const tagsMigrations: Migration[] = [
  {
    id: 'tags_0001_note_products',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('shop_note_tags'))
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        // The image's media id: the tag follows its image when the author reorders images.
        .addColumn('media_id', 'bigint', (c: any) => c.notNull())
        .addColumn('product_id', 'bigint', (c: any) => c.notNull())
        // Fractions of the image's width and height from its top left corner (0..1).
        .addColumn('x', 'double precision', (c: any) => c.notNull())
        .addColumn('y', 'double precision', (c: any) => c.notNull())
        .addColumn('position', 'integer', (c: any) => c.notNull())
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('shop_note_tags_note_idx').on('shop_note_tags').columns(['note_id', 'position']).execute();
      await db.schema.createIndex('shop_note_tags_product_idx').on('shop_note_tags').columns(['product_id', 'note_id']).execute();

      await db.schema
        .createTable('shop_note_refs')
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        .addColumn('product_id', 'bigint', (c: any) => c.notNull())
        .addPrimaryKeyConstraint('shop_note_refs_pk', ['note_id', 'product_id'])
        .execute();
      await db.schema.createIndex('shop_note_refs_product_idx').on('shop_note_refs').columns(['product_id', 'note_id']).execute();
    },
  },
];
