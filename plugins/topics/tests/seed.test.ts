// The demo seed: accounts, then notes, then topics (dependency order), in
// Chinese and English; running it twice adds nothing new.

import { describe, it, expect, afterAll } from 'vitest';
import { expectOk, startTopics } from './helpers.ts';

describe('demo seed', async () => {
  const t = await startTopics();
  afterAll(() => t.close());
  const kernel = t.meadow.kernel;

  const seed = async (only?: (name: string) => boolean) => {
    for (const plugin of kernel.plugins) {
      if (!plugin.seedDemo || (only && !only(plugin.name))) continue;
      await plugin.seedDemo({ ctx: kernel.contextOf(plugin.name), progress: () => {}, locale: 'zh-CN' });
      await t.settle();
    }
  };

  it('seeds featured topics, a merged synonym and communities with members and notes', async () => {
    await seed((name) => name !== 'topics');
    // A note by a demo hiker whose events topics missed (links wiped): the
    // topics seed reads notes back through the notes service and links them.
    const chen = await t.adopt('chen_hiking');
    const missed = await t.post(chen, '周末 #露营 #徒步 路线');
    await t.store.db.deleteFrom('topics_note_topics').execute();
    await seed((name) => name === 'topics');
    const data = expectOk(await t.gql(`{
      featuredTopics { name }
      ootd: topic(name: "每日穿搭") { name synonyms }
      communities { totalCount edges { node { slug name memberCount moderators { handle } topics { name } notes { edges { node { id } } } } } }
    }`));
    expect(data.featuredTopics.map((x: any) => x.name)).toEqual(expect.arrayContaining(['OOTD', '露营', 'Plog', '咖啡探店']));
    expect(data.ootd).toEqual({ name: 'OOTD', synonyms: ['每日穿搭'] });
    expect(data.communities.totalCount).toBe(3);
    const camping = data.communities.edges.map((e: any) => e.node).find((c: any) => c.slug === 'camping-hiking');
    expect(camping.name).toContain('Camping');
    expect(camping.memberCount).toBeGreaterThanOrEqual(4);
    expect(camping.moderators.map((m: any) => m.handle)).toContain('chen_hiking');
    expect(camping.notes.edges.map((e: any) => e.node.id)).toContain(missed.gid);
  });

  it('adds nothing when run again', async () => {
    const count = async () => expectOk(await t.gql(`{ communities { totalCount edges { node { memberCount } } } }`)).communities;
    const before = await count();
    await seed();
    expect(await count()).toEqual(before);
  });
});
