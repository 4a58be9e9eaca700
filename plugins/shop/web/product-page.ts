// The product page (/shop/products/{n}, where a note's product card leads;
// the same URL is the product's ActivityPub id): images as a carousel like a
// note's, the shop, price, what is in stock, an "add to cart" form (a plain
// POST, the variant chosen in a select), the description, and the notes that
// show the product — real experiences first, paid ones and the shop's own
// labelled — and verified buyers' ratings (product-reviews.ts). Everything
// is read through GraphQL as the visitor, so a draft is a 404 for everyone
// but its shop. A card link's ?from=<note> travels with
// the form, so the note's creator is credited with the sale.

import { localId, toGlobalId } from '../../../core/index.ts';
import { html, safeUrl, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { invalidIf, merchantShopPath, needsSignIn, problem, problemAlert, problemOf, shopPath, type FormProblem } from './common.ts';
import { rateAction, reviewsSection, REVIEW_FIELDS, type RatingEcho, type ReviewsData } from './product-reviews.ts';
import { say } from './words.ts';

const QUERY = `query ShopProductPage($id: ID!) {
  product(id: $id) {
    id title description status
    shop { handle name viewerCanManage owner { id } }
    images { alt width height medium: url(variant: medium) large: url(variant: large) }
    priceRange { min { formatted } max { formatted } }
    inStock
    variants { id title price { formatted } compareAtPrice { formatted } available }
    notes(first: 12) { id title disclosure author { id handle displayName } cover { alt media { small: url(variant: small) } } }
    ${REVIEW_FIELDS}
  }
  buying: __type(name: "AddToCartInput") { name }
}`;

const ADD = `mutation ShopAddToCart($input: AddToCartInput!) { addToCart(input: $input) { id } }`;

interface Variant {
  id: string;
  title: string;
  price: { formatted: string };
  compareAtPrice: { formatted: string } | null;
  available: number;
}

interface ProductData extends ReviewsData {
  id: string;
  title: string;
  description: string;
  status: 'DRAFT' | 'PUBLISHED' | 'UNPUBLISHED';
  shop: { handle: string; name: string; viewerCanManage: boolean; owner: { id: string } | null };
  images: { alt: string; width: number | null; height: number | null; medium: string; large: string }[];
  priceRange: { min: { formatted: string }; max: { formatted: string } };
  inStock: boolean;
  variants: Variant[];
  notes: { id: string; title: string; disclosure: 'sponsored' | 'promoted' | null; author: { id: string; handle: string; displayName: string }; cover: { alt: string; media: { small: string } | null } | null }[];
}

/** A few left: said so people do not find out at checkout. */
const FEW = 5;

/** What the form sent back when it failed, so the page shows it again as it was. */
interface FormEcho {
  problem: FormProblem;
  variant: string | null;
  quantity: string | null;
  from?: string | null;
}

const noteNumber = (raw: string | null) => (raw && /^[1-9][0-9]{0,14}$/.test(raw) ? raw : null);

function carousel(page: WebPageContext, p: ProductData): SafeHtml | '' {
  if (!p.images.length) return '';
  const total = p.images.length;
  return html`<section class="carousel" aria-roledescription="carousel" aria-label="${page.t('note.images')}" data-carousel data-prev="${page.t('note.previous')}" data-next="${page.t('note.next')}">
  <ul class="carousel-track" tabindex="0" aria-label="${page.t('note.images')}">${p.images.map((img, i) => {
    const srcset = img.medium !== img.large ? html` srcset="${safeUrl(img.medium)} 1080w, ${safeUrl(img.large)} 2048w" sizes="(min-width: 60rem) 36rem, 100vw"` : '';
    return html`<li class="carousel-slide" aria-roledescription="slide" aria-label="${page.t('note.imageOf', { n: i + 1, total })}"><img src="${safeUrl(img.medium)}"${srcset}${img.width && img.height ? html` width="${img.width}" height="${img.height}"` : ''} alt="${img.alt || p.title}"${i ? html` loading="lazy"` : ''} decoding="async"></li>`;
  })}</ul>
  ${total > 1 ? html`<p class="carousel-count" aria-hidden="true"><span data-current>1</span> / ${total}</p>` : ''}
</section>`;
}

function stockText(page: WebPageContext, available: number): string {
  if (available <= 0) return say(page, 'soldOut');
  return available <= FEW ? say(page, 'fewLeft', { count: available }) : say(page, 'inStock');
}

function buyForm(page: WebPageContext, p: ProductData, buying: boolean, echo: FormEcho | null): SafeHtml {
  if (p.status !== 'PUBLISHED') return html``;
  if (!p.inStock) return html`<p class="product-stock sold-out">${say(page, 'soldOut')}</p>`;
  // The checkout module is not part of this instance yet: the place of the form, said plainly.
  if (!buying) return html`<p class="hint product-buy-later" data-buy="later">${say(page, 'buyingSoon')}</p>`;
  if (!page.viewer) return html`<p class="product-buy"><a class="button primary" href="/signin?next=${encodeURIComponent(page.url.pathname + page.url.search)}">${say(page, 'signInToBuy')}</a></p>`;
  const from = noteNumber(echo?.from ?? page.url.searchParams.get('from'));
  const firstAvailable = p.variants.find((v) => v.available > 0)?.id;
  const chosen = echo?.variant ?? firstAvailable;
  const alert = 'buy-error';
  const variantField = p.variants.length === 1
    ? html`<input type="hidden" name="variant" value="${p.variants[0]!.id}">`
    : html`<div class="form-field"><label for="buy-variant">${say(page, 'choose')}</label>
      <select id="buy-variant" name="variant" required${invalidIf(echo?.problem ?? null, 'variantId', alert)}>${p.variants.map((v) => html`<option value="${v.id}"${v.id === chosen ? html` selected` : ''}${v.available > 0 ? '' : html` disabled`}>${v.title} · ${v.price.formatted}${v.available > 0 ? '' : ` · ${say(page, 'soldOut')}`}</option>`)}</select></div>`;
  return html`<form class="product-buy stacked" method="post" action="${page.url.pathname}">
  ${problemAlert(echo?.problem ?? null, alert)}
  <input type="hidden" name="do" value="add-to-cart">${from ? html`<input type="hidden" name="from" value="${from}">` : ''}
  ${variantField}
  <div class="form-field"><label for="buy-quantity">${say(page, 'quantity')}</label>
    <input id="buy-quantity" name="quantity" type="number" min="1" max="99" step="1" value="${echo?.quantity ?? '1'}" required inputmode="numeric"${invalidIf(echo?.problem ?? null, 'quantity', alert)}></div>
  <button type="submit" class="primary">${say(page, 'addToCart')}</button>
</form>`;
}

function notesAbout(page: WebPageContext, p: ProductData): SafeHtml {
  const ownerId = p.shop.owner?.id;
  const label = (n: ProductData['notes'][number]) => {
    if (n.disclosure) return html` <span class="disclosure-label">${say(page, n.disclosure)}</span>`;
    return n.author.id === ownerId ? html` <span class="disclosure-label">${say(page, 'byTheShop')}</span>` : '';
  };
  return html`<section class="product-notes" aria-labelledby="product-notes-title">
  <h2 id="product-notes-title">${say(page, 'notesAbout')}</h2>
  ${p.notes.length
    ? html`<ul class="product-note-list" role="list">${p.notes.map((n) => html`<li class="product-note">
      ${n.cover?.media ? html`<img src="${safeUrl(n.cover.media.small)}" alt="" width="64" height="64" loading="lazy">` : html`<span class="product-note-nocover" aria-hidden="true"></span>`}
      <span><a href="/notes/${localId(n.id, 'Note')}">${n.title || say(page, 'aNote')}</a>${label(n)}
      <span class="note-by">@${n.author.handle}</span></span></li>`)}</ul>`
    : html`<p class="empty">${say(page, 'noNotes')}</p>`}
</section>`;
}

export async function renderProductPage(page: WebPageContext, echo: FormEcho | null = null, rating: RatingEcho | null = null): Promise<WebPageResult | null> {
  if (!/^[1-9][0-9]{0,14}$/.test(page.params.id ?? '')) return null;
  const { product: p, buying } = await page.gql<{ product: ProductData; buying: { name: string } | null }>(QUERY, { id: toGlobalId('Product', page.params.id!) });
  const { min, max } = p.priceRange;
  const single = p.variants.length === 1 ? p.variants[0]! : null;
  const price = min.formatted === max.formatted ? min.formatted : say(page, 'priceFrom', { min: min.formatted, max: max.formatted });
  const body = html`<article class="product-page" aria-labelledby="product-title">
  ${carousel(page, p)}
  <div class="product-main">
    <p class="product-shop"><a href="${shopPath(p.shop.handle)}">${p.shop.name}</a></p>
    <h1 id="product-title">${p.title}</h1>
    ${p.status !== 'PUBLISHED' ? html`<p class="product-status">${say(page, 'notOnSale')}</p>` : ''}
    ${p.shop.viewerCanManage ? html`<p><a href="${merchantShopPath(p.shop.handle)}">${say(page, 'manage')}</a></p>` : ''}
    <p class="product-price">${price}${single?.compareAtPrice ? html` <s class="product-was">${single.compareAtPrice.formatted}</s>` : ''}</p>
    ${buyForm(page, p, !!buying, echo)}
    <h2 class="visually-hidden">${say(page, 'variants')}</h2>
    <ul class="product-variants">${p.variants.map((v) => html`<li>
      ${v.title ? html`<span class="variant-title">${v.title}</span> ` : ''}<span class="variant-price">${v.price.formatted}</span>
      ${v.compareAtPrice ? html` <s class="variant-was">${v.compareAtPrice.formatted}</s>` : ''}
      <span class="variant-stock${v.available > 0 ? '' : ' sold-out'}">${stockText(page, v.available)}</span>
    </li>`)}</ul>
    ${p.description.trim() ? html`<section class="product-description" aria-labelledby="product-description-title"><h2 id="product-description-title">${say(page, 'description')}</h2>
      ${p.description.split(/\n\s*\n/).map((para) => html`<p>${para.trim()}</p>`)}</section>` : ''}
    ${reviewsSection(page, p, rating)}
    ${notesAbout(page, p)}
  </div>
</article>`;
  return {
    title: p.title,
    body,
    status: echo?.problem.status ?? rating?.problem.status,
    meta: { description: p.description.slice(0, 200) || p.title, image: p.images[0]?.medium ?? null, imageAlt: p.images[0]?.alt || p.title, noindex: p.status !== 'PUBLISHED' },
    scripts: p.images.length > 1 ? [page.asset('carousel.js')] : [],
  };
}

/** "Add to cart": the chosen variant and quantity go to the checkout's addToCart (with the note the visitor came from). */
export async function productAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult | null> {
  if (form.get('do') === 'rate') return rateAction(page, form, (rating) => renderProductPage(page, null, rating));
  if (form.get('do') !== 'add-to-cart') return renderProductPage(page, { problem: problem(say(page, 'badForm')), variant: null, quantity: null });
  const signIn = needsSignIn(page, 'GET');
  if (signIn) return signIn;
  const variant = form.get('variant') ?? '';
  const quantityText = (form.get('quantity') ?? '').trim();
  const from = noteNumber(form.get('from'));
  const echo = (p: FormProblem): FormEcho => ({ problem: p, variant, quantity: quantityText, from });
  const quantity = Number(quantityText);
  if (!/^\d{1,2}$/.test(quantityText) || quantity < 1) return renderProductPage(page, echo(problem(say(page, 'badQuantity'), 'quantity')));
  if (!variant) return renderProductPage(page, echo(problem(say(page, 'badVariant'), 'variantId')));
  try {
    await page.gql(ADD, { input: { variantId: variant, quantity, ...(from ? { noteId: toGlobalId('Note', from) } : {}) } });
  } catch (err) {
    const found = problemOf(err);
    // A variant id that is not one (a hand-made form) reads as "choose one listed".
    return renderProductPage(page, echo(found.status === 404 || found.field === 'variantId' ? { ...found, field: 'variantId' } : found));
  }
  // The cart page exists wherever addToCart does (both are the checkout module's).
  return { redirect: '/cart?done=added', status: 303 };
}
