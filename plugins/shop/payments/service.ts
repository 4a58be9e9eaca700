// Payments: creating them (for checkout), starting them at their provider
// (pay), cancelling, marking manual ones paid, refunds, and webhooks. The
// provider is called outside any transaction; state changes happen in one,
// together with the events checkout handles.

import { badInput, conflict, notFound, type PluginContext, type Tx } from '../../../core/index.ts';
import { isCurrency } from '../money.ts';
import type { CreatePaymentInput, PaymentNextAction, PaymentRecord, PaymentsService, RefundRecord } from './contracts.ts';
import { paymentProviders, providerNamed } from './providers/registry.ts';
import { MANUAL_PROVIDER } from './providers/manual.ts';
import { paymentSettingsOf } from './settings.ts';
import { applyProviderEvent, cancel, dropRefund, reserveRefund, rowsIn, settleRefund, succeed, type Outcome } from './state.ts';
import { PaymentRows } from './store.ts';

/** Largest amount in minor units (GraphQL Int is 32-bit). */
export const MAX_AMOUNT = 2_000_000_000;

const services = new WeakMap<object, Payments>();

export function paymentsOf(ctx: PluginContext): Payments {
  let service = services.get(ctx);
  if (!service) services.set(ctx, (service = new Payments(ctx)));
  return service;
}

export class Payments implements PaymentsService {
  readonly ctx: PluginContext;

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get rows(): PaymentRows {
    return new PaymentRows(this.ctx.db.kysely(), this.ctx.db.dialect);
  }

