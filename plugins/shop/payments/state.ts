// The payment state machine, run inside a transaction: a payment only moves
// forward (pending → failed | cancelled, anything → succeeded, since money
// the provider took must be recorded), refunds only add up to what was paid,
// and every change fires its event in the same transaction so checkout's
// in-transaction handlers commit with it (or abort it).
//
//   pending ──► succeeded ◄── failed / cancelled   (a late success still counts)
//   pending ──► failed | cancelled                 (never after succeeded)

import { badInput, conflict, notFound, type PluginContext, type Tx } from '../../../core/index.ts';
import {
  PaymentCancelled, PaymentFailed, PaymentRefunded, PaymentSucceeded,
  type PaymentRecord, type PaymentStatus, type ProviderEvent, type RefundRecord,
} from './contracts.ts';
import { PaymentRows } from './store.ts';

export type Outcome = 'applied' | 'ignored';

export function rowsIn(ctx: PluginContext, tx: Tx): PaymentRows {
  return new PaymentRows(tx.db, ctx.db.dialect);
}

/** Marks the payment succeeded unless it already is; fires PaymentSucceeded in `tx`. */
export async function succeed(ctx: PluginContext, tx: Tx, payment: PaymentRecord): Promise<Outcome> {
  return move(ctx, tx, payment, ['pending', 'failed', 'cancelled'], 'succeeded');
}

export async function fail(ctx: PluginContext, tx: Tx, payment: PaymentRecord): Promise<Outcome> {
  return move(ctx, tx, payment, ['pending'], 'failed');
}

export async function cancel(ctx: PluginContext, tx: Tx, payment: PaymentRecord): Promise<Outcome> {
  return move(ctx, tx, payment, ['pending'], 'cancelled');
}

async function move(ctx: PluginContext, tx: Tx, payment: PaymentRecord, from: PaymentStatus[], to: PaymentStatus): Promise<Outcome> {
  const rows = rowsIn(ctx, tx);
  if (!(await rows.transition(payment.id, from, to))) return 'ignored';
  const updated = (await rows.byId(payment.id))!;
  const token = to === 'succeeded' ? PaymentSucceeded : to === 'failed' ? PaymentFailed : PaymentCancelled;
  await ctx.hooks.emit(token, { payment: updated, previousStatus: payment.status, tx }, tx);
  return 'applied';
}

/** What may still be refunded: the amount less confirmed and pending refunds. */
export const refundable = (p: PaymentRecord) => (p.status === 'succeeded' ? p.amount - p.refundedAmount - p.refundPendingAmount : 0);

/**
 * Reserves `amount` for a new refund (pending) in `tx`. BAD_USER_INPUT when it
 * is more than what may still be refunded; CONFLICT when the payment has not
 * succeeded.
 */
export async function reserveRefund(ctx: PluginContext, tx: Tx, paymentId: number, amount: number, reason: string): Promise<RefundRecord> {
  const rows = rowsIn(ctx, tx);
  const res = await tx.db
    .updateTable('shop_payments')
    .set((eb: any) => ({ refund_pending_amount: eb('refund_pending_amount', '+', amount), updated_at: rows.now() }))
    .where('id', '=', paymentId)
    .where('status', '=', 'succeeded')
    .where((eb: any) => eb(eb(eb('amount', '-', eb.ref('refunded_amount')), '-', eb.ref('refund_pending_amount')), '>=', amount))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    const payment = await rows.byId(paymentId);
    if (!payment) throw notFound('The payment');
    if (payment.status !== 'succeeded') throw conflict(`Only a succeeded payment can be refunded; this one is ${payment.status}`, { reason: 'NOT_PAID' });
    throw badInput(`A refund of ${amount} is more than what may still be refunded (${refundable(payment)} of ${payment.amount} ${payment.currency})`, {
      field: 'amount', refundable: refundable(payment),
    });
  }
  return rows.insertRefund({ paymentId, amount, status: 'pending', providerRef: null, reason });
}

