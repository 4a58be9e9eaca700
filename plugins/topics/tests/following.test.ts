// Following topics: follow/unfollow (idempotent), Account.followedTopics,
// and notes under followed tags joining the FOLLOWING feed through the notes
// plugin's feed-source filter (public and unlisted notes only).

import { describe, it, expect, afterAll } from 'vitest';
import { expectCode, expectOk, startTopics } from './helpers.ts';

const FOLLOW = `mutation($name: String!) { followTopic(name: $name) { name followerCount viewerFollows } }`;
const UNFOLLOW = `mutation($name: String!) { unfollowTopic(name: $name) { name followerCount viewerFollows } }`;
const FEED = `query($first: Int, $after: String) { followingFeed(first: $first, after: $after) { edges { reason node { id } } pageInfo { hasNextPage endCursor } } }`;

describe('following topics', async () => {
  const t = await startTopics();
  afterAll(() => t.close());
  const alice = await t.person('alice');
  const carol = await t.person('carol');

  const publicNote = await t.post(alice, '营地推荐 #露营');
  const unlisted = await t.post(alice, '装备清单 #露营', { visibility: 'unlisted' });
  const followersOnly = await t.post(alice, '只给粉丝 #露营', { visibility: 'followers' });
  const untagged = await t.post(alice, '没有标签的笔记');
  const latest = await t.post(alice, '第二个营地 #露营');

  it('follows idempotently and lists the followed topics on the account', async () => {
    expect(expectOk(await carol.gql(FOLLOW, { name: '#露营' })).followTopic).toEqual({ name: '露营', followerCount: 1, viewerFollows: true });
    expect(expectOk(await carol.gql(FOLLOW, { name: '露营' })).followTopic.followerCount).toBe(1);
    const me = expectOk(await t.gql(`query { account(handle: "carol") { followedTopics { edges { node { name } } } } }`));
    expect(me.account.followedTopics.edges.map((e: any) => e.node.name)).toEqual(['露营']);
  });

  it('adds notes under followed tags to the following feed, newest first, public and unlisted only', async () => {
    const feed = expectOk(await carol.gql(FEED, { first: 20 })).followingFeed;
    const ids = feed.edges.map((e: any) => e.node.id);
    expect(ids).toEqual([latest.gid, unlisted.gid, publicNote.gid]);
    expect(ids).not.toContain(followersOnly.gid);
    expect(ids).not.toContain(untagged.gid);
    expect(feed.edges[0].reason).toBe('tag:露营');
  });

  it('pages the tag stream with the feed cursor', async () => {
    const page1 = expectOk(await carol.gql(FEED, { first: 2 })).followingFeed;
    expect(page1.edges.map((e: any) => e.node.id)).toEqual([latest.gid, unlisted.gid]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = expectOk(await carol.gql(FEED, { first: 2, after: page1.pageInfo.endCursor })).followingFeed;
    expect(page2.edges.map((e: any) => e.node.id)).toEqual([publicNote.gid]);
  });

  it('stops after unfollowing (also idempotent)', async () => {
    expect(expectOk(await carol.gql(UNFOLLOW, { name: '露营' })).unfollowTopic).toEqual({ name: '露营', followerCount: 0, viewerFollows: false });
    expect(expectOk(await carol.gql(UNFOLLOW, { name: '露营' })).unfollowTopic.followerCount).toBe(0);
    expect(expectOk(await carol.gql(FEED, { first: 20 })).followingFeed.edges).toEqual([]);
  });

  it('refuses anonymous, unknown and malformed follows without changing anything', async () => {
    expectCode(await t.gql(FOLLOW, { name: '露营' }), 'UNAUTHENTICATED');
    expectCode(await carol.gql(FOLLOW, { name: 'nobody_uses_this' }), 'NOT_FOUND');
    expectCode(await carol.gql(FOLLOW, { name: '' }), 'BAD_USER_INPUT');
    const topic = expectOk(await t.gql(`query { topic(name: "露营") { followerCount } }`)).topic;
    expect(topic.followerCount).toBe(0);
  });
});
