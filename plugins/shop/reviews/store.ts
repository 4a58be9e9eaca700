// Ratings and their per-product aggregate. Every change of a rating (set,
// edited, hidden after a refund, shown again) runs in one transaction that
// first locks the product's aggregate row, then moves the rating and the
// aggregate together — so the counts are exact under concurrent writes and
// the aggregate is never out of step with the ratings shown.

import { sql, type Kysely } from 'kysely';
import { timestampValue, toDate, type PluginContext, type Tx } from '../../../core/index.ts';
import { productsReceivedBy } from '../checkout/index.ts';

export interface ReviewRecord {
  id: number;
  productId: number;
  shopId: number;
  /** The buyer who rated it. */
  accountId: number;
  /** 1–5. */
  stars: number;
  /** '' when none. */
  text: string;
  noteId: number | null;
  /** Set while the buyer has no order of the product that stands (refunded): not shown, not counted. */
  hiddenAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RatingSummary {
  productId: number;
  count: number;
  /** The sum of the stars (average = sum / count). */
  sum: number;
  /** How many gave 1, 2, 3, 4 and 5 stars (index 0 is one star). */
  byStars: [number, number, number, number, number];
}

export interface ReviewInput {
  productId: number;
  shopId: number;
  accountId: number;
  stars: number;
  text: string;
  noteId: number | null;
}

const COLUMNS = ['id', 'product_id', 'shop_id', 'account_id', 'stars', 'text', 'note_id', 'hidden_at', 'created_at', 'updated_at'] as const;
const STAR_COLUMNS = ['stars_1', 'stars_2', 'stars_3', 'stars_4', 'stars_5'] as const;

function reviewOf(row: any): ReviewRecord {
  return {
    id: Number(row.id), productId: Number(row.product_id), shopId: Number(row.shop_id), accountId: Number(row.account_id),
    stars: Number(row.stars), text: row.text ?? '', noteId: row.note_id == null ? null : Number(row.note_id),
    hiddenAt: toDate(row.hidden_at), createdAt: toDate(row.created_at)!, updatedAt: toDate(row.updated_at)!,
  };
}

const emptySummary = (productId: number): RatingSummary => ({ productId, count: 0, sum: 0, byStars: [0, 0, 0, 0, 0] });

/** Where a page of a product's ratings starts: after this rating (newest first by updatedAt, then id). */
export interface ReviewPosition {
  updatedAt: number;
  id: number;
}

export class Reviews {
  private readonly ctx: PluginContext<any>;
  constructor(ctx: PluginContext<any>) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private at(date: Date) {
    return timestampValue(this.ctx.db.dialect, date);
  }

