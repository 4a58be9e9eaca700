// Buying through the web pages without JavaScript, on an instance served
// over real HTTP (the test gateway's webhook travels to its own endpoint):
// from a note's product card to the product page, add to cart, change the
// cart, check out with an address, shipping and a coupon, pay on the test
// gateway's page, see the order paid; the shop ships, marks it delivered
// and refunds part; the buyer confirms receipt or cancels an unpaid order.
// Refusals (a bad quantity, a bad phone number, an unknown coupon) come back
// on the form; orders are the buyer's and the shop's alone.

import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { AccountsServiceRef, MediaServiceRef, toGlobalId, type Role } from '../../../core/index.ts';
import { startTestInstance, type TestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';
import { expectOk, localIdOf, type GqlResult } from './helpers.ts';

const HTML = 'text/html,application/xhtml+xml';

describe('shop: cart, checkout and orders in the web front end', async () => {
  let handler: ((req: any, res: any) => void) | null = null;
  const server: Server = createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const meadow: TestInstance = await startTestInstance({ discover: true, plugins: [testAuthPlugin], config: { publicUrl: origin } });
  handler = (req, res) => meadow.app.routing(req, res);
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await meadow.close();
  });
  const settle = async () => {
    for (let round = 0; round < 10; round++) {
      await meadow.kernel.bus.drain();
      if ((await meadow.kernel.worker.runUntilIdle()) === 0) break;
    }
  };

  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  const person = async (handle: string, role: Role) => {
    const a = await accounts.createAccount({ handle, password: 'Correct-horse-battery-staple-9', role, locale: 'en' });
    const headers = { 'x-test-account': `${a.id}:${role}` };
    const gql = async (query: string, variables?: Record<string, unknown>) =>
      expectOk((await meadow.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: { query, variables } })).json() as GqlResult);
    const browse = (url: string) => meadow.app.inject({ method: 'GET', url, headers: { accept: HTML, ...headers } });
    const submit = (url: string, fields: Record<string, string>) => meadow.app.inject({
      method: 'POST', url, headers: { accept: HTML, 'content-type': 'application/x-www-form-urlencoded', origin, ...headers }, payload: new URLSearchParams(fields).toString(),
    });
    const png = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#6a9a5a' } }).png().toBuffer();
    const image = toGlobalId('Media', (await media.upload(a.id, png)).id);
    return { id: a.id, headers, gql, browse, submit, image };
  };
  const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location ?? '');
  /** The hidden and checked values of the first form on a page with this action, as a browser would send them. */
  const formValues = (body: string, action: string) => {
    const form = new RegExp(`<form[^>]* action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(body)?.[1] ?? '';
    const out: Record<string, string> = {};
    for (const m of form.matchAll(/<input ([^>]*)>/g)) {
      const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(m[1]!)?.[1];
      const type = attr('type') ?? 'text';
      if ((type === 'radio' || type === 'checkbox') && !/\schecked/.test(m[1]!)) continue;
      if (attr('name')) out[attr('name')!] = (attr('value') ?? '').replaceAll('&amp;', '&');
    }
    for (const m of form.matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) out[m[1]!] = /<option value="([^"]+)" selected>/.exec(m[2]!)?.[1] ?? /<option value="([^"]+)"/.exec(m[2]!)![1]!;
    return out;
  };

  const brand = await person('greenleaf', 'brand');
  const buyer = await person('mei', 'person');
  const lin = await person('lin', 'creator');
  const stranger = await person('stranger', 'person');
  const shop = (await brand.gql(`mutation { createShop(input: { handle: "greenleaf", name: "Greenleaf" }) { id } }`)).createShop.id;
  const tea = (await brand.gql(`mutation($s: ID!) { createProduct(shopId: $s, input: {
    title: "Longjing", options: [{ name: "Size", values: ["50g", "100g"] }],
    variants: [{ options: [{ name: "Size", value: "50g" }], price: 6800, stock: 5 }, { options: [{ name: "Size", value: "100g" }], price: 12800, stock: 0 }] }) { id variants { id } } }`, { s: shop })).createProduct;
  await brand.gql(`mutation($id: ID!) { publishProduct(id: $id) { id } }`, { id: tea.id });
  await brand.gql(`mutation($s: ID!) { createShippingOption(shopId: $s, input: { name: "Courier", price: 1000 }) { id } }`, { s: shop });
  await brand.gql(`mutation($s: ID!) { createCoupon(shopId: $s, input: { code: "SPRING", kind: FIXED, value: 500, currency: "CNY" }) { id } }`, { s: shop });
  const note = (await lin.gql(`mutation($i: NoteInput!) { createNote(input: $i) { id } }`, { i: { title: 'My spring tea', body: 'Lovely.', images: [{ mediaId: lin.image }], visibility: 'public' } })).createNote.id;
  await lin.gql(`mutation($n: ID!, $p: ID!) { setNoteProductTags(noteId: $n, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: $p }]) { id } }`, { n: note, p: tea.id });
  await settle();
  const teaPath = `/shop/products/${localIdOf(tea.id)}`;
  let orderPath = '';

  it('adds to the cart from the product page reached through a note; a bad quantity is said on the form', async () => {
    const page = await buyer.browse(`${teaPath}?from=${localIdOf(note)}`);
    expect(page.body).toMatch(/<option value="[^"]+" disabled>100g · ¥128\.00 · Sold out<\/option>/);
    const fields = formValues(page.body, teaPath);
    expect(fields).toMatchObject({ do: 'add-to-cart', from: String(localIdOf(note)), variant: tea.variants[0].id, quantity: '1' });
    const bad = await buyer.submit(teaPath, { ...fields, quantity: '0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Give a quantity from 1 to 99.');
    expect(bad.body).toMatch(/id="buy-quantity" name="quantity"[^>]*value="0" required inputmode="numeric" aria-invalid="true"/);
    const ok = await buyer.submit(teaPath, fields);
    expect(ok.statusCode).toBe(303);
    expect(location(ok)).toBe('/cart?done=added');
    // A hand-made form for the sold-out choice: it waits in the cart, marked, and is not counted.
    expect(location(await buyer.submit(teaPath, { ...fields, variant: tea.variants[1].id }))).toBe('/cart?done=added');
    const cart = await buyer.browse('/cart?done=added');
    expect(cart.body).toContain('Added to your cart.');
    expect(cart.body).toContain('via “My spring tea”');
    expect(cart.body).toMatch(/<li class="cart-line unavailable"[\s\S]*?<p class="sold-out">Sold out<\/p>/);
    expect(cart.body).toContain('Goods: <strong>¥68.00</strong>');
    expect(cart.body).toMatch(/<li><a href="\/cart"( aria-current="page")?>Cart<\/a><\/li>/);
  });

  it('changes quantities in the cart; more than is left is marked, a quantity that is not one is refused', async () => {
    const lines = (await buyer.gql('{ myCarts { lines { id available } } }')).myCarts[0].lines;
    const line = lines.find((l: any) => l.available).id;
    const removed = await buyer.submit('/cart', { do: 'remove', line: lines.find((l: any) => !l.available).id });
    expect(location(removed)).toBe('/cart?done=updated');
    expect((await buyer.browse('/cart')).body).not.toContain('cart-line unavailable');
    const tooMany = await buyer.submit('/cart', { do: 'quantity', line, quantity: '9' });
    expect(location(tooMany)).toBe('/cart?done=updated');
    const marked = (await buyer.browse('/cart')).body;
    expect(marked).toContain('<p class="sold-out">Fewer left than you asked for</p>');
    expect(marked).not.toContain('>Check out</a>');
    const bad = await buyer.submit('/cart', { do: 'quantity', line, quantity: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<p class="form-error" role="alert" id="line-error-\d+">Give a quantity from 1 to 99\.<\/p>/);
    expect(bad.body).toMatch(/name="quantity" type="number"[^>]*value="9" required aria-invalid="true"/);
    const two = await buyer.submit('/cart', { do: 'quantity', line, quantity: '2' });
    expect(location(two)).toBe('/cart?done=updated');
    expect((await buyer.browse('/cart')).body).toContain('Goods: <strong>¥136.00</strong>');
  });

  it('checks out: address, shipping and coupon; the total is the server\'s; a bad phone number is said at its field', async () => {
    const cart = await buyer.browse('/cart');
    const href = /<a class="button primary" href="(\/checkout\?cart=[^"]+)">Check out<\/a>/.exec(cart.body)![1]!.replaceAll('&amp;', '&');
    const page = await buyer.browse(href);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Courier · ¥10.00');
    expect(page.body).toMatch(/<dt>To pay<\/dt><dd><strong>¥146\.00<\/strong><\/dd>/);
    const fields: Record<string, string> = { ...formValues(page.body, '/checkout'), provider: 'test' };
    expect(fields.address).toBe('new');
    expect(page.body).toMatch(/<select id="provider" name="provider">[\s\S]*<option value="test"/);
    const address = { recipient: 'Mei Lin', phone: '138 0000 0000', country: 'CN', region: 'Zhejiang', city: 'Hangzhou', line1: '1 West Lake Road', line2: '', postalCode: '310000' };

    const quoted = await buyer.submit('/checkout', { ...fields, ...address, coupons: 'spring', do: 'quote' });
    expect(quoted.statusCode).toBe(200);
    expect(quoted.body).toMatch(/<dt>Discount \(SPRING\)<\/dt><dd>−¥5\.00<\/dd>/);
    expect(quoted.body).toMatch(/<dt>To pay<\/dt><dd><strong>¥141\.00<\/strong><\/dd>/);
    const unknown = await buyer.submit('/checkout', { ...fields, ...address, coupons: 'NOPE', do: 'quote' });
    expect(unknown.body).toMatch(/<p class="form-error" role="alert" id="checkout-error">[^<]*NOPE[^<]*<\/p>/);

    const badPhone = await buyer.submit('/checkout', { ...fields, ...address, phone: 'call me', coupons: 'SPRING', do: 'place' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.body).toMatch(/id="a-phone" name="phone" value="call me"[^>]*aria-invalid="true"/);
    expect(badPhone.body).toContain('value="Mei Lin"');
    expect((await buyer.gql('{ myOrders { edges { node { id } } } }')).myOrders.edges).toEqual([]);

    const placed = await buyer.submit('/checkout', { ...fields, ...address, coupons: 'SPRING', do: 'place' });
    expect(placed.statusCode).toBe(303);
    const payUrl = new URL(location(placed));
    expect(payUrl.pathname).toMatch(/^\/shop\/test-gateway\/pay\//);
    // The same form again (a double click) is the same order.
    const again = await buyer.submit('/checkout', { ...fields, ...address, coupons: 'SPRING', do: 'place' });
    expect(location(again)).toBe(location(placed));
    const orders = (await buyer.gql('{ myOrders { edges { node { id status total { amount } lines { note { id } } } } } }')).myOrders.edges.map((e: any) => e.node);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'PENDING', total: { amount: 14100 }, lines: [{ note: { id: note } }] });
    orderPath = `/orders/${localIdOf(orders[0].id)}`;
    // The address was saved for next time.
    expect((await buyer.gql('{ myAddresses { city } }')).myAddresses).toEqual([{ city: 'Hangzhou' }]);

    const pending = await buyer.browse(orderPath);
    expect(pending.body).toMatch(/<span class="product-status-label status-pending">Awaiting payment<\/span>/);
    expect(pending.body).toContain(`href="${payUrl.href.replaceAll('&', '&amp;')}"`);

    // Paying on the gateway's page returns to the orders; the webhook makes the order paid.
    const paid = await fetch(payUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outcome=paid', redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`${origin}/orders?done=paid`);
    await settle();
    const list = await buyer.browse('/orders?done=paid');
    expect(list.body).toContain('Your order was placed.');
    expect(list.body).toContain(`<a href="${orderPath}">Order ${localIdOf(orders[0].id)}</a> <span class="product-status-label status-paid">Paid</span>`);
    const detail = await buyer.browse(orderPath);
    expect(detail.body).toContain(`<li><a href="${teaPath}">Longjing</a> · 50g × 2 · ¥136.00</li>`);
    expect(detail.body).toContain('Mei Lin · 138 0000 0000');
    expect(detail.body).not.toContain('Cancel the order');
  });

  it('keeps an order to its buyer and its shop', async () => {
    expect((await stranger.browse(orderPath)).statusCode).toBe(404);
    expect((await brand.browse(orderPath)).statusCode).toBe(200);
    expect((await stranger.submit(orderPath, { do: 'cancel' })).statusCode).toBe(404);
  });

  it('the shop ships, marks delivered and refunds part; the buyer confirms receipt', async () => {
    const orders = '/merchant/shops/greenleaf/orders';
    const list = await brand.browse(`${orders}?status=PAID`);
    expect(list.statusCode).toBe(200);
    const id = /name="order" value="([^"]+)"/.exec(list.body)![1]!;
    expect(list.body).toContain('Buyer: @mei');
    const blank = await brand.submit(orders, { do: 'ship', order: id, trackingNumber: '', carrier: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toMatch(/<p class="form-error" role="alert" id="order-error-\d+">[^<]*tracking number/i);
    const shipped = await brand.submit(orders, { do: 'ship', order: id, trackingNumber: 'SF123456', carrier: 'SF Express' });
    expect(shipped.statusCode).toBe(303);
    expect((await brand.browse(location(shipped))).body).toContain(`Order ${localIdOf(id)}: Shipped.`);
    expect((await buyer.browse(orderPath)).body).toContain('Tracking: SF Express SF123456');
    await brand.submit(orders, { do: 'delivered', order: id });
    const page = (await brand.browse(orders)).body;
    const key = /name="key" value="([^"]+)"/.exec(page)![1]!;
    const tooMuch = await brand.submit(orders, { do: 'refund', order: id, amount: '500', currency: 'CNY', key, reason: '' });
    expect(tooMuch.statusCode).toBe(400);
    const refunded = await brand.submit(orders, { do: 'refund', order: id, amount: '10.50', currency: 'CNY', key, reason: 'A dented tin' });
    expect(refunded.statusCode).toBe(303);
    await settle();
    expect((await brand.browse(location(refunded))).body).toContain(`Order ${localIdOf(id)}: refunded ¥10.50.`);
    const received = await buyer.submit(orderPath, { do: 'received' });
    expect(location(received)).toBe(`${orderPath}?done=completed`);
    const done = (await buyer.browse(location(received))).body;
    expect(done).toContain('Thank you — the order is complete.');
    expect(done).toContain('Refunded ¥10.50');
  });

  it('the buyer cancels an unpaid order, and the stock goes back', async () => {
    const page = await buyer.browse(teaPath);
    await buyer.submit(teaPath, formValues(page.body, teaPath));
    const cart = (await buyer.gql('{ myCarts { id } }')).myCarts[0].id;
    const form: Record<string, string> = { ...formValues((await buyer.browse(`/checkout?cart=${encodeURIComponent(cart)}`)).body, '/checkout'), provider: 'test' };
    expect(form.address).not.toBe('new');
    const placed = await buyer.submit('/checkout', { ...form, do: 'place' });
    expect(placed.statusCode).toBe(303);
    const order = (await buyer.gql('{ myOrders(first: 1) { edges { node { id status } } } }')).myOrders.edges[0].node;
    expect(order.status).toBe('PENDING');
    const path = `/orders/${localIdOf(order.id)}`;
    const cancelled = await buyer.submit(path, { do: 'cancel' });
    expect(location(cancelled)).toBe(`${path}?done=cancelled`);
    expect((await buyer.browse(location(cancelled))).body).toContain('<span class="product-status-label status-cancelled">Cancelled</span>');
    // Cancelling twice is refused on the page.
    const twice = await buyer.submit(path, { do: 'cancel' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('class="form-error"');
    const stock = (await brand.gql(`query($id: ID!) { product(id: $id) { variants { onHand reserved } } }`, { id: tea.id })).product.variants[0];
    expect(stock).toEqual({ onHand: 3, reserved: 0 });
  });
});
