// Rows of shop_payments and shop_refunds, read and written with whichever
// Kysely the caller holds (the shared one, or a transaction's).

import type { Kysely } from 'kysely';
import { toDate, timestampValue, type Dialect } from '../../../core/index.ts';
import type { PaymentRecord, PaymentStatus, RefundRecord, RefundStatus } from './contracts.ts';

export const PAYMENT_COLUMNS = [
  'id', 'subject', 'account_id', 'amount', 'currency', 'provider', 'provider_ref', 'status', 'refunded_amount', 'refund_pending_amount',
  'return_url', 'next_action', 'created_at', 'updated_at', 'succeeded_at',
] as const;
export const REFUND_COLUMNS = ['id', 'payment_id', 'amount', 'status', 'provider_ref', 'reason', 'created_at'] as const;

export function paymentOf(row: any): PaymentRecord {
  return {
    id: Number(row.id),
    subject: row.subject,
    accountId: Number(row.account_id),
    amount: Number(row.amount),
    currency: row.currency,
    provider: row.provider,
    providerRef: row.provider_ref ?? null,
    status: row.status as PaymentStatus,
    refundedAmount: Number(row.refunded_amount),
    refundPendingAmount: Number(row.refund_pending_amount),
    returnUrl: row.return_url ?? null,
    nextAction: row.next_action ? JSON.parse(row.next_action) : null,
    createdAt: toDate(row.created_at)!,
    updatedAt: toDate(row.updated_at)!,
    succeededAt: toDate(row.succeeded_at),
  };
}

export function refundOf(row: any): RefundRecord {
  return {
    id: Number(row.id),
    paymentId: Number(row.payment_id),
    amount: Number(row.amount),
    status: row.status as RefundStatus,
    providerRef: row.provider_ref ?? null,
    reason: row.reason,
    createdAt: toDate(row.created_at)!,
  };
}

export class PaymentRows {
  readonly db: Kysely<any>;
  private readonly dialect: Dialect;

  constructor(db: Kysely<any>, dialect: Dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  now() {
    return timestampValue(this.dialect, new Date());
  }

  async byId(id: number): Promise<PaymentRecord | null> {
    const row = await this.db.selectFrom('shop_payments').select(PAYMENT_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? paymentOf(row) : null;
  }

  /** Payments by id, in the order asked (null where there is none). */
  async byIds(ids: readonly number[]): Promise<(PaymentRecord | null)[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('shop_payments').select(PAYMENT_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), paymentOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async byProviderRef(provider: string, ref: string): Promise<PaymentRecord | null> {
    const row = await this.db
      .selectFrom('shop_payments')
      .select(PAYMENT_COLUMNS)
      .where('provider', '=', provider)
      .where('provider_ref', '=', ref)
      .executeTakeFirst();
    return row ? paymentOf(row) : null;
  }

  async bySubject(subject: string): Promise<PaymentRecord[]> {
    const rows = await this.db.selectFrom('shop_payments').select(PAYMENT_COLUMNS).where('subject', '=', subject).orderBy('id').execute();
    return rows.map(paymentOf);
  }

  async refundsOf(paymentId: number): Promise<RefundRecord[]> {
    const rows = await this.db.selectFrom('shop_refunds').select(REFUND_COLUMNS).where('payment_id', '=', paymentId).orderBy('id').execute();
    return rows.map(refundOf);
  }

  async refundByProviderRef(paymentId: number, ref: string): Promise<RefundRecord | null> {
    const row = await this.db
      .selectFrom('shop_refunds')
      .select(REFUND_COLUMNS)
      .where('payment_id', '=', paymentId)
      .where('provider_ref', '=', ref)
      .executeTakeFirst();
    return row ? refundOf(row) : null;
  }

  async insertRefund(values: { paymentId: number; amount: number; status: RefundStatus; providerRef: string | null; reason: string }): Promise<RefundRecord> {
    const now = this.now();
    const row = await this.db
      .insertInto('shop_refunds')
      .values({
        payment_id: values.paymentId, amount: values.amount, status: values.status, provider_ref: values.providerRef, reason: values.reason,
        created_at: now, updated_at: now,
      })
      .returning(REFUND_COLUMNS)
      .executeTakeFirstOrThrow();
    return refundOf(row);
  }

  /**
   * Moves a payment from one of `from` to `to`; false when it was not in one
   * of them (another change came first). The status only moves forward.
   */
  async transition(id: number, from: PaymentStatus[], to: PaymentStatus, extra: Record<string, unknown> = {}): Promise<boolean> {
    const now = this.now();
    const res = await this.db
      .updateTable('shop_payments')
      .set({ status: to, updated_at: now, ...(to === 'succeeded' ? { succeeded_at: now } : {}), ...extra })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}
