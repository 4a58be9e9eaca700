// The shop's side: refunds through the payment (partial, full, never above
// what was paid; only for paid orders; only by the shop; under an
// idempotency key), and sales attributed to the notes and creators that led
// to them (种草 → 拔草), which other plugins also receive as order events.

import { afterAll, describe, expect, it } from 'vitest';
import { PLUGIN_API_VERSION, definePlugin, on } from '../../../core/index.ts';
import { OrderStatusChanged, type OrderLineRecord } from '../contracts.ts';
import { expectCode, expectOk, localIdOf, startCheckout } from './checkout-helpers.ts';

const REFUND = `mutation($id: ID!, $a: Int!, $k: String!) { refundOrder(id: $id, amount: $a, reason: "damaged", idempotencyKey: $k) { status refundedAmount { amount } payment { status } } }`;
const SALES = `query($h: String!, $since: DateTime, $until: DateTime) { shop(handle: $h) { sales(since: $since, until: $until) {
  byNote { noteId note { id } creator { handle } orders units revenue { amount currency } }
  byCreator { creator { handle } orders units revenue { amount } } } } }`;

/** What a monetization plugin would hear: paid orders with the creator of each line. */
const heard: { status: string; lines: Pick<OrderLineRecord, 'noteId' | 'creatorId' | 'quantity'>[] }[] = [];
const listener = definePlugin({
  name: 'order-listener',
  apiVersion: PLUGIN_API_VERSION,
  dependsOn: ['shop'],
  hooks: [on(OrderStatusChanged, ({ order, lines }) => {
    heard.push({ status: order.status, lines: lines.map((l) => ({ noteId: l.noteId, creatorId: l.creatorId, quantity: l.quantity })) });
  })],
});

