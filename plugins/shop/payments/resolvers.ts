// Resolvers of payments. A payment is the payer's (and admins'): others get
// null or NOT_FOUND, never a hint it exists. pay and refundPayment run under
// an idempotency key (withIdempotency), so a double click or a retry after
// a timeout gets the first answer and causes nothing twice.

import {
  AccountsServiceRef, localId, notFound, requireRole, requireViewer, toGlobalId,
  type MeadowContext, type PluginContext, type Resolvers, type Viewer,
} from '../../../core/index.ts';
import { withIdempotency } from '../idempotency/index.ts';
import type { PaymentNextAction, PaymentRecord, RefundRecord } from './contracts.ts';
import { paymentsOf } from './service.ts';
import { refundable } from './state.ts';

type Ctx = MeadowContext;

const canSee = (viewer: Viewer | null, payment: PaymentRecord | null) =>
  !!payment && !!viewer && (viewer.role === 'admin' || viewer.accountId === payment.accountId);

const nextActionOut = (next: PaymentNextAction | null) => next && { ...next, type: next.type.toUpperCase() };

export function paymentResolvers(ctx: PluginContext): Resolvers {
  const payments = paymentsOf(ctx);

  /** The payment when the viewer may see it; NOT_FOUND otherwise. */
  const visible = async (gid: string, viewer: Viewer) => {
    const payment = await payments.getPayment(localId(gid, 'Payment'));
    if (!payment || !canSee(viewer, payment)) throw notFound('The payment');
    return payment;
  };

  return {
    Payment: {
      id: (p: PaymentRecord) => toGlobalId('Payment', p.id),
      payer: (p: PaymentRecord, _: unknown, gctx: Ctx) => ctx.services.get(AccountsServiceRef).loader(gctx).load(p.accountId),
      status: (p: PaymentRecord) => p.status.toUpperCase(),
      refundableAmount: (p: PaymentRecord) => refundable(p),
      refunds: (p: PaymentRecord) => payments.refundsOf(p.id),
      nextAction: (p: PaymentRecord) => (p.status === 'pending' ? nextActionOut(p.nextAction) : null),
    },
    Refund: {
      id: (r: RefundRecord) => toGlobalId('Refund', r.id),
      status: (r: RefundRecord) => r.status.toUpperCase(),
    },
    Query: {
      payment: async (_: unknown, args: { id: string }, gctx: Ctx) => {
        const payment = await payments.getPayment(localId(args.id, 'Payment'));
        return canSee(gctx.viewer, payment) ? payment : null;
      },
      paymentProviders: () => payments.providers(),
    },
    Mutation: {
      pay: async (_: unknown, args: { paymentId: string; idempotencyKey: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const payment = await visible(args.paymentId, viewer);
        if (payment.accountId !== viewer.accountId) throw notFound('The payment');
        const { result, replayed } = await withIdempotency(
          ctx,
          { accountId: viewer.accountId, key: args.idempotencyKey, scope: 'shop.pay', request: { paymentId: payment.id } },
          async () => ({ paymentId: payment.id, nextAction: (await payments.start(payment.id)).next }),
        );
        return { payment: await payments.getPayment(result.paymentId), nextAction: nextActionOut(result.nextAction), replayed };
      },
      cancelPayment: async (_: unknown, args: { paymentId: string }, gctx: Ctx) => {
        const payment = await visible(args.paymentId, requireViewer(gctx));
        return payments.cancelPayment(payment.id);
      },
      markPaymentPaid: async (_: unknown, args: { paymentId: string }, gctx: Ctx) => {
        const payment = await visible(args.paymentId, requireRole(gctx, 'admin'));
        return payments.markPaid(payment.id);
      },
      refundPayment: async (_: unknown, args: { paymentId: string; amount: number; reason?: string | null; idempotencyKey: string }, gctx: Ctx) => {
        const admin = requireRole(gctx, 'admin');
        const payment = await visible(args.paymentId, admin);
        const reason = args.reason ?? '';
        const { result, replayed } = await withIdempotency(
          ctx,
          { accountId: admin.accountId, key: args.idempotencyKey, scope: 'shop.refund', request: { paymentId: payment.id, amount: args.amount, reason } },
          async () => ({ refundId: (await payments.refund(payment.id, args.amount, reason)).id }),
        );
        const refund = (await payments.refundsOf(payment.id)).find((r) => r.id === result.refundId)!;
        return { refund, payment: await payments.getPayment(payment.id), replayed };
      },
    },
  };
}
