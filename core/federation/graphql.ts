// GraphQL for federation: following an account on another instance.

import type { Resolvers } from '../plugins/define.ts';
import { requireViewer } from '../graphql/context.ts';
import type { FederationServiceImpl } from './service.ts';
import type { RemoteFollowRecord } from './contracts.ts';

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

  extend type Mutation {
    "Follows an account on another instance, given as user@host (found through WebFinger). Following again returns the existing follow."
    followRemote(handle: String!): RemoteFollow!
  }
`;

export function federationResolvers(get: () => FederationServiceImpl): Resolvers {
  return {
    Mutation: {
      followRemote: async (_: unknown, args: { handle: string }, ctx) => {
        const viewer = requireViewer(ctx);
        await get().ctx.rateLimit(`follow-remote:${viewer.accountId}`, 30, 60_000);
        return toGraphQL(await get().followRemote(viewer.accountId, args.handle));
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
