// Flash sales under load, on both engines (SQLite: one connection, so the
// requests interleave; PostgreSQL: a pool, so they truly run at once): many
// buyers at the same moment through GraphQL get exactly as many orders as
// there are units, never more held than there is, each buyer within their
// limit however many requests they fire, one order per idempotency key, and
// units given back by cancelled orders while others buy are counted once.

import { afterAll, describe, expect, it } from 'vitest';
import { expectOk, localIdOf, startFlash, stockOf, type GqlResult, type Person } from './flash-helpers.ts';

const reasonOf = (res: GqlResult) => res.errors?.[0]?.extensions?.reason;

describe('flash sales: concurrency', async () => {
  const t = await startFlash();
  afterAll(() => t.close());
  const brand = await t.person('dropshop', 'brand');
  const shop = await t.shop(brand, 'dropshop');
  /** The same crowd serves every sale (limits are per sale); made once, as signing up is slow on purpose (argon2). */
  const everyone: Person[] = [];
  let made = 0;
  const people = async (count: number, skip = 0): Promise<Person[]> => {
    while (everyone.length < skip + count) everyone.push(...(await Promise.all(Array.from({ length: 50 }, () => t.person(`crowd${++made}`)))));
    return everyone.slice(skip, skip + count);
  };
  /** Orders of the sale that hold units, per buyer, as the database has them. */
  const holdings = async (saleId: string) => {
    const rows = await t.ctx.db.kysely().selectFrom('shop_flash_orders').select(['account_id', 'quantity']).where('sale_id', '=', localIdOf(saleId)).where('state', '=', 'holding').execute();
    const perBuyer = new Map<number, number>();
    for (const r of rows) perBuyer.set(Number(r.account_id), (perBuyer.get(Number(r.account_id)) ?? 0) + Number(r.quantity));
    return { orders: rows.length, units: rows.reduce((n, r) => n + Number(r.quantity), 0), perBuyer };
  };
  const shopOrders = async () =>
    expectOk(await brand.gql(`{ shop(handle: "dropshop") { orders(first: 25) { edges { node { status buyer { id } lines { unitPrice { amount } quantity } } } } } }`)).shop.orders.edges.map((e: any) => e.node);

  it('300 buyers at once for 20 units: exactly 20 orders, the rest SOLD_OUT, nothing oversold', async () => {
    const p = await t.product(brand, shop, { title: 'Limited teapot', variants: [{ price: 50_000, stock: 50 }] });
    const sale = await t.sale(brand, p.variants[0].id, { quantity: 20, price: 19_900, perPersonLimit: 1 });
    const crowd = await people(300);
    const results = await Promise.all(crowd.map((b) => t.buy(b, sale.id)));
    const won = results.filter((r) => !r.errors);
    expect(won).toHaveLength(20);
    expect(results.filter((r) => r.errors).map(reasonOf).every((reason) => reason === 'SOLD_OUT')).toBe(true);
    expect(await t.read(sale.id, brand)).toMatchObject({ remaining: 0, status: 'SOLD_OUT', orderCount: 20 });
    // The sale's 20 units are all held by orders; the other 30 are untouched.
    expect(await stockOf(t, p.variants[0].id)).toEqual([50, 20]);
    const orders = await shopOrders();
    expect(orders).toHaveLength(20);
    expect(new Set(orders.map((o: any) => o.buyer.id)).size).toBe(20);
    expect(orders.every((o: any) => o.status === 'PENDING' && o.lines[0].unitPrice.amount === 19_900 && o.lines[0].quantity === 1)).toBe(true);
    expect((await holdings(sale.id)).orders).toBe(20);
  }, 120_000);

  it('each buyer fires four requests at once: never more than their limit of two', async () => {
    const p = await t.product(brand, shop, { title: 'Tasting set', variants: [{ price: 9_000, stock: 200 }] });
    const sale = await t.sale(brand, p.variants[0].id, { quantity: 100, price: 4_500, perPersonLimit: 2 });
    const crowd = await people(30);
    const results = await Promise.all(crowd.flatMap((b) => [1, 2, 3, 4].map(() => t.buy(b, sale.id))));
    expect(results.filter((r) => !r.errors)).toHaveLength(60);
    expect(results.filter((r) => r.errors).map(reasonOf).every((reason) => reason === 'PER_PERSON_LIMIT')).toBe(true);
    const held = await holdings(sale.id);
    expect([...held.perBuyer.values()].every((units) => units === 2)).toBe(true);
    expect(held.perBuyer.size).toBe(30);
    expect(await t.read(sale.id)).toMatchObject({ remaining: 40 });
    expect(await stockOf(t, p.variants[0].id)).toEqual([200, 100]);
  }, 60_000);

  it('retried keys at the same moment: one order per key, 20 orders for 20 units', async () => {
    const p = await t.product(brand, shop, { title: 'Clay kettle', variants: [{ price: 30_000, stock: 20 }] });
    const sale = await t.sale(brand, p.variants[0].id, { quantity: 20, price: 15_000, perPersonLimit: 3 });
    const crowd = await people(60);
    const results = await Promise.all(crowd.map(async (b, i) => {
      const key = `retry-${i}`;
      return { buyer: b, answers: await Promise.all([0, 1, 2].map(() => t.buy(b, sale.id, { idempotencyKey: key }))) };
    }));
    let orders = 0;
    for (const { answers } of results) {
      const ids = new Set(answers.filter((a) => !a.errors).map((a) => a.data.buyFlashSale.order.id));
      expect(ids.size).toBeLessThanOrEqual(1);
      orders += ids.size;
      for (const a of answers.filter((x) => x.errors)) expect(['SOLD_OUT', 'IDEMPOTENCY_KEY_IN_PROGRESS']).toContain(reasonOf(a));
    }
    expect(orders).toBe(20);
    const held = await holdings(sale.id);
    expect(held.orders).toBe(20);
    expect([...held.perBuyer.values()].every((units) => units === 1)).toBe(true);
    expect(await stockOf(t, p.variants[0].id)).toEqual([20, 20]);
    expect((await t.read(sale.id)).remaining).toBe(0);
  }, 60_000);

  it('orders cancelled while a crowd buys: every unit is either left in the sale or held by one order', async () => {
    const p = await t.product(brand, shop, { title: 'Tea caddy', variants: [{ price: 8_000, stock: 40 }] });
    const sale = await t.sale(brand, p.variants[0].id, { quantity: 15, price: 5_000, perPersonLimit: 1 });
    const early = await people(5);
    const first = await Promise.all(early.map(async (b) => ({ buyer: b, order: expectOk(await t.buy(b, sale.id)).buyFlashSale.order })));
    const crowd = await people(100, 5);
    const [cancels, buys] = await Promise.all([
      Promise.all(first.map(({ buyer, order }) => buyer.gql(`mutation($id: ID!) { cancelOrder(id: $id) { status } }`, { id: order.id }))),
      Promise.all(crowd.map((b) => t.buy(b, sale.id))),
    ]);
    cancels.forEach((c) => expect(c.errors).toBeUndefined());
    // The crowd got the ten units left, and any of the five given back before it was done.
    const wins = buys.filter((r) => !r.errors).length;
    expect(wins).toBeGreaterThanOrEqual(10);
    expect(wins).toBeLessThanOrEqual(15);
    const held = await holdings(sale.id);
    expect(held.orders).toBe(wins);
    expect(held.units + (await t.read(sale.id)).remaining).toBe(15);
    expect(await stockOf(t, p.variants[0].id)).toEqual([40, 15]);
  }, 60_000);
});
