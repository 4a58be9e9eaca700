// Reading notes and deciding who may read them. A note someone may not
// read is reported as NOT_FOUND, never FORBIDDEN, so its existence does
// not leak.

import { notFound, type MeadowContext } from '../../../core/index.ts';
import type { NoteRecord } from '../contracts.ts';
import type { Deps } from './deps.ts';
import { byIds, NOTE_COLUMNS, toNote } from './rows.ts';

export class NoteReader {
  private readonly deps: Deps;
  constructor(deps: Deps) {
    this.deps = deps;
  }

  async getByIds(ids: readonly number[]): Promise<(NoteRecord | null)[]> {
    const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id));
    if (!unique.length) return ids.map(() => null);
    const rows = await this.deps.db().selectFrom('notes_note').select(NOTE_COLUMNS).where('id', 'in', unique).execute();
    return byIds(ids, rows.map(toNote));
  }

  /** The same read inside a transaction (sees its uncommitted writes). */
  async getByIdsIn(tx: { db: import('kysely').Kysely<any> }, ids: number[]): Promise<NoteRecord[]> {
    const rows = await tx.db.selectFrom('notes_note').select(NOTE_COLUMNS).where('id', 'in', ids).execute();
    return rows.map(toNote);
  }

  async getById(id: number): Promise<NoteRecord | null> {
    return (await this.getByIds([id]))[0] ?? null;
  }

  loader(gctx: Pick<MeadowContext, 'loaders'>) {
    return gctx.loaders.get<number, NoteRecord>('notes.byId', (ids) => this.getByIds(ids));
  }

  /**
   * Which notes `viewerId` may read: published (the author also sees own
   * drafts), visibility (followers-only needs a follow, private is the
   * author's), not held or hidden by moderators (the author still sees
   * it), not by a suspended account, and not by an account the viewer
   * blocked or muted. At most three extra queries for any number of notes.
   */
  async filterReadable(
    notes: NoteRecord[],
    viewerId: number | null,
    options: { includeOwnUnpublished?: boolean; known?: { following: Set<number>; hidden: Set<number> } } = {},
  ): Promise<NoteRecord[]> {
    const live = notes.filter((n) => n.status !== 'deleted' && (n.status === 'published' || (options.includeOwnUnpublished && n.authorId === viewerId)));
    if (!live.length) return [];
    const needsFollow = viewerId != null && live.some((n) => n.visibility === 'followers' && n.authorId !== viewerId);
    const accounts = this.deps.accounts();
    const others = [...new Set(live.filter((n) => n.authorId !== viewerId).map((n) => n.authorId))];
    const [[following, hidden], suspended] = await Promise.all([
      options.known ? [options.known.following, options.known.hidden] : Promise.all([
        needsFollow ? accounts.followingIds(viewerId!).then((ids) => new Set(ids)) : Promise.resolve(new Set<number>()),
        viewerId != null && others.length ? accounts.hiddenAccountIds(viewerId).then((ids) => new Set(ids)) : Promise.resolve(new Set<number>()),
      ]),
      others.length ? accounts.suspendedAmong(others) : Promise.resolve(new Set<number>()),
    ]);
    return live.filter((n) => {
      if (n.authorId === viewerId) return true;
      // A suspended person's notes are hidden from everyone else.
      if (suspended.has(n.authorId)) return false;
      // Held for review or hidden by a moderator: its author alone still sees it.
      if (n.moderation.state !== 'visible') return false;
      if (hidden.has(n.authorId)) return false;
      if (n.visibility === 'public' || n.visibility === 'unlisted') return true;
      if (n.visibility === 'followers') return following.has(n.authorId);
      return false;
    });
  }

  async visibleTo(noteIds: readonly number[], viewerId: number | null): Promise<Set<number>> {
    const notes = (await this.getByIds(noteIds)).filter((n): n is NoteRecord => n !== null);
    return new Set((await this.filterReadable(notes, viewerId)).map((n) => n.id));
  }

  async listByIds(ids: readonly number[], viewerId: number | null): Promise<NoteRecord[]> {
    const notes = (await this.getByIds(ids)).filter((n): n is NoteRecord => n !== null);
    return this.filterReadable(notes, viewerId);
  }

  /** One note for one viewer; also hides notes across a block in either direction. */
  async readable(note: NoteRecord | null, viewerId: number | null, options: { includeOwnUnpublished?: boolean } = {}): Promise<NoteRecord | null> {
    if (!note) return null;
    const [ok] = await this.filterReadable([note], viewerId, options);
    if (!ok) return null;
    if (viewerId != null && note.authorId !== viewerId && (await this.deps.accounts().isBlocked(viewerId, note.authorId))) return null;
    return ok;
  }

  async canRead(noteId: number, viewerId: number | null): Promise<boolean> {
    return (await this.readable(await this.getById(noteId), viewerId)) !== null;
  }

  /** The note if the viewer may read it, else NOT_FOUND. */
  async requireReadable(noteId: number, viewerId: number | null, options: { includeOwnUnpublished?: boolean } = {}): Promise<NoteRecord> {
    const note = await this.readable(await this.getById(noteId), viewerId, options);
    if (!note) throw notFound('The note');
    return note;
  }
}
