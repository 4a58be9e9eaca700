// The accounts module's public face: what plugins (and the CLI) may use.
// Its entities and internals stay behind this file.

import { defineEvent } from '../hooks/tokens.ts';
import { defineService } from '../plugins/services.ts';
import type { Role, MeadowContext } from '../graphql/context.ts';

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
  setRole(accountId: number, role: Role): Promise<AccountRecord>;
  setAvatar(accountId: number, mediaId: number | null): Promise<void>;
  /** Local accounts only. */
  countAccounts(): Promise<number>;
}

export const AccountsServiceRef = defineService<AccountsService>('accounts.accounts', 'Accounts, profiles, follows, blocks and mutes');

export const AccountCreated = defineEvent<{ account: AccountRecord }>('account.created', { description: 'A local account was created (sign-up, CLI or seed); remote accounts do not emit it.' });
export const ProfileUpdated = defineEvent<{ account: AccountRecord }>('account.profile-updated', { description: 'A profile (name, bio, avatar, links) changed.' });
export const AccountFollowed = defineEvent<{ followerId: number; followeeId: number }>('account.followed', { description: 'One account followed another.' });
export const AccountUnfollowed = defineEvent<{ followerId: number; followeeId: number }>('account.unfollowed', { description: 'One account stopped following another.' });
export const AccountBlocked = defineEvent<{ blockerId: number; blockedId: number }>('account.blocked', { description: 'An account blocked another (follows both ways are removed).' });
