// Resolvers of the catalogue. Reads follow one rule: the public sees
// published products; a shop's managers see all of theirs (and stock
// counts). Writes are for a shop's managers only (FORBIDDEN for others).

import {
  AccountsServiceRef, MediaServiceRef, forbidden, localId, notFound, requireRole, requireViewer, toGlobalId,
  type MeadowContext, type MediaRecord, type PluginContext, type Resolvers,
} from '../../../core/index.ts';
import { productRefOf, type CategoryRecord, type Money, type ProductRecord, type ShopRecord, type VariantRecord } from '../contracts.ts';
import { productUrl } from '../links.ts';
import { decimalOf, formatMoney } from '../money.ts';
import { Pager } from '../paging.ts';
import { catalogueSettings } from './settings.ts';
import { mayManage, type ShopInput, type ShopPatch } from './shops.ts';
import { catalogueOf } from './store.ts';
import type { ProductInput, ProductPatch } from './products.ts';
import { prepareVariant, type VariantInput, type VariantPatch } from './variants.ts';

type Ctx = MeadowContext;
type IdInput<T, K extends keyof T> = Omit<T, K> & { [P in K]?: string[] | null };

export function catalogueResolvers(ctx: PluginContext<any>): Resolvers {
  const { shops, products, variants, categories } = catalogueOf(ctx);
  const pager = new Pager(ctx.secret);
  const media = () => ctx.services.get(MediaServiceRef);
  const variantsOf = (gctx: Ctx, productId: number) =>
    gctx.loaders.get<number, VariantRecord[]>('shop.variants', (ids) => variants.ofProducts(ids)).load(productId).then((v) => v ?? []);
  const manages = async (gctx: Ctx, shopId: number) => {
    const shop = await shops.loader(gctx).load(shopId);
    return !!shop && mayManage(shop, gctx.viewer);
  };
  const money = (amount: number, currency: string): Money => ({ amount, currency });
  const mediaIds = (ids: string[] | null | undefined) => ids?.map((id) => localId(id, 'Media'));
  const categoryIds = (ids: string[] | null | undefined) => ids?.map((id) => localId(id, 'Category'));
  const liveVariant = async (id: string) => {
    const [variant] = await variants.getByIds([localId(id, 'ProductVariant')]);
    if (!variant || variant.removedAt) throw notFound('No such variant');
    return variant;
  };

  return {
    Money: {
      decimal: (m: Money) => decimalOf(m),
      formatted: (m: Money) => formatMoney(m, m.currency === 'CNY' ? 'zh-CN' : 'en'),
    },
    Shop: {
      id: (s: ShopRecord) => toGlobalId('Shop', s.id),
      owner: (s: ShopRecord, _: unknown, gctx: Ctx) => (s.ownerId === null ? null : ctx.services.get(AccountsServiceRef).loader(gctx).load(s.ownerId)),
      viewerCanManage: (s: ShopRecord, _: unknown, gctx: Ctx) => mayManage(s, gctx.viewer),
      products: async (s: ShopRecord, args: { first?: number; after?: string; includeUnpublished?: boolean }, gctx: Ctx) => {
        const all = args.includeUnpublished === true;
        if (all && !mayManage(s, gctx.viewer)) throw forbidden('Unpublished products are for the shop’s managers only');
        const list = `shop:${s.id}:${all ? 'all' : 'published'}`;
        const first = pager.first(args.first);
        return pager.connection(list, await products.pageOfShop(s.id, all, first + 1, pager.after(list, args.after)), first);
      },
    },
    Product: {
      id: (p: ProductRecord) => toGlobalId('Product', p.id),
      shop: (p: ProductRecord, _: unknown, gctx: Ctx) => shops.loader(gctx).load(p.shopId),
      status: (p: ProductRecord) => p.status.toUpperCase(),
      variants: (p: ProductRecord, _: unknown, gctx: Ctx) => variantsOf(gctx, p.id),
      priceRange: async (p: ProductRecord, _: unknown, gctx: Ctx) => {
        const prices = (await variantsOf(gctx, p.id)).map((v) => v.price);
        return { min: money(prices.length ? Math.min(...prices) : 0, p.currency), max: money(prices.length ? Math.max(...prices) : 0, p.currency) };
      },
      inStock: async (p: ProductRecord, _: unknown, gctx: Ctx) => (await variantsOf(gctx, p.id)).some((v) => v.onHand > v.reserved),
      images: async (p: ProductRecord, _: unknown, gctx: Ctx) =>
        (await media().loader(gctx).loadMany(p.imageIds)).filter((m): m is MediaRecord => !!m && !(m instanceof Error)),
      categories: async (p: ProductRecord, _: unknown, gctx: Ctx) => {
        const ids = (await categories.idsOfProducts(gctx).load(p.id)) ?? [];
        return (await categories.loader(gctx).loadMany(ids)).filter((c): c is CategoryRecord => !!c && !(c instanceof Error));
      },
      ref: (p: ProductRecord) => productRefOf(p.id),
      url: (p: ProductRecord) => productUrl(ctx, p.id),
    },
    ProductVariant: {
      id: (v: VariantRecord) => toGlobalId('ProductVariant', v.id),
      product: (v: VariantRecord, _: unknown, gctx: Ctx) => products.loader(gctx).load(v.productId),
      options: async (v: VariantRecord, _: unknown, gctx: Ctx) => {
        const product = await products.loader(gctx).load(v.productId);
        return (product?.options ?? []).map((o, i) => ({ name: o.name, value: v.optionValues[i] ?? '' }));
      },
      title: (v: VariantRecord) => v.optionValues.join(' / '),
      price: async (v: VariantRecord, _: unknown, gctx: Ctx) => money(v.price, (await products.loader(gctx).load(v.productId))!.currency),
      compareAtPrice: async (v: VariantRecord, _: unknown, gctx: Ctx) =>
        (v.compareAtPrice === null ? null : money(v.compareAtPrice, (await products.loader(gctx).load(v.productId))!.currency)),
      available: (v: VariantRecord) => Math.max(0, v.onHand - v.reserved),
      inStock: (v: VariantRecord) => v.onHand > v.reserved,
      onHand: async (v: VariantRecord, _: unknown, gctx: Ctx) => ((await manages(gctx, v.shopId)) ? v.onHand : null),
      reserved: async (v: VariantRecord, _: unknown, gctx: Ctx) => ((await manages(gctx, v.shopId)) ? v.reserved : null),
    },
    Category: {
      id: (c: CategoryRecord) => toGlobalId('Category', c.id),
      parent: (c: CategoryRecord, _: unknown, gctx: Ctx) => (c.parentId === null ? null : categories.loader(gctx).load(c.parentId)),
      products: async (c: CategoryRecord, args: { first?: number; after?: string }) => {
        const list = `category:${c.id}`;
        const first = pager.first(args.first);
        return pager.connection(list, await products.pageOfCategory(c.id, first + 1, pager.after(list, args.after)), first);
      },
    },
    Query: {
      shop: async (_: unknown, args: { handle: string }) => (await shops.getByHandle(args.handle)) ?? Promise.reject(notFound('No such shop')),
      product: async (_: unknown, args: { id: string }, gctx: Ctx) =>
        (await products.readable(await products.getById(localId(args.id, 'Product')), gctx.viewer)) ?? Promise.reject(notFound('No such product')),
      categories: () => categories.list(),
      category: async (_: unknown, args: { slug: string }) => (await categories.getBySlug(args.slug)) ?? Promise.reject(notFound('No such category')),
      managedShops: (_: unknown, __: unknown, gctx: Ctx) => shops.managedBy(requireViewer(gctx)),
    },
    Mutation: {
      createShop: (_: unknown, args: { input: ShopInput }, gctx: Ctx) => shops.create(requireViewer(gctx), args.input),
      updateShop: (_: unknown, args: { id: string; input: ShopPatch }, gctx: Ctx) => shops.update(requireViewer(gctx), localId(args.id, 'Shop'), args.input),
      createProduct: (_: unknown, args: { shopId: string; input: IdInput<ProductInput, 'imageIds' | 'categoryIds'> }, gctx: Ctx) =>
        products.create(requireViewer(gctx), localId(args.shopId, 'Shop'), {
          ...args.input, imageIds: mediaIds(args.input.imageIds), categoryIds: categoryIds(args.input.categoryIds),
        }),
      updateProduct: (_: unknown, args: { id: string; input: IdInput<ProductPatch, 'imageIds' | 'categoryIds'> }, gctx: Ctx) =>
        products.update(requireViewer(gctx), localId(args.id, 'Product'), {
          ...args.input, imageIds: mediaIds(args.input.imageIds), categoryIds: categoryIds(args.input.categoryIds),
        }),
      publishProduct: (_: unknown, args: { id: string }, gctx: Ctx) => products.setPublished(requireViewer(gctx), localId(args.id, 'Product'), true),
      unpublishProduct: (_: unknown, args: { id: string }, gctx: Ctx) => products.setPublished(requireViewer(gctx), localId(args.id, 'Product'), false),
      addVariant: async (_: unknown, args: { productId: string; input: VariantInput }, gctx: Ctx) => {
        const { product } = await products.requireManaged(localId(args.productId, 'Product'), requireViewer(gctx));
        return variants.add(product, prepareVariant(product.options, args.input, catalogueSettings(ctx).maxPriceMinor));
      },
      updateVariant: async (_: unknown, args: { id: string; input: VariantPatch }, gctx: Ctx) => {
        const variant = await liveVariant(args.id);
        const { product } = await products.requireManaged(variant.productId, requireViewer(gctx));
        return variants.update(variant, product, args.input, catalogueSettings(ctx).maxPriceMinor);
      },
      removeVariant: async (_: unknown, args: { id: string }, gctx: Ctx) => {
        const variant = await liveVariant(args.id);
        const { product } = await products.requireManaged(variant.productId, requireViewer(gctx));
        await variants.remove(variant);
        return product;
      },
      adjustStock: async (_: unknown, args: { variantId: string; delta: number }, gctx: Ctx) => {
        const variant = await liveVariant(args.variantId);
        await products.requireManaged(variant.productId, requireViewer(gctx));
        return variants.adjust(variant.id, args.delta);
      },
      createCategory: (_: unknown, args: { input: { slug: string; name: string; parentId?: string | null } }, gctx: Ctx) => {
        requireRole(gctx, 'admin');
        return categories.create({ ...args.input, parentId: args.input.parentId ? localId(args.input.parentId, 'Category') : null });
      },
    },
  };
}