  async createPayment(input: CreatePaymentInput, tx?: Tx): Promise<PaymentRecord> {
    const subject = typeof input.subject === 'string' ? input.subject.trim() : '';
    if (!subject || subject.length > 200) throw badInput('A payment needs a subject of 1 to 200 characters (e.g. "order:12")', { field: 'subject' });
    if (!Number.isSafeInteger(input.accountId) || input.accountId <= 0) throw badInput('A payment needs the payer\'s account id', { field: 'accountId' });
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > MAX_AMOUNT) {
      throw badInput(`The amount is a whole number of minor units between 1 and ${MAX_AMOUNT}`, { field: 'amount' });
    }
    const currency = typeof input.currency === 'string' ? input.currency.toUpperCase() : '';
    if (!isCurrency(currency)) throw badInput('The currency is a three-letter ISO 4217 code such as CNY or EUR', { field: 'currency' });
    const returnUrl = input.returnUrl ?? null;
    if (returnUrl != null && (returnUrl.length > 2000 || !/^https?:\/\//.test(returnUrl) || !URL.canParse(returnUrl))) {
      throw badInput('The return URL must be an http(s) URL', { field: 'returnUrl' });
    }
    // Checked before any transaction: the provider list may come from other plugins.
    const provider = await providerNamed(this.ctx, input.provider).catch(() => {
      throw badInput(`There is no payment provider "${input.provider}" on this instance`, { field: 'provider' });
    });
    const insert = async (rows: PaymentRows) => {
      const now = rows.now();
      const row = await rows.db
        .insertInto('shop_payments')
        .values({
          subject, account_id: input.accountId, amount: input.amount, currency, provider: provider.name, provider_ref: null, status: 'pending',
          refunded_amount: 0, refund_pending_amount: 0, return_url: returnUrl, next_action: null, created_at: now, updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await rows.byId(Number(row.id)))!;
    };
    return tx ? insert(rowsIn(this.ctx, tx)) : insert(this.rows);
  }

  getPayment(id: number): Promise<PaymentRecord | null> {
    return this.rows.byId(id);
  }

  getPayments(ids: readonly number[]): Promise<(PaymentRecord | null)[]> {
    return this.rows.byIds(ids);
  }

  paymentsOf(subject: string): Promise<PaymentRecord[]> {
    return this.rows.bySubject(subject);
  }

  refundsOf(paymentId: number): Promise<RefundRecord[]> {
    return this.rows.refundsOf(paymentId);
  }

  async providers(): Promise<{ name: string; label: string }[]> {
    return (await paymentProviders(this.ctx)).map((p) => ({ name: p.name, label: p.label }));
  }

  private async mustGet(id: number): Promise<PaymentRecord> {
    const payment = await this.getPayment(id);
    if (!payment) throw notFound('The payment');
    return payment;
  }

  /**
   * Starts a pending payment at its provider and returns the payer's next
   * step. Once started, asking again returns the same step (no second
   * payment at the provider); a settled payment is CONFLICT.
   */
  async start(id: number): Promise<{ payment: PaymentRecord; next: PaymentNextAction }> {
    const payment = await this.mustGet(id);
    if (payment.status === 'succeeded') throw conflict('This payment is already paid', { reason: 'ALREADY_PAID' });
    if (payment.status !== 'pending') throw conflict(`This payment is ${payment.status}; start a new one to pay`, { reason: 'NOT_PENDING' });
    if (payment.nextAction) return { payment, next: payment.nextAction };
    const provider = await providerNamed(this.ctx, payment.provider);
    const started = await provider.createPayment({
      paymentId: payment.id, amount: payment.amount, currency: payment.currency, subject: payment.subject, returnUrl: payment.returnUrl,
    });
    // Two pays racing with different keys: the first stored start wins and both answer with it.
    await this.ctx.db
      .kysely()
      .updateTable('shop_payments')
      .set({ provider_ref: started.providerRef, next_action: JSON.stringify(started.next), updated_at: this.rows.now() })
      .where('id', '=', id)
      .where('next_action', 'is', null)
      .execute();
    const now = await this.mustGet(id);
    return { payment: now, next: now.nextAction ?? started.next };
  }

  /** Cancels a pending payment; a succeeded one is CONFLICT, a failed or cancelled one is returned as it is. */
  async cancelPayment(id: number): Promise<PaymentRecord> {
    return this.ctx.db.transaction(async (tx) => {
      const rows = rowsIn(this.ctx, tx);
      const payment = await rows.byId(id);
      if (!payment) throw notFound('The payment');
      if (payment.status === 'succeeded') throw conflict('This payment is already paid; refund it instead', { reason: 'ALREADY_PAID' });
      await cancel(this.ctx, tx, payment);
      return (await rows.byId(id))!;
    });
  }

  /** Staff confirm a manual payment arrived. Marking a paid payment again changes nothing. */
  async markPaid(id: number): Promise<PaymentRecord> {
    const payment = await this.mustGet(id);
    if (payment.provider !== MANUAL_PROVIDER) throw badInput(`Only manual payments are marked paid by hand; this one is paid through "${payment.provider}"`);
    return this.ctx.db.transaction(async (tx) => {
      const rows = rowsIn(this.ctx, tx);
      await succeed(this.ctx, tx, (await rows.byId(id))!);
      return (await rows.byId(id))!;
    });
  }

  /**
   * Refunds part or all of a succeeded payment. More than what may still be
   * refunded is BAD_USER_INPUT and stores nothing. The amount is reserved
   * before the provider is asked, so two refunds at once cannot exceed it.
   */
  async refund(id: number, amount: number, reason: string): Promise<RefundRecord> {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw badInput('A refund is a positive whole number of minor units', { field: 'amount' });
    const why = (reason ?? '').trim();
    if (why.length > 500) throw badInput('A refund reason has at most 500 characters', { field: 'reason' });
    const payment = await this.mustGet(id);
    const provider = await providerNamed(this.ctx, payment.provider);
    const refund = await this.ctx.db.transaction((tx) => reserveRefund(this.ctx, tx, id, amount, why));
    let answer: { providerRef: string; status: 'pending' | 'succeeded' };
    try {
      answer = await provider.refund(payment, amount, refund.id);
    } catch (err) {
      await this.ctx.db.transaction((tx) => dropRefund(this.ctx, tx, refund));
      throw err;
    }
    return this.ctx.db.transaction(async (tx) => {
      const rows = rowsIn(this.ctx, tx);
      if (answer.status === 'succeeded') await settleRefund(this.ctx, tx, refund, answer.providerRef);
      else await tx.db.updateTable('shop_refunds').set({ provider_ref: answer.providerRef }).where('id', '=', refund.id).where('provider_ref', 'is', null).execute();
      return (await rows.refundsOf(id)).find((r) => r.id === refund.id)!;
    });
  }

  /**
   * A provider's webhook: verified by the provider, then applied in one
   * transaction with the event id, so a redelivery is a no-op and an effect
   * never happens without its event being recorded (or the reverse).
   */
  async receiveWebhook(providerName: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>) {
    const provider = await providerNamed(this.ctx, providerName);
    if (!provider.verifyWebhook) throw notFound(`Webhooks of payment provider "${providerName}"`);
    const event = await provider.verifyWebhook({ rawBody, headers, toleranceSeconds: paymentSettingsOf(this.ctx).webhookToleranceSeconds, now: new Date() });
    return this.ctx.db.transaction(async (tx) => {
      const claimed = await tx.db
        .insertInto('shop_webhook_events')
        .values({ provider: provider.name, event_id: event.id, type: event.type, payment_id: null, outcome: 'applied', received_at: rowsIn(this.ctx, tx).now() })
        .onConflict((oc: any) => oc.columns(['provider', 'event_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return { received: true, duplicate: true as const, event: event.id };
      const { outcome, payment }: { outcome: Outcome; payment: PaymentRecord } = await applyProviderEvent(this.ctx, tx, provider.name, event);
      await tx.db.updateTable('shop_webhook_events').set({ outcome, payment_id: payment.id }).where('id', '=', claimed.id).execute();
      const status = (await rowsIn(this.ctx, tx).byId(payment.id))!.status;
      return { received: true, duplicate: false as const, event: event.id, outcome, status };
    });
  }
}
