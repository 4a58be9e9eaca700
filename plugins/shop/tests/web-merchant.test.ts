// The merchant pages with every plugin on, used as a browser without
// JavaScript: open a shop, create a product with options and variant rows,
// add images, publish and take it down, set the units on hand; refused
// input comes back on the form with the API's message and nothing changed;
// other people get the sign-in page, an explanation or a 403.

import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { AccountsServiceRef, type Role } from '../../../core/index.ts';
import { startTestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';
import { ShopServiceRef } from '../contracts.ts';
import { expectOk, localIdOf, type GqlResult } from './helpers.ts';

const HTML = 'text/html,application/xhtml+xml';
const PRODUCT = `query($id: ID!) { product(id: $id) { title status currency options { name values } images { id }
  variants { id title sku price { amount } compareAtPrice { amount } onHand reserved } } }`;

describe('shop: merchant pages', async () => {
  const meadow = await startTestInstance({ discover: true, plugins: [testAuthPlugin] });
  afterAll(() => meadow.close());
  const origin = meadow.kernel.config.publicUrl;
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const person = async (handle: string, role: Role) => {
    const a = await accounts.createAccount({ handle, password: 'Correct-horse-battery-staple-9', role, locale: 'en' });
    const headers = { 'x-test-account': `${a.id}:${role}` };
    const gql = async (query: string, variables?: Record<string, unknown>) =>
      expectOk((await meadow.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: { query, variables } })).json() as GqlResult);
    const browse = (url: string) => meadow.app.inject({ method: 'GET', url, headers: { accept: HTML, ...headers } });
    const submit = (url: string, fields: Record<string, string>) => meadow.app.inject({
      method: 'POST', url, headers: { accept: HTML, 'content-type': 'application/x-www-form-urlencoded', origin, ...headers }, payload: new URLSearchParams(fields).toString(),
    });
    return { id: a.id, headers, gql, browse, submit };
  };
  const brand = await person('greenleaf', 'brand');
  const rival = await person('rival', 'brand');
  const reader = await person('reader', 'person');
  const admin = await person('boss', 'admin');

  let productId = '';
  const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location ?? '');
  const productOf = async () => (await brand.gql(PRODUCT, { id: productId })).product;

  it('sends a signed-out visitor to sign in, and tells a person who cannot open a shop why', async () => {
    const out = await meadow.app.inject({ method: 'GET', url: '/merchant', headers: { accept: HTML } });
    expect(out.statusCode).toBe(303);
    expect(location(out)).toBe('/signin?next=%2Fmerchant');
    const mine = await reader.browse('/merchant');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Only brand and official accounts can open a shop.');
    expect(mine.body).not.toContain('name="handle"');
    expect(mine.body).not.toMatch(/<a href="\/merchant"[^>]*>My shop<\/a>/);
    // The header entry is for those who can run a shop.
    expect((await brand.browse('/')).body).toMatch(/<li><a href="\/merchant">My shop<\/a><\/li>/);
    expect((await reader.browse('/')).body).not.toContain('href="/merchant"');
  });

  it('opens a shop from the form; a bad address comes back with the message and what was typed', async () => {
    const bad = await brand.submit('/merchant', { do: 'open-shop', handle: 'No Spaces!', name: 'Greenleaf', description: 'Tea' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<p class="form-error" role="alert" id="open-error">[^<]+<\/p>/);
    expect(bad.body).toMatch(/id="shop-handle" name="handle" value="No Spaces!"[^>]*aria-invalid="true"/);
    expect(await brand.gql('{ managedShops { handle } }')).toEqual({ managedShops: [] });
    const ok = await brand.submit('/merchant', { do: 'open-shop', handle: 'greenleaf', name: 'Greenleaf Tea', description: 'Spring tea' });
    expect(ok.statusCode).toBe(303);
    expect(location(ok)).toBe('/merchant/shops/greenleaf?done=opened');
    const page = await brand.browse(location(ok));
    expect(page.body).toContain('Your shop is open. Add its first product.');
    expect(page.body).toContain('No products yet.');
    // One shop per brand: the form is gone; a second try is refused by the API.
    expect((await brand.browse('/merchant')).body).not.toContain('name="handle"');
    const again = await brand.submit('/merchant', { do: 'open-shop', handle: 'greenleaf-two', name: 'Second' });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
    expect(again.body).toContain('class="form-error"');
  });

  it('creates a draft product with options and variant rows; prices are typed in yuan', async () => {
    const form = await brand.browse('/merchant/shops/greenleaf/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="CNY"');
    const fields = {
      title: 'Longjing', description: 'Spring tea', currency: 'CNY', option1: 'Size', option1values: '50g, 100g', option2: '', option2values: '',
      row1values: '50g', row1price: '68', row1was: '', row1stock: '12', row1sku: 'LJ-50',
      row2values: '100g', row2price: '128.50', row2was: '136', row2stock: '3', row2sku: '',
    };
    // A price that is not one: the row is named, the form keeps what was typed, nothing is created.
    const bad = await brand.submit('/merchant/shops/greenleaf/new', { ...fields, row2price: '12,8.0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Row 2: give the price as a number such as 68 or 68.50.');
    expect(bad.body).toMatch(/name="row2price" value="12,8.0"[^>]*aria-invalid="true"/);
    expect(bad.body).toContain('value="Longjing"');
    // A value that is not one of the option's: the API's message.
    const wrong = await brand.submit('/merchant/shops/greenleaf/new', { ...fields, row2values: '500g' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/<p class="form-error" role="alert" id="product-error">[^<]*500g[^<]*<\/p>/);
    expect((await brand.gql('{ shop(handle: "greenleaf") { products(includeUnpublished: true) { edges { node { id } } } } }')).shop.products.edges).toEqual([]);

    const ok = await brand.submit('/merchant/shops/greenleaf/new', fields);
    expect(ok.statusCode).toBe(303);
    const target = new URL(location(ok), origin);
    expect(target.pathname).toBe('/merchant/shops/greenleaf');
    productId = target.searchParams.get('product')!;
    expect(await productOf()).toMatchObject({
      title: 'Longjing', status: 'DRAFT', currency: 'CNY', options: [{ name: 'Size', values: ['50g', '100g'] }],
      variants: [
        { title: '50g', sku: 'LJ-50', price: { amount: 6800 }, compareAtPrice: null, onHand: 12 },
        { title: '100g', sku: null, price: { amount: 12850 }, compareAtPrice: { amount: 13600 }, onHand: 3 },
      ],
    });
    const page = await brand.browse(location(ok));
    expect(page.body).toContain('“Longjing” was saved as a draft: add images, then publish it.');
    expect(page.body).toMatch(/<span class="product-status-label status-draft">Draft<\/span> · ¥68\.00 – ¥128\.50/);
  });

  it('adds images through the multipart form, only for the shop\'s managers and only from this site', async () => {
    const n = localIdOf(productId);
    const png = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#88aa66' } }).png().toBuffer();
    const boundary = 'meadowtestboundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="next"\r\n\r\n/merchant/shops/greenleaf\r\n`),
      ...[1, 2].map((i) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="p${i}.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from('\r\n')])),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const send = (headers: Record<string, string>) => meadow.app.inject({
      method: 'POST', url: `/merchant/products/${n}/images`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers }, payload: body,
    });
    expect((await send({ ...brand.headers, origin: 'https://elsewhere.example' })).statusCode).toBe(403);
    const other = await send({ ...rival.headers, origin });
    expect(other.statusCode).toBe(303);
    expect(location(other)).toMatch(/^\/merchant\/shops\/greenleaf\?error=/);
    expect((await productOf()).images).toEqual([]);
    const ok = await send({ ...brand.headers, origin });
    expect(ok.statusCode).toBe(303);
    expect(location(ok)).toBe(`/merchant/shops/greenleaf?done=images&product=${encodeURIComponent(productId)}#product-${n}`);
    expect((await productOf()).images).toHaveLength(2);
    expect((await brand.browse(location(ok))).body).toContain('Images added.');
  });

  it('publishes and takes down a product; the public page follows', async () => {
    const n = localIdOf(productId);
    const pub = await brand.submit('/merchant/shops/greenleaf', { do: 'publish', product: productId });
    expect(pub.statusCode).toBe(303);
    expect((await brand.browse(location(pub))).body).toContain('“Longjing” is on sale.');
    expect((await reader.browse(`/shop/products/${n}`)).statusCode).toBe(200);
    const down = await brand.submit('/merchant/shops/greenleaf', { do: 'unpublish', product: productId });
    expect(down.statusCode).toBe(303);
    expect((await brand.browse(location(down))).body).toContain('“Longjing” was taken down.');
    expect((await reader.browse(`/shop/products/${n}`)).statusCode).toBe(404);
    await brand.submit('/merchant/shops/greenleaf', { do: 'publish', product: productId });
    expect((await productOf()).status).toBe('PUBLISHED');
  });

  it('sets the units on hand; never below the units checkouts hold; bad numbers are refused with nothing changed', async () => {
    const [small] = (await productOf()).variants;
    const saved = await brand.submit('/merchant/shops/greenleaf', { do: 'stock', variant: small.id, was: '12', onHand: '20' });
    expect(saved.statusCode).toBe(303);
    expect((await brand.browse(location(saved))).body).toContain('Stock of Longjing · 50g is now 20.');
    expect((await productOf()).variants[0].onHand).toBe(20);

    const bad = await brand.submit('/merchant/shops/greenleaf', { do: 'stock', variant: small.id, was: '20', onHand: '-3' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Give the units on hand as a whole number, 0 or more.');
    expect(bad.body).toMatch(/name="onHand" type="number"[^>]*value="20" required aria-invalid="true"/);

    // 15 units held by a checkout: 5 on hand would be fewer than held.
    expect(await meadow.kernel.contextOf('shop').services.get(ShopServiceRef).stock.reserve(localIdOf(small.id), 15)).toBe(true);
    const below = await brand.submit('/merchant/shops/greenleaf', { do: 'stock', variant: small.id, was: '20', onHand: '5' });
    expect(below.statusCode).toBeGreaterThanOrEqual(400);
    expect(below.body).toContain('class="form-error"');
    expect(below.body).toContain('15 held by checkouts');
    expect((await productOf()).variants[0]).toMatchObject({ onHand: 20, reserved: 15 });
  });

  it('keeps other people out of a shop\'s pages and forms; admins open the site\'s shops', async () => {
    const n = localIdOf(productId);
    expect((await rival.browse('/merchant/shops/greenleaf')).statusCode).toBe(403);
    expect((await rival.browse('/merchant/shops/greenleaf/new')).statusCode).toBe(403);
    const sneaky = await rival.submit('/merchant/shops/greenleaf', { do: 'unpublish', product: productId });
    expect(sneaky.statusCode).toBe(403);
    expect((await productOf()).status).toBe('PUBLISHED');
    const created = await rival.submit('/merchant/shops/greenleaf/new', { title: 'Fake', row1price: '1' });
    expect(created.statusCode).toBe(403);
    // A form from another site changes nothing.
    const crossSite = await meadow.app.inject({
      method: 'POST', url: '/merchant/shops/greenleaf', headers: { accept: HTML, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://elsewhere.example', ...brand.headers },
      payload: new URLSearchParams({ do: 'unpublish', product: productId }).toString(),
    });
    expect(crossSite.statusCode).toBe(403);
    expect((await reader.browse(`/shop/products/${n}`)).statusCode).toBe(200);

    const form = await admin.browse('/merchant');
    expect(form.body).toMatch(/<input id="shop-instance" type="checkbox" name="forInstance" value="1" checked>/);
    const opened = await admin.submit('/merchant', { do: 'open-shop', handle: 'meadow-store', name: 'Meadow Store', forInstance: '1' });
    expect(location(opened)).toBe('/merchant/shops/meadow-store?done=opened');
    expect((await admin.browse('/shops/meadow-store')).body).toContain('Run by this site');
  });

  it('speaks Chinese on the merchant pages to a person who reads Chinese', async () => {
    const a = await accounts.createAccount({ handle: 'chaye', password: 'Correct-horse-battery-staple-9', role: 'official', locale: 'zh-CN' });
    const page = await meadow.app.inject({ method: 'GET', url: '/merchant', headers: { accept: HTML, 'x-test-account': `${a.id}:official` } });
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).toContain('<h1 id="merchant-title" class="page-title">店铺管理</h1>');
    expect(page.body).toContain('<h2 id="open-title">开设店铺</h2>');
  });
});
