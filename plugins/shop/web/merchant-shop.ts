// /merchant/shops/{handle}: a shop's products for the people running it —
// drafts and taken-down ones too — each with its status, a Publish or Take
// down button, images to add, and per variant the units on hand (a form
// setting the count; the API moves it by the difference and never below
// the units checkouts hold). Forms are plain POSTs answered with 303 and a
// status line; a refused one comes back with the API's message.

import { localId } from '../../../core/index.ts';
import { html, safeUrl, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import {
  isBadCursor, messagePage, needsSignIn, noticeLine, problem, problemAlert, problemOf, productPath, shopPath, type FormProblem,
} from './common.ts';
import { imagesFormAction } from './images-route.ts';
import { say } from './words.ts';

const PAGE = 20;

const QUERY = `query ShopMerchantShop($handle: String!, $first: Int!, $after: String) {
  shop(handle: $handle) {
    id handle name viewerCanManage
    products(first: $first, after: $after, includeUnpublished: true) {
      edges { node { id title status inStock priceRange { min { formatted } max { formatted } } images { small: url(variant: small) alt }
        variants { id title price { formatted } available onHand reserved } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface Row {
  id: string;
  title: string;
  status: 'DRAFT' | 'PUBLISHED' | 'UNPUBLISHED';
  priceRange: { min: { formatted: string }; max: { formatted: string } };
  images: { small: string; alt: string }[];
  variants: { id: string; title: string; price: { formatted: string }; available: number; onHand: number | null; reserved: number | null }[];
}

interface ShopData {
  id: string;
  handle: string;
  name: string;
  viewerCanManage: boolean;
  products: { edges: { node: Row }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** A refused form: the message, and which product or variant it was about. */
interface Refusal {
  problem: FormProblem;
  target: string | null;
}

const variantName = (row: Row, v: Row['variants'][number]) => (v.title ? `${row.title} · ${v.title}` : row.title);

/** The status line after a redirect (?done=…&product=… or &variant=…), named from the rows shown. */
function notice(page: WebPageContext, rows: Row[]): string | null {
  const q = page.url.searchParams;
  const done = q.get('done');
  const row = rows.find((r) => r.id === q.get('product'));
  switch (done) {
    case 'opened': return say(page, 'opened');
    case 'created': return row ? say(page, 'created', { title: row.title }) : null;
    case 'published': return row ? say(page, 'published', { title: row.title }) : null;
    case 'unpublished': return row ? say(page, 'unpublished', { title: row.title }) : null;
    case 'images': return say(page, 'imagesAdded');
    case 'stock': {
      for (const r of rows) {
        const v = r.variants.find((x) => x.id === q.get('variant'));
        if (v) return say(page, 'stockSaved', { variant: variantName(r, v), count: v.onHand ?? 0 });
      }
      return null;
    }
    default: return null;
  }
}

function productRow(page: WebPageContext, row: Row, refusal: Refusal | null): SafeHtml {
  const action = page.url.pathname;
  const n = localId(row.id, 'Product');
  const { min, max } = row.priceRange;
  const refused = refusal?.target === row.id ? problemAlert(refusal.problem, `error-product-${n}`) : '';
  const toggle = row.status === 'PUBLISHED'
    ? html`<form method="post" action="${action}" class="inline-form"><input type="hidden" name="do" value="unpublish"><input type="hidden" name="product" value="${row.id}"><button type="submit">${say(page, 'unpublish')}</button></form>`
    : html`<form method="post" action="${action}" class="inline-form"><input type="hidden" name="do" value="publish"><input type="hidden" name="product" value="${row.id}"><button type="submit" class="primary">${say(page, 'publish')}</button></form>`;
  return html`<li class="merchant-product" id="product-${n}">
  <div class="merchant-product-head">
    ${row.images[0] ? html`<img src="${safeUrl(row.images[0].small)}" alt="" width="64" height="64" loading="lazy">` : html`<span class="product-note-nocover" aria-hidden="true"></span>`}
    <div><h3><a href="${productPath(row.id)}">${row.title}</a></h3>
      <p><span class="product-status-label status-${row.status.toLowerCase()}">${say(page, row.status)}</span> · ${min.formatted === max.formatted ? min.formatted : say(page, 'priceFrom', { min: min.formatted, max: max.formatted })}</p></div>
  </div>
  ${refused}
  <div class="merchant-product-actions">${toggle}
    <form method="post" action="${imagesFormAction(row.id)}" enctype="multipart/form-data" class="inline-form merchant-images">
      <input type="hidden" name="next" value="${action}">
      <label for="images-${n}">${say(page, 'addImages')}</label>
      <input id="images-${n}" type="file" name="images" accept="image/*" multiple required>
      <button type="submit">${say(page, 'upload')}</button>
    </form>
  </div>
  <table class="merchant-stock"><caption class="visually-hidden">${say(page, 'stock')} · ${row.title}</caption>
    <thead><tr><th scope="col">${say(page, 'variants')}</th><th scope="col">${say(page, 'price')}</th><th scope="col">${say(page, 'onHand')}</th></tr></thead>
    <tbody>${row.variants.map((v) => {
      const id = `stock-${localId(v.id, 'ProductVariant')}`;
      const alertId = `error-${localId(v.id, 'ProductVariant')}`;
      const mine = refusal?.target === v.id ? refusal.problem : null;
      return html`<tr><th scope="row">${v.title || '—'}</th><td>${v.price.formatted}</td><td>
        ${mine ? problemAlert(mine, alertId) : ''}
        <form method="post" action="${action}" class="stock-form">
          <input type="hidden" name="do" value="stock"><input type="hidden" name="variant" value="${v.id}"><input type="hidden" name="was" value="${v.onHand ?? 0}">
          <label class="visually-hidden" for="${id}">${say(page, 'stockFor', { variant: variantName(row, v) })}</label>
          <input id="${id}" name="onHand" type="number" min="0" step="1" inputmode="numeric" value="${v.onHand ?? 0}" required${mine ? html` aria-invalid="true" aria-describedby="${alertId}"` : ''}>
          <button type="submit">${say(page, 'setStock')}</button>
          ${v.reserved ? html`<span class="hint">${say(page, 'held', { count: v.reserved })}</span>` : ''}
        </form></td></tr>`;
    })}</tbody>
  </table>
</li>`;
}

export async function renderMerchantShop(page: WebPageContext, refusal: Refusal | null = null): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'GET');
  if (signIn) return signIn;
  const handle = page.params.handle ?? '';
  if (!/^[a-z0-9][a-z0-9_-]{1,39}$/.test(handle)) return null;
  const after = page.url.searchParams.get('after');
  let data: { shop: ShopData };
  try {
    data = await page.gql<{ shop: ShopData }>(QUERY, { handle, first: PAGE, after });
  } catch (err) {
    if (!after || !isBadCursor(err)) throw err;
    return { redirect: page.url.pathname, status: 303 };
  }
  const shop = data.shop;
  if (!shop.viewerCanManage) return messagePage(page, say(page, 'notAllowed'), say(page, 'notYours'), 403);
  const rows = shop.products.edges.map((e) => e.node);
  const next = shop.products.pageInfo.hasNextPage && shop.products.pageInfo.endCursor ? `${page.url.pathname}?after=${encodeURIComponent(shop.products.pageInfo.endCursor)}` : null;
  const error = page.url.searchParams.get('error');
  const body = html`<section class="merchant" aria-labelledby="merchant-title">
  <p><a href="/merchant">${say(page, 'merchant')}</a></p>
  <h1 id="merchant-title" class="page-title">${shop.name}</h1>
  <p class="merchant-links"><a class="button primary" href="${page.url.pathname}/new">${say(page, 'newProduct')}</a> <a href="${page.url.pathname}/orders">${say(page, 'orders')}</a> <a href="${shopPath(shop.handle)}">${say(page, 'viewShop')}</a></p>
  ${noticeLine(refusal ? null : notice(page, rows))}
  ${error && !refusal ? html`<p class="form-error" role="alert">${error.slice(0, 300)}</p>` : ''}
  ${refusal && !refusal.target ? problemAlert(refusal.problem, 'merchant-error') : ''}
  <h2>${say(page, 'products')}</h2>
  ${rows.length ? html`<ul class="merchant-products" role="list">${rows.map((r) => productRow(page, r, refusal))}</ul>` : html`<p class="empty">${say(page, 'noShopProducts')}</p>`}
  ${next ? html`<nav class="pager"><a class="more" href="${next}" rel="next">${say(page, 'more')}</a></nav>` : ''}
</section>`;
  return { title: `${shop.name} · ${say(page, 'merchant')}`, body, status: refusal?.problem.status, meta: { noindex: true } };
}

const MUTATIONS = {
  publish: `mutation ShopPublish($id: ID!) { publishProduct(id: $id) { id } }`,
  unpublish: `mutation ShopUnpublish($id: ID!) { unpublishProduct(id: $id) { id } }`,
  stock: `mutation ShopStock($id: ID!, $delta: Int!) { adjustStock(variantId: $id, delta: $delta) { id } }`,
};

export async function merchantShopAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'POST');
  if (signIn) return signIn;
  const what = form.get('do');
  const back = page.url.pathname;
  if (what === 'publish' || what === 'unpublish') {
    const product = form.get('product') ?? '';
    try {
      await page.gql(MUTATIONS[what], { id: product });
    } catch (err) {
      return renderMerchantShop(page, { problem: problemOf(err), target: product });
    }
    return { redirect: `${back}?done=${what === 'publish' ? 'published' : 'unpublished'}&product=${encodeURIComponent(product)}#product-${localIdSafe(product)}`, status: 303 };
  }
  if (what === 'stock') {
    const variant = form.get('variant') ?? '';
    const target = (form.get('onHand') ?? '').trim();
    const was = Number(form.get('was'));
    if (!/^\d{1,9}$/.test(target) || !Number.isSafeInteger(was)) return renderMerchantShop(page, { problem: problem(say(page, 'badStock'), 'onHand'), target: variant });
    try {
      await page.gql(MUTATIONS.stock, { id: variant, delta: Number(target) - was });
    } catch (err) {
      return renderMerchantShop(page, { problem: problemOf(err), target: variant });
    }
    return { redirect: `${back}?done=stock&variant=${encodeURIComponent(variant)}`, status: 303 };
  }
  return renderMerchantShop(page, { problem: problem(say(page, 'badForm')), target: null });
}

function localIdSafe(globalId: string): string {
  try {
    return String(localId(globalId, 'Product'));
  } catch {
    return '';
  }
}
