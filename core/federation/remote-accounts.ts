// Remote actors as accounts (Mastodon's model). A remote actor that follows,
// is followed, authors or interacts gets a cached account (domain set, no
// password), so notes, comments, likes and follows point at accounts
// whatever instance they live on, and feeds need no federation code.
//
// Follows are mirrored into the accounts graph: an accepted inbound Follow
// makes the remote account follow the local one; an outbound follow shows
// as the local account following the remote one. Following a remote
// account through the ordinary `follow` mutation sends Follow (listeners
// below); unfollowing sends Undo(Follow).

import { randomUUID } from 'node:crypto';
import { Follow, Reject, type Actor } from '@fedify/vocab';
import type { AccountRecord, RemoteAccountInput } from '../accounts/contracts.ts';
import type { FederationServiceImpl } from './service.ts';
import { RemoteFollowerRemoved, type RemoteActorRecord } from './contracts.ts';
import { htmlToText } from '../text/html.ts';
import { activityStoreOf } from './account-activities.ts';

/**
 * The avatar of an actor document. Mastodon, Misskey, Pixelfed and PeerTube
 * embed the icon as an Image without an id ({ type, url }), so iconId alone
 * misses it; an embedded icon is read without any fetch.
 */
export async function avatarOf(document?: Actor | null): Promise<string | null> {
  if (!document) return null;
  if (document.iconId) return document.iconId.href;
  const icon = await document.getIcon({ suppressError: true }).catch(() => null);
  const url = icon?.url;
  return url instanceof URL ? url.href : (url?.href?.href ?? null);
}

/** The profile fields of an actor document, for the cached account. */
export function remoteAccountInput(actor: RemoteActorRecord, document?: Actor | null, avatarUrl?: string | null): RemoteAccountInput {
  const domain = new URL(actor.uri).host.toLowerCase();
  const icon = document?.iconId ?? null;
  return {
    actorUri: actor.uri,
    handle: actor.handle.toLowerCase(),
    domain,
    displayName: actor.displayName,
    bio: document?.summary ? htmlToText(document.summary.toString()) : '',
    url: actor.url,
    avatarUrl: avatarUrl ?? icon?.href ?? null,
    locked: document?.manuallyApprovesFollowers ?? false,
    alsoKnownAs: document?.aliasIds.map((u) => u.href) ?? [],
    movedTo: document?.successorId?.href ?? null,
  };
}

export class RemoteAccounts {
  private readonly service: FederationServiceImpl;

  constructor(service: FederationServiceImpl) {
    this.service = service;
  }

  /** The cached account of a remote actor, made or refreshed from what we know. */
  async accountOf(actor: RemoteActorRecord, document?: Actor | null): Promise<AccountRecord> {
    const existing = await this.service.accounts.getByActorUri(actor.uri);
    if (existing && !document) return existing;
    return this.service.accounts.upsertRemoteAccount(remoteAccountInput(actor, document, await avatarOf(document)));
  }

  /** The remote actor behind an account, or null for local accounts. */
  async actorOf(account: AccountRecord | null): Promise<RemoteActorRecord | null> {
    if (!account?.remote) return null;
    return this.service.store.remoteActorByUri(account.remote.actorUri);
  }

  /** Mirror an accepted inbound Follow: the remote account follows the local one. */
  async mirrorFollower(localId: number, actor: RemoteActorRecord, add: boolean): Promise<void> {
    const remote = await this.accountOf(actor);
    if (add) await this.service.accounts.follow(remote.id, localId);
    else await this.service.accounts.unfollow(remote.id, localId);
  }

  /** Mirror an outbound follow once accepted (or forget it). */
  async mirrorFollowing(localId: number, actor: RemoteActorRecord, add: boolean): Promise<void> {
    const remote = await this.accountOf(actor);
    if (add) await this.service.accounts.follow(localId, remote.id);
    else await this.service.accounts.unfollow(localId, remote.id);
  }

  /** A local account followed a remote one through the accounts graph: send Follow. */
  async onFollowed({ followerId, followeeId }: { followerId: number; followeeId: number }): Promise<void> {
    const [follower, followee] = await this.service.accounts.getByIds([followerId, followeeId]);
    if (!follower || follower.remote || !followee?.remote) return;
    const actor = await this.actorOf(followee);
    if (!actor || (await this.service.store.followingOf(follower.id, actor.id))) return;
    await this.service.sendFollowTo(follower.id, actor);
  }

  /**
   * A local account unfollowed a remote one: send Undo(Follow). A remote
   * follower removed from a local account (a block): send Reject of its Follow.
   */
  async onUnfollowed({ followerId, followeeId }: { followerId: number; followeeId: number }): Promise<void> {
    const [follower, followee] = await this.service.accounts.getByIds([followerId, followeeId]);
    if (follower?.remote && followee && !followee.remote) return this.removeRemoteFollower(follower, followee);
    if (!follower || follower.remote || !followee?.remote) return;
    const actor = await this.actorOf(followee);
    const existing = actor ? await this.service.store.followingOf(follower.id, actor.id) : null;
    if (actor && existing) await this.service.sendUndoFollowTo(follower.id, actor, existing.followUri);
  }

  private async removeRemoteFollower(follower: AccountRecord, local: AccountRecord): Promise<void> {
    const actor = await this.actorOf(follower);
    const followUri = actor ? await activityStoreOf(this.service).followUriOf(local.id, actor.id) : null;
    // No row: the remote side ended the follow itself (Undo, Block), nothing to answer.
    if (!actor || !followUri) return;
    await this.service.store.removeFollower(local.id, actor.id);
    const me = this.service.actorUri(local.handle);
    const follow = new Follow({ id: new URL(followUri), actor: new URL(actor.uri), object: me });
    await this.service.sendActivity({ accountId: local.id }, actor, new Reject({ id: new URL(`#rejects/${randomUUID()}`, me), actor: me, object: follow }));
    await this.service.ctx.hooks.emit(RemoteFollowerRemoved, { accountId: local.id, actor });
  }
}
