// The accounts module's GraphQL: Account (a Node), sign-up/in/out, tokens,
// profiles, follows, blocks, mutes and roles.

import type { FastifyReply } from 'fastify';
import type { PluginContext } from '../plugins/context.ts';
import type { Resolvers } from '../plugins/define.ts';
import { isStaff, requireRole, requireViewer, type MeadowContext, type Role } from '../graphql/context.ts';
import { CursorCodec, localId, pageSize, toConnection, toGlobalId, type PageArgs } from '../graphql/relay.ts';
import { badInput, notFound } from '../errors/errors.ts';
import type { AccountRecord } from './contracts.ts';
import { SESSION_COOKIE, SESSION_TTL_MS } from './auth.ts';
import { storeOf, type SessionIssued } from './store.ts';
import { requestsResolvers, requestsTypeDefs } from './requests.ts';
import { registrationsOf, type SignUpRequestInput } from './registrations.ts';

export const accountsTypeDefs = /* GraphQL */ `
  enum Role {
    person
    creator
    brand
    official
    moderator
    admin
  }

  "A moderator's suspension of an account."
  type AccountSuspension {
    reason: String!
    since: DateTime!
    "Null: until lifted."
    until: DateTime
  }

  type ProfileLink {
    label: String!
    url: String!
  }

  "A person, creator, brand or official account — of this instance, or of another one (cached through federation)."
  type Account implements Node {
    id: ID!
    "Lower-case, 3–30 characters of a–z, 0–9 and _; for an account of another instance, user@host."
    handle: String!
    "The instance an account of another instance lives on (e.g. mastodon.social); null for accounts of this one."
    domain: String
    "Its profile page on its own instance (accounts of other instances only)."
    remoteUrl: String
    "Its avatar image URL on its own instance (accounts of other instances only; local accounts use avatar)."
    remoteAvatarUrl: String
    displayName: String!
    bio: String!
    role: Role!
    "zh-CN or en."
    locale: String!
    links: [ProfileLink!]!
    "Only for the account itself and admins; null for everyone else."
    email: String
    followersCount: Int!
    followingCount: Int!
    "Are the follower and following lists hidden from everyone but the account itself? (counts stay visible)"
    hideNetwork: Boolean!
    "Suspended by moderators: their notes and comments are hidden from everyone else."
    suspended: Boolean!
    "Why and until when (the account itself and staff; null for everyone else or when not suspended)."
    suspension: AccountSuspension
    "Who follows this account, newest first (empty for others when hideNetwork is on)."
    followers(first: Int = 20, after: String): AccountConnection!
    "Whom this account follows, newest first (empty for others when hideNetwork is on)."
    following(first: Int = 20, after: String): AccountConnection!
    "Does the signed-in viewer follow this account? (false when signed out)"
    viewerFollows: Boolean!
    "Has the signed-in viewer blocked this account?"
    viewerBlocks: Boolean!
    "Has the signed-in viewer muted this account?"
    viewerMutes: Boolean!
    createdAt: DateTime!
  }

  type AccountEdge {
    cursor: String!
    node: Account!
  }

  type AccountConnection {
    edges: [AccountEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  "A new session: the token is also set as an HTTP-only cookie."
  type AuthPayload {
    token: String!
    expiresAt: DateTime
    account: Account!
  }

  type ApiToken {
    id: ID!
    label: String!
    createdAt: DateTime!
    lastUsedAt: DateTime
  }

  type NewApiToken {
    "Shown once: only its hash is stored."
    token: String!
    apiToken: ApiToken!
  }

  input SignUpInput {
    handle: String!
    password: String!
    email: String
    displayName: String
    locale: String
  }

  input SignInInput {
    "Handle or e-mail address."
    handle: String!
    password: String!
  }

  input ChangePasswordInput {
    currentPassword: String!
    newPassword: String!
  }

  input ProfileLinkInput {
    label: String
    url: String!
  }

  input UpdateProfileInput {
    displayName: String
    bio: String
    locale: String
    links: [ProfileLinkInput!]
    "Hide who you follow and who follows you from everyone else (the counts stay visible)."
    hideNetwork: Boolean
  }

  extend type Query {
    "The signed-in account, or null."
    me: Account
    account(handle: String!): Account
    "The viewer's personal API tokens."
    apiTokens: [ApiToken!]!
  }

  extend type Mutation {
    "Joins as the instance's registrations mode says (see SignUpInput.acceptRules, inviteCode and reason); in approval mode the account waits for an admin."
    signUp(input: SignUpInput!): SignUpPayload!
    signIn(input: SignInInput!): AuthPayload!
    "Ends this browser session (API tokens are revoked with revokeApiToken)."
    signOut: Boolean! @whileSuspended
    "Signs out every other browser session of the account."
    changePassword(input: ChangePasswordInput!): Boolean!
    createApiToken(label: String!): NewApiToken!
    revokeApiToken(id: ID!): Boolean!
    updateProfile(input: UpdateProfileInput!): Account!
    "Idempotent: following an account already followed changes nothing. A locked account gets a follow request instead (viewerRequestedFollow)."
    follow(accountId: ID!): Account!
    "Idempotent: unfollowing an account not followed changes nothing."
    unfollow(accountId: ID!): Account!
    "Also removes follows both ways."
    block(accountId: ID!): Account!
    unblock(accountId: ID!): Account!
    mute(accountId: ID!): Account!
    unmute(accountId: ID!): Account!
    "Admin only."
    setRole(accountId: ID!, role: Role!): Account!
  }
` + requestsTypeDefs;

