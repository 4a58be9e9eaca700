// The accounts module's tables as MikroORM entities. Hot paths (viewer
// lookup, follows, lists) use Kysely on the same tables; the ORM serves the
// simple reads and writes elsewhere. Ids are bigint on PostgreSQL (read as
// numbers); dates are epoch milliseconds on SQLite and timestamptz on
// PostgreSQL, which MikroORM's datetime maps to Date on both.

import { defineEntity, p } from '@mikro-orm/core';

export const AccountEntity = defineEntity({
  name: 'Account',
  tableName: 'core_accounts',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    handle: p.string().length(30).unique(),
    email: p.string().length(254).nullable().unique(),
    passwordHash: p.string().fieldName('password_hash').length(255),
    role: p.string().length(20),
    displayName: p.string().fieldName('display_name').length(200),
    bio: p.text(),
    locale: p.string().length(10),
    avatarMediaId: p.bigint('number').fieldName('avatar_media_id').nullable(),
    /** JSON array of {label, url}, kept as text so both engines read it alike. */
    links: p.text(),
    followersCount: p.integer().fieldName('followers_count'),
    followingCount: p.integer().fieldName('following_count'),
    createdAt: p.datetime().fieldName('created_at'),
  },
});

export const SessionEntity = defineEntity({
  name: 'Session',
  tableName: 'core_sessions',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    accountId: p.bigint('number').fieldName('account_id').index(),
    tokenHash: p.string().fieldName('token_hash').length(64).unique(),
    kind: p.string().length(10),
    label: p.string().length(100).nullable(),
    expiresAt: p.datetime().fieldName('expires_at').nullable(),
    createdAt: p.datetime().fieldName('created_at'),
    lastUsedAt: p.datetime().fieldName('last_used_at').nullable(),
  },
});

export const FollowEntity = defineEntity({
  name: 'Follow',
  tableName: 'core_follows',
  properties: {
    followerId: p.bigint('number').fieldName('follower_id').primary(),
    followeeId: p.bigint('number').fieldName('followee_id').primary(),
    createdAt: p.datetime().fieldName('created_at'),
  },
});

export const BlockEntity = defineEntity({
  name: 'Block',
  tableName: 'core_blocks',
  properties: {
    blockerId: p.bigint('number').fieldName('blocker_id').primary(),
    blockedId: p.bigint('number').fieldName('blocked_id').primary(),
    createdAt: p.datetime().fieldName('created_at'),
  },
});

export const MuteEntity = defineEntity({
  name: 'Mute',
  tableName: 'core_mutes',
  properties: {
    muterId: p.bigint('number').fieldName('muter_id').primary(),
    mutedId: p.bigint('number').fieldName('muted_id').primary(),
    createdAt: p.datetime().fieldName('created_at'),
  },
});

export const accountEntities = [AccountEntity, SessionEntity, FollowEntity, BlockEntity, MuteEntity];
