// Buying from a flash sale: an order like any other at the flash price,
// its units handed over from the sale (the stock's counts never move
// twice); every refusal says why (NOT_STARTED, ENDED, SOLD_OUT,
// NOT_ENOUGH_LEFT, PER_PERSON_LIMIT, bad quantities) and changes nothing;
// a retried key gets the same order; an order that could not be placed
// gives its claim back; an unpaid order gives its units back to the sale
// (or to the shelf once the sale ended), and a late payment takes them again.

import { afterAll, describe, expect, it } from 'vitest';
import { PLUGIN_API_VERSION, definePlugin, filter } from '../../../core/index.ts';
import { PaymentProviders, PaymentsServiceRef } from '../contracts.ts';
import { expireOrders } from '../checkout/lifecycle.ts';
import { ADDRESS, expectCode, expectOk, localIdOf, pastEnd, startFlash, stockOf, type GqlResult } from './flash-helpers.ts';

/** A provider whose gateway is down: creating a payment there throws (inside the order's transaction). */
const brokenGateway = definePlugin({
  name: 'broken-gateway',
  apiVersion: PLUGIN_API_VERSION,
  dependsOn: ['shop'],
  hooks: [filter(PaymentProviders, (list) => [...list, {
    name: 'broken', label: 'Always down',
    createPayment: async () => { throw new Error('gateway unreachable'); },
    refund: async () => { throw new Error('gateway unreachable'); },
  }])],
});

const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const reasonOf = (res: GqlResult) => res.errors?.[0]?.extensions?.reason;

