// Rows of checkout's tables as records (both engines: SQLite gives JSON as
// text, timestamps as numbers and booleans as 0/1; PostgreSQL bigints as text).

import { toDate } from '../../../core/index.ts';
import type { AddressSnapshot, CancelReason, OrderLineRecord, OrderRecord, OrderStatus } from './contracts.ts';

export const num = (value: unknown) => Number(value);
export const numOrNull = (value: unknown) => (value == null ? null : Number(value));
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export interface AddressRecord extends AddressSnapshot {
  id: number;
  accountId: number;
}

export function addressOf(row: any): AddressRecord {
  return {
    id: num(row.id), accountId: num(row.account_id), recipient: row.recipient, phone: row.phone, country: row.country,
    region: row.region ?? '', city: row.city, line1: row.line1, line2: row.line2 ?? '', postalCode: row.postal_code ?? '',
  };
}

export interface CartRecord {
  id: number;
  accountId: number;
  shopId: number;
  currency: string | null;
  status: 'open' | 'completed';
  orderId: number | null;
  updatedAt: Date;
}

export function cartOf(row: any): CartRecord {
  return {
    id: num(row.id), accountId: num(row.account_id), shopId: num(row.shop_id), currency: row.currency ?? null,
    status: row.status, orderId: numOrNull(row.order_id), updatedAt: toDate(row.updated_at)!,
  };
}

export interface CartLineRecord {
  id: number;
  cartId: number;
  productId: number;
  variantId: number;
  quantity: number;
  noteId: number | null;
}

export function cartLineOf(row: any): CartLineRecord {
  return { id: num(row.id), cartId: num(row.cart_id), productId: num(row.product_id), variantId: num(row.variant_id), quantity: num(row.quantity), noteId: numOrNull(row.note_id) };
}

export interface ShippingOptionRecord {
  id: number;
  shopId: number;
  name: string;
  price: number;
  currency: string;
  freeOver: number | null;
  archivedAt: Date | null;
}

export function shippingOptionOf(row: any): ShippingOptionRecord {
  return {
    id: num(row.id), shopId: num(row.shop_id), name: row.name, price: num(row.price), currency: row.currency,
    freeOver: numOrNull(row.free_over), archivedAt: toDate(row.archived_at),
  };
}

export interface CouponRecord {
  id: number;
  shopId: number;
  code: string;
  kind: 'fixed' | 'percentage';
  /** Minor units (fixed) or percent (percentage). */
  value: number;
  currency: string | null;
  minSpend: number;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  perPersonLimit: number | null;
  stackable: boolean;
  usedCount: number;
  disabledAt: Date | null;
}

export function couponOf(row: any): CouponRecord {
  return {
    id: num(row.id), shopId: num(row.shop_id), code: row.code, kind: row.kind, value: num(row.value), currency: row.currency ?? null,
    minSpend: num(row.min_spend), startsAt: toDate(row.starts_at), endsAt: toDate(row.ends_at), usageLimit: numOrNull(row.usage_limit),
    perPersonLimit: numOrNull(row.per_person_limit), stackable: row.stackable === true || Number(row.stackable) === 1,
    usedCount: num(row.used_count), disabledAt: toDate(row.disabled_at),
  };
}

export function orderOf(row: any): OrderRecord {
  return {
    id: num(row.id), shopId: num(row.shop_id), buyerId: num(row.buyer_id), status: row.status as OrderStatus, currency: row.currency,
    subtotal: num(row.subtotal), discount: num(row.discount), shipping: num(row.shipping), total: num(row.total),
    refundedAmount: num(row.refunded_amount), address: json<AddressSnapshot>(row.address), shippingOption: row.shipping_option ?? null,
    paymentId: numOrNull(row.payment_id), expiresAt: toDate(row.expires_at), trackingNumber: row.tracking_number ?? null,
    carrier: row.carrier ?? null, cancelReason: (row.cancel_reason ?? null) as CancelReason | null, createdAt: toDate(row.created_at)!,
    paidAt: toDate(row.paid_at), shippedAt: toDate(row.shipped_at), deliveredAt: toDate(row.delivered_at),
    completedAt: toDate(row.completed_at), cancelledAt: toDate(row.cancelled_at), refundedAt: toDate(row.refunded_at),
  };
}

export function orderLineOf(row: any): OrderLineRecord {
  return {
    id: num(row.id), orderId: num(row.order_id), productId: num(row.product_id), variantId: num(row.variant_id), title: row.title,
    variantTitle: row.variant_title, sku: row.sku ?? null, unitPrice: num(row.unit_price), quantity: num(row.quantity),
    lineTotal: num(row.line_total), discount: num(row.discount), noteId: numOrNull(row.note_id), creatorId: numOrNull(row.creator_id),
    attributionVia: row.attribution_via ?? null,
  };
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: string } | null;
  return e?.code === '23505' || String(e?.code ?? '').startsWith('SQLITE_CONSTRAINT_UNIQUE') || /unique constraint/i.test(e?.message ?? '');
}
