// What happens to an order that is not paid: cancelled by the buyer or the
// shop, or by the expiry job when the payment deadline passes. In every
// case the order leaves `pending` first (one conditional UPDATE, with the
// stock and coupon uses given back in the same transaction), and only then
// is its payment cancelled. A payment that succeeds anyway afterwards finds
// the order cancelled and takes the late-payment path (payment-events.ts),
// so an order's stock is never both released and sold.

import { isMeadowError, type PluginContext, type Tx } from '../../../core/index.ts';
import { PaymentsServiceRef } from '../contracts.ts';
import { paymentsOf } from '../payments/index.ts';
import { OrderStockReleased, type CancelReason, type OrderRecord } from './contracts.ts';
import { Coupons } from './coupons.ts';
import { ordersOf } from './orders.ts';
import { releaseOrder } from './reservations.ts';

export const EXPIRE_JOB = 'checkout-expire';
export const LATE_REFUND_JOB = 'checkout-refund-late-payment';

/** Gives back what an unpaid order held: its stock and its coupon uses (then OrderStockReleased). */
export async function releaseHolds(ctx: PluginContext, tx: Tx, order: OrderRecord): Promise<void> {
  await releaseOrder(ctx, tx, order.id);
  await new Coupons(ctx).adjustUses(tx, order.id, order.buyerId, -1);
  await ctx.hooks.emit(OrderStockReleased, { order, tx }, tx);
}

/**
 * Cancels a pending order and releases what it held; null when it was no
 * longer pending (paid or cancelled meanwhile). Then cancels its payment;
 * when that succeeded in the meantime, the late-payment path has it.
 */
export async function cancelPendingOrder(ctx: PluginContext, orderId: number, reason: CancelReason): Promise<OrderRecord | null> {
  const cancelled = await ctx.db.transaction(async (tx) => {
    const order = await ordersOf(ctx).move(tx, orderId, ['pending'], 'cancelled', { cancel_reason: reason });
    if (order) await releaseHolds(ctx, tx, order);
    return order;
  });
  if (cancelled?.paymentId != null) {
    try {
      await ctx.services.get(PaymentsServiceRef).cancelPayment(cancelled.paymentId);
    } catch (err) {
      // CONFLICT: it was paid meanwhile (handled as a late payment). Anything else: a payment left pending is handled the same way if it is ever paid.
      if (!isMeadowError(err) || err.code !== 'CONFLICT') ctx.log.warn({ err, orderId }, 'checkout: could not cancel the payment of a cancelled order');
    }
  }
  return cancelled;
}

/**
 * The expiry job, queued at checkout for the payment deadline: cancels the
 * order if it is still unpaid (and any other overdue order, in case a job
 * was lost). Run early, it queues itself again for the deadline.
 */
export async function expireOrders(payload: { orderId?: number }, ctx: PluginContext): Promise<void> {
  const orders = ordersOf(ctx);
  const now = new Date();
  if (payload?.orderId) {
    const order = await orders.get(payload.orderId);
    if (order?.status === 'pending' && order.expiresAt && order.expiresAt > now) {
      await ctx.jobs.enqueue(EXPIRE_JOB, { orderId: order.id }, { runAt: order.expiresAt });
    }
  }
  for (let round = 0; round < 20; round++) {
    const due = await orders.overdue(now, 100);
    for (const id of due) await cancelPendingOrder(ctx, id, 'expired');
    if (due.length < 100) return;
  }
  await ctx.jobs.enqueue(EXPIRE_JOB, {}); // more are overdue: another run goes on
}

/**
 * A payment arrived for an order that was cancelled and could not be
 * fulfilled: everything it still holds is returned. Safe to run again (it
 * refunds only what is left).
 */
export async function refundLatePayment(payload: { orderId: number }, ctx: PluginContext): Promise<void> {
  const order = await ordersOf(ctx).get(payload.orderId);
  if (!order?.paymentId || order.status !== 'cancelled') return;
  const payments = paymentsOf(ctx);
  const payment = await payments.getPayment(order.paymentId);
  if (!payment || payment.status !== 'succeeded') return;
  const left = payment.amount - payment.refundedAmount - payment.refundPendingAmount;
  if (left > 0) await payments.refund(payment.id, left, 'Paid after the order was cancelled; the order could not be fulfilled');
}
