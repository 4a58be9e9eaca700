// The accounts module's tables. One migration serves SQLite and PostgreSQL
// (ids and timestamps through `types`). Every list query has an index:
// followers by followee, following by follower, blocks and mutes both ways.

import { suspensionMigration } from './suspensions.ts';
import { registrationsMigration } from './registrations.ts';
import type { Migration } from '../data/migrations.ts';

export const accountMigrations: Migration[] = [
  {
    id: '0001_accounts',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('core_accounts'))
        .addColumn('handle', 'varchar(30)', (c: any) => c.notNull().unique())
        .addColumn('email', 'varchar(254)', (c: any) => c.unique())
        .addColumn('password_hash', 'varchar(255)', (c: any) => c.notNull())
        .addColumn('role', 'varchar(20)', (c: any) => c.notNull().defaultTo('person'))
        .addColumn('display_name', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('bio', 'text', (c: any) => c.notNull().defaultTo(''))
        .addColumn('locale', 'varchar(10)', (c: any) => c.notNull().defaultTo('zh-CN'))
        // Media is another module: a plain id, no foreign key.
        .addColumn('avatar_media_id', 'bigint')
        .addColumn('links', 'text', (c: any) => c.notNull().defaultTo('[]'))
        .addColumn('followers_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('following_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('core_accounts_role_idx').on('core_accounts').columns(['role', 'id']).execute();

      await types
        .id(db.schema.createTable('core_sessions'))
        .addColumn('account_id', 'bigint', (c: any) => c.notNull().references('core_accounts.id').onDelete('cascade'))
        .addColumn('token_hash', 'varchar(64)', (c: any) => c.notNull().unique())
        .addColumn('kind', 'varchar(10)', (c: any) => c.notNull())
        .addColumn('label', 'varchar(100)')
        .addColumn('expires_at', types.timestamp)
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .addColumn('last_used_at', types.timestamp)
        .execute();
      await db.schema.createIndex('core_sessions_account_idx').on('core_sessions').columns(['account_id', 'kind', 'id']).execute();

      const pair = (table: string, a: string, b: string) =>
        db.schema
          .createTable(table)
          .addColumn(a, 'bigint', (c) => c.notNull().references('core_accounts.id').onDelete('cascade'))
          .addColumn(b, 'bigint', (c) => c.notNull().references('core_accounts.id').onDelete('cascade'))
          .addColumn('created_at', types.timestamp, (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, [a, b])
          .execute();
      await pair('core_follows', 'follower_id', 'followee_id');
      // Followers of X, newest first (the primary key serves "does A follow B").
      await db.schema.createIndex('core_follows_followee_idx').on('core_follows').columns(['followee_id', 'created_at', 'follower_id']).execute();
      // Following of X, newest first.
      await db.schema.createIndex('core_follows_follower_idx').on('core_follows').columns(['follower_id', 'created_at', 'followee_id']).execute();
      await pair('core_blocks', 'blocker_id', 'blocked_id');
      await db.schema.createIndex('core_blocks_blocked_idx').on('core_blocks').columns(['blocked_id', 'blocker_id']).execute();
      await pair('core_mutes', 'muter_id', 'muted_id');
      await db.schema.createIndex('core_mutes_muted_idx').on('core_mutes').columns(['muted_id', 'muter_id']).execute();
    },
  },
  {
    // Accounts of other instances (Mastodon's model): a remote actor that
    // authors, follows or interacts gets a row here, so notes, comments,
    // likes and follows point at accounts whatever instance they live on.
    // Local accounts have domain null; remote ones have no password.
    id: '0002_remote_accounts',
    async up({ db, dialect }) {
      await db.schema.alterTable('core_accounts').addColumn('domain', 'varchar(255)').execute();
      await db.schema.alterTable('core_accounts').addColumn('actor_uri', 'varchar(2048)').execute();
      await db.schema.alterTable('core_accounts').addColumn('profile_url', 'varchar(2048)').execute();
      await db.schema.alterTable('core_accounts').addColumn('avatar_url', 'varchar(2048)').execute();
      // Remote handles are user@host, longer than local ones (SQLite does not enforce lengths).
      if (dialect === 'postgres') await db.schema.alterTable('core_accounts').alterColumn('handle', (c) => c.setDataType('varchar(320)')).execute();
      await db.schema.createIndex('core_accounts_actor_uri_idx').on('core_accounts').column('actor_uri').unique().execute();
      await db.schema.createIndex('core_accounts_domain_idx').on('core_accounts').column('domain').execute();
    },
  },
  {
    // Locked accounts with follow requests, aliases and moves (ActivityPub's
    // manuallyApprovesFollowers, alsoKnownAs, movedTo; Mastodon's model).
    // A request row is a follow not yet approved; it never counts.
    id: '0003_requests_and_moves',
    async up({ db, types }) {
      await db.schema.alterTable('core_accounts').addColumn('locked', types.boolean, (c: any) => c.notNull().defaultTo(false)).execute();
      await db.schema.alterTable('core_accounts').addColumn('also_known_as', 'text', (c: any) => c.notNull().defaultTo('[]')).execute();
      await db.schema.alterTable('core_accounts').addColumn('moved_to', 'varchar(2048)').execute();
      await db.schema.alterTable('core_accounts').addColumn('moved_at', types.timestamp).execute();
      await db.schema
        .createTable('core_follow_requests')
        .addColumn('requester_id', 'bigint', (c) => c.notNull().references('core_accounts.id').onDelete('cascade'))
        .addColumn('target_id', 'bigint', (c) => c.notNull().references('core_accounts.id').onDelete('cascade'))
        .addColumn('created_at', types.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('core_follow_requests_pk', ['requester_id', 'target_id'])
        .execute();
      // Requests waiting for an account, newest first.
      await db.schema.createIndex('core_follow_requests_target_idx').on('core_follow_requests').columns(['target_id', 'created_at', 'requester_id']).execute();
    },
  },
  {
    // Handles of deleted local accounts are retired: other servers still
    // know the actor URL (now 410 Gone), so a new account must not take it.
    id: '0004_retired_handles',
    async up({ db, types }) {
      await db.schema
        .createTable('core_retired_handles')
        .addColumn('handle', 'varchar(30)', (c) => c.primaryKey())
        .addColumn('retired_at', types.timestamp, (c) => c.notNull())
        .execute();
    },
  },
  {
    // A person may hide who they follow and who follows them (the counts stay public).
    id: '0005_hide_network',
    async up({ db, types }) {
      await db.schema.alterTable('core_accounts').addColumn('hide_network', types.boolean, (c: any) => c.notNull().defaultTo(false)).execute();
    },
  },
  suspensionMigration,
  registrationsMigration,
];
