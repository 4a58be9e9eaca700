// The web front end with every plugin on: a note's product card links to the
// product page, which shows price, variants with stock and the notes that
// show the product; a draft is a 404 for visitors.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, MediaServiceRef, toGlobalId, type Role } from '../../../core/index.ts';
import { startTestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';
import sharp from 'sharp';
import { expectOk, type GqlResult } from './helpers.ts';

describe('shop: web pages', async () => {
  const meadow = await startTestInstance({ discover: true, plugins: [testAuthPlugin] });
  afterAll(() => meadow.close());
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#88aa66' } }).png().toBuffer();
  const person = async (handle: string, role: Role) => {
    const a = await accounts.createAccount({ handle, password: 'Correct-horse-battery-staple-9', role });
    const gql = async (query: string, variables?: Record<string, unknown>) =>
      (await meadow.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', 'x-test-account': `${a.id}:${role}` }, payload: { query, variables } })).json() as GqlResult;
    return { gql, image: toGlobalId('Media', (await media.upload(a.id, png)).id) };
  };
  const browse = (url: string) => meadow.app.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-language': 'en' } });

  const brand = await person('greenleaf', 'brand');
  const lin = await person('lin_xiaoyu', 'creator');
  const shop = expectOk(await brand.gql(`mutation { createShop(input: { handle: "greenleaf", name: "Greenleaf <Tea>" }) { id } }`)).createShop.id;
  const create = `mutation($s: ID!, $i: ProductInput!) { createProduct(shopId: $s, input: $i) { id url variants { id } } }`;
  const tea = expectOk(await brand.gql(create, { s: shop, i: {
    title: 'Longjing', description: 'Spring tea', imageIds: [brand.image], options: [{ name: 'Size', values: ['50g', '100g'] }],
    variants: [{ options: [{ name: 'Size', value: '50g' }], price: 6800, stock: 0 }, { options: [{ name: 'Size', value: '100g' }], price: 12800, compareAtPrice: 13600, stock: 4 }],
  } })).createProduct;
  expectOk(await brand.gql(`mutation($id: ID!) { publishProduct(id: $id) { id } }`, { id: tea.id }));
  const draft = expectOk(await brand.gql(create, { s: shop, i: { title: 'Secret', variants: [{ price: 1 }] } })).createProduct;
  const note = expectOk(await lin.gql(`mutation($i: NoteInput!) { createNote(input: $i) { id } }`, { i: { title: 'My spring tea', body: 'Lovely.', images: [{ mediaId: lin.image }], visibility: 'public' } })).createNote.id;
  expectOk(await lin.gql(`mutation($n: ID!, $p: ID!) { setNoteProductTags(noteId: $n, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: $p }]) { id } }`, { n: note, p: tea.id }));
  const noteNumber = Buffer.from(note, 'base64url').toString().split(':')[1];
  const productPath = new URL(tea.url).pathname;

  it('the note page carries the product card, linking to the product page', async () => {
    const res = await browse(`/notes/${noteNumber}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('class="meadow-product-card"');
    expect(res.body).toContain(`href="${tea.url}?from=${noteNumber}"`);
    expect(productPath).toMatch(/^\/shop\/products\/\d+$/);
  });

  it('the product page shows price, variants with stock, the shop and the notes about it', async () => {
    const res = await browse(productPath);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 id="product-title">Longjing</h1>');
    expect(res.body).toContain('Greenleaf &lt;Tea&gt;');
    expect(res.body).toContain('¥68.00 – ¥128.00');
    expect(res.body).toMatch(/50g<\/span>[\s\S]*Sold out[\s\S]*100g<\/span>[\s\S]*<s class="variant-was">¥136.00<\/s>[\s\S]*Only 4 left/);
    expect(res.body).toContain(`<a href="/notes/${noteNumber}">My spring tea</a>`);
  });

  it('a draft, a malformed or unknown id is a 404', async () => {
    expect((await browse(new URL(draft.url).pathname)).statusCode).toBe(404);
    expect((await browse('/shop/products/abc')).statusCode).toBe(404);
    expect((await browse('/shop/products/999999')).statusCode).toBe(404);
  });
});
