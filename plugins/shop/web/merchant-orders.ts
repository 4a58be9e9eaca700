// /merchant/shops/{handle}/orders: a shop's orders for the people running
// it, newest first, filtered by status, each with what was bought, the
// buyer, the address, and the next step as a plain form: cancel an unpaid
// one, ship a paid one (tracking number, carrier), mark a shipped one
// delivered, refund a paid one in part or in full (an idempotency key per
// rendered form, so a double submit refunds once).

import { localId } from '../../../core/index.ts';
import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { decimalOf } from '../money.ts';
import { toMinor } from './product-form.ts';
import {
  formKey, isBadCursor, merchantShopPath, messagePage, needsSignIn, noticeLine, problem, problemAlert, problemOf, type FormProblem,
} from './common.ts';
import { ORDER_FIELDS, orderSummary, statusLabel, type OrderData } from './orders-page.ts';
import { say, type WordKey } from './words.ts';

const PAGE = 20;
const STATUSES = ['PENDING', 'PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'REFUNDED'] as const;

const QUERY = `query ShopMerchantOrders($handle: String!, $status: OrderStatus, $first: Int!, $after: String) {
  shop(handle: $handle) { id handle name viewerCanManage
    orders(status: $status, first: $first, after: $after) { edges { node { ${ORDER_FIELDS} } } pageInfo { hasNextPage endCursor } } }
}`;

interface Refusal {
  problem: FormProblem;
  order: string | null;
}

function orderForms(page: WebPageContext, o: OrderData, action: string, refusal: Refusal | null): SafeHtml {
  const n = localId(o.id, 'Order');
  const hidden = (what: string) => html`<input type="hidden" name="do" value="${what}"><input type="hidden" name="order" value="${o.id}">`;
  const mine = refusal?.order === o.id ? refusal.problem : null;
  const refundable = o.payment?.refundableAmount ?? 0;
  const parts: SafeHtml[] = [];
  if (o.status === 'PENDING') parts.push(html`<form method="post" action="${action}" class="inline-form">${hidden('cancel')}<button type="submit">${say(page, 'cancelOrder')}</button></form>`);
  if (o.status === 'PAID') {
    parts.push(html`<form method="post" action="${action}" class="stock-form">${hidden('ship')}
      <label for="track-${n}">${say(page, 'trackingNumber')}</label><input id="track-${n}" name="trackingNumber" required maxlength="100">
      <label for="carrier-${n}">${say(page, 'carrier')}</label><input id="carrier-${n}" name="carrier" maxlength="60">
      <button type="submit" class="primary">${say(page, 'ship')}</button></form>`);
  }
  if (o.status === 'SHIPPED') parts.push(html`<form method="post" action="${action}" class="inline-form">${hidden('delivered')}<button type="submit">${say(page, 'markDelivered')}</button></form>`);
  if (['PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED'].includes(o.status) && refundable > 0) {
    parts.push(html`<details class="refund"><summary>${say(page, 'refund')}</summary><form method="post" action="${action}" class="stock-form">${hidden('refund')}
      <input type="hidden" name="key" value="${formKey()}"><input type="hidden" name="currency" value="${o.currency}">
      <label for="amount-${n}">${say(page, 'refundAmount')}</label><input id="amount-${n}" name="amount" inputmode="decimal" required value="${decimalOf({ amount: refundable, currency: o.currency })}">
      <label for="reason-${n}">${say(page, 'refundReason')}</label><input id="reason-${n}" name="reason" maxlength="500">
      <button type="submit" class="danger">${say(page, 'refund')}</button></form></details>`);
  }
  return html`${mine ? problemAlert(mine, `order-error-${n}`) : ''}<div class="merchant-product-actions">${parts}</div>`;
}

export async function renderMerchantOrders(page: WebPageContext, refusal: Refusal | null = null): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'GET');
  if (signIn) return signIn;
  const handle = page.params.handle ?? '';
  if (!/^[a-z0-9][a-z0-9_-]{1,39}$/.test(handle)) return null;
  const wanted = page.url.searchParams.get('status');
  const status = STATUSES.find((s) => s === wanted) ?? null;
  const after = page.url.searchParams.get('after');
  const shopOnly = `query($handle: String!) { shop(handle: $handle) { name viewerCanManage } }`;
  const head = (await page.gql<{ shop: { name: string; viewerCanManage: boolean } }>(shopOnly, { handle })).shop;
  if (!head.viewerCanManage) return messagePage(page, say(page, 'notAllowed'), say(page, 'notYours'), 403);
  let data: { shop: { name: string; orders: { edges: { node: OrderData }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } };
  try {
    data = await page.gql(QUERY, { handle, status, first: PAGE, after });
  } catch (err) {
    if (!after || !isBadCursor(err)) throw err;
    return { redirect: page.url.pathname, status: 303 };
  }
  const list = data.shop.orders.edges.map((e) => e.node);
  const base = page.url.pathname;
  const next = data.shop.orders.pageInfo.hasNextPage && data.shop.orders.pageInfo.endCursor
    ? `${base}?${new URLSearchParams({ ...(status ? { status } : {}), after: data.shop.orders.pageInfo.endCursor })}` : null;
  const done = page.url.searchParams.get('done');
  const which = list.find((o) => o.id === page.url.searchParams.get('order'));
  const notice = !refusal && which && done
    ? (done === 'refunded' ? say(page, 'orderRefunded', { n: localId(which.id, 'Order'), amount: which.refundedAmount.formatted }) : say(page, 'orderMoved', { n: localId(which.id, 'Order'), status: say(page, which.status as WordKey) }))
    : null;
  const tabs = [{ s: null, label: say(page, 'allStatuses') }, ...STATUSES.map((s) => ({ s, label: say(page, s) }))];
  const body = html`<section class="merchant" aria-labelledby="orders-title">
  <p><a href="${merchantShopPath(handle)}">${data.shop.name}</a></p>
  <h1 id="orders-title" class="page-title">${say(page, 'shopOrders', { shop: data.shop.name })}</h1>
  <nav class="tabs" aria-label="${say(page, 'status')}"><ul>${tabs.map((t) => html`<li><a href="${t.s ? `${base}?status=${t.s}` : base}"${t.s === status ? html` aria-current="page"` : ''}>${t.label}</a></li>`)}</ul></nav>
  ${noticeLine(notice)}
  ${refusal && !refusal.order ? problemAlert(refusal.problem, 'orders-error') : ''}
  ${list.length ? html`<ul class="merchant-products" role="list">${list.map((o) => html`<li class="merchant-product" id="order-${localId(o.id, 'Order')}">
    <h2 class="order-title">${say(page, 'order', { n: localId(o.id, 'Order') })} ${statusLabel(page, o.status)}</h2>
    <p>${say(page, 'buyer')}: ${o.buyer ? `@${o.buyer.handle}` : '—'}</p>
    ${orderSummary(page, o)}
    ${orderForms(page, o, base, refusal)}
  </li>`)}</ul>` : html`<p class="empty">${say(page, 'noOrders')}</p>`}
  ${next ? html`<nav class="pager"><a class="more" href="${next}" rel="next">${say(page, 'more')}</a></nav>` : ''}
</section>`;
  return { title: say(page, 'shopOrders', { shop: data.shop.name }), body, status: refusal?.problem.status, meta: { noindex: true } };
}

