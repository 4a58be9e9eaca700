// Products over ActivityPub between two real Meadow instances over TLS
// running the real notes and shop plugins: what a Mastodon fetching a
// product's URL reads (a public Note by the brand with name, price and a
// link to the product page in its content, the images as attachments) and
// the schema.org offers beside it; instance B looking the URL up gets that
// note; a brand's remote followers get a Create when a product is
// published; a note with product tags carries the products' ids and where
// they are tagged; drafts are never served.

import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { Create } from '@fedify/vocab';
import { AccountsServiceRef, FederationServiceRef, MediaServiceRef, toGlobalId, type Role } from '../../../core/index.ts';
import { settle, startTlsInstance, type TlsInstance } from '../../../tests/federation/tls.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';
// Tests may boot the real notes plugin; plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
import { NotesServiceRef } from '../../notes/contracts.ts';
import shopPlugin from '../index.ts';
import { SHOP_TERMS } from '../federation/vocabulary.ts';
import { expectOk, localIdOf, type GqlResult } from './helpers.ts';

const AS = { accept: 'application/activity+json' };
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const asArray = (v: unknown): any[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

async function member(instance: TlsInstance, handle: string, role: Role) {
  const account = await instance.kernel.contextOf('accounts').services.get(AccountsServiceRef).createAccount({ handle, password: 'Correct-horse-battery-staple-9', role });
  const png = await sharp({ create: { width: 48, height: 36, channels: 3, background: '#6a9a5a' } }).png().toBuffer();
  const image = await instance.kernel.contextOf('media').services.get(MediaServiceRef).upload(account.id, png, { alt: 'tea' });
  const gql = async (query: string, variables?: Record<string, unknown>) => expectOk((await instance.app.inject({
    method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', 'x-test-account': `${account.id}:${role}` }, payload: { query, variables },
  })).json() as GqlResult);
  return { account, image, imageId: toGlobalId('Media', image.id), gql };
}

const CREATE = `mutation($s: ID!, $i: ProductInput!) { createProduct(shopId: $s, input: $i) { id } }`;
const PUBLISH = `mutation($id: ID!) { publishProduct(id: $id) { id } }`;

describe('shop federation: products as objects', async () => {
  const plugins = [testAuthPlugin, notesPlugin, shopPlugin];
  const a = await startTlsInstance({ plugins });
  const b = await startTlsInstance({ plugins });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const get = (instance: TlsInstance, path: string) => instance.app.inject({ method: 'GET', url: path, headers: AS });

  const brand = await member(a, 'greenleaf', 'brand');
  const shop = (await brand.gql(`mutation { createShop(input: { handle: "greenleaf", name: "Greenleaf <Tea>" }) { id } }`)).createShop.id;
  const tea = (await brand.gql(CREATE, { s: shop, i: {
    title: 'Mingqian Longjing', description: `Hand-roasted before Qingming. ${'Sweet and nutty. '.repeat(30)}`, imageIds: [brand.imageId],
    options: [{ name: 'Size', values: ['50g', '100g'] }],
    variants: [{ options: [{ name: 'Size', value: '50g' }], sku: 'LJ-50', price: 6800, stock: 0 }, { options: [{ name: 'Size', value: '100g' }], price: 12800, compareAtPrice: 13600, stock: 4 }],
  } })).createProduct.id as string;
  await brand.gql(PUBLISH, { id: tea });
  const draft = (await brand.gql(CREATE, { s: shop, i: { title: 'Secret blend', variants: [{ price: 100 }] } })).createProduct.id as string;
  const teaUrl = `${a.url}/shop/products/${localIdOf(tea)}`;

  it('serves a published product at its page URL as a public Note by the brand that Mastodon shows as a post', async () => {
    const res = await get(a, `/shop/products/${localIdOf(tea)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/activity+json');
    const note = res.json();
    expect(note).toMatchObject({ type: 'Note', id: teaUrl, url: teaUrl, attributedTo: `${a.url}/users/greenleaf`, name: 'Mingqian Longjing', to: PUBLIC });
    expect(asArray(note.cc)).toEqual([`${a.url}/users/greenleaf/followers`]);
    // What a plain server shows: the name, the price with its currency, the start of the description, a link to the page.
    expect(note.content).toMatch(/^<p><strong>Mingqian Longjing<\/strong><\/p><p><strong>¥68\.00 起<\/strong><\/p><p>Hand-roasted before Qingming\. Sweet/);
    expect(note.content).toContain(`<a href="${teaUrl}">在Greenleaf &lt;Tea&gt;查看</a>`);
    expect(note.content).toMatch(/…<\/p>/);
    expect(note.content.length).toBeLessThan(600);
    const [image, ...more] = asArray(note.attachment);
    expect(more).toEqual([]);
    expect(image).toMatchObject({ type: 'Image', mediaType: brand.image.mimeType, name: 'tea', width: 48, height: 36 });
    expect(image.url).toMatch(new RegExp(`^${a.url}/`));
  });

  it('carries schema.org offers (price, currency, availability per variant), the seller and the product id, with the terms inline', async () => {
    const note = (await get(a, `/shop/products/${localIdOf(tea)}`)).json();
    expect(note['@context']).toContainEqual(SHOP_TERMS);
    expect(note['schema:productID']).toBe(`product:${localIdOf(tea)}`);
    expect(note['schema:offers']).toEqual([
      { type: 'schema:Offer', 'schema:name': '50g', 'schema:sku': 'LJ-50', 'schema:price': '68.00', 'schema:priceCurrency': 'CNY', 'schema:availability': 'https://schema.org/OutOfStock' },
      { type: 'schema:Offer', 'schema:name': '100g', 'schema:price': '128.00', 'schema:priceCurrency': 'CNY', 'schema:availability': 'https://schema.org/InStock' },
    ]);
    expect(note['schema:seller']).toEqual({ type: 'schema:Organization', 'schema:name': 'Greenleaf <Tea>', 'schema:url': `${a.url}/shops/greenleaf` });
  });

  it('a single-variant product shows its price and the former one struck through; sold out is said', async () => {
    const kettle = (await brand.gql(CREATE, { s: shop, i: { title: 'Kettle', variants: [{ price: 16800, compareAtPrice: 19900, stock: 0 }], currency: 'USD' } })).createProduct.id;
    await brand.gql(PUBLISH, { id: kettle });
    const note = (await get(a, `/shop/products/${localIdOf(kettle)}`)).json();
    expect(note.content).toContain('<p><strong>$168.00</strong> <del>$199.00</del> · Sold out</p>');
    expect(note.content).toContain('>View at Greenleaf &lt;Tea&gt;</a>');
    expect(asArray(note.attachment)).toEqual([]);
  });

  it('never serves drafts, taken-down products or malformed ids', async () => {
    expect((await get(a, `/shop/products/${localIdOf(draft)}`)).statusCode).toBe(404);
    expect((await get(a, '/shop/products/0')).statusCode).toBe(404);
    expect((await get(a, '/shop/products/99999')).statusCode).toBe(404);
    const gone = (await brand.gql(CREATE, { s: shop, i: { title: 'Gone', variants: [{ price: 100 }] } })).createProduct.id;
    await brand.gql(PUBLISH, { id: gone });
    expect((await get(a, `/shop/products/${localIdOf(gone)}`)).statusCode).toBe(200);
    await brand.gql(`mutation($id: ID!) { unpublishProduct(id: $id) { id } }`, { id: gone });
    expect((await get(a, `/shop/products/${localIdOf(gone)}`)).statusCode).toBe(404);
  });

  it('instance B looking the URL up gets the note with the price and the link, by the brand', async () => {
    const fedB = b.kernel.contextOf('federation').services.get(FederationServiceRef);
    const found = await fedB.lookup(teaUrl);
    expect(found).toMatchObject({ kind: 'object', object: { type: 'Note' } });
    const note = await b.kernel.contextOf('notes').services.get(NotesServiceRef).getById((found as { object: { id: number } }).object.id);
    expect(note?.remote?.uri).toBe(teaUrl);
    expect(note?.title).toBe('Mingqian Longjing');
    expect(note?.bodyHtml).toContain('¥68.00 起');
    expect(note?.bodyHtml).toContain(`href="${teaUrl}"`);
    expect(note?.images).toHaveLength(1);
    const author = await b.kernel.contextOf('accounts').services.get(AccountsServiceRef).getById(note!.authorId);
    expect(author?.remote?.actorUri).toBe(`${a.url}/users/greenleaf`);
    // B reads the same document A serves, schema.org fields included.
    const { document } = await fedB.context().documentLoader(teaUrl);
    expect((document as any)['schema:offers']).toHaveLength(2);
  });

  it('publishing a product sends a Create to the brand\'s remote followers, with the offers', async () => {
    const fedB = b.kernel.contextOf('federation').services.get(FederationServiceRef);
    const received: any[] = [];
    // As A sent it (B's own vocabulary drops fields it has no property for).
    fedB.onInbox(Create, (_activity, info) => {
      received.push(info.rawJson());
    });
    const reader = await member(b, 'reader', 'person');
    await reader.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `greenleaf@${a.host}` });
    await settle(a, b);
    const tent = (await brand.gql(CREATE, { s: shop, i: { title: 'Two-person tent', variants: [{ price: 21900, stock: 15 }] } })).createProduct.id;
    await brand.gql(PUBLISH, { id: tent });
    await settle(a, b);
    const tentUrl = `${a.url}/shop/products/${localIdOf(tent)}`;
    const creates = received.filter((c) => c.object?.id === tentUrl);
    expect(creates).toHaveLength(1);
    expect(creates[0].actor).toBe(`${a.url}/users/greenleaf`);
    expect(creates[0].id).toMatch(new RegExp(`^${tentUrl}#create-\\d+$`));
    expect(creates[0].object.content).toContain('¥219.00');
    expect(creates[0].object['schema:offers']).toEqual([expect.objectContaining({ 'schema:price': '219.00', 'schema:priceCurrency': 'CNY' })]);
    expect(creates[0]['@context']).toContainEqual(SHOP_TERMS);
    expect(creates[0].object['@context']).toBeUndefined();
    expect(asArray(creates[0].object.to)).toEqual([PUBLIC]);
  });

  it('a note with product tags carries the products\' ids and where each is tagged, beside its product card', async () => {
    const lin = await member(a, 'lin', 'creator');
    const noteId = (await lin.gql(`mutation($i: NoteInput!) { createNote(input: $i) { id } }`, { i: { title: 'My spring tea', body: 'Lovely.', images: [{ mediaId: lin.imageId }], visibility: 'public' } })).createNote.id;
    await lin.gql(`mutation($n: ID!, $p: ID!) { setNoteProductTags(noteId: $n, tags: [{ imageIndex: 0, x: 0.25, y: 0.75, productId: $p }]) { id } }`, { n: noteId, p: tea });
    const note = (await get(a, `/notes/${localIdOf(noteId)}`)).json();
    const [image] = asArray(note.attachment);
    expect(note['meadow:products']).toEqual([teaUrl]);
    expect(note['meadow:productTags']).toEqual([{ product: teaUrl, image: image.url, x: 0.25, y: 0.75 }]);
    expect(note['@context']).toContainEqual(SHOP_TERMS);
    // The card in the content: name, price, link.
    expect(note.content).toContain(`href="${teaUrl}?from=${localIdOf(noteId)}"`);
    expect(note.content).toContain('Mingqian Longjing');
    expect(note.content).toContain('¥68.00 起');
    // A note without products carries none of it.
    const plain = (await lin.gql(`mutation($i: NoteInput!) { createNote(input: $i) { id } }`, { i: { title: 'Plain', body: 'x', images: [{ mediaId: lin.imageId }], visibility: 'public' } })).createNote.id;
    const plainJson = (await get(a, `/notes/${localIdOf(plain)}`)).json();
    expect(plainJson['meadow:products']).toBeUndefined();
    expect(plainJson['@context']).not.toContainEqual(SHOP_TERMS);
  });
});
