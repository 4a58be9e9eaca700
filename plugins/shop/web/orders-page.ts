// The buyer's orders: /orders (newest first, paged) and /orders/{n} (what
// was bought, the totals the server charged, where it ships, its status and
// tracking, the payment — with "Pay now" while it waits — and Cancel while
// unpaid, "I received it" once delivered). An order is readable by its
// buyer and its shop only (404 for others).

import { localId, toGlobalId } from '../../../core/index.ts';
import { html, safeUrl, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { dateText, isBadCursor, needsSignIn, noticeLine, orderPath, problem, problemAlert, problemOf, productPath, shopPath, type FormProblem } from './common.ts';
import { say, type WordKey } from './words.ts';

const PAGE = 20;

const LIST = `query ShopMyOrders($first: Int!, $after: String) { myOrders(first: $first, after: $after) {
  edges { node { id status createdAt total { formatted } shop { name } lines { title quantity } } }
  pageInfo { hasNextPage endCursor }
} }`;

export const ORDER_FIELDS = `id status createdAt paidAt shippedAt deliveredAt completedAt cancelledAt cancelReason paymentDeadline
  shop { handle name } buyer { handle displayName }
  lines { id productId product { id } title variantTitle quantity unitPrice { formatted } lineTotal { formatted } discount { amount formatted } note { id title } }
  subtotal { formatted } discount { amount formatted } shipping { formatted } total { formatted } refundedAmount { amount formatted } currency
  coupons { code amount { formatted } }
  address { recipient phone country region city line1 line2 postalCode } shippingOption trackingNumber carrier
  payment { status provider refundableAmount nextAction { type url instructions } }`;

const ONE = `query ShopOrder($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

export interface OrderData {
  id: string;
  status: string;
  createdAt: string;
  paidAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  paymentDeadline: string | null;
  shop: { handle: string; name: string };
  buyer: { handle: string; displayName: string } | null;
  lines: { id: string; product: { id: string } | null; title: string; variantTitle: string; quantity: number; unitPrice: { formatted: string }; lineTotal: { formatted: string }; note: { id: string; title: string } | null }[];
  subtotal: { formatted: string };
  discount: { amount: number; formatted: string };
  shipping: { formatted: string };
  total: { formatted: string };
  refundedAmount: { amount: number; formatted: string };
  currency: string;
  coupons: { code: string; amount: { formatted: string } }[];
  address: { recipient: string; phone: string; country: string; region: string; city: string; line1: string; line2: string; postalCode: string };
  shippingOption: string | null;
  trackingNumber: string | null;
  carrier: string | null;
  payment: { status: string; provider: string; refundableAmount: number; nextAction: { type: string; url: string | null; instructions: string | null } | null } | null;
}

export const statusLabel = (page: WebPageContext, status: string) => html`<span class="product-status-label status-${status.toLowerCase()}">${say(page, status as WordKey)}</span>`;

/** What an order is, for the buyer's and the merchant's pages alike. */
export function orderSummary(page: WebPageContext, o: OrderData): SafeHtml {
  const a = o.address;
  return html`<ul class="checkout-lines">${o.lines.map((l) => html`<li>${l.product ? html`<a href="${productPath(l.product.id)}">${l.title}</a>` : l.title}${l.variantTitle ? ` · ${l.variantTitle}` : ''} × ${l.quantity} · ${l.lineTotal.formatted}</li>`)}</ul>
<dl class="checkout-quote">
  <dt>${say(page, 'subtotal')}</dt><dd>${o.subtotal.formatted}</dd>
  ${o.discount.amount ? html`<dt>${say(page, 'discount')}${o.coupons.length ? ` (${o.coupons.map((c) => c.code).join(', ')})` : ''}</dt><dd>−${o.discount.formatted}</dd>` : ''}
  <dt>${say(page, 'shipping')}${o.shippingOption ? ` (${o.shippingOption})` : ''}</dt><dd>${o.shipping.formatted}</dd>
  <dt>${say(page, 'total')}</dt><dd><strong>${o.total.formatted}</strong></dd>
  ${o.refundedAmount.amount ? html`<dt>${say(page, 'refund')}</dt><dd>${say(page, 'refunded', { amount: o.refundedAmount.formatted })}</dd>` : ''}
</dl>
<h2>${say(page, 'shipTo')}</h2>
<p class="order-address">${a.recipient} · ${a.phone}<br>${[a.line1, a.line2].filter(Boolean).join(', ')}<br>${[a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ')}</p>
${o.trackingNumber ? html`<p>${say(page, 'tracking', { carrier: o.carrier ?? '', number: o.trackingNumber })}</p>` : ''}`;
}

export async function renderOrders(page: WebPageContext): Promise<WebPageResult> {
  const signIn = needsSignIn(page, 'GET');
  if (signIn) return signIn;
  const after = page.url.searchParams.get('after');
  let data: { myOrders: { edges: { node: OrderData }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  try {
    data = await page.gql(LIST, { first: PAGE, after });
  } catch (err) {
    if (!after || !isBadCursor(err)) throw err;
    return { redirect: '/orders', status: 303 };
  }
  const list = data.myOrders.edges.map((e) => e.node);
  const next = data.myOrders.pageInfo.hasNextPage && data.myOrders.pageInfo.endCursor ? `/orders?after=${encodeURIComponent(data.myOrders.pageInfo.endCursor)}` : null;
  const body = html`<section class="merchant orders" aria-labelledby="orders-title">
  <h1 id="orders-title" class="page-title">${say(page, 'myOrders')}</h1>
  ${page.url.searchParams.get('done') === 'paid' ? noticeLine(say(page, 'orderPlaced')) : ''}
  ${list.length ? html`<ul class="merchant-products" role="list">${list.map((o) => html`<li class="merchant-product">
    <h2 class="order-title"><a href="${orderPath(o.id)}">${say(page, 'order', { n: localId(o.id, 'Order') })}</a> ${statusLabel(page, o.status)}</h2>
    <p>${o.shop.name} · ${o.lines.map((l) => `${l.title} × ${l.quantity}`).join(', ')}</p>
    <p>${o.total.formatted} · ${dateText(page, o.createdAt)}</p>
  </li>`)}</ul>` : html`<p class="empty">${say(page, 'noOrders')}</p>`}
  ${next ? html`<nav class="pager"><a class="more" href="${next}" rel="next">${say(page, 'more')}</a></nav>` : ''}
</section>`;
  return { title: say(page, 'myOrders'), body, meta: { noindex: true } };
}

const NOTICES: Record<string, WordKey> = { placed: 'orderPlaced', cancelled: 'orderCancelled', completed: 'orderCompleted' };

export async function renderOrder(page: WebPageContext, refusal: FormProblem | null = null): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'GET');
  if (signIn) return signIn;
  if (!/^[1-9][0-9]{0,14}$/.test(page.params.id ?? '')) return null;
  const { order: o } = await page.gql<{ order: OrderData | null }>(ONE, { id: toGlobalId('Order', page.params.id!) });
  if (!o) return null;
  const done = page.url.searchParams.get('done');
  const pay = o.status === 'PENDING' ? o.payment?.nextAction : null;
  const action = (what: string, label: string, primary = false) => html`<form method="post" action="${page.url.pathname}" class="inline-form"><input type="hidden" name="do" value="${what}"><button type="submit"${primary ? html` class="primary"` : ''}>${label}</button></form>`;
  const body = html`<section class="merchant order" aria-labelledby="order-title">
  <p><a href="/orders">${say(page, 'myOrders')}</a></p>
  <h1 id="order-title" class="page-title">${say(page, 'order', { n: page.params.id! })} ${statusLabel(page, o.status)}</h1>
  ${refusal ? problemAlert(refusal, 'order-error') : noticeLine(done && NOTICES[done] ? say(page, NOTICES[done]!) : null)}
  <p><a href="${shopPath(o.shop.handle)}">${o.shop.name}</a> · ${say(page, 'placedOn', { date: '' })}${dateText(page, o.createdAt)}</p>
  ${o.status === 'PENDING' && o.payment?.status === 'PENDING' && !pay?.url ? html`<p class="hint">${say(page, 'paymentPending')}</p>` : ''}
  ${pay?.type === 'REDIRECT' && pay.url ? html`<p><a class="button primary" href="${safeUrl(pay.url)}">${say(page, 'payNow')}</a>${o.paymentDeadline ? html` <span class="hint">${say(page, 'payBy', { date: new Intl.DateTimeFormat(page.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(o.paymentDeadline)) })}</span>` : ''}</p>` : ''}
  ${pay?.type === 'INSTRUCTIONS' && pay.instructions ? html`<p class="product-status">${pay.instructions}</p>` : ''}
  ${orderSummary(page, o)}
  <p class="merchant-product-actions">
    ${o.status === 'PENDING' ? action('cancel', say(page, 'cancelOrder')) : ''}
    ${o.status === 'DELIVERED' ? action('received', say(page, 'confirmReceived'), true) : ''}
  </p>
</section>`;
  return { title: say(page, 'order', { n: page.params.id! }), body, status: refusal?.status, meta: { noindex: true } };
}

const CANCEL = `mutation ShopCancelOrder($id: ID!) { cancelOrder(id: $id) { id } }`;
const RECEIVED = `mutation ShopOrderReceived($id: ID!) { confirmOrderReceived(id: $id) { id } }`;

export async function orderAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'POST');
  if (signIn) return signIn;
  if (!/^[1-9][0-9]{0,14}$/.test(page.params.id ?? '')) return null;
  const id = toGlobalId('Order', page.params.id!);
  const what = form.get('do');
  if (what !== 'cancel' && what !== 'received') return renderOrder(page, problem(say(page, 'badForm')));
  try {
    await page.gql(what === 'cancel' ? CANCEL : RECEIVED, { id });
  } catch (err) {
    const found = problemOf(err);
    if (found.status === 404) return null;
    return renderOrder(page, found);
  }
  return { redirect: `${page.url.pathname}?done=${what === 'cancel' ? 'cancelled' : 'completed'}`, status: 303 };
}