type Ctx = MeadowContext;

export function accountsResolvers(ctx: PluginContext): Resolvers {
  const store = storeOf(ctx);
  const registrations = registrationsOf(ctx);
  const codec = () => new CursorCodec(ctx.secret);

  const clientAddress = (gctx: Ctx) => gctx.request?.ip ?? 'unknown';
  const authLimit = (gctx: Ctx, action: string) =>
    ctx.rateLimit(`${action}:${clientAddress(gctx)}`, ctx.config.rateLimits.authMax, ctx.config.rateLimits.authWindowMs);

  const setSessionCookie = (reply: FastifyReply | undefined, issued: SessionIssued) => {
    reply?.setCookie(SESSION_COOKIE, issued.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.publicUrl.startsWith('https:'),
      path: '/',
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
  };

  const startSession = async (gctx: Ctx, account: AccountRecord) => {
    const issued = await store.issueToken(account.id, 'session');
    setSessionCookie(gctx.reply, issued);
    return { token: issued.token, expiresAt: issued.expiresAt, account };
  };

  const target = async (gctx: Ctx, accountId: string) => {
    const account = await store.loader(gctx).load(localId(accountId, 'Account'));
    if (!account) throw notFound('The account');
    return account;
  };
  /** Re-reads an account after a write (counts changed). */
  const fresh = async (id: number) => {
    const account = await store.getById(id);
    if (!account) throw notFound('The account');
    return account;
  };

  const relation = (table: 'core_follows' | 'core_blocks' | 'core_mutes') => (account: AccountRecord, _: unknown, gctx: Ctx) => {
    const viewer = gctx.viewer;
    if (!viewer) return false;
    const loader = gctx.loaders.get<number, boolean>(`accounts.${table}:${viewer.accountId}`, async (ids) => {
      const set = await store.relationSet(table, viewer.accountId, ids);
      return ids.map((id) => set.has(id));
    });
    return loader.load(account.id);
  };

  const followList = (direction: 'followers' | 'following') => async (account: AccountRecord, args: PageArgs, gctx: Ctx) => {
    const first = pageSize(args);
    const c = codec();
    const after = args.after ? c.decode<[number, number]>(args.after) : null;
    if (after && !(Array.isArray(after) && after.length === 2 && after.every(Number.isFinite))) throw badInput('This cursor is not a cursor of this list');
    const total = direction === 'followers' ? account.followersCount : account.followingCount;
    // Hidden lists: the count stays, the people do not (except for the account itself and admins).
    if (account.hideNetwork && gctx.viewer?.accountId !== account.id && gctx.viewer?.role !== 'admin') return toConnection([], first, c, () => 0, total);
    const page = await store.followPage(account.id, direction, first + 1, after);
    // The accounts came with the page: prime the loader so nested fields reuse them.
    const loader = store.loader(gctx);
    for (const r of page.rows) loader.prime(r.account.id, r.account);
    const conn = toConnection(page.rows, first, c, (r) => [r.followedAt.getTime(), r.account.id], total);
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: e.node.account })) };
  };

  const withViewer = (fn: (viewerId: number, targetId: number) => Promise<void>) =>
    async (_: unknown, args: { accountId: string }, gctx: Ctx) => {
      const viewer = requireViewer(gctx);
      const other = await target(gctx, args.accountId);
      await fn(viewer.accountId, other.id);
      return fresh(other.id);
    };

  const requests = requestsResolvers(ctx);
  return {
    Account: {
      ...requests.Account,
      id: (a: AccountRecord) => toGlobalId('Account', a.id),
      domain: (a: AccountRecord) => a.remote?.domain ?? null,
      remoteUrl: (a: AccountRecord) => a.remote?.url ?? null,
      remoteAvatarUrl: (a: AccountRecord) => a.remote?.avatarUrl ?? null,
      email: async (a: AccountRecord, _: unknown, gctx: Ctx) =>
        gctx.viewer && (gctx.viewer.accountId === a.id || gctx.viewer.role === 'admin') ? store.emailOf(a.id) : null,
      followers: followList('followers'),
      following: followList('following'),
      viewerFollows: relation('core_follows'),
      viewerBlocks: relation('core_blocks'),
      viewerMutes: relation('core_mutes'),
      // Batched: a page of accounts asks once which of them are suspended.
      suspended: (a: AccountRecord, _: unknown, gctx: Ctx) =>
        gctx.loaders.get<number, boolean>('accounts.suspended', async (ids) => {
          const suspended = await store.suspendedAmong(ids);
          return ids.map((id) => suspended.has(id));
        }).load(a.id),
      suspension: (a: AccountRecord, _: unknown, gctx: Ctx) =>
        gctx.viewer && (gctx.viewer.accountId === a.id || isStaff(gctx.viewer)) ? store.suspensionOf(a.id) : null,
    },
    ApiToken: {
      id: (t: { id: number }) => toGlobalId('ApiToken', t.id),
    },
    Query: {
      me: (_: unknown, __: unknown, gctx: Ctx) => (gctx.viewer ? store.loader(gctx).load(gctx.viewer.accountId) : null),
      account: (_: unknown, args: { handle: string }) => store.getByHandle(args.handle),
      apiTokens: (_: unknown, __: unknown, gctx: Ctx) => store.listApiTokens(requireViewer(gctx).accountId),
      ...requests.Query,
    },
    Mutation: {
      signUp: async (_: unknown, { input }: { input: SignUpRequestInput }, gctx: Ctx) => {
        await authLimit(gctx, 'signup');
        const { account, awaitingApproval } = await registrations.signUp(input, gctx.request?.ip ?? null);
        if (awaitingApproval) return { token: null, expiresAt: null, account, awaitingApproval };
        return { ...(await startSession(gctx, account)), awaitingApproval };
      },
      signIn: async (_: unknown, { input }: { input: { handle: string; password: string } }, gctx: Ctx) => {
        await authLimit(gctx, 'signin');
        const account = await registrations.signIn(input.handle, input.password);
        return startSession(gctx, account);
      },
      signOut: async (_: unknown, __: unknown, gctx: Ctx) => {
        if (gctx.viewer?.sessionId != null) await store.revokeSession(gctx.viewer.sessionId);
        gctx.reply?.clearCookie(SESSION_COOKIE, { path: '/' });
        return true;
      },
      changePassword: async (_: unknown, { input }: { input: { currentPassword: string; newPassword: string } }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        await ctx.rateLimit(`password:${viewer.accountId}`, ctx.config.rateLimits.authMax, ctx.config.rateLimits.authWindowMs);
        await store.changePassword(viewer, input.currentPassword, input.newPassword);
        return true;
      },
      createApiToken: async (_: unknown, { label }: { label: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const clean = typeof label === 'string' ? label.trim() : '';
        if (!clean || [...clean].length > 100 || /[\u0000-\u001f\u007f]/.test(clean)) throw badInput('Give the token a label of 1–100 printable characters', { field: 'label' });
        const issued = await store.issueToken(viewer.accountId, 'token', clean);
        return { token: issued.token, apiToken: { id: issued.id, label: clean, createdAt: new Date(), lastUsedAt: null } };
      },
      revokeApiToken: async (_: unknown, { id }: { id: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        await store.revokeApiToken(viewer.accountId, localId(id, 'ApiToken'));
        return true;
      },
      updateProfile: async (_: unknown, { input }: { input: Record<string, unknown> }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        return store.updateProfile(viewer.accountId, input);
      },
      // A locked account gets a follow request instead (see viewerRequestedFollow).
      follow: async (_: unknown, args: { accountId: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const other = await target(gctx, args.accountId);
        // New accounts follow under a tighter limit (registrations.ts); staff never.
        const me = isStaff(viewer) ? null : await store.loader(gctx).load(viewer.accountId);
        if (me) await registrations.limitFollow(me);
        await store.followOrRequest(viewer.accountId, other.id);
        return fresh(other.id);
      },
      unfollow: withViewer((me, other) => store.unfollow(me, other)),
      block: withViewer((me, other) => store.block(me, other)),
      unblock: withViewer((me, other) => store.unblock(me, other)),
      mute: withViewer((me, other) => store.mute(me, other)),
      unmute: withViewer((me, other) => store.unmute(me, other)),
      setRole: async (_: unknown, args: { accountId: string; role: Role }, gctx: Ctx) => {
        requireRole(gctx, 'admin');
        const other = await target(gctx, args.accountId);
        return store.setRole(other.id, args.role);
      },
      ...requests.Mutation,
    },
  };
}
