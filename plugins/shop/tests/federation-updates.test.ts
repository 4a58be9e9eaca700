// A product's life over ActivityPub between two real Meadow instances over
// TLS: B's reader follows the brand on A; B stores the product note it is
// sent (the notes plugin's inbound path) and sees it change when the brand
// edits the name, description, images and price, when the product sells out
// (by the merchant's count or by a purchase) and comes back, and sees it go
// when the brand takes it down. Changes nobody sees (stock counts, a
// category, drafts) send nothing; publishing again sends a Create again.

import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { Create, Delete, Update, type Activity } from '@fedify/vocab';
import { AccountsServiceRef, FederationServiceRef, MediaServiceRef, toGlobalId, type InboxHandler, type Role } from '../../../core/index.ts';
import { settle, startTlsInstance, type TlsInstance } from '../../../tests/federation/tls.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';
// Tests may boot the real notes plugin; plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
import shopPlugin from '../index.ts';
import { ADDRESS } from './checkout-helpers.ts';
import { expectOk, localIdOf, type GqlResult } from './helpers.ts';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const asArray = (v: unknown): any[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

async function member(instance: TlsInstance, handle: string, role: Role) {
  const account = await instance.kernel.contextOf('accounts').services.get(AccountsServiceRef).createAccount({ handle, password: 'Correct-horse-battery-staple-9', role });
  const media = instance.kernel.contextOf('media').services.get(MediaServiceRef);
  const upload = async (background: string) => {
    const png = await sharp({ create: { width: 48, height: 36, channels: 3, background } }).png().toBuffer();
    return toGlobalId('Media', (await media.upload(account.id, png, { alt: 'tea' })).id);
  };
  const raw = async (query: string, variables?: Record<string, unknown>) => (await instance.app.inject({
    method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', 'x-test-account': `${account.id}:${role}` }, payload: { query, variables },
  })).json() as GqlResult;
  return { account, upload, raw, gql: async (query: string, variables?: Record<string, unknown>) => expectOk(await raw(query, variables)) };
}

const PRODUCT = `id variants { id }`;
const NOTE = `query($id: ID!) { note(id: $id) { title bodyHtml images { url remote } remoteUrl } }`;
const FEED = `query { followingFeed(first: 20) { edges { node { id remoteUrl } } } }`;

describe('shop federation: a product edited, sold out and taken down', async () => {
  const plugins = [testAuthPlugin, notesPlugin, shopPlugin];
  const a = await startTlsInstance({ plugins });
  const b = await startTlsInstance({ plugins });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  // Every product activity B receives, as A sent it.
  const received: any[] = [];
  const fedB = b.kernel.contextOf('federation').services.get(FederationServiceRef);
  const keep: InboxHandler<Activity> = (_activity, info) => void received.push(info.rawJson());
  fedB.onInbox(Create, keep);
  fedB.onInbox(Update, keep);
  fedB.onInbox(Delete, keep);
  const about = (url: string, type?: string) => received.filter((r) => (r.object?.id ?? r.object) === url && (!type || r.type === type));

  const brand = await member(a, 'greenleaf', 'brand');
  const buyer = await member(a, 'buyer', 'person');
  const admin = await member(a, 'curator', 'admin');
  const reader = await member(b, 'reader', 'person');
  await reader.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `greenleaf@${a.host}` });
  await settle(a, b);
  const shop = (await brand.gql(`mutation { createShop(input: { handle: "greenleaf", name: "Greenleaf Tea" }) { id } }`)).createShop.id;
  const green = await brand.upload('#6a9a5a');
  const tea = (await brand.gql(`mutation($s: ID!, $i: ProductInput!) { createProduct(shopId: $s, input: $i) { ${PRODUCT} } }`, {
    s: shop, i: { title: 'Mingqian Longjing', description: 'Hand-roasted before Qingming.', imageIds: [green], variants: [{ price: 6800, stock: 2 }] },
  })).createProduct;
  const variant = tea.variants[0].id as string;
  const teaUrl = `${a.url}/shop/products/${localIdOf(tea.id)}`;
  await brand.gql(`mutation($id: ID!) { publishProduct(id: $id) { id } }`, { id: tea.id });
  await settle(a, b);

  const feedIds = async () => (await reader.gql(FEED)).followingFeed.edges.map((e: any) => e.node).filter((n: any) => n.remoteUrl === teaUrl).map((n: any) => n.id);
  const [copyId] = await feedIds();
  const copy = async () => (await reader.gql(NOTE, { id: copyId })).note;
  const edit = async (query: string, variables: Record<string, unknown>) => {
    await brand.gql(query, variables);
    await settle(a, b);
  };

  it('B stores the product it was sent when the brand published it', async () => {
    expect(about(teaUrl, 'Create')).toHaveLength(1);
    expect(copyId).toBeDefined();
    const note = await copy();
    expect(note.title).toBe('Mingqian Longjing');
    expect(note.bodyHtml).toContain('¥68.00');
    expect(note.images).toHaveLength(1);
  });

  it('an edit of the name, description and images reaches B\'s copy as an Update of the product object', async () => {
    const amber = await brand.upload('#c08a3a');
    await edit(`mutation($id: ID!, $i: ProductUpdateInput!) { updateProduct(id: $id, input: $i) { id } }`, {
      id: tea.id, i: { title: 'Mingqian Longjing, first flush', description: 'Picked and roasted before Qingming.', imageIds: [green, amber] },
    });
    const updates = about(teaUrl, 'Update');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ actor: `${a.url}/users/greenleaf`, object: { type: 'Note', name: 'Mingqian Longjing, first flush' } });
    expect(updates[0].id).toMatch(new RegExp(`^${teaUrl}#update-\\d+$`));
    expect(asArray(updates[0].to)).toEqual([PUBLIC]);
    expect(updates[0].object['schema:offers']).toEqual([expect.objectContaining({ 'schema:price': '68.00', 'schema:availability': 'https://schema.org/InStock' })]);
    const note = await copy();
    expect(note.title).toBe('Mingqian Longjing, first flush');
    expect(note.bodyHtml).toContain('Picked and roasted before Qingming.');
    expect(note.images).toHaveLength(2);
    expect(note.images.every((i: any) => i.remote && i.url.startsWith(a.url))).toBe(true);
  });

  it('a new price reaches B', async () => {
    await edit(`mutation($id: ID!) { updateVariant(id: $id, input: { price: 7200 }) { id } }`, { id: variant });
    expect(about(teaUrl, 'Update')).toHaveLength(2);
    const note = await copy();
    expect(note.bodyHtml).toContain('¥72.00');
    expect(note.bodyHtml).not.toContain('¥68.00');
  });

  it('stock counts that leave it in stock, a category and a draft\'s edits send nothing', async () => {
    await edit(`mutation($id: ID!) { adjustStock(variantId: $id, delta: 3) { id } }`, { id: variant });
    await edit(`mutation($id: ID!) { adjustStock(variantId: $id, delta: -3) { id } }`, { id: variant });
    const category = (await admin.gql(`mutation { createCategory(input: { slug: "green-tea", name: "Green tea" }) { id } }`)).createCategory.id;
    await edit(`mutation($id: ID!, $c: [ID!]) { updateProduct(id: $id, input: { categoryIds: $c }) { id } }`, { id: tea.id, c: [category] });
    const draft = (await brand.gql(`mutation($s: ID!) { createProduct(shopId: $s, input: { title: "Secret blend", variants: [{ price: 100 }] }) { id } }`, { s: shop })).createProduct.id;
    await edit(`mutation($id: ID!) { updateProduct(id: $id, input: { title: "Secret blend No. 2" }) { id } }`, { id: draft });
    expect(received.filter((r) => r.type === 'Update')).toHaveLength(2);
  });

  it('selling out by the merchant\'s count, and coming back, reach B', async () => {
    await edit(`mutation($id: ID!) { adjustStock(variantId: $id, delta: -2) { id } }`, { id: variant });
    const soldOut = about(teaUrl, 'Update').at(-1);
    expect(soldOut.object['schema:offers']).toEqual([expect.objectContaining({ 'schema:availability': 'https://schema.org/OutOfStock' })]);
    expect((await copy()).bodyHtml).toContain('已售罄');
    await edit(`mutation($id: ID!) { adjustStock(variantId: $id, delta: 1) { id } }`, { id: variant });
    expect(about(teaUrl, 'Update')).toHaveLength(4);
    expect((await copy()).bodyHtml).not.toContain('已售罄');
  });

  it('a purchase of the last unit sells it out on B; the order cancelled, it is back', async () => {
    const cart = (await buyer.gql(`mutation($i: AddToCartInput!) { addToCart(input: $i) { id } }`, { i: { variantId: variant, quantity: 1 } })).addToCart.id;
    const placed = (await buyer.gql(`mutation($i: CheckoutInput!) { checkout(input: $i) { order { id status } } }`, {
      i: { cartId: cart, address: ADDRESS, paymentProvider: 'test', idempotencyKey: 'last-unit' },
    })).checkout.order;
    await settle(a, b);
    expect(placed.status).toBe('PENDING');
    expect(about(teaUrl, 'Update')).toHaveLength(5);
    expect((await copy()).bodyHtml).toContain('已售罄');
    await buyer.gql(`mutation($id: ID!) { cancelOrder(id: $id) { status } }`, { id: placed.id });
    await settle(a, b);
    expect(about(teaUrl, 'Update')).toHaveLength(6);
    expect((await copy()).bodyHtml).not.toContain('已售罄');
  });

  it('each Update says the object changed later than the one before (servers drop an edit that is not newer)', () => {
    const stamps = about(teaUrl, 'Update').map((u) => Date.parse(u.object.updated));
    expect(stamps.every((t, i) => Number.isFinite(t) && (i === 0 || t > stamps[i - 1]!))).toBe(true);
    expect(new Set(about(teaUrl, 'Update').map((u) => u.id)).size).toBe(stamps.length);
  });

  it('taking it down sends a Delete (Tombstone): B\'s copy is gone', async () => {
    await edit(`mutation($id: ID!) { unpublishProduct(id: $id) { id } }`, { id: tea.id });
    const [deleted, ...more] = about(teaUrl, 'Delete');
    expect(more).toEqual([]);
    expect(deleted).toMatchObject({ actor: `${a.url}/users/greenleaf`, object: { type: 'Tombstone', id: teaUrl } });
    expect(deleted.id).toMatch(new RegExp(`^${teaUrl}#delete-\\d+$`));
    expect(asArray(deleted.to)).toEqual([PUBLIC]);
    expect(asArray(deleted.cc)).toEqual([`${a.url}/users/greenleaf/followers`]);
    expect((await reader.raw(NOTE, { id: copyId })).data?.note ?? null).toBeNull();
    expect(await feedIds()).toEqual([]);
    // Edits while it is down go nowhere.
    await edit(`mutation($id: ID!) { updateVariant(id: $id, input: { price: 7600 }) { id } }`, { id: variant });
    expect(about(teaUrl, 'Update')).toHaveLength(6);
  });

  it('publishing it again sends a Create again, under a new id', async () => {
    await edit(`mutation($id: ID!) { publishProduct(id: $id) { id } }`, { id: tea.id });
    const creates = about(teaUrl, 'Create');
    expect(creates).toHaveLength(2);
    expect(creates[1].id).not.toBe(creates[0].id);
    expect(creates[1].object.content).toContain('¥76.00');
  });
});
