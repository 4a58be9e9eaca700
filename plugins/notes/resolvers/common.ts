// Helpers shared by the resolvers: id parsing, the request's notes loader,
// and "viewer has X" loaders that fetch one page with one query.

import { badInput, localId, type CursorCodec, type MeadowContext } from '../../../core/index.ts';
import type { Notes } from '../service/index.ts';

export type Ctx = MeadowContext;

export const ids = (values: readonly string[] | null | undefined, type: string) => (values ?? []).map((v) => localId(v, type));

/** Per-request loader: does the viewer have a row in `table` for this id? */
export function viewerHas(notes: Notes, gctx: Ctx, table: 'notes_like' | 'notes_share' | 'notes_comment_like', id: number): Promise<boolean> | boolean {
  const viewer = gctx.viewer;
  if (!viewer) return false;
  const column = table === 'notes_comment_like' ? 'comment_id' : 'note_id';
  const loader = gctx.loaders.get<number, boolean>(`notes.${table}:${viewer.accountId}`, async (keys) => {
    const set = await notes.engagement.viewerSet(table, column, viewer.accountId, keys);
    return keys.map((k) => set.has(k));
  });
  return loader.load(id).then(Boolean);
}

/** A cursor that holds one id (comment lists). */
export function decodeId(codec: CursorCodec, cursor: string | null | undefined): number | null {
  if (!cursor) return null;
  const id = codec.decode<number>(cursor);
  if (!Number.isSafeInteger(id)) throw badInput('This cursor does not belong to this list');
  return id;
}
