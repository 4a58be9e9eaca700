// What a buyer has received: for ratings from verified buyers (the reviews
// module) and notes by people who bought what they write about. An order
// line counts while its order is delivered or completed; a refunded order
// (or one never delivered) does not.

import type { PluginContext, Tx } from '../../../core/index.ts';
import type { OrderStatus } from './contracts.ts';

/** The states in which the buyer has the goods and the sale stands. */
export const RECEIVED_STATUSES: readonly OrderStatus[] = ['delivered', 'completed'];

/** Of `productIds`, those `buyerId` received in an order that stands. */
export async function productsReceivedBy(ctx: PluginContext<any>, buyerId: number, productIds: readonly number[], tx?: Tx): Promise<Set<number>> {
  if (!productIds.length) return new Set();
  const rows = await (tx?.db ?? ctx.db.kysely()).selectFrom('shop_orders as o').innerJoin('shop_order_lines as l', 'l.order_id', 'o.id')
    .select('l.product_id').distinct()
    .where('o.buyer_id', '=', buyerId).where('o.status', 'in', RECEIVED_STATUSES).where('l.product_id', 'in', [...new Set(productIds)])
    .execute();
  return new Set(rows.map((r) => Number(r.product_id)));
}

/** Of `buyerIds`, those who received `productId` in an order that stands. */
export async function buyersWhoReceived(ctx: PluginContext<any>, productId: number, buyerIds: readonly number[], tx?: Tx): Promise<Set<number>> {
  if (!buyerIds.length) return new Set();
  const rows = await (tx?.db ?? ctx.db.kysely()).selectFrom('shop_orders as o').innerJoin('shop_order_lines as l', 'l.order_id', 'o.id')
    .select('o.buyer_id').distinct()
    .where('l.product_id', '=', productId).where('o.status', 'in', RECEIVED_STATUSES).where('o.buyer_id', 'in', [...new Set(buyerIds)])
    .execute();
  return new Set(rows.map((r) => Number(r.buyer_id)));
}
