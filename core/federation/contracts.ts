// The federation module's public face: how plugins take part in
// ActivityPub without core knowing their types.
//
// A plugin lists "federation" in dependsOn and, in its bootstrap(), asks
// for FederationServiceRef:
//   - registerObjectType(): serve its objects (a Note, a Product …) at a
//     URL, as ActivityStreams JSON (the route is added for it);
//   - onInbox(Create, handler): handle inbound activities of a type (the
//     signature was already verified; handlers of every matching type run);
//   - sendActivity(): deliver an activity from a local account (or the
//     instance actor) to its remote followers or to given remote actors.
// Vocabulary classes (Note, Create, Like …) come from `@fedify/vocab`.
// Registration closes when the instance starts serving.

import type { Context, Federation } from '@fedify/fedify';
import type { Activity, Actor, Endpoints, Object as APObject } from '@fedify/vocab';
import type { AccountRecord } from '../accounts/contracts.ts';
import type { WebFingerDocument } from './loader.ts';
import { defineEvent, defineFilter } from '../hooks/tokens.ts';
import { defineService } from '../plugins/services.ts';

/** A remote actor as cached locally (from its actor document). */
export interface RemoteActorRecord {
  id: number;
  /** The actor's id (URI). */
  uri: string;
  inbox: string;
  sharedInbox: string | null;
  /** "user@host" (no leading @). */
  handle: string;
  /** Person, Organization, Service, Group, Application. */
  type: string;
  displayName: string;
  /** Profile page, when the actor gives one. */
  url: string | null;
  fetchedAt: Date;
}

export type RemoteFollowState = 'pending' | 'accepted';

export interface RemoteFollowRecord {
  accountId: number;
  actor: RemoteActorRecord;
  state: RemoteFollowState;
}

/** Who sends: a local account, another local actor (a plugin's Group …) by identifier, or the instance actor. */
export type ActivitySender = { accountId: number } | { identifier: string } | 'instance';

/** Where to: the sender's remote followers, or given remote actors. */
export type ActivityRecipients = 'followers' | RemoteActorRecord | RemoteActorRecord[];

export interface InboxInfo {
  /** Fedify's context (verified request): getActorUri(), parseUri(), lookupObject() … */
  context: Context<void>;
  /** Local actor whose personal inbox received it (an account handle or a plugin actor's identifier); null for the shared inbox. */
  recipientHandle: string | null;
  /**
   * The cached account of the actor that sent (and signed) the activity,
   * refreshed from its actor document; null when it cannot be fetched.
   */
  actorAccount(): Promise<AccountRecord | null>;
  /**
   * The activity's JSON exactly as the sender sent it (with the sender's
   * own terms, e.g. Mastodon's blurhash, which Fedify's vocabulary drops),
   * or null when core acts on a copy re-fetched from the activity's origin.
   * Its embedded objects are as trustworthy as the sender: use an embedded
   * object only when its id is on the sender's origin.
   */
  rawJson(): unknown;
}

/** What a plugin's actor kind is given to build its actor document. */
export interface ActorBase {
  id: URL;
  preferredUsername: string;
  inbox: URL;
  outbox: URL;
  followers: URL;
  following: URL;
  endpoints: Endpoints;
  publicKey: import('@fedify/vocab').CryptographicKey | undefined;
  assertionMethods: import('@fedify/vocab').Multikey[];
}

/**
 * More local actors beside accounts — topics and communities as Group
 * (FEP-1b12). Identifiers are `prefix + name` and share /users/{identifier}
 * and WebFinger with accounts; a prefix has a "." so it never collides
 * with an account handle (a–z, 0–9, _).
 */
export interface ActorKindSpec {
  /** e.g. "t." → /users/t.camping, acct:t.camping@host. Must end with ".". */
  prefix: string;
  /** Builds the actor (spread `base` into a Group …) or null when there is no such one. */
  dispatch: (name: string, base: ActorBase, context: Context<void>) => Promise<Actor | null> | Actor | null;
  /** Accept remote Follows (followers are kept by core; the plugin hears RemoteActorFollowed). Default true. */
  acceptsFollows?: boolean;
}

