// Account-level activities both ways, beside Follow/Accept/Undo (follows.ts):
//   - locked accounts: an inbound Follow of a locked account becomes a
//     follow request (the Follow's id kept in core_fed_follow_requests until
//     the person answers: Accept or Reject goes out then); a local request
//     to a remote locked account sends Follow and waits for its answer;
//   - Block / Undo(Block): a local block of a remote account sends Block
//     (the follows both ways go: Undo(Follow) and Reject through
//     remote-accounts.ts); an inbound Block removes follows both ways and is
//     kept as a block, so the blocked local account stops delivering to it;
//   - Update(Person): profile changes go to followers; an inbound Update
//     of an actor refreshes its cached account, only from the actor itself;
//   - Delete(Person): a local account's Delete is enqueued to its followers,
//     the actors it follows and every known instance BEFORE its rows go
//     (the signing keys travel inside Fedify's queued messages, so the
//     deliveries still sign after the key pair is removed); its actor URL
//     then answers 410 with a Tombstone. An inbound Delete of an actor,
//     signed by it and confirmed by its own origin (404/410), removes the
//     cached account and, through AccountDeleted, what plugins keep of it.

import { randomUUID } from 'node:crypto';
import type { Context, UnverifiedActivityReason } from '@fedify/fedify';
import { Accept, Activity, Block, Delete, Follow, PUBLIC_COLLECTION, Reject, Undo, Update, isActor, type Actor } from '@fedify/vocab';
import type { Kysely } from 'kysely';
import type { Migration } from '../data/migrations.ts';
import { on, onInTransaction } from '../plugins/define.ts';
import {
  AccountBlocked, AccountDeleted, AccountDeleting, AccountUnblocked, FollowRequestAnswered, FollowRequested, ProfileUpdated,
  type AccountRecord,
} from '../accounts/contracts.ts';
import { RemoteFollowerAdded, type RemoteActorRecord } from './contracts.ts';
import { INSTANCE_ACTOR } from './actors.ts';
import type { FederationServiceImpl } from './service.ts';

