// Local actors as ActivityStreams: people are Person, brand and official
// accounts Organization, the instance itself Application (it signs fetches
// made on no one's behalf). Everything Mastodon needs to show a profile.

import { Application, Endpoints, Image, Organization, Person, PropertyValue } from '@fedify/vocab';
import type { Context } from '@fedify/fedify';
import type { AccountRecord } from '../accounts/contracts.ts';
import { escapeHtml } from '../text/escape.ts';
import type { ActorBase } from './contracts.ts';

/** The instance actor's identifier: a reserved handle, so no account can take it. */
export const INSTANCE_ACTOR = 'instance';

type Keys = Awaited<ReturnType<Context<void>['getActorKeyPairs']>>;

/** The fields every local actor has (ids, inboxes, collections, keys). */
export function actorBase(ctx: Context<void>, identifier: string, keys: Keys): ActorBase {
  return {
    id: ctx.getActorUri(identifier),
    preferredUsername: identifier,
    inbox: ctx.getInboxUri(identifier),
    outbox: ctx.getOutboxUri(identifier),
    followers: ctx.getFollowersUri(identifier),
    following: ctx.getFollowingUri(identifier),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey,
    assertionMethods: keys.map((k) => k.multikey),
  };
}

export function accountActor(ctx: Context<void>, account: AccountRecord, keys: Keys, avatarUrl: string | null) {
  const values = {
    ...actorBase(ctx, account.handle, keys),
    name: account.displayName,
    summary: account.bio ? `<p>${escapeHtml(account.bio)}</p>` : null,
    url: new URL(`/@${account.handle}`, ctx.origin),
    manuallyApprovesFollowers: account.locked,
    // Account migration: the accounts it may move from or to, and where it went.
    aliases: account.alsoKnownAs.map((uri) => new URL(uri)),
    successor: account.movedTo ? new URL(account.movedTo) : null,
    discoverable: true,
    icon: avatarUrl ? new Image({ url: new URL(avatarUrl) }) : null,
    attachments: account.links.map((l) => new PropertyValue({ name: l.label, value: `<a href="${escapeHtml(l.url)}" rel="me nofollow noopener">${escapeHtml(l.url)}</a>` })),
  };
  return account.role === 'brand' || account.role === 'official' ? new Organization(values) : new Person(values);
}

export function instanceActor(ctx: Context<void>, keys: Keys, name: string) {
  return new Application({
    ...actorBase(ctx, INSTANCE_ACTOR, keys),
    name,
    manuallyApprovesFollowers: true,
    url: new URL('/', ctx.origin),
  });
}
