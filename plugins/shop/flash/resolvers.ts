// The flash-sale module's GraphQL resolvers. A sale is as visible as its
// product (public once published; drafts and taken-down ones to the shop's
// managers only); reads are batched per request.

import { localId, notFound, requireViewer, toGlobalId, type MeadowContext, type PluginContext, type Resolvers, type Viewer } from '../../../core/index.ts';
import type { PaymentNextAction, ProductRecord, ShopRecord } from '../contracts.ts';
import { catalogueOf, mayManage } from '../catalogue/index.ts';
import { ordersOf } from '../checkout/index.ts';
import { paymentsOf } from '../payments/index.ts';
import { admissionOf } from './admission.ts';
import { buyFlashSale } from './buy.ts';
import { statusOf, type FlashSaleRecord } from './rows.ts';
import { flashSalesOf } from './sales.ts';

type Ctx = MeadowContext;

interface BuyArgs {
  saleId: string;
  quantity?: number | null;
  addressId?: string | null;
  address?: any;
  shippingOptionId?: string | null;
  paymentProvider: string;
  returnUrl?: string | null;
  noteId?: string | null;
  idempotencyKey: string;
}

const money = (amount: number, currency: string) => ({ amount, currency });
const nextActionOut = (next: PaymentNextAction | null) => next && { ...next, type: next.type.toUpperCase() };

/** The sale when the viewer may see its product; null otherwise. */
export async function visibleSale(ctx: PluginContext<any>, viewer: Viewer | null, id: number): Promise<FlashSaleRecord | null> {
  const sale = await flashSalesOf(ctx).get(id);
  if (!sale) return null;
  const { products } = catalogueOf(ctx);
  return (await products.readable(await products.getById(sale.productId), viewer)) ? sale : null;
}

export function flashResolvers(ctx: PluginContext<any>): Resolvers {
  const sales = flashSalesOf(ctx);
  const { shops, products, variants } = catalogueOf(ctx);
  const saleOfProduct = (gctx: Ctx, productId: number) =>
    gctx.loaders.get<number, FlashSaleRecord | null>('flash.current-of-product', (ids) => sales.currentOfProducts(ids)).load(productId);
  const variantOf = (gctx: Ctx, id: number) => gctx.loaders.get('flash.variants', (ids: readonly number[]) => variants.getByIds(ids)).load(id);
  const manages = async (gctx: Ctx, shopId: number) => {
    const shop = await shops.loader(gctx).load(shopId);
    return !!shop && mayManage(shop, gctx.viewer);
  };
  const requireSale = async (gctx: Ctx, gid: string) => (await visibleSale(ctx, gctx.viewer, localId(gid, 'FlashSale'))) ?? Promise.reject(notFound('The flash sale'));

  return {
    FlashSale: {
      id: (s: FlashSaleRecord) => toGlobalId('FlashSale', s.id),
      shop: (s: FlashSaleRecord, _: unknown, gctx: Ctx) => shops.loader(gctx).load(s.shopId),
      product: async (s: FlashSaleRecord, _: unknown, gctx: Ctx) => products.readable(await products.loader(gctx).load(s.productId), gctx.viewer),
      variant: async (s: FlashSaleRecord, _: unknown, gctx: Ctx) => {
        const product = await products.readable(await products.loader(gctx).load(s.productId), gctx.viewer);
        return product ? variantOf(gctx, s.variantId) : null;
      },
      price: (s: FlashSaleRecord) => money(s.price, s.currency),
      regularPrice: async (s: FlashSaleRecord, _: unknown, gctx: Ctx) => money((await variantOf(gctx, s.variantId))?.price ?? s.price, s.currency),
      status: (s: FlashSaleRecord) => statusOf(s).toUpperCase(),
      viewerUnits: async (s: FlashSaleRecord, _: unknown, gctx: Ctx) => {
        if (!gctx.viewer) return null;
        const viewerId = gctx.viewer.accountId;
        return gctx.loaders.get<number, number>(`flash.units-of:${viewerId}`, (ids) => sales.unitsOf(viewerId, ids)).load(s.id);
      },
      orderCount: async (s: FlashSaleRecord, _: unknown, gctx: Ctx) => ((await manages(gctx, s.shopId)) ? sales.orderCount(s.id) : null),
    },
    Product: {
      flashSale: (p: ProductRecord, _: unknown, gctx: Ctx) => saleOfProduct(gctx, p.id),
    },
    Shop: {
      flashSales: async (s: ShopRecord, args: { includeEnded?: boolean | null }, gctx: Ctx) => {
        const manager = mayManage(s, gctx.viewer);
        const list = await sales.ofShop(s.id, !!args.includeEnded && manager);
        if (manager) return list;
        const readable = await products.getByIds(list.map((x) => x.productId));
        return list.filter((_, i) => readable[i]?.status === 'published');
      },
    },
    Query: {
      flashSale: (_: unknown, args: { id: string }, gctx: Ctx) => requireSale(gctx, args.id),
    },
    Mutation: {
      createFlashSale: (_: unknown, args: { input: { variantId: string; quantity: number; price: number; startsAt?: Date | null; endsAt: Date; perPersonLimit?: number | null } }, gctx: Ctx) =>
        sales.create(requireViewer(gctx), { ...args.input, variantId: localId(args.input.variantId, 'ProductVariant') }),
      endFlashSale: async (_: unknown, args: { id: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const sale = await requireSale(gctx, args.id);
        await shops.requireManaged(sale.shopId, viewer);
        const closed = await sales.close(sale.id);
        admissionOf(ctx).saw(sale.id, { closed: true });
        return closed.sale;
      },
      buyFlashSale: async (_: unknown, { input }: { input: BuyArgs }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        // The hot path: a public sale as this process last saw it (at most a moment ago), else the full check.
        const view = await admissionOf(ctx).view(localId(input.saleId, 'FlashSale'));
        const sale = view?.published ? view.sale : await requireSale(gctx, input.saleId);
        const { result, replayed } = await buyFlashSale(ctx, viewer, sale, {
          quantity: input.quantity ?? 1,
          addressId: input.addressId ? localId(input.addressId, 'Address') : null,
          address: input.address ?? null,
          shippingOptionId: input.shippingOptionId ? localId(input.shippingOptionId, 'ShippingOption') : null,
          provider: input.paymentProvider,
          returnUrl: input.returnUrl ?? null,
          noteId: input.noteId ? localId(input.noteId, 'Note') : null,
          idempotencyKey: input.idempotencyKey,
        });
        const payment = result.paymentId === null ? null : await paymentsOf(ctx).getPayment(result.paymentId);
        return { order: await ordersOf(ctx).get(result.orderId), payment, nextAction: nextActionOut(result.nextAction), replayed, sale: await sales.get(sale.id) };
      },
    },
  };
}
