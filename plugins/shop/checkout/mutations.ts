// Checkout's mutations: the buyer's cart, addresses, checkout (under an
// idempotency key), cancel and receipt; the shop's shipping options,
// coupons, fulfilment and refunds (through the payments module).

import { badInput, localId, notFound, requireViewer, type MeadowContext, type PluginContext } from '../../../core/index.ts';
import type { PaymentNextAction } from '../contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { withIdempotency } from '../idempotency/index.ts';
import { paymentsOf } from '../payments/index.ts';
import { access } from './access.ts';
import { Addresses, checkAddress, snapshotOf, type AddressInput } from './addresses.ts';
import { cartsOf } from './cart.ts';
import type { OrderRecord, OrderStatus } from './contracts.ts';
import { Coupons, normalizeCode, type CouponInput } from './coupons.ts';
import { cancelPendingOrder } from './lifecycle.ts';
import { assertMove, invalidMove, ordersOf } from './orders.ts';
import { ShippingOptions, type ShippingOptionInput } from './shipping.ts';
import { SOLD_STATUSES } from './sales.ts';
import { placeOrder, type PlacedOrder } from './workflow.ts';

type Ctx = MeadowContext;

interface CheckoutArgs {
  cartId: string;
  addressId?: string | null;
  address?: AddressInput | null;
  shippingOptionId?: string | null;
  couponCodes?: string[] | null;
  paymentProvider: string;
  returnUrl?: string | null;
  idempotencyKey: string;
}

const nextActionOut = (next: PaymentNextAction | null) => next && { ...next, type: next.type.toUpperCase() };

function trackingNumber(value: string): string {
  const v = (value ?? '').trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9 -]{0,99}$/.test(v)) throw badInput('A tracking number is 1–100 letters, digits, spaces and "-"', { field: 'trackingNumber' });
  return v;
}

