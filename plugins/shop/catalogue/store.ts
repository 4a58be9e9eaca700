// The catalogue's parts, one set per plugin context. Other shop modules
// (tags, checkout) use it through catalogueOf(ctx); other plugins use
// ShopService (service.ts).

import type { PluginContext } from '../../../core/index.ts';
import { Categories } from './categories.ts';
import { productChangeNotifier } from './changes.ts';
import { Products } from './products.ts';
import { Shops } from './shops.ts';
import { Variants } from './variants.ts';

export interface Catalogue {
  shops: Shops;
  products: Products;
  variants: Variants;
  categories: Categories;
}

const catalogues = new WeakMap<object, Catalogue>();

export function catalogueOf(ctx: PluginContext<any>): Catalogue {
  let catalogue = catalogues.get(ctx);
  if (!catalogue) {
    const shops = new Shops(ctx);
    const variants = new Variants(() => ctx.db.kysely(), ctx.db.dialect, productChangeNotifier(ctx));
    const categories = new Categories(ctx);
    const products = new Products(ctx, { shops, variants, categories });
    catalogues.set(ctx, (catalogue = { shops, products, variants, categories }));
  }
  return catalogue;
}
