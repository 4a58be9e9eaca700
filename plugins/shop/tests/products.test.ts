// Products: drafts with options, variants (SKUs), prices in minor units and
// a currency, images and categories; published and taken down by the
// merchant; the public sees published products only; every bad input is
// refused with nothing stored.

import { afterAll, describe, expect, it } from 'vitest';
import { PRODUCT_FIELDS, expectCode, expectOk, localIdOf, startShop } from './helpers.ts';

const CREATE = `mutation($shop: ID!, $input: ProductInput!) { createProduct(shopId: $shop, input: $input) { ${PRODUCT_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: ProductUpdateInput!) { updateProduct(id: $id, input: $input) { ${PRODUCT_FIELDS} } }`;
const PRODUCT = `query($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} } }`;

const TEE = {
  title: '纯棉 T 恤',
  description: '260g 重磅',
  options: [{ name: '颜色', values: ['白', '黑'] }, { name: '尺码', values: ['M', 'L'] }],
  variants: [
    { options: [{ name: '颜色', value: '白' }, { name: '尺码', value: 'M' }], sku: 'TEE-W-M', price: 9900, compareAtPrice: 12900, stock: 5 },
    { options: [{ name: '尺码', value: 'L' }, { name: '颜色', value: '白' }], sku: 'TEE-W-L', price: 9900, stock: 0 },
    { options: [{ name: '颜色', value: '黑' }, { name: '尺码', value: 'M' }], price: 10900, stock: 3 },
  ],
};