  async getByIds(ids: readonly number[]): Promise<(ReviewRecord | null)[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('shop_reviews').select(COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), reviewOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The account's ratings of these products (shown or not), in the order of `productIds`. */
  async ofAccount(accountId: number, productIds: readonly number[]): Promise<(ReviewRecord | null)[]> {
    if (!productIds.length) return [];
    const rows = await this.db.selectFrom('shop_reviews').select(COLUMNS).where('account_id', '=', accountId)
      .where('product_id', 'in', [...new Set(productIds)]).execute();
    const byProduct = new Map(rows.map((r) => [Number(r.product_id), reviewOf(r)]));
    return productIds.map((id) => byProduct.get(id) ?? null);
  }

  /** The aggregates of these products, in their order (zeros for a product nobody rated). */
  async summaries(productIds: readonly number[]): Promise<RatingSummary[]> {
    if (!productIds.length) return [];
    const rows = await this.db.selectFrom('shop_product_ratings').selectAll().where('product_id', 'in', [...new Set(productIds)]).execute();
    const byId = new Map(rows.map((r) => [Number(r.product_id), {
      productId: Number(r.product_id), count: Number(r.ratings), sum: Number(r.stars_sum),
      byStars: STAR_COLUMNS.map((c) => Number(r[c])) as RatingSummary['byStars'],
    }]));
    return productIds.map((id) => byId.get(id) ?? emptySummary(id));
  }

  /** A page of the product's shown ratings, newest first; `limit` rows after `after`. */
  async page(productId: number, limit: number, after: ReviewPosition | null): Promise<ReviewRecord[]> {
    let q = this.db.selectFrom('shop_reviews').select(COLUMNS).where('product_id', '=', productId).where('hidden_at', 'is', null);
    if (after) {
      const t = this.at(new Date(after.updatedAt));
      q = q.where((eb) => eb.or([eb('updated_at', '<', t), eb.and([eb('updated_at', '=', t), eb('id', '<', after.id)])]));
    }
    return (await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(reviewOf);
  }

  /**
   * Sets the buyer's rating of the product (replacing theirs), shown and
   * counted. `mayRate` runs under the product's lock, so a refund that
   * lands meanwhile is either seen here or hides the rating right after.
   */
  async rate(input: ReviewInput, mayRate: (tx: Tx) => Promise<void>): Promise<ReviewRecord> {
    return this.ctx.db.transaction(async (tx) => {
      await this.lockProduct(tx, input.productId);
      await mayRate(tx);
      const before = await this.find(tx, input.productId, input.accountId);
      const now = this.at(new Date());
      const values = { stars: input.stars, text: input.text, note_id: input.noteId, hidden_at: null, updated_at: now };
      if (before) {
        await tx.db.updateTable('shop_reviews').set(values).where('id', '=', before.id).execute();
      } else {
        await tx.db.insertInto('shop_reviews').values({ ...values, product_id: input.productId, shop_id: input.shopId, account_id: input.accountId, created_at: now }).execute();
      }
      await this.adjust(tx, input.productId, before && !before.hiddenAt ? before.stars : null, input.stars);
      return (await this.find(tx, input.productId, input.accountId))!;
    });
  }

  /**
   * Makes the buyer's ratings of these products match what they have now:
   * hidden (and taken out of the counts) when no order of it stands, shown
   * again when one does. Idempotent; each product in its own transaction.
   */
  async syncWithPurchases(accountId: number, productIds: readonly number[]): Promise<void> {
    for (const productId of new Set(productIds)) {
      await this.ctx.db.transaction(async (tx) => {
        await this.lockProduct(tx, productId);
        const review = await this.find(tx, productId, accountId);
        if (!review) return;
        const received = (await productsReceivedBy(this.ctx, accountId, [productId], tx)).has(productId);
        if (received === !review.hiddenAt) return;
        await tx.db.updateTable('shop_reviews').set({ hidden_at: received ? null : this.at(new Date()) }).where('id', '=', review.id).execute();
        await this.adjust(tx, productId, received ? null : review.stars, received ? review.stars : null);
      });
    }
  }

  /** A deleted account's ratings go, and out of the counts. Idempotent. */
  async removeAllOf(accountId: number): Promise<void> {
    const rows = await this.db.selectFrom('shop_reviews').select('product_id').where('account_id', '=', accountId).execute();
    for (const productId of rows.map((r) => Number(r.product_id))) {
      await this.ctx.db.transaction(async (tx) => {
        await this.lockProduct(tx, productId);
        const review = await this.find(tx, productId, accountId);
        if (!review) return;
        await tx.db.deleteFrom('shop_reviews').where('id', '=', review.id).execute();
        await this.adjust(tx, productId, review.hiddenAt ? null : review.stars, null);
      });
    }
  }

  private async find(tx: Tx, productId: number, accountId: number): Promise<ReviewRecord | null> {
    const row = await tx.db.selectFrom('shop_reviews').select(COLUMNS).where('product_id', '=', productId).where('account_id', '=', accountId).executeTakeFirst();
    return row ? reviewOf(row) : null;
  }

  /** Serializes rating changes of one product: its aggregate row, created if missing, locked until the transaction ends. */
  private async lockProduct(tx: Tx, productId: number): Promise<void> {
    // On SQLite this write makes the transaction the (only) writer at once.
    await tx.db.insertInto('shop_product_ratings').values({ product_id: productId }).onConflict((oc) => oc.column('product_id').doNothing()).execute();
    if (this.ctx.db.dialect === 'postgres') {
      await tx.db.selectFrom('shop_product_ratings').select('product_id').where('product_id', '=', productId).forUpdate().execute();
    }
  }

  /** Moves one rating in the aggregate: out of `from` stars, into `to` (null: not counted). */
  private async adjust(tx: Tx, productId: number, from: number | null, to: number | null): Promise<void> {
    if (from === to) return;
    const set: Record<string, unknown> = {
      ratings: sql`ratings + ${(to === null ? 0 : 1) - (from === null ? 0 : 1)}`,
      stars_sum: sql`stars_sum + ${(to ?? 0) - (from ?? 0)}`,
    };
    if (from !== null) set[STAR_COLUMNS[from - 1]!] = sql.raw(`${STAR_COLUMNS[from - 1]} - 1`);
    if (to !== null) set[STAR_COLUMNS[to - 1]!] = sql.raw(`${STAR_COLUMNS[to - 1]} + 1`);
    await tx.db.updateTable('shop_product_ratings').set(set).where('product_id', '=', productId).execute();
  }
}

const stores = new WeakMap<object, Reviews>();

export function reviewsOf(ctx: PluginContext<any>): Reviews {
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = new Reviews(ctx)));
  return store;
}
