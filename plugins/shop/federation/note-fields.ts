// What a note that shows products carries when it federates, beside the
// product cards its content already has (note.render): the ids of the
// products it links (`meadow:products`, each a product object a receiver
// can fetch) and the tags on its images (`meadow:productTags`: which
// product, on which attachment, where). Only products on sale.

import { MediaServiceRef, filter } from '../../../core/index.ts';
import { NoteFederatedFields } from '../../notes/contracts.ts';
import { productUrl } from '../links.ts';
import { publishedProducts } from '../tags/card.ts';
import { noteProductsOf } from '../tags/index.ts';
import { SHOP_TERMS } from './vocabulary.ts';

export const noteFieldsHook = filter(NoteFederatedFields, async (value, { note }, ctx) => {
  const links = noteProductsOf(ctx);
  const onSale = await publishedProducts(ctx, await links.linkedProductIds(note));
  if (!onSale.length) return value;
  const ids = new Set(onSale.map((p) => p.id));
  const tags = (await links.tagsOf(note)).filter((t) => ids.has(t.productId));
  const media = ctx.services.get(MediaServiceRef);
  const images = tags.length ? await media.getByIds(tags.map((t) => t.mediaId)) : [];
  const productTags = tags.flatMap((t, i) => {
    const image = images[i];
    return image ? [{ product: productUrl(ctx, t.productId), image: media.urlOf(image), x: t.x, y: t.y }] : [];
  });
  return {
    fields: { ...value.fields, 'meadow:products': onSale.map((p) => productUrl(ctx, p.id)), 'meadow:productTags': productTags },
    terms: { ...value.terms, ...SHOP_TERMS },
  };
});
