// Curation by staff: feature, hide and merge synonyms. Anyone else gets
// FORBIDDEN and nothing changes.

import { describe, it, expect, afterAll } from 'vitest';
import { expectCode, expectOk, startTopics } from './helpers.ts';

const TOPIC = `query($name: String!) { topic(name: $name) { id name featured hidden noteCount followerCount synonyms notes { edges { node { id } } } } }`;

describe('topic curation', async () => {
  const t = await startTopics();
  afterAll(() => t.close());
  const alice = await t.person('alice');
  const carol = await t.person('carol');
  const mod = await t.person('mod_curator', 'moderator');
  const admin = await t.person('admin_curator', 'admin');
  const creator = await t.person('creator_x', 'creator');

  const ootdNote = await t.post(alice, '今天的 #OOTD');
  const synonymNote = await t.post(alice, '今天的 #每日穿搭 和 #OOTD');
  const onlySynonym = await t.post(alice, '只有 #每日穿搭');
  await t.post(alice, '垃圾 #刷屏广告');

  it('refuses curation from people, creators and anonymous visitors, leaving topics as they were', async () => {
    for (const who of [alice, creator]) {
      expectCode(await who.gql(`mutation { featureTopic(name: "OOTD") { featured } }`), 'FORBIDDEN');
      expectCode(await who.gql(`mutation { hideTopic(name: "OOTD") { hidden } }`), 'FORBIDDEN');
      expectCode(await who.gql(`mutation { mergeTopics(from: "每日穿搭", into: "OOTD") { name } }`), 'FORBIDDEN');
    }
    expectCode(await t.gql(`mutation { featureTopic(name: "OOTD") { featured } }`), 'UNAUTHENTICATED');
    const topic = expectOk(await t.gql(TOPIC, { name: 'OOTD' })).topic;
    expect(topic).toMatchObject({ featured: false, hidden: false, noteCount: 2, synonyms: [] });
    expect(expectOk(await t.gql(TOPIC, { name: '每日穿搭' })).topic.name).toBe('每日穿搭');
  });

  it('lets a moderator feature a topic', async () => {
    expect(expectOk(await mod.gql(`mutation { featureTopic(name: "#ootd") { name featured } }`)).featureTopic).toEqual({ name: 'OOTD', featured: true });
    expect(expectOk(await t.gql(`{ featuredTopics { name } }`)).featuredTopics).toEqual([{ name: 'OOTD' }]);
    expectOk(await admin.gql(`mutation { featureTopic(name: "OOTD", featured: false) { featured } }`));
    expect(expectOk(await t.gql(`{ featuredTopics { name } }`)).featuredTopics).toEqual([]);
  });

  it('hides a topic: NOT_FOUND for everyone but staff, gone from notes and follows', async () => {
    const spamNoteTopics = `{ topic(name: "刷屏广告") { notes { edges { node { topics { name } } } } } }`;
    expect(expectOk(await mod.gql(`mutation { hideTopic(name: "刷屏广告") { hidden } }`)).hideTopic.hidden).toBe(true);
    expectCode(await t.gql(TOPIC, { name: '刷屏广告' }), 'NOT_FOUND');
    expectCode(await carol.gql(TOPIC, { name: '刷屏广告' }), 'NOT_FOUND');
    expectCode(await carol.gql(`mutation { followTopic(name: "刷屏广告") { name } }`), 'NOT_FOUND');
    const spamNote = expectOk(await mod.gql(`{ topic(name: "刷屏广告") { notes { edges { node { id } } } } }`)).topic.notes.edges[0].node.id;
    expect(expectOk(await carol.gql(`query($id: ID!) { note(id: $id) { topics { name } } }`, { id: spamNote })).note.topics).toEqual([]);
    // Staff still see it, marked hidden, with its notes (so they can judge and unhide).
    const staffView = expectOk(await mod.gql(spamNoteTopics)).topic.notes.edges[0].node.topics;
    expect(staffView).toEqual([{ name: '刷屏广告' }]);
    expect(expectOk(await mod.gql(TOPIC, { name: '刷屏广告' })).topic.hidden).toBe(true);
    // Unhiding restores it.
    expectOk(await admin.gql(`mutation { hideTopic(name: "刷屏广告", hidden: false) { hidden } }`));
    expect(expectOk(await carol.gql(TOPIC, { name: '刷屏广告' })).topic.hidden).toBe(false);
  });

  it('merges a synonym: its notes and followers move, its name leads to the canonical topic, new uses link there', async () => {
    expectOk(await carol.gql(`mutation { followTopic(name: "每日穿搭") { name } }`));
    const merged = expectOk(await mod.gql(`mutation { mergeTopics(from: "#每日穿搭", into: "ootd") { name noteCount followerCount synonyms } }`)).mergeTopics;
    expect(merged).toEqual({ name: 'OOTD', noteCount: 3, followerCount: 1, synonyms: ['每日穿搭'] });

    const viaSynonym = expectOk(await t.gql(TOPIC, { name: '每日穿搭' })).topic;
    expect(viaSynonym.name).toBe('OOTD');
    expect(viaSynonym.notes.edges.map((e: any) => e.node.id).sort()).toEqual([ootdNote.gid, synonymNote.gid, onlySynonym.gid].sort());

    const later = await t.post(alice, '新的 #每日穿搭');
    const topics = expectOk(await t.gql(`query($id: ID!) { note(id: $id) { topics { name } } }`, { id: later.gid })).note.topics;
    expect(topics).toEqual([{ name: 'OOTD' }]);
    expect(expectOk(await t.gql(TOPIC, { name: 'OOTD' })).topic.noteCount).toBe(4);
    const follows = expectOk(await t.gql(`{ account(handle: "carol") { followedTopics { edges { node { name } } } } }`));
    expect(follows.account.followedTopics.edges).toEqual([{ node: { name: 'OOTD' } }]);
  });

  it('refuses bad merges with clear codes and changes nothing', async () => {
    expectCode(await mod.gql(`mutation { mergeTopics(from: "OOTD", into: "#ootd") { name } }`), 'BAD_USER_INPUT');
    expectCode(await mod.gql(`mutation { mergeTopics(from: "每日穿搭", into: "OOTD") { name } }`), 'BAD_USER_INPUT');
    expectCode(await mod.gql(`mutation { mergeTopics(from: "OOTD", into: "never_seen_tag") { name } }`), 'NOT_FOUND');
    expectCode(await mod.gql(`mutation { mergeTopics(from: "", into: "OOTD") { name } }`), 'BAD_USER_INPUT');
    expectCode(await mod.gql(`mutation { featureTopic(name: "never_seen_tag") { name } }`), 'NOT_FOUND');
    const topic = expectOk(await t.gql(TOPIC, { name: 'OOTD' })).topic;
    expect(topic).toMatchObject({ name: 'OOTD', noteCount: 4, synonyms: ['每日穿搭'] });
  });
});
