// /checkout?cart=…: one cart to an order, without JavaScript. The address
// (a saved one, or a new one that may be saved), the shop's shipping
// options, coupon codes and the payment provider; "Update the total" shows
// the server's quote for those choices, "Place the order and pay" checks
// out under the idempotency key the form was rendered with (a double
// submit is the same order) and sends the buyer to the provider's page
// (the test gateway returns to /orders). Refusals come back on the form.

import { localId } from '../../../core/index.ts';
import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { lineName, type CartData } from './cart-page.ts';
import { formKey, invalidIf, needsSignIn, orderPath, problem, problemAlert, problemOf, type FormProblem } from './common.ts';
import { say, type WordKey } from './words.ts';

const QUERY = `query ShopCheckoutPage {
  myCarts { id currency shop { id handle name shippingOptions { id name price { formatted } freeOver { formatted } } }
    lines { id quantity available problem unitPrice { amount currency formatted } product { id title images { small: url(variant: small) } } variant { title } note { id title } } }
  myAddresses { id recipient phone country region city line1 line2 postalCode }
  paymentProviders { name label }
}`;

const QUOTE = `query ShopQuote($shop: ID!, $shipping: ID, $coupons: [String!]) { cart(shopId: $shop) {
  quote(shippingOptionId: $shipping, couponCodes: $coupons) { subtotal { formatted } discount { amount formatted } shipping { formatted } total { formatted } coupons { code amount { formatted } } }
} }`;

const SAVE_ADDRESS = `mutation ShopSaveAddress($input: AddressInput!) { saveAddress(input: $input) { id } }`;
const CHECKOUT = `mutation ShopCheckout($input: CheckoutInput!) { checkout(input: $input) { order { id } nextAction { type url } replayed } }`;

type Shop = { id: string; handle: string; name: string; shippingOptions: { id: string; name: string; price: { formatted: string }; freeOver: { formatted: string } | null }[] };
type Cart = CartData & { shop: Shop };
interface Address { id: string; recipient: string; phone: string; country: string; region: string; city: string; line1: string; line2: string; postalCode: string }
interface Quote { subtotal: { formatted: string }; discount: { amount: number; formatted: string }; shipping: { formatted: string }; total: { formatted: string }; coupons: { code: string; amount: { formatted: string } }[] }

const ADDRESS_FIELDS = ['recipient', 'phone', 'country', 'region', 'city', 'line1', 'line2', 'postalCode'] as const;
const ALERT = 'checkout-error';

interface Choices {
  address: string;
  shipping: string | null;
  coupons: string;
  provider: string;
  key: string;
  saveAddress: boolean;
  fields: URLSearchParams;
}

function choicesOf(form: URLSearchParams | null, cart: Cart, addresses: Address[], providers: { name: string }[]): Choices {
  return {
    address: form?.get('address') ?? (addresses[0] ? addresses[0].id : 'new'),
    shipping: form?.get('shipping') ?? cart.shop.shippingOptions[0]?.id ?? null,
    coupons: form?.get('coupons') ?? '',
    provider: form?.get('provider') ?? providers[0]?.name ?? '',
    key: form?.get('key') || formKey(),
    saveAddress: form ? form.get('saveAddress') === '1' : true,
    fields: form ?? new URLSearchParams(),
  };
}

const codes = (text: string) => text.split(/[,，\s]+/).map((c) => c.trim()).filter(Boolean);