export const accountActivityMigrations: Migration[] = [
  {
    // Inbound Follows of locked accounts waiting for an answer (the Follow's
    // id is needed for the Accept/Reject), and handles of deleted accounts
    // (their actor URL answers 410 Gone).
    id: '0101_account_activities',
    async up({ db }) {
      await db.schema
        .createTable('core_fed_follow_requests')
        .addColumn('account_id', 'bigint', (c) => c.notNull().references('core_accounts.id').onDelete('cascade'))
        .addColumn('remote_actor_id', 'bigint', (c) => c.notNull().references('core_fed_remote_actors.id').onDelete('cascade'))
        .addColumn('follow_uri', 'varchar(2048)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('core_fed_follow_requests_pk', ['account_id', 'remote_actor_id'])
        .execute();
      await db.schema
        .createTable('core_fed_gone_actors')
        .addColumn('identifier', 'varchar(300)', (c) => c.primaryKey())
        .addColumn('deleted_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
];

/** This module's rows: pending inbound Follows and gone local actors. */
class AccountActivityStore {
  private readonly db: () => Kysely<any>;

  constructor(db: () => Kysely<any>) {
    this.db = db;
  }

  async holdFollow(accountId: number, actorId: number, followUri: string): Promise<void> {
    await this.db().insertInto('core_fed_follow_requests')
      .values({ account_id: accountId, remote_actor_id: actorId, follow_uri: followUri, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['account_id', 'remote_actor_id']).doUpdateSet({ follow_uri: followUri }))
      .execute();
  }

  /** Removes the held Follow and returns its id (null when none was held). */
  async takeFollow(accountId: number, actorId: number): Promise<string | null> {
    const row = await this.db().selectFrom('core_fed_follow_requests').select('follow_uri')
      .where('account_id', '=', accountId).where('remote_actor_id', '=', actorId).executeTakeFirst();
    if (!row) return null;
    await this.db().deleteFrom('core_fed_follow_requests').where('account_id', '=', accountId).where('remote_actor_id', '=', actorId).execute();
    return row.follow_uri;
  }

  /** Undo of a held Follow: the account it asked for, or null. */
  async takeFollowByUri(actorId: number, followUri: string): Promise<number | null> {
    const row = await this.db().selectFrom('core_fed_follow_requests').select('account_id')
      .where('remote_actor_id', '=', actorId).where('follow_uri', '=', followUri).executeTakeFirst();
    if (!row) return null;
    await this.takeFollow(Number(row.account_id), actorId);
    return Number(row.account_id);
  }

  async isFollower(accountId: number, actorId: number): Promise<boolean> {
    return (await this.followUriOf(accountId, actorId)) != null;
  }

  /** The id of the accepted Follow by which `actorId` follows `accountId`, or null. */
  async followUriOf(accountId: number, actorId: number): Promise<string | null> {
    const row = await this.db().selectFrom('core_fed_followers').select('follow_uri')
      .where('account_id', '=', accountId).where('remote_actor_id', '=', actorId).executeTakeFirst();
    return row?.follow_uri ?? null;
  }

  async markGone(identifier: string): Promise<void> {
    await this.db().insertInto('core_fed_gone_actors').values({ identifier, deleted_at: Date.now() })
      .onConflict((oc) => oc.column('identifier').doUpdateSet({ deleted_at: Date.now() })).execute();
  }

  async goneAt(identifier: string): Promise<Date | null> {
    const row = await this.db().selectFrom('core_fed_gone_actors').select('deleted_at').where('identifier', '=', identifier).executeTakeFirst();
    return row ? new Date(Number(row.deleted_at)) : null;
  }

  /** One actor per known instance (its shared inbox when it has one): where a Delete of an account goes. */
  async oneActorPerInstance(): Promise<{ id: number; uri: string; inbox: string; shared_inbox: string | null }[]> {
    const rows = await this.db().selectFrom('core_fed_remote_actors').select(['id', 'uri', 'inbox', 'shared_inbox']).orderBy('id').execute();
    const byHost = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      const host = new URL(row.uri).host;
      const seen = byHost.get(host);
      if (!seen || (!seen.shared_inbox && row.shared_inbox)) byHost.set(host, row);
    }
    return [...byHost.values()].map((r) => ({ id: Number(r.id), uri: r.uri, inbox: r.inbox, shared_inbox: r.shared_inbox ?? null }));
  }

  async deleteKeys(owner: string): Promise<void> {
    await this.db().deleteFrom('core_fed_keys').where('owner', '=', owner).execute();
  }
}

const stores = new WeakMap<FederationServiceImpl, AccountActivityStore>();
export function activityStoreOf(service: FederationServiceImpl): AccountActivityStore {
  let store = stores.get(service);
  if (!store) stores.set(service, (store = new AccountActivityStore(() => service.ctx.db.kysely())));
  return store;
}

const activityId = (me: URL, kind: string) => new URL(`#${kind}/${randomUUID()}`, me);

// ---- locked accounts -------------------------------------------------------

/**
 * Called by the Follow handler for a local account: when it is locked and
 * the actor is not a follower yet, the Follow is held as a request (true).
 */
export async function holdFollowOfLockedAccount(
  service: FederationServiceImpl, account: AccountRecord, remote: RemoteActorRecord, actor: Actor, followUri: string,
): Promise<boolean> {
  const store = activityStoreOf(service);
  if (!account.locked || (await store.isFollower(account.id, remote.id))) return false;
  const requester = await service.remoteAccounts.accountOf(remote, actor);
  await store.holdFollow(account.id, remote.id, followUri);
  try {
    await service.accounts.requestFollow(requester.id, account.id);
  } catch {
    // Blocked either way: answer at once.
    await store.takeFollow(account.id, remote.id);
    await answerFollow(service, account, remote, followUri, false);
  }
  return true;
}

async function answerFollow(service: FederationServiceImpl, account: AccountRecord, remote: RemoteActorRecord, followUri: string, accept: boolean) {
  const me = service.actorUri(account.handle);
  const follow = new Follow({ id: new URL(followUri), actor: new URL(remote.uri), object: me });
  const Type = accept ? Accept : Reject;
  await service.sendActivity({ accountId: account.id }, remote, new Type({ id: activityId(me, accept ? 'accepts' : 'rejects'), actor: me, object: follow }));
}

async function onFollowRequested(service: FederationServiceImpl, { requesterId, targetId }: { requesterId: number; targetId: number }) {
  const [requester, target] = await service.accounts.getByIds([requesterId, targetId]);
  // A local account asks a remote locked one: Follow goes out, pending until Accept or Reject.
  if (!requester || requester.remote || !target?.remote) return;
  const actor = await service.remoteAccounts.actorOf(target);
  if (!actor || (await service.store.followingOf(requester.id, actor.id))) return;
  await service.sendFollowTo(requester.id, actor);
}

async function onFollowRequestAnswered(
  service: FederationServiceImpl,
  { requesterId, targetId, outcome }: { requesterId: number; targetId: number; outcome: 'approved' | 'rejected' | 'withdrawn' },
) {
  const [requester, target] = await service.accounts.getByIds([requesterId, targetId]);
  if (!requester || !target) return;
  if (requester.remote && !target.remote) {
    // A local locked account answered a remote actor's Follow.
    const remote = await service.remoteAccounts.actorOf(requester);
    const followUri = remote ? await activityStoreOf(service).takeFollow(target.id, remote.id) : null;
    if (!remote || !followUri || outcome === 'withdrawn') return;
    if (outcome === 'approved') await service.store.addFollower(target.id, remote.id, followUri);
    await answerFollow(service, target, remote, followUri, outcome === 'approved');
    if (outcome === 'approved') await service.ctx.hooks.emit(RemoteFollowerAdded, { accountId: target.id, actor: remote });
    return;
  }
  if (!requester.remote && target.remote && outcome === 'withdrawn') {
    // The local account gave up waiting: Undo(Follow).
    const remote = await service.remoteAccounts.actorOf(target);
    const pending = remote ? await service.store.followingOf(requester.id, remote.id) : null;
    if (remote && pending) await service.sendUndoFollowTo(requester.id, remote, pending.followUri);
  }
}

// ---- Block ---------------------------------------------------------------------

async function localAndRemote(service: FederationServiceImpl, localId: number, remoteId: number) {
  const [local, remoteAccount] = await service.accounts.getByIds([localId, remoteId]);
  if (!local || local.remote || !remoteAccount?.remote) return null;
  const remote = await service.remoteAccounts.actorOf(remoteAccount);
  return remote ? { local, remote } : null;
}

async function onBlocked(service: FederationServiceImpl, { blockerId, blockedId }: { blockerId: number; blockedId: number }) {
  const pair = await localAndRemote(service, blockerId, blockedId);
  if (!pair) return;
  await activityStoreOf(service).takeFollow(pair.local.id, pair.remote.id);
  const me = service.actorUri(pair.local.handle);
  await service.sendActivity({ accountId: pair.local.id }, pair.remote, new Block({ id: activityId(me, 'blocks'), actor: me, object: new URL(pair.remote.uri), to: new URL(pair.remote.uri) }));
}

async function onUnblocked(service: FederationServiceImpl, { blockerId, blockedId }: { blockerId: number; blockedId: number }) {
  const pair = await localAndRemote(service, blockerId, blockedId);
  if (!pair) return;
  const me = service.actorUri(pair.local.handle);
  // Receivers match the Block by actor and object (its id was not kept).
  const block = new Block({ id: activityId(me, 'blocks'), actor: me, object: new URL(pair.remote.uri) });
  await service.sendActivity({ accountId: pair.local.id }, pair.remote, new Undo({ id: activityId(me, 'undo'), actor: me, object: block, to: new URL(pair.remote.uri) }));
}

/** The local account an activity's object names (an actor URI of this instance), or null. */
async function localAccountNamed(service: FederationServiceImpl, context: Context<void>, uri: URL | null): Promise<AccountRecord | null> {
  if (!uri) return null;
  const parsed = context.parseUri(uri);
  if (parsed?.type !== 'actor') return null;
  const account = await service.accounts.getByHandle(parsed.identifier);
  return account && !account.remote ? account : null;
}

// ---- Update(Person) ---------------------------------------------------------------

async function onProfileUpdated(service: FederationServiceImpl, { account }: { account: AccountRecord }) {
  if (account.remote) return;
  if ((await service.remoteFollowers(account.id)).length === 0) return;
  const me = service.actorUri(account.handle);
  const actor = await service.localActorDocument(account);
  await service.sendActivity({ accountId: account.id }, 'followers', new Update({
    id: activityId(me, 'updates'), actor: me, object: actor, to: PUBLIC_COLLECTION, ccs: [service.context().getFollowersUri(account.handle)],
  }));
}

// ---- Delete(Person) ----------------------------------------------------------------

async function onAccountDeleting(service: FederationServiceImpl, { account }: { account: AccountRecord }) {
  if (account.remote) return;
  const store = activityStoreOf(service);
  const recipients = new Map<string, RemoteActorRecord>();
  for (const actor of await service.remoteFollowers(account.id)) recipients.set(actor.uri, actor);
  for (const f of await service.remoteFollowing(account.id)) recipients.set(f.actor.uri, f.actor);
  const hosts = new Set([...recipients.values()].map((a) => new URL(a.uri).host));
  for (const row of await store.oneActorPerInstance()) {
    if (hosts.has(new URL(row.uri).host)) continue;
    const cached = await service.store.remoteActorByUri(row.uri);
    if (cached) recipients.set(cached.uri, cached);
  }
  const me = service.actorUri(account.handle);
  if (recipients.size > 0) {
    // Enqueued now, while the account and its keys exist; Fedify puts the
    // signing keys in each queued message, so delivery signs after they are gone.
    await service.sendActivity({ accountId: account.id }, [...recipients.values()], new Delete({
      id: new URL('#delete', me), actor: me, object: me, to: PUBLIC_COLLECTION,
    }));
  }
  await store.markGone(account.handle);
}

/** Is a remote actor gone by its own origin's word (404/410 to a fresh, signed fetch)? */
async function actorIsGone(service: FederationServiceImpl, uri: string): Promise<boolean> {
  const fctx = service.context();
  const loader = await fctx.getDocumentLoader({ identifier: INSTANCE_ACTOR });
  try {
    const { document } = await loader(uri);
    const doc = document as { type?: string; id?: string } | null;
    return doc?.type === 'Tombstone';
  } catch (err) {
    const status = (err as { response?: { status?: number } })?.response?.status;
    return status === 404 || status === 410;
  }
}

/** Removes the cached account (and through AccountDeleted what plugins keep) of a deleted remote actor. */
async function forgetRemoteActor(service: FederationServiceImpl, actorUri: string): Promise<boolean> {
  const account = await service.accounts.getByActorUri(actorUri);
  if (!account?.remote) return false;
  if (!(await actorIsGone(service, actorUri))) {
    service.ctx.log.info({ actor: actorUri }, 'federation: Delete of an actor that its origin still serves; ignored');
    return false;
  }
  await service.accounts.deleteAccount(account.id);
  await service.ctx.db.kysely().deleteFrom('core_fed_remote_actors').where('uri', '=', actorUri).execute();
  return true;
}

/**
 * The signature of a deleted actor's last activity cannot be checked when
 * its key was never cached here: its key URL now answers 410/404. A
 * Delete of that actor by itself is still taken, after its origin confirms
 * the actor is gone (forgetRemoteActor); everything else stays refused.
 */
export async function acceptDeleteOfGoneActor(service: FederationServiceImpl, activity: Activity, reason: UnverifiedActivityReason): Promise<Response | void> {
  if (!(activity instanceof Delete) || !activity.actorId || activity.objectId?.href !== activity.actorId.href) return;
  if (reason.type !== 'keyFetchError' || !('status' in reason.result) || ![404, 410].includes(reason.result.status)) return;
  if (reason.keyId.origin !== activity.actorId.origin) return;
  await forgetRemoteActor(service, activity.actorId.href);
  return new Response(null, { status: 202 });
}

// ---- registration -------------------------------------------------------------------

export function registerAccountActivities(service: FederationServiceImpl): void {
  service.onInbox(Undo, async (undo, info) => {
    if (!undo.actorId || !undo.objectId) return;
    const remote = await service.store.remoteActorByUri(undo.actorId.href);
    if (!remote) return;
    // Undo of a Follow still waiting for a locked account: the request is withdrawn.
    const waitingFor = await activityStoreOf(service).takeFollowByUri(remote.id, undo.objectId.href);
    const remoteAccount = await service.accounts.getByActorUri(remote.uri);
    if (waitingFor != null) {
      if (remoteAccount) await service.accounts.unfollow(remoteAccount.id, waitingFor);
      return;
    }
    // Undo(Block): only fetch the object when this actor blocks someone here.
    if (!remoteAccount || (await service.accounts.hiddenAccountIds(remoteAccount.id)).length === 0) return;
    const object = await undo.getObject({ documentLoader: info.context.documentLoader, contextLoader: info.context.contextLoader }).catch(() => null);
    if (!(object instanceof Block) || object.actorId?.href !== remote.uri) return;
    const blocked = await localAccountNamed(service, info.context, object.objectId);
    if (blocked) await service.accounts.unblock(remoteAccount.id, blocked.id);
  });

  service.onInbox(Block, async (block, info) => {
    if (!block.actorId) return;
    const target = await localAccountNamed(service, info.context, block.objectId);
    const blocker = target ? await info.actorAccount() : null;
    if (!target || !blocker?.remote) return;
    const remote = await service.remoteAccounts.actorOf(blocker);
    if (!remote) return;
    // Federation's own rows first, so removing the graph's follows sends nothing back.
    await service.store.removeFollowing(target.id, remote.id);
    await service.store.removeFollower(target.id, remote.id);
    await activityStoreOf(service).takeFollow(target.id, remote.id);
    await service.accounts.block(blocker.id, target.id);
  });

  service.onInbox(Update, async (update) => {
    // Only an actor's own Update of itself (the signature is its key's).
    if (!update.actorId || update.objectId?.href !== update.actorId.href) return;
    const object = await update.getObject().catch(() => null);
    if (!isActor(object) || object.id?.href !== update.actorId.href) return;
    await service.saveActor(object);
  });

  service.onInbox(Delete, async (del) => {
    if (!del.actorId || del.objectId?.href !== del.actorId.href) return;
    await forgetRemoteActor(service, del.actorId.href);
  });
}

/** The account events federation acts on (listed in the federation plugin's hooks). */
export function accountActivityHooks(get: () => FederationServiceImpl) {
  return [
    on(FollowRequested, (event) => onFollowRequested(get(), event)),
    on(FollowRequestAnswered, (event) => onFollowRequestAnswered(get(), event)),
    on(AccountBlocked, (event) => onBlocked(get(), event)),
    on(AccountUnblocked, (event) => onUnblocked(get(), event)),
    on(ProfileUpdated, (event) => onProfileUpdated(get(), event)),
    // Awaited before the account's rows are removed.
    onInTransaction(AccountDeleting, (event) => onAccountDeleting(get(), event)),
    // The key pair is not needed any more: queued deliveries carry their keys.
    on(AccountDeleted, ({ accountId, remote }) => (remote ? undefined : activityStoreOf(get()).deleteKeys(`account:${accountId}`))),
  ];
}
