// Categories: an instance-wide tree that admins keep (服饰 > 外套); products
// link to up to five. Browsing a category lists its published products.

import type { Kysely } from 'kysely';
import { badInput, conflict, notFound, timestampValue, type MeadowContext, type PluginContext } from '../../../core/index.ts';
import type { CategoryRecord } from '../contracts.ts';
import { CATEGORY_COLUMNS, categoryOf, isUniqueViolation } from './rows.ts';
import { LIMITS, distinctIds, text } from './validation.ts';

export interface CategoryInput {
  slug: string;
  name: string;
  parentId?: number | null;
}

export class Categories {
  private readonly ctx: PluginContext<any>;
  constructor(ctx: PluginContext<any>) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  async list(): Promise<CategoryRecord[]> {
    return (await this.db.selectFrom('shop_categories').select(CATEGORY_COLUMNS).orderBy('id').execute()).map(categoryOf);
  }

  async getBySlug(slug: string): Promise<CategoryRecord | null> {
    const row = await this.db.selectFrom('shop_categories').select(CATEGORY_COLUMNS).where('slug', '=', slug.trim().toLowerCase()).executeTakeFirst();
    return row ? categoryOf(row) : null;
  }

  async getByIds(ids: readonly number[]): Promise<(CategoryRecord | null)[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('shop_categories').select(CATEGORY_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), categoryOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  loader(gctx: Pick<MeadowContext, 'loaders'>) {
    return gctx.loaders.get<number, CategoryRecord | null>('shop.categories', (ids) => this.getByIds(ids));
  }

  /** Category ids of each product, batched per request. */
  idsOfProducts(gctx: Pick<MeadowContext, 'loaders'>) {
    return gctx.loaders.get<number, number[]>('shop.productCategories', async (productIds) => {
      const rows = await this.db.selectFrom('shop_product_categories').select(['product_id', 'category_id'])
        .where('product_id', 'in', [...productIds]).orderBy('category_id').execute();
      const byProduct = new Map<number, number[]>();
      for (const r of rows) (byProduct.get(Number(r.product_id)) ?? byProduct.set(Number(r.product_id), []).get(Number(r.product_id))!).push(Number(r.category_id));
      return productIds.map((id) => byProduct.get(id) ?? []);
    });
  }

  async create(input: CategoryInput): Promise<CategoryRecord> {
    const slug = input.slug.trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(slug)) throw badInput('A category slug is 1–60 letters a-z, digits or "-"', { field: 'slug' });
    const name = text(input.name, 'name', 'The category name', 100);
    if (input.parentId != null && !(await this.getByIds([input.parentId]))[0]) throw notFound('No such parent category');
    try {
      const row = await this.db.insertInto('shop_categories')
        .values({ slug, name, parent_id: input.parentId ?? null, created_at: timestampValue(this.ctx.db.dialect, new Date()) })
        .returning(CATEGORY_COLUMNS).executeTakeFirstOrThrow();
      return categoryOf(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`The category slug "${slug}" is taken`, { field: 'slug' });
      throw err;
    }
  }

  /** Checks a product's category list: at most five, no repeats, all existing. */
  async check(ids: readonly number[]): Promise<number[]> {
    const list = distinctIds(ids, 'categoryIds');
    if (list.length > LIMITS.categories) throw badInput(`A product is in at most ${LIMITS.categories} categories`, { field: 'categoryIds' });
    const found = await this.getByIds(list);
    if (found.some((c) => !c)) throw badInput('categoryIds names a category that does not exist', { field: 'categoryIds' });
    return list;
  }

  /** Replaces the product's categories (inside the caller's transaction). */
  async setForProduct(db: Kysely<any>, productId: number, ids: readonly number[]): Promise<void> {
    await db.deleteFrom('shop_product_categories').where('product_id', '=', productId).execute();
    if (ids.length) await db.insertInto('shop_product_categories').values(ids.map((id) => ({ product_id: productId, category_id: id }))).execute();
  }
}
