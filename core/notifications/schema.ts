// The notifications table: one row per thing a person is told about. The
// unique key (recipient, kind, actor, subject) is what makes a repeated like
// one notification; a notification without a subject stores '' there, since
// both engines let NULLs repeat in a unique index. Timestamps are epoch
// milliseconds on both engines, like media's and the job table's.

import type { Migration } from '../data/migrations.ts';

export const NOTIFICATIONS_TABLE = 'core_notifications';

export const notificationMigrations: Migration[] = [
  {
    id: '0001_notifications',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable(NOTIFICATIONS_TABLE))
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('kind', 'varchar(64)', (c: any) => c.notNull())
        .addColumn('actor_id', 'bigint', (c: any) => c.notNull())
        .addColumn('subject_type', 'varchar(64)', (c: any) => c.notNull().defaultTo(''))
        .addColumn('subject_id', 'varchar(100)', (c: any) => c.notNull().defaultTo(''))
        .addColumn('data', types.json, (c: any) => c.notNull())
        .addColumn('is_read', types.boolean, (c: any) => c.notNull())
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema
        .createIndex('core_notifications_once')
        .on(NOTIFICATIONS_TABLE)
        .columns(['account_id', 'kind', 'actor_id', 'subject_type', 'subject_id'])
        .unique()
        .execute();
      // The list (newest first) and the unread count of one person.
      await db.schema.createIndex('core_notifications_account').on(NOTIFICATIONS_TABLE).columns(['account_id', 'id']).execute();
      await db.schema.createIndex('core_notifications_unread').on(NOTIFICATIONS_TABLE).columns(['account_id', 'is_read']).execute();
      // Clean-ups: a deleted subject, a deleted or blocked actor.
      await db.schema.createIndex('core_notifications_subject').on(NOTIFICATIONS_TABLE).columns(['subject_type', 'subject_id']).execute();
      await db.schema.createIndex('core_notifications_actor').on(NOTIFICATIONS_TABLE).columns(['actor_id']).execute();
    },
  },
];
