// What the brand's remote followers are sent about its products: a Create
// when a product is published (again), an Update of the object when what
// buyers see changes (name, description, images, prices, a variant selling
// out or coming back), a Delete (Tombstone) when it is taken down. The
// instance's own shops have no followers. Each runs after the write
// commits, and reads the product as it is then.

import { PUBLIC_COLLECTION, Tombstone } from '@fedify/vocab';
import type { Context } from '@fedify/fedify';
import { FederationServiceRef, type PluginContext } from '../../../core/index.ts';
import type { ProductChange, ProductRecord } from '../contracts.ts';
import { brandOf, buildProduct, productUri } from './product-object.ts';
import { addFields, fullPublic, patch, PatchedCreate, PatchedDelete, PatchedUpdate } from './vocabulary.ts';

/** Changes a follower's copy does not show (the note carries no categories). */
const UNSEEN: readonly ProductChange[] = ['categories'];

function fedContext(ctx: PluginContext<any>): Context<void> | null {
  return ctx.services.maybe(FederationServiceRef)?.context() ?? null;
}

/** A Create or an Update of the published product, with its schema.org fields; nothing for drafts, taken-down products and instance shops. */
async function sendProduct(ctx: PluginContext<any>, productId: number, kind: 'create' | 'update'): Promise<void> {
  const fctx = fedContext(ctx);
  const built = fctx && (await buildProduct(ctx, fctx, productId));
  if (!fctx || !built?.owner) return;
  const note = built.note;
  const values = {
    actor: fctx.getActorUri(built.owner.handle),
    object: note,
    tos: [PUBLIC_COLLECTION],
    ccs: [fctx.getFollowersUri(built.owner.handle)],
  };
  const activity = kind === 'create'
    // A product published again is announced again: one id per publication.
    ? new PatchedCreate({ ...values, id: new URL(`${note.id!.href}#create-${(built.product.publishedAt ?? new Date()).getTime()}`), published: note.published })
    // One id per state of the object: its `updated` moves with every change followers see.
    : new PatchedUpdate({ ...values, id: new URL(`${note.id!.href}#update-${note.updated!.epochMilliseconds}`), published: note.updated });
  const fed = ctx.services.get(FederationServiceRef);
  await fed.sendActivity({ accountId: built.owner.id }, 'followers', patch(activity, (json) => addFields(json, built.fields, { inObject: true })));
}

export const announceProduct = (ctx: PluginContext<any>, productId: number) => sendProduct(ctx, productId, 'create');

export async function updateProduct(ctx: PluginContext<any>, productId: number, changes: readonly ProductChange[]): Promise<void> {
  if (changes.every((c) => UNSEEN.includes(c))) return;
  await sendProduct(ctx, productId, 'update');
}

/** Delete(Tombstone) of a product taken down; followers' servers drop their copy. */
export async function withdrawProduct(ctx: PluginContext<any>, product: ProductRecord): Promise<void> {
  const fctx = fedContext(ctx);
  const brand = fctx && (await brandOf(ctx, product.shopId));
  if (!fctx || !brand?.owner) return;
  const id = productUri(fctx, product.id);
  const activity = new PatchedDelete({
    id: new URL(`${id.href}#delete-${product.updatedAt.getTime()}`),
    actor: fctx.getActorUri(brand.owner.handle),
    object: new Tombstone({ id }),
    tos: [PUBLIC_COLLECTION],
    ccs: [fctx.getFollowersUri(brand.owner.handle)],
  });
  const fed = ctx.services.get(FederationServiceRef);
  await fed.sendActivity({ accountId: brand.owner.id }, 'followers', patch(activity, fullPublic));
}
