// How a buyer's units move between a flash sale and an order.
//
//   claim      ONE short transaction: the buyer's units under the per-person
//              limit (a conditional upsert on their row: `units + n <= limit`),
//              then the sale's counter (`remaining - n WHERE remaining >= n AND
//              the window is open`). Either refusal undoes both. The hot row
//              (the sale) is touched last, so its lock is held only until commit.
//   hand over  in the order's transaction (checkout's placeOrder): the order's
//              reservation takes the claimed units over as they are (already in
//              the variant's `reserved`: its row is not touched, so concurrent
//              flash orders do not queue on its lock); the order is recorded here.
//   give back  the order was never placed (placeOrder failed before committing):
//              the claim is undone — the units to the sale, or to the shelf when
//              the sale was closed meanwhile.
//   returned   an unpaid order was cancelled (expired, payment failed,
//              cancelled): checkout released its units to the shelf; they go
//              back to the sale while it is open (held again in the same
//              transaction), and the buyer's units under the limit go down.
//   retaken    a late payment took a cancelled order's units again (from the
//              shelf): the sale gives up as many units, so it never sells more
//              than its quantity at its price (unless it had none left).
//
// Every step is a conditional UPDATE (or upsert) that either happens once or
// not at all, so concurrent buys, cancellations and the close job cannot
// count a unit twice. Locks are taken in one order — buyer row, then sale
// row — so two of these steps never wait on each other in a cycle.

import { sql } from 'kysely';
import { conflict, timestampValue, toDate, type PluginContext, type Tx } from '../../../core/index.ts';
import { ShopServiceRef, type OrderRecord } from '../contracts.ts';
import type { FlashSaleRecord } from './rows.ts';

/** The buyer's units after an upsert adds the new ones. */
const ADD_UNITS = sql<number>`shop_flash_buyers.units + excluded.units`;
const ledger = (ctx: PluginContext) => ctx.services.get(ShopServiceRef).stock;
const now = (ctx: PluginContext) => timestampValue(ctx.db.dialect, new Date());

/** Why a sale cannot give `quantity` units now (null: it could, as far as this read knows). */
export function refusal(sale: FlashSaleRecord, quantity: number, at = new Date()) {
  if (sale.closedAt || sale.endsAt <= at) return conflict('This flash sale has ended', { reason: 'ENDED', endsAt: sale.endsAt.toISOString() });
  if (sale.startsAt > at) return conflict('This flash sale has not started yet', { reason: 'NOT_STARTED', startsAt: sale.startsAt.toISOString() });
  if (sale.remaining <= 0) return conflict('Sold out: every unit of this flash sale is taken', { reason: 'SOLD_OUT', remaining: 0 });
  if (sale.remaining < quantity) return conflict(`Only ${sale.remaining} left in this flash sale`, { reason: 'NOT_ENOUGH_LEFT', remaining: sale.remaining });
  return null;
}

/** The buyer's row: `units + n`, as long as that stays within the limit (false: over it). */
async function addUnits(tx: Tx, sale: FlashSaleRecord, buyerId: number, n: number): Promise<boolean> {
  const row = await tx.db.insertInto('shop_flash_buyers').values({ sale_id: sale.id, account_id: buyerId, units: n })
    .onConflict((oc) => oc.columns(['sale_id', 'account_id']).doUpdateSet({ units: ADD_UNITS }).where(ADD_UNITS, '<=', sale.perPersonLimit))
    .returning('units').executeTakeFirst();
  return row !== undefined;
}

async function removeUnits(tx: Tx, saleId: number, buyerId: number, n: number): Promise<void> {
  await tx.db.updateTable('shop_flash_buyers').set((eb) => ({ units: eb('units', '-', n) }))
    .where('sale_id', '=', saleId).where('account_id', '=', buyerId).where('units', '>=', n).execute();
}

/**
 * Takes `n` units of the sale for the buyer and returns how many the sale
 * has left after it, or throws the CONFLICT that says why not (nothing
 * changed; its details say how many are left when the sale said).
 */
export async function claim(ctx: PluginContext, sale: FlashSaleRecord, buyerId: number, n: number): Promise<number> {
  // A refusal is read again afterwards; when units came back meanwhile (a cancelled order), try again.
  for (let attempt = 0; ; attempt++) {
    const at = new Date();
    const outcome = await ctx.db.transaction(async (tx) => {
      if (!(await addUnits(tx, sale, buyerId, n))) return 'limit' as const;
      const ts = timestampValue(ctx.db.dialect, at);
      const taken = await tx.db.updateTable('shop_flash_sales').set((eb) => ({ remaining: eb('remaining', '-', n) }))
        .where('id', '=', sale.id).where('remaining', '>=', n).where('closed_at', 'is', null)
        .where('starts_at', '<=', ts).where('ends_at', '>', ts).returning('remaining').executeTakeFirst();
      if (taken) return Number(taken.remaining);
      throw new SaleRefused(); // undoes the buyer's units with the rest of the transaction
    }).catch((err) => {
      if (err instanceof SaleRefused) return 'refused' as const;
      throw err;
    });
    if (typeof outcome === 'number') return outcome;
    if (outcome === 'limit') {
      const [held] = await flashUnits(ctx, sale.id, buyerId);
      throw conflict(`At most ${sale.perPersonLimit} per person in this flash sale; you already have ${held}`, { reason: 'PER_PERSON_LIMIT', limit: sale.perPersonLimit, held });
    }
    const fresh = await ctx.db.kysely().selectFrom('shop_flash_sales').select(['remaining', 'closed_at']).where('id', '=', sale.id).executeTakeFirstOrThrow();
    const why = refusal({ ...sale, remaining: Number(fresh.remaining), closedAt: toDate(fresh.closed_at) }, n, new Date());
    if (why) throw why;
    if (attempt >= 2) throw conflict('Sold out: every unit of this flash sale is taken', { reason: 'SOLD_OUT', remaining: Number(fresh.remaining) });
  }
}

