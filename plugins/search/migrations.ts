// The search plugin's tables. `search_docs` holds one row per indexed note
// (the facts ranking needs, so a search never reads another plugin's
// tables) and the note's terms per field; the text index itself is engine
// specific: an FTS5 table on SQLite, a tsvector column with a GIN index on
// PostgreSQL. Both hold exactly the terms plugins/search/text made.

import type { Kysely } from 'kysely';
import type { Migration } from '../../core/index.ts';
import { pinyinInitials } from './text/pinyin.ts';

/** Fills the initials columns of existing rows (key column, text column), in pages. */
async function backfillInitials(db: Kysely<any>, table: string, key: string, text: string): Promise<void> {
  for (let after: any = null; ;) {
    let q = db.selectFrom(table).select([key, text]).orderBy(key).limit(1000);
    if (after !== null) q = q.where(key, '>', after);
    const rows = await q.execute();
    if (!rows.length) return;
    for (const r of rows) {
      const { primary, alternate } = pinyinInitials(String(r[text]));
      if (primary) await db.updateTable(table).set({ initials: primary, initials_alt: alternate }).where(key, '=', r[key]).execute();
    }
    after = rows.at(-1)![key];
  }
}

export const searchMigrations: Migration[] = [
  {
    id: '0001_search',
    async up({ db, dialect, sql, types }) {
      await db.schema
        .createTable('search_docs')
        .addColumn('note_id', 'bigint', (c) => c.primaryKey())
        .addColumn('author_id', 'bigint', (c) => c.notNull())
        .addColumn('published_at', 'bigint', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        // Space-separated terms per field (for scoring the same way on both engines).
        .addColumn('title_terms', 'text', (c) => c.notNull())
        .addColumn('body_terms', 'text', (c) => c.notNull())
        .addColumn('tag_terms', 'text', (c) => c.notNull())
        .addColumn('likes', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('collects', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('comments', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('indexed_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('search_docs_author_idx').on('search_docs').columns(['author_id', 'published_at']).execute();
      await db.schema.createIndex('search_docs_published_idx').on('search_docs').columns(['published_at', 'note_id']).execute();
      if (dialect === 'postgres') {
        await sql`alter table search_docs add column tsv tsvector not null default ''::tsvector`.execute(db);
        await sql`create index search_docs_tsv_idx on search_docs using gin (tsv)`.execute(db);
        await sql`create index search_docs_title_idx on search_docs (lower(title) text_pattern_ops)`.execute(db);
      } else {
        // Terms are pre-segmented and space-separated; the ascii tokenizer
        // keeps every non-ASCII character (CJK, emoji) and `#` inside terms.
        await sql`create virtual table search_fts using fts5(title, body, tags, tokenize = "ascii tokenchars '#'")`.execute(db);
        await sql`create index search_docs_title_idx on search_docs (lower(title))`.execute(db);
      }

      // Tags of indexed notes with counts, for autocomplete.
      await db.schema
        .createTable('search_tags')
        .addColumn('tag', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('notes', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      // People, for autocomplete (kept from account events).
      await db.schema
        .createTable('search_people')
        .addColumn('account_id', 'bigint', (c) => c.primaryKey())
        .addColumn('handle', 'varchar(100)', (c) => c.notNull())
        .addColumn('display_name', 'varchar(200)', (c) => c.notNull())
        // Normalized "handle display name" for prefix and substring lookups.
        .addColumn('folded', 'varchar(400)', (c) => c.notNull())
        .execute();

      // A person's search settings (personalization on/off).
      await db.schema
        .createTable('search_profiles')
        .addColumn('account_id', 'bigint', (c) => c.primaryKey())
        .addColumn('personalization', types.boolean, (c: any) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      // What a person searched for (clearable).
      await types
        .id(db.schema.createTable('search_history'))
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('query', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('searched_at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('search_history_account_idx').on('search_history').columns(['account_id', 'searched_at']).execute();

      // Queries per hour bucket, for trending searches.
      await db.schema
        .createTable('search_query_buckets')
        .addColumn('query', 'varchar(200)', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('search_query_buckets_pk', ['query', 'bucket'])
        .execute();
      await db.schema.createIndex('search_query_buckets_bucket_idx').on('search_query_buckets').columns(['bucket']).execute();

      // Topic affinities learnt from likes, collects and comments (personalization).
      await db.schema
        .createTable('search_affinities')
        .addColumn('account_id', 'bigint', (c) => c.notNull())
        .addColumn('tag', 'varchar(100)', (c) => c.notNull())
        .addColumn('weight', 'double precision', (c) => c.notNull().defaultTo(0))
        // Why: the strongest signal so far ("collect", "like", "comment").
        .addColumn('signal', 'varchar(20)', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('search_affinities_pk', ['account_id', 'tag'])
        .execute();
    },
  },
  {
    // Pinyin initials (primary and polyphone-alternate readings) of note
    // titles, tags and people's names, for autocomplete ("lyzb" → 露营装备).
    id: '0002_pinyin_initials',
    async up({ db }) {
      for (const table of ['search_docs', 'search_tags', 'search_people']) {
        await db.schema.alterTable(table).addColumn('initials', 'varchar(40)', (c) => c.notNull().defaultTo('')).execute();
        await db.schema.alterTable(table).addColumn('initials_alt', 'varchar(40)', (c) => c.notNull().defaultTo('')).execute();
        await db.schema.createIndex(`${table}_initials_idx`).on(table).column('initials').execute();
        await db.schema.createIndex(`${table}_initials_alt_idx`).on(table).column('initials_alt').execute();
      }
      await backfillInitials(db, 'search_docs', 'note_id', 'title');
      await backfillInitials(db, 'search_tags', 'tag', 'tag');
      await backfillInitials(db, 'search_people', 'account_id', 'display_name');
    },
  },
  {
    // Learning from behaviour (behaviour.ts): reformulations and result
    // opens/collects, one row per person so clearing history removes them.
    id: '0003_behaviour',
    async up({ db, types }) {
      await types
        .id(db.schema.createTable('search_reformulations'))
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('from_query', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('to_query', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('search_reformulations_from_idx').on('search_reformulations').columns(['from_query', 'to_query']).execute();
      await db.schema.createIndex('search_reformulations_account_idx').on('search_reformulations').columns(['account_id']).execute();
      await types
        .id(db.schema.createTable('search_opens'))
        .addColumn('account_id', 'bigint', (c: any) => c.notNull())
        .addColumn('query', 'varchar(200)', (c: any) => c.notNull())
        .addColumn('note_id', 'bigint', (c: any) => c.notNull())
        // 'open' or 'collect' (collected soon after opening it from this query).
        .addColumn('kind', 'varchar(10)', (c: any) => c.notNull())
        .addColumn('at', 'bigint', (c: any) => c.notNull())
        .execute();
      await db.schema.createIndex('search_opens_query_idx').on('search_opens').columns(['query', 'note_id']).execute();
      await db.schema.createIndex('search_opens_account_idx').on('search_opens').columns(['account_id', 'note_id']).execute();
    },
  },
  {
    // The home city a person sets for search context (a lexicon place id).
    id: '0004_home_city',
    async up({ db }) {
      await db.schema.alterTable('search_profiles').addColumn('home_city', 'varchar(40)').execute();
    },
  },
  {
    // Note vectors of the semantic option (semantic.ts), per vector space (provider URL and model).
    id: '0005_vectors',
    async up({ db }) {
      await db.schema
        .createTable('search_vectors')
        .addColumn('note_id', 'bigint', (c) => c.primaryKey())
        .addColumn('space', 'varchar(300)', (c) => c.notNull())
        .addColumn('dims', 'integer', (c) => c.notNull())
        // Float32 little-endian, base64.
        .addColumn('vector', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('search_vectors_space_idx').on('search_vectors').columns(['space', 'note_id']).execute();
    },
  },
];
