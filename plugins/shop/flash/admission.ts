// Admission in front of a sale's hot row, in each process. Under a rush,
// thousands of buyers arrive for a few units; if all of them went to the
// database, the pool would queue their statements and the few winners'
// orders would wait behind them. So each process keeps what it last saw of
// a sale (read at most SNAPSHOT_MS ago, or reported by its own claims) and:
//
//   - lets buyers claim only while the units they ask for fit in what is
//     left, less what claims now running take; the others wait here (in
//     memory) for those claims to end, and are then let in or refused;
//   - refuses from memory (SOLD_OUT, NOT_STARTED, ENDED …) when the sale
//     plainly cannot give the units, reading it again first when what it
//     knows is older than SNAPSHOT_MS.
//
// The database stays the only judge of a claim (claims.ts): what is known
// here only decides who may ask, so a stale view can cost a buyer a wasted
// attempt or, for at most SNAPSHOT_MS after units came back on another
// node, a refusal — never an oversold unit.

import type { PluginContext } from '../../../core/index.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { refusal } from './claims.ts';
import type { FlashSaleRecord } from './rows.ts';
import { flashSalesOf } from './sales.ts';

const SNAPSHOT_MS = 250;
const MAX_VIEWS = 1000;

interface SaleView {
  sale: FlashSaleRecord;
  /** Whether its product is public (the sale is then visible to everyone). */
  published: boolean;
  readAt: number;
  /** Units asked for by claims running now. */
  claiming: number;
  waiters: (() => void)[];
  reading: Promise<void> | null;
}

export interface Turn {
  /** The claim ended: `remaining` is what the database said was left after it (undefined when it did not say). */
  leave(remaining?: number): void;
}

export class Admission {
  private readonly ctx: PluginContext<any>;
  private readonly views = new Map<number, SaleView>();
  constructor(ctx: PluginContext<any>) {
    this.ctx = ctx;
  }

  private async read(id: number): Promise<{ sale: FlashSaleRecord; published: boolean } | null> {
    const sale = await flashSalesOf(this.ctx).get(id);
    if (!sale) return null;
    const product = await catalogueOf(this.ctx).products.getById(sale.productId);
    return { sale, published: product?.status === 'published' };
  }

  /** What this process knows of the sale, read again when older than SNAPSHOT_MS (one read at a time). */
  async view(id: number, fresh = true): Promise<SaleView | null> {
    let view = this.views.get(id);
    if (!view) {
      if (this.views.size >= MAX_VIEWS) this.forgetIdle();
      const found = await this.read(id);
      if (!found) return null;
      view = this.views.get(id) ?? { ...found, readAt: Date.now(), claiming: 0, waiters: [], reading: null };
      this.views.set(id, view);
    } else if (fresh && Date.now() - view.readAt > SNAPSHOT_MS) {
      const v = view;
      v.reading ??= this.read(id).then((found) => {
        if (found) Object.assign(v, found, { readAt: Date.now() });
      }).finally(() => {
        v.reading = null;
        this.wake(v);
      });
      await v.reading;
    }
    return view;
  }

  /** Waits for a turn to claim `n` units, or throws the CONFLICT that says why there is none. */
  async enter(id: number, n: number): Promise<Turn> {
    for (;;) {
      const view = (await this.view(id))!;
      const why = refusal(view.sale, n);
      const reason = why?.details?.reason;
      if (why && reason !== 'SOLD_OUT' && reason !== 'NOT_ENOUGH_LEFT') throw why; // not started, ended
      if (view.claiming + n <= view.sale.remaining) {
        view.claiming += n;
        return this.turn(view, n);
      }
      // Too few left for this buyer unless a running claim fails: with none running, that is the answer.
      if (view.claiming === 0 && why) throw why;
      await new Promise<void>((resolve) => view.waiters.push(resolve));
    }
  }

  /** Units came back to the sale in this process (a cancelled order), or it was closed. */
  saw(id: number, change: { returned?: number; closed?: boolean }): void {
    const view = this.views.get(id);
    if (!view) return;
    if (change.returned) view.sale = { ...view.sale, remaining: Math.max(0, view.sale.remaining + change.returned) };
    if (change.closed) view.sale = { ...view.sale, remaining: 0, closedAt: new Date() };
    this.wake(view);
  }

  private turn(view: SaleView, n: number): Turn {
    let left = false;
    return {
      leave: (remaining) => {
        if (left) return;
        left = true;
        view.claiming -= n;
        // Claims end in any order: the lowest count reported is the latest (units coming back are reported by saw()).
        if (remaining !== undefined && remaining <= view.sale.remaining) {
          view.sale = { ...view.sale, remaining };
          view.readAt = Date.now();
        }
        this.wake(view);
      },
    };
  }

  /** Drops what this process knows of a sale: it is read again on the next buy. */
  forget(id: number): void {
    const view = this.views.get(id);
    if (view && view.claiming === 0 && !view.waiters.length) this.views.delete(id);
  }

  /** Forgets sales nobody is buying (they are read again when someone does). */
  private forgetIdle(): void {
    for (const [id, v] of this.views) if (v.claiming === 0 && !v.waiters.length && !v.reading && Date.now() - v.readAt > SNAPSHOT_MS) this.views.delete(id);
  }

  private wake(view: SaleView): void {
    for (const resolve of view.waiters.splice(0)) resolve();
  }
}

const gates = new WeakMap<object, Admission>();

export function admissionOf(ctx: PluginContext<any>): Admission {
  let gate = gates.get(ctx);
  if (!gate) gates.set(ctx, (gate = new Admission(ctx)));
  return gate;
}
