// The simulated gateway behind the 'test' provider. It keeps its own book
// (what an outside gateway would keep), shows a page with Pay and Fail
// buttons, and tells the shop what happened the way a real gateway does:
// a signed webhook POSTed over HTTP to the instance's public URL, through
// the job queue (after a configurable delay, retried until it gets a 2xx).
// Tests and demos drive it from code too: complete, refund, list events,
// deliver an event again (a duplicate), or send one now with a chosen
// timestamp or secret (stale, forged).

import { createHmac, randomBytes } from 'node:crypto';
import { conflict, notFound, timestampValue, toDate, type PluginContext } from '../../../../core/index.ts';
import type { PaymentIntent } from '../contracts.ts';
import { paymentSettingsOf } from '../settings.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../signature.ts';

export const TEST_PROVIDER = 'test';
export const DELIVERY_JOB = 'test-gateway-deliver';

export type GatewayEventType = 'payment.succeeded' | 'payment.failed' | 'refund.succeeded' | 'refund.failed';

export interface GatewayEvent {
  id: string;
  type: GatewayEventType;
  /** Unix seconds. */
  created: number;
  data: { payment: string; amount: number; currency: string; refund?: string; refundId?: number };
}

export interface GatewayPayment {
  ref: string;
  amount: number;
  currency: string;
  status: 'open' | 'paid' | 'failed';
  refunded: number;
  returnUrl: string | null;
  createdAt: Date;
}

const gateways = new WeakMap<object, TestGateway>();