/** A remote object brought in by a plugin (a remote Note became note 42). */
export interface ImportedObject {
  /** GraphQL type name, e.g. "Note". */
  type: string;
  id: number;
}

export interface ObjectImporter {
  /** Vocabulary classes it understands (Note, Article, Page …). */
  types: ((new (...args: any[]) => APObject) & { typeId: URL })[];
  /** Stores (or refreshes) the object; null when it refuses it. */
  import: (object: APObject, info: { context: Context<void> }) => Promise<ImportedObject | null>;
}

/** What `lookup` found for "@user@host" or a URL. */
export type LookupResult = { kind: 'account'; account: AccountRecord } | { kind: 'object'; object: ImportedObject };

export type InboxHandler<A extends Activity> = (activity: A, info: InboxInfo) => Promise<void> | void;

export interface ObjectTypeSpec<T extends APObject> {
  /** The vocabulary class, e.g. Note from @fedify/vocab. */
  type: (new (...args: any[]) => T) & { typeId: URL };
  /** URI template with simple variables only, e.g. "/notes/{id}". */
  path: `/${string}`;
  /** Builds the object for these path values, or null (404). */
  dispatch: (context: Context<void>, values: Record<string, string>) => Promise<T | null> | T | null;
}

export interface FederationService {
  /** Fedify's federation object, for what this contract does not cover yet. */
  readonly federation: Federation<void>;
  /** A Fedify context on the public URL (URIs, lookups, signed fetches). */
  context(): Context<void>;
  registerObjectType<T extends APObject>(spec: ObjectTypeSpec<T>): void;
  onInbox<A extends Activity>(type: new (...args: any[]) => A, handler: InboxHandler<A>): void;
  sendActivity(sender: ActivitySender, recipients: ActivityRecipients, activity: Activity): Promise<void>;
  /** The actor URI of a local account (by handle) or a plugin actor (by identifier). */
  actorUri(handle: string): URL;
  /** Resolves "user@host" (WebFinger, then the actor document) and caches it. */
  resolveRemoteActor(handle: string): Promise<RemoteActorRecord>;
  /** The WebFinger document of "user@host" (bounded fetch, blocks respected), or null when none came. */
  webFinger(handle: string): Promise<WebFingerDocument | null>;
  /** Sends Follow; the follow is pending until the remote side accepts. */
  followRemote(accountId: number, handle: string): Promise<RemoteFollowRecord>;
  /** Sends Undo(Follow) and forgets the follow. Returns false when there was none. */
  unfollowRemote(accountId: number, handle: string): Promise<boolean>;
  remoteFollowers(accountId: number): Promise<RemoteActorRecord[]>;
  remoteFollowing(accountId: number): Promise<RemoteFollowRecord[]>;
  /** Adds local actors of a plugin's kind (see ActorKindSpec). Register in bootstrap(). */
  registerActorKind(spec: ActorKindSpec): void;
  /** Remote followers of a plugin actor (by identifier). */
  actorFollowers(identifier: string): Promise<RemoteActorRecord[]>;
  /** Lets `lookup` and plugins' inbox handlers turn remote objects into local ones. */
  registerObjectImporter(importer: ObjectImporter): void;
  /** Runs the importer for this object's type; null when none takes it. */
  importObject(object: APObject): Promise<ImportedObject | null>;
  /**
   * The cached account of a remote actor by its id (URI), fetched (signed
   * by the instance actor) when unknown or stale; null when unreachable.
   */
  remoteAccount(actorUri: string | URL): Promise<AccountRecord | null>;
  /** The remote actor behind a cached remote account (null for local accounts). */
  remoteActorOf(account: AccountRecord): Promise<RemoteActorRecord | null>;
  /** Resolves "@user@host", "user@host" or an https URL (actor or object) typed by a person. */
  lookup(query: string): Promise<LookupResult | null>;
  /**
   * Reports a remote account (and objects of it) to its instance: a Flag
   * from the instance actor, so the reporter is never named there.
   */
  sendFlag(input: FlagInput): Promise<void>;
  /**
   * The instance-level block on a host, URL or handle: 'silence' — accept
   * its content but keep it out of public and discovery feeds; 'suspend' —
   * nothing from it is accepted (core drops it; plugins need not check).
   */
  domainPolicy(hostOrUrl: string | URL): 'none' | 'silence' | 'suspend';
  /** Media from this host (or URL) must be neither fetched nor shown. */
  rejectsMedia(hostOrUrl: string | URL): boolean;
}

