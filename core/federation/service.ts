// The one Fedify federation object of an instance and the service plugins
// use (contracts.ts). Dispatchers serve actors, keys, collections and
// NodeInfo; one inbox listener routes every verified activity to the
// handlers registered for its type (core's own Follow/Accept/Undo first).

import { createFederation, type Context, type Federation } from '@fedify/fedify';
import { Activity, isActor, type Recipient } from '@fedify/vocab';
import type { PluginContext } from '../plugins/context.ts';
import { AccountsServiceRef, type AccountRecord } from '../accounts/contracts.ts';
import { MediaServiceRef } from '../media/contracts.ts';
import { badInput, notFound } from '../errors/errors.ts';
import { DatabaseKvStore } from './kv.ts';
import { JobMessageQueue } from './queue.ts';
import { KeyStore } from './keys.ts';
import { FederationStore, remoteActorInput } from './store.ts';
import { accountActor, instanceActor, INSTANCE_ACTOR } from './actors.ts';
import { registerFollowHandlers, sendFollow, sendUndoFollow } from './follows.ts';
import { NodeInfoUsage, type ActivityRecipients, type ActivitySender, type FederationService, type InboxHandler, type ObjectTypeSpec, type RemoteActorRecord, type RemoteFollowRecord } from './contracts.ts';
import { MEADOW_VERSION } from './version.ts';

export interface FederationDeps {
  ctx: PluginContext;
  /** Names of the plugins switched on (NodeInfo metadata). */
  enabledPlugins: () => string[];
  instanceName: () => string;
}

export class FederationServiceImpl implements FederationService {
  readonly federation: Federation<void>;
  readonly queue: JobMessageQueue;
  readonly store: FederationStore;
  readonly keys: KeyStore;
  /** Paths Fedify serves; the Fastify adapter adds a route for each. */
  readonly paths: { path: string; post?: boolean }[] = [
    { path: '/.well-known/webfinger' },
    { path: '/.well-known/nodeinfo' },
    { path: '/nodeinfo/2.1' },
    { path: '/users/{identifier}' },
    { path: '/users/{identifier}/inbox', post: true },
    { path: '/inbox', post: true },
    { path: '/users/{identifier}/outbox' },
    { path: '/users/{identifier}/followers' },
    { path: '/users/{identifier}/following' },
  ];
  private readonly deps: FederationDeps;
  private readonly handlers: { type: new (...args: any[]) => Activity; handler: InboxHandler<any> }[] = [];
  private serving = false;

  constructor(deps: FederationDeps) {
    this.deps = deps;
    const { ctx } = deps;
    this.store = new FederationStore(() => ctx.db.kysely());
    this.keys = new KeyStore(() => ctx.db.kysely());
    this.queue = new JobMessageQueue((name, payload, options) => ctx.jobs.enqueue(name, payload, options));
    this.federation = createFederation<void>({
      kv: new DatabaseKvStore(() => ctx.db.kysely(), ctx.db.dialect),
      queue: this.queue,
      manuallyStartQueue: true,
      origin: ctx.config.publicUrl,
      allowPrivateAddress: ctx.config.federation.allowPrivateAddresses,
      userAgent: { software: `Meadow/${MEADOW_VERSION}`, url: new URL(ctx.config.publicUrl) },
    });
    this.setUpActors();
    this.setUpCollections();
    this.federation
      .setInboxListeners('/users/{identifier}/inbox', '/inbox')
      .on(Activity, (fctx, activity) => this.route(fctx, activity))
      .onError((_fctx, error) => ctx.log.warn({ err: error }, 'federation: inbox handler failed (will retry)'));
    this.federation.setNodeInfoDispatcher('/nodeinfo/2.1', async () => {
      const usage = await ctx.hooks.applyFilter(NodeInfoUsage, { localPosts: 0, localComments: 0 });
      return {
        software: { name: 'meadow', version: MEADOW_VERSION },
        protocols: ['activitypub'],
        openRegistrations: true,
        usage: { users: { total: await this.accounts.countAccounts() }, localPosts: usage.localPosts, localComments: usage.localComments },
        metadata: { nodeName: deps.instanceName(), enabledPlugins: deps.enabledPlugins() },
      };
    });
    registerFollowHandlers(this);
  }

