// Checkout under pressure: two buyers after the last unit at once (exactly
// one order), a double click and a retry after a timeout with the same
// idempotency key (one order, the answer replayed), the same key with
// another cart (CONFLICT), a checked-out cart checked out again, and a
// payment provider that fails to start (the workflow's compensation gives
// back the stock and the coupon use and reopens the cart).

import { afterAll, describe, expect, it } from 'vitest';
import { PLUGIN_API_VERSION, definePlugin, filter } from '../../../core/index.ts';
import { PaymentProviders } from '../contracts.ts';
import { expectCode, expectOk, startCheckout, stockOf } from './checkout-helpers.ts';

/** A provider whose gateway is down: creating a payment there throws. */
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

describe('checkout: concurrency and idempotency', async () => {
  const t = await startCheckout({}, [brokenGateway]);
  afterAll(() => t.close());
  const brand = await t.person('sneakers', 'brand');
  const shop = await t.shop(brand, 'sneakers');
  const ordersOf = async (who: { gql: (q: string) => Promise<any> }) => expectOk(await who.gql(`{ myOrders { edges { node { id status cancelReason } } } }`)).myOrders.edges.map((e: any) => e.node);

  it('two buyers check out the last unit at the same moment: exactly one order, the other is OUT_OF_STOCK', async () => {
    const p = await t.product(brand, shop, { title: 'Limited pair', variants: [{ price: 99_900, stock: 1 }] });
    const amy = await t.person('amy');
    const ben = await t.person('ben');
    const carts = await Promise.all([t.add(amy, p.variants[0].id), t.add(ben, p.variants[0].id)]);
    const results = await Promise.all([t.checkout(amy, carts[0].id), t.checkout(ben, carts[1].id)]);
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expectCode(lost[0]!, 'CONFLICT');
    expect(lost[0]!.errors![0]!.extensions!.reason).toBe('OUT_OF_STOCK');
    expect(await stockOf(t, p.variants[0].id)).toEqual([1, 1]);
    expect([...(await ordersOf(amy)), ...(await ordersOf(ben))]).toHaveLength(1);

    // Eight buyers after three units: three orders, five refusals, never more held than there is.
    const drop = await t.product(brand, shop, { title: 'Drop', variants: [{ price: 1_000, stock: 3 }] });
    const crowd = await Promise.all(Array.from({ length: 8 }, (_, i) => t.person(`crowd${i}`)));
    const crowdCarts = await Promise.all(crowd.map((c) => t.add(c, drop.variants[0].id)));
    const rush = await Promise.all(crowd.map((c, i) => t.checkout(c, crowdCarts[i].id)));
    expect(rush.filter((r) => !r.errors)).toHaveLength(3);
    expect(rush.filter((r) => r.errors?.[0]?.extensions?.reason === 'OUT_OF_STOCK')).toHaveLength(5);
    expect(await stockOf(t, drop.variants[0].id)).toEqual([3, 3]);
  });

  it('a double click with the same key places one order; both answers name it', async () => {
    const p = await t.product(brand, shop, { title: 'Runner', variants: [{ price: 59_900, stock: 10 }] });
    const cy = await t.person('cyd');
    const cart = await t.add(cy, p.variants[0].id, 2);
    const [a, b] = await Promise.all([t.checkout(cy, cart.id, { idempotencyKey: 'click-1' }), t.checkout(cy, cart.id, { idempotencyKey: 'click-1' })]);
    const first = expectOk(a).checkout;
    const second = expectOk(b).checkout;
    expect(first.order.id).toBe(second.order.id);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    expect(await stockOf(t, p.variants[0].id)).toEqual([10, 2]);
    expect(await ordersOf(cy)).toHaveLength(1);
  });

  it('a retry after a timeout gets the same order; the same key with another cart is CONFLICT', async () => {
    const p = await t.product(brand, shop, { title: 'Trail shoe', variants: [{ price: 69_900, stock: 10 }] });
    const dee = await t.person('dee');
    const cart = await t.add(dee, p.variants[0].id, 1);
    const first = expectOk(await t.checkout(dee, cart.id, { idempotencyKey: 'retry-me' })).checkout;
    // The client never saw that answer and sends the same request again.
    const retry = expectOk(await t.checkout(dee, cart.id, { idempotencyKey: 'retry-me' })).checkout;
    expect(retry).toMatchObject({ replayed: true, order: { id: first.order.id, total: first.order.total } });
    expect(retry.nextAction).toEqual(first.nextAction);
    expect(await stockOf(t, p.variants[0].id)).toEqual([10, 1]);

    const next = await t.add(dee, p.variants[0].id, 3);
    expect(next.id).not.toBe(cart.id);
    const reused = await t.checkout(dee, next.id, { idempotencyKey: 'retry-me' });
    expectCode(reused, 'CONFLICT');
    expect(reused.errors![0]!.extensions!.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    // The same cart with other choices under the same key is another request too.
    expectCode(await t.checkout(dee, cart.id, { idempotencyKey: 'retry-me', paymentProvider: 'manual' }), 'CONFLICT');
    // A checked-out cart under a new key: CONFLICT, no second order.
    const again = await t.checkout(dee, cart.id, { idempotencyKey: 'fresh-key' });
    expectCode(again, 'CONFLICT');
    expect(again.errors![0]!.extensions!.reason).toBe('CART_CHECKED_OUT');
    expect(await ordersOf(dee)).toHaveLength(1);
    expect(await stockOf(t, p.variants[0].id)).toEqual([10, 1]);
    expectCode(await t.checkout(dee, next.id, { idempotencyKey: 'has space' }), 'BAD_USER_INPUT');
  });

  it('the payment cannot be started: the order is cancelled, its stock and coupon use come back, the cart reopens', async () => {
    const p = await t.product(brand, shop, { title: 'Court shoe', variants: [{ price: 40_000, stock: 3 }] });
    expectOk(await brand.gql(`mutation($s: ID!) { createCoupon(shopId: $s, input: { code: "ONCE", kind: FIXED, value: 1000, usageLimit: 1 }) { id } }`, { s: shop }));
    const eve = await t.person('eve');
    const cart = await t.add(eve, p.variants[0].id, 3);
    const failed = await t.checkout(eve, cart.id, { paymentProvider: 'broken', couponCodes: ['ONCE'], idempotencyKey: 'down-1' });
    expect(failed.errors).toBeDefined();
    expect(await stockOf(t, p.variants[0].id)).toEqual([3, 0]);
    expect(await ordersOf(eve)).toEqual([expect.objectContaining({ status: 'CANCELLED', cancelReason: 'PAYMENT_NOT_STARTED' })]);
    expect(expectOk(await eve.gql(`query($s: ID!) { cart(shopId: $s) { id checkedOut } }`, { s: shop })).cart).toEqual({ id: cart.id, checkedOut: false });
    // The key was released with the failure; with a working provider the same cart and coupon go through.
    const placed = expectOk(await t.checkout(eve, cart.id, { couponCodes: ['ONCE'], idempotencyKey: 'down-2' })).checkout;
    expect(placed.order).toMatchObject({ status: 'PENDING', total: { amount: 119_000 } });
    expect(await stockOf(t, p.variants[0].id)).toEqual([3, 3]);
  });
});