export function checkoutMutations(ctx: PluginContext<any>) {
  const { shops } = catalogueOf(ctx);
  const carts = cartsOf(ctx);
  const orders = ordersOf(ctx);
  const can = access(ctx);
  const addresses = new Addresses(ctx);
  const coupons = new Coupons(ctx);
  const shipping = new ShippingOptions(ctx);

  /** Moves an order from `from` to `to` in its own transaction; CONFLICT (INVALID_TRANSITION) when it is, or meanwhile was, elsewhere. */
  const moveOrder = async (order: OrderRecord, from: OrderStatus, to: OrderStatus, hint: string, set: Record<string, unknown> = {}) => {
    if (order.status !== from) throw invalidMove(order, to, hint);
    const moved = await ctx.db.transaction((tx) => orders.move(tx, order.id, [from], to, set));
    if (!moved) throw invalidMove((await orders.get(order.id))!, to, hint);
    return moved;
  };

  return {
    addToCart: (_: unknown, args: { input: { variantId: string; quantity: number; noteId?: string | null } }, gctx: Ctx) =>
      carts.add(requireViewer(gctx).accountId, {
        variantId: localId(args.input.variantId, 'ProductVariant'), quantity: args.input.quantity,
        noteId: args.input.noteId ? localId(args.input.noteId, 'Note') : null,
      }),
    setCartLineQuantity: (_: unknown, args: { lineId: string; quantity: number }, gctx: Ctx) =>
      carts.setQuantity(requireViewer(gctx).accountId, localId(args.lineId, 'CartLine'), args.quantity),
    removeCartLine: (_: unknown, args: { lineId: string }, gctx: Ctx) => carts.remove(requireViewer(gctx).accountId, localId(args.lineId, 'CartLine')),
    saveAddress: (_: unknown, args: { id?: string | null; input: AddressInput }, gctx: Ctx) =>
      addresses.save(requireViewer(gctx).accountId, args.input, args.id ? localId(args.id, 'Address') : null),
    deleteAddress: async (_: unknown, args: { id: string }, gctx: Ctx) => {
      await addresses.remove(requireViewer(gctx).accountId, localId(args.id, 'Address'));
      return true;
    },

    checkout: async (_: unknown, { input }: { input: CheckoutArgs }, gctx: Ctx) => {
      const viewer = requireViewer(gctx);
      const cart = await carts.own(viewer.accountId, localId(input.cartId, 'Cart'));
      if (input.addressId && input.address) throw badInput('Give addressId or address, not both', { field: 'address' });
      const address = input.addressId
        ? await addresses.own(viewer.accountId, localId(input.addressId, 'Address'))
        : input.address ? checkAddress(input.address) : null;
      if (!address) throw badInput('An order needs an address: a saved addressId or an address', { field: 'address' });
      const snapshot = snapshotOf(address);
      const lines = (await carts.lines(cart.id)).map((l) => ({ variantId: l.variantId, quantity: l.quantity, noteId: l.noteId }));
      const shippingOptionId = input.shippingOptionId ? localId(input.shippingOptionId, 'ShippingOption') : null;
      const couponCodes = (input.couponCodes ?? []).map(normalizeCode);
      // The request a key stands for: the cart as it is (a checked-out cart keeps its lines) and every choice made.
      const request = { cartId: cart.id, lines, address: snapshot, shippingOptionId, couponCodes, provider: input.paymentProvider, returnUrl: input.returnUrl ?? null };
      const { result, replayed } = await withIdempotency<PlacedOrder>(
        ctx,
        { accountId: viewer.accountId, key: input.idempotencyKey, scope: 'shop.checkout', request },
        () => placeOrder(ctx, { buyerId: viewer.accountId, shopId: cart.shopId, lines, address: snapshot, shippingOptionId, couponCodes, provider: input.paymentProvider, returnUrl: input.returnUrl ?? null, cartId: cart.id }),
      );
      const payments = paymentsOf(ctx);
      return {
        order: await orders.get(result.orderId),
        payment: result.paymentId === null ? null : await payments.getPayment(result.paymentId),
        nextAction: nextActionOut(result.nextAction),
        replayed,
      };
    },

    cancelOrder: async (_: unknown, args: { id: string }, gctx: Ctx) => {
      const viewer = requireViewer(gctx);
      const order = await can.seenOrder(viewer, args.id);
      assertMove(order, 'cancelled', 'a paid order is refunded by the shop');
      const reason = order.buyerId === viewer.accountId ? 'buyer' : 'merchant';
      if (!(await cancelPendingOrder(ctx, order.id, reason))) throw invalidMove((await orders.get(order.id))!, 'cancelled', 'it changed meanwhile');
      return orders.get(order.id);
    },
    confirmOrderReceived: async (_: unknown, args: { id: string }, gctx: Ctx) => {
      const order = await can.boughtOrder(requireViewer(gctx), args.id);
      return moveOrder(order, 'delivered', 'completed', 'only a delivered order is confirmed');
    },

    createShippingOption: async (_: unknown, args: { shopId: string; input: ShippingOptionInput }, gctx: Ctx) => {
      const shop = await shops.requireManaged(localId(args.shopId, 'Shop'), requireViewer(gctx));
      return shipping.create(shop.id, args.input);
    },
    archiveShippingOption: async (_: unknown, args: { id: string }, gctx: Ctx) => {
      const option = await shipping.get(localId(args.id, 'ShippingOption'));
      if (!option) throw notFound('The shipping option');
      await shops.requireManaged(option.shopId, requireViewer(gctx));
      await shipping.archive(option);
      return true;
    },
    createCoupon: async (_: unknown, args: { shopId: string; input: Omit<CouponInput, 'kind'> & { kind: string } }, gctx: Ctx) => {
      const shop = await shops.requireManaged(localId(args.shopId, 'Shop'), requireViewer(gctx));
      return coupons.create(shop.id, { ...args.input, kind: args.input.kind.toLowerCase() as CouponInput['kind'] });
    },
    disableCoupon: async (_: unknown, args: { id: string }, gctx: Ctx) => {
      const coupon = await coupons.get(localId(args.id, 'Coupon'));
      if (!coupon) throw notFound('The coupon');
      await shops.requireManaged(coupon.shopId, requireViewer(gctx));
      return coupons.disable(coupon);
    },

    shipOrder: async (_: unknown, args: { id: string; trackingNumber: string; carrier?: string | null }, gctx: Ctx) => {
      const order = await can.managedOrder(requireViewer(gctx), args.id);
      if (order.status !== 'paid') throw invalidMove(order, 'shipped', 'only a paid order ships');
      const carrier = (args.carrier ?? '').trim();
      if (carrier.length > 100) throw badInput('A carrier name has at most 100 characters', { field: 'carrier' });
      return moveOrder(order, 'paid', 'shipped', 'only a paid order ships', { tracking_number: trackingNumber(args.trackingNumber), carrier: carrier || null });
    },
    markOrderDelivered: async (_: unknown, args: { id: string }, gctx: Ctx) => {
      const order = await can.managedOrder(requireViewer(gctx), args.id);
      return moveOrder(order, 'shipped', 'delivered', 'only a shipped order is delivered');
    },
    refundOrder: async (_: unknown, args: { id: string; amount: number; reason?: string | null; idempotencyKey: string }, gctx: Ctx) => {
      const viewer = requireViewer(gctx);
      const order = await can.managedOrder(viewer, args.id);
      if (!(SOLD_STATUSES as readonly string[]).includes(order.status) || order.paymentId === null) {
        throw invalidMove(order, 'refunded', 'only a paid order is refunded');
      }
      const reason = args.reason ?? '';
      await withIdempotency(
        ctx,
        { accountId: viewer.accountId, key: args.idempotencyKey, scope: 'shop.order-refund', request: { orderId: order.id, amount: args.amount, reason } },
        async () => ({ refundId: (await paymentsOf(ctx).refund(order.paymentId!, args.amount, reason)).id }),
      );
      return orders.get(order.id);
    },
  };
}
