// Variants and stock: the merchant adds, edits and removes variants and
// moves stock; checkouts reserve, release and commit units through the
// StockLedger, one conditional UPDATE each, so concurrent buyers never take
// more than there is.

import { afterAll, describe, expect, it } from 'vitest';
import { ShopServiceRef } from '../contracts.ts';
import { expectCode, expectOk, localIdOf, startShop } from './helpers.ts';

const VARIANT = 'id title sku price { amount } compareAtPrice { amount } available inStock onHand reserved';
const ADJUST = `mutation($id: ID!, $d: Int!) { adjustStock(variantId: $id, delta: $d) { available onHand reserved } }`;

describe('variants and stock', async () => {
  const t = await startShop();
  afterAll(() => t.close());
  const brand = await t.person('greenleaf', 'brand');
  const sam = await t.person('sam');
  const shop = await t.shop(brand, 'greenleaf');
  const ledger = t.ctx.services.get(ShopServiceRef).stock;
  const sizes = { options: [{ name: 'Size', values: ['S', 'M', 'L'] }] };
  const size = (value: string) => [{ name: 'Size', value }];

  it('adds, edits and removes variants; only the merchant may; a product keeps one', async () => {
    const p = await t.product(brand, shop, { ...sizes, variants: [{ options: size('S'), price: 100, stock: 1 }] });
    const ADD = `mutation($p: ID!, $input: VariantInput!) { addVariant(productId: $p, input: $input) { ${VARIANT} } }`;
    const m = expectOk(await brand.gql(ADD, { p: p.id, input: { options: size('M'), sku: 'SOCK-M', price: 120, stock: 4 } })).addVariant;
    expect(m).toMatchObject({ title: 'M', sku: 'SOCK-M', price: { amount: 120 }, available: 4, onHand: 4, reserved: 0 });
    expectCode(await sam.gql(ADD, { p: p.id, input: { options: size('L'), price: 1 } }), 'FORBIDDEN');
    // The same options again is a conflict with the stored variant; bad prices and stock are bad input.
    expectCode(await brand.gql(ADD, { p: p.id, input: { options: size('S'), price: 1 } }), 'CONFLICT');
    expectCode(await brand.gql(ADD, { p: p.id, input: { options: size('L'), price: -1 } }), 'BAD_USER_INPUT');
    expectCode(await brand.gql(ADD, { p: p.id, input: { options: size('L'), price: 1, stock: -3 } }), 'BAD_USER_INPUT');

    const UPDATE = `mutation($id: ID!, $input: VariantUpdateInput!) { updateVariant(id: $id, input: $input) { ${VARIANT} } }`;
    const edited = expectOk(await brand.gql(UPDATE, { id: m.id, input: { options: size('L'), price: 150, compareAtPrice: 200 } })).updateVariant;
    expect(edited).toMatchObject({ title: 'L', sku: 'SOCK-M', price: { amount: 150 }, compareAtPrice: { amount: 200 }, onHand: 4 });
    expectCode(await brand.gql(UPDATE, { id: m.id, input: { options: size('S') } }), 'CONFLICT');
    expectCode(await brand.gql(UPDATE, { id: m.id, input: { price: 300 } }), 'BAD_USER_INPUT'); // above compareAtPrice
    expectCode(await sam.gql(UPDATE, { id: m.id, input: { price: 1 } }), 'FORBIDDEN');

    const REMOVE = `mutation($id: ID!) { removeVariant(id: $id) { variants { title } } }`;
    expectCode(await sam.gql(REMOVE, { id: m.id }), 'FORBIDDEN');
    expect(expectOk(await brand.gql(REMOVE, { id: m.id })).removeVariant.variants).toEqual([{ title: 'S' }]);
    expectCode(await brand.gql(REMOVE, { id: m.id }), 'NOT_FOUND');
    expectCode(await brand.gql(REMOVE, { id: p.variants[0].id }), 'BAD_USER_INPUT');
    // A removed variant's SKU code and options are free again.
    expectOk(await brand.gql(ADD, { p: p.id, input: { options: size('L'), sku: 'SOCK-M', price: 1 } }));
  });

  it('the merchant moves stock by a delta; never below zero, nor below what checkouts hold', async () => {
    const p = await t.product(brand, shop, { variants: [{ price: 100, stock: 2 }] });
    const id = p.variants[0].id;
    expect(expectOk(await brand.gql(ADJUST, { id, d: 8 })).adjustStock).toEqual({ available: 10, onHand: 10, reserved: 0 });
    const tooFar = await brand.gql(ADJUST, { id, d: -11 });
    expectCode(tooFar, 'BAD_USER_INPUT');
    expect(tooFar.errors![0]!.message).toMatch(/below 0 \(10 on hand\)/);
    expectCode(await brand.gql(ADJUST, { id, d: 0 }), 'BAD_USER_INPUT');
    expectCode(await sam.gql(ADJUST, { id, d: 5 }), 'FORBIDDEN');
    expect(await ledger.reserve(localIdOf(id), 4)).toBe(true);
    const held = await brand.gql(ADJUST, { id, d: -7 });
    expectCode(held, 'BAD_USER_INPUT');
    expect(held.errors![0]!.message).toMatch(/4 units held by checkouts/);
    expect(expectOk(await brand.gql(ADJUST, { id, d: -6 })).adjustStock).toEqual({ available: 0, onHand: 4, reserved: 4 });
    // The public sees what can be bought, not the counts.
    const seen = expectOk(await t.gql(`query($id: ID!) { product(id: $id) { inStock variants { available inStock onHand reserved } } }`, { id: p.id })).product;
    expect(seen).toEqual({ inStock: false, variants: [{ available: 0, inStock: false, onHand: null, reserved: null }] });
  });

  it('reserve, release and commit move the counts, and refuse what is not there', async () => {
    const p = await t.product(brand, shop, { variants: [{ price: 100, stock: 5 }] });
    const id = localIdOf(p.variants[0].id);
    const counts = async () => {
      const v = (await t.ctx.services.get(ShopServiceRef).getVariant(id))!;
      return [v.onHand, v.reserved];
    };
    expect(await ledger.reserve(id, 3)).toBe(true);
    expect(await ledger.reserve(id, 3)).toBe(false);
    expect(await counts()).toEqual([5, 3]);
    expect(await ledger.release(id, 1)).toBe(true);
    expect(await ledger.release(id, 5)).toBe(false);
    expect(await counts()).toEqual([5, 2]);
    expect(await ledger.commit(id, 2)).toBe(true);
    expect(await ledger.commit(id, 1)).toBe(false);
    expect(await counts()).toEqual([3, 0]);
    await expect(ledger.reserve(id, 0)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(ledger.reserve(id, -1)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    // A removed variant cannot be reserved.
    const two = await t.product(brand, shop, { ...sizes, variants: [{ options: size('S'), price: 1, stock: 9 }, { options: size('M'), price: 1, stock: 9 }] });
    expectOk(await brand.gql(`mutation($id: ID!) { removeVariant(id: $id) { id } }`, { id: two.variants[1].id }));
    expect(await ledger.reserve(localIdOf(two.variants[1].id), 1)).toBe(false);
    expect(await ledger.reserve(localIdOf(two.variants[0].id), 9)).toBe(true);
  });

  it('concurrent reservations never take more than the stock', async () => {
    const p = await t.product(brand, shop, { title: 'Flash sale', variants: [{ price: 1, stock: 5 }] });
    const id = localIdOf(p.variants[0].id);
    const results = await Promise.all(Array.from({ length: 25 }, () => ledger.reserve(id, 1)));
    expect(results.filter(Boolean)).toHaveLength(5);
    const v = (await t.ctx.services.get(ShopServiceRef).getVariant(id))!;
    expect([v.onHand, v.reserved]).toEqual([5, 5]);
    // The database refuses a reserved count above what is on hand, whatever a statement says.
    await expect(t.ctx.db.kysely().updateTable('shop_variants').set({ reserved: 6 }).where('id', '=', id).execute()).rejects.toThrow();
    await expect(t.ctx.db.kysely().updateTable('shop_variants').set({ price: -1 }).where('id', '=', id).execute()).rejects.toThrow();
  });
});
