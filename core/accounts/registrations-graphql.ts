// GraphQL of registrations: what signUp takes and answers beyond the
// basics (rules accepted, invite code, reason; a request waiting for
// approval), the admins' queue of waiting sign-ups, and invite codes.

import type { PluginContext } from '../plugins/context.ts';
import type { Resolvers } from '../plugins/define.ts';
import { requireRole, requireViewer, type MeadowContext, type Viewer } from '../graphql/context.ts';
import { CursorCodec, localId, pageSize, toConnection, toGlobalId, type PageArgs } from '../graphql/relay.ts';
import { badInput, notFound } from '../errors/errors.ts';
import { storeOf } from './store.ts';
import { registrationsOf } from './registrations.ts';
import { isUsable, type Inviter, type InviteRecord } from './invites.ts';
import { REJECTION_MESSAGE_MAX, type SignUpRequestRecord } from './sign-up-review.ts';

export const registrationsTypeDefs = /* GraphQL */ `
  extend input SignUpInput {
    "Required (true) when the instance has rules: the person has read them and accepts them."
    acceptRules: Boolean
    "An invite code: required when registrations are invite-only; in approval mode a valid one skips the wait."
    inviteCode: String
    "Approval mode: why the person wants to join, for the admins (at most 1,000 characters)."
    reason: String
  }

  "What signUp answers: a session, or (approval mode) an account waiting for an admin."
  type SignUpPayload {
    "Null while the account waits for approval: no session is started."
    token: String
    expiresAt: DateTime
    account: Account!
    "True when an admin must approve the account before it can sign in (signIn answers FORBIDDEN until then)."
    awaitingApproval: Boolean!
  }

  "A sign-up waiting for an admin's approval."
  type SignUpRequest {
    account: Account!
    "The applicant's own words on why they want to join (may be empty)."
    reason: String!
    requestedAt: DateTime!
  }

  type SignUpRequestEdge {
    cursor: String!
    node: SignUpRequest!
  }

  type SignUpRequestConnection {
    edges: [SignUpRequestEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  "An invite code: lets a person sign up when registrations are invite-only, and skips the wait in approval mode."
  type Invite {
    id: ID!
    "Give it to the person (at sign-up, or as /signup?invite=CODE); read case-insensitively."
    code: String!
    "How many sign-ups it allows; null: any number."
    maxUses: Int
    uses: Int!
    "Null: it never expires."
    expiresAt: DateTime
    createdAt: DateTime!
    createdBy: Account
    "Can it be used now (not expired, used up or revoked)?"
    usable: Boolean!
    revoked: Boolean!
    "The accounts that signed up with it, first ones first."
    usedBy: [Account!]!
  }

  type InviteEdge {
    cursor: String!
    node: Invite!
  }

  type InviteConnection {
    edges: [InviteEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  input CreateInviteInput {
    "Sign-ups it allows. Members: 1–25 (default 1). Admins: 1–10,000, or left out for any number."
    maxUses: Int
    "When it stops working. Members: within 30 days (default in 7 days). Admins: within a year, or left out for never."
    expiresAt: DateTime
  }

  extend type Query {
    "Admin: sign-ups waiting for approval, oldest first."
    pendingSignUps(first: Int = 20, after: String): SignUpRequestConnection!
    "Invite codes, newest first, revoked ones left out: every one for admins, one's own for everyone else."
    invites(first: Int = 20, after: String): InviteConnection!
  }

  extend type Mutation {
    "Admin: approve a waiting sign-up. The person can sign in from now on and gets a notification."
    approveSignUp(accountId: ID!): Account!
    "Admin: reject a waiting sign-up. The account is removed and its handle is free again; the person is told (with the message) when they next try to sign in."
    rejectSignUp(accountId: ID!, message: String): Boolean!
    "Create an invite code: admins, and members when the instance allows it (not in an account's first hours)."
    createInvite(input: CreateInviteInput): Invite!
    "Revoke an invite code (its creator or an admin). Accounts made with it stay."
    revokeInvite(id: ID!): Invite!
  }
`;