describe('flash sales: buying', async () => {
  const t = await startFlash([brokenGateway]);
  afterAll(() => t.close());
  const brand = await t.person('oolong', 'brand');
  const shop = await t.shop(brand, 'oolong');
  let n = 0;
  const buyer = () => t.person(`buyer${++n}`);

  it('an order at the flash price, held until its (shorter) payment deadline; paid through the gateway like any order', async () => {
    const p = await t.product(brand, shop, { title: 'Da Hong Pao', variants: [{ price: 16_800, stock: 20 }] });
    const sale = await t.sale(brand, p.variants[0].id, { quantity: 5, price: 9_900, perPersonLimit: 2 });
    const amy = await buyer();
    const bought = expectOk(await t.buy(amy, sale.id, { quantity: 2 })).buyFlashSale;
    expect(bought).toMatchObject({
      replayed: false, nextAction: { type: 'REDIRECT' }, sale: { remaining: 3, status: 'RUNNING', viewerUnits: 2 },
      order: { status: 'PENDING', total: { amount: 19_800, currency: 'CNY' }, payment: { status: 'PENDING', amount: 19_800 }, lines: [{ unitPrice: { amount: 9_900 }, quantity: 2, lineTotal: { amount: 19_800 } }] },
    });
    const deadline = Date.parse(bought.order.paymentDeadline) - Date.now();
    expect(deadline).toBeGreaterThan(4 * 60_000);
    expect(deadline).toBeLessThanOrEqual(5 * 60_000);
    // The sale's hold became the order's: the counts did not move.
    expect(await stockOf(t, p.variants[0].id)).toEqual([20, 5]);

    await t.payByGateway(amy, bought.order.id);
    expect((await t.order(amy, bought.order.id)).status).toBe('PAID');
    expect(await stockOf(t, p.variants[0].id)).toEqual([18, 3]);
    expect(await t.read(sale.id, brand)).toMatchObject({ remaining: 3, orderCount: 1 });
  });

  it('the same key again gets the same order; the same key with other content is CONFLICT', async () => {
    const p = await t.product(brand, shop, { title: 'Tieguanyin', variants: [{ price: 6_000, stock: 10 }] });
    const sale = await t.sale(brand, p.variants[0].id, { quantity: 4, price: 3_000, perPersonLimit: 2 });
    const ben = await buyer();
    const first = expectOk(await t.buy(ben, sale.id, { idempotencyKey: 'ben-tgy-1' })).buyFlashSale;
    const again = expectOk(await t.buy(ben, sale.id, { idempotencyKey: 'ben-tgy-1' })).buyFlashSale;
    expect(again).toMatchObject({ replayed: true, order: { id: first.order.id } });
    // A double click: two requests with a new key at the same moment make one order.
    const clicks = await Promise.all([t.buy(ben, sale.id, { idempotencyKey: 'ben-tgy-2' }), t.buy(ben, sale.id, { idempotencyKey: 'ben-tgy-2' })]);
    const [a, b] = clicks.map((c) => expectOk(c).buyFlashSale);
    expect(a.order.id).toBe(b.order.id);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    const other = await t.buy(ben, sale.id, { idempotencyKey: 'ben-tgy-1', quantity: 2 });
    expectCode(other, 'CONFLICT');
    expect(reasonOf(other)).toBe('IDEMPOTENCY_KEY_REUSED');
    expectCode(await t.buy(ben, sale.id, { idempotencyKey: 'ben-tgy-1', address: { ...ADDRESS, city: '杭州' } }), 'CONFLICT');
    expect(await t.read(sale.id, ben)).toMatchObject({ remaining: 2, viewerUnits: 2 });
    expect(expectOk(await ben.gql(`{ myOrders { edges { node { id } } } }`)).myOrders.edges).toHaveLength(2);
  });

  it('refuses before the start, after the end, over the per-person limit, bad quantities, sold out — and changes nothing', async () => {
    const p = await t.product(brand, shop, { title: 'Pu-erh cake', variants: [{ price: 30_000, stock: 10 }] });
    const v = p.variants[0].id;
    const cara = await buyer();

    const upcoming = await t.sale(brand, v, { quantity: 2, price: 20_000, startsAt: hours(5), endsAt: hours(6) });
    const early = await t.buy(cara, upcoming.id);
    expectCode(early, 'CONFLICT');
    expect(reasonOf(early)).toBe('NOT_STARTED');

    const sale = await t.sale(brand, v, { quantity: 3, price: 20_000, perPersonLimit: 2, endsAt: hours(2) });
    for (const [quantity, field] of [[0, 'quantity'], [-1, 'quantity'], [3, 'quantity']] as const) {
      const res = await t.buy(cara, sale.id, { quantity });
      expectCode(res, 'BAD_USER_INPUT');
      expect(res.errors![0]!.extensions).toMatchObject({ field });
    }
    expectCode(await t.buy(cara, sale.id, { quantity: 2 ** 31 }), 'BAD_USER_INPUT'); // beyond GraphQL's Int
    expectCode(await t.buy(cara, sale.id, { idempotencyKey: 'has spaces' }), 'BAD_USER_INPUT');
    expectCode(await t.buy(cara, sale.id, { address: null }), 'BAD_USER_INPUT');
    expect(await t.read(sale.id, cara)).toMatchObject({ remaining: 3, viewerUnits: 0 });

    const kept = expectOk(await t.buy(cara, sale.id, { idempotencyKey: 'cara-first' })).buyFlashSale.order;
    expectOk(await t.buy(cara, sale.id));
    const third = await t.buy(cara, sale.id);
    expectCode(third, 'CONFLICT');
    expect(third.errors![0]!.extensions).toMatchObject({ reason: 'PER_PERSON_LIMIT', limit: 2, held: 2 });

    const dan = await buyer();
    const tooMany = await t.buy(dan, sale.id, { quantity: 2 });
    expectCode(tooMany, 'CONFLICT');
    expect(tooMany.errors![0]!.extensions).toMatchObject({ reason: 'NOT_ENOUGH_LEFT', remaining: 1 });
    expectOk(await t.buy(dan, sale.id));
    const soldOut = await t.buy(await buyer(), sale.id);
    expectCode(soldOut, 'CONFLICT');
    expect(reasonOf(soldOut)).toBe('SOLD_OUT');
    expect(soldOut.errors![0]!.message).toMatch(/sold out/i);
    // Sold out now, but a retry of a purchase that went through still gets its order.
    expect(expectOk(await t.buy(cara, sale.id, { idempotencyKey: 'cara-first' })).buyFlashSale).toMatchObject({ replayed: true, order: { id: kept.id } });
    expect(await t.read(sale.id, dan)).toMatchObject({ status: 'SOLD_OUT', remaining: 0, viewerUnits: 1, orderCount: null });

    // Its time is up (the clock moved past its end): ENDED, even with units about to come back.
    await pastEnd(t, sale.id);
    const late = await t.buy(await buyer(), sale.id);
    expectCode(late, 'CONFLICT');
    expect(reasonOf(late)).toBe('ENDED');
    // Ended early by the shop: ENDED too.
    const other = await t.product(brand, shop, { title: 'Shou mei', variants: [{ price: 5_000, stock: 3 }] });
    const short = await t.sale(brand, other.variants[0].id, { quantity: 2, price: 2_500 });
    expectOk(await brand.gql(`mutation($id: ID!) { endFlashSale(id: $id) { id } }`, { id: short.id }));
    expect(reasonOf(await t.buy(await buyer(), short.id))).toBe('ENDED');
    expect(await stockOf(t, other.variants[0].id)).toEqual([3, 0]);
  });

  it('a purchase that fails gives its units back: refused before the order (no such provider) or after it (the gateway is down)', async () => {
    const p = await t.product(brand, shop, { title: 'Jin Jun Mei', variants: [{ price: 12_000, stock: 4 }] });
    const sale = await t.sale(brand, p.variants[0].id, { quantity: 2, price: 8_000, perPersonLimit: 2 });
    const eve = await buyer();
    // Refused while the order is prepared: the claim is undone, no order.
    expectCode(await t.buy(eve, sale.id, { paymentProvider: 'no-such-provider', quantity: 2 }), 'BAD_USER_INPUT');
    expect(await t.read(sale.id, eve)).toMatchObject({ remaining: 2, viewerUnits: 0 });
    expect(expectOk(await eve.gql(`{ myOrders { edges { node { id } } } }`)).myOrders.edges).toHaveLength(0);
    // The order was placed but its payment could not start: checkout cancels it, and its units come back to the sale.
    const down = await t.buy(eve, sale.id, { paymentProvider: 'broken', quantity: 2 });
    expect(down.errors).toBeDefined();
    expect(await t.read(sale.id, eve)).toMatchObject({ remaining: 2, viewerUnits: 0 });
    expect(expectOk(await eve.gql(`{ myOrders { edges { node { status cancelReason } } } }`)).myOrders.edges).toEqual([{ node: { status: 'CANCELLED', cancelReason: 'PAYMENT_NOT_STARTED' } }]);
    expect(await stockOf(t, p.variants[0].id)).toEqual([4, 2]);
    // The units are there for the next try.
    expect(expectOk(await t.buy(eve, sale.id, { quantity: 2 })).buyFlashSale.sale).toMatchObject({ remaining: 0, viewerUnits: 2 });
  });

  it('an unpaid order gives its units back to the sale — on cancel or at its deadline — and to the shelf once the sale ended', async () => {
    await t.setSettings({ flashPaymentWindowSeconds: 1 });
    try {
      const p = await t.product(brand, shop, { title: 'Bai hao', variants: [{ price: 7_000, stock: 6 }] });
      const sale = await t.sale(brand, p.variants[0].id, { quantity: 3, price: 4_000, perPersonLimit: 1 });
      const fay = await buyer();
      const gus = await buyer();
      const cancelled = expectOk(await t.buy(fay, sale.id)).buyFlashSale.order;
      const expiring = expectOk(await t.buy(gus, sale.id)).buyFlashSale.order;
      expect((await t.read(sale.id)).remaining).toBe(1);

      expectOk(await fay.gql(`mutation($id: ID!) { cancelOrder(id: $id) { status } }`, { id: cancelled.id }));
      expect(await t.read(sale.id, fay)).toMatchObject({ remaining: 2, viewerUnits: 0 });
      expect(await stockOf(t, p.variants[0].id)).toEqual([6, 3]);

      await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(expiring.paymentDeadline) - Date.now() + 20)));
      await t.settle();
      expect(await t.order(gus, expiring.id)).toMatchObject({ status: 'CANCELLED', cancelReason: 'EXPIRED' });
      expect(await t.read(sale.id, gus)).toMatchObject({ remaining: 3, viewerUnits: 0 });
      expect(await stockOf(t, p.variants[0].id)).toEqual([6, 3]);
      // Their limit is free again.
      const again = expectOk(await t.buy(fay, sale.id)).buyFlashSale.order;

      // Once the sale is over, a cancelled order's units go to the shelf.
      expectOk(await brand.gql(`mutation($id: ID!) { endFlashSale(id: $id) { id } }`, { id: sale.id }));
      expect(await stockOf(t, p.variants[0].id)).toEqual([6, 1]);
      expectOk(await fay.gql(`mutation($id: ID!) { cancelOrder(id: $id) { status } }`, { id: again.id }));
      expect(await stockOf(t, p.variants[0].id)).toEqual([6, 0]);
      expect((await t.read(sale.id)).remaining).toBe(0);
    } finally {
      await t.setSettings({ flashPaymentWindowSeconds: 300 });
    }
  });

  it('paid after its deadline: the order takes its units again and the sale gives up as many', async () => {
    await t.setSettings({ flashPaymentWindowSeconds: 1 });
    try {
      const p = await t.product(brand, shop, { title: 'Lapsang', variants: [{ price: 5_000, stock: 5 }] });
      const sale = await t.sale(brand, p.variants[0].id, { quantity: 2, price: 3_000 });
      const hal = await buyer();
      const order = expectOk(await t.buy(hal, sale.id)).buyFlashSale.order;
      const ref = (await t.ctx.services.get(PaymentsServiceRef).getPayment(localIdOf(order.payment.id)))!.providerRef!;
      const event = await t.gateway.complete(ref, 'paid', { deliver: false });
      await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(order.paymentDeadline) - Date.now() + 20)));
      await expireOrders({}, t.ctx);
      expect(await t.read(sale.id, hal)).toMatchObject({ remaining: 2, viewerUnits: 0 });

      await t.gateway.deliver(event.id);
      await t.settle();
      expect((await t.order(hal, order.id)).status).toBe('PAID');
      expect(await t.read(sale.id, hal)).toMatchObject({ remaining: 1, viewerUnits: 1 });
      // One unit sold, one still held for the sale.
      expect(await stockOf(t, p.variants[0].id)).toEqual([4, 1]);
    } finally {
      await t.setSettings({ flashPaymentWindowSeconds: 300 });
    }
  });
});
