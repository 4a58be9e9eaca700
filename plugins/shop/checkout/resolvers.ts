// Checkout's GraphQL types and queries (mutations are in mutations.ts).
// Reads are batched per request (dataloaders); notes show only when the
// viewer may read them.

import {
  AccountsServiceRef, forbidden, localId, requireViewer, toGlobalId,
  type MeadowContext, type PluginContext, type Resolvers,
} from '../../../core/index.ts';
import { NotesServiceRef, type NoteRecord } from '../../notes/contracts.ts';
import type { PaymentRecord, ShopRecord, VariantRecord } from '../contracts.ts';
import { catalogueOf, mayManage } from '../catalogue/index.ts';
import { Pager } from '../paging.ts';
import { paymentsOf } from '../payments/index.ts';
import { access, money } from './access.ts';
import { Addresses } from './addresses.ts';
import { cartsOf, lineProblem } from './cart.ts';
import type { OrderLineRecord, OrderRecord, OrderStatus } from './contracts.ts';
import { Coupons } from './coupons.ts';
import { checkoutMutations } from './mutations.ts';
import { ordersOf } from './orders.ts';
import { prepareOrder } from './pricing.ts';
import type { AddressRecord, CartLineRecord, CartRecord, CouponRecord, ShippingOptionRecord } from './rows.ts';
import { salesByCreator, salesByNote, type SalesRow } from './sales.ts';
import { ShippingOptions } from './shipping.ts';

type Ctx = MeadowContext;
type Line = OrderLineRecord & { currency: string };

