// The demo seed runs a flash sale: Greenleaf Tea's cold brew, 30 bottles at
// ¥29 instead of ¥39, two per person, running now; seeding again adds
// nothing while it runs.

import { afterAll, describe, expect, it } from 'vitest';
import { expectOk, startShop } from './helpers.ts';

describe('flash sales: demo seed', async () => {
  const t = await startShop();
  afterAll(() => t.close());
  const seed = async (name: string) => {
    const plugin = t.meadow.kernel.plugins.find((p) => p.name === name)!;
    await plugin.seedDemo!({ ctx: t.meadow.kernel.contextOf(name), progress: () => {}, locale: 'zh-CN' });
    await t.settle();
  };

  it('Greenleaf Tea’s cold brew is on a running flash sale, once', async () => {
    await seed('accounts');
    await seed('notes');
    await seed('shop');
    await seed('shop');
    const res = expectOk(await t.gql(`{ shop(handle: "greenleaf") {
      flashSales { status price { formatted } regularPrice { formatted } quantity remaining perPersonLimit product { title } variant { available } }
    } }`));
    expect(res.shop.flashSales).toEqual([{
      status: 'RUNNING', price: { formatted: '¥29.00' }, regularPrice: { formatted: '¥39.00' }, quantity: 30, remaining: 30, perPersonLimit: 2,
      product: { title: '茉莉冷泡茶 Jasmine cold brew' }, variant: { available: 90 },
    }]);
  });
});
