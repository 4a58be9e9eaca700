// The personal part's tables: each person's muted words and topics and the
// notes they hid from their feeds. Note ids link to the notes plugin's rows
// (no foreign keys across plugins); a note that is gone simply stops
// matching anything.

import type { Migration } from '../../../core/index.ts';

export const personalMigrations: Migration[] = [
  {
    id: 'personal_0001_mutes',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('trust_muted_words'))
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        // As the person typed it (shown back to them) and folded for matching (see matching.ts).
        .addColumn('word', 'varchar(400)', (c: any) => c.notNull())
        .addColumn('word_key', 'varchar(400)', (c: any) => c.notNull())
        .addColumn('whole_word', types.boolean, (c: any) => c.notNull())
        .addColumn('expires_at', types.timestamp)
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      // One row per word and person: muting it again returns the same row.
      await db.schema.createIndex('trust_muted_words_key_idx').on('trust_muted_words').columns(['account_id', 'word_key']).unique().execute();

      await types
        .id(db.schema.createTable('trust_muted_topics'))
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        // Normalized like notes' hashtags (NFKC, lower case, no #).
        .addColumn('tag', 'varchar(100)', (c: any) => c.notNull())
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('trust_muted_topics_tag_idx').on('trust_muted_topics').columns(['account_id', 'tag']).unique().execute();

      await types
        .id(db.schema.createTable('trust_hidden_notes'))
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('trust_hidden_notes_note_idx').on('trust_hidden_notes').columns(['account_id', 'note_id']).unique().execute();
      // The person's list, newest first.
      await db.schema.createIndex('trust_hidden_notes_list_idx').on('trust_hidden_notes').columns(['account_id', 'id']).execute();
    },
  },
];
