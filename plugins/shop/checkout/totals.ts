// Order totals, computed on the server only from the catalogue's prices (a
// client never sends a price). Pure: no database, so the quote a cart shows
// and the order checkout stores come from the same arithmetic.
//
// Coupons: every coupon's minimum spend is checked against the subtotal;
// percentage coupons apply first, each to what is left, then fixed ones;
// the discount never exceeds the subtotal. A coupon that does not stack
// must be the only one. Shipping is free when the goods after discounts
// reach the option's free-over amount. The discount is shared across the
// lines in proportion to their totals (largest remainders get the odd
// units), so each line knows what was paid for it (creators' earnings).

import { badInput } from '../../../core/index.ts';
import type { CouponRecord, ShippingOptionRecord } from './rows.ts';

/** The largest amount a payment may have (GraphQL Int is 32-bit). */
export const MAX_ORDER_TOTAL = 2_000_000_000;

export interface PricedLine {
  unitPrice: number;
  quantity: number;
}

export interface AppliedCoupon {
  couponId: number;
  code: string;
  amount: number;
}

export interface Totals {
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  total: number;
  coupons: AppliedCoupon[];
  /** Each line's total and share of the discount, in the lines' order. */
  lineTotals: number[];
  lineDiscounts: number[];
}

export function computeTotals(input: {
  currency: string;
  lines: readonly PricedLine[];
  coupons: readonly CouponRecord[];
  shipping: Pick<ShippingOptionRecord, 'price' | 'freeOver'> | null;
}): Totals {
  const { currency, lines, coupons } = input;
  const lineTotals = lines.map((l) => l.unitPrice * l.quantity);
  const subtotal = lineTotals.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(subtotal) || subtotal > MAX_ORDER_TOTAL) {
    throw badInput(`The order comes to more than the largest amount a payment may have (${MAX_ORDER_TOTAL} minor units); buy fewer units`, { field: 'quantity', reason: 'TOTAL_TOO_LARGE' });
  }

  if (coupons.length > 1) {
    const alone = coupons.find((c) => !c.stackable);
    if (alone) throw badInput(`Coupon ${alone.code} cannot be combined with other coupons`, { field: 'couponCodes', reason: 'COUPON_NOT_STACKABLE', coupon: alone.code });
  }
  for (const c of coupons) {
    if (subtotal < c.minSpend) {
      throw badInput(`Coupon ${c.code} needs a spend of at least ${c.minSpend} (the goods come to ${subtotal})`, { field: 'couponCodes', reason: 'COUPON_MIN_SPEND', coupon: c.code, minSpend: c.minSpend });
    }
    if (c.kind === 'fixed' && c.currency !== currency) {
      throw badInput(`Coupon ${c.code} is in ${c.currency}; this order is in ${currency}`, { field: 'couponCodes', reason: 'COUPON_CURRENCY', coupon: c.code });
    }
  }
  const ordered = [...coupons.filter((c) => c.kind === 'percentage'), ...coupons.filter((c) => c.kind === 'fixed')];
  let left = subtotal;
  const applied: AppliedCoupon[] = [];
  for (const c of ordered) {
    const off = Math.min(left, c.kind === 'percentage' ? Math.floor((left * c.value) / 100) : c.value);
    left -= off;
    applied.push({ couponId: c.id, code: c.code, amount: off });
  }
  const discount = subtotal - left;
  const shipping = input.shipping && !(input.shipping.freeOver !== null && left >= input.shipping.freeOver) ? input.shipping.price : 0;
  const total = left + shipping;
  if (total > MAX_ORDER_TOTAL) throw badInput('The order with shipping comes to more than the largest amount a payment may have', { reason: 'TOTAL_TOO_LARGE' });
  return { currency, subtotal, discount, shipping, total, coupons: applied, lineTotals, lineDiscounts: shareDiscount(lineTotals, discount) };
}

/** Splits `discount` over the lines in proportion to their totals; whole units, largest remainders first. */
export function shareDiscount(lineTotals: readonly number[], discount: number): number[] {
  const subtotal = lineTotals.reduce((a, b) => a + b, 0);
  if (!discount || !subtotal) return lineTotals.map(() => 0);
  // BigInt: amount × discount can pass 2^53.
  const exact = lineTotals.map((t) => ({ share: (BigInt(t) * BigInt(discount)) / BigInt(subtotal), rest: (BigInt(t) * BigInt(discount)) % BigInt(subtotal) }));
  const shares = exact.map((e) => Number(e.share));
  let odd = discount - shares.reduce((a, b) => a + b, 0);
  const byRest = exact.map((e, i) => ({ i, rest: e.rest })).sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of byRest) {
    if (odd <= 0) break;
    if (shares[i]! < lineTotals[i]!) {
      shares[i] = shares[i]! + 1;
      odd--;
    }
  }
  return shares;
}
