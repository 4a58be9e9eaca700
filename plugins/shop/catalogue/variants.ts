// Variants (SKUs): one value of each product option, a price in minor units
// and stock. Stock changes are single conditional UPDATEs (see StockLedger in
// contracts.ts), so concurrent buyers and merchants never drive it negative.

import { sql, type Kysely } from 'kysely';
import { badInput, conflict, notFound, timestampValue, type Tx } from '../../../core/index.ts';
import type { ProductChangeNotifier } from './changes.ts';
import type { ProductOption, ProductRecord, StockLedger, VariantRecord } from '../contracts.ts';
import { VARIANT_COLUMNS, isUniqueViolation, variantOf } from './rows.ts';
import { LIMITS, distinctVariants, optionKey, optionValues, price, sku, stock } from './validation.ts';

export interface VariantInput {
  options?: { name: string; value: string }[] | null;
  sku?: string | null;
  price: number;
  compareAtPrice?: number | null;
  stock?: number | null;
}

export interface VariantPatch {
  options?: { name: string; value: string }[] | null;
  sku?: string | null;
  price?: number | null;
  compareAtPrice?: number | null;
}

export interface PreparedVariant {
  optionValues: string[];
  sku: string | null;
  price: number;
  compareAtPrice: number | null;
  onHand: number;
}

/** Checks one variant against the product's options and the price limit. */
export function prepareVariant(options: readonly ProductOption[], input: VariantInput, maxPrice: number): PreparedVariant {
  const values = optionValues(options, input.options ?? []);
  const amount = price(input.price, 'price', maxPrice);
  const compareAt = input.compareAtPrice == null ? null : price(input.compareAtPrice, 'compareAtPrice', maxPrice);
  if (compareAt !== null && compareAt <= amount) throw badInput('compareAtPrice (the "was" price) must be more than the price', { field: 'compareAtPrice' });
  return { optionValues: values, sku: sku(input.sku), price: amount, compareAtPrice: compareAt, onHand: stock(input.stock ?? 0) };
}

const quantityOf = (quantity: number) => {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > LIMITS.stock) throw badInput('quantity must be a whole number of at least 1', { field: 'quantity' });
  return quantity;
};

export class Variants implements StockLedger {
  private readonly kysely: () => Kysely<any>;
  private readonly dialect: 'sqlite' | 'postgres';
  /** ProductUpdated after a change buyers see (variants, or a variant selling out / coming back). */
  private readonly notify: ProductChangeNotifier;
  constructor(kysely: () => Kysely<any>, dialect: 'sqlite' | 'postgres', notify: ProductChangeNotifier = async () => {}) {
    this.kysely = kysely;
    this.dialect = dialect;
    this.notify = notify;
  }

  private now() {
    return timestampValue(this.dialect, new Date());
  }

  /** Live variants of these products, each list in the merchant's order. */
  async ofProducts(productIds: readonly number[], db: Kysely<any> = this.kysely()): Promise<VariantRecord[][]> {
    if (!productIds.length) return [];
    const rows = await db.selectFrom('shop_variants').select(VARIANT_COLUMNS)
      .where('product_id', 'in', [...new Set(productIds)]).where('removed_at', 'is', null)
      .orderBy('position').orderBy('id').execute();
    const byProduct = new Map<number, VariantRecord[]>();
    for (const row of rows) {
      const v = variantOf(row);
      (byProduct.get(v.productId) ?? byProduct.set(v.productId, []).get(v.productId)!).push(v);
    }
    return productIds.map((id) => byProduct.get(id) ?? []);
  }

