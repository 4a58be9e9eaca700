// The one Fedify federation object of an instance and the service plugins
// use (contracts.ts). Dispatchers serve actors, keys, collections and
// NodeInfo; one inbox listener routes every verified activity to the
// handlers registered for its type (core's own Follow/Accept/Undo first).

import { createFederation, type Context, type Federation, type RequestContext } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';
import { Activity, Tombstone, isActor, type Actor, type Object as APObject, type Recipient } from '@fedify/vocab';
import type { PluginContext } from '../plugins/context.ts';
import { AccountsServiceRef, type AccountRecord } from '../accounts/contracts.ts';
import { MediaServiceRef } from '../media/contracts.ts';
import { badInput, forbidden, notFound } from '../errors/errors.ts';
import { DatabaseKvStore } from './kv.ts';
import { JobMessageQueue } from './queue.ts';
import { redisQueueFor, type RedisMessageQueue } from './redis-queue.ts';
import { KeyStore } from './keys.ts';
import { FederationStore, remoteActorInput } from './store.ts';
import { accountActor, actorBase, instanceActor, INSTANCE_ACTOR } from './actors.ts';
import { registerFollowHandlers, sendFollow, sendUndoFollow } from './follows.ts';
import { acceptDeleteOfGoneActor, activityStoreOf, registerAccountActivities } from './account-activities.ts';
import { registerMoveHandler } from './moves.ts';
import { registerFlagHandler, sendFlag } from './flags.ts';
import { RemoteAccounts } from './remote-accounts.ts';
import { setUpCollections } from './collections.ts';
import {
  FederationWebFingerLinks, NodeInfoUsage, type ActivityRecipients, type ActivitySender, type ActorKindSpec, type FederationService, type FlagInput, type ImportedObject, type InboxHandler,
  type InboxInfo, type LookupResult, type ObjectImporter, type ObjectTypeSpec, type RemoteActorRecord, type RemoteFollowRecord,
} from './contracts.ts';
import { MEADOW_VERSION } from './version.ts';
import { meadowLoaderFactories, webFingerActorUrl, webFingerDocument, type FetchLimits, type WebFingerDocument } from './loader.ts';
import { InboxGuard } from './inbox-guard.ts';
import { trustedActivity } from './origin-guard.ts';
import { InboxClaims } from './inbox-claims.ts';
import { FederationOperations } from './operations.ts';

export interface FederationDeps {
  ctx: PluginContext;
  /** Names of the plugins switched on (NodeInfo metadata). */
  enabledPlugins: () => string[];
  instanceName: () => string;
}

export class FederationServiceImpl implements FederationService {
  readonly federation: Federation<void>;
  readonly queue: JobMessageQueue;
  /** Set when config.federation.queue is "redis" (several nodes); Fedify then queues there. */
  readonly redisQueue: RedisMessageQueue | null;
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
  readonly remoteAccounts: RemoteAccounts;
  /** Instance health, delivery policy and instance blocks (operations.ts). */
  readonly operations: FederationOperations;
  private readonly handlers: { type: new (...args: any[]) => Activity; handler: InboxHandler<any> }[] = [];
  private readonly kinds: ActorKindSpec[] = [];
  private readonly importers: ObjectImporter[] = [];
  private serving = false;
  /** Bounds of every remote fetch (loader.ts). */
  readonly fetchLimits: FetchLimits;
  /** Signature checks Fedify does not make (inbox-guard.ts), run on inbound POSTs. */
  readonly inboxGuard: InboxGuard;
  private readonly claims: InboxClaims;
  /** Authorized fetch refuses signers from these hosts (set by instance-level blocks). */
  isSuspendedHost: (host: string) => boolean | Promise<boolean> = () => false;

