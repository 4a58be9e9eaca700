// Keeps search_docs and the engine's text index current. Each note event
// makes the index match the note as it is now (read back through the notes
// service), so redelivered or reordered durable events end in the same
// state. Only published public notes are indexed: search is a public
// surface like discovery; unlisted, followers-only and private notes stay out.

import type { Kysely } from 'kysely';
import type { PluginContext } from '../../core/index.ts';
import { NotesServiceRef, type NoteRecord } from '../notes/contracts.ts';
import { postgresBackend } from './engine/postgres.ts';
import { sqliteBackend } from './engine/sqlite.ts';
import type { IndexDocument, SearchBackend } from './engine/types.ts';
import { semanticOf } from './semantic.ts';
import { pinyinInitials } from './text/pinyin.ts';
import { indexTerms } from './text/tokenize.ts';

export function backendFor(dialect: 'sqlite' | 'postgres'): SearchBackend {
  return dialect === 'postgres' ? postgresBackend : sqliteBackend;
}

/** The index document of a note from its fields and plain text (title, body, blocks). */
export function documentOf(note: NoteRecord, plainText: string): IndexDocument {
  const alt = note.images.map((i) => i.alt ?? '').filter(Boolean).join(' ');
  const tags = note.hashtags.map((t) => `#${t}`).join(' ');
  return {
    noteId: note.id,
    authorId: note.authorId,
    publishedAt: (note.publishedAt ?? note.createdAt).getTime(),
    title: note.title,
    titleTerms: indexTerms(note.title),
    bodyTerms: indexTerms(`${plainText} ${alt}`),
    // Each tag as "#tag" and as words, so "露营" finds #露营 notes too.
    tagTerms: indexTerms(`${tags} ${note.hashtags.join(' ')}`),
    likes: note.likesCount,
    collects: note.collectsCount,
    comments: note.commentsCount,
    views: note.viewsCount,
  };
}

export const isSearchable = (note: NoteRecord | null): note is NoteRecord =>
  note !== null && note.status === 'published' && note.visibility === 'public' && note.deletedAt === null;

const tagsOf = (tagTerms: string) => [...new Set(tagTerms.split(' ').filter((t) => t.startsWith('#')))];

