// Orders: reading them, and moving them through the state machine of
// contracts.ts (ORDER_TRANSITIONS). A move is one conditional UPDATE
// (`WHERE status IN (…)`) in the caller's transaction, so of two
// concurrent moves (a payment's success and the expiry job) exactly one
// happens; the loser sees the state the winner left and acts on that.

import { conflict, timestampValue, type PluginContext, type Tx } from '../../../core/index.ts';
import { ORDER_TRANSITIONS, OrderStatusChanged, type OrderLineRecord, type OrderRecord, type OrderStatus } from './contracts.ts';
import { orderLineOf, orderOf } from './rows.ts';

const ORDER_COLUMNS = [
  'id', 'shop_id', 'buyer_id', 'status', 'currency', 'subtotal', 'discount', 'shipping', 'total', 'refunded_amount', 'address', 'shipping_option',
  'payment_id', 'expires_at', 'tracking_number', 'carrier', 'cancel_reason', 'created_at', 'paid_at', 'shipped_at', 'delivered_at',
  'completed_at', 'cancelled_at', 'refunded_at',
] as const;
const LINE_COLUMNS = [
  'id', 'order_id', 'product_id', 'variant_id', 'title', 'variant_title', 'sku', 'unit_price', 'quantity', 'line_total', 'discount',
  'note_id', 'creator_id', 'attribution_via',
] as const;

/** The column stamped when an order enters a state. */
const STAMP: Partial<Record<OrderStatus, string>> = {
  paid: 'paid_at', shipped: 'shipped_at', delivered: 'delivered_at', completed: 'completed_at', cancelled: 'cancelled_at', refunded: 'refunded_at',
};

export const mayMove = (from: OrderStatus, to: OrderStatus) => ORDER_TRANSITIONS[from].includes(to);

/** The CONFLICT (reason INVALID_TRANSITION) for moving the order to `to` from where it is. */
export function invalidMove(order: OrderRecord, to: OrderStatus, hint = '') {
  return conflict(`This order is ${order.status}; it cannot become ${to}${hint ? ` (${hint})` : ''}`, { reason: 'INVALID_TRANSITION', status: order.status.toUpperCase() });
}

/** Throws invalidMove unless the state machine lets the order move to `to`. */
export function assertMove(order: OrderRecord, to: OrderStatus, hint = ''): void {
  if (!mayMove(order.status, to)) throw invalidMove(order, to, hint);
}

export class Orders {
  private readonly ctx: PluginContext;
  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  async getByIds(ids: readonly number[], tx?: Tx): Promise<(OrderRecord | null)[]> {
    if (!ids.length) return [];
    const rows = await (tx?.db ?? this.ctx.db.kysely()).selectFrom('shop_orders').select(ORDER_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), orderOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async get(id: number, tx?: Tx): Promise<OrderRecord | null> {
    return (await this.getByIds([id], tx))[0] ?? null;
  }

  /** The lines of each order, in the order they were bought. */
  async linesOf(orderIds: readonly number[], tx?: Tx): Promise<OrderLineRecord[][]> {
    if (!orderIds.length) return [];
    const rows = await (tx?.db ?? this.ctx.db.kysely()).selectFrom('shop_order_lines').select(LINE_COLUMNS)
      .where('order_id', 'in', [...new Set(orderIds)]).orderBy('order_id').orderBy('id').execute();
    const byOrder = new Map<number, OrderLineRecord[]>();
    for (const row of rows) {
      const line = orderLineOf(row);
      (byOrder.get(line.orderId) ?? byOrder.set(line.orderId, []).get(line.orderId)!).push(line);
    }
    return orderIds.map((id) => byOrder.get(id) ?? []);
  }

  async couponsOf(orderIds: readonly number[]): Promise<{ code: string; amount: number }[][]> {
    if (!orderIds.length) return [];
    const rows = await this.ctx.db.kysely().selectFrom('shop_order_coupons').select(['order_id', 'code', 'amount'])
      .where('order_id', 'in', [...new Set(orderIds)]).orderBy('code').execute();
    return orderIds.map((id) => rows.filter((r) => Number(r.order_id) === id).map((r) => ({ code: r.code, amount: Number(r.amount) })));
  }

  /** A page of a shop's orders, newest first, optionally in one state. */
  async pageOfShop(shopId: number, status: OrderStatus | null, limit: number, afterId: number | null): Promise<OrderRecord[]> {
    let q = this.ctx.db.kysely().selectFrom('shop_orders').select(ORDER_COLUMNS).where('shop_id', '=', shopId);
    if (status) q = q.where('status', '=', status);
    if (afterId !== null) q = q.where('id', '<', afterId);
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map(orderOf);
  }

  /** A page of a buyer's orders, newest first. */
  async pageOfBuyer(buyerId: number, limit: number, afterId: number | null): Promise<OrderRecord[]> {
    let q = this.ctx.db.kysely().selectFrom('shop_orders').select(ORDER_COLUMNS).where('buyer_id', '=', buyerId);
    if (afterId !== null) q = q.where('id', '<', afterId);
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map(orderOf);
  }

  /** Pending orders whose payment deadline passed, oldest first. */
  async overdue(now: Date, limit: number): Promise<number[]> {
    const rows = await this.ctx.db.kysely().selectFrom('shop_orders').select('id').where('status', '=', 'pending')
      .where('expires_at', '<=', timestampValue(this.ctx.db.dialect, now)).orderBy('expires_at').limit(limit).execute();
    return rows.map((r) => Number(r.id));
  }

  /**
   * Moves the order from one of `from` to `to` in `tx` (with more columns
   * in `set`) and emits OrderStatusChanged there. Null when it was in none
   * of them (another move came first): the caller reads it again.
   */
  async move(tx: Tx, orderId: number, from: readonly OrderStatus[], to: OrderStatus, set: Record<string, unknown> = {}): Promise<OrderRecord | null> {
    for (const f of from) if (!mayMove(f, to)) throw new Error(`checkout: no transition ${f} → ${to}`);
    const before = await this.get(orderId, tx);
    if (!before || !from.includes(before.status)) return null;
    const at = timestampValue(this.ctx.db.dialect, new Date());
    const stamp = STAMP[to];
    const res = await tx.db.updateTable('shop_orders').set({ ...set, status: to, updated_at: at, ...(stamp ? { [stamp]: at } : {}) })
      .where('id', '=', orderId).where('status', '=', before.status).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return null;
    const order = (await this.get(orderId, tx))!;
    const [lines] = await this.linesOf([orderId], tx);
    await this.ctx.hooks.emit(OrderStatusChanged, { order, previousStatus: before.status, lines: lines! }, tx);
    return order;
  }
}

const stores = new WeakMap<object, Orders>();

export function ordersOf(ctx: PluginContext): Orders {
  let orders = stores.get(ctx);
  if (!orders) stores.set(ctx, (orders = new Orders(ctx)));
  return orders;
}
