// ProductUpdated: what buyers see of a product changed (the federation
// module sends an Update of its object). Emitted with the write's
// transaction, so handlers run after it commits.

import { timestampValue, type PluginContext, type Tx } from '../../../core/index.ts';
import { ProductUpdated, type ProductChange } from '../contracts.ts';
import { PRODUCT_COLUMNS, productOf } from './rows.ts';

export interface ChangeOptions {
  tx?: Tx;
  /** Moves the product's updatedAt too (a variant changed). Never from a checkout's transaction: it would lock the product row. */
  touch?: boolean;
}

export type ProductChangeNotifier = (productId: number, changes: ProductChange[], options?: ChangeOptions) => Promise<void>;

export function productChangeNotifier(ctx: PluginContext<any>): ProductChangeNotifier {
  return async (productId, changes, { tx, touch = false } = {}) => {
    if (!changes.length) return;
    const db = tx?.db ?? ctx.db.kysely();
    if (touch) await db.updateTable('shop_products').set({ updated_at: timestampValue(ctx.db.dialect, new Date()) }).where('id', '=', productId).execute();
    const row = await db.selectFrom('shop_products').select(PRODUCT_COLUMNS).where('id', '=', productId).executeTakeFirst();
    if (row) await ctx.hooks.emit(ProductUpdated, { product: productOf(row), changes }, tx);
  };
}
