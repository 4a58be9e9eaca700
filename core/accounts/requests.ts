// GraphQL for locked accounts and account deletion: the `locked` setting,
// follow requests waiting for the viewer (approve / reject), the aliases
// and move target every account shows, and deleting an account (by the
// person, with their password, or by an admin). Merged into the accounts
// module's schema by graphql.ts.

import type { PluginContext } from '../plugins/context.ts';
import { requireRole, requireViewer, type MeadowContext } from '../graphql/context.ts';
import { CursorCodec, localId, pageSize, toConnection, type PageArgs } from '../graphql/relay.ts';
import { badInput, notFound } from '../errors/errors.ts';
import type { AccountRecord } from './contracts.ts';
import { SESSION_COOKIE } from './auth.ts';
import { storeOf } from './store.ts';

export const requestsTypeDefs = /* GraphQL */ `
  extend type Account {
    "Follows need the account's approval: following it sends a request first."
    locked: Boolean!
    "Actor URIs of the person's other accounts (aliases an account may move from or to)."
    alsoKnownAs: [String!]!
    "Actor URI of the account this one moved to; null when it has not moved."
    movedTo: String
    "Is the viewer's follow request to this locked account waiting? (false when signed out)"
    viewerRequestedFollow: Boolean!
  }

  extend input UpdateProfileInput {
    "Locked: new followers must be approved (followRequests)."
    locked: Boolean
  }

  extend type Query {
    "Follow requests waiting for the signed-in account's approval, newest first."
    followRequests(first: Int = 20, after: String): AccountConnection!
  }

  extend type Mutation {
    "Approves a follow request: the requester now follows the viewer. NOT_FOUND when there is no such request."
    approveFollowRequest(accountId: ID!): Account!
    "Rejects a follow request. NOT_FOUND when there is no such request."
    rejectFollowRequest(accountId: ID!): Account!
    "Deletes the signed-in account for good (its password confirms it); other instances are told first."
    deleteAccount(password: String!): Boolean!
    "Admin only: deletes an account of this instance."
    adminDeleteAccount(accountId: ID!): Boolean!
  }
`;

type Ctx = MeadowContext;

export function requestsResolvers(ctx: PluginContext) {
  const store = storeOf(ctx);
  const codec = () => new CursorCodec(ctx.secret);

  const answer = (approve: boolean) => async (_: unknown, args: { accountId: string }, gctx: Ctx) => {
    const viewer = requireViewer(gctx);
    const requesterId = localId(args.accountId, 'Account');
    await store.answerFollowRequest(viewer.accountId, requesterId, approve);
    const requester = await store.getById(requesterId);
    if (!requester) throw notFound('The account');
    return requester;
  };

  return {
    Account: {
      locked: (a: AccountRecord) => a.locked,
      alsoKnownAs: (a: AccountRecord) => a.alsoKnownAs,
      movedTo: (a: AccountRecord) => a.movedTo,
      viewerRequestedFollow: (a: AccountRecord, _: unknown, gctx: Ctx) =>
        gctx.viewer && gctx.viewer.accountId !== a.id && a.locked ? store.hasFollowRequest(gctx.viewer.accountId, a.id) : false,
    },
    Query: {
      followRequests: async (_: unknown, args: PageArgs, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const first = pageSize(args);
        const c = codec();
        const after = args.after ? c.decode<[number, number]>(args.after) : null;
        if (after && !(Array.isArray(after) && after.length === 2 && after.every(Number.isFinite))) throw badInput('This cursor is not a cursor of this list');
        const rows = await store.followRequestPage(viewer.accountId, first + 1, after);
        const conn = toConnection(rows, first, c, (r) => [r.requestedAt.getTime(), r.account.id], await store.countFollowRequests(viewer.accountId));
        return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: e.node.account })) };
      },
    },
    Mutation: {
      approveFollowRequest: answer(true),
      rejectFollowRequest: answer(false),
      deleteAccount: async (_: unknown, args: { password: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        await ctx.rateLimit(`password:${viewer.accountId}`, ctx.config.rateLimits.authMax, ctx.config.rateLimits.authWindowMs);
        await store.confirmPassword(viewer.accountId, args.password);
        await store.deleteAccount(viewer.accountId);
        gctx.reply?.clearCookie(SESSION_COOKIE, { path: '/' });
        return true;
      },
      adminDeleteAccount: async (_: unknown, args: { accountId: string }, gctx: Ctx) => {
        requireRole(gctx, 'admin');
        const account = await store.getById(localId(args.accountId, 'Account'));
        if (!account || account.remote) throw notFound('The account');
        await store.deleteAccount(account.id);
        return true;
      },
    },
  };
}
