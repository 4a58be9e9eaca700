// The test gateway as a gateway: its webhook waits for the configured
// delay, is retried after the shop answers with an error, arrives many
// times at once without a second effect; and it is off in production
// unless an admin switches it on.

import { afterAll, describe, expect, it } from 'vitest';
import { PAY, PAYMENT, expectOk, startPayments } from './payments-helpers.ts';

describe('the test gateway', async () => {
  const t = await startPayments();
  afterAll(() => t.close());
  const admin = await t.person('shop_admin', 'admin');
  const buyer = await t.person('buyer');
  const db = () => t.meadow.kernel.db.kysely();

  const started = async (amount: number) => {
    const payment = await t.newPayment(buyer, amount);
    expectOk(await buyer.gql(PAY, { id: payment.gid, key: `pay-${payment.id}` }));
    return { ...payment, ref: (await t.payments.getPayment(payment.id))!.providerRef! };
  };
  const statusOf = async (gid: string) => expectOk(await buyer.gql(PAYMENT, { id: gid })).payment.status;
  /** Queued deliveries become due now (instead of waiting for the delay or the retry backoff). */
  const makeDeliveriesDue = () => db().updateTable('core_job').set({ run_at: Date.now() }).where('status', '=', 'queued').execute();

  it('waits the configured delay before telling the shop', async () => {
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "shop", settings: { testProviderWebhookDelayMs: 60000 }) { name } }`));
    try {
      const p = await started(1_000);
      await t.gateway.complete(p.ref, 'paid');
      await t.settle();
      expect(await statusOf(p.gid)).toBe('PENDING');
      await makeDeliveriesDue();
      await t.settle();
      expect(await statusOf(p.gid)).toBe('SUCCEEDED');
    } finally {
      expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "shop", settings: { testProviderWebhookDelayMs: 0 }) { name } }`));
    }
  });

  it('retries a delivery the shop refused with an error, and the retry applies it once', async () => {
    const p = await started(2_000);
    t.failNext('succeeded');
    await t.gateway.complete(p.ref, 'paid');
    await t.settle();
    expect(await statusOf(p.gid)).toBe('PENDING');
    const job = await db().selectFrom('core_job').select(['status', 'attempts']).where('name', '=', 'shop.test-gateway-deliver').where('status', '=', 'queued').executeTakeFirst();
    expect(job).toMatchObject({ status: 'queued' });
    expect(Number(job!.attempts)).toBe(1);
    await makeDeliveriesDue();
    await t.settle();
    expect(await statusOf(p.gid)).toBe('SUCCEEDED');
    expect(await t.effects(p.id)).toHaveLength(1);
  });

  it('one event arriving many times at once has one effect', async () => {
    const p = await started(3_000);
    const event = await t.gateway.complete(p.ref, 'paid', { deliver: false });
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.gateway.send(event.id)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    expect(await t.effects(p.id)).toHaveLength(1);
  });

  it('a success and a failure racing each other leave the payment succeeded', async () => {
    const p = await started(3_500);
    const data = { payment: p.ref, amount: 3_500, currency: 'CNY' };
    await Promise.all([
      t.sendCrafted({ id: `evt_race_fail_${p.id}`, type: 'payment.failed', data }),
      t.sendCrafted({ id: `evt_race_ok_${p.id}`, type: 'payment.succeeded', data }),
    ]);
    expect(await statusOf(p.gid)).toBe('SUCCEEDED');
    expect((await t.effects(p.id)).map((e) => e.kind).at(-1)).toBe('succeeded');
  });

  it('two refunds at once cannot together exceed the payment', async () => {
    const p = await started(10_000);
    await t.gateway.complete(p.ref, 'paid');
    await t.settle();
    const REFUND = `mutation($id: ID!, $key: String!) { refundPayment(paymentId: $id, amount: 6000, idempotencyKey: $key) { refund { amount } } }`;
    const answers = await Promise.all([admin.gql(REFUND, { id: p.gid, key: 'race-a' }), admin.gql(REFUND, { id: p.gid, key: 'race-b' })]);
    expect(answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'ok').sort()).toEqual(['BAD_USER_INPUT', 'ok']);
    await t.settle();
    expect(expectOk(await admin.gql(PAYMENT, { id: p.gid })).payment).toMatchObject({ refundedAmount: 6_000, refundableAmount: 4_000 });
    expect((await t.gateway.get(p.ref))!.refunded).toBe(6_000);
  });
});

describe('the test gateway in production', async () => {
  const t = await startPayments({ env: 'production' });
  afterAll(() => t.close());
  const admin = await t.person('prod_admin', 'admin');
  const buyer = await t.person('buyer');
  const providers = async () => expectOk(await t.gql(`{ paymentProviders { name } }`)).paymentProviders.map((p: { name: string }) => p.name);

  it('is off unless an admin switches it on', async () => {
    expect(await providers()).toEqual(['manual']);
    await expect(t.payments.createPayment({ subject: 'order:1', accountId: buyer.id, amount: 100, currency: 'CNY', provider: 'test' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await fetch(`${t.url}/shop/webhooks/test`, { method: 'POST', body: '{}' })).status).toBe(404);

    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "shop", settings: { testProviderInProduction: true }) { name } }`));
    expect((await providers()).sort()).toEqual(['manual', 'test']);
    const payment = await t.newPayment(buyer, 100);
    const { url } = expectOk(await buyer.gql(PAY, { id: payment.gid, key: 'prod' })).pay.nextAction;
    expect((await fetch(url)).status).toBe(200);

    // Switched off again: a started payment's page is gone.
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "shop", settings: { testProviderInProduction: false }) { name } }`));
    expect((await fetch(url)).status).toBe(404);
  });
});
