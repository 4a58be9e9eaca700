// Relay conventions: global IDs ("Type:id", base64url) and connections with
// opaque cursors. Cursors are signed, so a tampered cursor is a clear
// BAD_USER_INPUT rather than a wrong page.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { badInput } from '../errors/errors.ts';

export function toGlobalId(type: string, id: string | number): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

export function fromGlobalId(globalId: string, expectedType?: string): { type: string; id: string } {
  const raw = typeof globalId === 'string' && globalId.length < 200 ? Buffer.from(globalId, 'base64url').toString() : '';
  const at = raw.indexOf(':');
  const type = raw.slice(0, at);
  const id = raw.slice(at + 1);
  if (at <= 0 || !id || !/^[A-Za-z]+$/.test(type)) throw badInput(`"${String(globalId).slice(0, 60)}" is not a valid ID`);
  if (expectedType && type !== expectedType) throw badInput(`The ID given is a ${type}, but a ${expectedType} is needed here`);
  return { type, id };
}

/** Numeric local id from a global ID of the expected type. */
export function localId(globalId: string, expectedType: string): number {
  const { id } = fromGlobalId(globalId, expectedType);
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) throw badInput(`"${globalId}" is not a valid ${expectedType} ID`);
  return n;
}

export class CursorCodec {
  private readonly key: string;
  constructor(secret: string) {
    this.key = secret;
  }
  encode(position: unknown): string {
    const body = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }
  decode<T>(cursor: string): T {
    const [body, mac] = typeof cursor === 'string' ? cursor.split('.') : [];
    const expected = body ? this.sign(body) : '';
    if (!body || !mac || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
      throw badInput('This cursor is invalid or was altered; start again from the first page');
    }
    return JSON.parse(Buffer.from(body, 'base64url').toString()) as T;
  }
  private sign(body: string) {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const MAX_PAGE = 100;

export function pageSize(args: PageArgs, fallback = 20): number {
  const first = args.first ?? fallback;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw badInput(`first must be between 0 and ${MAX_PAGE}`);
  return first;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null };
  totalCount?: number;
}

/**
 * Builds a connection from `rows` fetched with limit first+1 (the extra row
 * only tells whether there is a next page).
 */
export function toConnection<T>(rows: T[], first: number, codec: CursorCodec, positionOf: (row: T) => unknown, totalCount?: number): Connection<T> {
  const page = rows.slice(0, first);
  // Cursors are signed only when a client asks for them (most ask for endCursor only).
  const cursorOf = (node: T) => codec.encode(positionOf(node));
  const edges = page.map((node) => ({
    node,
    get cursor() {
      return cursorOf(node);
    },
  }));
  const last = page.at(-1);
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      get endCursor() {
        return last === undefined ? null : cursorOf(last);
      },
      hasPreviousPage: false,
      get startCursor() {
        return page.length ? cursorOf(page[0]) : null;
      },
    },
    ...(totalCount === undefined ? {} : { totalCount }),
  };
}
