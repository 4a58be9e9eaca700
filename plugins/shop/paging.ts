// Cursor paging for the shop's lists: a cursor is signed and names the list
// it belongs to, so one list's cursor is refused by another.

import { CursorCodec, badInput, pageSize, toConnection, type Connection } from '../../core/index.ts';

export class Pager {
  private readonly codec: CursorCodec;
  constructor(secret: string) {
    this.codec = new CursorCodec(secret);
  }

  /** Page size from `first` (0–100, default 20). */
  first(first: number | null | undefined): number {
    return pageSize({ first });
  }

  /** The id after which the page starts, or null for the first page. */
  after(list: string, after: string | null | undefined): number | null {
    if (!after) return null;
    const raw = this.codec.decode<unknown>(after);
    if (!Array.isArray(raw) || raw[0] !== list || !Number.isSafeInteger(raw[1])) throw badInput('This cursor belongs to another list; start again from the first page', { field: 'after' });
    return raw[1] as number;
  }

  /** A connection from rows fetched with limit first + 1. */
  connection<T extends { id: number }>(list: string, rows: T[], first: number): Connection<T> {
    return toConnection(rows, first, this.codec, (row) => [list, row.id]);
  }
}
