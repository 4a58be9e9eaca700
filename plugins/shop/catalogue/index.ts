// The catalogue module: shops, products, options and variants (SKUs),
// prices in minor units, stock per SKU, images and categories.

import { NodeLookup, filter } from '../../../core/index.ts';
import type { ShopModule } from '../module.ts';
import { catalogueMigrations } from './migrations.ts';
import { catalogueResolvers } from './resolvers.ts';
import { catalogueTypeDefs } from './schema.ts';
import { seedDemoCatalogue } from './seed.ts';
import { catalogueSettingsShape } from './settings.ts';
import { catalogueOf } from './store.ts';

export { catalogueOf } from './store.ts';
export { mayManage } from './shops.ts';

const NODE_TYPES = new Set(['Shop', 'Product', 'ProductVariant', 'Category']);

export const catalogueModule: ShopModule = {
  name: 'catalogue',
  migrations: catalogueMigrations,
  settings: catalogueSettingsShape,
  typeDefs: catalogueTypeDefs,
  resolvers: catalogueResolvers,
  seedDemo: seedDemoCatalogue,
  hooks: [
    // node(id:) for the catalogue's types, with the same visibility as the queries.
    filter(NodeLookup, async (found, { type, id, context }, ctx) => {
      if (found || !NODE_TYPES.has(type)) return found;
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n <= 0) return null;
      const { shops, products, variants, categories } = catalogueOf(ctx);
      if (type === 'Shop') return withType(await shops.getById(n), type);
      if (type === 'Category') return withType((await categories.getByIds([n]))[0] ?? null, type);
      if (type === 'Product') return withType(await products.readable(await products.getById(n), context.viewer), type);
      const [variant] = await variants.getByIds([n]);
      const product = variant && !variant.removedAt ? await products.readable(await products.getById(variant.productId), context.viewer) : null;
      return product ? withType(variant, type) : null;
    }),
  ],
};

const withType = <T extends object>(value: T | null, type: string) => value && { ...value, __typename: type };
