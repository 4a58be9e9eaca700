// The checkout part of the shop's public face: what an order is, the states
// it moves through, what an order line remembers of the note that sold it,
// and the events other plugins (monetization, notifications, live) follow.
// Re-exported by plugins/shop/contracts.ts; the tables stay behind it.
//
// Order states (the table is ORDER_TRANSITIONS; anything else is CONFLICT):
//
//   pending ──► paid ──► shipped ──► delivered ──► completed
//      │          └──────────┴────────────┴─────────────┴──► refunded (refunds reach the total)
//      └──► cancelled ──► paid       (a late payment of an expired order whose stock could be held again)
//                   └──► refunded   (a late payment returned: no stock, or the buyer had cancelled)
//
// Partial refunds leave the state as it is and add up in `refundedAmount`.

import { defineEvent, type Tx } from '../../../core/index.ts';

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Where each state may go next. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['paid', 'cancelled'],
  paid: ['shipped', 'refunded'],
  shipped: ['delivered', 'refunded'],
  delivered: ['completed', 'refunded'],
  completed: ['refunded'],
  cancelled: ['paid', 'refunded'],
  refunded: [],
};

/** Why an order was cancelled. */
export type CancelReason = 'buyer' | 'merchant' | 'expired' | 'payment_failed' | 'payment_cancelled' | 'payment_not_started';

/** The address an order ships to, copied from the buyer's book when the order was placed. */
export interface AddressSnapshot {
  recipient: string;
  phone: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  region: string;
  city: string;
  line1: string;
  line2: string;
  postalCode: string;
}

export interface OrderRecord {
  id: number;
  shopId: number;
  buyerId: number;
  status: OrderStatus;
  /** One currency per order (ISO 4217); every amount below is in its minor unit. */
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  /** subtotal - discount + shipping: what the buyer pays (computed on the server only). */
  total: number;
  /** Refunds the payment provider confirmed. */
  refundedAmount: number;
  address: AddressSnapshot;
  shippingOption: string | null;
  /** The payment created with the order (null for an order of total 0). */
  paymentId: number | null;
  /** Until when the stock is held for the payment (pending orders). */
  expiresAt: Date | null;
  trackingNumber: string | null;
  carrier: string | null;
  cancelReason: CancelReason | null;
  createdAt: Date;
  paidAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  refundedAt: Date | null;
}

export interface OrderLineRecord {
  id: number;
  orderId: number;
  productId: number;
  variantId: number;
  /** The product's title and the variant's option values when it was bought. */
  title: string;
  variantTitle: string;
  sku: string | null;
  unitPrice: number;
  quantity: number;
  /** unitPrice × quantity. */
  lineTotal: number;
  /** This line's share of the order's coupon discount (what was paid for it is lineTotal - discount). */
  discount: number;
  /** The note that led to the purchase and its author (the creator credited), copied at checkout; null when none. */
  noteId: number | null;
  creatorId: number | null;
  attributionVia: 'image-tag' | 'block' | null;
}

/** One line to buy: the server prices it; a client never sends a price. */
export interface OrderLineInput {
  variantId: number;
  quantity: number;
  /** The note the buyer came from (checked with ShopService.attributionFor). */
  noteId?: number | null;
}

// ---------------------------------------------------------------- events

export const OrderPlaced = defineEvent<{ order: OrderRecord; lines: OrderLineRecord[] }>('shop.order-placed', {
  description: 'A buyer placed an order: its stock is held until the payment deadline (an order of total 0 is paid at once).',
});

export const OrderStatusChanged = defineEvent<{ order: OrderRecord; previousStatus: OrderStatus; lines: OrderLineRecord[] }>('shop.order-status-changed', {
  description: 'An order moved to another state (paid, shipped, delivered, completed, cancelled, refunded); lines carry the note and creator each sale is attributed to.',
});

export const OrderRefunded = defineEvent<{ order: OrderRecord; amount: number }>('shop.order-refunded', {
  description: "A refund of an order's payment was confirmed (partial or full); order.refundedAmount includes it.",
});

// Stock moves of an order, for modules that held units before the order
// (a flash sale): in the transaction that makes them, so an in-transaction
// handler writing through payload.tx commits with them or not at all.

export const OrderStockReleased = defineEvent<{ order: OrderRecord; tx: Tx }>('shop.order-stock-released', {
  description: "An unpaid order was cancelled (expired, payment failed, cancelled) and its held units went back to the shelf; in-transaction handlers write through payload.tx.",
});

export const OrderStockRetaken = defineEvent<{ order: OrderRecord; tx: Tx }>('shop.order-stock-retaken', {
  description: "A lapsed order was paid late and took its units from the shelf again (it is paid now); in-transaction handlers write through payload.tx.",
});
