// The signed-in person's own lists of the people they blocked and muted,
// newest first, so they can review and undo them (unblock / unmute are in
// graphql.ts). Merged into the accounts module's schema by index.ts.

import type { Kysely } from 'kysely';
import type { PluginContext } from '../plugins/context.ts';
import type { Resolvers } from '../plugins/define.ts';
import { requireViewer, type MeadowContext } from '../graphql/context.ts';
import { CursorCodec, pageSize, toConnection, type PageArgs } from '../graphql/relay.ts';
import { timestampValue, toDate } from '../data/database.ts';
import { badInput } from '../errors/errors.ts';
import type { AccountRecord } from './contracts.ts';
import { storeOf, toRecord } from './store.ts';

export const personalListsTypeDefs = /* GraphQL */ `
  extend type Query {
    "The people the signed-in account blocked, most recently blocked first."
    blockedAccounts(first: Int = 20, after: String): AccountConnection!
    "The people the signed-in account muted, most recently muted first."
    mutedAccounts(first: Int = 20, after: String): AccountConnection!
  }
`;

type ListName = 'blocked' | 'muted';

/** Which table holds a list, and its owner and member columns. */
const LISTS: Record<ListName, { table: 'core_blocks' | 'core_mutes'; owner: string; member: string }> = {
  blocked: { table: 'core_blocks', owner: 'blocker_id', member: 'blocked_id' },
  muted: { table: 'core_mutes', owner: 'muter_id', member: 'muted_id' },
};

interface Listed {
  account: AccountRecord;
  listedAt: Date;
}

/** One page of a list; `after` is [listed-at ms, account id]; one extra row tells if there are more. */
async function listPage(ctx: PluginContext, list: ListName, ownerId: number, limit: number, after: [number, number] | null): Promise<Listed[]> {
  const { table, owner, member } = LISTS[list];
  const db: Kysely<any> = ctx.db.kysely();
  let q = db.selectFrom(`${table} as r`)
    .innerJoin('core_accounts as a', 'a.id', `r.${member}`)
    .selectAll('a')
    .select('r.created_at as listed_at')
    .where(`r.${owner}`, '=', ownerId);
  if (after) {
    const at = timestampValue(ctx.db.dialect, new Date(after[0]));
    q = q.where((eb) => eb.or([eb('r.created_at', '<', at), eb.and([eb('r.created_at', '=', at), eb(`r.${member}`, '<', after[1])])]));
  }
  const rows = await q.orderBy('r.created_at', 'desc').orderBy(`r.${member}`, 'desc').limit(limit).execute();
  return rows.map((r) => ({ account: toRecord(r), listedAt: toDate(r.listed_at)! }));
}

async function listCount(ctx: PluginContext, list: ListName, ownerId: number): Promise<number> {
  const { table, owner } = LISTS[list];
  const row = await ctx.db.kysely().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(owner, '=', ownerId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function personalListsResolvers(ctx: PluginContext): Resolvers {
  const codec = () => new CursorCodec(ctx.secret);
  const store = storeOf(ctx);

  const listOf = (list: ListName) => async (_: unknown, args: PageArgs, gctx: MeadowContext) => {
    const viewer = requireViewer(gctx);
    const first = pageSize(args);
    const c = codec();
    // Cursors name their list, so one list's cursor is refused by another.
    const raw = args.after ? c.decode<unknown>(args.after) : null;
    if (raw !== null && !(Array.isArray(raw) && raw.length === 3 && raw[0] === list && Number.isFinite(raw[1]) && Number.isFinite(raw[2]))) {
      throw badInput('This cursor is not a cursor of this list; start again from the first page', { field: 'after' });
    }
    const after = raw ? [raw[1], raw[2]] as [number, number] : null;
    const rows = await listPage(ctx, list, viewer.accountId, first + 1, after);
    // The accounts came with the page: nested fields reuse them.
    const loader = store.loader(gctx);
    for (const r of rows) loader.prime(r.account.id, r.account);
    const conn = toConnection(rows, first, c, (r) => [list, r.listedAt.getTime(), r.account.id], await listCount(ctx, list, viewer.accountId));
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: e.node.account })) };
  };

  return {
    Query: {
      blockedAccounts: listOf('blocked'),
      mutedAccounts: listOf('muted'),
    },
  };
}