const MUTATIONS = {
  cancel: `mutation ShopMerchantCancel($id: ID!) { cancelOrder(id: $id) { id } }`,
  ship: `mutation ShopShip($id: ID!, $tracking: String!, $carrier: String) { shipOrder(id: $id, trackingNumber: $tracking, carrier: $carrier) { id } }`,
  delivered: `mutation ShopDelivered($id: ID!) { markOrderDelivered(id: $id) { id } }`,
  refund: `mutation ShopRefund($id: ID!, $amount: Int!, $reason: String, $key: String!) { refundOrder(id: $id, amount: $amount, reason: $reason, idempotencyKey: $key) { id } }`,
};

export async function merchantOrdersAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'POST');
  if (signIn) return signIn;
  const what = form.get('do') as keyof typeof MUTATIONS | null;
  const order = form.get('order') ?? '';
  if (!what || !(what in MUTATIONS) || !order) return renderMerchantOrders(page, { problem: problem(say(page, 'badForm')), order: null });
  const variables: Record<string, unknown> = { id: order };
  if (what === 'ship') Object.assign(variables, { tracking: (form.get('trackingNumber') ?? '').trim(), carrier: (form.get('carrier') ?? '').trim() || null });
  if (what === 'refund') {
    const amount = toMinor(form.get('amount') ?? '', form.get('currency') ?? 'CNY');
    if (amount === null || amount <= 0) return renderMerchantOrders(page, { problem: problem(say(page, 'badAmount'), 'amount'), order });
    Object.assign(variables, { amount, reason: (form.get('reason') ?? '').trim() || null, key: form.get('key') ?? '' });
  }
  try {
    await page.gql(MUTATIONS[what], variables);
  } catch (err) {
    return renderMerchantOrders(page, { problem: problemOf(err), order });
  }
  return { redirect: `${page.url.pathname}?done=${what === 'refund' ? 'refunded' : 'moved'}&order=${encodeURIComponent(order)}#order-${localId(order, 'Order')}`, status: 303 };
}
