// Topics and communities as Group actors (FEP-1b12): which local Group an
// actor name means, and its ActivityStreams document. Naming: handles.ts.

import type { Context } from '@fedify/fedify';
import { Group } from '@fedify/vocab';
import { escapeHtml, type ActorBase, type PluginContext } from '../../../core/index.ts';
import type { TopicRecord } from '../contracts.ts';
import { communitiesOf, type CommunityRecord } from '../communities.ts';
import { storeOf } from '../store.ts';
import { COMMUNITY_PREFIX, TOPIC_PREFIX, topicActorName, topicKeyOfActorName } from './handles.ts';

export type LocalGroup =
  | { kind: 'topic'; identifier: string; topic: TopicRecord; canonical: boolean }
  | { kind: 'community'; identifier: string; community: CommunityRecord };

export const topicIdentifier = (topic: Pick<TopicRecord, 'key'>) => TOPIC_PREFIX + topicActorName(topic.key);
export const communityIdentifier = (community: Pick<CommunityRecord, 'slug'>) => COMMUNITY_PREFIX + community.slug;

/** The topic page and community page of the web front end. */
export const topicPagePath = (topic: Pick<TopicRecord, 'key'>) => `/tags/${encodeURIComponent(topic.key)}`;
export const communityPagePath = (community: Pick<CommunityRecord, 'slug'>) => `/communities/${community.slug}`;

/**
 * The local Group an actor identifier ("t.…", "c.…") names, or null.
 * Hidden and merged topics are no Groups (their pages are gone too).
 */
export async function groupOf(ctx: PluginContext, identifier: string): Promise<LocalGroup | null> {
  if (identifier.startsWith(TOPIC_PREFIX)) {
    const parsed = topicKeyOfActorName(identifier.slice(TOPIC_PREFIX.length));
    if (!parsed) return null;
    const topic = await storeOf(ctx).findByKey(parsed.key);
    if (!topic || topic.hidden || topic.key !== parsed.key) return null;
    return { kind: 'topic', identifier: topicIdentifier(topic), topic, canonical: parsed.canonical };
  }
  if (identifier.startsWith(COMMUNITY_PREFIX)) {
    const community = await communitiesOf(ctx).getBySlug(identifier.slice(COMMUNITY_PREFIX.length));
    return community ? { kind: 'community', identifier: communityIdentifier(community), community } : null;
  }
  return null;
}

/** The ids, collections and keys of the canonical actor, for a document asked for by an alias. */
async function canonicalBase(context: Context<void>, base: ActorBase, identifier: string): Promise<ActorBase> {
  const keys = await context.getActorKeyPairs(identifier);
  return {
    ...base,
    id: context.getActorUri(identifier),
    preferredUsername: identifier,
    inbox: context.getInboxUri(identifier),
    outbox: context.getOutboxUri(identifier),
    followers: context.getFollowersUri(identifier),
    following: context.getFollowingUri(identifier),
    publicKey: keys[0]?.cryptographicKey,
    assertionMethods: keys.map((k) => k.multikey),
  };
}

/** The Group document; an alias name (t.露营) is answered with the canonical actor (its id, inbox and keys). */
export async function groupDocument(group: LocalGroup, base: ActorBase, context: Context<void>): Promise<Group> {
  const origin = context.origin;
  const common = { ...base, manuallyApprovesFollowers: false, discoverable: true };
  if (group.kind === 'topic') {
    const { topic } = group;
    return new Group({
      ...common,
      ...(group.canonical ? {} : await canonicalBase(context, base, group.identifier)),
      name: `#${topic.name}`,
      summary: topic.description
        ? `<p>${escapeHtml(topic.description)}</p>`
        : `<p>${escapeHtml(`Public notes tagged #${topic.name}. Follow to receive each one.`)}</p>`,
      url: new URL(topicPagePath(topic), origin),
    });
  }
  const { community } = group;
  const rules = community.rules.length ? `<ol>${community.rules.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ol>` : '';
  return new Group({
    ...common,
    name: community.name,
    summary: `${community.description ? `<p>${escapeHtml(community.description)}</p>` : ''}${rules}` || null,
    url: new URL(communityPagePath(community), origin),
  });
}
