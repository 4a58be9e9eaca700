// The federation part's table: which reports were forwarded to the
// reported person's instance (as a Flag), when and by whom. One row per
// report at most, so a report is never sent twice.

import type { Migration } from '../../../core/index.ts';

export const forwardMigrations: Migration[] = [
  {
    id: 'fed_0001_forwards',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('trust_forwards'))
        .addColumn('report_id', 'bigint', (c: any) => c.notNull().unique())
        // The instance the Flag went to (host, with ":port" when not the default).
        .addColumn('domain', 'varchar(255)', (c: any) => c.notNull())
        .addColumn('moderator_id', 'bigint', (c: any) => c.notNull())
        // What the other instance was told (the Flag's content).
        .addColumn('comment', 'text', (c: any) => c.notNull())
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('trust_forwards_created_idx').on('trust_forwards').columns(['created_at']).execute();
    },
  },
];