  /** Any variant by id, removed ones too (orders may name them). */
  async getByIds(ids: readonly number[]): Promise<(VariantRecord | null)[]> {
    if (!ids.length) return [];
    const rows = await this.kysely().selectFrom('shop_variants').select(VARIANT_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), variantOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async insert(db: Kysely<any>, product: Pick<ProductRecord, 'id' | 'shopId'>, variants: PreparedVariant[], firstPosition: number): Promise<void> {
    if (!variants.length) return;
    const now = this.now();
    try {
      await db.insertInto('shop_variants').values(variants.map((v, i) => ({
        product_id: product.id, shop_id: product.shopId, sku: v.sku, option_values: JSON.stringify(v.optionValues), option_key: optionKey(v.optionValues),
        price: v.price, compare_at_price: v.compareAtPrice, on_hand: v.onHand, reserved: 0, position: firstPosition + i, created_at: now, updated_at: now,
      }))).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('A variant with these options, or this SKU code, already exists in the shop', { field: 'variants' });
      throw err;
    }
  }

  /** Refuses options or a SKU code another live variant (of the product, of the shop) already has. */
  async checkClashes(product: Pick<ProductRecord, 'id' | 'shopId'>, candidates: PreparedVariant[], exceptVariantId: number | null): Promise<void> {
    const [existing] = await this.ofProducts([product.id]);
    distinctVariants(candidates);
    const taken = new Set(existing!.filter((v) => v.id !== exceptVariantId).map((v) => optionKey(v.optionValues)));
    const clash = candidates.find((c) => taken.has(optionKey(c.optionValues)));
    if (clash) throw conflict(`The product already has a variant ${clash.optionValues.join(' / ') || 'without options'}`, { field: 'options' });
    const codes = candidates.map((c) => c.sku).filter((c): c is string => c !== null);
    if (!codes.length) return;
    let q = this.kysely().selectFrom('shop_variants').select('sku').where('shop_id', '=', product.shopId).where('removed_at', 'is', null).where('sku', 'in', codes);
    if (exceptVariantId !== null) q = q.where('id', '!=', exceptVariantId);
    const used = await q.executeTakeFirst();
    if (used) throw conflict(`Another variant in this shop has the SKU code "${used.sku}"`, { field: 'sku' });
  }

  /** A new variant of an existing product, after the others. */
  async add(product: ProductRecord, variant: PreparedVariant): Promise<VariantRecord> {
    await this.checkClashes(product, [variant], null);
    const db = this.kysely();
    const last = await db.selectFrom('shop_variants').select((eb) => eb.fn.max('position').as('position')).where('product_id', '=', product.id).executeTakeFirst();
    await this.insert(db, product, [variant], Number(last?.position ?? -1) + 1);
    const row = await db.selectFrom('shop_variants').select(VARIANT_COLUMNS)
      .where('product_id', '=', product.id).where('option_key', '=', optionKey(variant.optionValues)).where('removed_at', 'is', null).executeTakeFirstOrThrow();
    await this.notify(product.id, ['variants'], { touch: true });
    return variantOf(row);
  }

  async update(variant: VariantRecord, product: ProductRecord, patch: VariantPatch, maxPrice: number): Promise<VariantRecord> {
    const next = prepareVariant(product.options, {
      options: patch.options ?? product.options.map((o, i) => ({ name: o.name, value: variant.optionValues[i]! })),
      sku: patch.sku === undefined ? variant.sku : patch.sku,
      price: patch.price ?? variant.price,
      compareAtPrice: patch.compareAtPrice === undefined ? variant.compareAtPrice : patch.compareAtPrice,
    }, maxPrice);
    await this.checkClashes(product, [{ ...next, onHand: variant.onHand }], variant.id);
    try {
      await this.kysely().updateTable('shop_variants').set({
        sku: next.sku, option_values: JSON.stringify(next.optionValues), option_key: optionKey(next.optionValues),
        price: next.price, compare_at_price: next.compareAtPrice, updated_at: this.now(),
      }).where('id', '=', variant.id).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('A variant with these options, or this SKU code, already exists in the shop', { field: 'variants' });
      throw err;
    }
    await this.notify(product.id, ['variants'], { touch: true });
    return (await this.getByIds([variant.id]))[0]!;
  }

  /** Soft removal (orders may still name it); the last live variant of a product stays, checked in the same statement. */
  async remove(variant: VariantRecord): Promise<void> {
    const res = await this.kysely().updateTable('shop_variants').set({ removed_at: this.now(), updated_at: this.now() })
      .where('id', '=', variant.id).where('removed_at', 'is', null)
      .where(sql<boolean>`(select count(*) from shop_variants s where s.product_id = ${variant.productId} and s.removed_at is null) > 1`)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw badInput('A product keeps at least one variant; unpublish the product instead', { field: 'id' });
    await this.notify(variant.productId, ['variants'], { touch: true });
  }

  /** The merchant's correction (a delivery came in, a count was off): on hand moves by `delta`, never below what checkouts hold. */
  async adjust(variantId: number, delta: number): Promise<VariantRecord> {
    if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > LIMITS.stock) {
      throw badInput(`delta must be a whole number other than 0, at most ${LIMITS.stock} either way`, { field: 'delta' });
    }
    const res = await this.kysely().updateTable('shop_variants')
      .set({ on_hand: sql`on_hand + ${delta}`, updated_at: this.now() })
      .where('id', '=', variantId).where('removed_at', 'is', null)
      .where(sql<boolean>`on_hand + ${delta} >= reserved and on_hand + ${delta} <= ${LIMITS.stock}`)
      .executeTakeFirst();
    const [after] = await this.getByIds([variantId]);
    if (!after || after.removedAt) throw notFound('No such variant');
    if (Number(res.numUpdatedRows) === 0) {
      const floor = after.reserved;
      if (after.onHand + delta > LIMITS.stock) throw badInput(`Stock is at most ${LIMITS.stock}`, { field: 'delta' });
      throw badInput(
        floor ? `Stock cannot go below the ${floor} units held by checkouts (${after.onHand} on hand)` : `Stock cannot go below 0 (${after.onHand} on hand)`,
        { field: 'delta', onHand: after.onHand, reserved: after.reserved },
      );
    }
    if (after.onHand - delta > after.reserved !== after.onHand > after.reserved) await this.notify(after.productId, ['availability'], { touch: true });
    return after;
  }