/** A pending refund was confirmed: it moves from pending to refunded; fires PaymentRefunded in `tx`. */
export async function settleRefund(ctx: PluginContext, tx: Tx, refund: RefundRecord, providerRef: string | null): Promise<Outcome> {
  const rows = rowsIn(ctx, tx);
  const done = await tx.db
    .updateTable('shop_refunds')
    .set({ status: 'succeeded', provider_ref: providerRef ?? refund.providerRef, updated_at: rows.now() })
    .where('id', '=', refund.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) return 'ignored';
  await tx.db
    .updateTable('shop_payments')
    .set((eb: any) => ({
      refunded_amount: eb('refunded_amount', '+', refund.amount),
      refund_pending_amount: eb('refund_pending_amount', '-', refund.amount),
      updated_at: rows.now(),
    }))
    .where('id', '=', refund.paymentId)
    .execute();
  const payment = (await rows.byId(refund.paymentId))!;
  await ctx.hooks.emit(PaymentRefunded, { payment, previousStatus: payment.status, refund: { ...refund, status: 'succeeded', providerRef }, tx }, tx);
  return 'applied';
}

/** A pending refund was declined: its reservation is released. */
export async function dropRefund(ctx: PluginContext, tx: Tx, refund: RefundRecord): Promise<Outcome> {
  const rows = rowsIn(ctx, tx);
  const done = await tx.db
    .updateTable('shop_refunds')
    .set({ status: 'failed', updated_at: rows.now() })
    .where('id', '=', refund.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) return 'ignored';
  await tx.db
    .updateTable('shop_payments')
    .set((eb: any) => ({ refund_pending_amount: eb('refund_pending_amount', '-', refund.amount), updated_at: rows.now() }))
    .where('id', '=', refund.paymentId)
    .execute();
  return 'applied';
}

/**
 * Applies a verified provider event to its payment in `tx`. Throws (so the
 * transaction, the event id included, is not stored and the provider sends
 * it again) when the payment is unknown, or when a refund arrives before
 * the payment's success; refuses an amount or currency that is not the
 * payment's.
 */
export async function applyProviderEvent(ctx: PluginContext, tx: Tx, provider: string, event: ProviderEvent): Promise<{ outcome: Outcome; payment: PaymentRecord }> {
  const rows = rowsIn(ctx, tx);
  const payment = await rows.byProviderRef(provider, event.paymentRef);
  if (!payment) throw notFound(`Payment ${event.paymentRef} of provider ${provider}`);
  if (event.currency !== payment.currency) throw badInput(`The event's currency ${event.currency} is not the payment's (${payment.currency})`, { reason: 'AMOUNT_MISMATCH' });
  if (event.type.startsWith('payment.') && event.amount !== payment.amount) {
    throw badInput(`The event's amount ${event.amount} is not the payment's (${payment.amount})`, { reason: 'AMOUNT_MISMATCH' });
  }
  if (event.type === 'payment.succeeded') return { outcome: await succeed(ctx, tx, payment), payment };
  if (event.type === 'payment.failed') return { outcome: await fail(ctx, tx, payment), payment };

  const known =
    (event.refundId != null ? (await rows.refundsOf(payment.id)).find((r) => r.id === event.refundId) : undefined) ??
    (event.refundRef ? await rows.refundByProviderRef(payment.id, event.refundRef) : null);
  if (known && known.amount !== event.amount) throw badInput(`The refund event's amount ${event.amount} is not the refund's (${known.amount})`, { reason: 'AMOUNT_MISMATCH' });
  if (event.type === 'refund.failed') return { outcome: known ? await dropRefund(ctx, tx, known) : 'ignored', payment };
  if (known) return { outcome: await settleRefund(ctx, tx, known, event.refundRef ?? null), payment };
  // A refund made at the provider itself (its dashboard): it needs the payment's success first.
  if (payment.status !== 'succeeded') {
    throw conflict('A refund arrived before the payment succeeded here; send it again later', { reason: 'OUT_OF_ORDER' });
  }
  const refund = await reserveRefund(ctx, tx, payment.id, event.amount, 'Refunded at the provider');
  return { outcome: await settleRefund(ctx, tx, refund, event.refundRef ?? null), payment };
}
