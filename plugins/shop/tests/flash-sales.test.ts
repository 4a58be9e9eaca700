// Creating flash sales and reading them: the sale's units leave the
// available stock when it is created (the merchant's promise cannot be
// sold away before it starts) and come back when it ends; every bad input
// is refused with the field named and nothing held; products show their
// running or next sale to everyone, drafts' sales to no one but the shop.

import { afterAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../../core/index.ts';
import { closeOverdueSales } from '../flash/sales.ts';
import { expectCode, expectOk, pastEnd, startFlash, stockOf } from './flash-helpers.ts';

const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('flash sales: creating and reading', async () => {
  const t = await startFlash();
  afterAll(() => t.close());
  const brand = await t.person('greenhouse', 'brand');
  const rival = await t.person('rivalbrand', 'brand');
  const buyer = await t.person('looker');
  const shop = await t.shop(brand, 'greenhouse');
  await t.shop(rival, 'rival');

  it('a sale sets its units aside at once, shows on its product for everyone, and gives the unsold back when the shop ends it', async () => {
    const p = await t.product(brand, shop, { title: 'Matcha whisk', variants: [{ price: 5_000, stock: 30 }] });
    const sale = await t.sale(brand, p.variants[0].id, { quantity: 12, price: 2_500, perPersonLimit: 2, endsAt: hours(2) });
    expect(sale).toMatchObject({
      status: 'RUNNING', price: { amount: 2_500, currency: 'CNY' }, regularPrice: { amount: 5_000 }, quantity: 12, remaining: 12, perPersonLimit: 2,
      viewerUnits: 0, orderCount: 0, product: { id: p.id }, variant: { id: p.variants[0].id, available: 18 },
    });
    expect(await stockOf(t, p.variants[0].id)).toEqual([30, 12]);

    // Anyone sees it on the product and by id; only the shop sees its order count.
    const pub = expectOk(await t.gql(`query($id: ID!) { product(id: $id) { flashSale { id status remaining viewerUnits orderCount } } }`, { id: p.id }));
    expect(pub.product.flashSale).toEqual({ id: sale.id, status: 'RUNNING', remaining: 12, viewerUnits: null, orderCount: null });
    expect((await t.read(sale.id, buyer)).viewerUnits).toBe(0);
    expect(expectOk(await t.gql(`query($id: ID!) { node(id: $id) { ... on FlashSale { remaining } } }`, { id: sale.id })).node).toEqual({ remaining: 12 });
    expect(expectOk(await t.gql(`{ shop(handle: "greenhouse") { flashSales { id } } }`)).shop.flashSales).toEqual([{ id: sale.id }]);

    // Someone else's shop cannot end it.
    expectCode(await rival.gql(`mutation($id: ID!) { endFlashSale(id: $id) { status } }`, { id: sale.id }), 'FORBIDDEN');
    const ended = expectOk(await brand.gql(`mutation($id: ID!) { endFlashSale(id: $id) { status remaining } }`, { id: sale.id })).endFlashSale;
    expect(ended).toEqual({ status: 'ENDED', remaining: 0 });
    expect(await stockOf(t, p.variants[0].id)).toEqual([30, 0]);
    // Ending twice changes nothing; an ended sale leaves the product and the public list, the shop still lists it when asked.
    expect(expectOk(await brand.gql(`mutation($id: ID!) { endFlashSale(id: $id) { status } }`, { id: sale.id })).endFlashSale.status).toBe('ENDED');
    expect(await stockOf(t, p.variants[0].id)).toEqual([30, 0]);
    expect(expectOk(await t.gql(`query($id: ID!) { product(id: $id) { flashSale { id } } }`, { id: p.id })).product.flashSale).toBeNull();
    expect(expectOk(await t.gql(`{ shop(handle: "greenhouse") { flashSales(includeEnded: true) { id } } }`)).shop.flashSales).toEqual([]);
    expect(expectOk(await brand.gql(`{ shop(handle: "greenhouse") { flashSales(includeEnded: true) { id status } } }`)).shop.flashSales)
      .toEqual([{ id: sale.id, status: 'ENDED' }]);
  });

  it('an upcoming sale is UPCOMING on its product; at its end time the close job returns its units', async () => {
    const p = await t.product(brand, shop, { title: 'Tea tray', variants: [{ price: 9_000, stock: 8 }] });
    const later = await t.sale(brand, p.variants[0].id, { quantity: 5, price: 6_000, startsAt: hours(24), endsAt: hours(30) });
    expect(later.status).toBe('UPCOMING');
    expect(expectOk(await t.gql(`query($id: ID!) { product(id: $id) { flashSale { id status } } }`, { id: p.id })).product.flashSale).toEqual({ id: later.id, status: 'UPCOMING' });
    expect(await stockOf(t, p.variants[0].id)).toEqual([8, 5]);

    await t.settle(); // its close job is not due: nothing changes
    expect(await stockOf(t, p.variants[0].id)).toEqual([8, 5]);
    await pastEnd(t, later.id);
    await closeOverdueSales({}, t.ctx);
    expect((await t.read(later.id)).status).toBe('ENDED');
    expect(await stockOf(t, p.variants[0].id)).toEqual([8, 0]);
  });

  it('refuses bad input with the field named, and holds nothing', async () => {
    const p = await t.product(brand, shop, { title: 'Kyusu teapot', variants: [{ price: 20_000, stock: 6 }] });
    const v = p.variants[0].id;
    const refused = async (input: Record<string, unknown>, code: string, field?: string, reason?: string) => {
      const res = await t.createSale(brand, { variantId: v, quantity: 3, price: 10_000, endsAt: hours(1), ...input });
      expectCode(res, code);
      if (field) expect(res.errors![0]!.extensions).toMatchObject({ field });
      if (reason) expect(res.errors![0]!.extensions).toMatchObject({ reason });
    };
    await refused({ quantity: 7 }, 'BAD_USER_INPUT', 'quantity', 'NOT_ENOUGH_STOCK');
    await refused({ quantity: 0 }, 'BAD_USER_INPUT', 'quantity');
    await refused({ quantity: -5 }, 'BAD_USER_INPUT', 'quantity');
    await refused({ price: 0 }, 'BAD_USER_INPUT', 'price');
    await refused({ price: -100 }, 'BAD_USER_INPUT', 'price');
    await refused({ price: 20_000 }, 'BAD_USER_INPUT', 'price'); // not below the regular price
    await refused({ startsAt: hours(-1) }, 'BAD_USER_INPUT', 'startsAt');
    await refused({ startsAt: hours(24 * 40), endsAt: hours(24 * 40 + 1) }, 'BAD_USER_INPUT', 'startsAt');
    await refused({ endsAt: hours(-0.5) }, 'BAD_USER_INPUT', 'endsAt');
    await refused({ startsAt: hours(2), endsAt: hours(1) }, 'BAD_USER_INPUT', 'endsAt');
    await refused({ endsAt: hours(24 * 7 + 1) }, 'BAD_USER_INPUT', 'endsAt'); // longer than 7 days
    await refused({ perPersonLimit: 0 }, 'BAD_USER_INPUT', 'perPersonLimit');
    await refused({ perPersonLimit: 4 }, 'BAD_USER_INPUT', 'perPersonLimit'); // more than the quantity
    await refused({ endsAt: 'soon' }, 'BAD_USER_INPUT');
    expectCode(await t.createSale(rival, { variantId: v, quantity: 1, price: 100, endsAt: hours(1) }), 'FORBIDDEN');
    expectCode(await t.createSale(buyer, { variantId: v, quantity: 1, price: 100, endsAt: hours(1) }), 'FORBIDDEN');
    expectCode(await t.createSale(brand, { variantId: toGlobalId('ProductVariant', 999_999), quantity: 1, price: 100, endsAt: hours(1) }), 'NOT_FOUND');
    expect(await stockOf(t, v)).toEqual([6, 0]);
    expect(expectOk(await t.gql(`query($id: ID!) { product(id: $id) { flashSale { id } } }`, { id: p.id })).product.flashSale).toBeNull();

    // One sale per variant at a time; a later window is fine.
    await t.sale(brand, v, { quantity: 2, price: 10_000, endsAt: hours(3) });
    await refused({ quantity: 1, startsAt: hours(2), endsAt: hours(4) }, 'CONFLICT', undefined, 'OVERLAPPING_SALE');
    await t.sale(brand, v, { quantity: 1, price: 10_000, startsAt: hours(3), endsAt: hours(4) });
    expect(await stockOf(t, v)).toEqual([6, 3]);
  });

  it('a draft product cannot go on sale, and a taken-down product’s sale is visible to its shop only', async () => {
    const draft = expectOk(await brand.gql(`mutation($s: ID!) { createProduct(shopId: $s, input: { title: "Draft bowl", variants: [{ price: 800, stock: 5 }] }) { variants { id } } }`, { s: shop })).createProduct;
    const res = await t.createSale(brand, { variantId: draft.variants[0].id, quantity: 1, price: 500, endsAt: hours(1) });
    expectCode(res, 'BAD_USER_INPUT');
    expect(res.errors![0]!.extensions).toMatchObject({ reason: 'UNPUBLISHED' });

    const p = await t.product(brand, shop, { title: 'Gaiwan', variants: [{ price: 8_800, stock: 4 }] });
    const sale = await t.sale(brand, p.variants[0].id, { quantity: 2, price: 6_600 });
    expectOk(await brand.gql(`mutation($id: ID!) { unpublishProduct(id: $id) { status } }`, { id: p.id }));
    expectCode(await t.gql(`query($id: ID!) { flashSale(id: $id) { id } }`, { id: sale.id }), 'NOT_FOUND');
    expectCode(await t.buy(buyer, sale.id), 'NOT_FOUND');
    expect((await t.read(sale.id, brand)).status).toBe('RUNNING');
  });
});
