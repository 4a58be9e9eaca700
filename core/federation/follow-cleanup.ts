// Follows that must go without anyone sending Undo: every follow with the
// actors of an instance that was just suspended, and the followers behind
// an inbox that answered 404/410 (the account or the instance is gone).
// Each removal goes the same way an Undo would: federation's own rows, the
// mirrored accounts graph, and the events plugins listen to.

import type { FederationServiceImpl } from './service.ts';
import { RemoteActorFollowed, RemoteFollowerRemoved, type RemoteActorRecord } from './contracts.ts';
import { blockCovers } from './domain-blocks.ts';

/** Cached remote actors on `domain` (or its subdomains, as a block covers them). */
export async function actorsOnDomain(service: FederationServiceImpl, domain: string): Promise<RemoteActorRecord[]> {
  const hostname = domain.replace(/:\d+$/, '');
  const rows = await service.ctx.db
    .kysely()
    .selectFrom('core_fed_remote_actors')
    .select('uri')
    .where((eb) => eb.or([eb('uri', 'like', `%://${hostname}/%`), eb('uri', 'like', `%://${hostname}:%`), eb('uri', 'like', `%.${hostname}/%`), eb('uri', 'like', `%.${hostname}:%`)]))
    .execute();
  const out: RemoteActorRecord[] = [];
  for (const { uri } of rows) {
    if (blockCovers(domain, new URL(uri).host.toLowerCase()) === 0) continue;
    const actor = await service.store.remoteActorByUri(uri);
    if (actor) out.push(actor);
  }
  return out;
}

/** Removes the follows of these remote actors of local accounts and plugin actors. */
export async function dropFollowersOf(service: FederationServiceImpl, actors: RemoteActorRecord[]): Promise<number> {
  const db = service.ctx.db.kysely();
  let removed = 0;
  for (const actor of actors) {
    const follows = await db.selectFrom('core_fed_followers').select('account_id').where('remote_actor_id', '=', actor.id).execute();
    for (const { account_id } of follows) {
      const accountId = Number(account_id);
      if (!(await service.store.removeFollower(accountId, actor.id))) continue;
      await service.remoteAccounts.mirrorFollower(accountId, actor, false);
      await service.ctx.hooks.emit(RemoteFollowerRemoved, { accountId, actor });
      removed++;
    }
    const groups = await db.selectFrom('core_fed_actor_followers').select('identifier').where('remote_actor_id', '=', actor.id).execute();
    for (const { identifier } of groups) {
      await db.deleteFrom('core_fed_actor_followers').where('identifier', '=', identifier).where('remote_actor_id', '=', actor.id).execute();
      await service.ctx.hooks.emit(RemoteActorFollowed, { identifier, actor, following: false });
      removed++;
    }
  }
  return removed;
}

/** Removes local accounts' follows of these remote actors (no Undo is sent). */
export async function dropFollowingOf(service: FederationServiceImpl, actors: RemoteActorRecord[]): Promise<number> {
  const db = service.ctx.db.kysely();
  let removed = 0;
  for (const actor of actors) {
    const follows = await db.selectFrom('core_fed_following').select('account_id').where('remote_actor_id', '=', actor.id).execute();
    for (const { account_id } of follows) {
      const accountId = Number(account_id);
      // Our row goes first, so the accounts graph's unfollow event finds no follow to undo remotely.
      await service.store.removeFollowing(accountId, actor.id);
      await service.remoteAccounts.mirrorFollowing(accountId, actor, false);
      removed++;
    }
  }
  return removed;
}

/** A suspension: every follow between this instance and `domain`, both ways. */
export async function removeFollowsWithDomain(service: FederationServiceImpl, domain: string): Promise<number> {
  const actors = await actorsOnDomain(service, domain);
  return (await dropFollowersOf(service, actors)) + (await dropFollowingOf(service, actors));
}

/** 404/410 from an inbox: the followers it stood for are gone. */
export async function dropGoneFollowers(service: FederationServiceImpl, actorUris: string[]): Promise<number> {
  const actors: RemoteActorRecord[] = [];
  for (const uri of actorUris) {
    const actor = await service.store.remoteActorByUri(uri);
    if (actor) actors.push(actor);
  }
  return dropFollowersOf(service, actors);
}
