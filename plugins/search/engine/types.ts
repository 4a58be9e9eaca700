// One interface, two engines. A backend keeps the text index of
// `search_docs` and answers "which notes contain any of these terms" with
// its own relevance (FTS5 bm25, PostgreSQL ts_rank) for picking candidates.
// Final scores are computed by plugins/search/ranking.ts from the stored
// terms, identically on both engines.

import type { Kysely } from 'kysely';

export interface IndexDocument {
  noteId: number;
  authorId: number;
  /** Epoch milliseconds. */
  publishedAt: number;
  title: string;
  titleTerms: string[];
  bodyTerms: string[];
  tagTerms: string[];
  likes: number;
  collects: number;
  comments: number;
  views: number;
}

export interface Candidate {
  noteId: number;
  /** The engine's own relevance, higher is better (only for ordering candidates). */
  engineScore: number;
}

export interface SearchBackend {
  readonly engine: 'sqlite' | 'postgres';
  /** Writes the text index of these documents (rows of search_docs already written in `db`). */
  write(db: Kysely<any>, docs: IndexDocument[]): Promise<void>;
  remove(db: Kysely<any>, noteIds: number[]): Promise<void>;
  /** Notes containing any of the terms, best first by the engine's relevance. */
  match(db: Kysely<any>, terms: string[], limit: number): Promise<Candidate[]>;
  /** How many indexed notes contain each term. */
  documentFrequency(db: Kysely<any>, terms: string[]): Promise<Map<string, number>>;
  /**
   * The newest notes containing all (`mode: 'all'`) or any of the terms —
   * the bounded candidate pass for terms too frequent to rank every match.
   */
  newestMatchingTerms(db: Kysely<any>, terms: string[], mode: 'all' | 'any', limit: number): Promise<Candidate[]>;
  /** The newest notes containing `term` (feeds: "new under a tag you like"). */
  newestMatching(db: Kysely<any>, term: string, limit: number): Promise<{ noteId: number; publishedAt: number }[]>;
  /** Note ids whose title has a term starting with `prefix`. */
  titlePrefix(db: Kysely<any>, prefix: string, limit: number): Promise<number[]>;
}

/** A term as a quoted literal: every character is data, never syntax. */
export function quoteFts5(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

export function quoteTsLexeme(term: string): string {
  return `'${term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
