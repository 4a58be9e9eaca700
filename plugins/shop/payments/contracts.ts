// The payments part of the shop's public face: what a payment is, the
// provider interface other plugins implement to add a gateway (through the
// PaymentProviders filter), the service checkout uses to create and follow
// payments, and the events fired when a payment's state changes.
// Re-exported by plugins/shop/contracts.ts; tables stay behind it.

import { defineEvent, defineFilter, defineService, type Tx } from '../../../core/index.ts';

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

export interface PaymentRecord {
  id: number;
  /** Opaque reference of what is paid for, given by the creator (e.g. 'order:12'). */
  subject: string;
  /** The payer. */
  accountId: number;
  /** Integer minor units (cents, fen). */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  provider: string;
  /** The provider's id of this payment; null until `pay` started it there. */
  providerRef: string | null;
  status: PaymentStatus;
  /** Refunds the provider confirmed. */
  refundedAmount: number;
  /** Refunds asked for and not yet confirmed (reserved: they count against what may still be refunded). */
  refundPendingAmount: number;
  /** Where the payer is sent back after a redirect payment (given by the creator). */
  returnUrl: string | null;
  /** The payer's next step once `pay` started the payment at its provider. */
  nextAction: PaymentNextAction | null;
  createdAt: Date;
  updatedAt: Date;
  succeededAt: Date | null;
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface RefundRecord {
  id: number;
  paymentId: number;
  amount: number;
  status: RefundStatus;
  providerRef: string | null;
  reason: string;
  createdAt: Date;
}

/** What the payer does next to pay: go to the provider's page, or follow instructions (manual). */
export interface PaymentNextAction {
  type: 'redirect' | 'instructions';
  url?: string;
  instructions?: string;
}

/** What a provider is asked to start. */
export interface PaymentIntent {
  paymentId: number;
  amount: number;
  currency: string;
  subject: string;
  returnUrl: string | null;
}

/** A provider's webhook event after its signature was checked. */
export interface ProviderEvent {
  /** Unique per provider: a redelivery carries the same id. */
  id: string;
  type: 'payment.succeeded' | 'payment.failed' | 'refund.succeeded' | 'refund.failed';
  /** The payment's providerRef. */
  paymentRef: string;
  amount: number;
  currency: string;
  /** For refund events: the provider's id of the refund. */
  refundRef?: string;
  /** For refund events: our refund id, when the refund was asked for here (providers echo it as metadata). */
  refundId?: number;
}

/** Why a webhook was refused; the route answers 400 with this reason. */
export type WebhookRejection = 'SIGNATURE_MISSING' | 'SIGNATURE_MISMATCH' | 'TIMESTAMP_OUT_OF_TOLERANCE' | 'MALFORMED_EVENT';

export interface WebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  /** Seconds a signed timestamp may differ from now (the shop's setting). */
  toleranceSeconds: number;
  now: Date;
}

export interface PaymentProvider {
  /** Lower-case name used in URLs and stored on payments, e.g. 'test', 'manual'. */
  name: string;
  label: string;
  /** Starts the payment at the provider. Called once per payment (pay is idempotent). */
  createPayment(intent: PaymentIntent): Promise<{ providerRef: string; next: PaymentNextAction }>;
  /**
   * Asks the provider to return `amount` of the payment. 'succeeded' settles
   * at once; 'pending' waits for a refund webhook.
   */
  refund(payment: PaymentRecord, amount: number, refundId: number): Promise<{ providerRef: string; status: 'pending' | 'succeeded' }>;
  /**
   * Checks a webhook's signature and freshness and reads its event; throws
   * `badInput(message, { reason: WebhookRejection })` when it is not genuine.
   * Providers without webhooks (manual) leave it out.
   */
  verifyWebhook?(request: WebhookRequest): Promise<ProviderEvent> | ProviderEvent;
}

/** Payment providers on this instance; add yours with `filter(PaymentProviders, (list, _, ctx) => [...list, myProvider(ctx)])`. */
export const PaymentProviders = defineFilter<PaymentProvider[]>('shop.payment-providers', {
  description: 'The payment providers a payment may use (built in: test, manual); add a PaymentProvider to offer another gateway.',
});

/**
 * Payload of the payment events. `tx` is the transaction that records the
 * change (and the webhook event id): an `onInTransaction` handler writes
 * through `tx.db` so its effect (an order becoming paid) commits with it or
 * not at all; throwing aborts both. After-commit handlers must not use `tx`.
 */
export interface PaymentEvent {
  payment: PaymentRecord;
  previousStatus: PaymentStatus;
  tx: Tx;
}

export const PaymentSucceeded = defineEvent<PaymentEvent>('shop.payment-succeeded', {
  description: 'A payment was confirmed (webhook or marked paid). In-transaction handlers write through payload.tx.',
});
export const PaymentFailed = defineEvent<PaymentEvent>('shop.payment-failed', {
  description: 'A pending payment failed at its provider. In-transaction handlers write through payload.tx.',
});
export const PaymentCancelled = defineEvent<PaymentEvent>('shop.payment-cancelled', {
  description: 'A pending payment was cancelled by the payer, staff or the creator. In-transaction handlers write through payload.tx.',
});
export const PaymentRefunded = defineEvent<PaymentEvent & { refund: RefundRecord }>('shop.payment-refunded', {
  description: 'A refund of a payment was confirmed (payment.refundedAmount includes it). In-transaction handlers write through payload.tx.',
});

export interface CreatePaymentInput {
  subject: string;
  accountId: number;
  amount: number;
  currency: string;
  provider: string;
  returnUrl?: string | null;
}

export interface PaymentsService {
  /** Validates and stores a pending payment; pass `tx` to create it with the caller's own rows. */
  createPayment(input: CreatePaymentInput, tx?: Tx): Promise<PaymentRecord>;
  getPayment(id: number): Promise<PaymentRecord | null>;
  /** Several payments in one query, in the order asked (null where there is none): for a page of orders. */
  getPayments(ids: readonly number[]): Promise<(PaymentRecord | null)[]>;
  paymentsOf(subject: string): Promise<PaymentRecord[]>;
  /** Cancels a pending payment (e.g. an order that expired); CONFLICT once it succeeded. */
  cancelPayment(id: number): Promise<PaymentRecord>;
  /** Names and labels of the providers payments may use. */
  providers(): Promise<{ name: string; label: string }[]>;
}

export const PaymentsServiceRef = defineService<PaymentsService>('shop.payments', 'Shop payments: create, read and cancel payments; providers');
