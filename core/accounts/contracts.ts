// The accounts module's public face: what plugins (and the CLI) may use.
// Its entities and internals stay behind this file.

import { defineEvent } from '../hooks/tokens.ts';
import { defineService } from '../plugins/services.ts';
import type { Role, MeadowContext } from '../graphql/context.ts';
import type { Suspension } from './suspensions.ts';

export interface ProfileLink {
  label: string;
  url: string;
}

export interface AccountRecord {
  id: number;
  handle: string;
  displayName: string;
  bio: string;
  role: Role;
  locale: 'zh-CN' | 'en';
  avatarMediaId: number | null;
  links: ProfileLink[];
  followersCount: number;
  followingCount: number;
  createdAt: Date;
  /** Null for an account of this instance; set for a cached account of another instance. */
  remote: RemoteAccountInfo | null;
  /** Follows need the account's approval (requests); ActivityPub's manuallyApprovesFollowers. */
  locked: boolean;
  /** Follower and following lists are shown to the account itself only (counts stay public). */
  hideNetwork: boolean;
  /** Actor URIs of this person's other accounts (aliases a move may come from or go to). */
  alsoKnownAs: string[];
  /** Actor URI of the account this one moved to, or null. */
  movedTo: string | null;
  /** When it last moved (the cooldown between moves counts from here). */
  movedAt: Date | null;
}

/** Where a remote account lives (the federation module keeps it current). */
export interface RemoteAccountInfo {
  /** The instance's host, e.g. "mastodon.social". */
  domain: string;
  /** The ActivityPub actor id. */
  actorUri: string;
  /** Its profile page on its own instance. */
  url: string | null;
  avatarUrl: string | null;
}

/** What the federation module knows of a remote actor, to cache it as an account. */
export interface RemoteAccountInput {
  actorUri: string;
  /** "user@host". */
  handle: string;
  domain: string;
  displayName: string;
  /** Plain text (remote HTML already reduced to text). */
  bio: string;
  url: string | null;
  avatarUrl: string | null;
  locked?: boolean;
  alsoKnownAs?: string[];
  movedTo?: string | null;
}

export interface CreateAccountInput {
  handle: string;
  password: string;
  email?: string | null;
  displayName?: string;
  role?: Role;
  locale?: 'zh-CN' | 'en';
  bio?: string;
}

export interface AccountsService {
  /** Validates handle, password and email; throws BAD_USER_INPUT / CONFLICT with a clear message. */
  createAccount(input: CreateAccountInput): Promise<AccountRecord>;
  getById(id: number): Promise<AccountRecord | null>;
  getByIds(ids: readonly number[]): Promise<(AccountRecord | null)[]>;
  /** A local handle ("lin", "@lin") or a cached remote account ("bob@host", "@bob@host"). */
  getByHandle(handle: string): Promise<AccountRecord | null>;
  /** The cached account of a remote actor, by actor id. */
  getByActorUri(actorUri: string): Promise<AccountRecord | null>;
  /** Creates or refreshes the cached account of a remote actor (federation module). */
  upsertRemoteAccount(input: RemoteAccountInput): Promise<AccountRecord>;
  /** The request's batched loader (one query per GraphQL level). */
  loader(ctx: MeadowContext): { load(id: number): Promise<AccountRecord | null>; loadMany(ids: readonly number[]): Promise<(AccountRecord | null | Error)[]> };
  follow(followerId: number, followeeId: number): Promise<void>;
  unfollow(followerId: number, followeeId: number): Promise<void>;
  /** Ids of accounts `accountId` follows. */
  followingIds(accountId: number): Promise<number[]>;
  /** True when either account blocks the other. */
  isBlocked(a: number, b: number): Promise<boolean>;
  /** Accounts `accountId` has blocked or muted (their content is hidden from them). */
  hiddenAccountIds(accountId: number): Promise<number[]>;
  /** Local accounts among the followers of `accountId`. */
  localFollowerIds(accountId: number): Promise<number[]>;
  /** Follows, or asks to follow when the account is locked (a follow request). */
  followOrRequest(followerId: number, followeeId: number): Promise<'following' | 'requested'>;
  /** Stores a follow request (idempotent); FollowRequested is emitted for a new one. */
  requestFollow(requesterId: number, targetId: number): Promise<void>;
  /** The target approves (the requester then follows) or rejects; NOT_FOUND when there is no such request. */
  answerFollowRequest(targetId: number, requesterId: number, approve: boolean): Promise<void>;
  hasFollowRequest(requesterId: number, targetId: number): Promise<boolean>;
  /** Blocking removes follows and requests both ways; blocking twice is a no-op. */
  block(blockerId: number, blockedId: number): Promise<void>;
  unblock(blockerId: number, blockedId: number): Promise<void>;
  /** Sets the account's aliases (actor URIs). */
  setAlsoKnownAs(accountId: number, uris: string[]): Promise<AccountRecord>;
  /** Records that the account moved to `targetUri` (now). */
  setMovedTo(accountId: number, targetUri: string): Promise<AccountRecord>;
  /**
   * Deletes an account and what hangs on it: AccountDeleting runs first
   * (in-transaction handlers are awaited — federation sends Delete there),
   * then the rows go and AccountDeleted reaches plugins (durable).
   */
  deleteAccount(accountId: number): Promise<void>;
  setRole(accountId: number, role: Role): Promise<AccountRecord>;
  setAvatar(accountId: number, mediaId: number | null): Promise<void>;
  /** Local accounts only. */
  countAccounts(): Promise<number>;
  /**
   * Suspends an account (until a date, or until lifted): their content is
   * hidden from others and their mutations refused, except those marked
   * @whileSuspended. Callers check roles. AccountSuspended is emitted.
   */
  suspend(accountId: number, options: { reason: string; until: Date | null }): Promise<Suspension>;
  /** Lifts a suspension; false when none was in force. AccountUnsuspended is emitted when one was. */
  unsuspend(accountId: number): Promise<boolean>;
  /** The suspension in force now, or null. */
  suspensionOf(accountId: number): Promise<Suspension | null>;
  /** Which of these accounts are suspended now (one query). */
  suspendedAmong(ids: readonly number[]): Promise<Set<number>>;
}