  get ctx(): PluginContext {
    return this.deps.ctx;
  }

  get accounts() {
    return this.ctx.services.get(AccountsServiceRef);
  }

  context(): Context<void> {
    return this.federation.createContext(new URL(this.ctx.config.publicUrl), undefined);
  }

  /** Called when the routes are mounted: no more object types after this. */
  startServing(): void {
    this.serving = true;
  }

  registerObjectType<T extends import('@fedify/vocab').Object>(spec: ObjectTypeSpec<T>): void {
    if (this.serving) throw new Error(`Object type for ${spec.path} registered after the instance started; register in bootstrap()`);
    if (/\{\+/.test(spec.path)) throw new Error(`Object path ${spec.path}: use simple {variables} only`);
    this.federation.setObjectDispatcher(spec.type, spec.path as any, (fctx: Context<void>, values: Record<string, string>) => spec.dispatch(fctx, values));
    this.paths.push({ path: spec.path });
  }

  onInbox<A extends Activity>(type: new (...args: any[]) => A, handler: InboxHandler<A>): void {
    this.handlers.push({ type, handler });
  }

  private async route(fctx: Context<void> & { recipient?: string | null }, activity: Activity): Promise<void> {
    const info = { context: fctx, recipientHandle: fctx.recipient ?? null };
    for (const { type, handler } of this.handlers) {
      if (activity instanceof type) await handler(activity, info);
    }
  }

  actorUri(handle: string): URL {
    return this.context().getActorUri(handle);
  }

  async senderIdentifier(sender: ActivitySender): Promise<string> {
    if (sender === 'instance') return INSTANCE_ACTOR;
    const account = await this.accounts.getById(sender.accountId);
    if (!account) throw notFound(`No account with id ${sender.accountId}`);
    return account.handle;
  }

  async sendActivity(sender: ActivitySender, recipients: ActivityRecipients, activity: Activity): Promise<void> {
    const identifier = await this.senderIdentifier(sender);
    const fctx = this.context();
    if (recipients === 'followers') {
      await fctx.sendActivity({ identifier }, 'followers', activity, { preferSharedInbox: true });
      return;
    }
    const list = (Array.isArray(recipients) ? recipients : [recipients]).map(toRecipient);
    if (list.length) await fctx.sendActivity({ identifier }, list, activity, { preferSharedInbox: true });
  }

  async resolveRemoteActor(raw: string): Promise<RemoteActorRecord> {
    const handle = String(raw ?? '').trim().replace(/^@/, '');
    const match = /^([^@\s/]+)@([^@\s/]+)$/.exec(handle);
    if (!match) throw badInput(`"${raw}" is not a remote handle; write it as user@host`, { field: 'handle' });
    if (match[2].toLowerCase() === new URL(this.ctx.config.publicUrl).host) {
      throw badInput(`${handle} is an account on this instance; follow it directly`, { field: 'handle' });
    }
    let found: unknown = null;
    try {
      found = await this.context().lookupObject(`acct:${handle}`);
    } catch (err) {
      this.ctx.log.info({ err, handle }, 'federation: remote lookup failed');
    }
    const input = isActor(found) ? remoteActorInput(found) : null;
    if (!input) throw notFound(`No account ${handle} could be found on ${match[2]}`);
    return this.store.saveRemoteActor(input);
  }

  async followRemote(accountId: number, handle: string): Promise<RemoteFollowRecord> {
    const actor = await this.resolveRemoteActor(handle);
    const existing = await this.store.followingOf(accountId, actor.id);
    if (existing) return { accountId, actor, state: existing.state };
    await sendFollow(this, accountId, actor);
    return { accountId, actor, state: 'pending' };
  }

  async unfollowRemote(accountId: number, handle: string): Promise<boolean> {
    const actor = await this.store.remoteActorByHandle(String(handle ?? '').trim().replace(/^@/, ''));
    const existing = actor ? await this.store.followingOf(accountId, actor.id) : null;
    if (!actor || !existing) return false;
    await sendUndoFollow(this, accountId, actor, existing.followUri);
    return true;
  }

  remoteFollowers(accountId: number) {
    return this.store.followers(accountId);
  }

  remoteFollowing(accountId: number) {
    return this.store.following(accountId);
  }

  private async accountByIdentifier(identifier: string): Promise<AccountRecord | null> {
    return identifier === INSTANCE_ACTOR ? null : this.accounts.getByHandle(identifier);
  }

  private async keyPairsOf(identifier: string): Promise<CryptoKeyPair[]> {
    if (identifier === INSTANCE_ACTOR) {
      const k = await this.keys.keysOf('instance');
      return [k.rsa, k.ed25519];
    }
    const account = await this.accountByIdentifier(identifier);
    if (!account) return [];
    const k = await this.keys.keysOf(`account:${account.id}`);
    return [k.rsa, k.ed25519];
  }

  private setUpActors(): void {
    this.federation
      .setActorDispatcher('/users/{identifier}', async (fctx, identifier) => {
        const keys = await fctx.getActorKeyPairs(identifier);
        if (identifier === INSTANCE_ACTOR) return instanceActor(fctx, keys, this.deps.instanceName());
        const account = await this.accountByIdentifier(identifier);
        if (!account) return null;
        return accountActor(fctx, account, keys, await this.avatarUrl(account));
      })
      .setKeyPairsDispatcher((_fctx, identifier) => this.keyPairsOf(identifier))
      .mapHandle(async (_fctx, username) => {
        const name = username.toLowerCase();
        if (name === INSTANCE_ACTOR) return INSTANCE_ACTOR;
        return (await this.accounts.getByHandle(name))?.handle ?? null;
      });
  }

  private async avatarUrl(account: AccountRecord): Promise<string | null> {
    if (!account.avatarMediaId) return null;
    const media = this.ctx.services.get(MediaServiceRef);
    const record = await media.getById(account.avatarMediaId);
    return record ? media.urlOf(record, 'medium') : null;
  }

  private setUpCollections(): void {
    const local = async (identifier: string) => this.accountByIdentifier(identifier);
    this.federation
      .setFollowersDispatcher('/users/{identifier}/followers', async (_fctx, identifier) => {
        const account = await local(identifier);
        if (!account) return null;
        // Items are the remote followers (the delivery list); local ones are counted only.
        return { items: (await this.store.followers(account.id)).map(toRecipient) };
      })
      .setCounter(async (_fctx, identifier) => {
        const account = await local(identifier);
        return account ? account.followersCount + (await this.store.countFollowers(account.id)) : null;
      });
    this.federation
      .setFollowingDispatcher('/users/{identifier}/following', async (_fctx, identifier) => {
        const account = await local(identifier);
        if (!account) return null;
        const following = await this.store.following(account.id);
        return { items: following.filter((f) => f.state === 'accepted').map((f) => new URL(f.actor.uri)) };
      })
      .setCounter(async (_fctx, identifier) => {
        const account = await local(identifier);
        return account ? account.followingCount + (await this.store.countFollowing(account.id)) : null;
      });
    this.federation
      .setOutboxDispatcher('/users/{identifier}/outbox', async (_fctx, identifier) => ((await local(identifier)) ? { items: [] } : null))
      .setCounter(() => 0);
  }
}

export function toRecipient(actor: RemoteActorRecord): Recipient {
  return {
    id: new URL(actor.uri),
    inboxId: new URL(actor.inbox),
    endpoints: actor.sharedInbox ? { sharedInbox: new URL(actor.sharedInbox) } : null,
  };
}
