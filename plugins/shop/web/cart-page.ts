// /cart: the signed-in person's open carts, one per shop: each line with
// the product, its choice, the price of one, a quantity form (0 removes)
// and a Remove button; lines that cannot be bought now say why. The goods
// total here is for reading (the server prices the order at checkout);
// "Check out" leads to /checkout?cart=… .

import { localId } from '../../../core/index.ts';
import { html, safeUrl, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { money, needsSignIn, noticeLine, problem, problemAlert, problemOf, productPath, shopPath, type FormProblem } from './common.ts';
import { say, type WordKey } from './words.ts';

const QUERY = `query ShopCartPage { myCarts {
  id currency shop { handle name }
  lines { id quantity available problem unitPrice { amount currency formatted }
    product { id title images { small: url(variant: small) } } variant { title } note { id title } }
} }`;

export interface CartLineData {
  id: string;
  quantity: number;
  available: boolean;
  problem: string | null;
  unitPrice: { amount: number; currency: string; formatted: string } | null;
  product: { id: string; title: string; images: { small: string }[] } | null;
  variant: { title: string } | null;
  note: { id: string; title: string } | null;
}

export interface CartData {
  id: string;
  currency: string | null;
  shop: { handle: string; name: string };
  lines: CartLineData[];
}

/** Goods total of the lines that can be bought, for reading. */
export function goodsTotal(cart: CartData): string | null {
  const lines = cart.lines.filter((l) => l.available && l.unitPrice);
  if (!lines.length || !cart.currency) return null;
  return money(lines.reduce((sum, l) => sum + l.unitPrice!.amount * l.quantity, 0), cart.currency);
}

export const lineName = (l: CartLineData) => [l.product?.title ?? '—', l.variant?.title].filter(Boolean).join(' · ');

interface Refusal {
  problem: FormProblem;
  line: string | null;
}

function line(page: WebPageContext, l: CartLineData, refusal: Refusal | null): SafeHtml {
  const n = localId(l.id, 'CartLine');
  const name = lineName(l);
  const alertId = `line-error-${n}`;
  const mine = refusal?.line === l.id ? refusal.problem : null;
  return html`<li class="cart-line${l.available ? '' : ' unavailable'}" id="line-${n}">
  ${l.product?.images[0] ? html`<img src="${safeUrl(l.product.images[0].small)}" alt="" width="64" height="64" loading="lazy">` : html`<span class="product-note-nocover" aria-hidden="true"></span>`}
  <div class="cart-line-main">
    <p class="cart-line-title">${l.product ? html`<a href="${productPath(l.product.id)}">${l.product.title}</a>` : '—'}${l.variant?.title ? html` · ${l.variant.title}` : ''}</p>
    <p class="cart-line-price">${say(page, 'unitPrice')} ${l.unitPrice?.formatted ?? '—'}${l.note ? html` · <span class="hint">${say(page, 'fromNote', { title: l.note.title || say(page, 'aNote') })}</span>` : ''}</p>
    ${l.problem ? html`<p class="sold-out">${say(page, `problem_${l.problem}` as WordKey)}</p>` : ''}
    ${mine ? problemAlert(mine, alertId) : ''}
    <div class="cart-line-actions">
      <form method="post" action="/cart" class="stock-form">
        <input type="hidden" name="do" value="quantity"><input type="hidden" name="line" value="${l.id}">
        <label class="visually-hidden" for="qty-${n}">${say(page, 'quantityOf', { item: name })}</label>
        <input id="qty-${n}" name="quantity" type="number" min="0" max="99" step="1" inputmode="numeric" value="${l.quantity}" required${mine ? html` aria-invalid="true" aria-describedby="${alertId}"` : ''}>
        <button type="submit">${say(page, 'update')}</button>
      </form>
      <form method="post" action="/cart" class="inline-form">
        <input type="hidden" name="do" value="remove"><input type="hidden" name="line" value="${l.id}">
        <button type="submit" aria-label="${say(page, 'removeItem', { item: name })}">${say(page, 'remove')}</button>
      </form>
    </div>
  </div>
</li>`;
}

export async function renderCart(page: WebPageContext, refusal: Refusal | null = null): Promise<WebPageResult> {
  const signIn = needsSignIn(page, 'GET');
  if (signIn) return signIn;
  const { myCarts } = await page.gql<{ myCarts: CartData[] }>(QUERY);
  const carts = myCarts.filter((c) => c.lines.length);
  const done = page.url.searchParams.get('done');
  const body = html`<section class="merchant cart" aria-labelledby="cart-title">
  <h1 id="cart-title" class="page-title">${say(page, 'cart')}</h1>
  ${refusal ? '' : noticeLine(done === 'added' ? say(page, 'added') : done === 'updated' ? say(page, 'cartUpdated') : null)}
  ${refusal && !refusal.line ? problemAlert(refusal.problem, 'cart-error') : ''}
  ${carts.length ? carts.map((cart) => {
    const total = goodsTotal(cart);
    const buyable = cart.lines.some((l) => l.available);
    return html`<section class="cart-shop" aria-labelledby="cart-${localId(cart.id, 'Cart')}">
    <h2 id="cart-${localId(cart.id, 'Cart')}"><a href="${shopPath(cart.shop.handle)}">${say(page, 'cartAt', { shop: cart.shop.name })}</a></h2>
    <ul class="cart-lines" role="list">${cart.lines.map((l) => line(page, l, refusal))}</ul>
    ${total ? html`<p class="cart-total">${say(page, 'subtotal')}: <strong>${total}</strong></p>` : ''}
    ${buyable ? html`<p><a class="button primary" href="/checkout?cart=${encodeURIComponent(cart.id)}">${say(page, 'toCheckout')}</a></p>` : ''}
  </section>`;
  }) : html`<p class="empty">${say(page, 'cartEmpty')}</p>`}
  <p><a href="/orders">${say(page, 'myOrders')}</a></p>
</section>`;
  return { title: say(page, 'cart'), body, status: refusal?.problem.status, meta: { noindex: true } };
}

const SET = `mutation ShopCartQuantity($line: ID!, $quantity: Int!) { setCartLineQuantity(lineId: $line, quantity: $quantity) { id } }`;
const REMOVE = `mutation ShopCartRemove($line: ID!) { removeCartLine(lineId: $line) { id } }`;

export async function cartAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const signIn = needsSignIn(page, 'POST');
  if (signIn) return signIn;
  const lineId = form.get('line') ?? '';
  const what = form.get('do');
  try {
    if (what === 'quantity') {
      const text = (form.get('quantity') ?? '').trim();
      if (!/^\d{1,2}$/.test(text)) return renderCart(page, { problem: problem(say(page, 'badQuantity'), 'quantity'), line: lineId });
      await page.gql(SET, { line: lineId, quantity: Number(text) });
    } else if (what === 'remove') {
      await page.gql(REMOVE, { line: lineId });
    } else {
      return renderCart(page, { problem: problem(say(page, 'badForm')), line: null });
    }
  } catch (err) {
    return renderCart(page, { problem: problemOf(err), line: lineId });
  }
  return { redirect: '/cart?done=updated', status: 303 };
}