export type { Suspension } from './suspensions.ts';

export const AccountsServiceRef = defineService<AccountsService>('accounts.accounts', 'Accounts, profiles, follows, blocks and mutes');

export const AccountCreated = defineEvent<{ account: AccountRecord }>('account.created', { description: 'A local account was created (sign-up, CLI or seed); remote accounts do not emit it.' });
export const ProfileUpdated = defineEvent<{ account: AccountRecord }>('account.profile-updated', { description: 'A profile (name, bio, avatar, links) changed.' });
export const AccountFollowed = defineEvent<{ followerId: number; followeeId: number }>('account.followed', { description: 'One account followed another.' });
export const AccountUnfollowed = defineEvent<{ followerId: number; followeeId: number }>('account.unfollowed', { description: 'One account stopped following another.' });
export const AccountBlocked = defineEvent<{ blockerId: number; blockedId: number }>('account.blocked', { description: 'An account blocked another (follows both ways are removed).' });
export const AccountUnblocked = defineEvent<{ blockerId: number; blockedId: number }>('account.unblocked', { description: 'An account lifted its block of another.' });
export const FollowRequested = defineEvent<{ requesterId: number; targetId: number }>('account.follow-requested', {
  description: 'An account asked to follow a locked account (local or remote); it follows once the request is approved.',
});
export const FollowRequestAnswered = defineEvent<{ requesterId: number; targetId: number; outcome: 'approved' | 'rejected' | 'withdrawn' }>('account.follow-request-answered', {
  description: 'A follow request was approved or rejected by its target, or withdrawn by the requester.',
});
export const AccountDeleting = defineEvent<{ account: AccountRecord }>('account.deleting', {
  description: 'An account is about to be deleted; in-transaction handlers run before any of its rows are removed.',
});
export const AccountDeleted = defineEvent<{ accountId: number; handle: string; remote: boolean }>('account.deleted', {
  description: 'An account (local, or the cached account of a deleted remote actor) was deleted; plugins remove their rows of it.',
  durable: true,
});

export const AccountSuspended = defineEvent<{ accountId: number; until: Date | null; reason: string }>('account.suspended', {
  description: 'A moderator suspended an account (until a date, or until lifted).',
});
export const AccountUnsuspended = defineEvent<{ accountId: number }>('account.unsuspended', { description: "A moderator lifted an account's suspension." });