export function testGatewayOf(ctx: PluginContext): TestGateway {
  let gateway = gateways.get(ctx);
  if (!gateway) gateways.set(ctx, (gateway = new TestGateway(ctx)));
  return gateway;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export class TestGateway {
  private readonly ctx: PluginContext;

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  /** Off in production unless the shop's testProviderInProduction setting says so. */
  enabled(): boolean {
    return this.ctx.config.env !== 'production' || paymentSettingsOf(this.ctx).testProviderInProduction;
  }

  webhookUrl(): string {
    return `${this.ctx.config.publicUrl.replace(/\/$/, '')}/shop/webhooks/${TEST_PROVIDER}`;
  }

  payPageUrl(ref: string): string {
    return `${this.ctx.config.publicUrl.replace(/\/$/, '')}/shop/test-gateway/pay/${encodeURIComponent(ref)}`;
  }

  /** The signing secret shared by the gateway and the shop. */
  secret(): string {
    return paymentSettingsOf(this.ctx).testProviderWebhookSecret || createHmac('sha256', this.ctx.secret).update('shop.test-gateway.webhook').digest('hex');
  }

  private get db() {
    return this.ctx.db.kysely();
  }

  async open(intent: PaymentIntent): Promise<string> {
    const ref = newId('tgp');
    await this.db
      .insertInto('shop_test_gateway_payments')
      .values({
        ref, amount: intent.amount, currency: intent.currency, status: 'open', refunded: 0, return_url: intent.returnUrl,
        created_at: timestampValue(this.ctx.db.dialect, new Date()),
      })
      .execute();
    return ref;
  }

  async get(ref: string): Promise<GatewayPayment | null> {
    const row = await this.db.selectFrom('shop_test_gateway_payments').selectAll().where('ref', '=', ref).executeTakeFirst();
    if (!row) return null;
    return {
      ref: row.ref, amount: Number(row.amount), currency: row.currency, status: row.status, refunded: Number(row.refunded),
      returnUrl: row.return_url ?? null, createdAt: toDate(row.created_at)!,
    };
  }

  /** The payer pressed Pay or Fail: records it and (unless `deliver: false`) schedules the webhook. */
  async complete(ref: string, outcome: 'paid' | 'failed', options: { deliver?: boolean } = {}): Promise<GatewayEvent> {
    const payment = await this.get(ref);
    if (!payment) throw notFound(`Test gateway payment ${ref}`);
    const moved = await this.db
      .updateTable('shop_test_gateway_payments')
      .set({ status: outcome })
      .where('ref', '=', ref)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw conflict(`This test payment is already ${payment.status}`);
    const type = outcome === 'paid' ? 'payment.succeeded' : 'payment.failed';
    return this.record(type, { payment: ref, amount: payment.amount, currency: payment.currency }, options.deliver ?? true);
  }

  /**
   * Returns money of a paid payment: asked by the shop (with its `refundId`)
   * or made here directly (as from a gateway's dashboard). Sends refund.succeeded.
   */
  async refund(ref: string, amount: number, options: { refundId?: number; deliver?: boolean } = {}): Promise<GatewayEvent> {
    const payment = await this.get(ref);
    if (!payment) throw notFound(`Test gateway payment ${ref}`);
    const taken = await this.db
      .updateTable('shop_test_gateway_payments')
      .set((eb: any) => ({ refunded: eb('refunded', '+', amount) }))
      .where('ref', '=', ref)
      .where('status', '=', 'paid')
      .where((eb: any) => eb(eb('amount', '-', eb.ref('refunded')), '>=', amount))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) throw conflict(`The test gateway cannot refund ${amount} of payment ${ref} (${payment.status}, ${payment.refunded} refunded)`);
    const data = { payment: ref, amount, currency: payment.currency, refund: newId('tgr'), ...(options.refundId != null ? { refundId: options.refundId } : {}) };
    return this.record('refund.succeeded', data, options.deliver ?? true);
  }

  private async record(type: GatewayEventType, data: GatewayEvent['data'], deliver: boolean): Promise<GatewayEvent> {
    const now = new Date();
    const event: GatewayEvent = { id: newId('evt'), type, created: Math.floor(now.getTime() / 1000), data };
    await this.db
      .insertInto('shop_test_gateway_events')
      .values({ id: event.id, payment_ref: data.payment, type, body: JSON.stringify(event), created_at: timestampValue(this.ctx.db.dialect, now) })
      .execute();
    if (deliver) await this.deliver(event.id);
    return event;
  }

  /** Events about a payment, oldest first. */
  async events(ref: string): Promise<GatewayEvent[]> {
    const rows = await this.db.selectFrom('shop_test_gateway_events').select('body').where('payment_ref', '=', ref).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.body) as GatewayEvent);
  }

  /** Queues (another) delivery of an event, after the configured delay unless `delayMs` is given. */
  async deliver(eventId: string, options: { delayMs?: number } = {}): Promise<void> {
    const delay = options.delayMs ?? paymentSettingsOf(this.ctx).testProviderWebhookDelayMs;
    await this.ctx.jobs.enqueue(DELIVERY_JOB, { eventId }, delay > 0 ? { runAt: new Date(Date.now() + delay) } : {});
  }

  /** POSTs an event to the shop now, signed at `at` (default now) with `secret` (default the real one). */
  async send(eventId: string, options: { at?: Date; secret?: string } = {}): Promise<{ status: number; body: any }> {
    const row = await this.db.selectFrom('shop_test_gateway_events').select('body').where('id', '=', eventId).executeTakeFirst();
    if (!row) throw notFound(`Test gateway event ${eventId}`);
    return this.post(row.body, signatureHeader(options.secret ?? this.secret(), row.body, options.at));
  }

  /** POSTs any body with any signature header (for forged or tampered requests). */
  async post(body: string, signature: string | null): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature != null) headers[SIGNATURE_HEADER] = signature;
    const res = await fetch(this.webhookUrl(), { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed };
  }
}

/** The delivery job: a non-2xx answer throws, so the queue retries with backoff like a real gateway. */
export async function deliverTestEvent(payload: { eventId: string }, ctx: PluginContext): Promise<void> {
  const { status, body } = await testGatewayOf(ctx).send(payload.eventId);
  if (status < 200 || status >= 300) throw new Error(`The shop answered ${status} to test gateway event ${payload.eventId}: ${JSON.stringify(body)}`);
}
