// PostgreSQL full-text backend: a tsvector column on search_docs (GIN
// index). The vector is written as a tsvector literal of our own terms with
// positions and weights (A title, B tags, D body), so PostgreSQL's parser
// and dictionaries never see the text: both engines index the same tokens.

import { sql } from 'kysely';
import { quoteTsLexeme, type Candidate, type IndexDocument, type SearchBackend } from './types.ts';

/** PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383. */
const MAX_POSITIONS = 64;
const MAX_POSITION = 16383;

/** The tsvector literal of a document. */
export function tsvectorLiteral(doc: Pick<IndexDocument, 'titleTerms' | 'bodyTerms' | 'tagTerms'>): string {
  const positions = new Map<string, string[]>();
  let pos = 1;
  const add = (terms: string[], weight: string) => {
    for (const t of terms) {
      const list = positions.get(t) ?? [];
      if (list.length < MAX_POSITIONS) list.push(`${Math.min(pos, MAX_POSITION)}${weight}`);
      positions.set(t, list);
      pos++;
    }
  };
  add(doc.titleTerms, 'A');
  add(doc.tagTerms, 'B');
  add(doc.bodyTerms, 'D');
  return [...positions].map(([t, p]) => `${quoteTsLexeme(t)}:${p.join(',')}`).join(' ');
}

const orQuery = (terms: string[]) => terms.map(quoteTsLexeme).join(' | ');

/** The candidate query as SQL text with literals inlined (for EXPLAIN in bench/search.ts only). */
export function postgresCandidateQuery(terms: string[], limit: number): string {
  const q = `'${orQuery(terms).replaceAll("'", "''")}'::tsquery`;
  return `select note_id as id, ts_rank(tsv, ${q}) as rank from search_docs where tsv @@ ${q} order by rank desc, note_id desc limit ${Number(limit)}`;
}

export const postgresBackend: SearchBackend = {
  engine: 'postgres',
  async write(db, docs) {
    for (const d of docs) await sql`update search_docs set tsv = ${tsvectorLiteral(d)}::tsvector where note_id = ${d.noteId}`.execute(db);
  },
  async remove() {
    // The vector lives in the search_docs row, which the index removes.
  },
  async match(db, terms, limit) {
    if (!terms.length) return [];
    const q = orQuery(terms);
    const { rows } = await sql<{ id: string; rank: number }>`select note_id as id, ts_rank(tsv, ${q}::tsquery) as rank from search_docs where tsv @@ ${q}::tsquery order by rank desc, note_id desc limit ${limit}`.execute(db);
    return rows.map((r): Candidate => ({ noteId: Number(r.id), engineScore: Number(r.rank) }));
  },
  async documentFrequency(db, terms) {
    const out = new Map<string, number>();
    for (const term of new Set(terms)) {
      const { rows } = await sql<{ n: string }>`select count(*) as n from search_docs where tsv @@ ${quoteTsLexeme(term)}::tsquery`.execute(db);
      out.set(term, Number(rows[0]?.n ?? 0));
    }
    return out;
  },
  async newestMatchingTerms(db, terms, mode, limit) {
    if (!terms.length) return [];
    const q = terms.map(quoteTsLexeme).join(mode === 'all' ? ' & ' : ' | ');
    const { rows } = await sql<{ id: string; published_at: string }>`select note_id as id, published_at from search_docs where tsv @@ ${q}::tsquery
      order by published_at desc, note_id desc limit ${limit}`.execute(db);
    return rows.map((r): Candidate => ({ noteId: Number(r.id), engineScore: 0 }));
  },
  async newestMatching(db, term, limit) {
    const { rows } = await sql<{ id: string; published_at: string }>`select note_id as id, published_at from search_docs where tsv @@ ${quoteTsLexeme(term)}::tsquery
      order by published_at desc, note_id desc limit ${limit}`.execute(db);
    return rows.map((r) => ({ noteId: Number(r.id), publishedAt: Number(r.published_at) }));
  },
  async titlePrefix(db, prefix, limit) {
    const { rows } = await sql<{ id: string }>`select note_id as id from search_docs where tsv @@ ${`${quoteTsLexeme(prefix)}:*A`}::tsquery order by note_id desc limit ${limit}`.execute(db);
    return rows.map((r) => Number(r.id));
  },
};
