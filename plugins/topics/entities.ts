// The topics plugin's tables as MikroORM entities. The store uses Kysely on
// the same tables (upserts, keyset pages, aggregates); the entities keep the
// mapping declared in one place for the ORM and for other tooling. Ids are
// bigint on PostgreSQL (read as numbers); note and account ids are links to
// other plugins, not foreign keys.

import { defineEntity, p } from '@mikro-orm/core';

export const TopicEntity = defineEntity({
  name: 'Topic',
  tableName: 'topics_topics',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    key: p.string().length(200).unique(),
    name: p.string().length(200),
    canonicalId: p.bigint('number').fieldName('canonical_id').nullable(),
    description: p.text(),
    featured: p.integer(),
    hidden: p.integer(),
    noteCount: p.integer().fieldName('note_count'),
    followerCount: p.integer().fieldName('follower_count'),
    createdAt: p.datetime().fieldName('created_at'),
  },
});

export const TopicNoteLinkEntity = defineEntity({
  name: 'TopicNoteLink',
  tableName: 'topics_note_topics',
  properties: {
    noteId: p.bigint('number').fieldName('note_id').primary(),
    topicId: p.bigint('number').fieldName('topic_id').primary(),
    authorId: p.bigint('number').fieldName('author_id'),
    visibility: p.string().length(20),
    publishedAt: p.datetime().fieldName('published_at'),
    hot: p.double(),
  },
});

export const TopicTrendBucketEntity = defineEntity({
  name: 'TopicTrendBucket',
  tableName: 'topics_trend_buckets',
  properties: {
    topicId: p.bigint('number').fieldName('topic_id').primary(),
    bucket: p.bigint('number').primary(),
    weight: p.double(),
  },
});

export const TopicFollowEntity = defineEntity({
  name: 'TopicFollow',
  tableName: 'topics_follows',
  properties: {
    accountId: p.bigint('number').fieldName('account_id').primary(),
    topicId: p.bigint('number').fieldName('topic_id').primary(),
    createdAt: p.datetime().fieldName('created_at'),
  },
});

export const CommunityEntity = defineEntity({
  name: 'Community',
  tableName: 'topics_communities',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    slug: p.string().length(60).unique(),
    name: p.string().length(100),
    description: p.text(),
    /** JSON array of strings. */
    rules: p.text(),
    memberCount: p.integer().fieldName('member_count'),
    createdBy: p.bigint('number').fieldName('created_by'),
    createdAt: p.datetime().fieldName('created_at'),
  },
});

export const CommunityTopicEntity = defineEntity({
  name: 'CommunityTopic',
  tableName: 'topics_community_topics',
  properties: {
    communityId: p.bigint('number').fieldName('community_id').primary(),
    topicId: p.bigint('number').fieldName('topic_id').primary(),
  },
});

export const CommunityMemberEntity = defineEntity({
  name: 'CommunityMember',
  tableName: 'topics_community_members',
  properties: {
    communityId: p.bigint('number').fieldName('community_id').primary(),
    accountId: p.bigint('number').fieldName('account_id').primary(),
    role: p.string().length(20),
    joinedAt: p.datetime().fieldName('joined_at'),
  },
});

export const topicsEntities = [
  TopicEntity, TopicNoteLinkEntity, TopicTrendBucketEntity, TopicFollowEntity, CommunityEntity, CommunityTopicEntity, CommunityMemberEntity,
];
