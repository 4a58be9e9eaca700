// The topics plugin's federation part (FEP-1b12): registers topics (t.…)
// and communities (c.…) as Group actor kinds, the inbox handlers that let
// remote notes join them and bring in what remote Groups announce, the
// FOLLOWING feed source for followed remote Groups, and its GraphQL.
// Wired into the plugin from ../index.ts; works only when the federation
// module is on (an optional dependency).

import { Announce, Create, Undo } from '@fedify/vocab';
import {
  FederationServiceRef, RemoteActorFollowed, forbidden, isStaff, notFound, requireViewer,
  type MeadowContext, type PluginContext, type PluginRegistrar, type Resolvers,
} from '../../../core/index.ts';
import { FollowingFeedSources } from '../../notes/contracts.ts';
import type { TopicRecord } from '../contracts.ts';
import { communitiesOf, type CommunityRecord } from '../communities.ts';
import { communityIdentifier, groupDocument, groupOf, topicIdentifier } from './actors.ts';
import { groupsOf } from './groups.ts';
import { COMMUNITY_PREFIX, TOPIC_PREFIX } from './handles.ts';

export { topicsFederationMigrations } from './migrations.ts';
export { groupsOf } from './groups.ts';

const typeDefs = /* GraphQL */ `
  extend type Topic {
    "The topic's Group actor for the fediverse, e.g. t.hiking@example.org (null when federation is off). Mastodon users follow it to receive every public note under the tag."
    fediverseHandle: String
    "The Group actor's URL (paste it into Mastodon's search)."
    fediverseUrl: String
  }
  extend type Community {
    "The community's Group actor for the fediverse, e.g. c.camping@example.org (null when federation is off)."
    fediverseHandle: String
    fediverseUrl: String
    "Only moderators may post into the community through its Group; others' notes are refused with Reject."
    postingRestricted: Boolean!
  }
  extend type Mutation {
    "Restricts posting through the community's Group to its moderators (community moderators and staff)."
    setCommunityPostingRestricted(slug: String!, restricted: Boolean!): Community!
  }
`;

function resolvers(ctx: PluginContext): Resolvers {
  const groups = groupsOf(ctx);
  const handle = (identifier: string) => (groups.federation ? `${identifier}@${new URL(ctx.config.publicUrl).host}` : null);
  const url = (identifier: string) => groups.federation?.actorUri(identifier).href ?? null;
  return {
    Topic: {
      fediverseHandle: (topic: TopicRecord) => handle(topicIdentifier(topic)),
      fediverseUrl: (topic: TopicRecord) => url(topicIdentifier(topic)),
    },
    Community: {
      fediverseHandle: (c: CommunityRecord) => handle(communityIdentifier(c)),
      fediverseUrl: (c: CommunityRecord) => url(communityIdentifier(c)),
      postingRestricted: (c: CommunityRecord) => groups.postingRestricted(c.id),
    },
    Mutation: {
      setCommunityPostingRestricted: async (_: unknown, args: { slug: string; restricted: boolean }, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        const communities = communitiesOf(ctx);
        const community = await communities.getBySlug(args.slug);
        if (!community) throw notFound(`The community "${String(args.slug).slice(0, 60)}"`);
        if (!isStaff(gctx.viewer) && (await communities.roleOf(viewer.accountId, community.id)) !== 'moderator') {
          throw forbidden('Only the community\'s moderators may change who posts into it');
        }
        await groups.setPostingRestricted(community.id, args.restricted === true);
        return community;
      },
    },
  };
}

/** Declarations (plugin `register`): hooks and GraphQL. */
export function registerTopicsFederation(reg: PluginRegistrar): void {
  reg.graphql(typeDefs, resolvers);
  reg.filter(FollowingFeedSources, (sources, _context, ctx) => [
    ...sources,
    { name: 'topics.followed-groups', next: ({ viewerId, after, limit }) => groupsOf(ctx).followedGroupsFeed(viewerId, after, limit) },
  ]);
  // Following a community's Group from another instance is joining it (as in Lemmy).
  reg.on(RemoteActorFollowed, async ({ identifier, actor, following }, ctx) => {
    if (!identifier.startsWith(COMMUNITY_PREFIX)) return;
    const fed = ctx.services.maybe(FederationServiceRef);
    const group = await groupOf(ctx, identifier);
    const account = await fed?.remoteAccount(actor.uri);
    if (!group || group.kind !== 'community' || !account) return;
    const communities = communitiesOf(ctx);
    if (following) await communities.join(group.community.id, account.id);
    else if ((await communities.roleOf(account.id, group.community.id)) === 'member') await communities.leave(group.community.id, account.id);
  });
}

/** Wiring (plugin `bootstrap`): the Group actor kinds and inbox handlers. */
export function bootstrapTopicsFederation(ctx: PluginContext): void {
  const fed = ctx.services.maybe(FederationServiceRef);
  if (!fed) return;
  const groups = groupsOf(ctx);
  for (const prefix of [TOPIC_PREFIX, COMMUNITY_PREFIX]) {
    fed.registerActorKind({
      prefix,
      dispatch: async (name, base, context) => {
        const group = await groupOf(ctx, prefix + name);
        return group ? groupDocument(group, base, context) : null;
      },
    });
  }
  fed.onInbox(Create, (create, info) => groups.onCreate(create, info));
  fed.onInbox(Announce, (announce, info) => groups.onAnnounce(announce, info));
  fed.onInbox(Undo, (undo, info) => groups.onUndo(undo, info));
}