  // ------------------------------------------------------------ StockLedger

  async reserve(variantId: number, quantity: number, tx?: Tx): Promise<boolean> {
    const n = quantityOf(quantity);
    // The last units: the variant sells out (its updatedAt moves, in the same statement).
    const row = await (tx?.db ?? this.kysely()).updateTable('shop_variants')
      .set({ reserved: sql`reserved + ${n}`, updated_at: sql`case when on_hand - reserved = ${n} then ${this.now()} else updated_at end` })
      .where('id', '=', variantId).where('removed_at', 'is', null)
      .where(sql<boolean>`on_hand - reserved >= ${n}`)
      .returning(['product_id', 'on_hand', 'reserved'])
      .executeTakeFirst();
    if (row && Number(row.on_hand) === Number(row.reserved)) await this.notify(Number(row.product_id), ['availability'], { tx });
    return !!row;
  }

  async release(variantId: number, quantity: number, tx?: Tx): Promise<boolean> {
    const n = quantityOf(quantity);
    // Units back on a sold-out variant: it can be bought again.
    const row = await (tx?.db ?? this.kysely()).updateTable('shop_variants')
      .set({ reserved: sql`reserved - ${n}`, updated_at: sql`case when on_hand = reserved then ${this.now()} else updated_at end` })
      .where('id', '=', variantId).where('reserved', '>=', n)
      .returning(['product_id', 'on_hand', 'reserved', 'removed_at'])
      .executeTakeFirst();
    if (row && row.removed_at == null && Number(row.on_hand) - Number(row.reserved) === n) await this.notify(Number(row.product_id), ['availability'], { tx });
    return !!row;
  }

  async commit(variantId: number, quantity: number, tx?: Tx): Promise<boolean> {
    const n = quantityOf(quantity);
    const res = await (tx?.db ?? this.kysely()).updateTable('shop_variants')
      .set({ reserved: sql`reserved - ${n}`, on_hand: sql`on_hand - ${n}` })
      .where('id', '=', variantId).where('reserved', '>=', n)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}
