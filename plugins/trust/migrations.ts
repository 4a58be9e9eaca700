// The trust plugin's tables: reports (from local people or, via inbound
// Flags, from other instances) and the moderation log (every action a
// moderator takes, with its reason). Targets are links to other plugins'
// rows (a note, comment or account id), so there are no foreign keys.

import { sql } from 'kysely';
import type { Migration } from '../../core/index.ts';

export const trustMigrations: Migration[] = [
  {
    id: '0001_trust',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('trust_reports'))
        // A local reporter, or null for a report from another instance (then reporter_domain is set).
        .addColumn('reporter_id', 'bigint')
        .addColumn('reporter_domain', 'varchar(255)')
        // 'Note' | 'Comment' | 'Account'
        .addColumn('target_type', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('target_id', 'bigint', (c: any) => c.notNull())
        // Whose content it is (the author, or the account itself): for history and notices.
        .addColumn('target_account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('reason', 'varchar(30)', (c: any) => c.notNull())
        .addColumn('comment', 'text', (c: any) => c.notNull().defaultTo(''))
        // 'open' | 'resolved' | 'dismissed'
        .addColumn('status', 'varchar(20)', (c: any) => c.notNull().defaultTo('open'))
        .addColumn('assignee_id', 'bigint')
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('resolved_at', types.timestamp)
        .execute();
      await db.schema.createIndex('trust_reports_queue_idx').on('trust_reports').columns(['status', 'id']).execute();
      await db.schema.createIndex('trust_reports_target_idx').on('trust_reports').columns(['target_type', 'target_id', 'status']).execute();
      // One open report per person per target: a repeat returns the open one (and a race cannot make two).
      await sql`create unique index trust_reports_open_once_idx on trust_reports (reporter_id, target_type, target_id) where status = 'open' and reporter_id is not null`.execute(db);

      await types
        .id(db.schema.createTable('trust_actions'))
        .addColumn('report_id', 'bigint')
        .addColumn('moderator_id', 'bigint', (c: any) => c.notNull())
        // 'WARN' | 'DISMISS' | … (see actions.ts)
        .addColumn('action', 'varchar(30)', (c: any) => c.notNull())
        .addColumn('target_type', 'varchar(20)', (c: any) => c.notNull())
        .addColumn('target_id', 'bigint', (c: any) => c.notNull())
        .addColumn('target_account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('reason', 'text', (c: any) => c.notNull())
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('trust_actions_account_idx').on('trust_actions').columns(['target_account_id', 'id']).execute();
      await db.schema.createIndex('trust_actions_newest_idx').on('trust_actions').columns(['id']).execute();
    },
  },
  {
    id: '0002_trust_appeals',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('trust_appeals'))
        // One appeal per action (unique): the affected person appeals once.
        .addColumn('action_id', 'bigint', (c: any) => c.notNull().unique())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('text', 'text', (c: any) => c.notNull())
        // 'pending' | 'upheld' | 'overturned'
        .addColumn('status', 'varchar(20)', (c: any) => c.notNull().defaultTo('pending'))
        .addColumn('reviewer_id', 'bigint')
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('decided_at', types.timestamp)
        .execute();
      await db.schema.createIndex('trust_appeals_queue_idx').on('trust_appeals').columns(['status', 'id']).execute();
    },
  },
  {
    // What an action needed (the required label, when a suspension ends), as JSON.
    id: '0003_trust_action_details',
    async up({ db }) {
      await db.schema.alterTable('trust_actions').addColumn('details', 'text', (c: any) => c.notNull().defaultTo('{}')).execute();
    },
  },
];
