// A published product as the fediverse reads it: a `Note` whose content a
// plain server (Mastodon, Misskey …) shows as a post — the name in bold, the
// price with its currency, whether it is sold out, the start of the
// description and a link to the product page — with the product's images as
// attachments and `url` the product page. Beside it, schema.org's Product
// properties (offers with price, currency and availability per variant, the
// seller, the product id notes refer to) for readers that know them.
//
// It is posted by the brand account that runs the shop (the instance actor
// for the instance's own shops), public. Drafts and taken-down products are
// not served (404).

import type { Context } from '@fedify/fedify';
import { Image, LanguageString, PUBLIC_COLLECTION, type Note } from '@fedify/vocab';
import { Temporal } from '@js-temporal/polyfill';
import { AccountsServiceRef, MediaServiceRef, escapeHtml, type AccountRecord, type PluginContext } from '../../../core/index.ts';
import { productRefOf, type ProductRecord, type ShopRecord, type VariantRecord } from '../contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { productUrl, shopUrl } from '../links.ts';
import { decimalOf, formatMoney, localeForCurrency, priceLabel, type PriceLocale } from '../money.ts';
import { addFields, patch, PatchedNote, ProductRoute, type Json } from './vocabulary.ts';

/** How much of the description the post shows. */
const EXCERPT = 280;

const instant = (d: Date) => Temporal.Instant.fromEpochMilliseconds(d.getTime());
const available = (v: VariantRecord) => v.onHand > v.reserved;

export function productUri(fctx: Context<void>, productId: number): URL {
  return fctx.getObjectUri(ProductRoute, { id: String(productId) });
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1).trimEnd()}…` : flat;
}

const WORDS = {
  soldOut: { 'zh-CN': '已售罄', en: 'Sold out' },
  view: { 'zh-CN': '在{shop}查看', en: 'View at {shop}' },
} as const;

/** The readable post: what Mastodon shows. */
export function productContent(product: ProductRecord, shop: ShopRecord, variants: VariantRecord[], url: string, locale: PriceLocale): string {
  const prices = variants.map((v) => v.price);
  const single = variants.length === 1 ? variants[0]! : null;
  const was = single?.compareAtPrice != null ? ` <del>${escapeHtml(formatMoney({ amount: single.compareAtPrice, currency: product.currency }, locale))}</del>` : '';
  const price = `<strong>${escapeHtml(priceLabel(prices, product.currency, locale))}</strong>${was}`;
  const soldOut = variants.some(available) ? '' : ` · ${WORDS.soldOut[locale]}`;
  const description = product.description.trim() ? `<p>${escapeHtml(excerpt(product.description))}</p>` : '';
  const link = WORDS.view[locale].replace('{shop}', shop.name);
  return `<p><strong>${escapeHtml(product.title)}</strong></p><p>${price}${soldOut}</p>${description}`
    + `<p><a href="${escapeHtml(url)}">${escapeHtml(link)}</a></p>`;
}

/** schema.org properties: one Offer per variant, the seller, the product id. */
export function productFields(ctx: PluginContext<any>, product: ProductRecord, shop: ShopRecord, variants: VariantRecord[]): Json {
  return {
    'schema:productID': productRefOf(product.id),
    'schema:offers': variants.map((v) => ({
      type: 'schema:Offer',
      ...(v.optionValues.length ? { 'schema:name': v.optionValues.join(' / ') } : {}),
      ...(v.sku ? { 'schema:sku': v.sku } : {}),
      'schema:price': decimalOf({ amount: v.price, currency: product.currency }),
      'schema:priceCurrency': product.currency,
      'schema:availability': `https://schema.org/${available(v) ? 'InStock' : 'OutOfStock'}`,
    })),
    'schema:seller': { type: 'schema:Organization', 'schema:name': shop.name, 'schema:url': shopUrl(ctx, shop.handle) },
  };
}

export interface BuiltProduct {
  note: Note;
  /** The schema.org fields its JSON carries (also inside a Create). */
  fields: Json;
  product: ProductRecord;
  /** The brand account posting it; null for the instance's shops. */
  owner: AccountRecord | null;
}

/** The Note for a published product, or null. */
export async function productObject(ctx: PluginContext<any>, fctx: Context<void>, productId: number): Promise<Note | null> {
  return (await buildProduct(ctx, fctx, productId))?.note ?? null;
}

/** The shop and the local account that posts its products (null for the instance's shops); null when it has no such account. */
export async function brandOf(ctx: PluginContext<any>, shopId: number): Promise<{ shop: ShopRecord; owner: AccountRecord | null } | null> {
  const shop = await catalogueOf(ctx).shops.getById(shopId);
  const owner = shop?.ownerId != null ? await ctx.services.get(AccountsServiceRef).getById(shop.ownerId) : null;
  if (!shop || (shop.ownerId != null && (!owner || owner.remote))) return null;
  return { shop, owner };
}

export async function buildProduct(ctx: PluginContext<any>, fctx: Context<void>, productId: number): Promise<BuiltProduct | null> {
  const { products, variants } = catalogueOf(ctx);
  const product = await products.getById(productId);
  if (!product || product.status !== 'published') return null;
  const brand = await brandOf(ctx, product.shopId);
  if (!brand) return null;
  const { shop, owner } = brand;
  const live = (await variants.ofProducts([product.id]))[0] ?? [];
  const media = ctx.services.get(MediaServiceRef);
  const images = (await media.getByIds(product.imageIds)).filter((m) => m !== null);

  const id = productUri(fctx, product.id);
  const url = productUrl(ctx, product.id);
  const locale = localeForCurrency(product.currency);
  const content = productContent(product, shop, live, url, locale);
  const object = new PatchedNote({
    id,
    url: new URL(url),
    attribution: fctx.getActorUri(owner ? owner.handle : 'instance'),
    name: product.title,
    contents: [content, new LanguageString(content, locale)],
    attachments: images.map((m) => new Image({
      url: new URL(media.urlOf(m)), mediaType: m.mimeType, name: m.alt || product.title, width: m.width, height: m.height,
    })),
    tos: [PUBLIC_COLLECTION],
    ccs: owner ? [fctx.getFollowersUri(owner.handle)] : [],
    published: instant(product.publishedAt ?? product.createdAt),
    // A variant selling out moves only its own updatedAt (checkouts never lock the product row).
    updated: instant(new Date(Math.max(product.updatedAt.getTime(), ...live.map((v) => v.updatedAt.getTime())))),
  });
  const fields = productFields(ctx, product, shop, live);
  return { note: patch(object, (json) => addFields(json, fields)), fields, product, owner };
}
