// The product card under a note: cover, title, price, shop — one link to the
// product page. Everything inserted is escaped (it goes into note HTML that
// the web front end and federated readers show as is).

import DataLoader from 'dataloader';
import { MediaServiceRef, escapeHtml, type MediaRecord, type PluginContext } from '../../../core/index.ts';
import type { RenderSection } from '../../notes/contracts.ts';
import type { ProductRecord } from '../contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { productUrl } from '../links.ts';
import { localeForCurrency, priceLabel } from '../money.ts';

/** Published products of these ids, in the order given (others dropped). */
export async function publishedProducts(ctx: PluginContext<any>, ids: readonly number[]): Promise<ProductRecord[]> {
  const found = await catalogueOf(ctx).products.getByIds(ids);
  return found.filter((p): p is ProductRecord => p?.status === 'published');
}

interface CardData {
  product: ProductRecord;
  shopName: string;
  prices: number[];
  cover: MediaRecord | null;
}

/** What the cards of a page of notes need, read once for all of them (lookups in the same tick are batched). */
class CardLoader {
  readonly loader: DataLoader<number, CardData | null>;
  constructor(ctx: PluginContext<any>) {
    this.loader = new DataLoader(async (ids) => {
      const { shops, variants } = catalogueOf(ctx);
      const media = ctx.services.get(MediaServiceRef);
      const products = await publishedProducts(ctx, ids);
      const [shopList, variantLists, covers] = await Promise.all([
        shops.getByIds(products.map((p) => p.shopId)),
        variants.ofProducts(products.map((p) => p.id)),
        media.getByIds(products.flatMap((p) => (p.imageIds.length ? [p.imageIds[0]!] : []))),
      ]);
      const coverOf = new Map(covers.filter((m) => m !== null).map((m) => [m.id, m]));
      const byId = new Map(products.map((product, i) => [product.id, {
        product, shopName: shopList[i]?.name ?? '', prices: variantLists[i]!.map((v) => v.price),
        cover: product.imageIds[0] === undefined ? null : (coverOf.get(product.imageIds[0]) ?? null),
      }]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { cache: false, maxBatchSize: 500 });
  }
}

const cardData = new WeakMap<object, CardLoader>();

/**
 * One `product-card` section per product on sale among `ids`, in that order.
 * The link names the note (?from=<note>), so a purchase from the product
 * page is credited to the note's creator.
 */
export async function productCards(ctx: PluginContext<any>, ids: readonly number[], language: string | null, noteId: number): Promise<RenderSection[]> {
  if (!ids.length) return [];
  let data = cardData.get(ctx);
  if (!data) cardData.set(ctx, (data = new CardLoader(ctx)));
  const media = ctx.services.get(MediaServiceRef);
  const cards = (await data.loader.loadMany(ids)).filter((c): c is CardData => !!c && !(c instanceof Error));
  // The note's language, else the currency's home (a yuan price reads best in Chinese).
  const localeOf = (p: ProductRecord) => (language ? (language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en') : localeForCurrency(p.currency));
  return cards.map(({ product, shopName, prices, cover }) => {
    const from = priceLabel(prices, product.currency, localeOf(product));
    const img = cover ? `<img src="${escapeHtml(media.urlOf(cover, 'small'))}" alt="${escapeHtml(product.title)}" loading="lazy">` : '';
    const html = `<aside class="meadow-product-card" data-product-id="${product.id}"><a href="${escapeHtml(`${productUrl(ctx, product.id)}?from=${noteId}`)}">${img}`
      + `<span class="meadow-product-title">${escapeHtml(product.title)}</span><span class="meadow-product-price">${escapeHtml(from)}</span>`
      + (shopName ? `<span class="meadow-product-shop">${escapeHtml(shopName)}</span>` : '') + '</a></aside>';
    return { plugin: 'shop', kind: 'product-card', html, position: 'after-blocks' as const };
  });
}
