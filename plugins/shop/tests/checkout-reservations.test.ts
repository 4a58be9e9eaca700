// Stock held at checkout is released by the expiry job when the payment
// does not arrive in time (a short deadline here, the job runner run by
// hand), and never both released and sold: a payment webhook arriving late
// takes the units again when they are still there (the order becomes paid),
// or is refunded in full when they are gone or the buyer had cancelled; a
// webhook racing the expiry job ends in one consistent state.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { PaymentsServiceRef } from '../contracts.ts';
import { expireOrders } from '../checkout/lifecycle.ts';
import { expectOk, localIdOf, startCheckout, stockOf, type Person } from './checkout-helpers.ts';

describe('checkout: reservations and late payments', async () => {
  const t = await startCheckout();
  afterAll(() => t.close());
  await t.setSettings({ checkoutPaymentWindowSeconds: 1 });
  const brand = await t.person('florist', 'brand');
  const shop = await t.shop(brand, 'florist');
  const payments = t.ctx.services.get(PaymentsServiceRef);
  let n = 0;

  /** A buyer's pending order of `units` of the variant, its payment started at the test gateway. */
  const pendingOrder = async (variantId: string, units = 1, buyer?: Person) => {
    const who = buyer ?? (await t.person(`buyer${++n}`));
    const order = expectOk(await t.checkout(who, (await t.add(who, variantId, units)).id)).checkout.order;
    const ref = (await payments.getPayment(localIdOf(order.payment.id)))!.providerRef!;
    return { buyer: who, order, ref };
  };
  const pastDeadline = async (order: { paymentDeadline: string }) => {
    const wait = Date.parse(order.paymentDeadline) - Date.now() + 20;
    if (wait > 0) await sleep(wait);
  };

  it('unpaid at the deadline: the job cancels the order, releases the stock, cancels the payment and gives the coupon back', async () => {
    const p = await t.product(brand, shop, { title: 'Peonies', variants: [{ price: 8_800, stock: 4 }] });
    expectOk(await brand.gql(`mutation($s: ID!) { createCoupon(shopId: $s, input: { code: "SPRING", kind: PERCENTAGE, value: 10, usageLimit: 1 }) { id } }`, { s: shop }));
    const buyer = await t.person('slowpayer');
    const order = expectOk(await t.checkout(buyer, (await t.add(buyer, p.variants[0].id, 3)).id, { couponCodes: ['SPRING'] })).checkout.order;
    await t.settle(); // not due yet: nothing moves
    expect(await stockOf(t, p.variants[0].id)).toEqual([4, 3]);
    expect((await t.order(buyer, order.id)).status).toBe('PENDING');

    await pastDeadline(order);
    await t.settle();
    expect(await t.order(buyer, order.id)).toMatchObject({ status: 'CANCELLED', cancelReason: 'EXPIRED', paymentDeadline: null, payment: { status: 'CANCELLED' } });
    expect(await stockOf(t, p.variants[0].id)).toEqual([4, 0]);
    // The coupon's only use came back: someone else can use it.
    const next = await t.person('nextbuyer');
    expect(expectOk(await t.checkout(next, (await t.add(next, p.variants[0].id, 1)).id, { couponCodes: ['SPRING'] })).checkout.order.discount.amount).toBe(880);
  });

  it('a payment failed at the gateway cancels the order and releases the stock at once', async () => {
    const p = await t.product(brand, shop, { title: 'Tulips', variants: [{ price: 3_000, stock: 2 }] });
    const { buyer, order } = await pendingOrder(p.variants[0].id, 2);
    await t.payByGateway(buyer, order.id, 'failed');
    expect(await t.order(buyer, order.id)).toMatchObject({ status: 'CANCELLED', cancelReason: 'PAYMENT_FAILED' });
    expect(await stockOf(t, p.variants[0].id)).toEqual([2, 0]);
  });

  it('paid after the deadline while the units are still there: they are taken again and the order is paid', async () => {
    const p = await t.product(brand, shop, { title: 'Roses', variants: [{ price: 5_000, stock: 3 }] });
    const { buyer, order, ref } = await pendingOrder(p.variants[0].id, 2);
    const event = await t.gateway.complete(ref, 'paid', { deliver: false }); // paid at the gateway; its webhook is delayed
    await pastDeadline(order);
    await t.settle();
    expect((await t.order(buyer, order.id)).status).toBe('CANCELLED');
    expect(await stockOf(t, p.variants[0].id)).toEqual([3, 0]);

    await t.gateway.deliver(event.id);
    await t.settle();
    expect(await t.order(buyer, order.id)).toMatchObject({ status: 'PAID', cancelReason: null, payment: { status: 'SUCCEEDED' }, refundedAmount: { amount: 0 } });
    expect(await stockOf(t, p.variants[0].id)).toEqual([1, 0]);
  });

  it('paid after the deadline when the units were sold meanwhile: refunded in full, the stock untouched', async () => {
    const p = await t.product(brand, shop, { title: 'Orchid', variants: [{ price: 26_000, stock: 1 }] });
    const { buyer, order, ref } = await pendingOrder(p.variants[0].id, 1);
    const event = await t.gateway.complete(ref, 'paid', { deliver: false });
    await pastDeadline(order);
    await t.settle();
    const rival = await pendingOrder(p.variants[0].id, 1);
    await t.payByGateway(rival.buyer, rival.order.id);
    expect(await stockOf(t, p.variants[0].id)).toEqual([0, 0]);

    await t.gateway.deliver(event.id);
    await t.settle();
    expect(await t.order(buyer, order.id)).toMatchObject({ status: 'REFUNDED', refundedAmount: { amount: 26_000 }, payment: { status: 'SUCCEEDED' } });
    expect(await stockOf(t, p.variants[0].id)).toEqual([0, 0]);
    expect((await t.order(rival.buyer, rival.order.id)).status).toBe('PAID');
  });

  it('paid after the buyer cancelled: refunded, even with the units still there', async () => {
    const p = await t.product(brand, shop, { title: 'Lilies', variants: [{ price: 4_000, stock: 5 }] });
    const { buyer, order, ref } = await pendingOrder(p.variants[0].id, 1);
    const event = await t.gateway.complete(ref, 'paid', { deliver: false });
    expectOk(await buyer.gql(`mutation($id: ID!) { cancelOrder(id: $id) { status } }`, { id: order.id }));
    await t.gateway.deliver(event.id);
    await t.settle();
    expect(await t.order(buyer, order.id)).toMatchObject({ status: 'REFUNDED', cancelReason: 'BUYER', refundedAmount: { amount: 4_000 } });
    expect(await stockOf(t, p.variants[0].id)).toEqual([5, 0]);
  });

  it('a webhook racing the expiry job: the order ends paid with its units sold, or cancelled with the stock back — never both', async () => {
    const p = await t.product(brand, shop, { title: 'Daisies', variants: [{ price: 1_000, stock: 6 }] });
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const before = await stockOf(t, p.variants[0].id);
      const { buyer, order, ref } = await pendingOrder(p.variants[0].id, 2);
      const event = await t.gateway.complete(ref, 'paid', { deliver: false });
      await pastDeadline(order);
      const [webhook] = await Promise.all([t.gateway.send(event.id), expireOrders({}, t.ctx)]);
      expect(webhook.status).toBe(200);
      await t.settle();
      const final = await t.order(buyer, order.id);
      outcomes.push(final.status);
      const after = await stockOf(t, p.variants[0].id);
      if (final.status === 'PAID') expect(after).toEqual([before[0] - 2, 0]);
      else expect([final.status, after, final.refundedAmount.amount]).toEqual(['REFUNDED', before, 2_000]);
    }
    // With the units still there, a lapsed order is always taken again.
    expect(outcomes).toEqual(['PAID', 'PAID', 'PAID']);
  });
});
