// Tables of topics and communities as fediverse Groups (FEP-1b12). They
// belong to the topics plugin and exist whether federation runs or not.

import type { Migration } from '../../../core/index.ts';

export const topicsFederationMigrations: Migration[] = [
  {
    id: 'fed_0001_groups',
    async up({ db, types }) {
      // Each Announce a local Group sent: once per note and group, and what
      // Undo(Announce) needs later (its id and the object it named).
      await db.schema
        .createTable('topics_fed_announces')
        .addColumn('group_name', 'varchar(300)', (c) => c.notNull())
        .addColumn('note_id', 'bigint', (c) => c.notNull())
        .addColumn('announce_uri', 'varchar(2000)', (c) => c.notNull())
        .addColumn('object_uri', 'varchar(2000)', (c) => c.notNull())
        // Set when Undo(Announce) was sent; the row stays so a late event cannot announce it again.
        .addColumn('undone', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', types.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('topics_fed_announces_pk', ['group_name', 'note_id'])
        .execute();
      await db.schema.createIndex('topics_fed_announces_note_idx').on('topics_fed_announces').columns(['note_id']).execute();

      // Remote notes addressed to a topic's Group without carrying its tag:
      // filed under the topic as if they did (the link sync keeps them).
      await db.schema
        .createTable('topics_fed_filed')
        .addColumn('note_id', 'bigint', (c) => c.notNull())
        .addColumn('topic_id', 'bigint', (c) => c.notNull().references('topics_topics.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('topics_fed_filed_pk', ['note_id', 'topic_id'])
        .execute();

      // Community settings for federation: who may post through the Group.
      await db.schema
        .createTable('topics_fed_community_settings')
        .addColumn('community_id', 'bigint', (c) => c.primaryKey().references('topics_communities.id').onDelete('cascade'))
        .addColumn('posting_restricted', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      // Notes that remote Groups followed by local people announced: the
      // source of those notes in the followers' FOLLOWING feed.
      await db.schema
        .createTable('topics_fed_group_notes')
        .addColumn('group_uri', 'varchar(2000)', (c) => c.notNull())
        .addColumn('note_id', 'bigint', (c) => c.notNull())
        // The id the Group announced (Undo(Announce) names it).
        .addColumn('object_uri', 'varchar(2000)', (c) => c.notNull())
        .addColumn('published_at', types.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('topics_fed_group_notes_pk', ['group_uri', 'note_id'])
        .execute();
      await db.schema.createIndex('topics_fed_group_notes_newest_idx').on('topics_fed_group_notes').columns(['group_uri', 'published_at', 'note_id']).execute();
    },
  },
];