describe('checkout: refunds and sales', async () => {
  const t = await startCheckout({}, [listener]);
  afterAll(() => t.close());
  const brand = await t.person('skincare', 'brand');
  const admin = await t.person('staffer', 'admin');
  const shop = await t.shop(brand, 'skincare');
  const serum = await t.product(brand, shop, { title: 'Serum', variants: [{ price: 10_000, stock: 100 }] });
  let n = 0;
  /** An order paid through the manual provider (an admin marks it paid; refunds settle at once). */
  const paidOrder = async (units = 1, noteId: string | null = null) => {
    const buyer = await t.person(`buyer${++n}`);
    const placed = expectOk(await t.checkout(buyer, (await t.add(buyer, serum.variants[0].id, units, noteId)).id, { paymentProvider: 'manual' })).checkout;
    expect(placed.nextAction.type).toBe('INSTRUCTIONS');
    expectOk(await admin.gql(`mutation($id: ID!) { markPaymentPaid(paymentId: $id) { status } }`, { id: placed.order.payment.id }));
    await t.settle();
    return { buyer, order: placed.order };
  };

  it('refunds part, then the rest (REFUNDED); above what is left is BAD_USER_INPUT and changes nothing', async () => {
    const { buyer, order } = await paidOrder(3);
    expect((await t.order(buyer, order.id)).status).toBe('PAID');
    const tooMuch = await brand.gql(REFUND, { id: order.id, a: 30_001, k: 'r-too-much' });
    expectCode(tooMuch, 'BAD_USER_INPUT');
    expect(tooMuch.errors![0]!.extensions!.refundable).toBe(30_000);
    expect((await t.order(buyer, order.id)).refundedAmount.amount).toBe(0);
    for (const a of [0, -100]) expectCode(await brand.gql(REFUND, { id: order.id, a, k: `r-${a}` }), 'BAD_USER_INPUT');
    expectCode(await buyer.gql(REFUND, { id: order.id, a: 100, k: 'r-buyer' }), 'FORBIDDEN');
    expectCode(await (await t.person('outsider')).gql(REFUND, { id: order.id, a: 100, k: 'r-out' }), 'NOT_FOUND');

    expect(expectOk(await brand.gql(REFUND, { id: order.id, a: 12_000, k: 'r-1' })).refundOrder).toEqual({ status: 'PAID', refundedAmount: { amount: 12_000 }, payment: { status: 'SUCCEEDED' } });
    // A retry of the same refund changes nothing; the same key for another amount is CONFLICT.
    expect(expectOk(await brand.gql(REFUND, { id: order.id, a: 12_000, k: 'r-1' })).refundOrder.refundedAmount.amount).toBe(12_000);
    expectCode(await brand.gql(REFUND, { id: order.id, a: 1_000, k: 'r-1' }), 'CONFLICT');
    expectOk(await brand.gql(`mutation($id: ID!) { shipOrder(id: $id, trackingNumber: "YT123") { status } }`, { id: order.id }));
    expectCode(await brand.gql(REFUND, { id: order.id, a: 18_001, k: 'r-2' }), 'BAD_USER_INPUT');
    expect(expectOk(await brand.gql(REFUND, { id: order.id, a: 18_000, k: 'r-3' })).refundOrder).toMatchObject({ status: 'REFUNDED', refundedAmount: { amount: 30_000 } });
    const after = await brand.gql(REFUND, { id: order.id, a: 1, k: 'r-4' });
    expectCode(after, 'CONFLICT');
    expect(after.errors![0]!.extensions!.reason).toBe('INVALID_TRANSITION');
  });

  it('an unpaid order is not refunded; a gateway refund counts once its webhook confirms it', async () => {
    const buyer = await t.person('gatewaybuyer');
    const order = expectOk(await t.checkout(buyer, (await t.add(buyer, serum.variants[0].id, 1)).id)).checkout.order;
    const unpaid = await brand.gql(REFUND, { id: order.id, a: 100, k: 'g-0' });
    expectCode(unpaid, 'CONFLICT');
    expect(unpaid.errors![0]!.extensions).toMatchObject({ reason: 'INVALID_TRANSITION', status: 'PENDING' });
    await t.payByGateway(buyer, order.id);
    expect(expectOk(await brand.gql(REFUND, { id: order.id, a: 4_000, k: 'g-1' })).refundOrder.refundedAmount.amount).toBe(0);
    await t.settle();
    expect(await t.order(buyer, order.id)).toMatchObject({ status: 'PAID', refundedAmount: { amount: 4_000 } });
  });

  it('sales per note and per creator: paid orders the notes led to, less coupons, without shipping or unpaid and refunded orders', async () => {
    const creator = await t.person('glowgirl');
    const other = await t.person('quietreviewer');
    const ref = `product:${localIdOf(serum.id)}`;
    const blocks = [{ kind: 'tutorial', steps: [{ text: 'Two drops at night', productRef: ref }] }];
    const note = await t.note(creator, { blocks });
    const second = await t.note(other, { blocks });
    expectOk(await brand.gql(`mutation($s: ID!) { createCoupon(shopId: $s, input: { code: "GLOW", kind: FIXED, value: 1000, stackable: true }) { id } }`, { s: shop }));

    heard.length = 0;
    const a = await paidOrder(2, note); // 20,000
    const fan = await t.person('couponfan');
    const withCoupon = expectOk(await t.checkout(fan, (await t.add(fan, serum.variants[0].id, 1, note)).id, { paymentProvider: 'manual', couponCodes: ['GLOW'] })).checkout.order;
    expectOk(await admin.gql(`mutation($id: ID!) { markPaymentPaid(paymentId: $id) { status } }`, { id: withCoupon.payment.id }));
    await paidOrder(1, second); // 10,000 for the other creator
    await paidOrder(1); // no note: not attributed
    const refunded = await paidOrder(1, note);
    expectOk(await brand.gql(REFUND, { id: refunded.order.id, a: 10_000, k: 's-refund' }));
    const unpaidBuyer = await t.person('window');
    expectOk(await t.checkout(unpaidBuyer, (await t.add(unpaidBuyer, serum.variants[0].id, 5, note)).id));
    await t.settle();

    expect((await t.order(a.buyer, a.order.id)).lines[0]).toMatchObject({ noteId: note, creator: { handle: 'glowgirl' } });
    const sales = expectOk(await brand.gql(SALES, { h: 'skincare' })).shop.sales;
    expect(sales.byNote).toEqual([
      { noteId: note, note: { id: note }, creator: { handle: 'glowgirl' }, orders: 2, units: 3, revenue: { amount: 29_000, currency: 'CNY' } },
      { noteId: second, note: { id: second }, creator: { handle: 'quietreviewer' }, orders: 1, units: 1, revenue: { amount: 10_000, currency: 'CNY' } },
    ]);
    expect(sales.byCreator).toEqual([
      { creator: { handle: 'glowgirl' }, orders: 2, units: 3, revenue: { amount: 29_000 } },
      { creator: { handle: 'quietreviewer' }, orders: 1, units: 1, revenue: { amount: 10_000 } },
    ]);
    expect(expectOk(await brand.gql(SALES, { h: 'skincare', until: new Date(Date.now() - 3_600_000).toISOString() })).shop.sales.byNote).toEqual([]);
    expectCode(await creator.gql(SALES, { h: 'skincare' }), 'FORBIDDEN');

    // Other plugins hear each paid order with the note and creator of its lines.
    const paid = heard.filter((h) => h.status === 'paid');
    expect(paid).toHaveLength(5);
    expect(paid[0]!.lines).toEqual([{ noteId: localIdOf(note), creatorId: creator.id, quantity: 2 }]);
    expect(heard.filter((h) => h.status === 'refunded')).toHaveLength(1);
  });
});
