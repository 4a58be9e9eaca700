// The demo seed: a brand shop and the instance's store with variants, stock
// and categories; three demo notes carry product tags; running twice adds
// nothing.

import { afterAll, describe, expect, it } from 'vitest';
import { expectOk, startShop } from './helpers.ts';

describe('shop: demo seed', async () => {
  const t = await startShop();
  afterAll(() => t.close());
  const seed = async (name: string) => {
    const plugin = t.meadow.kernel.plugins.find((p) => p.name === name)!;
    await plugin.seedDemo!({ ctx: t.meadow.kernel.contextOf(name), progress: () => {}, locale: 'zh-CN' });
    await t.settle();
  };

  it('seeds shops, products and tags on demo notes, and can run twice', async () => {
    await seed('accounts');
    await seed('notes');
    await seed('shop');
    await seed('shop');
    const res = expectOk(await t.gql(`{
      g: shop(handle: "greenleaf") { name owner { handle } products(first: 10) { edges { node { title variants { title price { formatted } available } } } } }
      m: shop(handle: "meadow-store") { owner { handle } products(first: 10) { edges { node { title inStock variants { title available } notes { title author { handle } } } } } }
      tea: category(slug: "tea") { products { edges { node { title } } } }
      e: account(handle: "emma_travels") { notes { edges { node { title productTags { imageIndex x y product { title } } products { title } } } } }
    }`));
    expect(res.g.owner.handle).toBe('greenleaf_tea');
    // The draft stays out of the public list.
    expect(res.g.products.edges.map((e: any) => e.node.title)).toEqual(['茉莉冷泡茶 Jasmine cold brew', '明前龙井 2025 Mingqian Longjing']);
    expect(res.g.products.edges[1].node.variants.map((v: any) => [v.title, v.price.formatted, v.available])).toEqual([
      ['50g', '¥68.00', 50], ['100g', '¥128.00', 30], ['250g', '¥298.00', 10],
    ]);
    expect(res.m.owner).toBeNull();
    const [tent, kettle] = res.m.products.edges.map((e: any) => e.node);
    expect(kettle.variants).toEqual([{ title: '白', available: 8 }, { title: '黑', available: 0 }]);
    expect(kettle.notes).toEqual([{ title: '在家手冲咖啡，新手三步就够了', author: { handle: 'lin_xiaoyu' } }]);
    expect(tent.notes.map((n: any) => n.author.handle)).toEqual(['chen_hiking']);
    expect(res.tea.products.edges).toHaveLength(2);
    const teaHouses = res.e.notes.edges.map((e: any) => e.node).find((n: any) => n.title.startsWith('Chengdu'));
    expect(teaHouses.productTags).toEqual([{ imageIndex: 0, x: 0.62, y: 0.55, product: { title: '茉莉冷泡茶 Jasmine cold brew' } }]);
    const count = async (table: string) => Number((await t.ctx.db.kysely().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect([await count('shop_shops'), await count('shop_products'), await count('shop_note_tags')]).toEqual([2, 5, 3]);
  });
});
