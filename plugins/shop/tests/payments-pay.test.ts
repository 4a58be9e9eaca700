// Paying: a double click and a retry after a timeout (same idempotency key)
// get the first answer and start one payment at the gateway; the same key
// for another payment is refused; a new key on a started payment gets the
// same step; manual payments are marked paid by admins; cancelling; who
// may do what.

import { afterAll, describe, expect, it } from 'vitest';
import { PAY, PAYMENT, expectCode, expectOk, startPayments } from './payments-helpers.ts';

describe('paying', async () => {
  const t = await startPayments();
  afterAll(() => t.close());
  const admin = await t.person('shop_admin', 'admin');
  const buyer = await t.person('buyer');
  const other = await t.person('other');

  const gatewayPayments = async () => Number((await t.meadow.kernel.db.kysely().selectFrom('shop_test_gateway_payments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('a double click (two requests at once, same key) starts one gateway payment and both get the same step', async () => {
    const payment = await t.newPayment(buyer, 9_900);
    const before = await gatewayPayments();
    const [a, b] = await Promise.all([buyer.gql(PAY, { id: payment.gid, key: 'double-click' }), buyer.gql(PAY, { id: payment.gid, key: 'double-click' })]);
    const first = expectOk(a).pay;
    const second = expectOk(b).pay;
    expect(second.nextAction).toEqual(first.nextAction);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    expect(await gatewayPayments()).toBe(before + 1);
  });

  it('a retry after a timeout with the same key replays the answer without a second effect', async () => {
    const payment = await t.newPayment(buyer, 1_000);
    const first = expectOk(await buyer.gql(PAY, { id: payment.gid, key: 'retry-1' })).pay;
    expect(first).toMatchObject({ replayed: false, payment: { id: payment.gid, status: 'PENDING' }, nextAction: { type: 'REDIRECT' } });
    const before = await gatewayPayments();
    const retry = expectOk(await buyer.gql(PAY, { id: payment.gid, key: 'retry-1' })).pay;
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await gatewayPayments()).toBe(before);
  });

  it('the same key for another payment is CONFLICT IDEMPOTENCY_KEY_REUSED and leaves that payment alone', async () => {
    const one = await t.newPayment(buyer, 1_100);
    const two = await t.newPayment(buyer, 2_200);
    expectOk(await buyer.gql(PAY, { id: one.gid, key: 'reused' }));
    const res = await buyer.gql(PAY, { id: two.gid, key: 'reused' });
    expectCode(res, 'CONFLICT', 'IDEMPOTENCY_KEY_REUSED');
    expect((await t.payments.getPayment(two.id))!.nextAction).toBeNull();
    // Keys are per account: another payer's same key is theirs.
    const theirs = await t.newPayment(other, 3_300);
    expect(expectOk(await other.gql(PAY, { id: theirs.gid, key: 'reused' })).pay.replayed).toBe(false);
  });

  it('a new key on a started payment gets the same step, not a second gateway payment', async () => {
    const payment = await t.newPayment(buyer, 4_400);
    const first = expectOk(await buyer.gql(PAY, { id: payment.gid, key: 'k-a' })).pay;
    const before = await gatewayPayments();
    const second = expectOk(await buyer.gql(PAY, { id: payment.gid, key: 'k-b' })).pay;
    expect(second).toMatchObject({ replayed: false, nextAction: first.nextAction });
    expect(await gatewayPayments()).toBe(before);
  });

  it('a paid payment cannot be paid again (CONFLICT ALREADY_PAID); a failed one neither', async () => {
    const payment = await t.newPayment(buyer, 5_500);
    expectOk(await buyer.gql(PAY, { id: payment.gid, key: 'paid-1' }));
    await t.gateway.complete((await t.payments.getPayment(payment.id))!.providerRef!, 'paid');
    await t.settle();
    expectCode(await buyer.gql(PAY, { id: payment.gid, key: 'paid-2' }), 'CONFLICT', 'ALREADY_PAID');
    // The original key still replays its answer.
    expect(expectOk(await buyer.gql(PAY, { id: payment.gid, key: 'paid-1' })).pay.replayed).toBe(true);

    const failing = await t.newPayment(buyer, 600);
    expectOk(await buyer.gql(PAY, { id: failing.gid, key: 'fail-1' }));
    await t.gateway.complete((await t.payments.getPayment(failing.id))!.providerRef!, 'failed');
    await t.settle();
    expectCode(await buyer.gql(PAY, { id: failing.gid, key: 'fail-2' }), 'CONFLICT', 'NOT_PENDING');
  });

  it('only the payer pays: others get NOT_FOUND, anonymous UNAUTHENTICATED; bad keys are BAD_USER_INPUT', async () => {
    const payment = await t.newPayment(buyer, 700);
    expectCode(await other.gql(PAY, { id: payment.gid, key: 'not-mine' }), 'NOT_FOUND');
    expectCode(await admin.gql(PAY, { id: payment.gid, key: 'admin' }), 'NOT_FOUND');
    expectCode(await t.gql(PAY, { id: payment.gid, key: 'anon' }), 'UNAUTHENTICATED');
    for (const key of ['', 'has space', 'x'.repeat(256), '中文']) expectCode(await buyer.gql(PAY, { id: payment.gid, key }), 'BAD_USER_INPUT');
    expectCode(await buyer.gql(PAY, { id: 'bm9wZQ', key: 'bad-id' }), 'BAD_USER_INPUT');
    expect((await t.payments.getPayment(payment.id))!.nextAction).toBeNull();
    // Others cannot read it either.
    expect(expectOk(await other.gql(PAYMENT, { id: payment.gid })).payment).toBeNull();
    expect(expectOk(await admin.gql(PAYMENT, { id: payment.gid })).payment.amount).toBe(700);
  });

  it('manual payments: instructions to the payer, marked paid by an admin once (again changes nothing)', async () => {
    const payment = await t.newPayment(buyer, 8_800, { provider: 'manual' });
    const attempt = expectOk(await buyer.gql(PAY, { id: payment.gid, key: 'manual-1' })).pay;
    expect(attempt.nextAction).toMatchObject({ type: 'INSTRUCTIONS', url: null });
    expect(attempt.nextAction.instructions).toContain(`PAY-${payment.id}`);

    const MARK = `mutation($id: ID!) { markPaymentPaid(paymentId: $id) { status succeededAt } }`;
    expectCode(await buyer.gql(MARK, { id: payment.gid }), 'FORBIDDEN');
    const marked = expectOk(await admin.gql(MARK, { id: payment.gid })).markPaymentPaid;
    expect(marked.status).toBe('SUCCEEDED');
    expect(expectOk(await admin.gql(MARK, { id: payment.gid })).markPaymentPaid).toEqual(marked);
    expect(await t.effects(payment.id)).toEqual([{ paymentId: payment.id, kind: 'succeeded', amount: 8_800 }]);

    // A gateway payment is confirmed by its gateway, not by hand.
    const viaGateway = await t.newPayment(buyer, 900);
    expectCode(await admin.gql(MARK, { id: viaGateway.gid }), 'BAD_USER_INPUT');
    expect((await t.payments.getPayment(viaGateway.id))!.status).toBe('pending');
  });

  it('the payer cancels a pending payment; a paid one is CONFLICT', async () => {
    const CANCEL = `mutation($id: ID!) { cancelPayment(paymentId: $id) { status } }`;
    const payment = await t.newPayment(buyer, 1_200);
    expectCode(await other.gql(CANCEL, { id: payment.gid }), 'NOT_FOUND');
    expect(expectOk(await buyer.gql(CANCEL, { id: payment.gid })).cancelPayment.status).toBe('CANCELLED');
    expect(expectOk(await buyer.gql(CANCEL, { id: payment.gid })).cancelPayment.status).toBe('CANCELLED');
    expect((await t.effects(payment.id)).map((e) => e.kind)).toEqual(['cancelled']);
    expectCode(await buyer.gql(PAY, { id: payment.gid, key: 'after-cancel' }), 'CONFLICT', 'NOT_PENDING');

    const paid = await t.newPayment(buyer, 1_300, { provider: 'manual' });
    expectOk(await admin.gql(`mutation($id: ID!) { markPaymentPaid(paymentId: $id) { status } }`, { id: paid.gid }));
    expectCode(await buyer.gql(CANCEL, { id: paid.gid }), 'CONFLICT', 'ALREADY_PAID');
  });

  it('lists the providers and refuses payments with bad amounts, currencies or providers', async () => {
    expect(expectOk(await t.gql(`{ paymentProviders { name } }`)).paymentProviders.map((p: { name: string }) => p.name).sort()).toEqual(['manual', 'test']);
    const base = { subject: 'order:1', accountId: buyer.id, amount: 100, currency: 'CNY', provider: 'test' };
    for (const bad of [{ amount: 0 }, { amount: 1.5 }, { amount: -3 }, { currency: 'XYZ' }, { currency: 'yuan' }, { provider: 'paypal' }, { subject: '' }, { returnUrl: 'javascript:alert(1)' }]) {
      await expect(t.payments.createPayment({ ...base, ...bad }), JSON.stringify(bad)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect((await t.payments.createPayment({ ...base, currency: 'jpy' })).currency).toBe('JPY');
  });
});
