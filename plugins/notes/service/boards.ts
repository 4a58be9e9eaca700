// Boards (收藏专辑): named, public or private collections of notes with an
// order the owner chooses. Collecting into someone else's board is refused.

import { badInput, forbidden, notFound, type Viewer } from '../../../core/index.ts';
import { NoteCollected, NoteUncollected, type BoardRecord } from '../contracts.ts';
import { checkBoardInput } from '../validation.ts';
import type { Deps } from './deps.ts';
import type { NoteReader } from './read.ts';
import { bump } from './engagement.ts';
import { BOARD_COLUMNS, byIds, toBoard } from './rows.ts';

const MAX_BOARDS = 200;

export class Boards {
  private readonly deps: Deps;
  private readonly reader: NoteReader;
  constructor(deps: Deps, reader: NoteReader) {
    this.deps = deps;
    this.reader = reader;
  }

  async getByIds(ids: readonly number[]): Promise<(BoardRecord | null)[]> {
    if (!ids.length) return [];
    const rows = await this.deps.db().selectFrom('notes_board').select(BOARD_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    return byIds(ids, rows.map(toBoard));
  }

  async get(id: number): Promise<BoardRecord | null> {
    return (await this.getByIds([id]))[0] ?? null;
  }

  /** A board the viewer may see (public, or their own), else NOT_FOUND. */
  async requireVisible(id: number, viewerId: number | null): Promise<BoardRecord> {
    const board = await this.get(id);
    if (!board || (board.visibility === 'private' && board.ownerId !== viewerId)) throw notFound('The board');
    return board;
  }

  /** The viewer's own board; someone else's visible board is FORBIDDEN, a hidden one NOT_FOUND. */
  async requireOwn(viewer: Viewer, id: number): Promise<BoardRecord> {
    const board = await this.requireVisible(id, viewer.accountId);
    if (board.ownerId !== viewer.accountId) throw forbidden('This board belongs to someone else');
    return board;
  }

  async listOf(ownerId: number, viewerId: number | null): Promise<BoardRecord[]> {
    let q = this.deps.db().selectFrom('notes_board').select(BOARD_COLUMNS).where('owner_id', '=', ownerId);
    if (ownerId !== viewerId) q = q.where('visibility', '=', 'public');
    return (await q.orderBy('id', 'asc').limit(MAX_BOARDS).execute()).map(toBoard);
  }

  /** Boards of many owners in one query (public ones, plus the viewer's own private ones). */
  async listOfMany(ownerIds: readonly number[], viewerId: number | null): Promise<BoardRecord[][]> {
    const rows = await this.deps.db().selectFrom('notes_board').select(BOARD_COLUMNS).where('owner_id', 'in', [...ownerIds])
      .where((eb) => (viewerId === null ? eb('visibility', '=', 'public') : eb.or([eb('visibility', '=', 'public'), eb('owner_id', '=', viewerId)])))
      .orderBy('id', 'asc').execute();
    const boards = rows.map(toBoard);
    return ownerIds.map((id) => boards.filter((b) => b.ownerId === id).slice(0, MAX_BOARDS));
  }

  async create(viewer: Viewer, input: { name?: unknown; description?: unknown; visibility?: unknown }): Promise<BoardRecord> {
    const clean = checkBoardInput(input, false);
    const [{ n }] = (await this.deps.db().selectFrom('notes_board').select((eb) => eb.fn.countAll().as('n')).where('owner_id', '=', viewer.accountId).execute()) as [{ n: unknown }];
    if (Number(n) >= MAX_BOARDS) throw badInput(`You have ${MAX_BOARDS} boards already`);
    const [row] = await this.deps.db().insertInto('notes_board')
      .values({ owner_id: viewer.accountId, name: clean.name!, description: clean.description ?? '', visibility: clean.visibility ?? 'public', created_at: Date.now() })
      .returning('id').execute();
    return (await this.get(Number(row!.id)))!;
  }

  async update(viewer: Viewer, id: number, input: { name?: unknown; description?: unknown; visibility?: unknown }): Promise<BoardRecord> {
    await this.requireOwn(viewer, id);
    const clean = checkBoardInput(Object.fromEntries(Object.entries(input).filter(([, v]) => v != null)), true);
    if (Object.keys(clean).length) await this.deps.db().updateTable('notes_board').set(clean).where('id', '=', id).execute();
    return (await this.get(id))!;
  }

  async delete(viewer: Viewer, id: number): Promise<void> {
    await this.requireOwn(viewer, id);
    await this.deps.ctx.db.transaction(async (tx) => {
      // Each collected note loses one collect.
      await tx.db.updateTable('notes_note').set((eb: any) => ({ collects_count: eb('collects_count', '-', 1) }))
        .where('id', 'in', tx.db.selectFrom('notes_board_item').select('note_id').where('board_id', '=', id)).execute();
      await tx.db.deleteFrom('notes_board_item').where('board_id', '=', id).execute();
      await tx.db.deleteFrom('notes_board').where('id', '=', id).execute();
    });
  }

  /** Idempotent: a note already in the board stays where it is. */
  async collect(viewer: Viewer, noteId: number, boardId: number): Promise<void> {
    const board = await this.requireOwn(viewer, boardId);
    const note = await this.reader.requireReadable(noteId, viewer.accountId);
    await this.deps.ctx.db.transaction(async (tx) => {
      const [{ top }] = (await tx.db.selectFrom('notes_board_item').select((eb) => eb.fn.max('position').as('top')).where('board_id', '=', boardId).execute()) as [{ top: unknown }];
      const inserted = await tx.db.insertInto('notes_board_item')
        .values({ board_id: boardId, note_id: noteId, position: Number(top ?? 0) + 1, created_at: Date.now() })
        .onConflict((oc) => oc.columns(['board_id', 'note_id']).doNothing())
        .returning('note_id').execute();
      if (!inserted.length) return;
      await bump(tx, 'notes_board', boardId, 'items_count', +1);
      const collectsCount = await bump(tx, 'notes_note', noteId, 'collects_count', +1);
      await this.deps.ctx.hooks.emit(NoteCollected, { noteId, noteAuthorId: note.authorId, accountId: viewer.accountId, boardId, boardVisibility: board.visibility, collectsCount }, tx);
    });
  }

  async uncollect(viewer: Viewer, noteId: number, boardId: number): Promise<void> {
    await this.requireOwn(viewer, boardId);
    // Read before the transaction: on SQLite the transaction holds the only connection.
    const note = await this.reader.getById(noteId);
    await this.deps.ctx.db.transaction(async (tx) => {
      const res = await tx.db.deleteFrom('notes_board_item').where('board_id', '=', boardId).where('note_id', '=', noteId).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) return;
      await bump(tx, 'notes_board', boardId, 'items_count', -1);
      const collectsCount = await bump(tx, 'notes_note', noteId, 'collects_count', -1);
      await this.deps.ctx.hooks.emit(NoteUncollected, { noteId, noteAuthorId: note?.authorId ?? 0, accountId: viewer.accountId, boardId, collectsCount }, tx);
    });
  }