async function flashUnits(ctx: PluginContext, saleId: number, buyerId: number): Promise<[number]> {
  const row = await ctx.db.kysely().selectFrom('shop_flash_buyers').select('units').where('sale_id', '=', saleId).where('account_id', '=', buyerId).executeTakeFirst();
  return [row ? Number(row.units) : 0];
}

class SaleRefused extends Error {}

/**
 * In the order's transaction: the order is recorded as the holder of the
 * claimed units. The variant's `reserved` already counts them (the sale's
 * hold) and checkout's reservation takes them over as they are, so this
 * does not touch the variant's row: flash orders do not queue on its lock.
 */
export async function handOver(ctx: PluginContext, tx: Tx, sale: FlashSaleRecord, buyerId: number, n: number, orderId: number): Promise<void> {
  await tx.db.insertInto('shop_flash_orders').values({
    order_id: orderId, sale_id: sale.id, account_id: buyerId, quantity: n, state: 'holding', created_at: now(ctx), updated_at: now(ctx),
  }).execute();
}

/** The order was not placed: the claim is undone (units to the sale while it is open — true —, else to the shelf). */
export async function giveBack(ctx: PluginContext, sale: FlashSaleRecord, buyerId: number, n: number): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    await removeUnits(tx, sale.id, buyerId, n);
    if (await toSale(ctx, tx, sale.id, n)) return true;
    await ledger(ctx).release(sale.variantId, n, tx);
    return false;
  });
}

/** `remaining + n` while the sale is open; false when it is closed. */
async function toSale(ctx: PluginContext, tx: Tx, saleId: number, n: number): Promise<boolean> {
  const res = await tx.db.updateTable('shop_flash_sales').set((eb) => ({ remaining: eb('remaining', '+', n), updated_at: now(ctx) }))
    .where('id', '=', saleId).where('closed_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

async function flashOrder(tx: Tx, orderId: number, state: 'holding' | 'returned') {
  const row = await tx.db.selectFrom('shop_flash_orders as o').innerJoin('shop_flash_sales as s', 's.id', 'o.sale_id')
    .select(['o.sale_id', 'o.account_id', 'o.quantity', 's.variant_id']).where('o.order_id', '=', orderId).where('o.state', '=', state).executeTakeFirst();
  return row && { saleId: Number(row.sale_id), buyerId: Number(row.account_id), quantity: Number(row.quantity), variantId: Number(row.variant_id) };
}

async function markOrder(ctx: PluginContext, tx: Tx, orderId: number, from: string, to: string): Promise<boolean> {
  const res = await tx.db.updateTable('shop_flash_orders').set({ state: to, updated_at: now(ctx) }).where('order_id', '=', orderId).where('state', '=', from).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** What a stock move did to a sale: units back to it (negative: taken from it). */
export interface SaleChange {
  saleId: number;
  returned: number;
}

/** Checkout released an unpaid order's units to the shelf (same transaction): a flash order's go back to its sale. */
export async function orderReleased(ctx: PluginContext, tx: Tx, order: OrderRecord): Promise<SaleChange | null> {
  const flash = await flashOrder(tx, order.id, 'holding');
  if (!flash || !(await markOrder(ctx, tx, order.id, 'holding', 'returned'))) return null;
  await removeUnits(tx, flash.saleId, flash.buyerId, flash.quantity);
  if (!(await toSale(ctx, tx, flash.saleId, flash.quantity))) return null; // the sale ended: the units stay on the shelf
  if (!(await ledger(ctx).reserve(flash.variantId, flash.quantity, tx))) {
    // Cannot happen while checkout releases before this runs; if it did, the units stay on the shelf rather than be counted twice.
    await tx.db.updateTable('shop_flash_sales').set((eb) => ({ remaining: eb('remaining', '-', flash.quantity) })).where('id', '=', flash.saleId).execute();
    ctx.log.warn({ orderId: order.id, saleId: flash.saleId }, 'flash: a cancelled order’s units could not be held for its sale again');
    return null;
  }
  return { saleId: flash.saleId, returned: flash.quantity };
}

/** A late payment took a cancelled flash order's units again from the shelf: the sale gives up as many, when it has them. */
export async function orderRetaken(ctx: PluginContext, tx: Tx, order: OrderRecord): Promise<SaleChange | null> {
  const flash = await flashOrder(tx, order.id, 'returned');
  if (!flash || !(await markOrder(ctx, tx, order.id, 'returned', 'holding'))) return null;
  // Paid for: they count towards the buyer's limit again, whatever it says.
  await tx.db.insertInto('shop_flash_buyers').values({ sale_id: flash.saleId, account_id: flash.buyerId, units: flash.quantity })
    .onConflict((oc) => oc.columns(['sale_id', 'account_id']).doUpdateSet({ units: ADD_UNITS })).execute();
  const res = await tx.db.updateTable('shop_flash_sales').set((eb) => ({ remaining: eb('remaining', '-', flash.quantity), updated_at: now(ctx) }))
    .where('id', '=', flash.saleId).where('closed_at', 'is', null).where('remaining', '>=', flash.quantity).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return null;
  await ledger(ctx).release(flash.variantId, flash.quantity, tx);
  return { saleId: flash.saleId, returned: -flash.quantity };
}