export class SearchIndexer {
  private readonly ctx: PluginContext;
  readonly backend: SearchBackend;

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
    this.backend = backendFor(ctx.db.dialect);
  }

  private get notes() {
    return this.ctx.services.get(NotesServiceRef);
  }

  /** Makes the index match these notes as they are now. */
  /** Returns how many of them are searchable (indexed). */
  async syncNotes(noteIds: number[]): Promise<number> {
    if (!noteIds.length) return 0;
    const notes = await this.notes.getByIds(noteIds);
    const docs = notes.filter(isSearchable).map((n) => documentOf(n, this.notes.plainText(n)));
    const keep = new Set(docs.map((d) => d.noteId));
    const removed = noteIds.filter((id) => !keep.has(id));
    await this.ctx.db.transaction(async (tx) => {
      await this.removeIn(tx.db, removed);
      await this.writeIn(tx.db, docs);
    });
    // Vectors (semantic option) are computed in a job: a slow provider never holds up indexing.
    const semantic = semanticOf(this.ctx);
    await semantic.forget(removed);
    if (docs.length && semantic.current()) await this.ctx.jobs.enqueue('embed', { noteIds: docs.map((d) => d.noteId) });
    return docs.length;
  }

  /** Writes documents as given (reindex, tests and benchmarks index generated corpora this way). */
  async write(docs: IndexDocument[]): Promise<void> {
    if (!docs.length) return;
    await this.ctx.db.transaction((tx) => this.writeIn(tx.db, docs));
  }

  async remove(noteIds: number[]): Promise<void> {
    await this.ctx.db.transaction((tx) => this.removeIn(tx.db, noteIds));
  }

  private async writeIn(db: Kysely<any>, docs: IndexDocument[]): Promise<void> {
    if (!docs.length) return;
    const ids = docs.map((d) => d.noteId);
    const old = await db.selectFrom('search_docs').select(['note_id', 'tag_terms']).where('note_id', 'in', ids).execute();
    await this.adjustTags(db, old.flatMap((r) => tagsOf(r.tag_terms)), -1);
    await db.deleteFrom('search_docs').where('note_id', 'in', ids).execute();
    const now = Date.now();
    // Chunks keep each statement under SQLite's variable limit.
    for (let i = 0; i < docs.length; i += 200) {
      await db.insertInto('search_docs').values(docs.slice(i, i + 200).map((d) => {
        const initials = pinyinInitials(d.title);
        return {
          note_id: d.noteId, author_id: d.authorId, published_at: d.publishedAt, title: d.title.slice(0, 200),
          title_terms: d.titleTerms.join(' '), body_terms: d.bodyTerms.join(' '), tag_terms: d.tagTerms.join(' '),
          likes: d.likes, collects: d.collects, comments: d.comments, views: d.views, indexed_at: now,
          initials: initials.primary, initials_alt: initials.alternate,
        };
      })).execute();
    }
    await this.backend.write(db, docs);
    await this.adjustTags(db, docs.flatMap((d) => tagsOf(d.tagTerms.join(' '))), 1);
  }

  private async removeIn(db: Kysely<any>, noteIds: number[]): Promise<void> {
    if (!noteIds.length) return;
    const old = await db.selectFrom('search_docs').select(['tag_terms']).where('note_id', 'in', noteIds).execute();
    await this.adjustTags(db, old.flatMap((r) => tagsOf(r.tag_terms)), -1);
    await this.backend.remove(db, noteIds);
    await db.deleteFrom('search_docs').where('note_id', 'in', noteIds).execute();
  }

  private async adjustTags(db: Kysely<any>, tags: string[], delta: number): Promise<void> {
    const counts = new Map<string, number>();
    for (const t of tags) if (t.length <= 100) counts.set(t, (counts.get(t) ?? 0) + delta);
    for (const [tag, n] of counts) {
      const initials = pinyinInitials(tag);
      await db.insertInto('search_tags').values({ tag, notes: Math.max(0, n), initials: initials.primary, initials_alt: initials.alternate })
        .onConflict((oc) => oc.column('tag').doUpdateSet({ notes: (eb: any) => eb('search_tags.notes', '+', n) }))
        .execute();
    }
    if (delta < 0) await db.deleteFrom('search_tags').where('notes', '<=', 0).execute();
  }

  /** Engagement changed: copy the note's counters (cheap, no re-segmenting). */
  async refreshCounts(noteId: number): Promise<void> {
    const note = await this.notes.getById(noteId);
    if (!isSearchable(note)) return;
    await this.ctx.db.kysely().updateTable('search_docs')
      .set({ likes: note.likesCount, collects: note.collectsCount, comments: note.commentsCount, views: note.viewsCount })
      .where('note_id', '=', noteId).execute();
  }

  /**
   * Rebuilds the index from every published note, in batches, reporting
   * progress (notes done of the total). The ids are listed first (ids only,
   * cheap) so the total is known; notes that are no longer searchable are
   * dropped on the way; documents of notes that no longer exist are removed
   * at the end.
   */
  async reindex(progress?: (done: number, total: number) => void, batch = 200): Promise<{ indexed: number; removed: number; total: number }> {
    const ids: number[] = [];
    for (let afterId = 0; ;) {
      const page = await this.notes.listPublishedIds({ afterId, limit: 1000 });
      if (!page.length) break;
      ids.push(...page);
      afterId = page.at(-1)!;
    }
    progress?.(0, ids.length);
    let indexed = 0;
    for (let i = 0; i < ids.length; i += batch) {
      const chunk = ids.slice(i, i + batch);
      indexed += await this.syncNotes(chunk);
      progress?.(i + chunk.length, ids.length);
    }
    const live = new Set(ids);
    const stored = (await this.ctx.db.kysely().selectFrom('search_docs').select('note_id').execute()).map((r) => Number(r.note_id));
    const stale = stored.filter((id) => !live.has(id));
    for (let i = 0; i < stale.length; i += 500) await this.remove(stale.slice(i, i + 500));
    return { indexed, removed: stale.length, total: ids.length };
  }
}

const indexers = new WeakMap<PluginContext, SearchIndexer>();
export function indexerOf(ctx: PluginContext): SearchIndexer {
  let indexer = indexers.get(ctx);
  if (!indexer) indexers.set(ctx, (indexer = new SearchIndexer(ctx)));
  return indexer;
}
