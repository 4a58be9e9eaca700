// The federation module: products as ActivityPub objects. Each published
// product is served at its page's URL (/products/{id}) as a Note with
// schema.org Product properties (product-object.ts); the brand's remote
// followers get a Create when it is published, an Update when it changes and
// a Delete when it is taken down (activities.ts); notes that show products
// carry them (note-fields.ts). Without the federation module of the core (or with
// federation off) none of this runs.

import { FederationServiceRef, on, type PluginContext } from '../../../core/index.ts';
import { ProductPublished, ProductUnpublished, ProductUpdated } from '../contracts.ts';
import { PRODUCT_PATH } from '../links.ts';
import type { ShopModule } from '../module.ts';
import { announceProduct, updateProduct, withdrawProduct } from './activities.ts';
import { productObject } from './product-object.ts';
import { noteFieldsHook } from './note-fields.ts';
import { ProductRoute } from './vocabulary.ts';

export { productUri } from './product-object.ts';

function register(ctx: PluginContext<any>): void {
  const fed = ctx.services.maybe(FederationServiceRef);
  if (!fed) return;
  fed.registerObjectType({
    type: ProductRoute,
    path: PRODUCT_PATH,
    dispatch: (fctx, values) => {
      const id = Number(values.id);
      return /^[1-9][0-9]{0,15}$/.test(values.id ?? '') && Number.isSafeInteger(id) ? productObject(ctx, fctx, id) : null;
    },
  });
}

export const federationModule: ShopModule = {
  name: 'federation',
  bootstrap: register,
  hooks: [
    noteFieldsHook,
    on(ProductPublished, ({ product }, ctx) => announceProduct(ctx, product.id)),
    on(ProductUpdated, ({ product, changes }, ctx) => updateProduct(ctx, product.id, changes)),
    on(ProductUnpublished, ({ product }, ctx) => withdrawProduct(ctx, product)),
  ],
};
