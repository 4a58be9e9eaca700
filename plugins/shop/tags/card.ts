// The product card under a note: cover, title, price, shop — one link to the
// product page. Everything inserted is escaped (it goes into note HTML that
// the web front end and federated readers show as is).

import { MediaServiceRef, escapeHtml, type PluginContext } from '../../../core/index.ts';
import type { RenderSection } from '../../notes/contracts.ts';
import type { ProductRecord } from '../contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { productUrl } from '../links.ts';
import { formatMoney } from '../money.ts';

/** Published products of these ids, in the order given (others dropped). */
export async function publishedProducts(ctx: PluginContext<any>, ids: readonly number[]): Promise<ProductRecord[]> {
  const found = await catalogueOf(ctx).products.getByIds(ids);
  return found.filter((p): p is ProductRecord => p?.status === 'published');
}

/** One `product-card` section per product. */
export async function productCards(ctx: PluginContext<any>, products: readonly ProductRecord[], language: string | null): Promise<RenderSection[]> {
  if (!products.length) return [];
  const { shops, variants } = catalogueOf(ctx);
  const media = ctx.services.get(MediaServiceRef);
  const [shopList, variantLists, covers] = await Promise.all([
    shops.getByIds(products.map((p) => p.shopId)),
    variants.ofProducts(products.map((p) => p.id)),
    media.getByIds(products.flatMap((p) => (p.imageIds.length ? [p.imageIds[0]!] : []))),
  ]);
  const coverOf = new Map(covers.filter((m) => m !== null).map((m) => [m.id, m]));
  // The note's language, else the currency's home (a yuan price reads best in Chinese).
  const localeOf = (p: ProductRecord) => (language ? (language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en') : p.currency === 'CNY' ? 'zh-CN' : 'en');
  return products.map((product, i) => {
    const locale = localeOf(product);
    const prices = variantLists[i]!.map((v) => v.price);
    const min = prices.length ? Math.min(...prices) : 0;
    const price = formatMoney({ amount: min, currency: product.currency }, locale);
    const from = new Set(prices).size > 1 ? (locale === 'zh-CN' ? `${price} 起` : `from ${price}`) : price;
    const cover = product.imageIds[0] === undefined ? undefined : coverOf.get(product.imageIds[0]);
    const img = cover ? `<img src="${escapeHtml(media.urlOf(cover, 'small'))}" alt="${escapeHtml(product.title)}" loading="lazy">` : '';
    const shop = shopList[i]?.name ?? '';
    const html = `<aside class="meadow-product-card" data-product-id="${product.id}"><a href="${escapeHtml(productUrl(ctx, product.id))}">${img}`
      + `<span class="meadow-product-title">${escapeHtml(product.title)}</span><span class="meadow-product-price">${escapeHtml(from)}</span>`
      + (shop ? `<span class="meadow-product-shop">${escapeHtml(shop)}</span>` : '') + '</a></aside>';
    return { plugin: 'shop', kind: 'product-card', html, position: 'after-blocks' as const };
  });
}
