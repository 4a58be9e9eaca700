// No N+1 on the order lists: a page of a shop's orders (or a buyer's) with
// their lines, products, notes, creators, buyers, coupons and payments costs
// the same number of queries for 3 orders as for 9.

import { afterAll, describe, expect, it } from 'vitest';
import { expectOk, localIdOf, startCheckout } from './checkout-helpers.ts';

const FIELDS = `id status buyer { handle } shop { handle } total { amount } coupons { code amount { amount } }
  payment { id status amount } lines { title quantity product { title } note { id } creator { handle } discount { amount } }`;

describe('checkout: batching', async () => {
  const t = await startCheckout();
  afterAll(() => t.close());
  const brand = await t.person('stationer', 'brand');
  const shop = await t.shop(brand, 'stationer');
  const creator = await t.person('penpal');
  expectOk(await brand.gql(`mutation($s: ID!) { createCoupon(shopId: $s, input: { code: "INK", kind: PERCENTAGE, value: 5 }) { id } }`, { s: shop }));
  const pens = [];
  for (let i = 0; i < 3; i++) pens.push(await t.product(brand, shop, { title: `Pen ${i}`, variants: [{ price: 1_000 + i, stock: 100 }] }));
  const note = await t.note(creator, { blocks: [{ kind: 'tutorial', steps: pens.map((p) => ({ text: 'Writes smoothly', productRef: `product:${localIdOf(p.id)}` })) }] });
  const buyer = await t.person('writer');
  const placed: string[] = [];
  for (let i = 0; i < 9; i++) {
    await t.add(buyer, pens[i % 3].variants[0].id, 1, note);
    const cart = await t.add(buyer, pens[(i + 1) % 3].variants[0].id, 2);
    placed.push(expectOk(await t.checkout(buyer, cart.id, { couponCodes: ['INK'] })).checkout.order.id);
  }
  // One paid order among the pending ones: each order shows its own payment.
  await t.payByGateway(buyer, placed[7]!);

  const queriesFor = async (query: string, n: number, pick: (data: any) => unknown[], who = brand) => {
    const db = t.meadow.kernel.db;
    const before = db.queryCount;
    const res = expectOk(await who.gql(query, { n }));
    expect(pick(res)).toHaveLength(n);
    return db.queryCount - before;
  };

  it('a shop’s orders and a buyer’s orders cost the same for 3 as for 9', async () => {
    const SHOP = `query($n: Int!) { shop(handle: "stationer") { orders(first: $n) { edges { node { ${FIELDS} } } } } }`;
    const shopPage = (d: any) => d.shop.orders.edges;
    expect(await queriesFor(SHOP, 9, shopPage)).toBe(await queriesFor(SHOP, 3, shopPage));
    const MINE = `query($n: Int!) { myOrders(first: $n) { edges { node { ${FIELDS} } } } }`;
    const minePage = (d: any) => d.myOrders.edges;
    expect(await queriesFor(MINE, 9, minePage, buyer)).toBe(await queriesFor(MINE, 3, minePage, buyer));
    const page = expectOk(await buyer.gql(MINE, { n: 9 })).myOrders.edges;
    expect(page.every((e: any) => e.node.lines.some((l: any) => l.creator?.handle === 'penpal') && e.node.coupons[0].code === 'INK')).toBe(true);
    expect(page.every((e: any) => e.node.payment.amount === e.node.total.amount)).toBe(true);
    expect(new Set(page.map((e: any) => e.node.payment.id)).size).toBe(9);
    expect(page.map((e: any) => [e.node.id === placed[7], e.node.status, e.node.payment.status]).filter(([paid]: any) => paid))
      .toEqual([[true, 'PAID', 'SUCCEEDED']]);
    expect(page.filter((e: any) => e.node.payment.status === 'PENDING')).toHaveLength(8);
  });
});
