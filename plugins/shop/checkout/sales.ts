// A shop's sales attributed to notes and their creators (the 种草 → 拔草
// conversion creators are paid for): order lines of paid orders (paid,
// shipped, delivered, completed), grouped in the database. Revenue is what
// was paid for the lines (line totals less their share of coupons; no
// shipping); fully refunded orders do not count. One row per currency.

import { sql } from 'kysely';
import { timestampValue, type PluginContext } from '../../../core/index.ts';

export const SOLD_STATUSES = ['paid', 'shipped', 'delivered', 'completed'] as const;

export interface SalesRow {
  noteId: number | null;
  creatorId: number | null;
  currency: string;
  orders: number;
  units: number;
  revenue: number;
}

export interface SalesWindow {
  since?: Date | null;
  until?: Date | null;
}

async function grouped(ctx: PluginContext, shopId: number, by: 'note' | 'creator', window: SalesWindow): Promise<SalesRow[]> {
  const ts = (d: Date) => timestampValue(ctx.db.dialect, d);
  let q = ctx.db.kysely().selectFrom('shop_order_lines as l').innerJoin('shop_orders as o', 'o.id', 'l.order_id')
    .where('o.shop_id', '=', shopId).where('o.status', 'in', [...SOLD_STATUSES]).where('l.creator_id', 'is not', null);
  if (window.since) q = q.where('o.paid_at', '>=', ts(window.since));
  if (window.until) q = q.where('o.paid_at', '<', ts(window.until));
  const keys = by === 'note' ? (['l.note_id', 'l.creator_id', 'o.currency'] as const) : (['l.creator_id', 'o.currency'] as const);
  const rows = await q.select([
    ...keys,
    sql<string>`count(distinct o.id)`.as('orders'),
    sql<string>`sum(l.quantity)`.as('units'),
    sql<string>`sum(l.line_total - l.discount)`.as('revenue'),
  ]).groupBy([...keys]).orderBy('revenue', 'desc').limit(500).execute();
  return rows.map((r: any) => ({
    noteId: by === 'note' ? Number(r.note_id) : null, creatorId: Number(r.creator_id), currency: r.currency,
    orders: Number(r.orders), units: Number(r.units), revenue: Number(r.revenue),
  }));
}

export const salesByNote = (ctx: PluginContext, shopId: number, window: SalesWindow = {}) => grouped(ctx, shopId, 'note', window);
export const salesByCreator = (ctx: PluginContext, shopId: number, window: SalesWindow = {}) => grouped(ctx, shopId, 'creator', window);
