// Webhooks of the test gateway over real HTTP: the payer's page and its
// signed callback; forged, tampered, unsigned, stale and replayed requests;
// duplicates; events out of order; and the effect (checkout's stand-in)
// committing in the same transaction as the event id.

import { afterAll, describe, expect, it } from 'vitest';
import { signatureHeader } from '../payments/signature.ts';
import { PAY, PAYMENT, expectOk, startPayments } from './payments-helpers.ts';

describe('payment webhooks', async () => {
  const t = await startPayments();
  afterAll(() => t.close());
  const admin = await t.person('shop_admin', 'admin');
  const buyer = await t.person('buyer');

  /** A pending payment started at the gateway; returns it with its gateway ref. */
  const started = async (amount = 12_800) => {
    const payment = await t.newPayment(buyer, amount);
    expectOk(await buyer.gql(PAY, { id: payment.gid, key: `pay-${payment.id}` }));
    const ref = (await t.payments.getPayment(payment.id))!.providerRef!;
    return { ...payment, ref };
  };
  const statusOf = async (gid: string) => expectOk(await buyer.gql(PAYMENT, { id: gid })).payment;

  it('the payer pays on the gateway page; its signed webhook marks the payment paid once, with the effect', async () => {
    const payment = await t.newPayment(buyer, 12_800);
    const attempt = expectOk(await buyer.gql(PAY, { id: payment.gid, key: 'page-flow' })).pay;
    expect(attempt.nextAction.type).toBe('REDIRECT');
    expect(attempt.nextAction.url).toMatch(new RegExp(`^${t.url}/shop/test-gateway/pay/tgp_`));

    const pageRes = await fetch(attempt.nextAction.url);
    const pageHtml = await pageRes.text();
    expect(pageRes.status).toBe(200);
    expect(pageHtml).toContain('¥128.00');
    expect(pageHtml).toMatch(/<button[^>]*value="paid"[^>]*>Pay<\/button>/);
    expect(pageHtml).toMatch(/<button[^>]*value="failed"[^>]*>Fail<\/button>/);

    const pressed = await fetch(attempt.nextAction.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outcome=paid' });
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain('Payment done');
    // Until the webhook arrives, the shop still waits.
    expect((await statusOf(payment.gid)).status).toBe('PENDING');

    await t.settle();
    expect(await statusOf(payment.gid)).toMatchObject({ status: 'SUCCEEDED', refundableAmount: 12_800, nextAction: null });
    expect(await t.effects(payment.id)).toEqual([{ paymentId: payment.id, kind: 'succeeded', amount: 12_800 }]);
    // Pressing Pay again on the gateway is refused there; nothing more reaches the shop.
    const again = await fetch(attempt.nextAction.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outcome=paid' });
    expect(again.status).toBe(409);
    await t.settle();
    expect(await t.effects(payment.id)).toHaveLength(1);
  });

  it('the gateway sends the payer back to the return URL the payment was made with', async () => {
    const payment = await t.newPayment(buyer, 500, { returnUrl: `${t.url}/shop/orders/7` });
    const { url } = expectOk(await buyer.gql(PAY, { id: payment.gid, key: 'return-url' })).pay.nextAction;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outcome=failed', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${t.url}/shop/orders/7`);
    await t.settle();
    expect((await statusOf(payment.gid)).status).toBe('FAILED');
    expect(await t.effects(payment.id)).toEqual([{ paymentId: payment.id, kind: 'failed', amount: 500 }]);
  });

  it('refuses forged, tampered and unsigned webhooks with 400 and changes nothing', async () => {
    const p = await started();
    const event = await t.gateway.complete(p.ref, 'paid', { deliver: false });
    const body = JSON.stringify(event);

    const forged = await t.gateway.post(body, signatureHeader('not the shared secret', body));
    expect(forged.status).toBe(400);
    expect(forged.body.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { reason: 'SIGNATURE_MISMATCH' } });

    // A genuine signature over another body does not cover this one.
    const tampered = JSON.stringify({ ...event, data: { ...event.data, amount: 1 } });
    const moved = await t.gateway.post(tampered, signatureHeader(t.gateway.secret(), body));
    expect(moved.status).toBe(400);
    expect(moved.body.error.details.reason).toBe('SIGNATURE_MISMATCH');

    for (const header of [null, 'v1=abc', `t=${Math.floor(Date.now() / 1000)}`, 'garbage']) {
      const res = await t.gateway.post(body, header);
      expect(res.status, String(header)).toBe(400);
      expect(res.body.error.details.reason).toBe('SIGNATURE_MISSING');
    }

    expect((await statusOf(p.gid)).status).toBe('PENDING');
    expect(await t.effects(p.id)).toEqual([]);
    expect((await t.webhookEvents()).map((e) => e.event_id)).not.toContain(event.id);

    // The genuine one still goes through.
    expect((await t.gateway.send(event.id)).status).toBe(200);
    expect((await statusOf(p.gid)).status).toBe('SUCCEEDED');
  });

  it('refuses a webhook signed outside the tolerance window (either side of now); the window is a setting', async () => {
    const p = await started();
    const event = await t.gateway.complete(p.ref, 'paid', { deliver: false });
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    for (const at of [tenMinutesAgo, new Date(Date.now() + 10 * 60_000)]) {
      const res = await t.gateway.send(event.id, { at });
      expect(res.status).toBe(400);
      expect(res.body.error.details.reason).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
    }
    expect((await statusOf(p.gid)).status).toBe('PENDING');

    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "shop", settings: { webhookToleranceSeconds: 900 }) { name } }`));
    try {
      expect((await t.gateway.send(event.id, { at: tenMinutesAgo })).status).toBe(200);
      expect((await statusOf(p.gid)).status).toBe('SUCCEEDED');
    } finally {
      expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "shop", settings: { webhookToleranceSeconds: 300 }) { name } }`));
    }
  });

  it('a captured request sent again is a no-op while fresh and refused once stale', async () => {
    const p = await started(2_000);
    const event = await t.gateway.complete(p.ref, 'paid', { deliver: false });
    const body = JSON.stringify(event);
    const signedAt = new Date(Date.now() - 60_000);
    const header = signatureHeader(t.gateway.secret(), body, signedAt);

    const first = await t.gateway.post(body, header);
    expect(first).toMatchObject({ status: 200, body: { duplicate: false, outcome: 'applied', status: 'succeeded' } });
    const replay = await t.gateway.post(body, header);
    expect(replay).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await t.effects(p.id)).toHaveLength(1);

    const old = await t.gateway.post(body, signatureHeader(t.gateway.secret(), body, new Date(Date.now() - 3_600_000)));
    expect(old.status).toBe(400);
    expect(old.body.error.details.reason).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('delivers duplicates of an event (the gateway retrying) once', async () => {
    const p = await started(3_000);
    const event = await t.gateway.complete(p.ref, 'paid');
    await t.gateway.deliver(event.id);
    await t.gateway.deliver(event.id);
    await t.settle();
    const again = await t.gateway.send(event.id);
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await t.effects(p.id)).toEqual([{ paymentId: p.id, kind: 'succeeded', amount: 3_000 }]);
    expect((await t.webhookEvents()).filter((e) => e.event_id === event.id)).toHaveLength(1);
  });

  it('never moves a payment backwards: a failure after the success is recorded and ignored', async () => {
    const p = await started(4_000);
    const paid = await t.sendCrafted({ id: `evt_ok_${p.id}`, type: 'payment.succeeded', data: { payment: p.ref, amount: 4_000, currency: 'CNY' } });
    expect(paid.body).toMatchObject({ outcome: 'applied', status: 'succeeded' });
    const late = await t.sendCrafted({ id: `evt_fail_${p.id}`, type: 'payment.failed', data: { payment: p.ref, amount: 4_000, currency: 'CNY' } });
    expect(late).toMatchObject({ status: 200, body: { duplicate: false, outcome: 'ignored', status: 'succeeded' } });
    expect((await statusOf(p.gid)).status).toBe('SUCCEEDED');
    expect((await t.effects(p.id)).map((e) => e.kind)).toEqual(['succeeded']);
    expect(await t.webhookEvents()).toEqual(expect.arrayContaining([{ event_id: `evt_fail_${p.id}`, outcome: 'ignored' }]));
  });

  it('a success reported after a failure still counts (the money was taken)', async () => {
    const p = await started(4_500);
    await t.sendCrafted({ id: `evt_f_${p.id}`, type: 'payment.failed', data: { payment: p.ref, amount: 4_500, currency: 'CNY' } });
    expect((await statusOf(p.gid)).status).toBe('FAILED');
    await t.sendCrafted({ id: `evt_s_${p.id}`, type: 'payment.succeeded', data: { payment: p.ref, amount: 4_500, currency: 'CNY' } });
    expect((await statusOf(p.gid)).status).toBe('SUCCEEDED');
    expect((await t.effects(p.id)).map((e) => e.kind)).toEqual(['failed', 'succeeded']);
  });

  it('a refund arriving before the payment’s success is refused (409, not recorded) and applies when sent again after it', async () => {
    const p = await started(10_000);
    const success = await t.gateway.complete(p.ref, 'paid', { deliver: false });
    // Refunded from the gateway's side; its webhook overtakes the success.
    const refund = await t.gateway.refund(p.ref, 2_500, { deliver: false });
    const early = await t.gateway.send(refund.id);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'OUT_OF_ORDER' } });
    expect((await t.webhookEvents()).map((e) => e.event_id)).not.toContain(refund.id);
    expect(await statusOf(p.gid)).toMatchObject({ status: 'PENDING', refundedAmount: 0 });

    expect((await t.gateway.send(success.id)).status).toBe(200);
    expect((await t.gateway.send(refund.id)).body).toMatchObject({ outcome: 'applied' });
    expect(await statusOf(p.gid)).toMatchObject({ status: 'SUCCEEDED', refundedAmount: 2_500, refundableAmount: 7_500, refunds: [{ amount: 2_500, status: 'SUCCEEDED' }] });
    expect((await t.effects(p.id)).map((e) => [e.kind, e.amount])).toEqual([['succeeded', 10_000], ['refunded', 2_500]]);
  });

  it('the effect commits with the event: when checkout’s handler fails, nothing is stored and the redelivery applies once', async () => {
    const p = await started(6_000);
    const event = await t.gateway.complete(p.ref, 'paid', { deliver: false });
    t.failNext('succeeded');
    const failed = await t.gateway.send(event.id);
    expect(failed.status).toBe(500);
    expect((await statusOf(p.gid)).status).toBe('PENDING');
    expect((await t.webhookEvents()).map((e) => e.event_id)).not.toContain(event.id);
    expect(await t.effects(p.id)).toEqual([]);

    expect((await t.gateway.send(event.id)).body).toMatchObject({ outcome: 'applied', status: 'succeeded' });
    expect(await t.effects(p.id)).toHaveLength(1);
  });

  it('refuses an event whose amount or currency is not the payment’s, and malformed or unknown ones', async () => {
    const p = await started(7_000);
    const cheap = await t.sendCrafted({ id: `evt_cheap_${p.id}`, type: 'payment.succeeded', data: { payment: p.ref, amount: 1, currency: 'CNY' } });
    expect(cheap.status).toBe(400);
    expect(cheap.body.error.details.reason).toBe('AMOUNT_MISMATCH');
    const dollars = await t.sendCrafted({ id: `evt_usd_${p.id}`, type: 'payment.succeeded', data: { payment: p.ref, amount: 7_000, currency: 'USD' } });
    expect(dollars.body.error.details.reason).toBe('AMOUNT_MISMATCH');
    const unknown = await t.sendCrafted({ id: `evt_unknown_${p.id}`, type: 'payment.succeeded', data: { payment: 'tgp_nope', amount: 7_000, currency: 'CNY' } });
    expect(unknown.status).toBe(404);
    const weird = await t.sendCrafted({ id: `evt_weird_${p.id}`, type: 'payment.exploded' as any, data: { payment: p.ref, amount: 7_000, currency: 'CNY' } });
    expect(weird.status).toBe(400);
    expect(weird.body.error.details.reason).toBe('MALFORMED_EVENT');
    expect((await statusOf(p.gid)).status).toBe('PENDING');
    expect(await t.effects(p.id)).toEqual([]);

    const noProvider = await fetch(`${t.url}/shop/webhooks/nobody`, { method: 'POST', body: '{}' });
    expect(noProvider.status).toBe(404);
    // The manual provider has no webhooks.
    expect((await fetch(`${t.url}/shop/webhooks/manual`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
