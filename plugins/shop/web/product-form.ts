// /merchant/shops/{handle}/new: a new product as a draft, without
// JavaScript. Up to two options (a name and comma-separated values) and a
// fixed number of variant rows (option values separated by "/", SKU, price
// and former price in major units, e.g. 68.50, and stock); empty rows are
// skipped. Prices become minor units here (by the currency's digits); the
// API checks everything else. A refused form comes back with what was typed.

import type { PluginContext } from '../../../core/index.ts';
import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { catalogueSettings } from '../catalogue/settings.ts';
import { isCurrency, minorDigits } from '../money.ts';
import { invalidIf, messagePage, needsSignIn, problem, problemAlert, problemOf, type FormProblem } from './common.ts';
import { say } from './words.ts';

const ROWS = 8;
const OPTIONS = 2;

const SHOP = `query ShopForForm($handle: String!) { shop(handle: $handle) { id name viewerCanManage } }`;
const CREATE = `mutation ShopCreateProduct($shop: ID!, $input: ProductInput!) { createProduct(shopId: $shop, input: $input) { id } }`;

interface Echo {
  problem: FormProblem;
  values: URLSearchParams;
}

const ALERT = 'product-error';

/** "68.5" in CNY → 6850; null when it is not a plain non-negative amount with at most the currency's digits. */
export function toMinor(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const m = /^(\d{1,10})(?:[.,](\d+))?$/.exec(text.trim());
  if (!m || (m[2] ?? '').length > digits) return null;
  const value = Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || '0');
  return Number.isSafeInteger(value) ? value : null;
}

const split = (text: string, by: RegExp) => text.split(by).map((v) => v.trim()).filter(Boolean);

