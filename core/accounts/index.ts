// The built-in accounts module: accounts and profiles, sessions and API
// tokens, roles, follows, blocks and mutes. Other plugins reach it through
// contracts.ts (AccountsServiceRef and the account events).

import { definePlugin, filter, provide, PLUGIN_API_VERSION } from '../plugins/define.ts';
import { NodeLookup, RequestViewer } from '../hooks/core-hooks.ts';
import { AccountsServiceRef } from './contracts.ts';
import { accountEntities } from './entities.ts';
import { accountMigrations } from './migrations.ts';
import { accountsResolvers, accountsTypeDefs } from './graphql.ts';
import { personalListsResolvers, personalListsTypeDefs } from './personal-lists.ts';
import { registrationsResolvers, registrationsTypeDefs } from './registrations-graphql.ts';
import { storeOf } from './store.ts';
import { SESSION_COOKIE } from './auth.ts';
import { seedDemoAccounts } from './seed.ts';

function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = typeof value === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match ? match[1]! : null;
}

export const accountsPlugin = definePlugin({
  name: 'accounts',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Accounts, profiles, sessions and API tokens, roles, follows, blocks and mutes',
  entities: accountEntities,
  migrations: accountMigrations,
  typeDefs: accountsTypeDefs + personalListsTypeDefs + registrationsTypeDefs,
  // The blocked and muted lists (personal-lists.ts) add two Query fields;
  // registrations (sign-up modes, waiting sign-ups, invites) their own types and fields.
  resolvers: (ctx) => {
    const base = accountsResolvers(ctx);
    const { Query, Mutation, ...types } = registrationsResolvers(ctx);
    return {
      ...base,
      ...types,
      Query: { ...(base.Query as object), ...(personalListsResolvers(ctx).Query as object), ...(Query as object) },
      Mutation: { ...(base.Mutation as object), ...(Mutation as object) },
    };
  },
  provides: [provide(AccountsServiceRef, (ctx) => storeOf(ctx))],
  hooks: [
    // A bearer token wins over the cookie: API clients say who they are on
    // purpose. An unknown, revoked or expired token leaves the request anonymous.
    filter(RequestViewer, async (viewer, request, ctx) => {
      if (viewer) return viewer;
      const token = bearerToken(request.headers.authorization) ?? request.cookies[SESSION_COOKIE] ?? null;
      return token ? storeOf(ctx).viewerForToken(token) : null;
    }),
    filter(NodeLookup, async (found, { type, id, context }, ctx) => {
      if (found || type !== 'Account') return found;
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n <= 0) return null;
      const account = await storeOf(ctx).loader(context).load(n);
      return account ? { ...account, __typename: 'Account' } : null;
    }),
  ],
  seedDemo: seedDemoAccounts,
});
