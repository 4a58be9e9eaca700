// Refunds: partial refunds add up to at most what was paid; a refund above
// what may still be refunded is BAD_USER_INPUT and stores nothing; pending
// refunds count against it; a double click refunds once; only admins refund
// and only succeeded payments.

import { afterAll, describe, expect, it } from 'vitest';
import { PAY, PAYMENT, expectCode, expectOk, startPayments, type Person } from './payments-helpers.ts';

const REFUND = `mutation($id: ID!, $amount: Int!, $key: String!, $reason: String) {
  refundPayment(paymentId: $id, amount: $amount, idempotencyKey: $key, reason: $reason) { replayed refund { id amount status reason } payment { refundedAmount refundableAmount } }
}`;

describe('refunds', async () => {
  const t = await startPayments();
  afterAll(() => t.close());
  const admin = await t.person('shop_admin', 'admin');
  const buyer = await t.person('buyer');

  /** A payment paid through the test gateway (webhook delivered). */
  const paid = async (amount: number, payer: Person = buyer) => {
    const payment = await t.newPayment(payer, amount);
    expectOk(await payer.gql(PAY, { id: payment.gid, key: `pay-${payment.id}` }));
    await t.gateway.complete((await t.payments.getPayment(payment.id))!.providerRef!, 'paid');
    await t.settle();
    return payment;
  };
  const read = async (gid: string) => expectOk(await admin.gql(PAYMENT, { id: gid })).payment;
  const refundRows = async (paymentId: number) => t.meadow.kernel.db.kysely().selectFrom('shop_refunds').selectAll().where('payment_id', '=', paymentId).execute();

  it('partial refunds through the gateway: pending until its webhook, then counted; up to the full amount', async () => {
    const payment = await paid(10_000);
    const first = expectOk(await admin.gql(REFUND, { id: payment.gid, amount: 3_000, key: 'r1', reason: 'one cup broke' })).refundPayment;
    expect(first).toMatchObject({ replayed: false, refund: { amount: 3_000, status: 'PENDING', reason: 'one cup broke' }, payment: { refundedAmount: 0, refundableAmount: 7_000 } });
    await t.settle();
    expect(await read(payment.gid)).toMatchObject({ status: 'SUCCEEDED', refundedAmount: 3_000, refundableAmount: 7_000, refunds: [{ amount: 3_000, status: 'SUCCEEDED' }] });

    expectOk(await admin.gql(REFUND, { id: payment.gid, amount: 7_000, key: 'r2' }));
    await t.settle();
    expect(await read(payment.gid)).toMatchObject({ refundedAmount: 10_000, refundableAmount: 0 });
    expect((await t.effects(payment.id)).map((e) => [e.kind, e.amount])).toEqual([['succeeded', 10_000], ['refunded', 3_000], ['refunded', 7_000]]);
    // Nothing is left to refund.
    expectCode(await admin.gql(REFUND, { id: payment.gid, amount: 1, key: 'r3' }), 'BAD_USER_INPUT');
  });

  it('a refund above what was paid is BAD_USER_INPUT and stores nothing', async () => {
    const payment = await paid(5_000);
    const res = await admin.gql(REFUND, { id: payment.gid, amount: 5_001, key: 'too-much' });
    expectCode(res, 'BAD_USER_INPUT');
    expect(res.errors![0]!.extensions).toMatchObject({ field: 'amount', refundable: 5_000 });
    expect(await refundRows(payment.id)).toEqual([]);
    expect(await read(payment.gid)).toMatchObject({ refundedAmount: 0, refundableAmount: 5_000 });
    expect((await t.gateway.get((await t.payments.getPayment(payment.id))!.providerRef!))!.refunded).toBe(0);
    // The key was not used up by the refusal.
    expect(expectOk(await admin.gql(REFUND, { id: payment.gid, amount: 5_000, key: 'too-much' })).refundPayment.refund.amount).toBe(5_000);
  });

  it('pending refunds count: a second refund may not exceed what the first left', async () => {
    const payment = await paid(8_000);
    expectOk(await admin.gql(REFUND, { id: payment.gid, amount: 6_000, key: 'p1' }));
    // The gateway has not confirmed the first one yet.
    expectCode(await admin.gql(REFUND, { id: payment.gid, amount: 2_001, key: 'p2' }), 'BAD_USER_INPUT');
    expectOk(await admin.gql(REFUND, { id: payment.gid, amount: 2_000, key: 'p3' }));
    await t.settle();
    expect(await read(payment.gid)).toMatchObject({ refundedAmount: 8_000, refundableAmount: 0 });
    expect(await refundRows(payment.id)).toHaveLength(2);
  });

  it('a double click on refund (same key, at once) refunds once', async () => {
    const payment = await paid(4_000);
    const [a, b] = await Promise.all([
      admin.gql(REFUND, { id: payment.gid, amount: 1_500, key: 'dbl' }),
      admin.gql(REFUND, { id: payment.gid, amount: 1_500, key: 'dbl' }),
    ]);
    expect(expectOk(a).refundPayment.refund.id).toBe(expectOk(b).refundPayment.refund.id);
    await t.settle();
    expect(await read(payment.gid)).toMatchObject({ refundedAmount: 1_500, refunds: [{ amount: 1_500 }] });
    // The same key with another amount is refused.
    expectCode(await admin.gql(REFUND, { id: payment.gid, amount: 1_000, key: 'dbl' }), 'CONFLICT', 'IDEMPOTENCY_KEY_REUSED');
  });

  it('manual refunds settle at once', async () => {
    const payment = await t.newPayment(buyer, 2_000, { provider: 'manual' });
    expectOk(await admin.gql(`mutation($id: ID!) { markPaymentPaid(paymentId: $id) { status } }`, { id: payment.gid }));
    const done = expectOk(await admin.gql(REFUND, { id: payment.gid, amount: 500, key: 'm1' })).refundPayment;
    expect(done).toMatchObject({ refund: { status: 'SUCCEEDED' }, payment: { refundedAmount: 500, refundableAmount: 1_500 } });
    expect((await t.effects(payment.id)).map((e) => e.kind)).toEqual(['succeeded', 'refunded']);
  });

  it('only admins refund, only succeeded payments, only positive whole amounts', async () => {
    const payment = await paid(3_000);
    expectCode(await buyer.gql(REFUND, { id: payment.gid, amount: 100, key: 'mine' }), 'FORBIDDEN');
    const pending = await t.newPayment(buyer, 3_000);
    expectCode(await admin.gql(REFUND, { id: pending.gid, amount: 100, key: 'pending' }), 'CONFLICT', 'NOT_PAID');
    for (const amount of [0, -5]) expectCode(await admin.gql(REFUND, { id: payment.gid, amount, key: `bad-${amount}` }), 'BAD_USER_INPUT');
    expectCode(await admin.gql(REFUND, { id: payment.gid, amount: 1, key: 'long', reason: 'x'.repeat(501) }), 'BAD_USER_INPUT');
    expect(await refundRows(payment.id)).toEqual([]);
    expect(await refundRows(pending.id)).toEqual([]);
  });
});
