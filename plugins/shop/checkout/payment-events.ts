// Orders follow their payment through the payments module's events, in the
// transaction that records the payment's change (and the webhook's event
// id): the order's move commits with it or not at all.
//
// Late payments (the decision): a payment that succeeds after its order was
// cancelled is never ignored and never sold from released stock.
//   - If the order lapsed on its own (deadline passed, or the payment had
//     failed before succeeding after all), the buyer still wants it: the
//     units are taken again when every line is in stock, and the order
//     becomes paid (its coupon uses count again).
//   - Otherwise (the buyer or shop cancelled it, the stock is gone) the
//     order stays cancelled and a job refunds the whole payment; the order
//     becomes refunded when the provider confirms.

import { onInTransaction, type HookSpec, type PluginContext, type Tx } from '../../../core/index.ts';
import { PaymentCancelled, PaymentFailed, PaymentRefunded, PaymentSucceeded, type PaymentRecord } from '../contracts.ts';
import { OrderRefunded, OrderStockRetaken, type CancelReason, type OrderRecord } from './contracts.ts';
import { Coupons } from './coupons.ts';
import { LATE_REFUND_JOB, releaseHolds } from './lifecycle.ts';
import { mayMove, ordersOf } from './orders.ts';
import { commitOrder, retakeOrder } from './reservations.ts';

/** The order a payment is for ("order:<id>" subjects of checkout's own payments); null for other payments. */
async function orderOfPayment(ctx: PluginContext, tx: Tx, payment: PaymentRecord): Promise<OrderRecord | null> {
  const match = /^order:([1-9][0-9]{0,15})$/.exec(payment.subject);
  if (!match) return null;
  const order = await ordersOf(ctx).get(Number(match[1]), tx);
  return order && order.paymentId === payment.id ? order : null;
}

async function paid(ctx: PluginContext, tx: Tx, payment: PaymentRecord): Promise<void> {
  const order = await orderOfPayment(ctx, tx, payment);
  if (!order) return;
  const orders = ordersOf(ctx);
  if (await orders.move(tx, order.id, ['pending'], 'paid')) {
    await commitOrder(ctx, tx, order.id);
    return;
  }
  const now = await orders.get(order.id, tx);
  if (now?.status !== 'cancelled') return; // already paid: nothing more to do
  const lapsed: (CancelReason | null)[] = ['expired', 'payment_failed'];
  if (lapsed.includes(now.cancelReason) && (await retakeOrder(ctx, tx, now.id))) {
    const revived = await orders.move(tx, now.id, ['cancelled'], 'paid', { cancel_reason: null, cancelled_at: null });
    await new Coupons(ctx).adjustUses(tx, now.id, now.buyerId, 1);
    if (revived) await ctx.hooks.emit(OrderStockRetaken, { order: revived, tx }, tx);
    return;
  }
  // The refund asks the provider, which happens outside this transaction: a job, queued with it.
  await ctx.jobs.enqueue(LATE_REFUND_JOB, { orderId: now.id }, { tx });
}

function unpaid(reason: CancelReason) {
  return async ({ payment, tx }: { payment: PaymentRecord; tx: Tx }, ctx: PluginContext) => {
    const order = await orderOfPayment(ctx, tx, payment);
    if (!order) return;
    const cancelled = await ordersOf(ctx).move(tx, order.id, ['pending'], 'cancelled', { cancel_reason: reason });
    if (cancelled) await releaseHolds(ctx, tx, cancelled);
  };
}

async function refunded({ payment, refund, tx }: { payment: PaymentRecord; refund: { amount: number }; tx: Tx }, ctx: PluginContext): Promise<void> {
  const order = await orderOfPayment(ctx, tx, payment);
  if (!order) return;
  const orders = ordersOf(ctx);
  await tx.db.updateTable('shop_orders').set({ refunded_amount: Math.min(payment.refundedAmount, order.total) }).where('id', '=', order.id).execute();
  let now = (await orders.get(order.id, tx))!;
  if (now.refundedAmount >= now.total && mayMove(now.status, 'refunded')) now = (await orders.move(tx, now.id, [now.status], 'refunded')) ?? now;
  await ctx.hooks.emit(OrderRefunded, { order: now, amount: refund.amount }, tx);
}

export const checkoutPaymentHooks: HookSpec[] = [
  onInTransaction(PaymentSucceeded, ({ payment, tx }, ctx) => paid(ctx, tx, payment)),
  onInTransaction(PaymentFailed, unpaid('payment_failed')),
  onInTransaction(PaymentCancelled, unpaid('payment_cancelled')),
  onInTransaction(PaymentRefunded, refunded),
];
