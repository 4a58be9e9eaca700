// Flash sales: a quantity of one variant (SKU) at a special price for a
// time window, with a per-person limit.
//
// Stock (the decision): the sale's units leave the shelf when the sale is
// CREATED — one conditional reserve on the variant (`reserved + quantity`
// WHERE enough is available), in the sale's own transaction — so what the
// merchant announced cannot be sold away before it starts, and a sale can
// never promise units that are not there. From then on the sale holds
// `remaining` units plus those being turned into orders in the variant's
// `reserved`; a buyer's order takes its units over from the sale (claims.ts).
// When the sale ends (its end time, by a job queued for it; or the merchant
// ends it early) it is closed and its unsold units go back to the shelf.

import { sql } from 'kysely';
import { badInput, conflict, notFound, timestampValue, type PluginContext, type Viewer } from '../../../core/index.ts';
import { ShopServiceRef } from '../contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { SALE_COLUMNS, saleOf, type FlashSaleRecord } from './rows.ts';
import { flashSettingsOf } from './settings.ts';

export const CLOSE_JOB = 'flash-close';
/** Client and server clocks differ: a start this little in the past counts as "now". */
const CLOCK_SKEW_MS = 60_000;
const MIN_DURATION_MS = 60_000;
const MAX_PER_PERSON = 1000;

export interface FlashSaleInput {
  variantId: number;
  quantity: number;
  /** The special price of one unit, minor units: more than 0, less than the variant's price. */
  price: number;
  /** Null: now. */
  startsAt?: Date | null;
  endsAt: Date;
  perPersonLimit?: number | null;
}

const wholeNumber = (value: number, field: string, min: number, max: number, what: string) => {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw badInput(`${what} is a whole number from ${min} to ${max}`, { field, min, max });
  return value;
};

class NotEnoughStock extends Error {}

export class FlashSales {
  private readonly ctx: PluginContext<any>;
  constructor(ctx: PluginContext<any>) {
    this.ctx = ctx;
  }

  private get db() {
    return this.ctx.db.kysely();
  }

  private ts(d: Date) {
    return timestampValue(this.ctx.db.dialect, d);
  }

  async getByIds(ids: readonly number[]): Promise<(FlashSaleRecord | null)[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('shop_flash_sales').select(SALE_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), saleOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async get(id: number): Promise<FlashSaleRecord | null> {
    return (await this.getByIds([id]))[0] ?? null;
  }

  /** For each product, its running sale or else the next one to start (null when none). */
  async currentOfProducts(productIds: readonly number[], now = new Date()): Promise<(FlashSaleRecord | null)[]> {
    if (!productIds.length) return [];
    const rows = await this.db.selectFrom('shop_flash_sales').select(SALE_COLUMNS).where('product_id', 'in', [...new Set(productIds)])
      .where('closed_at', 'is', null).where('ends_at', '>', this.ts(now)).orderBy('starts_at').orderBy('id').execute();
    const first = new Map<number, FlashSaleRecord>();
    for (const row of rows) {
      const sale = saleOf(row);
      if (!first.has(sale.productId)) first.set(sale.productId, sale);
    }
    return productIds.map((id) => first.get(id) ?? null);
  }

  /** A shop's sales, newest first: those running or to come, and ended ones too when asked. */
  async ofShop(shopId: number, includeEnded: boolean, limit = 50): Promise<FlashSaleRecord[]> {
    let q = this.db.selectFrom('shop_flash_sales').select(SALE_COLUMNS).where('shop_id', '=', shopId);
    if (!includeEnded) q = q.where('closed_at', 'is', null).where('ends_at', '>', this.ts(new Date()));
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map(saleOf);
  }

  /** A merchant's new sale; its units leave the shelf now (BAD_USER_INPUT NOT_ENOUGH_STOCK when fewer are available). */
  async create(viewer: Viewer, input: FlashSaleInput): Promise<FlashSaleRecord> {
    const { products, variants } = catalogueOf(this.ctx);
    const settings = flashSettingsOf(this.ctx);
    const [variant] = await variants.getByIds([input.variantId]);
    if (!variant || variant.removedAt) throw notFound('The variant');
    const { product } = await products.requireManaged(variant.productId, viewer);
    if (product.status !== 'published') throw badInput('Publish the product before putting it on a flash sale', { field: 'variantId', reason: 'UNPUBLISHED' });
    const quantity = wholeNumber(input.quantity, 'quantity', 1, settings.flashMaxQuantity, 'A sale’s quantity');
    if (!Number.isSafeInteger(input.price) || input.price < 1 || input.price >= variant.price) {
      throw badInput(`A flash price is a whole number of minor units, more than 0 and less than the regular price (${variant.price})`, { field: 'price', regularPrice: variant.price });
    }
    const limit = wholeNumber(input.perPersonLimit ?? 1, 'perPersonLimit', 1, Math.min(quantity, MAX_PER_PERSON), 'The per-person limit');
    const now = new Date();
    const startsAt = input.startsAt ?? now;
    if (!(startsAt instanceof Date) || Number.isNaN(startsAt.getTime()) || startsAt.getTime() < now.getTime() - CLOCK_SKEW_MS) {
      throw badInput('A sale starts now or later (leave startsAt out to start now)', { field: 'startsAt' });
    }
    if (startsAt.getTime() > now.getTime() + settings.flashMaxLeadDays * 86_400_000) {
      throw badInput(`A sale starts within ${settings.flashMaxLeadDays} days`, { field: 'startsAt', maxLeadDays: settings.flashMaxLeadDays });
    }
    const start = startsAt < now ? now : startsAt;
    const endsAt = input.endsAt;
    if (!(endsAt instanceof Date) || Number.isNaN(endsAt.getTime()) || endsAt.getTime() < start.getTime() + MIN_DURATION_MS) {
      throw badInput('A sale ends at least a minute after it starts', { field: 'endsAt' });
    }
    if (endsAt.getTime() - start.getTime() > settings.flashMaxDurationHours * 3_600_000) {
      throw badInput(`A sale runs at most ${settings.flashMaxDurationHours} hours`, { field: 'endsAt', maxDurationHours: settings.flashMaxDurationHours });
    }

    const id = await this.ctx.db.transaction(async (tx): Promise<number | null> => {
      const overlapping = await tx.db.selectFrom('shop_flash_sales').select('id').where('variant_id', '=', variant.id).where('closed_at', 'is', null)
        .where('starts_at', '<', this.ts(endsAt)).where('ends_at', '>', this.ts(start)).executeTakeFirst();
      if (overlapping) throw conflict('This variant already has a flash sale in that time', { reason: 'OVERLAPPING_SALE', saleId: Number(overlapping.id) });
      const row = await tx.db.insertInto('shop_flash_sales').values({
        shop_id: product.shopId, product_id: product.id, variant_id: variant.id, currency: product.currency, price: input.price, quantity, remaining: quantity,
        per_person_limit: limit, starts_at: this.ts(start), ends_at: this.ts(endsAt), closed_at: null, created_by: viewer.accountId,
        created_at: this.ts(now), updated_at: this.ts(now),
      }).returning('id').executeTakeFirstOrThrow();
      if (!(await this.ctx.services.get(ShopServiceRef).stock.reserve(variant.id, quantity, tx))) throw new NotEnoughStock();
      await this.ctx.jobs.enqueue(CLOSE_JOB, { saleId: Number(row.id) }, { tx, runAt: endsAt });
      return Number(row.id);
    }).catch((err) => {
      if (err instanceof NotEnoughStock) return null; // undone with the transaction
      throw err;
    });
    if (id === null) {
      const [fresh] = await variants.getByIds([variant.id]);
      const available = fresh ? Math.max(0, fresh.onHand - fresh.reserved) : 0;
      throw badInput(`Only ${available} units are available for a sale`, { field: 'quantity', reason: 'NOT_ENOUGH_STOCK', available });
    }
    return (await this.get(id))!;
  }

  /**
   * Ends the sale: no more buying, and its unsold units go back to the
   * shelf, in one transaction. Units of orders cancelled later go to the
   * shelf too (claims.ts). Returns the sale; false `changed` when it was already closed.
   */
  async close(id: number): Promise<{ sale: FlashSaleRecord | null; changed: boolean }> {
    const changed = await this.ctx.db.transaction(async (tx) => {
      for (;;) {
        const row = await tx.db.selectFrom('shop_flash_sales').select(['variant_id', 'remaining', 'closed_at']).where('id', '=', id).executeTakeFirst();
        if (!row || row.closed_at != null) return false;
        const unsold = Number(row.remaining);
        const now = this.ts(new Date());
        // Only if no buy took units since the read (else read again).
        const res = await tx.db.updateTable('shop_flash_sales').set({ closed_at: now, remaining: 0, updated_at: now })
          .where('id', '=', id).where('closed_at', 'is', null).where('remaining', '=', unsold).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) continue;
        if (unsold > 0 && !(await this.ctx.services.get(ShopServiceRef).stock.release(Number(row.variant_id), unsold, tx))) {
          throw new Error(`flash: variant ${row.variant_id} holds fewer units than sale ${id} had left`);
        }
        return true;
      }
    });
    return { sale: await this.get(id), changed };
  }

