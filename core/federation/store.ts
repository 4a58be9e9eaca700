// Remote actors (a local cache of their actor documents) and follows across
// instances, in the federation module's own tables.

import type { Kysely } from 'kysely';
import type { Actor } from '@fedify/vocab';
import type { RemoteActorRecord, RemoteFollowRecord, RemoteFollowState } from './contracts.ts';

export interface RemoteActorInput {
  uri: string;
  inbox: string;
  sharedInbox: string | null;
  handle: string;
  type: string;
  displayName: string;
  url: string | null;
  publicKeys: string[];
}

/** The columns we keep from a remote actor document; null when it has no inbox. */
export function remoteActorInput(actor: Actor): RemoteActorInput | null {
  if (!actor.id || !actor.inboxId) return null;
  const username = actor.preferredUsername?.toString() ?? actor.id.pathname.split('/').filter(Boolean).pop() ?? 'unknown';
  const url = actor.url instanceof URL ? actor.url.href : (actor.url as { href?: URL } | null)?.href?.href ?? null;
  return {
    uri: actor.id.href,
    inbox: actor.inboxId.href,
    sharedInbox: actor.endpoints?.sharedInbox?.href ?? null,
    handle: `${username}@${actor.id.host}`,
    type: actor.constructor.name,
    displayName: actor.name?.toString() ?? username,
    url,
    publicKeys: actor.publicKeyIds.map((u) => u.href),
  };
}

export class FederationStore {
  private readonly db: () => Kysely<any>;

  constructor(db: () => Kysely<any>) {
    this.db = db;
  }

  /** Inserts or refreshes the cached actor; returns the stored record. */
  async saveRemoteActor(input: RemoteActorInput): Promise<RemoteActorRecord> {
    const values = {
      uri: input.uri,
      inbox: input.inbox,
      shared_inbox: input.sharedInbox,
      handle: input.handle,
      type: input.type,
      display_name: input.displayName,
      url: input.url,
      public_keys: JSON.stringify(input.publicKeys),
      fetched_at: Date.now(),
    };
    const { uri: _uri, ...update } = values;
    await this.db().insertInto('core_fed_remote_actors').values(values).onConflict((oc) => oc.column('uri').doUpdateSet(update)).execute();
    return (await this.remoteActorByUri(input.uri))!;
  }

  async remoteActorByUri(uri: string): Promise<RemoteActorRecord | null> {
    const row = await this.db().selectFrom('core_fed_remote_actors').selectAll().where('uri', '=', uri).executeTakeFirst();
    return row ? toActor(row) : null;
  }

  async remoteActorByHandle(handle: string): Promise<RemoteActorRecord | null> {
    const row = await this.db().selectFrom('core_fed_remote_actors').selectAll().where('handle', '=', handle).orderBy('fetched_at', 'desc').executeTakeFirst();
    return row ? toActor(row) : null;
  }

