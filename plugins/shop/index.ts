// The shop plugin: the seed's note ↔ product link and closed-loop commerce.
// It is made of modules (module.ts) that each own their tables, GraphQL,
// hooks and routes; this file only composes them. Notes know nothing of the
// shop: the tags module hangs on the notes plugin's contracts.
//
// To add a module (payments, checkout …), append it to SHOP_MODULES.

import { z } from 'zod';
import { PLUGIN_API_VERSION, definePlugin, provide } from '../../core/index.ts';
import { ShopServiceRef } from './contracts.ts';
import { catalogueModule } from './catalogue/index.ts';
import { checkoutModule } from './checkout/index.ts';
import { federationModule } from './federation/index.ts';
import { flashModule } from './flash/index.ts';
import { modulesBootstrap, modulesMigrations, modulesResolvers, modulesRoutes, modulesSeed, type ShopModule } from './module.ts';
import { paymentsModule, paymentsProvide } from './payments/index.ts';
import { reviewsModule } from './reviews/index.ts';
import { shopService } from './service.ts';
import { tagsModule } from './tags/index.ts';
import { webModule } from './web/index.ts';

export const SHOP_MODULES: readonly ShopModule[] = [
  catalogueModule,
  tagsModule,
  paymentsModule,
  checkoutModule,
  reviewsModule,
  flashModule,
  federationModule,
  webModule,
];

export default definePlugin({
  name: 'shop',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Shops, products with variants and stock, product tags on notes, and (in modules) payments and checkout',
  dependsOn: ['accounts', 'media', 'notes'],
  // trust: products and ratings are reportable when it is on (reviews/report-targets.ts).
  optionalDeps: ['federation', 'web', 'trust'],
  settings: z.object(Object.assign({}, ...SHOP_MODULES.map((m) => m.settings ?? {}))),
  migrations: modulesMigrations(SHOP_MODULES),
  typeDefs: SHOP_MODULES.map((m) => m.typeDefs ?? '').join('\n'),
  resolvers: modulesResolvers(SHOP_MODULES),
  provides: [provide(ShopServiceRef, (ctx) => shopService(ctx)), paymentsProvide],
  hooks: SHOP_MODULES.flatMap((m) => m.hooks ?? []),
  jobs: SHOP_MODULES.flatMap((m) => m.jobs ?? []),
  routes: modulesRoutes(SHOP_MODULES),
  bootstrap: modulesBootstrap(SHOP_MODULES),
  seedDemo: modulesSeed(SHOP_MODULES),
});
