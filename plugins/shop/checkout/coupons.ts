// Coupons of a shop: a code for a fixed amount or a percentage off, with an
// optional minimum spend, time window, overall and per-person limits, and
// whether it stacks with others (totals.ts does the arithmetic).
//
// Limits are counted atomically when an order is placed, in its
// transaction: one conditional UPDATE for the overall count and one
// conditional upsert per buyer, so two checkouts cannot both take the last
// use. An unpaid order that is cancelled gives its uses back; a paid one
// keeps them (also when refunded).

import { sql } from 'kysely';
import { badInput, conflict, timestampValue, type PluginContext, type Tx } from '../../../core/index.ts';
import { catalogueSettings } from '../catalogue/settings.ts';
import { currency as checkCurrency, price } from '../catalogue/validation.ts';
import { couponOf, isUniqueViolation, type CouponRecord } from './rows.ts';

export interface CouponInput {
  code: string;
  kind: 'fixed' | 'percentage';
  value: number;
  currency?: string | null;
  minSpend?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  usageLimit?: number | null;
  perPersonLimit?: number | null;
  stackable?: boolean | null;
}

const COLUMNS = ['id', 'shop_id', 'code', 'kind', 'value', 'currency', 'min_spend', 'starts_at', 'ends_at', 'usage_limit', 'per_person_limit', 'stackable', 'used_count', 'disabled_at'] as const;

const refused = (code: string, reason: string, message: string) => badInput(message, { field: 'couponCodes', reason, coupon: code });

export const normalizeCode = (code: string) => (typeof code === 'string' ? code.trim().toUpperCase() : '');

const limit = (value: number | null | undefined, field: string) => {
  if (value == null) return null;
  if (!Number.isSafeInteger(value) || value < 1 || value > 1_000_000_000) throw badInput(`${field} is a whole number of at least 1`, { field });
  return value;
};

export class Coupons {
  private readonly ctx: PluginContext;
  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db() {
    return this.ctx.db.kysely();
  }

  private ts(date: Date) {
    return timestampValue(this.ctx.db.dialect, date);
  }

  async get(id: number): Promise<CouponRecord | null> {
    const row = await this.db.selectFrom('shop_coupons').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? couponOf(row) : null;
  }

  async ofShop(shopId: number): Promise<CouponRecord[]> {
    return (await this.db.selectFrom('shop_coupons').select(COLUMNS).where('shop_id', '=', shopId).orderBy('id', 'desc').limit(500).execute()).map(couponOf);
  }

