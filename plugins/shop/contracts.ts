// The shop plugin's public face: what a shop, product and variant are, how a
// note refers to a product, the stock ledger a checkout reserves from, and
// what a purchase remembers about the note that led to it. Other plugins
// (live, monetization, web) import this file only; notes know nothing of it.
//
// Inside the plugin the work is split into modules (see module.ts):
//   catalogue/  shops, products, options and variants (SKUs), prices, stock, categories
//   tags/       note ↔ product: tags on a note's images, refs in note blocks, the product card
//   payments/   payment providers, idempotency keys, webhooks
//   checkout/   carts, addresses, shipping, coupons, orders (states: checkout/contracts.ts), reservations
//   flash/      flash sales: a quantity of one variant at a special price in a time window, per-person limit;
//               its units set aside at creation, sold through checkout's placeOrder (flash/sales.ts, claims.ts)
//   reviews/    ratings from verified buyers only (an order line of the product, delivered or completed,
//               not refunded); their notes lead Product.notes among real experiences (tags' FirstHandNotes)

import { defineEvent, defineFilter, defineService, type MeadowContext, type Tx } from '../../core/index.ts';
import type { NoteRecord } from '../notes/contracts.ts';

// ---------------------------------------------------------------- money

/**
 * An amount in the currency's minor unit (fen for CNY, cents for USD, yen
 * for JPY — Intl decides how many digits), never a float. `currency` is an
 * ISO 4217 code, upper case.
 */
export interface Money {
  amount: number;
  currency: string;
}

// ---------------------------------------------------------------- catalogue

