// The topics plugin's public face: what other plugins (search, web,
// federation) may use. Everything else in plugins/topics stays private.

import { defineEvent, defineService, type MeadowContext } from '../../core/index.ts';

export interface TopicRecord {
  id: number;
  /** Normalized form (NFKC, lower-case): the identity of the tag. */
  key: string;
  /** As first written, for display, without `#`. */
  name: string;
  /** Set when this tag was merged into another; reads go to the canonical one. */
  canonicalId: number | null;
  description: string;
  featured: boolean;
  hidden: boolean;
  /** Public notes under the tag. */
  noteCount: number;
  followerCount: number;
  createdAt: Date;
}

export interface TrendingTopic {
  topic: TopicRecord;
  /** Decayed usage in the window (see trending.ts). */
  score: number;
}

export interface TopicsService {
  /** The topic a tag means (following merges), or null. Hidden topics are returned; callers decide. */
  findByName(name: string): Promise<TopicRecord | null>;
  getByIds(ids: readonly number[]): Promise<(TopicRecord | null)[]>;
  /** The request's batched loader of topics by id. */
  loader(gctx: MeadowContext): { load(id: number): Promise<TopicRecord | null> };
  /** Visible (not hidden) canonical topics of each note, batched. */
  topicsOfNotes(noteIds: readonly number[]): Promise<TopicRecord[][]>;
  trending(first: number): Promise<TrendingTopic[]>;
  /** Topic ids an account follows (for personalization). */
  followedTopicIds(accountId: number): Promise<number[]>;
}

export const TopicsServiceRef = defineService<TopicsService>('topics.topics', 'Hashtag topics: lookup, note topics, trending, follows');

export const TopicFollowed = defineEvent<{ accountId: number; topicId: number }>('topic.followed', {
  description: 'An account followed a topic.',
});

export const TopicsMerged = defineEvent<{ fromId: number; intoId: number }>('topic.merged', {
  description: 'Staff merged a tag into another (a synonym); its notes and followers moved to the canonical tag.',
});
