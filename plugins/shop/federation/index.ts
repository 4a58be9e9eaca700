// The federation module: products as ActivityPub objects. Each published
// product is served at its page's URL (/products/{id}) as a Note with
// schema.org Product properties (product-object.ts); publishing it sends a
// Create to the brand's remote followers; notes that show products carry
// them (note-fields.ts). Without the federation module of the core (or with
// federation off) none of this runs.

import { Create, PUBLIC_COLLECTION } from '@fedify/vocab';
import { FederationServiceRef, on, type PluginContext } from '../../../core/index.ts';
import { ProductPublished } from '../contracts.ts';
import { PRODUCT_PATH } from '../links.ts';
import type { ShopModule } from '../module.ts';
import { buildProduct, productObject } from './product-object.ts';
import { noteFieldsHook } from './note-fields.ts';
import { addFields, patch, PatchedCreate, ProductRoute } from './vocabulary.ts';

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

/** A Create of the product to the brand's remote followers (instance shops have none). */
async function announceProduct(ctx: PluginContext<any>, productId: number): Promise<void> {
  const fed = ctx.services.maybe(FederationServiceRef);
  if (!fed) return;
  const fctx = fed.context();
  const built = await buildProduct(ctx, fctx, productId);
  if (!built?.owner) return;
  const published = built.product.publishedAt ?? new Date();
  const note = built.note;
  const create: Create = new PatchedCreate({
    // A product published again is announced again: one id per publication.
    id: new URL(`${note.id!.href}#create-${published.getTime()}`),
    actor: fctx.getActorUri(built.owner.handle),
    object: note,
    tos: [PUBLIC_COLLECTION],
    ccs: [fctx.getFollowersUri(built.owner.handle)],
    published: note.published,
  });
  await fed.sendActivity({ accountId: built.owner.id }, 'followers', patch(create, (json) => addFields(json, built.fields, { inObject: true })));
}

export const federationModule: ShopModule = {
  name: 'federation',
  bootstrap: register,
  hooks: [
    noteFieldsHook,
    on(ProductPublished, ({ product }, ctx) => announceProduct(ctx, product.id)),
  ],
};
