// SQLite FTS5 backend (the embedded default): one FTS5 row per note, rowid
// = note id, three columns so bm25 can weigh title and tags over body.

import { sql, type Kysely } from 'kysely';
import { quoteFts5, type Candidate, type IndexDocument, type SearchBackend } from './types.ts';

/** bm25 column weights: title, body, tags. */
const WEIGHTS = sql.raw('3.0, 1.0, 2.0');

export const sqliteBackend: SearchBackend = {
  engine: 'sqlite',
  async write(db, docs) {
    if (!docs.length) return;
    await this.remove(db, docs.map((d) => d.noteId));
    for (const d of docs) {
      await sql`insert into search_fts (rowid, title, body, tags) values (${d.noteId}, ${d.titleTerms.join(' ')}, ${d.bodyTerms.join(' ')}, ${d.tagTerms.join(' ')})`.execute(db);
    }
  },
  async remove(db, noteIds) {
    if (!noteIds.length) return;
    await sql`delete from search_fts where rowid in (${sql.join(noteIds)})`.execute(db);
  },
  async match(db, terms, limit) {
    if (!terms.length) return [];
    const expr = terms.map(quoteFts5).join(' OR ');
    const { rows } = await sql<{ id: number; rank: number }>`select rowid as id, bm25(search_fts, ${WEIGHTS}) as rank from search_fts where search_fts match ${expr} order by rank limit ${limit}`.execute(db);
    return rows.map((r): Candidate => ({ noteId: Number(r.id), engineScore: -Number(r.rank) }));
  },
  async documentFrequency(db, terms) {
    const out = new Map<string, number>();
    for (const term of new Set(terms)) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from search_fts where search_fts match ${quoteFts5(term)}`.execute(db);
      out.set(term, Number(rows[0]?.n ?? 0));
    }
    return out;
  },
  async newestMatchingTerms(db, terms, mode, limit) {
    if (!terms.length) return [];
    const expr = terms.map(quoteFts5).join(mode === 'all' ? ' AND ' : ' OR ');
    const { rows } = await sql<{ id: number }>`select d.note_id as id from search_fts f join search_docs d on d.note_id = f.rowid
      where search_fts match ${expr} order by d.published_at desc, d.note_id desc limit ${limit}`.execute(db);
    return rows.map((r): Candidate => ({ noteId: Number(r.id), engineScore: 0 }));
  },
  async newestMatching(db, term, limit) {
    const { rows } = await sql<{ id: number; published_at: number }>`select d.note_id as id, d.published_at from search_fts f join search_docs d on d.note_id = f.rowid
      where search_fts match ${quoteFts5(term)} order by d.published_at desc, d.note_id desc limit ${limit}`.execute(db);
    return rows.map((r) => ({ noteId: Number(r.id), publishedAt: Number(r.published_at) }));
  },
  async titlePrefix(db, prefix, limit) {
    const { rows } = await sql<{ id: number }>`select rowid as id from search_fts where search_fts match ${`title : ${quoteFts5(prefix)} *`} order by rowid desc limit ${limit}`.execute(db);
    return rows.map((r) => Number(r.id));
  },
};

export type { IndexDocument, Kysely };