export function checkoutResolvers(ctx: PluginContext<any>): Resolvers {
  const { shops, products, variants } = catalogueOf(ctx);
  const carts = cartsOf(ctx);
  const orders = ordersOf(ctx);
  const can = access(ctx);
  const pager = new Pager(ctx.secret);
  const accounts = (gctx: Ctx) => ctx.services.get(AccountsServiceRef).loader(gctx);
  const variantLoader = (gctx: Ctx) => gctx.loaders.get<number, VariantRecord>('checkout.variants', (ids) => variants.getByIds(ids));
  const readableNote = (gctx: Ctx, id: number | null) => {
    if (id === null) return null;
    return gctx.loaders.get<number, NoteRecord>('checkout.readable-notes', async (ids) => {
      const notes = ctx.services.get(NotesServiceRef);
      const [visible, found] = await Promise.all([notes.visibleTo(ids, gctx.viewer?.accountId ?? null), notes.getByIds(ids)]);
      return ids.map((noteId, i) => (visible.has(noteId) ? found[i]! : null));
    }).load(id);
  };
  const readableProduct = async (gctx: Ctx, id: number) => products.readable(await products.loader(gctx).load(id), gctx.viewer);
  const linesOf = (gctx: Ctx, order: OrderRecord) =>
    gctx.loaders.get<number, OrderLineRecord[]>('checkout.order-lines', (ids) => orders.linesOf(ids)).load(order.id)
      .then((lines) => (lines ?? []).map((l): Line => ({ ...l, currency: order.currency })));
  const requireManager = (gctx: Ctx, shop: ShopRecord) => {
    if (!mayManage(shop, gctx.viewer)) throw forbidden('Only the shop’s managers see this');
  };
  const salesOut = (rows: SalesRow[]) => rows.map((r) => ({ ...r, revenue: money(r.revenue, r.currency) }));

  return {
    Address: { id: (a: AddressRecord) => toGlobalId('Address', a.id) },
    ShippingOption: {
      id: (o: ShippingOptionRecord) => toGlobalId('ShippingOption', o.id),
      price: (o: ShippingOptionRecord) => money(o.price, o.currency),
      freeOver: (o: ShippingOptionRecord) => (o.freeOver === null ? null : money(o.freeOver, o.currency)),
    },
    Coupon: {
      id: (c: CouponRecord) => toGlobalId('Coupon', c.id),
      kind: (c: CouponRecord) => c.kind.toUpperCase(),
      disabled: (c: CouponRecord) => c.disabledAt !== null,
    },
    Cart: {
      id: (c: CartRecord) => toGlobalId('Cart', c.id),
      shop: (c: CartRecord, _: unknown, gctx: Ctx) => shops.loader(gctx).load(c.shopId),
      lines: (c: CartRecord) => carts.lines(c.id),
      checkedOut: (c: CartRecord) => c.status === 'completed',
      order: (c: CartRecord) => (c.orderId === null ? null : orders.get(c.orderId)),
      quote: async (c: CartRecord, args: { shippingOptionId?: string | null; couponCodes?: string[] | null }) => {
        const lines = await carts.lines(c.id);
        const { totals } = await prepareOrder(ctx, {
          buyerId: c.accountId, shopId: c.shopId, lines,
          shippingOptionId: args.shippingOptionId ? localId(args.shippingOptionId, 'ShippingOption') : null, couponCodes: args.couponCodes ?? [],
        }, false);
        const m = (amount: number) => money(amount, totals.currency);
        return {
          subtotal: m(totals.subtotal), discount: m(totals.discount), shipping: m(totals.shipping), total: m(totals.total),
          coupons: totals.coupons.map((a) => ({ code: a.code, amount: m(a.amount) })),
        };
      },
    },
    CartLine: {
      id: (l: CartLineRecord) => toGlobalId('CartLine', l.id),
      product: (l: CartLineRecord, _: unknown, gctx: Ctx) => readableProduct(gctx, l.productId),
      variant: async (l: CartLineRecord, _: unknown, gctx: Ctx) => {
        const v = await variantLoader(gctx).load(l.variantId);
        return v && !v.removedAt && (await readableProduct(gctx, l.productId)) ? v : null;
      },
      unitPrice: async (l: CartLineRecord, _: unknown, gctx: Ctx) => {
        const [v, p] = await Promise.all([variantLoader(gctx).load(l.variantId), products.loader(gctx).load(l.productId)]);
        return v && p ? money(v.price, p.currency) : null;
      },
      note: (l: CartLineRecord, _: unknown, gctx: Ctx) => readableNote(gctx, l.noteId),
      available: async (l: CartLineRecord, _: unknown, gctx: Ctx) =>
        lineProblem(l, await variantLoader(gctx).load(l.variantId), await products.loader(gctx).load(l.productId)) === null,
      problem: async (l: CartLineRecord, _: unknown, gctx: Ctx) =>
        lineProblem(l, await variantLoader(gctx).load(l.variantId), await products.loader(gctx).load(l.productId)),
    },
    OrderLine: {
      id: (l: Line) => toGlobalId('OrderLine', l.id),
      product: (l: Line, _: unknown, gctx: Ctx) => readableProduct(gctx, l.productId),
      productId: (l: Line) => toGlobalId('Product', l.productId),
      variantId: (l: Line) => toGlobalId('ProductVariant', l.variantId),
      unitPrice: (l: Line) => money(l.unitPrice, l.currency),
      lineTotal: (l: Line) => money(l.lineTotal, l.currency),
      discount: (l: Line) => money(l.discount, l.currency),
      noteId: (l: Line) => (l.noteId === null ? null : toGlobalId('Note', l.noteId)),
      note: (l: Line, _: unknown, gctx: Ctx) => readableNote(gctx, l.noteId),
      creator: (l: Line, _: unknown, gctx: Ctx) => (l.creatorId === null ? null : accounts(gctx).load(l.creatorId)),
    },
    Order: {
      id: (o: OrderRecord) => toGlobalId('Order', o.id),
      shop: (o: OrderRecord, _: unknown, gctx: Ctx) => shops.loader(gctx).load(o.shopId),
      buyer: (o: OrderRecord, _: unknown, gctx: Ctx) => accounts(gctx).load(o.buyerId),
      status: (o: OrderRecord) => o.status.toUpperCase(),
      lines: (o: OrderRecord, _: unknown, gctx: Ctx) => linesOf(gctx, o),
      subtotal: (o: OrderRecord) => money(o.subtotal, o.currency),
      discount: (o: OrderRecord) => money(o.discount, o.currency),
      shipping: (o: OrderRecord) => money(o.shipping, o.currency),
      total: (o: OrderRecord) => money(o.total, o.currency),
      refundedAmount: (o: OrderRecord) => money(o.refundedAmount, o.currency),
      coupons: async (o: OrderRecord, _: unknown, gctx: Ctx) =>
        ((await gctx.loaders.get<number, { code: string; amount: number }[]>('checkout.order-coupons', (ids) => orders.couponsOf(ids)).load(o.id)) ?? [])
          .map((c) => ({ code: c.code, amount: money(c.amount, o.currency) })),
      payment: (o: OrderRecord, _: unknown, gctx: Ctx) => (o.paymentId === null ? null
        : gctx.loaders.get<number, PaymentRecord>('checkout.payments', (ids) => paymentsOf(ctx).getPayments(ids)).load(o.paymentId)),
      paymentDeadline: (o: OrderRecord) => (o.status === 'pending' ? o.expiresAt : null),
      cancelReason: (o: OrderRecord) => o.cancelReason?.toUpperCase() ?? null,
    },
    NoteSales: {
      noteId: (r: SalesRow) => toGlobalId('Note', r.noteId!),
      note: (r: SalesRow, _: unknown, gctx: Ctx) => readableNote(gctx, r.noteId),
      creator: (r: SalesRow, _: unknown, gctx: Ctx) => (r.creatorId === null ? null : accounts(gctx).load(r.creatorId)),
    },
    CreatorSales: {
      creator: (r: SalesRow, _: unknown, gctx: Ctx) => (r.creatorId === null ? null : accounts(gctx).load(r.creatorId)),
    },
    Shop: {
      shippingOptions: (s: ShopRecord) => new ShippingOptions(ctx).activeOf(s.id),
      coupons: (s: ShopRecord, _: unknown, gctx: Ctx) => {
        requireManager(gctx, s);
        return new Coupons(ctx).ofShop(s.id);
      },
      orders: async (s: ShopRecord, args: { status?: string | null; first?: number; after?: string }, gctx: Ctx) => {
        requireManager(gctx, s);
        const status = (args.status?.toLowerCase() ?? null) as OrderStatus | null;
        const list = `shop-orders:${s.id}:${status ?? 'all'}`;
        const first = pager.first(args.first);
        return pager.connection(list, await orders.pageOfShop(s.id, status, first + 1, pager.after(list, args.after)), first);
      },
      sales: async (s: ShopRecord, args: { since?: Date | null; until?: Date | null }, gctx: Ctx) => {
        requireManager(gctx, s);
        const [byNote, byCreator] = await Promise.all([salesByNote(ctx, s.id, args), salesByCreator(ctx, s.id, args)]);
        return { byNote: salesOut(byNote), byCreator: salesOut(byCreator) };
      },
    },
    Query: {
      cart: async (_: unknown, args: { shopId: string }, gctx: Ctx) => carts.openOf(requireViewer(gctx).accountId, localId(args.shopId, 'Shop')),
      myCarts: (_: unknown, __: unknown, gctx: Ctx) => carts.openOfAccount(requireViewer(gctx).accountId),
      myAddresses: (_: unknown, __: unknown, gctx: Ctx) => new Addresses(ctx).of(requireViewer(gctx).accountId),
      myOrders: async (_: unknown, args: { first?: number; after?: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const list = `my-orders:${viewer.accountId}`;
        const first = pager.first(args.first);
        return pager.connection(list, await orders.pageOfBuyer(viewer.accountId, first + 1, pager.after(list, args.after)), first);
      },
      order: (_: unknown, args: { id: string }, gctx: Ctx) => can.visibleOrder(gctx.viewer, localId(args.id, 'Order')),
    },
    Mutation: checkoutMutations(ctx),
  };
}
