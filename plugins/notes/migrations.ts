// The notes plugin's tables. Timestamps are epoch milliseconds (bigint) on
// both engines, like the core's media table, so one mapping reads them.
// Every list query has its index; see the comments beside each.

import type { Migration } from '../../core/index.ts';

export const notesMigrations: Migration[] = [
  {
    id: '0001_notes',
    async up({ db, types }) {
      const json = types.json;
      await types
        .id(db.schema.createTable('notes_note'))
        .addColumn('author_id', 'bigint', (c: any) => c.notNull())
        .addColumn('status', 'varchar(16)', (c: any) => c.notNull())
        .addColumn('visibility', 'varchar(16)', (c: any) => c.notNull())
        .addColumn('title', 'varchar(400)', (c: any) => c.notNull())
        .addColumn('body', 'text', (c: any) => c.notNull())
        .addColumn('body_html', 'text', (c: any) => c.notNull())
        .addColumn('images', json, (c: any) => c.notNull())
        .addColumn('cover_index', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('blocks', json, (c: any) => c.notNull())
        .addColumn('place_ref', 'varchar(400)')
        .addColumn('language', 'varchar(35)')
        .addColumn('content_warning', 'varchar(400)')
        .addColumn('hashtags', json, (c: any) => c.notNull())
        .addColumn('mentions', json, (c: any) => c.notNull())
        .addColumn('likes_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('collects_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('comments_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('shares_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('views_count', 'bigint', (c: any) => c.notNull().defaultTo(0))
        .addColumn('published_at', 'bigint')
        .addColumn('scheduled_at', 'bigint')
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .addColumn('updated_at', 'bigint', (c: any) => c.notNull())
        .addColumn('edited_at', 'bigint')
        .addColumn('deleted_at', 'bigint')
        .execute();
      // Profile and following feed: an author's published notes, newest first.
      await db.schema.createIndex('notes_note_author_pub').on('notes_note').columns(['author_id', 'status', 'published_at', 'id']).execute();
      // Newest published notes overall (following-feed scan, discovery candidates); covering
      // author and visibility, so the following feed's newest-first scan never reads table rows.
      await db.schema.createIndex('notes_note_status_pub').on('notes_note').columns(['status', 'published_at', 'id', 'author_id', 'visibility']).execute();
      // Drafts and scheduled notes of an author; purge of deleted notes.
      await db.schema.createIndex('notes_note_author_created').on('notes_note').columns(['author_id', 'created_at']).execute();

      await types
        .id(db.schema.createTable('notes_revision'))
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        .addColumn('editor_id', 'bigint', (c: any) => c.notNull())
        .addColumn('title', 'varchar(400)', (c: any) => c.notNull())
        .addColumn('body', 'text', (c: any) => c.notNull())
        .addColumn('images', json, (c: any) => c.notNull())
        .addColumn('blocks', json, (c: any) => c.notNull())
        .addColumn('visibility', 'varchar(16)', (c: any) => c.notNull())
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('notes_revision_note').on('notes_revision').columns(['note_id', 'id']).execute();

      // Mentions, for notifications and for federation to resolve remote ones.
      await types
        .id(db.schema.createTable('notes_mention'))
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        .addColumn('comment_id', 'bigint')
        .addColumn('handle', 'varchar(100)', (c: any) => c.notNull())
        .addColumn('domain', 'varchar(255)')
        .addColumn('account_id', 'bigint')
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('notes_mention_note').on('notes_mention').columns(['note_id']).execute();
      await db.schema.createIndex('notes_mention_account').on('notes_mention').columns(['account_id', 'created_at']).execute();
      await db.schema.createIndex('notes_mention_remote').on('notes_mention').columns(['domain', 'handle']).execute();

      await db.schema
        .createTable('notes_like')
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .addPrimaryKeyConstraint('notes_like_pk', ['note_id', 'account_id'])
        .execute();
      await db.schema.createIndex('notes_like_account').on('notes_like').columns(['account_id', 'created_at']).execute();

      await types
        .id(db.schema.createTable('notes_share'))
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('notes_share_unique').unique().on('notes_share').columns(['note_id', 'account_id']).execute();
      await db.schema.createIndex('notes_share_account').on('notes_share').columns(['account_id', 'created_at']).execute();

      // One row per signed-in viewer per note: views count once per person.
      await db.schema
        .createTable('notes_view')
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .addPrimaryKeyConstraint('notes_view_pk', ['note_id', 'account_id'])
        .execute();

      await types
        .id(db.schema.createTable('notes_comment'))
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        .addColumn('author_id', 'bigint', (c: any) => c.notNull())
        .addColumn('parent_id', 'bigint')
        .addColumn('body', 'text', (c: any) => c.notNull())
        .addColumn('body_html', 'text', (c: any) => c.notNull())
        .addColumn('hashtags', json, (c: any) => c.notNull())
        .addColumn('mentions', json, (c: any) => c.notNull())
        .addColumn('likes_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('replies_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .addColumn('deleted_at', 'bigint')
        .execute();
      // A note's top-level comments and a comment's replies, in order.
      await db.schema.createIndex('notes_comment_note').on('notes_comment').columns(['note_id', 'parent_id', 'id']).execute();
      await db.schema.createIndex('notes_comment_parent').on('notes_comment').columns(['parent_id', 'id']).execute();

      await db.schema
        .createTable('notes_comment_like')
        .addColumn('comment_id', 'bigint', (c: any) => c.notNull())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .addPrimaryKeyConstraint('notes_comment_like_pk', ['comment_id', 'account_id'])
        .execute();

      await types
        .id(db.schema.createTable('notes_board'))
        .addColumn('owner_id', 'bigint', (c: any) => c.notNull())
        .addColumn('name', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('description', 'text', (c: any) => c.notNull())
        .addColumn('visibility', 'varchar(16)', (c: any) => c.notNull())
        .addColumn('items_count', 'integer', (c: any) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('notes_board_owner').on('notes_board').columns(['owner_id', 'id']).execute();

      await db.schema
        .createTable('notes_board_item')
        .addColumn('board_id', 'bigint', (c: any) => c.notNull())
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        .addColumn('position', 'double precision', (c: any) => c.notNull())
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .addPrimaryKeyConstraint('notes_board_item_pk', ['board_id', 'note_id'])
        .execute();
      await db.schema.createIndex('notes_board_item_order').on('notes_board_item').columns(['board_id', 'position']).execute();
      await db.schema.createIndex('notes_board_item_note').on('notes_board_item').columns(['note_id']).execute();
    },
  },
  {
    // A note has 1–18 images or one video (a media id of kind video).
    id: '0002_notes_video',
    async up({ db }) {
      await db.schema.alterTable('notes_note').addColumn('video_media_id', 'bigint').execute();
      await db.schema.alterTable('notes_revision').addColumn('video_media_id', 'bigint').execute();
    },
  },
  {
    // Notes and comments from other instances (federation/inbound): their
    // ActivityPub id (unique, so a duplicate delivery changes nothing) and
    // HTML page; a quoted note (FEP-044f) by local id once known, else by URI.
    // Remote images live in the images JSON with their remote URL.
    id: '0003_notes_remote',
    async up({ db, types }) {
      await db.schema.alterTable('notes_note').addColumn('remote_uri', 'varchar(2000)').execute();
      await db.schema.alterTable('notes_note').addColumn('remote_url', 'varchar(2000)').execute();
      await db.schema.alterTable('notes_note').addColumn('quote_note_id', 'bigint').execute();
      await db.schema.alterTable('notes_note').addColumn('quote_uri', 'varchar(2000)').execute();
      await db.schema.createIndex('notes_note_remote_uri').unique().on('notes_note').column('remote_uri').execute();
      await db.schema.alterTable('notes_comment').addColumn('remote_uri', 'varchar(2000)').execute();
      await db.schema.alterTable('notes_comment').addColumn('remote_url', 'varchar(2000)').execute();
      await db.schema.createIndex('notes_comment_remote_uri').unique().on('notes_comment').column('remote_uri').execute();
      // Remote Like and Announce activities by id, so an Undo naming only the id finds what it undoes.
      await types
        .id(db.schema.createTable('notes_remote_activity'))
        .addColumn('uri', 'varchar(2000)', (c: any) => c.notNull())
        .addColumn('kind', 'varchar(16)', (c: any) => c.notNull())
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('note_id', 'bigint')
        .addColumn('comment_id', 'bigint')
        .addColumn('created_at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('notes_remote_activity_uri').unique().on('notes_remote_activity').column('uri').execute();
    },
  },
  {
    // Moderation (see contracts-moderation.ts): state visible | held | hidden,
    // sensitive and limited-reach flags, a moderator-required disclosure label;
    // the author's own label and comment policy. Booleans as 0/1 on both engines.
    id: '0004_notes_moderation',
    async up({ db }) {
      const note = () => db.schema.alterTable('notes_note');
      await note().addColumn('moderation_state', 'varchar(10)', (c: any) => c.notNull().defaultTo('visible')).execute();
      await note().addColumn('sensitive', 'integer', (c: any) => c.notNull().defaultTo(0)).execute();
      await note().addColumn('reach_limited', 'integer', (c: any) => c.notNull().defaultTo(0)).execute();
      await note().addColumn('disclosure', 'varchar(12)').execute();
      await note().addColumn('disclosure_required', 'varchar(12)').execute();
      await note().addColumn('comment_policy', 'varchar(12)', (c: any) => c.notNull().defaultTo('everyone')).execute();
      await db.schema.alterTable('notes_revision').addColumn('disclosure', 'varchar(12)').execute();
    },
  },
  {
    // Why a note is held for review (the note.review holds' reasons, JSON), so its author can read it.
    id: '0005_notes_hold_reasons',
    async up({ db }) {
      await db.schema.alterTable('notes_note').addColumn('hold_reasons', 'text').execute();
    },
  },
];
