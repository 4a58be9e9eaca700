// Products: created as drafts with their variants, images and categories in
// one transaction; published and taken down by the merchant. The public sees
// published products only; the merchant sees all of theirs.

import type { Kysely } from 'kysely';
import {
  MediaServiceRef, badInput, notFound, timestampValue, toGlobalId, type MeadowContext, type PluginContext, type Viewer,
} from '../../../core/index.ts';
import { ProductPublished, ProductUnpublished, type ProductChange, type ProductOption, type ProductRecord, type ShopRecord } from '../contracts.ts';
import type { Categories } from './categories.ts';
import { productChangeNotifier } from './changes.ts';
import { catalogueSettings } from './settings.ts';
import { PRODUCT_COLUMNS, productOf } from './rows.ts';
import { mayManage, type Shops } from './shops.ts';
import { LIMITS, currency, distinctIds, distinctVariants, optionKey, optionValues, options as checkOptions, text } from './validation.ts';
import { prepareVariant, type VariantInput, type Variants } from './variants.ts';

export interface ProductInput {
  title: string;
  description?: string | null;
  currency?: string | null;
  options?: ProductOption[] | null;
  variants: VariantInput[];
  imageIds?: number[] | null;
  categoryIds?: number[] | null;
}

export interface ProductPatch {
  title?: string | null;
  description?: string | null;
  currency?: string | null;
  options?: ProductOption[] | null;
  imageIds?: number[] | null;
  categoryIds?: number[] | null;
}