/** A shop is run by a brand (or official) account, or by the instance itself (ownerId null, run by admins). */
export interface ShopRecord {
  id: number;
  /** URL name: 2–40 of a-z, 0-9, '-', '_', starting with a letter or digit; unique. */
  handle: string;
  name: string;
  description: string;
  ownerId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export const PRODUCT_STATUSES = ['draft', 'published', 'unpublished'] as const;
/** draft: never published; unpublished: taken down after being published. Only `published` is public. */
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** An option a product comes in, e.g. { name: "颜色", values: ["白", "黑"] }. */
export interface ProductOption {
  name: string;
  values: string[];
}

export interface ProductRecord {
  id: number;
  shopId: number;
  title: string;
  description: string;
  /** ISO 4217; every variant's price is in it. */
  currency: string;
  options: ProductOption[];
  /** Media ids of the product's images, in display order (the first is the cover). */
  imageIds: number[];
  status: ProductStatus;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A variant is one SKU: one value of each of the product's options. */
export interface VariantRecord {
  id: number;
  productId: number;
  shopId: number;
  /** The merchant's own stock-keeping code (unique in the shop), or null. */
  sku: string | null;
  /** One value per product option, in the product's option order. */
  optionValues: string[];
  /** In the product's currency, minor units. */
  price: number;
  /** The "was" price shown struck through; greater than `price` when set. */
  compareAtPrice: number | null;
  /** Units in the warehouse, including those reserved. */
  onHand: number;
  /** Units held by unfinished checkouts. */
  reserved: number;
  /** Set when the merchant removed it; kept so orders can still name it. */
  removedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CategoryRecord {
  id: number;
  /** URL name, unique. */
  slug: string;
  name: string;
  parentId: number | null;
}

// ---------------------------------------------------------------- stock

/**
 * Stock is two numbers per variant: `onHand` (physically there) and
 * `reserved` (held by unfinished checkouts); what can be sold is
 * `onHand - reserved`. Each operation is ONE conditional UPDATE on the
 * variant row, so two buyers can never take the last unit twice (no read,
 * then write): reserve is `SET reserved = reserved + n WHERE on_hand - reserved
 * >= n`. A CHECK constraint (0 <= reserved <= on_hand) backs this up in the
 * database. Which order holds which units, and until when, is the checkout's
 * own table (a reservation row with an expiry, released by a job) — the
 * catalogue only keeps the counts. Pass the checkout's `tx` so the count and
 * the order row commit together.
 */
export interface StockLedger {
  /** Holds `quantity` units for a checkout; false (nothing changed) when fewer are available or the variant is gone. */
  reserve(variantId: number, quantity: number, tx?: Tx): Promise<boolean>;
  /** Gives back held units (a checkout expired or was cancelled); false when fewer are held. */
  release(variantId: number, quantity: number, tx?: Tx): Promise<boolean>;
  /** Held units were paid for: they leave both `reserved` and `onHand`. False when fewer are held. */
  commit(variantId: number, quantity: number, tx?: Tx): Promise<boolean>;
}

// ---------------------------------------------------------------- note ↔ product

/** Product references in note blocks (TutorialStep.productRef) look like "product:42" (the local product id). */
export const PRODUCT_REF_PREFIX = 'product:';

export function productRefOf(productId: number): string {
  return `${PRODUCT_REF_PREFIX}${productId}`;
}

/** The product id in a "product:<id>" ref; null for refs of other kinds; NaN for a malformed product ref. */
export function parseProductRef(ref: string | null | undefined): number | null {
  if (!ref || !ref.startsWith(PRODUCT_REF_PREFIX)) return null;
  const raw = ref.slice(PRODUCT_REF_PREFIX.length);
  return /^[1-9][0-9]{0,15}$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : Number.NaN;
}

/** A product tag the note's author placed on one of its images; x and y are fractions of the width and height (0..1, from the top left). */
export interface NoteProductTag {
  id: number;
  noteId: number;
  /** The image it is on (its media id; the index follows the note's current image order). */
  mediaId: number;
  imageIndex: number;
  x: number;
  y: number;
  productId: number;
}

/** How a buyer reached the product from a note. */
export type AttributionVia = 'image-tag' | 'block';

/**
 * What a purchase remembers about the note that led to it, for creators'
 * earnings from sales their notes drive. The checkout takes the note the
 * buyer came from, asks `ShopService.attributionFor` (which checks the note
 * is readable to the buyer and really links the product), and stores the
 * result with the order line — a copy, so a later edit of the note does not
 * change who earned what.
 */
export interface PurchaseAttribution {
  noteId: number;
  /** The note's author: the creator the sale is attributed to. */
  creatorId: number;
  productId: number;
  via: AttributionVia;
  at: Date;
}

// ---------------------------------------------------------------- service

export interface ShopService {
  getShop(id: number): Promise<ShopRecord | null>;
  getProduct(id: number): Promise<ProductRecord | null>;
  getProducts(ids: readonly number[]): Promise<(ProductRecord | null)[]>;
  /** Live (not removed) variants of a product, in the merchant's order. */
  variantsOf(productId: number): Promise<VariantRecord[]>;
  getVariant(id: number): Promise<VariantRecord | null>;
  /** A published product of this id (what the public may see), or null. */
  publishedProduct(id: number): Promise<ProductRecord | null>;
  /** Whether the account may manage the shop (its owner; admins for the instance's shop). */
  canManage(shopId: number, viewer: MeadowContext['viewer']): Promise<boolean>;
  /** Published products linked to a note (image tags first, then block refs), without duplicates. */
  productIdsOfNote(noteId: number): Promise<number[]>;
  /** The attribution for a purchase of `productId` by `buyerId` who came from `noteId`; null when the note does not lead there. */
  attributionFor(input: { noteId: number; productId: number; buyerId: number }): Promise<PurchaseAttribution | null>;
  /** Reserve, release and commit stock (see StockLedger). */
  readonly stock: StockLedger;
}

export const ShopServiceRef = defineService<ShopService>('shop.shop', 'Shop: shops, products, variants and stock, product links of notes, purchase attribution');

// ---------------------------------------------------------------- events

export const ProductPublished = defineEvent<{ product: ProductRecord }>('product.published', {
  description: 'A product became public (first publish, or published again after being taken down).',
});

export const ProductUnpublished = defineEvent<{ product: ProductRecord }>('product.unpublished', {
  description: 'A merchant took a product down; it is no longer public (notes keep their tags, which stop showing).',
});

/** What changed in a ProductUpdated: its title, description or options; its images; its categories; its variants (added, removed, price, options, SKU); whether a variant can be bought (sold out ↔ in stock, by the merchant or by sales). */
export type ProductChange = 'details' | 'images' | 'categories' | 'variants' | 'availability';

export const ProductUpdated = defineEvent<{ product: ProductRecord; changes: ProductChange[] }>('product.updated', {
  description: 'A product, in any state, changed in what buyers see (after the write commits); stock counts that leave a variant in stock do not count.',
});

export const NoteProductsTagged = defineEvent<{ noteId: number; authorId: number; productIds: number[] }>('note.products-tagged', {
  description: "A note's author changed the product tags on its images; productIds are the products now tagged.",
});

/**
 * Which notes about a product come from a first-hand experience someone can
 * vouch for (the shop's reviews module: their authors received it in an
 * order that was not refunded). Product.notes lists them first among the
 * real experiences; paid promotion and the shop's own notes stay last
 * whatever the answer. Add note ids to the set.
 */
export const FirstHandNotes = defineFilter<Set<number>, { product: ProductRecord; notes: readonly NoteRecord[] }>('shop.first-hand-notes', {
  description: 'Ids of the notes about a product whose authors are verified buyers (Product.notes lists them first among real experiences); add to the set.',
});

// ---------------------------------------------------------------- payments

export * from './payments/contracts.ts';

// ---------------------------------------------------------------- checkout

export * from './checkout/contracts.ts';
