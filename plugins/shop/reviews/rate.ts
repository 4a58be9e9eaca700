// rateProduct's rules. A buyer rates a product on sale that they received
// in an order that stands (delivered or completed; refunded orders do not
// count, so someone whose only order was refunded is refused), once per
// product — rating again replaces it. 1–5 stars, a short optional text, and
// optionally one of their own notes that shows the product.

import { MeadowError, badInput, notFound, type PluginContext, type Viewer } from '../../../core/index.ts';
import { NotesServiceRef } from '../../notes/contracts.ts';
import { catalogueOf, mayManage } from '../catalogue/index.ts';
import { productsReceivedBy } from '../checkout/index.ts';
import { noteProductsOf } from '../tags/index.ts';
import { reviewsOf, type ReviewRecord } from './store.ts';

export const MAX_REVIEW_TEXT = 1000;

export interface RateInput {
  productId: number;
  stars: number;
  text: string | null;
  noteId: number | null;
}

export const notVerifiedBuyer = () => new MeadowError(
  'FORBIDDEN',
  'Only buyers who received this product can rate it (an order delivered or completed; refunded orders do not count)',
  { reason: 'NOT_VERIFIED_BUYER' },
);

/** The text as stored: trimmed, line ends as \n; BAD_USER_INPUT past MAX_REVIEW_TEXT characters. */
export function reviewText(raw: string | null): string {
  const text = (raw ?? '').replace(/\r\n?/g, '\n').trim();
  if ([...text].length > MAX_REVIEW_TEXT) throw badInput(`A rating's text has at most ${MAX_REVIEW_TEXT} characters`, { field: 'text', max: MAX_REVIEW_TEXT });
  return text;
}

export async function rateProduct(ctx: PluginContext<any>, viewer: Viewer, input: RateInput): Promise<ReviewRecord> {
  if (!Number.isInteger(input.stars) || input.stars < 1 || input.stars > 5) throw badInput('Give from 1 to 5 stars', { field: 'stars' });
  const text = reviewText(input.text);
  const { products, shops } = catalogueOf(ctx);
  const product = await products.getById(input.productId);
  // Drafts and taken-down products are not on sale: nobody rates them (their own shop sees them, but does not rate).
  if (!product || product.status !== 'published') throw notFound('The product');
  const shop = await shops.getById(product.shopId);
  if (shop && mayManage(shop, viewer)) throw new MeadowError('FORBIDDEN', 'A shop does not rate its own products', { reason: 'OWN_PRODUCT' });
  if (input.noteId !== null) await checkNote(ctx, viewer, input.noteId, product.id);
  return reviewsOf(ctx).rate(
    { productId: product.id, shopId: product.shopId, accountId: viewer.accountId, stars: input.stars, text, noteId: input.noteId },
    async (tx) => {
      if (!(await productsReceivedBy(ctx, viewer.accountId, [product.id], tx)).has(product.id)) throw notVerifiedBuyer();
    },
  );
}

/** The linked note must be the buyer's own, readable, and show this product (a tag or a product ref). */
async function checkNote(ctx: PluginContext<any>, viewer: Viewer, noteId: number, productId: number): Promise<void> {
  const notes = ctx.services.get(NotesServiceRef);
  const note = await notes.getById(noteId);
  if (!note || !(await notes.canRead(noteId, viewer.accountId))) throw new MeadowError('NOT_FOUND', 'The note was not found', { field: 'noteId' });
  if (note.authorId !== viewer.accountId) throw new MeadowError('FORBIDDEN', 'You can link only a note of your own', { field: 'noteId' });
  if (!(await noteProductsOf(ctx).linkedProductIds(note)).includes(productId)) {
    throw badInput('That note does not show this product: tag it on an image or refer to it in the note first', { field: 'noteId' });
  }
}
