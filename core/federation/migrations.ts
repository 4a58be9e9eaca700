// The federation module's tables: Fedify's key–value store, actor key
// pairs, the cache of remote actors, and follows across instances. Fedify's
// message queue rides on the core job queue (core_job), so it has no table.

import type { Migration } from '../data/migrations.ts';

export const federationMigrations: Migration[] = [
  {
    id: '0001_federation',
    async up({ db, types }) {
      // Keys are JSON-encoded arrays of strings (Fedify's KvKey).
      await db.schema
        .createTable('core_fed_kv')
        .addColumn('key', 'varchar(1024)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .execute();
      await db.schema.createIndex('core_fed_kv_expires_idx').on('core_fed_kv').column('expires_at').execute();

      // One row per local actor ("account:<id>" or "instance"): JWK key pairs made once.
      await db.schema
        .createTable('core_fed_keys')
        .addColumn('owner', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('rsa_public', 'text', (c) => c.notNull())
        .addColumn('rsa_private', 'text', (c) => c.notNull())
        .addColumn('ed25519_public', 'text', (c) => c.notNull())
        .addColumn('ed25519_private', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await types
        .id(db.schema.createTable('core_fed_remote_actors'))
        .addColumn('uri', 'varchar(2048)', (c: any) => c.notNull().unique())
        .addColumn('inbox', 'varchar(2048)', (c: any) => c.notNull())
        .addColumn('shared_inbox', 'varchar(2048)')
        .addColumn('handle', 'varchar(300)', (c: any) => c.notNull())
        .addColumn('type', 'varchar(30)', (c: any) => c.notNull())
        .addColumn('display_name', 'text', (c: any) => c.notNull().defaultTo(''))
        .addColumn('url', 'varchar(2048)')
        .addColumn('public_keys', 'text', (c: any) => c.notNull().defaultTo('[]'))
        .addColumn('fetched_at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('core_fed_remote_actors_handle_idx').on('core_fed_remote_actors').column('handle').execute();

      // Remote actors following local accounts (inbound Follow, accepted).
      await db.schema
        .createTable('core_fed_followers')
        .addColumn('account_id', 'bigint', (c) => c.notNull().references('core_accounts.id').onDelete('cascade'))
        .addColumn('remote_actor_id', 'bigint', (c) => c.notNull().references('core_fed_remote_actors.id').onDelete('cascade'))
        .addColumn('follow_uri', 'varchar(2048)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('core_fed_followers_pk', ['account_id', 'remote_actor_id'])
        .execute();

      // Local accounts following remote actors (outbound Follow): pending until Accept.
      await db.schema
        .createTable('core_fed_following')
        .addColumn('account_id', 'bigint', (c) => c.notNull().references('core_accounts.id').onDelete('cascade'))
        .addColumn('remote_actor_id', 'bigint', (c) => c.notNull().references('core_fed_remote_actors.id').onDelete('cascade'))
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('follow_uri', 'varchar(2048)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('core_fed_following_pk', ['account_id', 'remote_actor_id'])
        .execute();
      await db.schema.createIndex('core_fed_following_uri_idx').on('core_fed_following').column('follow_uri').execute();
    },
  },
  {
    // Remote followers of plugin actors (topic and community Groups), keyed
    // by the actor's identifier ("t.camping"); accounts use core_fed_followers.
    id: '0002_actor_followers',
    async up({ db }) {
      await db.schema
        .createTable('core_fed_actor_followers')
        .addColumn('identifier', 'varchar(300)', (c) => c.notNull())
        .addColumn('remote_actor_id', 'bigint', (c) => c.notNull().references('core_fed_remote_actors.id').onDelete('cascade'))
        .addColumn('follow_uri', 'varchar(2048)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('core_fed_actor_followers_pk', ['identifier', 'remote_actor_id'])
        .execute();
    },
  },
  {
    // Operator tools: instance health from deliveries (instances.ts),
    // deliveries given up on (delivery.ts), instance-level blocks
    // (domain-blocks.ts). Flags are integers 0/1 on both engines.
    id: '0003_instances_blocks_dead_deliveries',
    async up({ db, types }) {
      await db.schema
        .createTable('core_fed_instances')
        .addColumn('host', 'varchar(300)', (c) => c.primaryKey())
        .addColumn('software', 'varchar(100)')
        .addColumn('software_version', 'varchar(100)')
        .addColumn('state', 'varchar(16)', (c) => c.notNull().defaultTo('healthy'))
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('last_success_at', 'bigint')
        .addColumn('last_inbound_at', 'bigint')
        .addColumn('last_failure_at', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failing_since', 'bigint')
        .addColumn('paused_at', 'bigint')
        .addColumn('last_probe_at', 'bigint')
        .execute();
      await db.schema.createIndex('core_fed_instances_state_idx').on('core_fed_instances').column('state').execute();

      await types
        .id(db.schema.createTable('core_fed_dead_deliveries'))
        .addColumn('host', 'varchar(300)', (c: any) => c.notNull())
        .addColumn('inbox', 'varchar(2048)', (c: any) => c.notNull())
        .addColumn('activity_id', 'varchar(2048)')
        .addColumn('activity_type', 'varchar(100)', (c: any) => c.notNull())
        .addColumn('reason', 'varchar(16)', (c: any) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('attempts', 'integer', (c: any) => c.notNull())
        .addColumn('last_error', 'text', (c: any) => c.notNull())
        // Fedify's outbox message (signing keys included, as in core_job), so a retry sends the same thing.
        .addColumn('message', 'text', (c: any) => c.notNull())
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('core_fed_dead_deliveries_host_idx').on('core_fed_dead_deliveries').column('host').execute();

      await types
        .id(db.schema.createTable('core_fed_domain_blocks'))
        .addColumn('domain', 'varchar(300)', (c: any) => c.notNull().unique())
        .addColumn('severity', 'varchar(16)', (c: any) => c.notNull())
        .addColumn('reject_media', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('reason', 'text', (c: any) => c.notNull().defaultTo(''))
        .addColumn('is_public', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .addColumn('updated_at', 'bigint', (c: any) => c.notNull())
        .execute();
    },
  },
];
