// Placing an order is a workflow of steps, each with its compensation: when
// a later step fails, the earlier ones are undone in reverse order.
//
//   1. prepare        read and price the lines (pricing.ts)            nothing to undo
//   2. place          ONE transaction: claim the cart, the order and    cancel the order: release the
//                     its lines, coupon uses, stock reservations        stock and coupon uses, cancel
//                     (conditional UPDATEs), the payment, the expiry    the payment, reopen the cart
//                     job; any refusal undoes all of it
//   3. start payment  ask the provider (outside any transaction)        —
//
// `placeOrder` is the service the GraphQL checkout (under an idempotency
// key) and a later flash-sale module call.

import { badInput, conflict, timestampValue, type PluginContext, type Tx } from '../../../core/index.ts';
import { PaymentsServiceRef, type PaymentNextAction } from '../contracts.ts';
import { paymentsOf } from '../payments/index.ts';
import { OrderPlaced, type AddressSnapshot, type OrderLineInput } from './contracts.ts';
import { Coupons } from './coupons.ts';
import { EXPIRE_JOB, cancelPendingOrder } from './lifecycle.ts';
import { ordersOf } from './orders.ts';
import { nameOf, prepareOrder, variantTitle, type PreparedOrder } from './pricing.ts';
import { commitOrder, reserveLines } from './reservations.ts';
import { checkoutSettingsOf } from './settings.ts';

export interface WorkflowStep<S> {
  name: string;
  run(state: S): Promise<void>;
  compensate?(state: S): Promise<void>;
}

/** Runs the steps in order; when one throws, compensates the finished ones (last first) and rethrows. */
export async function runWorkflow<S>(ctx: PluginContext, name: string, steps: readonly WorkflowStep<S>[], state: S): Promise<S> {
  const done: WorkflowStep<S>[] = [];
  for (const step of steps) {
    try {
      await step.run(state);
      done.push(step);
    } catch (err) {
      for (const finished of done.reverse()) {
        try {
          await finished.compensate?.(state);
        } catch (undoErr) {
          ctx.log.error({ err: undoErr, workflow: name, step: finished.name }, 'workflow: a compensation failed');
        }
      }
      throw err;
    }
  }
  return state;
}

/**
 * Units a caller (a flash sale) already holds in the catalogue's `reserved`
 * and sells at its own price. Ordinary checkouts leave it out.
 */
export interface PresoldUnits {
  /** The price of one unit of each variant, instead of the catalogue's (minor units). */
  unitPrice: ReadonlyMap<number, number>;
  /**
   * Units of each variant the caller holds: they count as available when the
   * lines are checked, and the order's reservation takes them over as they
   * are (the variant's counts do not move, so its row is not locked and
   * concurrent flash orders do not queue on it).
   */
  held: ReadonlyMap<number, number>;
  /**
   * Runs in the order's transaction just before its stock is reserved: the
   * caller lets go of the units it held (its own records; the counts stay
   * as they are) and records the order. Throwing undoes the order.
   */
  handOver(tx: Tx, orderId: number): Promise<void>;
}

export interface PlaceOrderInput {
  buyerId: number;
  shopId: number;
  lines: OrderLineInput[];
  address: AddressSnapshot;
  shippingOptionId?: number | null;
  couponCodes?: string[] | null;
  /** Payment provider name (see paymentProviders); unused for an order of total 0. */
  provider: string;
  returnUrl?: string | null;
  /** The cart the lines come from: completed with the order (CONFLICT CART_CHECKED_OUT when it already was). */
  cartId?: number | null;
  /** Seconds the stock is held for the payment (default: the checkoutPaymentWindowSeconds setting). */
  paymentWindowSeconds?: number | null;
  /** Units the caller holds and prices itself (a flash sale). */
  presold?: PresoldUnits | null;
}

export interface PlacedOrder {
  orderId: number;
  paymentId: number | null;
  nextAction: PaymentNextAction | null;
}

interface State {
  input: PlaceOrderInput;
  prepared?: PreparedOrder;
  placed?: PlacedOrder;
}