  /** Sets the order: `noteIds` must list exactly the board's notes. */
  async reorder(viewer: Viewer, boardId: number, noteIds: number[]): Promise<void> {
    await this.requireOwn(viewer, boardId);
    await this.deps.ctx.db.transaction(async (tx) => {
      const rows = await tx.db.selectFrom('notes_board_item').select('note_id').where('board_id', '=', boardId).execute();
      const current = new Set(rows.map((r) => Number(r.note_id)));
      if (noteIds.length !== current.size || new Set(noteIds).size !== noteIds.length || !noteIds.every((id) => current.has(id))) {
        throw badInput(`List each of the board's ${current.size} notes exactly once`, { field: 'noteIds' });
      }
      for (const [i, noteId] of noteIds.entries()) {
        await tx.db.updateTable('notes_board_item').set({ position: i + 1 }).where('board_id', '=', boardId).where('note_id', '=', noteId).execute();
      }
    });
  }

  /** Items in the owner's order: (position, noteId) pairs after a position. */
  async items(boardId: number, limit: number, after: [number, number] | null): Promise<{ noteId: number; position: number }[]> {
    let q = this.deps.db().selectFrom('notes_board_item').select(['note_id', 'position']).where('board_id', '=', boardId);
    if (after) q = q.where((eb) => eb.or([eb('position', '>', after[0]), eb.and([eb('position', '=', after[0]), eb('note_id', '>', after[1])])]));
    const rows = await q.orderBy('position', 'asc').orderBy('note_id', 'asc').limit(limit).execute();
    return rows.map((r) => ({ noteId: Number(r.note_id), position: Number(r.position) }));
  }
}