function addressPart(page: WebPageContext, addresses: Address[], c: Choices, p: FormProblem | null): SafeHtml {
  const one = (a: Address) => [a.recipient, a.phone, [a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ')].join(' · ');
  return html`<fieldset><legend>${say(page, 'address')}</legend>
  ${addresses.map((a) => html`<div class="form-field checkbox"><input type="radio" id="addr-${localId(a.id, 'Address')}" name="address" value="${a.id}"${c.address === a.id ? html` checked` : ''}><label for="addr-${localId(a.id, 'Address')}">${one(a)}</label></div>`)}
  <div class="form-field checkbox"><input type="radio" id="addr-new" name="address" value="new"${c.address === 'new' ? html` checked` : ''}><label for="addr-new">${say(page, 'newAddress')}</label></div>
  <div class="address-fields">${ADDRESS_FIELDS.map((f) => html`<div class="form-field"><label for="a-${f}">${say(page, f as WordKey)}</label>
    <input id="a-${f}" name="${f}" value="${c.fields.get(f) ?? ''}"${f === 'phone' ? html` type="tel" autocomplete="tel"` : f === 'recipient' ? html` autocomplete="name"` : ''}${invalidIf(p, f, ALERT)}></div>`)}
    <div class="form-field checkbox"><input type="checkbox" id="a-save" name="saveAddress" value="1"${c.saveAddress ? html` checked` : ''}><label for="a-save">${say(page, 'saveAddress')}</label></div>
  </div>
</fieldset>`;
}

async function render(page: WebPageContext, form: URLSearchParams | null, refusal: FormProblem | null): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'GET');
  if (signIn) return signIn;
  const cartId = form?.get('cart') ?? page.url.searchParams.get('cart') ?? '';
  const data = await page.gql<{ myCarts: Cart[]; myAddresses: Address[]; paymentProviders: { name: string; label: string }[] }>(QUERY);
  const cart = data.myCarts.find((c) => c.id === cartId);
  if (!cart || !cart.lines.length) {
    return { title: say(page, 'checkout'), status: 404, meta: { noindex: true }, body: html`<section class="message"><h1>${say(page, 'checkout')}</h1><p>${say(page, 'noCart')}</p><p><a href="/cart">${say(page, 'cart')}</a></p></section>` };
  }
  const c = choicesOf(form, cart, data.myAddresses, data.paymentProviders);
  let quote: Quote | null = null;
  let quoteProblem: FormProblem | null = null;
  try {
    quote = (await page.gql<{ cart: { quote: Quote } | null }>(QUOTE, { shop: cart.shop.id, shipping: c.shipping, coupons: codes(c.coupons) })).cart?.quote ?? null;
  } catch (err) {
    quoteProblem = problemOf(err);
  }
  const p = refusal ?? quoteProblem;
  const body = html`<section class="merchant checkout" aria-labelledby="checkout-title">
  <h1 id="checkout-title" class="page-title">${say(page, 'checkout')} · ${cart.shop.name}</h1>
  ${problemAlert(p, ALERT)}
  <ul class="checkout-lines">${cart.lines.map((l) => html`<li>${lineName(l)} × ${l.quantity} · ${l.unitPrice?.formatted ?? '—'}${l.problem ? html` · <span class="sold-out">${say(page, `problem_${l.problem}` as WordKey)}</span>` : ''}</li>`)}</ul>
  <form method="post" action="/checkout" class="stacked">
    <input type="hidden" name="cart" value="${cart.id}"><input type="hidden" name="key" value="${c.key}">
    ${addressPart(page, data.myAddresses, c, p)}
    ${cart.shop.shippingOptions.length ? html`<fieldset><legend>${say(page, 'shipping')}</legend>${cart.shop.shippingOptions.map((o) => html`<div class="form-field checkbox">
      <input type="radio" id="ship-${localId(o.id, 'ShippingOption')}" name="shipping" value="${o.id}"${c.shipping === o.id ? html` checked` : ''}>
      <label for="ship-${localId(o.id, 'ShippingOption')}">${o.name} · ${o.price.formatted}${o.freeOver ? ` (${say(page, 'freeOver', { amount: o.freeOver.formatted })})` : ''}</label></div>`)}</fieldset>` : ''}
    <div class="form-field"><label for="coupons">${say(page, 'coupons')}</label><input id="coupons" name="coupons" value="${c.coupons}" autocomplete="off"${invalidIf(p, 'couponCodes', ALERT)}></div>
    <div class="form-field"><label for="provider">${say(page, 'payWith')}</label>
      <select id="provider" name="provider">${data.paymentProviders.map((pr) => html`<option value="${pr.name}"${pr.name === c.provider ? html` selected` : ''}>${pr.label}</option>`)}</select></div>
    ${quote ? html`<dl class="checkout-quote">
      <dt>${say(page, 'subtotal')}</dt><dd>${quote.subtotal.formatted}</dd>
      ${quote.discount.amount ? html`<dt>${say(page, 'discount')}${quote.coupons.length ? ` (${quote.coupons.map((x) => x.code).join(', ')})` : ''}</dt><dd>−${quote.discount.formatted}</dd>` : ''}
      <dt>${say(page, 'shipping')}</dt><dd>${quote.shipping.formatted}</dd>
      <dt>${say(page, 'total')}</dt><dd><strong>${quote.total.formatted}</strong></dd>
    </dl>` : ''}
    <p class="compose-submit"><button type="submit" name="do" value="quote">${say(page, 'recalculate')}</button>
      <button type="submit" name="do" value="place" class="primary">${say(page, 'placeOrder')}</button></p>
  </form>
</section>`;
  return { title: say(page, 'checkout'), body, status: refusal?.status, meta: { noindex: true } };
}

export const renderCheckout = (page: WebPageContext) => render(page, null, null);

export async function checkoutAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult | null> {
  const signIn = needsSignIn(page, 'POST');
  if (signIn) return signIn;
  const what = form.get('do');
  if (what === 'quote') return render(page, form, null);
  if (what !== 'place' || !form.get('cart') || !form.get('key')) return render(page, form, problem(say(page, 'badForm')));
  const input: Record<string, unknown> = {
    cartId: form.get('cart'),
    shippingOptionId: form.get('shipping') || null,
    couponCodes: codes(form.get('coupons') ?? ''),
    paymentProvider: form.get('provider') ?? '',
    returnUrl: `${page.instance.publicUrl.replace(/\/$/, '')}/orders?done=paid`,
    idempotencyKey: form.get('key'),
  };
  const chosen = form.get('address') ?? 'new';
  const address = chosen === 'new' ? Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, (form.get(f) ?? '').trim()])) : null;
  if (address) input.address = address;
  else input.addressId = chosen;
  try {
    const { checkout } = await page.gql<{ checkout: { order: { id: string }; nextAction: { type: string; url: string | null } | null; replayed: boolean } }>(CHECKOUT, { input });
    // Saved once the order is placed, and once only (a repeated form is a replay of the same order).
    if (address && form.get('saveAddress') === '1' && !checkout.replayed) await page.gql(SAVE_ADDRESS, { input: address }).catch(() => null);
    if (checkout.nextAction?.type === 'REDIRECT' && checkout.nextAction.url) return { redirect: checkout.nextAction.url, status: 303 };
    return { redirect: `${orderPath(checkout.order.id)}?done=placed`, status: 303 };
  } catch (err) {
    return render(page, form, problemOf(err));
  }
}
