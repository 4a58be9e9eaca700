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
import type { Activity, Object as APObject } from '@fedify/vocab';
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

/** Who sends: a local account, or the instance actor (for signed fetches and relays). */
export type ActivitySender = { accountId: number } | 'instance';

/** Where to: the sender's remote followers, or given remote actors. */
export type ActivityRecipients = 'followers' | RemoteActorRecord | RemoteActorRecord[];

export interface InboxInfo {
  /** Fedify's context (verified request): getActorUri(), parseUri(), lookupObject() … */
  context: Context<void>;
  /** Local account whose personal inbox received it; null for the shared inbox. */
  recipientHandle: string | null;
}

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
  /** The actor URI of a local account (by handle). */
  actorUri(handle: string): URL;
  /** Resolves "user@host" (WebFinger, then the actor document) and caches it. */
  resolveRemoteActor(handle: string): Promise<RemoteActorRecord>;
  /** Sends Follow; the follow is pending until the remote side accepts. */
  followRemote(accountId: number, handle: string): Promise<RemoteFollowRecord>;
  /** Sends Undo(Follow) and forgets the follow. Returns false when there was none. */
  unfollowRemote(accountId: number, handle: string): Promise<boolean>;
  remoteFollowers(accountId: number): Promise<RemoteActorRecord[]>;
  remoteFollowing(accountId: number): Promise<RemoteFollowRecord[]>;
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
export const RemoteFollowAccepted = defineEvent<{ accountId: number; actor: RemoteActorRecord }>('federation.remote-follow-accepted', {
  description: 'A remote actor accepted the follow of a local account.',
});

/** NodeInfo usage figures: plugins that own posts add theirs (notes, comments). */
export const NodeInfoUsage = defineFilter<{ localPosts: number; localComments: number }, undefined>('federation.nodeinfo-usage', {
  description: 'Adds local post and comment counts to NodeInfo.',
});

/**
 * A browser (not a fediverse server) asked for a federated URL such as
 * /users/:handle. The web plugin returns an HTML Response here; with no
 * filter the answer is 406 with a JSON error.
 */
export const FederationHtmlFallback = defineFilter<Response | null, { request: Request }>('federation.html-fallback', {
  description: 'Answers a browser asking for an ActivityPub URL (the web plugin renders the page).',
});
