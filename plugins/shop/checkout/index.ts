// The checkout module: carts, addresses, shipping options, coupons, orders
// and stock reservations. Orders follow their payments through the
// payments module's in-transaction events; unpaid orders are cancelled by a
// job at their payment deadline. `placeOrder` (workflow.ts) is what other
// modules (a flash sale) call to sell from lines.

import { NodeLookup, filter } from '../../../core/index.ts';
import type { ShopModule } from '../module.ts';
import { access } from './access.ts';
import { EXPIRE_JOB, LATE_REFUND_JOB, expireOrders, refundLatePayment } from './lifecycle.ts';
import { checkoutMigrations } from './migrations.ts';
import { checkoutPaymentHooks } from './payment-events.ts';
import { checkoutResolvers } from './resolvers.ts';
import { checkoutTypeDefs } from './schema.ts';
import { checkoutSettingsShape } from './settings.ts';

export { placeOrder, runWorkflow, type PlaceOrderInput, type PlacedOrder, type PresoldUnits } from './workflow.ts';
export { ordersOf } from './orders.ts';
// For ratings from verified buyers (the reviews module).
export { buyersWhoReceived, productsReceivedBy, RECEIVED_STATUSES } from './purchases.ts';
// For modules that place orders to an address as checkout does (a flash sale).
export { Addresses, checkAddress, snapshotOf, type AddressInput } from './addresses.ts';

export const checkoutModule: ShopModule = {
  name: 'checkout',
  migrations: checkoutMigrations,
  settings: checkoutSettingsShape,
  typeDefs: checkoutTypeDefs,
  resolvers: checkoutResolvers,
  hooks: [
    ...checkoutPaymentHooks,
    // node(id:) for orders: their buyer and the shop's managers.
    filter(NodeLookup, async (found, { type, id, context }, ctx) => {
      if (found || type !== 'Order') return found;
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n <= 0) return null;
      const order = await access(ctx).visibleOrder(context.viewer, n);
      return order && { ...order, __typename: 'Order' };
    }),
  ],
  jobs: [
    { name: EXPIRE_JOB, handler: expireOrders },
    { name: LATE_REFUND_JOB, handler: refundLatePayment },
  ],
};
