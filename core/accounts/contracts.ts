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
  getByHandle(handle: string): Promise<AccountRecord | null>;
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
  countAccounts(): Promise<number>;
}

export const AccountsServiceRef = defineService<AccountsService>('accounts.accounts', 'Accounts, profiles, follows, blocks and mutes');

export const AccountCreated = defineEvent<{ account: AccountRecord }>('account.created', { description: 'A local account was created (sign-up, CLI or seed).' });
export const ProfileUpdated = defineEvent<{ account: AccountRecord }>('account.profile-updated', { description: 'A profile (name, bio, avatar, links) changed.' });
export const AccountFollowed = defineEvent<{ followerId: number; followeeId: number }>('account.followed', { description: 'One account followed another.' });
export const AccountUnfollowed = defineEvent<{ followerId: number; followeeId: number }>('account.unfollowed', { description: 'One account stopped following another.' });
export const AccountBlocked = defineEvent<{ blockerId: number; blockedId: number }>('account.blocked', { description: 'An account blocked another (follows both ways are removed).' });
