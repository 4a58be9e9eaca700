// The media table: one row per uploaded image, its variants as JSON (their
// storage keys, sizes and types). Timestamps are epoch milliseconds on both
// engines, like the core's job table, so one mapping reads them everywhere.

import { defineEntity, p } from '@mikro-orm/core';
import type { Migration } from '../data/migrations.ts';

export const mediaMigrations: Migration[] = [
  {
    id: '0001_media',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('media'))
        .addColumn('owner_id', 'bigint', (c: any) => c.notNull())
        .addColumn('kind', 'varchar(16)', (c: any) => c.notNull())
        .addColumn('mime_type', 'varchar(64)', (c: any) => c.notNull())
        .addColumn('width', 'integer', (c: any) => c.notNull())
        .addColumn('height', 'integer', (c: any) => c.notNull())
        .addColumn('blurhash', 'varchar(100)', (c: any) => c.notNull())
        .addColumn('focus_x', 'double precision', (c: any) => c.notNull().defaultTo(0))
        .addColumn('focus_y', 'double precision', (c: any) => c.notNull().defaultTo(0))
        .addColumn('alt', 'text', (c: any) => c.notNull().defaultTo(''))
        .addColumn('bytes', 'integer', (c: any) => c.notNull())
        .addColumn('variants', types.json, (c: any) => c.notNull())
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('media_owner').on('media').columns(['owner_id', 'id']).execute();
    },
  },
];

/** ORM mapping of the table, for plugins' tooling; the service itself reads with Kysely (the loader is a hot path). */
export const MediaEntity = defineEntity({
  name: 'Media',
  tableName: 'media',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    ownerId: p.bigint('number').fieldName('owner_id'),
    kind: p.string().length(16),
    mimeType: p.string().length(64).fieldName('mime_type'),
    width: p.integer(),
    height: p.integer(),
    blurhash: p.string().length(100),
    focusX: p.double().fieldName('focus_x'),
    focusY: p.double().fieldName('focus_y'),
    alt: p.text(),
    bytes: p.integer(),
    variants: p.json<unknown[]>(),
    createdAt: p.bigint('number').fieldName('created_at'),
  },
});
