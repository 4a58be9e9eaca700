// Follows across instances. Inbound: Follow of a local account → remember
// the remote follower and answer Accept at once (a locked account gets a
// follow request instead, account-activities.ts); Undo(Follow) forgets it.
// Outbound: Follow is stored pending and sent; Accept marks it accepted;
// unfollowing sends Undo(Follow).

import { randomUUID } from 'node:crypto';
import { Accept, Follow, Undo, isActor } from '@fedify/vocab';
import type { FederationServiceImpl } from './service.ts';
import { Reject } from '@fedify/vocab';
import { RemoteActorFollowed, RemoteFollowAccepted, RemoteFollowerAdded, RemoteFollowerRemoved, type RemoteActorRecord } from './contracts.ts';
import { remoteActorInput } from './store.ts';
import { holdFollowOfLockedAccount } from './account-activities.ts';

export function registerFollowHandlers(service: FederationServiceImpl): void {
  service.onInbox(Follow, async (follow, { context }) => {
    if (!follow.id || !follow.actorId || !follow.objectId) return;
    const target = context.parseUri(follow.objectId);
    if (target?.type !== 'actor') return;
    const kind = service.kindOf(target.identifier);
    const account = kind ? null : await service.accounts.getByHandle(target.identifier);
    if (!kind && (!account || account.remote)) return;
    // A Follow of a topic or community that does not exist is dropped, not stored.
    if (kind && !(await service.kindActorExists(target.identifier))) return;
    const actor = await follow.getActor(context);
    // The activity's signature was made by this actor's key (Fedify checks the owner).
    if (!isActor(actor) || actor.id?.href !== follow.actorId.href) return;
    const input = remoteActorInput(actor);
    if (!input) return;
    const remote = await service.store.saveRemoteActor(input);
    const me = context.getActorUri(target.identifier);
    const answer = (Type: typeof Accept | typeof Reject) =>
      context.sendActivity({ identifier: target.identifier }, actor, new Type({ id: new URL(`#${Type === Accept ? 'accepts' : 'rejects'}/${randomUUID()}`, me), actor: me, object: follow }));
    if (kind) {
      if (kind.spec.acceptsFollows === false) return answer(Reject);
      await service.store.addActorFollower(target.identifier, remote.id, follow.id.href);
      await answer(Accept);
      await service.ctx.hooks.emit(RemoteActorFollowed, { identifier: target.identifier, actor: remote, following: true });
      return;
    }
    // A locked account: the Follow waits as a follow request (answered from account-activities.ts).
    if (await holdFollowOfLockedAccount(service, account!, remote, actor, follow.id.href)) return;
    await service.store.addFollower(account!.id, remote.id, follow.id.href);
    await service.remoteAccounts.accountOf(remote, actor);
    await service.remoteAccounts.mirrorFollower(account!.id, remote, true);
    await answer(Accept);
    await service.ctx.hooks.emit(RemoteFollowerAdded, { accountId: account!.id, actor: remote });
  });

  service.onInbox(Accept, async (accept) => {
    if (!accept.actorId || !accept.objectId) return;
    const remote = await service.store.remoteActorByUri(accept.actorId.href);
    if (!remote) return;
    const accountId = await service.store.acceptFollowing(accept.objectId.href, remote.id);
    if (accountId == null) return;
    await service.remoteAccounts.mirrorFollowing(accountId, remote, true);
    await service.ctx.hooks.emit(RemoteFollowAccepted, { accountId, actor: remote });
  });

  service.onInbox(Reject, async (reject) => {
    if (!reject.actorId || !reject.objectId) return;
    const remote = await service.store.remoteActorByUri(reject.actorId.href);
    if (!remote) return;
    const row = await service.store.followingByUri(reject.objectId.href, remote.id);
    if (!row) return;
    await service.store.removeFollowing(row.accountId, remote.id);
    await service.remoteAccounts.mirrorFollowing(row.accountId, remote, false);
  });

  service.onInbox(Undo, async (undo) => {
    if (!undo.actorId || !undo.objectId) return;
    const remote = await service.store.remoteActorByUri(undo.actorId.href);
    if (!remote) return;
    const accountId = await service.store.removeFollowerByFollowUri(remote.id, undo.objectId.href);
    if (accountId != null) {
      await service.remoteAccounts.mirrorFollower(accountId, remote, false);
      await service.ctx.hooks.emit(RemoteFollowerRemoved, { accountId, actor: remote });
      return;
    }
    const identifier = await service.store.removeActorFollowerByFollowUri(remote.id, undo.objectId.href);
    if (identifier) await service.ctx.hooks.emit(RemoteActorFollowed, { identifier, actor: remote, following: false });
  });
}

export async function sendFollow(service: FederationServiceImpl, accountId: number, actor: RemoteActorRecord): Promise<void> {
  const handle = await service.senderIdentifier({ accountId });
  const me = service.actorUri(handle);
  const id = new URL(`#follows/${randomUUID()}`, me);
  await service.store.addFollowing(accountId, actor.id, id.href);
  try {
    await service.sendActivity({ accountId }, actor, new Follow({ id, actor: me, object: new URL(actor.uri) }));
  } catch (err) {
    await service.store.removeFollowing(accountId, actor.id);
    throw err;
  }
}

export async function sendUndoFollow(service: FederationServiceImpl, accountId: number, actor: RemoteActorRecord, followUri: string): Promise<void> {
  const handle = await service.senderIdentifier({ accountId });
  const me = service.actorUri(handle);
  const follow = new Follow({ id: new URL(followUri), actor: me, object: new URL(actor.uri) });
  await service.sendActivity({ accountId }, actor, new Undo({ id: new URL(`#undo/${randomUUID()}`, me), actor: me, object: follow }));
  await service.store.removeFollowing(accountId, actor.id);
}