  constructor(deps: FederationDeps) {
    this.deps = deps;
    const { ctx } = deps;
    this.store = new FederationStore(() => ctx.db.kysely());
    this.keys = new KeyStore(() => ctx.db.kysely());
    this.remoteAccounts = new RemoteAccounts(this);
    this.queue = new JobMessageQueue((name, payload, options) => ctx.jobs.enqueue(name, payload, options), (name, payloads, options) => ctx.jobs.enqueueMany(name, payloads, options));
    this.operations = new FederationOperations(this);
    const kv = new DatabaseKvStore(() => ctx.db.kysely(), ctx.db.dialect);
    const fed = ctx.config.federation;
    if (fed.queue === 'redis' && !ctx.config.redisUrl) throw new Error('federation.queue is "redis" but redisUrl is not set; set REDIS_URL or use the database queue');
    this.redisQueue = fed.queue === 'redis' ? redisQueueFor(ctx.config.redisUrl!, ctx.config.publicUrl, (err) => ctx.log.warn({ err }, 'federation: Redis queue error')) : null;
    this.fetchLimits = {
      allowPrivateAddresses: fed.allowPrivateAddresses,
      timeoutMs: fed.fetchTimeoutMs,
      maxBytes: fed.fetchMaxBytes,
      maxRedirects: fed.fetchMaxRedirects,
      userAgent: `Meadow/${MEADOW_VERSION} (+${ctx.config.publicUrl})`,
      // Read at fetch time: operations (and its block list) are set up just below.
      isSuspended: (host) => this.isSuspendedHost(host),
    };
    this.federation = createFederation<void>({
      kv,
      // The delivery policy (operations.ts) sees every message on either queue.
      queue: this.redisQueue ? this.operations.wrapQueue(this.redisQueue) : this.queue,
      manuallyStartQueue: true,
      origin: ctx.config.publicUrl,
      // Bounded loaders with the private-address guard (Fedify's own have no size or time limit).
      ...meadowLoaderFactories(this.fetchLimits, kv),
      ...this.operations.fedifyOptions(),
    });
    this.operations.attach(this.federation);
    this.isSuspendedHost = (host) => this.operations.blocks.isSuspended(host);
    this.claims = new InboxClaims(() => ctx.db.kysely());
    this.inboxGuard = new InboxGuard({ documentLoader: () => this.context().documentLoader, contextLoader: () => this.context().contextLoader });
    this.setUpActors();
    setUpCollections(this);
    this.federation
      .setInboxListeners('/users/{identifier}/inbox', '/inbox')
      .on(Activity, (fctx, activity) => this.route(fctx, activity))
      // One processing per activity id on this instance, whichever inbox it came to.
      .withIdempotency('per-origin')
      // A deleted actor's own Delete, whose key now answers 410 (account-activities.ts).
      .onUnverifiedActivity((_fctx, activity, reason) => acceptDeleteOfGoneActor(this, activity, reason))
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
    registerAccountActivities(this);
    registerMoveHandler(this);
    registerFlagHandler(this);
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

  /**
   * Authorized fetch (config federation.authorizedFetch): documents go only
   * to requests signed by a key whose owner lists it and whose host is not
   * suspended. The instance actor stays open: others fetch it to verify the
   * signatures this instance makes when it fetches from them.
   */
  /** Authorized fetch: may this signed (or unsigned) request read `identifier`'s documents? */
  async signedFetchAllowed(fctx: RequestContext<void>, identifier: string | null): Promise<boolean> {
    if (!this.ctx.config.federation.authorizedFetch || identifier === INSTANCE_ACTOR) return true;
    // getSignedKeyOwner verifies the signature and that the owner's document lists the key.
    const owner = await fctx.getSignedKeyOwner().catch(() => null);
    if (!owner?.id) return false;
    return !(await this.isSuspendedHost(owner.id.host));
  }

  /** Called when the routes are mounted: no more object types after this. */
  startServing(): void {
    this.serving = true;
  }

  registerObjectType<T extends import('@fedify/vocab').Object>(spec: ObjectTypeSpec<T>): void {
    if (this.serving) throw new Error(`Object type for ${spec.path} registered after the instance started; register in bootstrap()`);
    if (/\{\+/.test(spec.path)) throw new Error(`Object path ${spec.path}: use simple {variables} only`);
    this.federation
      .setObjectDispatcher(spec.type, spec.path as any, (fctx: Context<void>, values: Record<string, string>) => spec.dispatch(fctx, values))
      .authorize((fctx) => this.signedFetchAllowed(fctx, null));
    this.paths.push({ path: spec.path });
  }

  onInbox<A extends Activity>(type: new (...args: any[]) => A, handler: InboxHandler<A>): void {
    this.handlers.push({ type, handler });
  }

  private async route(fctx: Context<void> & { recipient?: string | null }, received: Activity): Promise<void> {
    const trusted = await trustedActivity(received, fctx);
    if ('dropped' in trusted) {
      this.ctx.log.info({ activity: received.id?.href }, `federation: dropped, ${trusted.dropped}`);
      return;
    }
    const activity = trusted.activity;
    if (!(await this.operations.acceptInbound(activity))) {
      this.ctx.log.info({ activity: activity.id?.href }, 'federation: dropped, it comes from a suspended instance');
      return;
    }
    let account: Promise<import('../accounts/contracts.ts').AccountRecord | null> | null = null;
    const info: InboxInfo = {
      context: fctx,
      recipientHandle: fctx.recipient ?? null,
      actorAccount: () => (account ??= this.senderAccount(fctx, activity)),
      // Fedify's InboxContext keeps the payload as received (it forwards it unchanged).
      rawJson: () => (activity === received ? receivedPayload(fctx, received) : null),
    };
    // Copies of one activity (several inboxes, retries, workers) run once.
    const id = received.id?.href;
    if (id && !(await this.claims.claim(id))) return;
    try {
      for (const { type, handler } of this.handlers) {
        if (activity instanceof type) await handler(activity, info);
      }
    } catch (err) {
      if (id) await this.claims.release(id);
      throw err;
    }
    if (id) await this.claims.done(id);
  }

  /** The signing actor of an inbound activity as a cached account. */
  private async senderAccount(fctx: Context<void>, activity: Activity): Promise<import('../accounts/contracts.ts').AccountRecord | null> {
    if (!activity.actorId) return null;
    const cached = await this.accounts.getByActorUri(activity.actorId.href);
    if (cached && Date.now() - (await this.store.remoteActorByUri(activity.actorId.href))!.fetchedAt.getTime() < ACTOR_TTL_MS) return cached;
    try {
      const actor = await activity.getActor({ documentLoader: await fctx.getDocumentLoader({ identifier: INSTANCE_ACTOR }), contextLoader: fctx.contextLoader });
      if (!isActor(actor) || actor.id?.href !== activity.actorId.href) return cached;
      return await this.saveActor(actor);
    } catch (err) {
      this.ctx.log.info({ err, actor: activity.actorId.href }, 'federation: could not fetch the sending actor');
      return cached;
    }
  }

  /** Caches an actor document (federation's record and the account). */
  async saveActor(actor: Actor): Promise<import('../accounts/contracts.ts').AccountRecord | null> {
    const input = remoteActorInput(actor);
    if (!input) return null;
    const record = await this.store.saveRemoteActor(input);
    return this.remoteAccounts.accountOf(record, actor);
  }

  domainPolicy(hostOrUrl: string | URL) {
    return this.operations.domainPolicy(hostOrUrl);
  }

  rejectsMedia(hostOrUrl: string | URL): boolean {
    return this.operations.rejectsMedia(hostOrUrl);
  }

  actorUri(handle: string): URL {
    return this.context().getActorUri(handle);
  }

  registerActorKind(spec: ActorKindSpec): void {
    if (this.serving) throw new Error(`Actor kind ${spec.prefix} registered after the instance started; register in bootstrap()`);
    if (!/^[a-z][a-z0-9_-]*\.$/.test(spec.prefix)) throw new Error(`Actor kind prefix "${spec.prefix}" must be lower-case letters ending with "."`);
    if (this.kinds.some((k) => k.prefix === spec.prefix)) throw new Error(`Actor kind ${spec.prefix} is registered twice`);
    this.kinds.push(spec);
  }

  /** The plugin actor kind an identifier belongs to, with the name after the prefix. */
  kindOf(identifier: string): { spec: ActorKindSpec; name: string } | null {
    const spec = this.kinds.find((k) => identifier.startsWith(k.prefix) && identifier.length > k.prefix.length);
    return spec ? { spec, name: identifier.slice(spec.prefix.length) } : null;
  }

  actorFollowers(identifier: string): Promise<RemoteActorRecord[]> {
    return this.store.actorFollowers(identifier);
  }

  registerObjectImporter(importer: ObjectImporter): void {
    this.importers.push(importer);
  }

  async importObject(object: APObject): Promise<ImportedObject | null> {
    for (const importer of this.importers) {
      if (importer.types.some((t) => object instanceof t)) {
        const done = await importer.import(object, { context: this.context() });
        if (done) return done;
      }
    }
    return null;
  }

  async remoteAccount(actorUri: string | URL): Promise<import('../accounts/contracts.ts').AccountRecord | null> {
    const uri = typeof actorUri === 'string' ? actorUri : actorUri.href;
    const cached = await this.store.remoteActorByUri(uri);
    if (cached && Date.now() - cached.fetchedAt.getTime() < ACTOR_TTL_MS) return this.remoteAccounts.accountOf(cached);
    const found = await this.fetchObject(uri);
    if (isActor(found) && found.id?.href === uri) return this.saveActor(found);
    return cached ? this.remoteAccounts.accountOf(cached) : null;
  }

  remoteActorOf(account: import('../accounts/contracts.ts').AccountRecord): Promise<RemoteActorRecord | null> {
    return this.remoteAccounts.actorOf(account);
  }

  async lookup(query: string): Promise<LookupResult | null> {
    const q = String(query ?? '').trim();
    // Nothing of a suspended instance is found, cached or not.
    if (this.operations.refusesFetch(q.replace(/^@/, ''))) return null;
    if (/^@?[^@\s/]+@[^@\s/]+$/.test(q)) {
      const local = await this.accounts.getByHandle(q);
      if (local) return { kind: 'account', account: local };
      try {
        const actor = await this.resolveRemoteActor(q);
        return { kind: 'account', account: await this.remoteAccounts.accountOf(actor) };
      } catch {
        return null;
      }
    }
    let url: URL;
    try {
      url = new URL(q);
    } catch {
      return null;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    const found = await this.fetchObject(url.href);
    if (!found) return null;
    if (isActor(found)) {
      const account = await this.saveActor(found);
      return account ? { kind: 'account', account } : null;
    }
    const imported = await this.importObject(found);
    return imported ? { kind: 'object', object: imported } : null;
  }

  /**
   * Fetches a remote document, signed by the instance actor (for
   * authorized-fetch servers); null on failure, except that a failure
   * `options.rethrow` picks (a network failure worth retrying) is thrown.
   */
  async fetchObject(uri: string, options: { rethrow?: (err: unknown) => boolean } = {}): Promise<APObject | null> {
    if (this.operations.refusesFetch(uri)) return null;
    const fctx = this.context();
    // Fedify's lookupObject swallows the loader's error; keep it to tell a 404 from a timeout.
    let loadFailure: unknown = null;
    try {
      // WebFinger through the bounded fetch too (Fedify's lookup has no size bound).
      const target = uri.startsWith('acct:') ? await webFingerActorUrl(uri.slice(5), this.fetchLimits) : uri;
      if (!target) return null;
      const loader = await fctx.getDocumentLoader({ identifier: INSTANCE_ACTOR });
      const found = await fctx.lookupObject(target, {
        documentLoader: async (url, opts) => {
          try {
            return await loader(url, opts);
          } catch (err) {
            if (url === target) loadFailure ??= err;
            throw err;
          }
        },
        signal: AbortSignal.timeout(this.fetchLimits.timeoutMs),
      });
      if (!found && loadFailure && options.rethrow?.(loadFailure)) throw loadFailure;
      return found;
    } catch (err) {
      if (options.rethrow?.(err)) throw err;
      this.ctx.log.info({ err, uri }, 'federation: remote fetch failed');
      return null;
    }
  }

  sendFollowTo(accountId: number, actor: RemoteActorRecord): Promise<void> {
    return sendFollow(this, accountId, actor);
  }

  sendUndoFollowTo(accountId: number, actor: RemoteActorRecord, followUri: string): Promise<void> {
    return sendUndoFollow(this, accountId, actor, followUri);
  }

  async senderIdentifier(sender: ActivitySender): Promise<string> {
    if (sender === 'instance') return INSTANCE_ACTOR;
    if ('identifier' in sender) {
      if (!this.kindOf(sender.identifier)) throw notFound(`No local actor ${sender.identifier}`);
      return sender.identifier;
    }
    const account = await this.accounts.getById(sender.accountId);
    if (!account || account.remote) throw notFound(`No local account with id ${sender.accountId}`);
    return account.handle;
  }

  async sendActivity(sender: ActivitySender, recipients: ActivityRecipients, activity: Activity): Promise<void> {
    const identifier = await this.senderIdentifier(sender);
    const fctx = this.context();
    if (recipients === 'followers') {
      await fctx.sendActivity({ identifier }, 'followers', activity, { preferSharedInbox: true });
      return;
    }
    const list = (await this.notBlockingSender(sender, Array.isArray(recipients) ? recipients : [recipients])).map(toRecipient);
    if (list.length) await fctx.sendActivity({ identifier }, list, activity, { preferSharedInbox: true });
  }

  /** Recipients that blocked the sending account get nothing from it (their Block was kept as an account block). */
  private async notBlockingSender(sender: ActivitySender, recipients: RemoteActorRecord[]): Promise<RemoteActorRecord[]> {
    if (sender === 'instance' || !('accountId' in sender) || recipients.length === 0) return recipients;
    const hidden = new Set<string>();
    for (const actor of recipients) {
      const account = await this.accounts.getByActorUri(actor.uri);
      if (account && (await this.accounts.hiddenAccountIds(account.id)).includes(sender.accountId)) hidden.add(actor.uri);
    }
    return recipients.filter((a) => !hidden.has(a.uri));
  }

  sendFlag(input: FlagInput): Promise<void> {
    return sendFlag(this, input);
  }

  /** The actor document of a local account (what /users/:handle serves), e.g. for Update. */
  async localActorDocument(account: AccountRecord): Promise<Actor> {
    const fctx = this.context();
    return accountActor(fctx, account, await fctx.getActorKeyPairs(account.handle), await this.avatarUrl(account));
  }

  /** A deleted local account's actor URL answers 410 with a Tombstone. */
  private async goneActor(fctx: Context<void>, identifier: string): Promise<Tombstone | null> {
    const deleted = await activityStoreOf(this).goneAt(identifier);
    return deleted ? new Tombstone({ id: fctx.getActorUri(identifier), deleted: Temporal.Instant.fromEpochMilliseconds(deleted.getTime()) }) : null;
  }

  async webFinger(handle: string): Promise<WebFingerDocument | null> {
    const clean = String(handle ?? '').trim().replace(/^@/, '');
    if (this.operations.refusesFetch(clean)) return null;
    return webFingerDocument(clean, this.fetchLimits);
  }

  async resolveRemoteActor(raw: string): Promise<RemoteActorRecord> {
    const handle = String(raw ?? '').trim().replace(/^@/, '');
    const match = /^([^@\s/]+)@([^@\s/]+)$/.exec(handle);
    if (!match) throw badInput(`"${raw}" is not a remote handle; write it as user@host`, { field: 'handle' });
    if (match[2].toLowerCase() === new URL(this.ctx.config.publicUrl).host) {
      throw badInput(`${handle} is an account on this instance; follow it directly`, { field: 'handle' });
    }
    if (this.operations.refusesFetch(match[2])) throw forbidden(`${match[2]} is suspended on this instance`);
    const found = await this.fetchObject(`acct:${handle}`);
    const input = isActor(found) ? remoteActorInput(found) : null;
    if (!input) throw notFound(`No account ${handle} could be found on ${match[2]}`);
    const record = await this.store.saveRemoteActor(input);
    await this.remoteAccounts.accountOf(record, found as Actor);
    return record;
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
    await this.remoteAccounts.mirrorFollowing(accountId, actor, false);
    return true;
  }

  remoteFollowers(accountId: number) {
    return this.store.followers(accountId);
  }

  remoteFollowing(accountId: number) {
    return this.store.following(accountId);
  }

  /** A local account by handle (remote cached accounts never serve as local actors). */
  async accountByIdentifier(identifier: string): Promise<AccountRecord | null> {
    if (identifier === INSTANCE_ACTOR || identifier.includes('@') || identifier.includes('.')) return null;
    const account = await this.accounts.getByHandle(identifier);
    return account && !account.remote ? account : null;
  }

  private async keyPairsOf(identifier: string): Promise<CryptoKeyPair[]> {
    if (identifier === INSTANCE_ACTOR) {
      const k = await this.keys.keysOf('instance');
      return [k.rsa, k.ed25519];
    }
    const kind = this.kindOf(identifier);
    if (kind) {
      const k = await this.keys.keysOf(`actor:${identifier}`);
      return [k.rsa, k.ed25519];
    }
    const account = await this.accountByIdentifier(identifier);
    if (!account) return [];
    const k = await this.keys.keysOf(`account:${account.id}`);
    return [k.rsa, k.ed25519];
  }

  /** Does a plugin actor (a topic Group …) exist? */
  async kindActorExists(identifier: string): Promise<boolean> {
    const kind = this.kindOf(identifier);
    return !!kind && (await kind.spec.dispatch(kind.name, actorBase(this.context(), identifier, []), this.context())) != null;
  }

  /** Does a plugin actor exist (checked before keys are made for it)? */
  private async kindActor(fctx: Context<void>, identifier: string): Promise<Actor | null> {
    const kind = this.kindOf(identifier);
    if (!kind) return null;
    const probe = await kind.spec.dispatch(kind.name, actorBase(fctx, identifier, []), fctx);
    if (!probe) return null;
    return kind.spec.dispatch(kind.name, actorBase(fctx, identifier, await fctx.getActorKeyPairs(identifier)), fctx);
  }

  private setUpActors(): void {
    this.federation
      .setActorDispatcher('/users/{identifier}', async (fctx, identifier) => {
        if (identifier === INSTANCE_ACTOR) return instanceActor(fctx, await fctx.getActorKeyPairs(identifier), this.deps.instanceName());
        if (this.kindOf(identifier)) return this.kindActor(fctx, identifier);
        const account = await this.accountByIdentifier(identifier);
        if (!account) return this.goneActor(fctx, identifier);
        return accountActor(fctx, account, await fctx.getActorKeyPairs(identifier), await this.avatarUrl(account));
      })
      .setKeyPairsDispatcher((_fctx, identifier) => this.keyPairsOf(identifier))
      .authorize((fctx, identifier) => this.signedFetchAllowed(fctx, identifier))
      .mapHandle(async (_fctx, username) => {
        const name = username.toLowerCase();
        if (name === INSTANCE_ACTOR) return INSTANCE_ACTOR;
        if (this.kindOf(username)) return (await this.kindActor(this.context(), username)) ? username : null;
        // A deleted account's handle still maps, so WebFinger answers 410 Gone.
        return (await this.accountByIdentifier(name))?.handle ?? ((await activityStoreOf(this).goneAt(name)) ? name : null);
      });
    // Extra links (the web plugin's OStatus "subscribe" template for remote follow) come from plugins.
    this.federation.setWebFingerLinksDispatcher(() => this.ctx.hooks.applyFilter(FederationWebFingerLinks, []));
  }

  private async avatarUrl(account: AccountRecord): Promise<string | null> {
    if (!account.avatarMediaId) return null;
    const media = this.ctx.services.get(MediaServiceRef);
    const record = await media.getById(account.avatarMediaId);
    return record ? media.urlOf(record, 'medium') : null;
  }

}

/**
 * The inbound activity's payload as received: Fedify's InboxContext keeps
 * it (as `activity`, for forwarding) both when the listener runs at once and
 * from the queue. Given only when its id is the parsed activity's.
 */
function receivedPayload(fctx: Context<void>, received: Activity): unknown {
  const payload = (fctx as Context<void> & { activity?: unknown }).activity;
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const id = (payload as { id?: unknown }).id;
  return id === (received.id?.href ?? undefined) ? payload : null;
}

/** How long a cached actor document is trusted before it is fetched again. */
const ACTOR_TTL_MS = 24 * 3600_000;

export function toRecipient(actor: RemoteActorRecord): Recipient {
  return {
    id: new URL(actor.uri),
    inboxId: new URL(actor.inbox),
    endpoints: actor.sharedInbox ? { sharedInbox: new URL(actor.sharedInbox) } : null,
  };
}