/** The ProductInput a filled form means, or the first problem with it (rows are numbered as shown). */
export function productInput(page: WebPageContext, form: URLSearchParams, defaultCurrency: string): { input: Record<string, unknown> } | { problem: FormProblem } {
  const currency = (form.get('currency') ?? '').trim().toUpperCase() || defaultCurrency;
  const options = [];
  for (let i = 1; i <= OPTIONS; i++) {
    const name = (form.get(`option${i}`) ?? '').trim();
    if (name) options.push({ name, values: split(form.get(`option${i}values`) ?? '', /[,，、]/) });
  }
  const variants = [];
  for (let r = 1; r <= ROWS; r++) {
    const field = (name: string) => (form.get(`row${r}${name}`) ?? '').trim();
    if (!field('values') && !field('price') && !field('sku') && !field('stock')) continue;
    // An unknown currency is the API's to refuse (with its own message); the digits do not matter then.
    const money = isCurrency(currency) ? currency : 'CNY';
    const price = toMinor(field('price'), money);
    if (price === null) return { problem: problem(say(page, 'badPrice', { n: r }), `row${r}price`) };
    const was = field('was') ? toMinor(field('was'), money) : null;
    if (field('was') && was === null) return { problem: problem(say(page, 'badPrice', { n: r }), `row${r}was`) };
    if (field('stock') && !/^\d{1,9}$/.test(field('stock'))) return { problem: problem(say(page, 'badRowStock', { n: r }), `row${r}stock`) };
    const values = split(field('values'), /\//);
    variants.push({
      options: options.map((o, i) => ({ name: o.name, value: values[i] ?? '' })),
      sku: field('sku') || null,
      price,
      compareAtPrice: was,
      stock: field('stock') ? Number(field('stock')) : 0,
    });
  }
  if (!variants.length) return { problem: problem(say(page, 'noVariant'), 'row1price') };
  return {
    input: {
      title: (form.get('title') ?? '').trim(),
      description: (form.get('description') ?? '').trim(),
      currency,
      options,
      variants,
    },
  };
}

function field(name: string, label: string, values: URLSearchParams | null, p: FormProblem | null, extra: SafeHtml | '' = ''): SafeHtml {
  return html`<div class="form-field"><label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" value="${values?.get(name) ?? ''}"${extra}${invalidIf(p, name, ALERT)}></div>`;
}

function form(page: WebPageContext, shopName: string, defaultCurrency: string, echo: Echo | null): SafeHtml {
  const v = echo?.values ?? null;
  const p = echo?.problem ?? null;
  const rows: SafeHtml[] = [];
  for (let r = 1; r <= ROWS; r++) {
    rows.push(html`<fieldset class="variant-row"><legend>${say(page, 'variantN', { n: r })}</legend>
      ${field(`row${r}values`, say(page, 'optionValuesOf'), v, p)}
      ${field(`row${r}price`, say(page, 'price'), v, p, html` inputmode="decimal"${r === 1 ? html` required` : ''}`)}
      ${field(`row${r}was`, say(page, 'compareAt'), v, p, html` inputmode="decimal"`)}
      ${field(`row${r}stock`, say(page, 'initialStock'), v, p, html` inputmode="numeric"`)}
      ${field(`row${r}sku`, say(page, 'sku'), v, p)}
    </fieldset>`);
  }
  const options: SafeHtml[] = [];
  for (let i = 1; i <= OPTIONS; i++) {
    options.push(html`<div class="option-row">${field(`option${i}`, say(page, 'optionName', { n: i }), v, p)}${field(`option${i}values`, say(page, 'optionValues', { n: i }), v, p)}</div>`);
  }
  return html`<section class="merchant product-form" aria-labelledby="new-title">
  <p><a href="${page.url.pathname.replace(/\/new$/, '')}">${shopName}</a></p>
  <h1 id="new-title" class="page-title">${say(page, 'newProduct')}</h1>
  <form method="post" action="${page.url.pathname}" class="stacked">
    ${problemAlert(p, ALERT)}
    ${field('title', say(page, 'title'), v, p, html` required maxlength="120"`)}
    <div class="form-field"><label for="f-description">${say(page, 'shopDescription')}</label>
      <textarea id="f-description" name="description" rows="5" maxlength="5000"${invalidIf(p, 'description', ALERT)}>${v?.get('description') ?? ''}</textarea></div>
    <div class="form-field"><label for="f-currency">${say(page, 'currency')}</label>
      <input id="f-currency" name="currency" value="${v?.get('currency') ?? defaultCurrency}" maxlength="3" pattern="[A-Za-z]{3}" aria-describedby="currency-hint"${invalidIf(p, 'currency', ALERT)}>
      <p class="hint" id="currency-hint">${say(page, 'currencyHint')}</p></div>
    <fieldset><legend>${say(page, 'options')}</legend><p class="hint">${say(page, 'optionsHint')}</p>${options}</fieldset>
    <h2>${say(page, 'variantRows')}</h2>
    <p class="hint">${say(page, 'variantRowsHint')}</p>
    ${rows}
    <button type="submit" class="primary">${say(page, 'create')}</button>
  </form>
</section>`;
}

async function shopFor(page: WebPageContext) {
  const handle = page.params.handle ?? '';
  if (!/^[a-z0-9][a-z0-9_-]{1,39}$/.test(handle)) return null;
  return (await page.gql<{ shop: { id: string; name: string; viewerCanManage: boolean } }>(SHOP, { handle })).shop;
}

export async function renderProductForm(ctx: PluginContext<any>, page: WebPageContext, echo: Echo | null = null): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'GET');
  if (signIn) return signIn;
  const shop = await shopFor(page);
  if (!shop) return null;
  if (!shop.viewerCanManage) return messagePage(page, say(page, 'notAllowed'), say(page, 'notYours'), 403);
  return {
    title: `${say(page, 'newProduct')} · ${shop.name}`,
    body: form(page, shop.name, catalogueSettings(ctx).defaultCurrency, echo),
    status: echo?.problem.status,
    meta: { noindex: true },
  };
}

export async function productFormAction(ctx: PluginContext<any>, page: WebPageContext, values: URLSearchParams): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'POST');
  if (signIn) return signIn;
  const shop = await shopFor(page);
  if (!shop) return null;
  if (!shop.viewerCanManage) return messagePage(page, say(page, 'notAllowed'), say(page, 'notYours'), 403);
  const parsed = productInput(page, values, catalogueSettings(ctx).defaultCurrency);
  if ('problem' in parsed) return renderProductForm(ctx, page, { problem: parsed.problem, values });
  try {
    const { createProduct } = await page.gql<{ createProduct: { id: string } }>(CREATE, { shop: shop.id, input: parsed.input });
    const back = page.url.pathname.replace(/\/new$/, '');
    return { redirect: `${back}?done=created&product=${encodeURIComponent(createProduct.id)}`, status: 303 };
  } catch (err) {
    return renderProductForm(ctx, page, { problem: problemOf(err), values });
  }
}