  async addFollower(accountId: number, actorId: number, followUri: string): Promise<boolean> {
    const res = await this.db()
      .insertInto('core_fed_followers')
      .values({ account_id: accountId, remote_actor_id: actorId, follow_uri: followUri, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['account_id', 'remote_actor_id']).doUpdateSet({ follow_uri: followUri }))
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async removeFollower(accountId: number, actorId: number): Promise<boolean> {
    const res = await this.db().deleteFrom('core_fed_followers').where('account_id', '=', accountId).where('remote_actor_id', '=', actorId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** Forgets the follow `followUri` of `actorId` (Undo); returns the account it followed, or null. */
  async removeFollowerByFollowUri(actorId: number, followUri: string): Promise<number | null> {
    const row = await this.db()
      .selectFrom('core_fed_followers')
      .select('account_id')
      .where('remote_actor_id', '=', actorId)
      .where('follow_uri', '=', followUri)
      .executeTakeFirst();
    if (!row) return null;
    await this.removeFollower(Number(row.account_id), actorId);
    return Number(row.account_id);
  }

  async followers(accountId: number): Promise<RemoteActorRecord[]> {
    const rows = await this.db()
      .selectFrom('core_fed_followers as f')
      .innerJoin('core_fed_remote_actors as a', 'a.id', 'f.remote_actor_id')
      .selectAll('a')
      .where('f.account_id', '=', accountId)
      .orderBy('f.created_at', 'desc')
      .execute();
    return rows.map(toActor);
  }

  async countFollowers(accountId: number): Promise<number> {
    return this.count('core_fed_followers', accountId);
  }

  async countFollowing(accountId: number): Promise<number> {
    return this.count('core_fed_following', accountId, 'accepted');
  }

  async addFollowing(accountId: number, actorId: number, followUri: string): Promise<void> {
    await this.db()
      .insertInto('core_fed_following')
      .values({ account_id: accountId, remote_actor_id: actorId, state: 'pending', follow_uri: followUri, created_at: Date.now() })
      .execute();
  }

  async followingOf(accountId: number, actorId: number): Promise<{ state: RemoteFollowState; followUri: string } | null> {
    const row = await this.db()
      .selectFrom('core_fed_following')
      .select(['state', 'follow_uri'])
      .where('account_id', '=', accountId)
      .where('remote_actor_id', '=', actorId)
      .executeTakeFirst();
    return row ? { state: row.state, followUri: row.follow_uri } : null;
  }

  /** Marks the follow sent as `followUri` to `actorId` accepted; returns its account, or null. */
  async acceptFollowing(followUri: string, actorId: number): Promise<number | null> {
    const row = await this.db()
      .selectFrom('core_fed_following')
      .select(['account_id', 'state'])
      .where('follow_uri', '=', followUri)
      .where('remote_actor_id', '=', actorId)
      .executeTakeFirst();
    if (!row || row.state === 'accepted') return null;
    await this.db().updateTable('core_fed_following').set({ state: 'accepted' }).where('follow_uri', '=', followUri).execute();
    return Number(row.account_id);
  }

  /** The follow sent as `followUri` to `actorId`, whatever its state. */
  async followingByUri(followUri: string, actorId: number): Promise<{ accountId: number; state: RemoteFollowState } | null> {
    const row = await this.db().selectFrom('core_fed_following').select(['account_id', 'state'])
      .where('follow_uri', '=', followUri).where('remote_actor_id', '=', actorId).executeTakeFirst();
    return row ? { accountId: Number(row.account_id), state: row.state } : null;
  }

  async removeFollowing(accountId: number, actorId: number): Promise<void> {
    await this.db().deleteFrom('core_fed_following').where('account_id', '=', accountId).where('remote_actor_id', '=', actorId).execute();
  }

  async following(accountId: number): Promise<RemoteFollowRecord[]> {
    const rows = await this.db()
      .selectFrom('core_fed_following as f')
      .innerJoin('core_fed_remote_actors as a', 'a.id', 'f.remote_actor_id')
      .selectAll('a')
      .select(['f.state as follow_state', 'f.account_id as follow_account_id'])
      .where('f.account_id', '=', accountId)
      .orderBy('f.created_at', 'desc')
      .execute();
    return rows.map((r) => ({ accountId: Number(r.follow_account_id), state: r.follow_state, actor: toActor(r) }));
  }

  // ---- followers of plugin actors (Groups) ------------------------------

  async addActorFollower(identifier: string, actorId: number, followUri: string): Promise<void> {
    await this.db()
      .insertInto('core_fed_actor_followers')
      .values({ identifier, remote_actor_id: actorId, follow_uri: followUri, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['identifier', 'remote_actor_id']).doUpdateSet({ follow_uri: followUri }))
      .execute();
  }

  /** Forgets `actorId`'s follow `followUri` of a plugin actor; returns that actor's identifier, or null. */
  async removeActorFollowerByFollowUri(actorId: number, followUri: string): Promise<string | null> {
    const row = await this.db().selectFrom('core_fed_actor_followers').select('identifier')
      .where('remote_actor_id', '=', actorId).where('follow_uri', '=', followUri).executeTakeFirst();
    if (!row) return null;
    await this.db().deleteFrom('core_fed_actor_followers').where('identifier', '=', row.identifier).where('remote_actor_id', '=', actorId).execute();
    return row.identifier;
  }

  async actorFollowers(identifier: string): Promise<RemoteActorRecord[]> {
    const rows = await this.db()
      .selectFrom('core_fed_actor_followers as f')
      .innerJoin('core_fed_remote_actors as a', 'a.id', 'f.remote_actor_id')
      .selectAll('a')
      .where('f.identifier', '=', identifier)
      .orderBy('f.created_at', 'desc')
      .execute();
    return rows.map(toActor);
  }

  async countActorFollowers(identifier: string): Promise<number> {
    const row = await this.db().selectFrom('core_fed_actor_followers').select((eb) => eb.fn.countAll<number>().as('n')).where('identifier', '=', identifier).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private async count(table: string, accountId: number, state?: string): Promise<number> {
    let q = this.db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId);
    if (state) q = q.where('state', '=', state);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }
}

function toActor(row: any): RemoteActorRecord {
  return {
    id: Number(row.id),
    uri: row.uri,
    inbox: row.inbox,
    sharedInbox: row.shared_inbox ?? null,
    handle: row.handle,
    type: row.type,
    displayName: row.display_name,
    url: row.url ?? null,
    fetchedAt: new Date(Number(row.fetched_at)),
  };
}
