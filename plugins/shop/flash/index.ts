// The flash-sale module: a quantity of one variant at a special price in a
// time window with a per-person limit, sold under heavy concurrency without
// overselling (sales.ts: the stock decision; claims.ts: how units move;
// buy.ts: the purchase workflow). Orders are checkout's own (placeOrder),
// so they are held, expire and are paid like any order; an unpaid one gives
// its units back to the sale through checkout's OrderStockReleased event.

import { NodeLookup, filter, onInTransaction, type PluginContext, type Tx } from '../../../core/index.ts';
import { OrderStockReleased, OrderStockRetaken } from '../contracts.ts';
import type { ShopModule } from '../module.ts';
import { admissionOf } from './admission.ts';
import { orderReleased, orderRetaken, type SaleChange } from './claims.ts';
import { flashMigrations } from './migrations.ts';
import { flashResolvers, visibleSale } from './resolvers.ts';
import { CLOSE_JOB, closeOverdueSales } from './sales.ts';
import { flashTypeDefs } from './schema.ts';
import { seedDemoFlashSale } from './seed.ts';
import { flashSettingsShape } from './settings.ts';

export { flashSalesOf } from './sales.ts';

/** Once the move commits, this process's admission knows the sale's units changed. */
function seen(ctx: PluginContext<any>, tx: Tx, change: SaleChange | null): void {
  if (change) tx.scope.afterCommit(() => admissionOf(ctx).saw(change.saleId, { returned: change.returned }));
}

export const flashModule: ShopModule = {
  name: 'flash',
  migrations: flashMigrations,
  settings: flashSettingsShape,
  typeDefs: flashTypeDefs,
  resolvers: flashResolvers,
  seedDemo: seedDemoFlashSale,
  hooks: [
    onInTransaction(OrderStockReleased, async ({ order, tx }, ctx) => seen(ctx, tx, await orderReleased(ctx, tx, order))),
    onInTransaction(OrderStockRetaken, async ({ order, tx }, ctx) => seen(ctx, tx, await orderRetaken(ctx, tx, order))),
    filter(NodeLookup, async (found, { type, id, context }, ctx) => {
      if (found || type !== 'FlashSale') return found;
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n <= 0) return null;
      const sale = await visibleSale(ctx, context.viewer, n);
      return sale && { ...sale, __typename: 'FlashSale' };
    }),
  ],
  jobs: [{ name: CLOSE_JOB, handler: closeOverdueSales }],
};
