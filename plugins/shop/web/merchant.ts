// /merchant: the shops the signed-in person runs, and for brand and official
// accounts without one (and for admins: the site's shops) the form to open
// one. Other people are told who can open a shop. A plain POST; errors come
// back on the form with what was typed.

import { html, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { invalidIf, isMerchantRole, merchantShopPath, needsSignIn, problem, problemAlert, problemOf, shopPath, type FormProblem } from './common.ts';
import { say } from './words.ts';

const QUERY = `query ShopMerchant { managedShops { handle name owner { handle } } }`;
const OPEN = `mutation ShopOpen($input: ShopInput!) { createShop(input: $input) { handle } }`;

interface ShopRow {
  handle: string;
  name: string;
  owner: { handle: string } | null;
}

interface Echo {
  problem: FormProblem;
  values: URLSearchParams;
}

function openForm(page: WebPageContext, echo: Echo | null): ReturnType<typeof html> {
  const v = (name: string) => echo?.values.get(name) ?? '';
  const p = echo?.problem ?? null;
  const isAdmin = page.viewer?.role === 'admin';
  const forInstance = echo ? echo.values.get('forInstance') === '1' : isAdmin;
  return html`<section class="merchant-open" aria-labelledby="open-title">
  <h2 id="open-title">${say(page, 'openShop')}</h2>
  <p class="hint">${say(page, 'openShopHint')}</p>
  <form method="post" action="/merchant" class="stacked">
    ${problemAlert(p, 'open-error')}
    <input type="hidden" name="do" value="open-shop">
    <div class="form-field"><label for="shop-handle">${say(page, 'handle')}</label>
      <input id="shop-handle" name="handle" value="${v('handle')}" required minlength="2" maxlength="40" pattern="[a-z0-9][a-z0-9_\\-]{1,39}" aria-describedby="shop-handle-hint"${invalidIf(p, 'handle', 'open-error')}>
      <p class="hint" id="shop-handle-hint">${say(page, 'handleHint')}</p></div>
    <div class="form-field"><label for="shop-name">${say(page, 'name')}</label>
      <input id="shop-name" name="name" value="${v('name')}" required maxlength="80"${invalidIf(p, 'name', 'open-error')}></div>
    <div class="form-field"><label for="shop-description">${say(page, 'shopDescription')}</label>
      <textarea id="shop-description" name="description" rows="3" maxlength="2000"${invalidIf(p, 'description', 'open-error')}>${v('description')}</textarea></div>
    ${isAdmin ? html`<div class="form-field checkbox"><input id="shop-instance" type="checkbox" name="forInstance" value="1"${forInstance ? html` checked` : ''}><label for="shop-instance">${say(page, 'forInstance')}</label></div>` : ''}
    <button type="submit" class="primary">${say(page, 'open')}</button>
  </form>
</section>`;
}

export async function renderMerchant(page: WebPageContext, echo: Echo | null = null): Promise<WebPageResult> {
  const signIn = needsSignIn(page, 'GET');
  if (signIn) return signIn;
  const { managedShops } = await page.gql<{ managedShops: ShopRow[] }>(QUERY);
  const role = page.viewer?.role;
  // Brand and official accounts run one shop of their own; admins may open more of the site's.
  const ownShop = managedShops.some((s) => s.owner?.handle === page.viewer?.handle);
  const mayOpen = role === 'admin' || (isMerchantRole(role) && !ownShop);
  const body = html`<section class="merchant" aria-labelledby="merchant-title">
  <h1 id="merchant-title" class="page-title">${say(page, 'merchant')}</h1>
  ${echo && !mayOpen ? problemAlert(echo.problem, 'open-error') : ''}
  ${managedShops.length ? html`<h2>${say(page, 'yourShops')}</h2><ul class="merchant-shops">${managedShops.map((s) => html`<li>
    <a href="${merchantShopPath(s.handle)}">${s.name}</a> <span class="hint">${shopPath(s.handle)}</span></li>`)}</ul>` : ''}
  ${mayOpen ? openForm(page, echo) : managedShops.length ? '' : html`<p class="empty">${say(page, 'cannotOpen')}</p>`}
</section>`;
  return { title: say(page, 'merchant'), body, status: echo?.problem.status, meta: { noindex: true } };
}

export async function merchantAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const signIn = needsSignIn(page, 'POST');
  if (signIn) return signIn;
  if (form.get('do') !== 'open-shop') return renderMerchant(page, { problem: problem(say(page, 'badForm')), values: form });
  const input = {
    handle: (form.get('handle') ?? '').trim(),
    name: (form.get('name') ?? '').trim(),
    description: (form.get('description') ?? '').trim(),
    forInstance: page.viewer?.role === 'admin' && form.get('forInstance') === '1',
  };
  try {
    const { createShop } = await page.gql<{ createShop: { handle: string } }>(OPEN, { input });
    return { redirect: `${merchantShopPath(createShop.handle)}?done=opened`, status: 303 };
  } catch (err) {
    return renderMerchant(page, { problem: problemOf(err), values: form });
  }
}
