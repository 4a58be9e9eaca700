// The first step of a checkout (and a cart's quote): read what is being
// bought as the catalogue has it now, refuse what cannot be bought, and
// price it on the server. Nothing is written here.

import { badInput, conflict, type PluginContext } from '../../../core/index.ts';
import { ShopServiceRef, type ProductRecord, type PurchaseAttribution, type VariantRecord } from '../contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { checkQuantity, lineProblem } from './cart.ts';
import type { OrderLineInput } from './contracts.ts';
import { Coupons } from './coupons.ts';
import type { CouponRecord, ShippingOptionRecord } from './rows.ts';
import { checkoutSettingsOf } from './settings.ts';
import { ShippingOptions } from './shipping.ts';
import { computeTotals, type Totals } from './totals.ts';

export interface PreparedLine {
  variant: VariantRecord;
  product: ProductRecord;
  quantity: number;
  attribution: PurchaseAttribution | null;
}

export interface PreparedOrder {
  shopId: number;
  buyerId: number;
  currency: string;
  lines: PreparedLine[];
  coupons: CouponRecord[];
  shipping: ShippingOptionRecord | null;
  totals: Totals;
}

export interface PrepareInput {
  buyerId: number;
  shopId: number;
  lines: readonly OrderLineInput[];
  shippingOptionId?: number | null;
  couponCodes?: readonly string[] | null;
  /** Units the caller already holds, and its own price for them (a flash sale; PresoldUnits in workflow.ts). */
  presold?: { unitPrice: ReadonlyMap<number, number>; held: ReadonlyMap<number, number> } | null;
}

/** A variant as a presold line sees it: at the caller's price, with the caller's held units counted as available. */
function presoldView(variant: VariantRecord | null, presold: PrepareInput['presold']): VariantRecord | null {
  if (!variant || !presold) return variant;
  return { ...variant, price: presold.unitPrice.get(variant.id) ?? variant.price, reserved: variant.reserved - (presold.held.get(variant.id) ?? 0) };
}

export const variantTitle = (v: VariantRecord) => v.optionValues.join(' / ');
export const nameOf = (p: ProductRecord, v: VariantRecord) => (v.optionValues.length ? `${p.title} (${variantTitle(v)})` : p.title);

/**
 * Checks and prices an order of `lines` from one shop. `attribute` asks who
 * each line's note credits (checkout does; a quote need not).
 */
export async function prepareOrder(ctx: PluginContext, input: PrepareInput, attribute = true): Promise<PreparedOrder> {
  const settings = checkoutSettingsOf(ctx);
  const lines = input.lines;
  if (!lines.length) throw badInput('There is nothing to buy: the cart is empty', { field: 'lines', reason: 'EMPTY' });
  if (lines.length > settings.checkoutMaxCartLines) throw badInput(`An order has at most ${settings.checkoutMaxCartLines} lines`, { field: 'lines' });
  lines.forEach((l, i) => checkQuantity(ctx, l.quantity, `lines.${i}.quantity`));
  if (new Set(lines.map((l) => l.variantId)).size !== lines.length) throw badInput('Each variant appears once in an order; add up the quantities', { field: 'lines' });

  const { variants, products } = catalogueOf(ctx as PluginContext<any>);
  const found = await variants.getByIds(lines.map((l) => l.variantId));
  const productList = await products.getByIds(found.map((v) => v?.productId ?? 0));
  const prepared = lines.map((l, i): PreparedLine => {
    const variant = presoldView(found[i] ?? null, input.presold);
    const product = productList[i] ?? null;
    const problem = lineProblem(l, variant, product);
    if (!variant || !product || problem === 'UNPUBLISHED' || problem === 'REMOVED') {
      const what = product && variant ? `“${nameOf(product, variant)}”` : product ? `A variant of “${product.title}”` : 'An item';
      throw badInput(`${what} is no longer on sale; remove it from the cart`, { field: 'lines', reason: 'UNAVAILABLE', variantId: l.variantId });
    }
    if (product.shopId !== input.shopId) throw badInput(`“${product.title}” is sold by another shop; an order is from one shop`, { field: 'lines', reason: 'OTHER_SHOP' });
    if (problem) {
      const left = Math.max(0, variant.onHand - variant.reserved);
      throw conflict(left ? `Only ${left} of “${nameOf(product, variant)}” left` : `“${nameOf(product, variant)}” is sold out`, { reason: 'OUT_OF_STOCK', variantId: variant.id, available: left });
    }
    return { variant, product, quantity: l.quantity, attribution: null };
  });
  const currency = prepared[0]!.product.currency;
  const other = prepared.find((p) => p.product.currency !== currency);
  if (other) {
    throw badInput(`One order is paid in one currency: “${other.product.title}” is priced in ${other.product.currency}, the rest in ${currency}`, { field: 'lines', reason: 'CURRENCY_MISMATCH' });
  }

  if (attribute) {
    const shop = ctx.services.get(ShopServiceRef);
    await Promise.all(prepared.map(async (p, i) => {
      const noteId = lines[i]!.noteId;
      // A note that no longer leads here (deleted, made private) simply credits no one.
      if (noteId != null) p.attribution = await shop.attributionFor({ noteId, productId: p.product.id, buyerId: input.buyerId });
    }));
  }
  const shipping = await new ShippingOptions(ctx).forOrder(input.shopId, currency, input.shippingOptionId ?? null);
  const coupons = await new Coupons(ctx).resolve(input.shopId, input.couponCodes ?? [], input.buyerId, settings.checkoutMaxCouponsPerOrder);
  const totals = computeTotals({ currency, lines: prepared.map((p) => ({ unitPrice: p.variant.price, quantity: p.quantity })), coupons, shipping });
  return { shopId: input.shopId, buyerId: input.buyerId, currency, lines: prepared, coupons, shipping, totals };
}
