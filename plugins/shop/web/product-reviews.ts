// The ratings part of the product page: the summary (stars, average, how
// many), the latest ratings, each marked "verified purchase" (only buyers who
// received the product rate it), and for such a buyer a plain form — stars as
// radio buttons, a short text, optionally one of their own notes about it —
// posting to the product page (do=rate) and back to it with a notice.

import { localId, toGlobalId } from '../../../core/index.ts';
import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { dateText, invalidIf, needsSignIn, noticeLine, problem, problemAlert, problemOf, type FormProblem } from './common.ts';
import { say } from './words.ts';

/** The product page query's part for this section. */
export const REVIEW_FIELDS = `rating { average count }
    reviews(first: 5) { edges { node { id stars text verifiedPurchase updatedAt buyer { handle displayName } note { id title } } } }
    viewerCanRate viewerReview { stars text note { id } }`;

export interface ReviewsData {
  id: string;
  rating: { average: number | null; count: number };
  reviews: { edges: { node: { id: string; stars: number; text: string; verifiedPurchase: boolean; updatedAt: string; buyer: { handle: string; displayName: string } | null; note: { id: string; title: string } | null } }[] };
  viewerCanRate: boolean;
  viewerReview: { stars: number; text: string; note: { id: string } | null } | null;
  notes: { id: string; title: string; author: { id: string } }[];
}

/** What the rating form sent when it was refused, shown again as it was. */
export interface RatingEcho {
  problem: FormProblem;
  stars: string | null;
  text: string;
  note: string | null;
}

const RATE = `mutation ShopRateProduct($productId: ID!, $stars: Int!, $text: String, $noteId: ID) { rateProduct(productId: $productId, stars: $stars, text: $text, noteId: $noteId) { id } }`;
const MAX_TEXT = 1000;
const ALERT = 'rate-error';

const starsText = (stars: number) => '★'.repeat(stars) + '☆'.repeat(5 - stars);

function ratingForm(page: WebPageContext, p: ReviewsData, echo: RatingEcho | null): SafeHtml | '' {
  // A refusal for someone without the form (a hand-made post) is still said.
  if (!p.viewerCanRate) return problemAlert(echo?.problem ?? null, ALERT);
  const mine = p.viewerReview;
  const chosen = echo?.stars ?? (mine ? String(mine.stars) : null);
  const ownNotes = p.notes.filter((n) => n.author.id === page.viewer?.id);
  const linked = echo ? echo.note : (mine?.note?.id ?? null);
  const fail = echo?.problem ?? null;
  return html`<form class="rate-form stacked" method="post" action="${page.url.pathname}">
  <h3>${say(page, mine ? 'editRating' : 'rateIt')}</h3>
  ${problemAlert(fail, ALERT)}
  <input type="hidden" name="do" value="rate">
  <fieldset${invalidIf(fail, 'stars', ALERT)}><legend>${say(page, 'yourStars')}</legend>
    ${[5, 4, 3, 2, 1].map((n) => html`<div class="form-field checkbox"><input type="radio" id="rate-stars-${n}" name="stars" value="${n}"${chosen === String(n) ? html` checked` : ''} required>
      <label for="rate-stars-${n}"><span aria-hidden="true">${starsText(n)}</span> ${say(page, 'starsN', { n })}</label></div>`)}
  </fieldset>
  <div class="form-field"><label for="rate-text">${say(page, 'ratingText')}</label>
    <textarea id="rate-text" name="text" rows="3" maxlength="${MAX_TEXT}"${invalidIf(fail, 'text', ALERT)}>${echo ? echo.text : (mine?.text ?? '')}</textarea></div>
  ${ownNotes.length ? html`<div class="form-field"><label for="rate-note">${say(page, 'ratingNote')}</label>
    <select id="rate-note" name="note"${invalidIf(fail, 'noteId', ALERT)}><option value="">${say(page, 'noNoteLinked')}</option>${ownNotes.map((n) => html`<option value="${n.id}"${linked === n.id ? html` selected` : ''}>${n.title || say(page, 'aNote')}</option>`)}</select></div>` : ''}
  <button type="submit" class="primary">${say(page, 'saveRating')}</button>
</form>`;
}

export function reviewsSection(page: WebPageContext, p: ReviewsData, echo: RatingEcho | null): SafeHtml {
  const { average, count } = p.rating;
  const rounded = average === null ? 0 : Math.round(average);
  const averageText = average === null ? '' : new Intl.NumberFormat(page.locale, { maximumFractionDigits: 1 }).format(average);
  return html`<section class="product-reviews" id="reviews" aria-labelledby="product-reviews-title">
  <h2 id="product-reviews-title">${say(page, 'ratings')}</h2>
  ${page.url.searchParams.get('done') === 'rated' && !echo ? noticeLine(say(page, 'rated')) : ''}
  ${count
    ? html`<p class="rating-summary"><span class="rating-stars" aria-hidden="true">${starsText(rounded)}</span> ${say(page, 'ratingSummary', { average: averageText, count })}</p>`
    : html`<p class="empty">${say(page, 'noRatings')}</p>`}
  ${p.reviews.edges.length ? html`<ul class="product-note-list review-list" role="list">${p.reviews.edges.map(({ node: r }) => html`<li class="review">
    <span><span class="rating-stars" role="img" aria-label="${say(page, 'starsN', { n: r.stars })}">${starsText(r.stars)}</span>
    ${r.verifiedPurchase ? html` <span class="disclosure-label verified-purchase">${say(page, 'verifiedPurchase')}</span>` : ''}
    ${r.buyer ? html`<span class="note-by">@${r.buyer.handle}</span> ` : ''}${dateText(page, r.updatedAt)}
    ${r.text ? html`<p class="review-text">${r.text}</p>` : ''}
    ${r.note ? html`<a href="/notes/${localId(r.note.id, 'Note')}">${say(page, 'theirNote', { title: r.note.title || say(page, 'aNote') })}</a>` : ''}</span></li>`)}</ul>` : ''}
  ${ratingForm(page, p, echo)}
</section>`;
}

/** "Rate": the form's stars, text and note go to rateProduct; back to the product page's ratings with a notice, or the form again with the refusal. */
export async function rateAction(page: WebPageContext, form: URLSearchParams, again: (echo: RatingEcho) => Promise<WebPageResult | null>): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'POST');
  if (signIn) return signIn;
  const stars = form.get('stars');
  const text = form.get('text') ?? '';
  const note = form.get('note') || null;
  const echo = (p: FormProblem): RatingEcho => ({ problem: p, stars, text, note });
  if (!stars || !/^[1-5]$/.test(stars)) return again(echo(problem(say(page, 'badStars'), 'stars')));
  try {
    await page.gql(RATE, { productId: toGlobalId('Product', page.params.id ?? ''), stars: Number(stars), text, noteId: note });
  } catch (err) {
    return again(echo(problemOf(err)));
  }
  return { redirect: `${page.url.pathname}?done=rated#reviews`, status: 303 };
}