  /** Sales whose end time passed and that are not closed yet (their close job may have been lost), oldest first. */
  async overdue(now: Date, limit: number): Promise<number[]> {
    const rows = await this.db.selectFrom('shop_flash_sales').select('id').where('closed_at', 'is', null)
      .where('ends_at', '<=', this.ts(now)).orderBy('ends_at').limit(limit).execute();
    return rows.map((r) => Number(r.id));
  }

  /** Units the account holds or bought in each sale (claims and orders not cancelled). */
  async unitsOf(accountId: number, saleIds: readonly number[]): Promise<number[]> {
    if (!saleIds.length) return [];
    const rows = await this.db.selectFrom('shop_flash_buyers').select(['sale_id', 'units']).where('account_id', '=', accountId)
      .where('sale_id', 'in', [...new Set(saleIds)]).execute();
    const bySale = new Map(rows.map((r) => [Number(r.sale_id), Number(r.units)]));
    return saleIds.map((id) => bySale.get(id) ?? 0);
  }

  /** Orders placed from the sale that still hold their units (pending or paid). */
  async orderCount(saleId: number): Promise<number> {
    const row = await this.db.selectFrom('shop_flash_orders').select(sql<string>`count(*)`.as('n')).where('sale_id', '=', saleId).where('state', '=', 'holding').executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

const stores = new WeakMap<object, FlashSales>();

export function flashSalesOf(ctx: PluginContext<any>): FlashSales {
  let sales = stores.get(ctx);
  if (!sales) stores.set(ctx, (sales = new FlashSales(ctx)));
  return sales;
}

/** The close job, queued for each sale's end: closes it, and any other overdue sale. */
export async function closeOverdueSales(payload: { saleId?: number }, ctx: PluginContext<any>): Promise<void> {
  const sales = flashSalesOf(ctx);
  const now = new Date();
  if (payload?.saleId) {
    const sale = await sales.get(payload.saleId);
    if (sale && !sale.closedAt && sale.endsAt > now) await ctx.jobs.enqueue(CLOSE_JOB, { saleId: sale.id }, { runAt: sale.endsAt });
  }
  for (;;) {
    const due = await sales.overdue(now, 100);
    for (const id of due) await sales.close(id);
    if (due.length < 100) break;
  }
}
