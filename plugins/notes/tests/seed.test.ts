import { afterAll, describe, expect, it } from 'vitest';
import { startNotes } from './helpers.ts';

describe('notes: demo seed', async () => {
  const h = await startNotes();
  afterAll(() => h.close());
  const seed = async (name: string) => {
    const plugin = h.meadow.kernel.plugins.find((p) => p.name === name)!;
    await plugin.seedDemo!({ ctx: h.meadow.kernel.contextOf(name), progress: () => {}, locale: 'zh-CN' });
  };

  it('seeds notes of every structured kind, boards and comments in Chinese and English, and can run twice', async () => {
    await seed('accounts');
    await seed('notes');
    await seed('notes');
    const res = await h.as(null)(`{
      a: account(handle: "chen_hiking") { notes { edges { node { title language blocks { __typename } commentsCount comments { edges { node { body replies { edges { node { body } } } } } } } } } }
      e: account(handle: "emma_travels") { notes { edges { node { title language html } } } boards { name itemsCount notes { edges { node { title } } } } }
      s: account(handle: "sam_runs") { notes { edges { node { blocks { __typename } } } } }
    }`);
    expect(res.errors).toBeUndefined();
    const camping = res.data.a.notes.edges[0].node;
    expect(camping.blocks.map((b: any) => b.__typename)).toEqual(['ChecklistBlock', 'PitfallBlock']);
    expect(camping.commentsCount).toBe(2);
    expect(camping.comments.edges[0].node.replies.edges).toHaveLength(1);
    expect(res.data.e.notes.edges).toHaveLength(1);
    expect(res.data.e.notes.edges[0].node.language).toBe('en');
    expect(res.data.e.boards).toEqual([{ name: '周末去哪儿 Weekend ideas', itemsCount: 2, notes: { edges: [{ node: { title: '第一次露营，装备清单照着带就行' } }, { node: { title: 'Shanghai streets on Portra 400' } }] } }]);
    expect(res.data.s.notes.edges[0].node.blocks.map((b: any) => b.__typename)).toEqual(['PitfallBlock', 'TutorialBlock']);
  });
});
