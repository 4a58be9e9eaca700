// Vertical communities: created by staff around tags, joined and left by
// anyone signed in (idempotently), moderated by their moderators; members'
// public notes under the tags appear in them.

import { describe, it, expect, afterAll } from 'vitest';
import { expectCode, expectOk, startTopics } from './helpers.ts';

const CREATE = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id slug name rules memberCount topics { name } moderators { handle } viewerIsModerator } }`;
const COMMUNITY = `query($slug: String!) { community(slug: $slug) { slug name description rules memberCount viewerIsMember viewerIsModerator
  topics { name } moderators { handle } members { totalCount edges { role node { handle } } } notes { edges { node { id } } } } }`;

describe('communities', async () => {
  const t = await startTopics();
  afterAll(() => t.close());
  const mod = await t.person('mod_community', 'moderator');
  const member = await t.person('member_a');
  const outsider = await t.person('outsider_b');
  const helper = await t.person('helper_c');

  const input = {
    slug: 'camping-hiking', name: '露营与徒步 Camping & Hiking', description: '周末去山里。Weekend trips.',
    rules: ['只分享自己去过的地方', 'Leave no trace'], topics: ['#露营', 'hiking', '＃HIKING'],
  };

  it('lets staff create a community; people get FORBIDDEN', async () => {
    expectCode(await member.gql(CREATE, { input }), 'FORBIDDEN');
    const created = expectOk(await mod.gql(CREATE, { input })).createCommunity;
    expect(created).toMatchObject({
      slug: 'camping-hiking', memberCount: 1, rules: input.rules, moderators: [{ handle: 'mod_community' }], viewerIsModerator: true,
    });
    expect(created.topics.map((x: any) => x.name).sort()).toEqual(['hiking', '露营'].sort());
    const node = expectOk(await t.gql(`query($id: ID!) { node(id: $id) { ... on Community { slug } } }`, { id: created.id }));
    expect(node.node).toEqual({ slug: 'camping-hiking' });
  });

  it('refuses bad community input with clear codes', async () => {
    expectCode(await mod.gql(CREATE, { input }), 'CONFLICT');
    expectCode(await mod.gql(CREATE, { input: { ...input, slug: 'Not A Slug!' } }), 'BAD_USER_INPUT');
    expectCode(await mod.gql(CREATE, { input: { ...input, slug: 'ok-slug', topics: [] } }), 'BAD_USER_INPUT');
    expectCode(await mod.gql(CREATE, { input: { ...input, slug: 'ok-slug', topics: ['two words'] } }), 'BAD_USER_INPUT');
    expectCode(await mod.gql(CREATE, { input: { ...input, slug: 'ok-slug', name: '' } }), 'BAD_USER_INPUT');
    expectCode(await mod.gql(CREATE, { input: { ...input, slug: 'ok-slug', rules: ['x'.repeat(501)] } }), 'BAD_USER_INPUT');
    expectCode(await t.gql(COMMUNITY, { slug: 'no-such-place' }), 'NOT_FOUND');
    expect(expectOk(await t.gql(`{ communities { totalCount } }`)).communities.totalCount).toBe(1);
  });

  it('joins idempotently and shows members\' tagged public notes only', async () => {
    expectCode(await t.gql(`mutation { joinCommunity(slug: "camping-hiking") { memberCount } }`), 'UNAUTHENTICATED');
    expect(expectOk(await member.gql(`mutation { joinCommunity(slug: "camping-hiking") { memberCount viewerIsMember } }`)).joinCommunity)
      .toEqual({ memberCount: 2, viewerIsMember: true });
    expect(expectOk(await member.gql(`mutation { joinCommunity(slug: "camping-hiking") { memberCount } }`)).joinCommunity.memberCount).toBe(2);

    const inside = await t.post(member, '第一次 #露营');
    const english = await t.post(member, 'First #Hiking trip');
    await t.post(member, '不相关 #咖啡', {});
    await t.post(member, '只给粉丝 #露营', { visibility: 'followers' });
    await t.post(outsider, '我不是成员 #露营');

    const data = expectOk(await member.gql(COMMUNITY, { slug: 'camping-hiking' })).community;
    expect(data.notes.edges.map((e: any) => e.node.id)).toEqual([english.gid, inside.gid]);
    expect(data.members.totalCount).toBe(2);
    expect(data.members.edges.map((e: any) => [e.node.handle, e.role])).toEqual([['member_a', 'member'], ['mod_community', 'moderator']]);
    expect(data).toMatchObject({ viewerIsMember: true, viewerIsModerator: false });

    // Leaving takes their notes out; leaving twice is fine.
    expect(expectOk(await member.gql(`mutation { leaveCommunity(slug: "camping-hiking") { memberCount viewerIsMember } }`)).leaveCommunity)
      .toEqual({ memberCount: 1, viewerIsMember: false });
    expectOk(await member.gql(`mutation { leaveCommunity(slug: "camping-hiking") { memberCount } }`));
    expect(expectOk(await t.gql(COMMUNITY, { slug: 'camping-hiking' })).community.notes.edges).toEqual([]);
    expectOk(await member.gql(`mutation { joinCommunity(slug: "camping-hiking") { memberCount } }`));
  });

  it("lets the community's moderators (and staff) edit it and appoint moderators; members get FORBIDDEN", async () => {
    const update = `mutation($slug: String!, $input: UpdateCommunityInput!) { updateCommunity(slug: $slug, input: $input) { description rules topics { name } } }`;
    const appoint = `mutation($slug: String!, $id: ID!, $on: Boolean!) { setCommunityModerator(slug: $slug, accountId: $id, moderator: $on) { moderators { handle } } }`;
    expectCode(await member.gql(update, { slug: 'camping-hiking', input: { description: 'hijacked' } }), 'FORBIDDEN');
    expectCode(await member.gql(appoint, { slug: 'camping-hiking', id: member.gid, on: true }), 'FORBIDDEN');

    const appointed = expectOk(await mod.gql(appoint, { slug: 'camping-hiking', id: helper.gid, on: true })).setCommunityModerator;
    expect(appointed.moderators.map((m: any) => m.handle)).toEqual(['mod_community', 'helper_c']);
    // The new moderator (a person by role) may now edit the community.
    const edited = expectOk(await helper.gql(update, { slug: 'camping-hiking', input: { description: '山野之间', rules: ['不留痕迹'], topics: ['露营', '徒步'] } })).updateCommunity;
    expect(edited).toEqual({ description: '山野之间', rules: ['不留痕迹'], topics: expect.arrayContaining([{ name: '露营' }, { name: '徒步' }]) });
    expectCode(await helper.gql(update, { slug: 'camping-hiking', input: { rules: Array(21).fill('rule') } }), 'BAD_USER_INPUT');
    expectCode(await mod.gql(appoint, { slug: 'camping-hiking', id: 'QWNjb3VudDo5OTk5', on: true }), 'NOT_FOUND');
    expectCode(await mod.gql(appoint, { slug: 'camping-hiking', id: 'not-an-id', on: true }), 'BAD_USER_INPUT');
    const after = expectOk(await t.gql(COMMUNITY, { slug: 'camping-hiking' })).community;
    expect(after.description).toBe('山野之间');
  });

  it('lists communities biggest first with a cursor', async () => {
    expectOk(await mod.gql(CREATE, { input: { slug: 'coffee-map', name: '咖啡地图', topics: ['咖啡探店'] } }));
    const page1 = expectOk(await t.gql(`{ communities(first: 1) { totalCount edges { node { slug memberCount } } pageInfo { hasNextPage endCursor } } }`)).communities;
    expect(page1.totalCount).toBe(2);
    expect(page1.edges[0].node.slug).toBe('camping-hiking');
    const page2 = expectOk(await t.gql(`query($after: String) { communities(first: 1, after: $after) { edges { node { slug } } pageInfo { hasNextPage } } }`, { after: page1.pageInfo.endCursor })).communities;
    expect(page2.edges[0].node.slug).toBe('coffee-map');
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const topic = expectOk(await t.gql(`{ topic(name: "露营") { communities { slug } } }`)).topic;
    expect(topic.communities).toEqual([{ slug: 'camping-hiking' }]);
  });
});
