// A flash sale as a record, and its state at a moment (both engines:
// SQLite gives timestamps as numbers, PostgreSQL bigints as text).

import { toDate } from '../../../core/index.ts';

export interface FlashSaleRecord {
  id: number;
  shopId: number;
  productId: number;
  variantId: number;
  currency: string;
  /** The special price of one unit, minor units. */
  price: number;
  quantity: number;
  /** Units still to sell (0 once it ended). */
  remaining: number;
  perPersonLimit: number;
  startsAt: Date;
  endsAt: Date;
  /** When it ended and its unsold units went back to the shelf; null while it runs or is to come. */
  closedAt: Date | null;
  createdAt: Date;
}

export const SALE_COLUMNS = [
  'id', 'shop_id', 'product_id', 'variant_id', 'currency', 'price', 'quantity', 'remaining', 'per_person_limit',
  'starts_at', 'ends_at', 'closed_at', 'created_at',
] as const;

export function saleOf(row: any): FlashSaleRecord {
  return {
    id: Number(row.id), shopId: Number(row.shop_id), productId: Number(row.product_id), variantId: Number(row.variant_id),
    currency: row.currency, price: Number(row.price), quantity: Number(row.quantity), remaining: Number(row.remaining),
    perPersonLimit: Number(row.per_person_limit), startsAt: toDate(row.starts_at)!, endsAt: toDate(row.ends_at)!,
    closedAt: toDate(row.closed_at), createdAt: toDate(row.created_at)!,
  };
}

export type FlashSaleStatus = 'upcoming' | 'running' | 'sold_out' | 'ended';

export function statusOf(sale: FlashSaleRecord, now = new Date()): FlashSaleStatus {
  if (sale.closedAt || sale.endsAt <= now) return 'ended';
  if (sale.startsAt > now) return 'upcoming';
  return sale.remaining > 0 ? 'running' : 'sold_out';
}
