// Shared parts of the shop's web pages: their paths, sign-in and refusal
// pages, a failed mutation turned into a message for the form that sent
// it, and the notice a page shows after a form's redirect (?done=…).

import { randomUUID } from 'node:crypto';
import { localId, type PluginContext } from '../../../core/index.ts';
import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { formatMoney, localeForCurrency } from '../money.ts';
import { say } from './words.ts';

export const PATHS = {
  product: '/shop/products/:id',
  shop: '/shops/:handle',
  merchant: '/merchant',
  merchantShop: '/merchant/shops/:handle',
  newProduct: '/merchant/shops/:handle/new',
  merchantOrders: '/merchant/shops/:handle/orders',
  cart: '/cart',
  checkout: '/checkout',
  orders: '/orders',
  order: '/orders/:id',
} as const;

export const productPath = (productId: string) => `/shop/products/${localId(productId, 'Product')}`;
export const shopPath = (handle: string) => `/shops/${encodeURIComponent(handle)}`;
export const merchantShopPath = (handle: string) => `/merchant/shops/${encodeURIComponent(handle)}`;

export function messagePage(page: WebPageContext, title: string, message: string, status: number): WebPageResult {
  return {
    title,
    status,
    meta: { noindex: true },
    body: html`<section class="message" aria-labelledby="error-title"><h1 id="error-title">${title}</h1><p>${message}</p><p><a href="/">${page.t('error.backHome')}</a></p></section>`,
  };
}

/** The site's "not found" page, for a form about something that is not there (or not the visitor's). */
export const notFoundPage = (page: WebPageContext): WebPageResult => messagePage(page, page.t('error.notFound'), page.t('error.notFoundBody'), 404);

/** Sign-in for a signed-out visitor (and back here afterwards); null when signed in. */
export function needsSignIn(page: WebPageContext, method: 'GET' | 'POST'): WebPageResult | null {
  if (page.viewer) return null;
  if (method === 'POST') return messagePage(page, say(page, 'notAllowed'), say(page, 'signInFirst'), 401);
  return { redirect: `/signin?next=${encodeURIComponent(page.url.pathname + page.url.search)}`, status: 303 };
}

/** A failed mutation, for the form that sent it: the API's message, the field it names, and the page's status. */
export interface FormProblem {
  message: string;
  field: string | null;
  status: number;
}

const STATUS_OF: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429, OUT_OF_STOCK: 409 };

/** The GraphQL error page.gql threw, as a FormProblem; anything else (a bug, an outage) is rethrown. */
export function problemOf(err: unknown): FormProblem {
  const e = err as { code?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
  const status = typeof e?.code === 'string' ? (STATUS_OF[e.code] ?? (e.code === 'INTERNAL_SERVER_ERROR' ? undefined : 400)) : undefined;
  if (!status || !Array.isArray(e.errors)) throw err;
  const field = e.errors.map((x) => x.extensions?.field).find((f): f is string => typeof f === 'string') ?? null;
  return { message: e.errors.map((x) => x.message).join(' '), field, status };
}

export const problem = (message: string, field: string | null = null, status = 400): FormProblem => ({ message, field, status });

/** The message above a form, read out when it appears. */
export const problemAlert = (p: FormProblem | null, id: string): SafeHtml | '' => (p ? html`<p class="form-error" role="alert" id="${id}">${p.message}</p>` : '');

/** aria for a field the problem names. */
export const invalidIf = (p: FormProblem | null, field: string, alertId: string): SafeHtml | '' =>
  (p?.field === field ? html` aria-invalid="true" aria-describedby="${alertId}"` : '');

/** What a redirect after a form says (?done=…), shown once as a status line. */
export const noticeLine = (text: string | null): SafeHtml | '' => (text ? html`<p class="form-saved" role="status">${text}</p>` : '');

/** A `?after=` cursor the API refused. */
export function isBadCursor(err: unknown): boolean {
  const e = err as { code?: unknown; errors?: readonly { message: string }[] };
  return e?.code === 'BAD_USER_INPUT' && /cursor/i.test(e.errors?.[0]?.message ?? '');
}

export const isMerchantRole = (role: string | undefined) => role === 'brand' || role === 'official' || role === 'admin';

const checkoutSchema = new WeakMap<object, Promise<boolean>>();

/** Whether this instance's schema has the checkout module's GraphQL (carts, orders); asked once. */
export function checkoutAvailable(ctx: PluginContext<any>): Promise<boolean> {
  let known = checkoutSchema.get(ctx);
  if (!known) {
    known = ctx.graphql.execute<{ type: { name: string } | null }>('{ type: __type(name: "Cart") { name } }', {}, { viewer: null }).then((r) => !!r.data?.type);
    checkoutSchema.set(ctx, known);
  }
  return known;
}

/** A new idempotency key for a form that must not act twice (a double click, a retry). */
export const formKey = () => randomUUID();

/** Money for display in its home language (as the API's `formatted`). */
export const money = (amount: number, currency: string) => formatMoney({ amount, currency }, localeForCurrency(currency));

export function dateText(page: WebPageContext, iso: string | null): SafeHtml | '' {
  if (!iso) return '';
  const date = new Date(iso);
  return html`<time datetime="${date.toISOString()}">${new Intl.DateTimeFormat(page.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)}</time>`;
}

export const orderPath = (orderId: string) => `/orders/${localId(orderId, 'Order')}`;
