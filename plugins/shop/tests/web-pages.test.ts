// The shop's public pages with every plugin on, fetched as a browser
// fetches them: the product page (carousel, price, what is in stock, the
// place to buy, the description, the notes about it with real experiences
// first and paid or the shop's own labelled), the same URL answering a
// fediverse server with the product object, a shop's page with its grid
// and paging, Chinese and English, and the product card under a note.

import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { AccountsServiceRef, MediaServiceRef, toGlobalId, type Role } from '../../../core/index.ts';
import { startTestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';
import { expectOk, localIdOf, type GqlResult } from './helpers.ts';

const HTML = 'text/html,application/xhtml+xml';
const CREATE = `mutation($s: ID!, $i: ProductInput!) { createProduct(shopId: $s, input: $i) { id } }`;
const PUBLISH = `mutation($id: ID!) { publishProduct(id: $id) { id } }`;
const NOTE = `mutation($i: NoteInput!) { createNote(input: $i) { id } }`;
const TAG = `mutation($n: ID!, $p: ID!) { setNoteProductTags(noteId: $n, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: $p }]) { id } }`;

describe('shop: product and shop pages', async () => {
  const meadow = await startTestInstance({ discover: true, plugins: [testAuthPlugin] });
  afterAll(() => meadow.close());
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  let shade = 0;
  const person = async (handle: string, role: Role) => {
    const a = await accounts.createAccount({ handle, password: 'Correct-horse-battery-staple-9', role, locale: 'en' });
    const headers = { 'x-test-account': `${a.id}:${role}` };
    const gql = async (query: string, variables?: Record<string, unknown>) =>
      expectOk((await meadow.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: { query, variables } })).json() as GqlResult);
    const image = async () => {
      shade = (shade + 37) % 255;
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: shade, g: 120, b: 80 } } }).png().toBuffer();
      return toGlobalId('Media', (await media.upload(a.id, png, { alt: `photo ${shade}` })).id);
    };
    return { gql, image, headers };
  };
  const browse = (url: string, headers: Record<string, string> = {}) => meadow.app.inject({ method: 'GET', url, headers: { accept: HTML, 'accept-language': 'en', ...headers } });

  const brand = await person('greenleaf', 'brand');
  const lin = await person('lin', 'creator');
  const kai = await person('kai', 'creator');
  const shop = (await brand.gql(`mutation { createShop(input: { handle: "greenleaf", name: "Greenleaf <Tea>", description: "Spring tea from Hangzhou" }) { id } }`)).createShop.id;
  const tea = (await brand.gql(CREATE, { s: shop, i: {
    title: 'Longjing', description: 'Hand-roasted before Qingming.\n\nSweet & <nutty>.', imageIds: [await brand.image(), await brand.image()],
    options: [{ name: 'Size', values: ['50g', '100g', '250g'] }],
    variants: [
      { options: [{ name: 'Size', value: '50g' }], price: 6800, stock: 0 },
      { options: [{ name: 'Size', value: '100g' }], price: 12800, compareAtPrice: 13600, stock: 4 },
      { options: [{ name: 'Size', value: '250g' }], price: 29800, stock: 40 },
    ],
  } })).createProduct.id as string;
  await brand.gql(PUBLISH, { id: tea });
  const teaPath = `/shop/products/${localIdOf(tea)}`;

  // Three notes show the tea: a paid one (older), the shop's own and a real experience (newest is the shop's).
  const post = async (who: typeof lin, title: string, extra: Record<string, unknown> = {}) => {
    const id = (await who.gql(NOTE, { i: { title, body: 'About the tea.', images: [{ mediaId: await who.image() }], visibility: 'public', ...extra } })).createNote.id as string;
    await who.gql(TAG, { n: id, p: tea });
    return id;
  };
  const real = await post(lin, 'My spring tea');
  const paid = await post(kai, 'Tea partner post', { disclosure: 'sponsored' });
  const own = await post(brand, 'Our new harvest');
  await meadow.kernel.bus.drain();

  it('shows the product: images as a carousel, the shop, price range, stock per variant and the description', async () => {
    const res = await browse(teaPath);
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('<h1 id="product-title">Longjing</h1>');
    expect(body).toContain('<a href="/shops/greenleaf">Greenleaf &lt;Tea&gt;</a>');
    expect(body).toMatch(/<section class="carousel"[^>]*data-carousel/);
    expect(body.match(/class="carousel-slide"/g)).toHaveLength(2);
    expect(body).toMatch(/<script[^>]+src="\/assets\/carousel\.[0-9a-f]+\.js"/);
    expect(body).toContain('<p class="product-price">¥68.00 – ¥298.00</p>');
    expect(body).toMatch(/50g<\/span>[\s\S]*?Sold out[\s\S]*?100g<\/span>[\s\S]*?<s class="variant-was">¥136\.00<\/s>[\s\S]*?Only 4 left[\s\S]*?250g<\/span>[\s\S]*?In stock/);
    expect(body).toContain('<p>Hand-roasted before Qingming.</p>');
    expect(body).toContain('<p>Sweet &amp; &lt;nutty&gt;.</p>');
    expect(body).not.toContain('<nutty>');
  });

  it('lists the notes about it, real experiences first; paid ones and the shop\'s own are labelled', async () => {
    const body = (await browse(teaPath)).body;
    const order = [real, paid, own].map((id) => body.indexOf(`href="/notes/${localIdOf(id)}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order[0]).toBeLessThan(Math.min(order[1]!, order[2]!));
    expect(body).toMatch(new RegExp(`href="/notes/${localIdOf(paid)}">Tea partner post</a> <span class="disclosure-label">Sponsored</span>`));
    expect(body).toMatch(new RegExp(`href="/notes/${localIdOf(own)}">Our new harvest</a> <span class="disclosure-label">By the shop</span>`));
    expect(body).toMatch(new RegExp(`href="/notes/${localIdOf(real)}">My spring tea</a>\\s*<span class="note-by">@lin</span>`));
  });

  it('has a place to buy: the add-to-cart form when the checkout is there, else a marked spot; sold out says so', async () => {
    const checkout = await meadow.gql('{ __type(name: "AddToCartInput") { name } }');
    const body = (await browse(`${teaPath}?from=${localIdOf(real)}`, lin.headers)).body;
    if (checkout.data.__type) {
      expect(body).toMatch(/<form class="product-buy stacked" method="post"/);
      expect(body).toContain(`<input type="hidden" name="from" value="${localIdOf(real)}">`);
      // Sold-out variants cannot be chosen.
      expect(body).toMatch(/<option value="[^"]+" disabled>50g · ¥68\.00 · Sold out<\/option>/);
    } else {
      expect(body).toContain('<p class="hint product-buy-later" data-buy="later">Buying here opens soon.</p>');
      expect(body).not.toContain('name="quantity"');
    }
    const kettle = (await brand.gql(CREATE, { s: shop, i: { title: 'Kettle', variants: [{ price: 16800, compareAtPrice: 19900, stock: 0 }] } })).createProduct.id;
    await brand.gql(PUBLISH, { id: kettle });
    const soldOut = (await browse(`/shop/products/${localIdOf(kettle)}`)).body;
    expect(soldOut).toContain('<p class="product-price">¥168.00 <s class="product-was">¥199.00</s></p>');
    expect(soldOut).toContain('<p class="product-stock sold-out">Sold out</p>');
    expect(soldOut).not.toContain('data-buy="later"');
  });

  it('speaks Chinese to a Chinese browser', async () => {
    const body = (await browse(teaPath, { 'accept-language': 'zh-CN' })).body;
    expect(body).toContain('已售罄');
    expect(body).toContain('仅剩 4 件');
    expect(body).toContain('相关笔记');
    expect(body).toContain('<span class="disclosure-label">合作</span>');
  });

  it('answers a browser with the page and a fediverse server with the product object at the same URL', async () => {
    const page = await browse(teaPath);
    expect(page.headers['content-type']).toContain('text/html');
    const object = await meadow.app.inject({ method: 'GET', url: teaPath, headers: { accept: 'application/activity+json' } });
    expect(object.statusCode).toBe(200);
    expect(object.json()).toMatchObject({ type: 'Note', id: `${meadow.kernel.config.publicUrl}${teaPath}`, name: 'Longjing' });
  });

  it('shows the managers of the shop a draft with a notice and a link to manage it; others get a 404', async () => {
    const draft = (await brand.gql(CREATE, { s: shop, i: { title: 'Secret blend', variants: [{ price: 100 }] } })).createProduct.id;
    const path = `/shop/products/${localIdOf(draft)}`;
    const mine = await browse(path, brand.headers);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Not on sale (only your shop sees this page)');
    expect(mine.body).toContain('<a href="/merchant/shops/greenleaf">Manage in your shop</a>');
    expect(mine.body).not.toContain('data-buy="later"');
    expect((await browse(path, lin.headers)).statusCode).toBe(404);
    expect((await browse(path)).statusCode).toBe(404);
    expect((await browse('/shop/products/0')).statusCode).toBe(404);
  });

  it('shows a shop\'s products as a grid, newest first, 24 at a time with a working "More"', async () => {
    for (let i = 1; i <= 24; i++) {
      const id = (await brand.gql(CREATE, { s: shop, i: { title: `Sampler ${i}`, variants: [{ price: 1000 + i, stock: 3 }] } })).createProduct.id;
      await brand.gql(PUBLISH, { id });
    }
    const first = await browse('/shops/greenleaf');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<h1 id="shop-title">Greenleaf &lt;Tea&gt;</h1>');
    expect(first.body).toContain('Spring tea from Hangzhou');
    expect(first.body).toContain('<a href="/@greenleaf">Run by greenleaf</a>');
    const titles = (html: string) => [...html.matchAll(/<span class="product-tile-title">([^<]+)<\/span>/g)].map((m) => m[1]);
    const page1 = titles(first.body);
    expect(page1).toHaveLength(24);
    expect(page1[0]).toBe('Sampler 24');
    expect(first.body).toContain('<span class="product-tile-price">¥10.24</span>');
    const more = /<a class="more" href="([^"]+)" rel="next">More<\/a>/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    expect(more).toMatch(/^\/shops\/greenleaf\?after=/);
    const second = await browse(more!);
    const page2 = titles(second.body);
    // Kettle and Longjing; the draft is not listed.
    expect(page2).toEqual(['Kettle', 'Longjing']);
    expect(second.body).toContain('<span class="product-tile-price">¥68.00 – ¥298.00</span>');
    expect(second.body).toContain('Sold out');
    expect(second.body).not.toContain('rel="next"');
  });

  it('answers a stale cursor with a way back, an unknown shop with a 404', async () => {
    const stale = await browse('/shops/greenleaf?after=nonsense');
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('<a href="/shops/greenleaf">Back to the first page</a>');
    expect((await browse('/shops/nobody')).statusCode).toBe(404);
    expect((await browse('/shops/BAD%20NAME')).statusCode).toBe(404);
  });

  it('puts the product card under the note, linking to the product page with the note named, styled by the site\'s stylesheet', async () => {
    const res = await browse(`/notes/${localIdOf(real)}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<div class="section section-product-card"><aside class="meadow-product-card" data-product-id="\d+"><a href="[^"]+\/shop\/products\/\d+\?from=\d+">/);
    expect(res.body).toContain(`${teaPath}?from=${localIdOf(real)}`);
    expect(res.body).toContain('<span class="meadow-product-price">¥68.00 起</span>');
    const css = /href="(\/assets\/site\.[0-9a-f]{10}\.css)"/.exec(res.body)![1]!;
    const sheet = (await meadow.app.inject({ method: 'GET', url: css })).body;
    expect(sheet).toContain('.meadow-product-card a{');
    expect(sheet).toContain('.product-grid{');
  });
});
