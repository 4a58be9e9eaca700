// The payments module: payments and refunds through pluggable providers
// (built in: the manual one and the simulated test gateway), idempotency
// keys on pay and refund, and signed webhooks applied once each, in the
// same transaction as their effect. Checkout creates payments through
// PaymentsServiceRef and reacts to PaymentSucceeded & co. in its own
// onInTransaction handlers.

import { provide } from '../../../core/index.ts';
import { idempotencySettingsShape } from '../idempotency/index.ts';
import type { ShopModule } from '../module.ts';
import { PaymentsServiceRef } from './contracts.ts';
import { paymentMigrations } from './migrations.ts';
import { paymentResolvers } from './resolvers.ts';
import { paymentRoutes } from './routes.ts';
import { paymentTypeDefs } from './schema.ts';
import { paymentsOf } from './service.ts';
import { paymentSettingsShape } from './settings.ts';
import { DELIVERY_JOB, deliverTestEvent } from './test-gateway/gateway.ts';

export { paymentsOf } from './service.ts';
export { testGatewayOf } from './test-gateway/gateway.ts';

export const paymentsModule: ShopModule = {
  name: 'payments',
  migrationPrefix: 'pay',
  migrations: paymentMigrations,
  settings: { ...paymentSettingsShape, ...idempotencySettingsShape },
  typeDefs: paymentTypeDefs,
  resolvers: paymentResolvers,
  jobs: [{ name: DELIVERY_JOB, handler: deliverTestEvent }],
  routes: paymentRoutes,
};

/** The service checkout and other plugins use; listed in the shop plugin's `provides`. */
export const paymentsProvide = provide(PaymentsServiceRef, (ctx) => paymentsOf(ctx));
