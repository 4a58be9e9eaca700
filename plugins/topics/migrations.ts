// The topics plugin's tables. Notes live in the notes plugin: here a note
// is only its id plus the few facts needed to list and rank it without
// reading notes' tables (author, visibility, publish time, engagement).
// Every list query has an index.

import type { Migration } from '../../core/index.ts';

export const topicsMigrations: Migration[] = [
  {
    id: '0001_topics',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('topics_topics'))
        // Normalized form (case- and width-folded): the identity of a tag.
        .addColumn('key', 'varchar(200)', (c: any) => c.notNull().unique())
        // The form first seen, for display ("OOTD", "露营").
        .addColumn('name', 'varchar(200)', (c: any) => c.notNull())
        // Set when this tag was merged into another (a synonym).
        .addColumn('canonical_id', 'bigint')
        .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
        .addColumn('featured', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('hidden', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('note_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('follower_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('topics_topics_canonical_idx').on('topics_topics').columns(['canonical_id']).execute();
      await db.schema.createIndex('topics_topics_featured_idx').on('topics_topics').columns(['featured', 'id']).execute();

      // note → topic links (a note id is a link to the notes plugin, no foreign key).
      await db.schema
        .createTable('topics_note_topics')
        .addColumn('note_id', 'bigint', (c) => c.notNull())
        .addColumn('topic_id', 'bigint', (c) => c.notNull().references('topics_topics.id').onDelete('cascade'))
        .addColumn('author_id', 'bigint', (c) => c.notNull())
        .addColumn('visibility', 'varchar(20)', (c) => c.notNull())
        .addColumn('published_at', types.timestamp, (c) => c.notNull())
        // Time-invariant hot score (see trending.ts): sortable and indexable.
        .addColumn('hot', 'double precision', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('topics_note_topics_pk', ['note_id', 'topic_id'])
        .execute();
      await db.schema.createIndex('topics_note_topics_newest_idx').on('topics_note_topics').columns(['topic_id', 'published_at', 'note_id']).execute();
      await db.schema.createIndex('topics_note_topics_hot_idx').on('topics_note_topics').columns(['topic_id', 'hot', 'note_id']).execute();

      // Trending: decayed usage per topic and hour.
      await db.schema
        .createTable('topics_trend_buckets')
        .addColumn('topic_id', 'bigint', (c) => c.notNull().references('topics_topics.id').onDelete('cascade'))
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('weight', 'double precision', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('topics_trend_buckets_pk', ['topic_id', 'bucket'])
        .execute();
      await db.schema.createIndex('topics_trend_buckets_bucket_idx').on('topics_trend_buckets').columns(['bucket', 'topic_id']).execute();

      await db.schema
        .createTable('topics_follows')
        .addColumn('account_id', 'bigint', (c) => c.notNull())
        .addColumn('topic_id', 'bigint', (c) => c.notNull().references('topics_topics.id').onDelete('cascade'))
        .addColumn('created_at', types.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('topics_follows_pk', ['account_id', 'topic_id'])
        .execute();
      await db.schema.createIndex('topics_follows_topic_idx').on('topics_follows').columns(['topic_id', 'account_id']).execute();
      await db.schema.createIndex('topics_follows_newest_idx').on('topics_follows').columns(['account_id', 'created_at', 'topic_id']).execute();

      await types
        .id(db.schema.createTable('topics_communities'))
        .addColumn('slug', 'varchar(60)', (c: any) => c.notNull().unique())
        .addColumn('name', 'varchar(100)', (c: any) => c.notNull())
        .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
        // JSON array of strings.
        .addColumn('rules', 'text', (c: any) => c.notNull().defaultTo('[]'))
        .addColumn('member_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'bigint', (c: any) => c.notNull())
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();

      await db.schema
        .createTable('topics_community_topics')
        .addColumn('community_id', 'bigint', (c) => c.notNull().references('topics_communities.id').onDelete('cascade'))
        .addColumn('topic_id', 'bigint', (c) => c.notNull().references('topics_topics.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('topics_community_topics_pk', ['community_id', 'topic_id'])
        .execute();
      await db.schema.createIndex('topics_community_topics_topic_idx').on('topics_community_topics').columns(['topic_id', 'community_id']).execute();

      await db.schema
        .createTable('topics_community_members')
        .addColumn('community_id', 'bigint', (c) => c.notNull().references('topics_communities.id').onDelete('cascade'))
        .addColumn('account_id', 'bigint', (c) => c.notNull())
        // 'member' or 'moderator'
        .addColumn('role', 'varchar(20)', (c) => c.notNull())
        .addColumn('joined_at', types.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('topics_community_members_pk', ['community_id', 'account_id'])
        .execute();
      await db.schema.createIndex('topics_community_members_account_idx').on('topics_community_members').columns(['account_id', 'community_id']).execute();
      await db.schema.createIndex('topics_community_members_list_idx').on('topics_community_members').columns(['community_id', 'joined_at', 'account_id']).execute();
    },
  },
];
