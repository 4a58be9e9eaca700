// Stock reservations: which order holds which units until when. The counts
// live on the catalogue's variants and move only through the StockLedger's
// single conditional UPDATEs (reserve: `WHERE on_hand - reserved >= n`), in
// the order's transaction; this table says what each order holds, so it
// can be released (the payment did not arrive in time, the order was
// cancelled) or committed (paid) exactly once.
//
// Variants are always reserved in ascending id order, so two checkouts of
// the same variants lock their rows in the same order (no deadlock on
// PostgreSQL).

import { conflict, timestampValue, type PluginContext, type Tx } from '../../../core/index.ts';
import { ShopServiceRef } from '../contracts.ts';

export interface Hold {
  variantId: number;
  quantity: number;
  /** For the error message when the stock is not there. */
  title: string;
}

const ledger = (ctx: PluginContext) => ctx.services.get(ShopServiceRef).stock;
const now = (ctx: PluginContext) => timestampValue(ctx.db.dialect, new Date());

/**
 * Holds the units of every line for `orderId` until `expiresAt`; CONFLICT OUT_OF_STOCK (and the transaction undone) when any is short.
 * `alreadyHeld`: units the caller holds in `reserved` already (a flash sale's, PresoldUnits) — the order takes them over as they
 * are, without touching the variant's row, so concurrent flash orders do not queue on its lock.
 */
export async function reserveLines(ctx: PluginContext, tx: Tx, orderId: number, holds: readonly Hold[], expiresAt: Date, alreadyHeld?: ReadonlyMap<number, number>): Promise<void> {
  const sorted = [...holds].sort((a, b) => a.variantId - b.variantId);
  for (const h of sorted) {
    const needed = h.quantity - Math.min(h.quantity, alreadyHeld?.get(h.variantId) ?? 0);
    if (needed > 0 && !(await ledger(ctx).reserve(h.variantId, needed, tx))) {
      throw conflict(`Not enough of “${h.title}” is left for ${h.quantity}; someone else may have just bought it`, { reason: 'OUT_OF_STOCK', variantId: h.variantId });
    }
  }
  const at = now(ctx);
  await tx.db.insertInto('shop_reservations').values(sorted.map((h) => ({
    order_id: orderId, variant_id: h.variantId, quantity: h.quantity, status: 'held',
    expires_at: timestampValue(ctx.db.dialect, expiresAt), created_at: at, updated_at: at,
  }))).execute();
}

async function held(tx: Tx, orderId: number, status: 'held' | 'released') {
  const rows = await tx.db.selectFrom('shop_reservations').select(['id', 'variant_id', 'quantity'])
    .where('order_id', '=', orderId).where('status', '=', status).orderBy('variant_id').execute();
  return rows.map((r) => ({ id: Number(r.id), variantId: Number(r.variant_id), quantity: Number(r.quantity) }));
}

async function mark(ctx: PluginContext, tx: Tx, id: number, from: string, to: string): Promise<boolean> {
  const res = await tx.db.updateTable('shop_reservations').set({ status: to, updated_at: now(ctx) }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Gives the order's held units back to the shelf. */
export async function releaseOrder(ctx: PluginContext, tx: Tx, orderId: number): Promise<void> {
  for (const r of await held(tx, orderId, 'held')) {
    if (await mark(ctx, tx, r.id, 'held', 'released')) await ledger(ctx).release(r.variantId, r.quantity, tx);
  }
}

/** The order was paid: its held units leave the stock for good. */
export async function commitOrder(ctx: PluginContext, tx: Tx, orderId: number): Promise<void> {
  for (const r of await held(tx, orderId, 'held')) {
    if (!(await mark(ctx, tx, r.id, 'held', 'committed'))) continue;
    // Held units are always there (a CHECK keeps reserved <= on hand); failing here means the counts were changed behind the ledger.
    if (!(await ledger(ctx).commit(r.variantId, r.quantity, tx))) throw new Error(`checkout: variant ${r.variantId} holds fewer units than order ${orderId} reserved`);
  }
}

/**
 * A payment arrived after the order's units were released: takes them
 * again and commits them when every line is still in stock (true), or
 * leaves the stock as it was (false).
 */
export async function retakeOrder(ctx: PluginContext, tx: Tx, orderId: number): Promise<boolean> {
  const released = await held(tx, orderId, 'released');
  const taken: typeof released = [];
  for (const r of released) {
    if (!(await ledger(ctx).reserve(r.variantId, r.quantity, tx))) {
      for (const t of taken) await ledger(ctx).release(t.variantId, t.quantity, tx);
      return false;
    }
    taken.push(r);
  }
  for (const r of released) {
    await mark(ctx, tx, r.id, 'released', 'committed');
    await ledger(ctx).commit(r.variantId, r.quantity, tx);
  }
  return true;
}