describe('products', async () => {
  const t = await startShop();
  afterAll(() => t.close());
  const brand = await t.person('greenleaf', 'brand');
  const rival = await t.person('rival', 'brand');
  const alice = await t.person('alice');
  const admin = await t.person('boss', 'admin');
  const shop = await t.shop(brand, 'greenleaf');
  const rivalShop = await t.shop(rival, 'rival');
  const rows = async (table: string) => (await t.ctx.db.kysely().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
  const tops = expectOk(await admin.gql(`mutation { createCategory(input: { slug: "tops", name: "上衣" }) { id slug } }`)).createCategory;

  it('creates a draft with options and variants; prices are minor units in the default currency (CNY)', async () => {
    const p = expectOk(await brand.gql(CREATE, { shop, input: { ...TEE, imageIds: [brand.imageId], categoryIds: [tops.id] } })).createProduct;
    expect(p).toMatchObject({ title: '纯棉 T 恤', currency: 'CNY', status: 'DRAFT', publishedAt: null, options: TEE.options, images: [{ id: brand.imageId }], categories: [{ slug: 'tops' }] });
    expect(p.ref).toBe(`product:${localIdOf(p.id)}`);
    expect(p.url).toMatch(new RegExp(`/shop/products/${localIdOf(p.id)}$`));
    expect(p.variants.map((v: any) => [v.title, v.sku, v.price.amount, v.price.decimal, v.available, v.onHand, v.reserved])).toEqual([
      ['白 / M', 'TEE-W-M', 9900, '99.00', 5, 5, 0],
      ['白 / L', 'TEE-W-L', 9900, '99.00', 0, 0, 0],
      ['黑 / M', null, 10900, '109.00', 3, 3, 0],
    ]);
    expect(p.variants[0].options).toEqual([{ name: '颜色', value: '白' }, { name: '尺码', value: 'M' }]);
    expect(p.variants[0].price.formatted).toBe('¥99.00');
    expect(p.variants[0].compareAtPrice).toEqual({ amount: 12900 });
    expect(p.priceRange).toEqual({ min: { amount: 9900 }, max: { amount: 10900 } });
    expect(p.inStock).toBe(true);
  });

  it('a draft is NOT_FOUND to the public and other merchants until published; unpublishing hides it again', async () => {
    const p = expectOk(await brand.gql(CREATE, { shop, input: { title: 'Jasmine cold brew', currency: 'usd', variants: [{ price: 500, stock: 2 }] } })).createProduct;
    expect(p.currency).toBe('USD');
    expect(p.variants[0].price).toMatchObject({ decimal: '5.00', formatted: '$5.00' });
    for (const who of [t, alice, rival]) expectCode(await who.gql(PRODUCT, { id: p.id }), 'NOT_FOUND');
    expectCode(await alice.gql(`mutation($id: ID!) { publishProduct(id: $id) { id } }`, { id: p.id }), 'NOT_FOUND');
    const published = expectOk(await brand.gql(`mutation($id: ID!) { publishProduct(id: $id) { status publishedAt } }`, { id: p.id })).publishProduct;
    expect(published.status).toBe('PUBLISHED');
    const seen = expectOk(await t.gql(PRODUCT, { id: p.id })).product;
    expect(seen).toMatchObject({ title: 'Jasmine cold brew', status: 'PUBLISHED' });
    // Stock counts are the merchant's: the public sees what can be bought.
    expect(seen.variants[0]).toMatchObject({ available: 2, inStock: true, onHand: null, reserved: null });
    expectCode(await alice.gql(`mutation($id: ID!) { unpublishProduct(id: $id) { id } }`, { id: p.id }), 'FORBIDDEN');
    expect(expectOk(await brand.gql(`mutation($id: ID!) { unpublishProduct(id: $id) { status } }`, { id: p.id })).unpublishProduct.status).toBe('UNPUBLISHED');
    expectCode(await t.gql(PRODUCT, { id: p.id }), 'NOT_FOUND');
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: p.id })).data?.node).toBeNull();
    expect(expectOk(await brand.gql(PRODUCT, { id: p.id })).product.status).toBe('UNPUBLISHED');
  });

  it('only the shop’s owner creates and edits its products (FORBIDDEN for others)', async () => {
    expectCode(await rival.gql(CREATE, { shop, input: { title: 'Fake', variants: [{ price: 1 }] } }), 'FORBIDDEN');
    expectCode(await alice.gql(CREATE, { shop, input: { title: 'Fake', variants: [{ price: 1 }] } }), 'FORBIDDEN');
    const p = await t.product(brand, shop);
    expectCode(await rival.gql(UPDATE, { id: p.id, input: { title: 'Mine' } }), 'FORBIDDEN');
    expectCode(await admin.gql(UPDATE, { id: p.id, input: { title: 'Mine' } }), 'FORBIDDEN');
    const edited = expectOk(await brand.gql(UPDATE, { id: p.id, input: { title: '  Kettle 2  ', description: 'Gooseneck' } })).updateProduct;
    expect(edited).toMatchObject({ title: 'Kettle 2', description: 'Gooseneck' });
  });

  it('refuses bad prices and currencies, leaving nothing stored', async () => {
    const before = [await rows('shop_products'), await rows('shop_variants')];
    const bad = async (input: Record<string, unknown>, field: string) => {
      const res = await brand.gql(CREATE, { shop, input: { title: 'Bad', variants: [{ price: 100 }], ...input } });
      expectCode(res, 'BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.field, res.errors![0]!.message).toBe(field);
    };
    await bad({ variants: [{ price: -1 }] }, 'price');
    await bad({ variants: [{ price: 100_000_001 }] }, 'price');
    await bad({ variants: [{ price: 100, compareAtPrice: -5 }] }, 'compareAtPrice');
    await bad({ variants: [{ price: 100, compareAtPrice: 100 }] }, 'compareAtPrice');
    await bad({ currency: 'ABC' }, 'currency');
    await bad({ currency: 'YUAN' }, 'currency');
    await bad({ currency: '' }, 'currency');
    await bad({ variants: [] }, 'variants');
    await bad({ title: ' ' }, 'title');
    // Beyond 32 bits GraphQL itself refuses the number.
    const huge = await brand.gql(CREATE, { shop, input: { title: 'Huge', variants: [{ price: 99_999_999_999 }] } });
    expectCode(huge, 'BAD_USER_INPUT');
    expect([await rows('shop_products'), await rows('shop_variants')]).toEqual(before);
  });

  it('refuses duplicate SKU options, unknown options and values, duplicate SKU codes, negative stock', async () => {
    const before = await rows('shop_variants');
    const opts = [{ name: 'Size', values: ['S', 'M'] }];
    const v = (value: string, extra: Record<string, unknown> = {}) => ({ options: [{ name: 'Size', value }], price: 100, ...extra });
    const refused = async (input: Record<string, unknown>, pattern: RegExp) => {
      const res = await brand.gql(CREATE, { shop, input: { title: 'Socks', options: opts, ...input } });
      expectCode(res, 'BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(pattern);
    };
    await refused({ variants: [v('S'), v('S')] }, /same options/);
    await refused({ variants: [v('XL')] }, /not a value of "Size"/);
    await refused({ variants: [{ options: [{ name: 'Colour', value: 'Red' }], price: 1 }] }, /no option "Colour"/);
    await refused({ variants: [{ price: 1 }] }, /needs a value for "Size"/);
    await refused({ variants: [v('S', { sku: 'A1' }), v('M', { sku: 'A1' })] }, /SKU code "A1"/);
    await refused({ variants: [v('S', { stock: -1 })] }, /cannot be negative/);
    await refused({ options: [{ name: 'Size', values: ['S', 'S'] }], variants: [v('S')] }, /lists a value twice/);
    await refused({ options: [{ name: 'Size', values: ['S'] }, { name: 'Size', values: ['M'] }], variants: [v('S')] }, /listed twice/);
    await refused({ options: [{ name: 'A', values: ['1'] }, { name: 'B', values: ['1'] }, { name: 'C', values: ['1'] }, { name: 'D', values: ['1'] }], variants: [] }, /at most 3 options/);
    expect(await rows('shop_variants')).toEqual(before);
  });

  it('refuses images that are not the merchant’s, and unknown categories', async () => {
    expectCode(await brand.gql(CREATE, { shop, input: { title: 'x', variants: [{ price: 1 }], imageIds: [alice.imageId] } }), 'FORBIDDEN');
    expectCode(await brand.gql(CREATE, { shop, input: { title: 'x', variants: [{ price: 1 }], imageIds: [brand.imageId, brand.imageId] } }), 'BAD_USER_INPUT');
    expectCode(await brand.gql(CREATE, { shop, input: { title: 'x', variants: [{ price: 1 }], categoryIds: [Buffer.from('Category:999').toString('base64url')] } }), 'BAD_USER_INPUT');
    expectCode(await alice.gql(`mutation { createCategory(input: { slug: "hats", name: "Hats" }) { id } }`), 'FORBIDDEN');
    expectCode(await admin.gql(`mutation { createCategory(input: { slug: "tops", name: "Again" }) { id } }`), 'CONFLICT');
  });

  it('options can change when every variant still fits; the currency only while a draft', async () => {
    // SKU codes are unique in the shop.
    const clash = await brand.gql(CREATE, { shop, input: TEE });
    expectCode(clash, 'CONFLICT');
    expect(clash.errors![0]!.message).toMatch(/SKU code "TEE-W-[ML]"/);
    const p = expectOk(await brand.gql(CREATE, { shop, input: { ...TEE, variants: TEE.variants.map((v) => ({ ...v, sku: null })) } })).createProduct;
    // Reordered options and a new value: variants keep their values by option name.
    const reordered = expectOk(await brand.gql(UPDATE, { id: p.id, input: { options: [{ name: '尺码', values: ['M', 'L', 'XL'] }, { name: '颜色', values: ['白', '黑'] }] } })).updateProduct;
    expect(reordered.variants.map((v: any) => v.title)).toEqual(['M / 白', 'L / 白', 'M / 黑']);
    // A new option would leave the variants without a value.
    expectCode(await brand.gql(UPDATE, { id: p.id, input: { options: [...TEE.options, { name: '款式', values: ['宽松'] }] } }), 'BAD_USER_INPUT');
    // Dropping a value a variant uses.
    expectCode(await brand.gql(UPDATE, { id: p.id, input: { options: [{ name: '颜色', values: ['白'] }, { name: '尺码', values: ['M', 'L'] }] } }), 'BAD_USER_INPUT');
    expect(expectOk(await brand.gql(UPDATE, { id: p.id, input: { currency: 'JPY' } })).updateProduct.currency).toBe('JPY');
    expectOk(await brand.gql(`mutation($id: ID!) { publishProduct(id: $id) { id } }`, { id: p.id }));
    expectCode(await brand.gql(UPDATE, { id: p.id, input: { currency: 'EUR' } }), 'BAD_USER_INPUT');
    expectCode(await brand.gql(UPDATE, { id: p.id, input: { currency: 'XYZ' } }), 'BAD_USER_INPUT');
  });

  it('lists a shop’s and a category’s published products newest first with cursors; drafts only for the owner', async () => {
    const fresh = await t.person('fresh', 'brand');
    const freshShop = await t.shop(fresh, 'fresh');
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await t.product(fresh, freshShop, { title: `P${i}`, categoryIds: i % 2 ? [] : [tops.id] }, i !== 2));
    const LIST = `query($h: String!, $after: String, $all: Boolean) { shop(handle: $h) { products(first: 2, after: $after, includeUnpublished: $all) { edges { node { title } } pageInfo { hasNextPage endCursor } } } }`;
    const titles: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = expectOk(await t.gql(LIST, { h: 'fresh', after })).shop.products;
      titles.push(...page.edges.map((e: any) => e.node.title));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(titles).toEqual(['P4', 'P3', 'P1', 'P0']);
    expectCode(await t.gql(LIST, { h: 'fresh', all: true }), 'FORBIDDEN');
    const all = expectOk(await fresh.gql(`{ shop(handle: "fresh") { products(first: 10, includeUnpublished: true) { edges { node { title status } } } } }`)).shop.products.edges;
    expect(all.map((e: any) => e.node.title)).toEqual(['P4', 'P3', 'P2', 'P1', 'P0']);
    const cat = expectOk(await t.gql(`{ category(slug: "tops") { name products(first: 10) { edges { node { title } } } } }`)).category;
    expect(cat.products.edges.map((e: any) => e.node.title)).toEqual(expect.arrayContaining(['P4', 'P0']));
    expect(cat.products.edges.map((e: any) => e.node.title)).not.toContain('P2');
    // A cursor of one list is refused by another.
    const cursor = expectOk(await t.gql(LIST, { h: 'fresh' })).shop.products.pageInfo.endCursor;
    expectCode(await t.gql(`query($a: String) { category(slug: "tops") { products(first: 2, after: $a) { edges { cursor } } } }`, { a: cursor }), 'BAD_USER_INPUT');
    expect(made).toHaveLength(5);
    expectCode(await t.gql(`query { shop(handle: "rival") { products(first: 101) { edges { cursor } } } }`), 'BAD_USER_INPUT');
    expect(rivalShop).toBeTruthy();
  });

  it('admins set the default currency and the price limit; a wrong currency setting is refused', async () => {
    const SETTINGS = `mutation($s: JSON!) { updatePluginSettings(plugin: "shop", settings: $s) { name } }`;
    expectCode(await admin.gql(SETTINGS, { s: { defaultCurrency: 'XYZ' } }), 'BAD_USER_INPUT');
    expectCode(await brand.gql(SETTINGS, { s: { defaultCurrency: 'USD' } }), 'FORBIDDEN');
    expectOk(await admin.gql(SETTINGS, { s: { defaultCurrency: 'JPY', maxPriceMinor: 50_000 } }));
    const yen = expectOk(await brand.gql(CREATE, { shop, input: { title: 'Sencha', variants: [{ price: 1500 }] } })).createProduct;
    expect(yen).toMatchObject({ currency: 'JPY', variants: [{ price: { amount: 1500, decimal: '1500', formatted: '¥1,500' } }] });
    expectCode(await brand.gql(CREATE, { shop, input: { title: 'Gyokuro', variants: [{ price: 50_001 }] } }), 'BAD_USER_INPUT');
    expectOk(await admin.gql(SETTINGS, { s: { defaultCurrency: 'CNY', maxPriceMinor: 100_000_000 } }));
  });

  it('node(id:) finds shops, categories, published products and their variants', async () => {
    const p = await t.product(brand, shop, { title: 'Node tea' });
    const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Product { title } ... on ProductVariant { price { amount } } ... on Shop { handle } ... on Category { slug } } }`;
    expect(expectOk(await t.gql(NODE, { id: shop })).node).toMatchObject({ __typename: 'Shop', handle: 'greenleaf' });
    expect(expectOk(await t.gql(NODE, { id: tops.id })).node).toMatchObject({ __typename: 'Category', slug: 'tops' });
    expect(expectOk(await t.gql(NODE, { id: p.id })).node).toMatchObject({ __typename: 'Product', title: 'Node tea' });
    expect(expectOk(await t.gql(NODE, { id: p.variants[0].id })).node).toMatchObject({ __typename: 'ProductVariant', price: { amount: 12800 } });
    expectOk(await brand.gql(`mutation($id: ID!) { unpublishProduct(id: $id) { id } }`, { id: p.id }));
    expect(expectOk(await t.gql(NODE, { id: p.variants[0].id })).node).toBeNull();
    expect(expectOk(await brand.gql(NODE, { id: p.variants[0].id })).node).toMatchObject({ __typename: 'ProductVariant' });
  });
});
