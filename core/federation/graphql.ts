// GraphQL for federation: following an account on another instance, and
// resolving what a person typed ("@user@host", a note's URL) into a local
// account or object.

import type { Resolvers } from '../plugins/define.ts';
import { requireViewer } from '../graphql/context.ts';
import type { FederationServiceImpl } from './service.ts';
import type { RemoteFollowRecord } from './contracts.ts';
import { toGlobalId } from '../graphql/relay.ts';
import { badInput } from '../errors/errors.ts';

export const federationTypeDefs = /* GraphQL */ `
  enum RemoteFollowState {
    "Follow sent; the other instance has not accepted it yet."
    PENDING
    ACCEPTED
  }

  "A follow of an account on another instance (ActivityPub)."
  type RemoteFollow {
    "The remote account, as user@host."
    handle: String!
    "The remote actor's id (URI)."
    actorUri: String!
    displayName: String!
    "Its profile page, when it has one."
    url: String
    state: RemoteFollowState!
  }

  "What lookupRemote found: an account, or an object a plugin brought in (a Note …)."
  type RemoteLookup {
    "Set when the query named an account (local or remote)."
    account: Account
    "The Relay id of the local copy of a remote object (query it with node(id:))."
    objectId: ID
    "Its GraphQL type, e.g. Note."
    objectType: String
  }

  extend type Query {
    "Resolves @user@host or an https URL of an actor or object on another instance (fetched and cached). Null when nothing is found there."
    lookupRemote(query: String!): RemoteLookup
  }

  extend type Mutation {
    "Follows an account on another instance, given as user@host (found through WebFinger). Following again returns the existing follow."
    followRemote(handle: String!): RemoteFollow!
    "Stops following an account on another instance (sends Undo(Follow)). False when there was no such follow."
    unfollowRemote(handle: String!): Boolean!
  }
`;

export function federationResolvers(get: () => FederationServiceImpl): Resolvers {
  return {
    Query: {
      lookupRemote: async (_: unknown, args: { query: string }, ctx) => {
        const viewer = requireViewer(ctx);
        const query = String(args.query ?? '').trim();
        if (!query || query.length > 2048) throw badInput('Give @user@host or an https URL (at most 2048 characters)', { field: 'query' });
        await get().ctx.rateLimit(`lookup-remote:${viewer.accountId}`, 60, 60_000);
        const found = await get().lookup(query);
        if (!found) return null;
        return found.kind === 'account'
          ? { account: found.account, objectId: null, objectType: null }
          : { account: null, objectId: toGlobalId(found.object.type, found.object.id), objectType: found.object.type };
      },
    },
    Mutation: {
      followRemote: async (_: unknown, args: { handle: string }, ctx) => {
        const viewer = requireViewer(ctx);
        await get().ctx.rateLimit(`follow-remote:${viewer.accountId}`, 30, 60_000);
        return toGraphQL(await get().followRemote(viewer.accountId, args.handle));
      },
      unfollowRemote: async (_: unknown, args: { handle: string }, ctx) => {
        const viewer = requireViewer(ctx);
        return get().unfollowRemote(viewer.accountId, args.handle);
      },
    },
  };
}

function toGraphQL(follow: RemoteFollowRecord) {
  return {
    handle: follow.actor.handle,
    actorUri: follow.actor.uri,
    displayName: follow.actor.displayName,
    url: follow.actor.url,
    state: follow.state.toUpperCase(),
  };
}