export interface FlagInput {
  /** The local account that reported, or null for the instance's own moderators (kept here, not sent). */
  reporterAccountId: number | null;
  /** The reported account: a cached account of another instance. */
  targetAccountId: number;
  /** URIs of the reported objects (notes …) on the target's instance. */
  objects?: string[];
  /** Why (plain text, sent as the Flag's content). */
  reason: string;
}

export const FederationServiceRef = defineService<FederationService>(
  'federation.federation',
  'ActivityPub: object types, inbox handlers, delivery, remote actors and follows',
);

export const RemoteFollowerAdded = defineEvent<{ accountId: number; actor: RemoteActorRecord }>('federation.remote-follower-added', {
  description: 'A remote actor followed a local account (the follow was accepted).',
});
export const RemoteFollowerRemoved = defineEvent<{ accountId: number; actor: RemoteActorRecord }>('federation.remote-follower-removed', {
  description: 'A remote actor undid its follow of a local account.',
});
export const RemoteActorFollowed = defineEvent<{ identifier: string; actor: RemoteActorRecord; following: boolean }>('federation.remote-actor-followed', {
  description: 'A remote actor followed (following=true) or unfollowed a plugin actor such as a topic Group.',
});
export const RemoteFollowAccepted = defineEvent<{ accountId: number; actor: RemoteActorRecord }>('federation.remote-follow-accepted', {
  description: 'A remote actor accepted the follow of a local account.',
});

export const FlagReceived = defineEvent<{
  /** The reporting actor (usually the other instance's actor). */
  actorUri: string;
  /** The reporting instance's host. */
  domain: string;
  /** The reported account of this instance, when the Flag names one. */
  targetAccountId: number | null;
  /** Other reported URIs on this instance (notes …). */
  objectUris: string[];
  /** The reason given (plain text). */
  content: string;
  activityUri: string | null;
}>('federation.flag-received', {
  description: 'Another instance reported an account or objects of this one (inbound Flag); the trust plugin makes a report of it.',
  durable: true,
});

/**
 * Links added to every WebFinger answer of a local actor, e.g. the web
 * plugin's OStatus "subscribe" template (remote follow from another instance).
 */
export const FederationWebFingerLinks = defineFilter<{ rel: string; type?: string; href?: string; template?: string }[], undefined>('federation.webfinger-links', {
  description: 'Adds links to WebFinger answers (the web plugin adds the remote-follow "subscribe" template).',
});

/** NodeInfo usage figures: plugins that own posts add theirs (notes, comments). */
export const NodeInfoUsage = defineFilter<{ localPosts: number; localComments: number }, undefined>('federation.nodeinfo-usage', {
  description: 'Adds local post and comment counts to NodeInfo.',
});

/** One page of a local account's outbox (newest first). */
export interface OutboxPage {
  items: Activity[];
  /** Where the next (older) page starts; null on the last page. */
  nextCursor: string | null;
  /** Every item of the outbox, for `totalItems`. */
  totalItems: number;
}

/**
 * Fills /users/{handle}/outbox: plugins add their public activities (notes
 * adds Create of public notes). `cursor` is null for the first page and
 * `limit` is 0 when only `totalItems` is wanted.
 */
export const FederationOutboxItems = defineFilter<OutboxPage, { accountId: number; identifier: string; cursor: string | null; limit: number }>('federation.outbox-items', {
  description: "Adds a local account's public activities to its ActivityPub outbox (a page at a time).",
});

/**
 * A browser (not a fediverse server) asked for a federated URL such as
 * /users/:handle. The web plugin returns an HTML Response here; with no
 * filter the answer is 406 with a JSON error.
 */
export const FederationHtmlFallback = defineFilter<Response | null, { request: Request }>('federation.html-fallback', {
  description: 'Answers a browser asking for an ActivityPub URL (the web plugin renders the page).',
});
