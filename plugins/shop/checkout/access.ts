// Who may see and act on checkout's objects: an order is its buyer's and
// its shop's managers'; anyone else gets NOT_FOUND (never a hint it
// exists). Shared by the resolvers.

import { forbidden, localId, notFound, type Viewer, type PluginContext } from '../../../core/index.ts';
import type { Money } from '../contracts.ts';
import { catalogueOf, mayManage } from '../catalogue/index.ts';
import type { OrderRecord } from './contracts.ts';
import { ordersOf } from './orders.ts';

export const money = (amount: number, currency: string): Money => ({ amount, currency });

export function access(ctx: PluginContext) {
  const { shops } = catalogueOf(ctx as PluginContext<any>);
  const orders = ordersOf(ctx);

  const manages = async (viewer: Viewer | null, shopId: number) => {
    const shop = await shops.getById(shopId);
    return !!shop && mayManage(shop, viewer);
  };

  /** The order when the viewer is its buyer or manages its shop; null otherwise. */
  const visibleOrder = async (viewer: Viewer | null, orderId: number): Promise<OrderRecord | null> => {
    const order = await orders.get(orderId);
    if (!order || !viewer) return null;
    return order.buyerId === viewer.accountId || (await manages(viewer, order.shopId)) ? order : null;
  };

  return {
    manages,
    visibleOrder,
    /** An order the viewer may see (NOT_FOUND otherwise). */
    async seenOrder(viewer: Viewer, gid: string): Promise<OrderRecord> {
      const order = await visibleOrder(viewer, localId(gid, 'Order'));
      if (!order) throw notFound('The order');
      return order;
    },
    /** An order of a shop the viewer manages: NOT_FOUND when they cannot see it, FORBIDDEN for its buyer. */
    async managedOrder(viewer: Viewer, gid: string): Promise<OrderRecord> {
      const order = await visibleOrder(viewer, localId(gid, 'Order'));
      if (!order) throw notFound('The order');
      if (!(await manages(viewer, order.shopId))) throw forbidden('Only the shop’s managers can do this');
      return order;
    },
    /** The viewer's own order as its buyer: NOT_FOUND when they cannot see it, FORBIDDEN for the shop. */
    async boughtOrder(viewer: Viewer, gid: string): Promise<OrderRecord> {
      const order = await visibleOrder(viewer, localId(gid, 'Order'));
      if (!order) throw notFound('The order');
      if (order.buyerId !== viewer.accountId) throw forbidden('Only the buyer can do this');
      return order;
    },
  };
}
