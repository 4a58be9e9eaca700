// The media table: one row per uploaded image or video, its variants as JSON (their
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
  {
    // Videos: kept as uploaded, with a duration and a poster frame (an image
    // row of the same owner). Unknown width/height stay 0 in the NOT NULL
    // columns above (read back as null), so no engine has to rebuild the table.
    id: '0002_media_video',
    async up({ db }) {
      await db.schema.alterTable('media').addColumn('duration_ms', 'integer').execute();
      await db.schema.alterTable('media').addColumn('poster_media_id', 'bigint').execute();
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
    durationMs: p.integer().fieldName('duration_ms').nullable(),
    posterMediaId: p.bigint('number').fieldName('poster_media_id').nullable(),
    createdAt: p.bigint('number').fieldName('created_at'),
  },
});