export async function placeOrder(ctx: PluginContext, input: PlaceOrderInput): Promise<PlacedOrder> {
  const state = await runWorkflow<State>(ctx, 'checkout', [
    {
      name: 'prepare',
      async run(s) {
        s.prepared = await prepareOrder(ctx, s.input);
        if (s.prepared.totals.total > 0 && !(await paymentsOf(ctx).providers()).some((p) => p.name === s.input.provider)) {
          throw badInput(`There is no payment provider "${String(s.input.provider).slice(0, 40)}" on this instance`, { field: 'paymentProvider' });
        }
      },
    },
    {
      name: 'place',
      async run(s) {
        s.placed = await place(ctx, s.input, s.prepared!);
      },
      async compensate(s) {
        await cancelPendingOrder(ctx, s.placed!.orderId, 'payment_not_started');
        if (s.input.cartId != null) {
          // Reopened so the buyer can try again; left completed when they already opened another cart.
          await ctx.db.kysely().updateTable('shop_carts').set({ status: 'open', order_id: null }).where('id', '=', s.input.cartId)
            .where('order_id', '=', s.placed!.orderId).execute().catch(() => undefined);
        }
      },
    },
    {
      name: 'start payment',
      async run(s) {
        if (s.placed!.paymentId !== null) s.placed!.nextAction = (await paymentsOf(ctx).start(s.placed!.paymentId)).next;
      },
    },
  ], { input });
  return state.placed!;
}

/** Step 2: everything the order holds, in one transaction. */
async function place(ctx: PluginContext, input: PlaceOrderInput, order: PreparedOrder): Promise<PlacedOrder> {
  const { totals } = order;
  const orders = ordersOf(ctx);
  const windowSeconds = input.paymentWindowSeconds ?? checkoutSettingsOf(ctx).checkoutPaymentWindowSeconds;
  const now = new Date();
  const expiresAt = new Date(now.getTime() + windowSeconds * 1000);
  const ts = (d: Date) => timestampValue(ctx.db.dialect, d);
  return ctx.db.transaction(async (tx) => {
    if (input.cartId != null) {
      const claimed = await tx.db.updateTable('shop_carts').set({ status: 'completed', updated_at: ts(now) })
        .where('id', '=', input.cartId).where('account_id', '=', input.buyerId).where('status', '=', 'open').executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw conflict('This cart was already checked out', { reason: 'CART_CHECKED_OUT' });
    }
    const row = await tx.db.insertInto('shop_orders').values({
      shop_id: order.shopId, buyer_id: order.buyerId, cart_id: input.cartId ?? null, status: 'pending', currency: order.currency,
      subtotal: totals.subtotal, discount: totals.discount, shipping: totals.shipping, total: totals.total, refunded_amount: 0,
      address: JSON.stringify(input.address), shipping_option: order.shipping?.name ?? null, payment_id: null,
      expires_at: totals.total > 0 ? ts(expiresAt) : null, created_at: ts(now), updated_at: ts(now),
    }).returning('id').executeTakeFirstOrThrow();
    const orderId = Number(row.id);
    await tx.db.insertInto('shop_order_lines').values(order.lines.map((l, i) => ({
      order_id: orderId, product_id: l.product.id, variant_id: l.variant.id, title: l.product.title, variant_title: variantTitle(l.variant),
      sku: l.variant.sku, unit_price: l.variant.price, quantity: l.quantity, line_total: totals.lineTotals[i], discount: totals.lineDiscounts[i],
      note_id: l.attribution?.noteId ?? null, creator_id: l.attribution?.creatorId ?? null, attribution_via: l.attribution?.via ?? null,
    }))).execute();
    if (totals.coupons.length) {
      await tx.db.insertInto('shop_order_coupons').values(totals.coupons.map((c) => ({ order_id: orderId, coupon_id: c.couponId, code: c.code, amount: c.amount }))).execute();
      await new Coupons(ctx).redeem(tx, order.coupons, order.buyerId);
    }
    if (input.presold) await input.presold.handOver(tx, orderId);
    await reserveLines(ctx, tx, orderId, order.lines.map((l) => ({ variantId: l.variant.id, quantity: l.quantity, title: nameOf(l.product, l.variant) })), expiresAt, input.presold?.held);
    let paymentId: number | null = null;
    if (totals.total > 0) {
      const payment = await ctx.services.get(PaymentsServiceRef).createPayment({
        subject: `order:${orderId}`, accountId: order.buyerId, amount: totals.total, currency: order.currency, provider: input.provider, returnUrl: input.returnUrl ?? null,
      }, tx);
      paymentId = payment.id;
      await tx.db.updateTable('shop_orders').set({ payment_id: paymentId }).where('id', '=', orderId).execute();
      await ctx.jobs.enqueue(EXPIRE_JOB, { orderId }, { tx, runAt: expiresAt });
    }
    if (input.cartId != null) await tx.db.updateTable('shop_carts').set({ order_id: orderId }).where('id', '=', input.cartId).execute();
    const [lines] = await orders.linesOf([orderId], tx);
    await ctx.hooks.emit(OrderPlaced, { order: (await orders.get(orderId, tx))!, lines: lines! }, tx);
    if (totals.total === 0) {
      // Nothing to pay (coupons covered it): paid at once.
      await orders.move(tx, orderId, ['pending'], 'paid');
      await commitOrder(ctx, tx, orderId);
    }
    return { orderId, paymentId, nextAction: null };
  });
}