  async create(shopId: number, input: CouponInput): Promise<CouponRecord> {
    const code = normalizeCode(input.code);
    if (!/^[A-Z0-9][A-Z0-9_-]{2,39}$/.test(code)) throw badInput('A coupon code is 3–40 letters, digits, "-" or "_"', { field: 'code' });
    if (input.kind !== 'fixed' && input.kind !== 'percentage') throw badInput('A coupon is fixed or percentage', { field: 'kind' });
    const settings = catalogueSettings(this.ctx as PluginContext<any>);
    let value: number;
    let currency: string | null = null;
    if (input.kind === 'percentage') {
      if (!Number.isSafeInteger(input.value) || input.value < 1 || input.value > 100) throw badInput('A percentage coupon takes 1 to 100 percent off', { field: 'value' });
      value = input.value;
    } else {
      value = price(input.value, 'value', settings.maxPriceMinor);
      if (value < 1) throw badInput('A fixed coupon takes at least 1 minor unit off', { field: 'value' });
      currency = checkCurrency(input.currency ?? settings.defaultCurrency);
    }
    const minSpend = price(input.minSpend ?? 0, 'minSpend', 2_000_000_000);
    const startsAt = input.startsAt ?? null;
    const endsAt = input.endsAt ?? null;
    if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) throw badInput('A coupon ends after it starts', { field: 'endsAt' });
    try {
      const row = await this.db.insertInto('shop_coupons').values({
        shop_id: shopId, code, kind: input.kind, value, currency, min_spend: minSpend,
        starts_at: startsAt && this.ts(startsAt), ends_at: endsAt && this.ts(endsAt),
        usage_limit: limit(input.usageLimit, 'usageLimit'), per_person_limit: limit(input.perPersonLimit, 'perPersonLimit'),
        stackable: this.ctx.db.dialect === 'sqlite' ? (input.stackable ? 1 : 0) : input.stackable === true,
        used_count: 0, disabled_at: null, created_at: this.ts(new Date()),
      }).returning('id').executeTakeFirstOrThrow();
      return (await this.get(Number(row.id)))!;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`The shop already has a coupon ${code}`, { field: 'code' });
      throw err;
    }
  }

  async disable(coupon: CouponRecord): Promise<CouponRecord> {
    await this.db.updateTable('shop_coupons').set({ disabled_at: this.ts(new Date()) }).where('id', '=', coupon.id).where('disabled_at', 'is', null).execute();
    return (await this.get(coupon.id))!;
  }

  /**
   * The shop's coupons for these codes, each checked for `buyerId` now: an
   * unknown code (or another shop's) is COUPON_UNKNOWN; disabled, not yet
   * started, expired and used-up coupons each say so. Limits are checked
   * again, atomically, by `redeem`.
   */
  async resolve(shopId: number, codes: readonly string[], buyerId: number, max: number, now = new Date()): Promise<CouponRecord[]> {
    const wanted = codes.map(normalizeCode);
    if (wanted.length > max) throw badInput(`An order uses at most ${max} coupons`, { field: 'couponCodes', max });
    if (new Set(wanted).size !== wanted.length) throw badInput('The same coupon is given twice', { field: 'couponCodes', reason: 'COUPON_REPEATED' });
    if (!wanted.length) return [];
    const rows = (await this.db.selectFrom('shop_coupons').select(COLUMNS).where('shop_id', '=', shopId).where('code', 'in', wanted).execute()).map(couponOf);
    const uses = await this.db.selectFrom('shop_coupon_redemptions').select(['coupon_id', 'uses'])
      .where('account_id', '=', buyerId).where('coupon_id', 'in', rows.length ? rows.map((c) => c.id) : [0]).execute();
    const usedBy = new Map(uses.map((u) => [Number(u.coupon_id), Number(u.uses)]));
    return wanted.map((code) => {
      const c = rows.find((r) => r.code === code);
      if (!c || c.disabledAt) throw refused(code, 'COUPON_UNKNOWN', `Coupon ${code || '(empty)'} is not valid in this shop`);
      if (c.startsAt && now < c.startsAt) throw refused(code, 'COUPON_NOT_STARTED', `Coupon ${code} can be used from ${c.startsAt.toISOString()}`);
      if (c.endsAt && now >= c.endsAt) throw refused(code, 'COUPON_EXPIRED', `Coupon ${code} expired at ${c.endsAt.toISOString()}`);
      if (c.usageLimit !== null && c.usedCount >= c.usageLimit) throw refused(code, 'COUPON_USED_UP', `Coupon ${code} has been used up`);
      if (c.perPersonLimit !== null && (usedBy.get(c.id) ?? 0) >= c.perPersonLimit) {
        throw refused(code, 'COUPON_LIMIT_REACHED', `You have used coupon ${code} as often as it allows (${c.perPersonLimit})`);
      }
      return c;
    });
  }

  /** Counts one use of each coupon by `buyerId` in `tx`; refused (and nothing counted, with the transaction) past a limit. */
  async redeem(tx: Tx, coupons: readonly CouponRecord[], buyerId: number): Promise<void> {
    for (const c of coupons) {
      const counted = await tx.db.updateTable('shop_coupons').set({ used_count: sql`used_count + 1` })
        .where('id', '=', c.id).where((eb) => eb.or([eb('usage_limit', 'is', null), eb('used_count', '<', eb.ref('usage_limit'))]))
        .executeTakeFirst();
      if (Number(counted.numUpdatedRows) !== 1) throw refused(c.code, 'COUPON_USED_UP', `Coupon ${c.code} has been used up`);
      if (c.perPersonLimit === null) continue;
      const mine = await tx.db.insertInto('shop_coupon_redemptions').values({ coupon_id: c.id, account_id: buyerId, uses: 1 })
        .onConflict((oc) => oc.columns(['coupon_id', 'account_id']).doUpdateSet({ uses: sql`shop_coupon_redemptions.uses + 1` })
          .where('shop_coupon_redemptions.uses', '<', c.perPersonLimit))
        .returning('uses').executeTakeFirst();
      if (!mine) throw refused(c.code, 'COUPON_LIMIT_REACHED', `You have used coupon ${c.code} as often as it allows (${c.perPersonLimit})`);
    }
  }

  /** Gives back the uses of an unpaid order that was cancelled (or counts them again: `delta` 1, for a late payment honoured). */
  async adjustUses(tx: Tx, orderId: number, buyerId: number, delta: 1 | -1): Promise<void> {
    const used = await tx.db.selectFrom('shop_order_coupons').select('coupon_id').where('order_id', '=', orderId).execute();
    for (const { coupon_id } of used) {
      await tx.db.updateTable('shop_coupons').set({ used_count: sql`used_count + ${delta}` }).where('id', '=', coupon_id)
        .where('used_count', '>=', delta < 0 ? 1 : 0).execute();
      await tx.db.updateTable('shop_coupon_redemptions').set({ uses: sql`uses + ${delta}` })
        .where('coupon_id', '=', coupon_id).where('account_id', '=', buyerId).where('uses', '>=', delta < 0 ? 1 : 0).execute();
    }
  }
}