type Ctx = MeadowContext;

export function registrationsResolvers(ctx: PluginContext): Resolvers {
  const store = storeOf(ctx);
  const registrations = registrationsOf(ctx);
  const codec = () => new CursorCodec(ctx.secret);

  const inviter = async (viewer: Viewer, gctx: Ctx): Promise<Inviter> => {
    const account = await store.loader(gctx).load(viewer.accountId);
    if (!account) throw notFound('Your account');
    return { id: account.id, isAdmin: viewer.role === 'admin', createdAt: account.createdAt };
  };
  const mayReadUses = (invite: InviteRecord, viewer: Viewer | null) => !!viewer && (viewer.role === 'admin' || viewer.accountId === invite.createdById);

  return {
    SignUpRequest: {
      account: (r: SignUpRequestRecord, _: unknown, gctx: Ctx) => store.loader(gctx).load(r.accountId),
    },
    Invite: {
      id: (i: InviteRecord) => toGlobalId('Invite', i.id),
      createdBy: (i: InviteRecord, _: unknown, gctx: Ctx) => (i.createdById == null ? null : store.loader(gctx).load(i.createdById)),
      usable: (i: InviteRecord) => isUsable(i),
      revoked: (i: InviteRecord) => !!i.revokedAt,
      usedBy: async (i: InviteRecord, _: unknown, gctx: Ctx) => {
        if (!mayReadUses(i, gctx.viewer)) return [];
        const accounts = await store.loader(gctx).loadMany(await registrations.invites.usedBy(i.id));
        return accounts.filter((a) => a && !(a instanceof Error));
      },
    },
    Query: {
      pendingSignUps: async (_: unknown, args: PageArgs, gctx: Ctx) => {
        requireRole(gctx, 'admin');
        const first = pageSize(args);
        const c = codec();
        const after = args.after ? c.decode<[number, number]>(args.after) : null;
        if (after && !(Array.isArray(after) && after.length === 2 && after.every(Number.isFinite))) throw badInput('This cursor is not a cursor of this list');
        const [rows, total] = await Promise.all([registrations.review.page(first + 1, after), registrations.review.count()]);
        return toConnection(rows, first, c, (r) => [r.requestedAt.getTime(), r.accountId], total);
      },
      invites: async (_: unknown, args: PageArgs, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const first = pageSize(args);
        const c = codec();
        const beforeId = args.after ? c.decode<number>(args.after) : null;
        if (beforeId !== null && !Number.isSafeInteger(beforeId)) throw badInput('This cursor is not a cursor of this list');
        const createdById = viewer.role === 'admin' ? undefined : viewer.accountId;
        const [rows, total] = await Promise.all([
          registrations.invites.list({ createdById, limit: first + 1, beforeId }),
          registrations.invites.count(createdById),
        ]);
        return toConnection(rows, first, c, (i) => i.id, total);
      },
    },
    Mutation: {
      approveSignUp: async (_: unknown, args: { accountId: string }, gctx: Ctx) => {
        const admin = requireRole(gctx, 'admin');
        return registrations.review.approve(localId(args.accountId, 'Account'), admin.accountId);
      },
      rejectSignUp: async (_: unknown, args: { accountId: string; message?: string | null }, gctx: Ctx) => {
        requireRole(gctx, 'admin');
        const message = typeof args.message === 'string' ? args.message.trim() : '';
        if ([...message].length > REJECTION_MESSAGE_MAX) throw badInput(`Keep the message to ${REJECTION_MESSAGE_MAX} characters`, { field: 'message' });
        await registrations.review.reject(localId(args.accountId, 'Account'), message);
        return true;
      },
      createInvite: async (_: unknown, args: { input?: { maxUses?: number | null; expiresAt?: Date | null } | null }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        return registrations.invites.create(await inviter(viewer, gctx), args.input ?? {});
      },
      revokeInvite: async (_: unknown, args: { id: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        return registrations.invites.revoke(await inviter(viewer, gctx), localId(args.id, 'Invite'));
      },
    },
  };
}
