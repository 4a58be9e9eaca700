// ShopService: what other plugins may ask of the shop (contracts.ts), made
// from the modules' own parts.

import type { PluginContext } from '../../core/index.ts';
import type { ShopService } from './contracts.ts';
import { catalogueOf, mayManage } from './catalogue/index.ts';
import { publishedProducts } from './tags/card.ts';
import { noteProductsOf } from './tags/index.ts';
import { NotesServiceRef } from '../notes/contracts.ts';

export function shopService(ctx: PluginContext<any>): ShopService {
  const { shops, products, variants } = catalogueOf(ctx);
  const links = noteProductsOf(ctx);
  return {
    getShop: (id) => shops.getById(id),
    getProduct: (id) => products.getById(id),
    getProducts: (ids) => products.getByIds(ids),
    variantsOf: async (productId) => (await variants.ofProducts([productId]))[0] ?? [],
    getVariant: async (id) => (await variants.getByIds([id]))[0] ?? null,
    publishedProduct: async (id) => (await publishedProducts(ctx, [id]))[0] ?? null,
    canManage: async (shopId, viewer) => {
      const shop = await shops.getById(shopId);
      return !!shop && mayManage(shop, viewer);
    },
    productIdsOfNote: async (noteId) => {
      const note = await ctx.services.get(NotesServiceRef).getById(noteId);
      return note ? (await publishedProducts(ctx, await links.linkedProductIds(note))).map((p) => p.id) : [];
    },
    attributionFor: (input) => links.attributionFor(input),
    stock: variants,
  };
}