export class Products {
  private readonly ctx: PluginContext<any>;
  private readonly shops: Shops;
  private readonly variants: Variants;
  private readonly categories: Categories;
  constructor(ctx: PluginContext<any>, parts: { shops: Shops; variants: Variants; categories: Categories }) {
    this.ctx = ctx;
    this.shops = parts.shops;
    this.variants = parts.variants;
    this.categories = parts.categories;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private now() {
    return timestampValue(this.ctx.db.dialect, new Date());
  }

  async getByIds(ids: readonly number[]): Promise<(ProductRecord | null)[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('shop_products').select(PRODUCT_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), productOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async getById(id: number): Promise<ProductRecord | null> {
    return (await this.getByIds([id]))[0] ?? null;
  }

  loader(gctx: Pick<MeadowContext, 'loaders'>) {
    return gctx.loaders.get<number, ProductRecord | null>('shop.products', (ids) => this.getByIds(ids));
  }

  /** The product as `viewer` may see it: published, or any state for its shop's manager; null otherwise. */
  async readable(product: ProductRecord | null, viewer: Viewer | null, shop?: ShopRecord | null): Promise<ProductRecord | null> {
    if (!product) return null;
    if (product.status === 'published') return product;
    const owner = shop ?? (await this.shops.getById(product.shopId));
    return owner && mayManage(owner, viewer) ? product : null;
  }

  /** The product when `viewer` manages its shop: NOT_FOUND when there is none (or it is hidden from them), FORBIDDEN for others who can see it. */
  async requireManaged(productId: number, viewer: Viewer): Promise<{ product: ProductRecord; shop: ShopRecord }> {
    const product = await this.getById(productId);
    const shop = product ? await this.shops.getById(product.shopId) : null;
    if (!product || !shop || (product.status !== 'published' && !mayManage(shop, viewer))) throw notFound('No such product');
    await this.shops.requireManaged(shop.id, viewer);
    return { product, shop };
  }

  /** Checks images: at most nine, no repeats, images (not videos); ones the product does not have yet must be the viewer's uploads. */
  private async checkImages(viewer: Viewer, ids: readonly number[], current: readonly number[] = []): Promise<number[]> {
    const list = distinctIds(ids, 'imageIds');
    if (list.length > LIMITS.images) throw badInput(`A product has at most ${LIMITS.images} images`, { field: 'imageIds' });
    const fresh = list.filter((id) => !current.includes(id));
    const media = await this.ctx.services.get(MediaServiceRef).assertOwnedBy(fresh, viewer.accountId);
    const video = media.find((m) => m.kind !== 'image');
    if (video) throw badInput(`Media ${toGlobalId('Media', video.id)} is a video; product images must be images`, { field: 'imageIds' });
    return list;
  }

  async create(viewer: Viewer, shopId: number, input: ProductInput): Promise<ProductRecord> {
    await this.shops.requireManaged(shopId, viewer);
    const settings = catalogueSettings(this.ctx);
    const title = text(input.title, 'title', 'The title', LIMITS.title);
    const description = text(input.description ?? '', 'description', 'The description', LIMITS.description, false);
    const code = currency(input.currency ?? settings.defaultCurrency);
    const options = checkOptions(input.options ?? []);
    if (!input.variants.length) throw badInput('A product needs at least one variant (its price and stock)', { field: 'variants' });
    if (input.variants.length > LIMITS.variants) throw badInput(`A product has at most ${LIMITS.variants} variants`, { field: 'variants' });
    const variants = input.variants.map((v) => prepareVariant(options, v, settings.maxPriceMinor));
    distinctVariants(variants);
    await this.variants.checkClashes({ id: 0, shopId }, variants, null);
    const imageIds = await this.checkImages(viewer, input.imageIds ?? []);
    const categoryIds = await this.categories.check(input.categoryIds ?? []);
    const shop = { id: shopId };
    const productId = await this.ctx.db.transaction(async (tx) => {
      const now = this.now();
      const row = await tx.db.insertInto('shop_products').values({
        shop_id: shop.id, title, description, currency: code, options: JSON.stringify(options), image_ids: JSON.stringify(imageIds),
        status: 'draft', published_at: null, created_at: now, updated_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      const id = Number(row.id);
      await this.variants.insert(tx.db, { id, shopId }, variants, 0);
      await this.categories.setForProduct(tx.db, id, categoryIds);
      return id;
    });
    return (await this.getById(productId))!;
  }

  async update(viewer: Viewer, productId: number, patch: ProductPatch): Promise<ProductRecord> {
    const { product } = await this.requireManaged(productId, viewer);
    const set: Record<string, unknown> = {};
    if (patch.title != null) set.title = text(patch.title, 'title', 'The title', LIMITS.title);
    if (patch.description != null) set.description = text(patch.description, 'description', 'The description', LIMITS.description, false);
    if (patch.currency != null && currency(patch.currency) !== product.currency) {
      if (product.status !== 'draft') throw badInput('The currency can change only before the product is first published', { field: 'currency' });
      set.currency = currency(patch.currency);
    }
    if (patch.imageIds != null) set.image_ids = JSON.stringify(await this.checkImages(viewer, patch.imageIds, product.imageIds));
    const categoryIds = patch.categoryIds == null ? null : await this.categories.check(patch.categoryIds);
    // New options must still describe every live variant (values are matched by option name).
    let remapped: { id: number; values: string[] }[] = [];
    if (patch.options != null) {
      const next = checkOptions(patch.options);
      const [live] = await this.variants.ofProducts([product.id]);
      const kept = (values: string[]) => product.options.map((o, i) => ({ name: o.name, value: values[i]! })).filter((s) => next.some((n) => n.name === s.name));
      remapped = live!.map((v) => ({ id: v.id, values: optionValues(next, kept(v.optionValues)) }));
      distinctVariants(remapped.map((r) => ({ optionValues: r.values, sku: null })));
      set.options = JSON.stringify(next);
    }
    const differs = (column: string, current: unknown) => set[column] !== undefined && set[column] !== current;
    const changes: ProductChange[] = [];
    if (differs('title', product.title) || differs('description', product.description) || differs('options', JSON.stringify(product.options)) || set.currency) changes.push('details');
    if (differs('image_ids', JSON.stringify(product.imageIds))) changes.push('images');
    if (categoryIds) changes.push('categories');
    await this.ctx.db.transaction(async (tx) => {
      await tx.db.updateTable('shop_products').set({ ...set, updated_at: this.now() }).where('id', '=', product.id).execute();
      // Two passes: a reordering may give one variant the key another still has until its own update.
      for (const r of remapped) await tx.db.updateTable('shop_variants').set({ option_key: `~${r.id}` }).where('id', '=', r.id).execute();
      for (const r of remapped) {
        await tx.db.updateTable('shop_variants').set({ option_values: JSON.stringify(r.values), option_key: optionKey(r.values) }).where('id', '=', r.id).execute();
      }
      if (categoryIds) await this.categories.setForProduct(tx.db, product.id, categoryIds);
      await productChangeNotifier(this.ctx)(product.id, changes, { tx });
    });
    return (await this.getById(product.id))!;
  }

  /** Publishes or takes down; unchanged when it already is so. */
  async setPublished(viewer: Viewer, productId: number, publish: boolean): Promise<ProductRecord> {
    const { product } = await this.requireManaged(productId, viewer);
    if ((product.status === 'published') === publish) return product;
    const now = this.now();
    await this.ctx.db.transaction(async (tx) => {
      await tx.db.updateTable('shop_products')
        .set(publish ? { status: 'published', published_at: now, updated_at: now } : { status: 'unpublished', updated_at: now })
        .where('id', '=', product.id).execute();
      const [row] = await tx.db.selectFrom('shop_products').select(PRODUCT_COLUMNS).where('id', '=', product.id).execute();
      await this.ctx.hooks.emit(publish ? ProductPublished : ProductUnpublished, { product: productOf(row) }, tx);
    });
    return (await this.getById(product.id))!;
  }

  /** A page of a shop's products, newest first (after the product id `afterId`); published ones unless `all`. */
  async pageOfShop(shopId: number, all: boolean, limit: number, afterId: number | null): Promise<ProductRecord[]> {
    let q = this.db.selectFrom('shop_products').select(PRODUCT_COLUMNS).where('shop_id', '=', shopId);
    if (!all) q = q.where('status', '=', 'published');
    if (afterId !== null) q = q.where('id', '<', afterId);
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map(productOf);
  }

  /** A page of a category's published products, newest first. */
  async pageOfCategory(categoryId: number, limit: number, afterId: number | null): Promise<ProductRecord[]> {
    let q = this.db.selectFrom('shop_products as p')
      .innerJoin('shop_product_categories as pc', 'pc.product_id', 'p.id')
      .select(PRODUCT_COLUMNS.map((c) => `p.${c}` as const))
      .where('pc.category_id', '=', categoryId).where('p.status', '=', 'published');
    if (afterId !== null) q = q.where('p.id', '<', afterId);
    return (await q.orderBy('p.id', 'desc').limit(limit).execute()).map(productOf);
  }
}
