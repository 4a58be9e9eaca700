// Carts and addresses: quantities out of range, currencies that do not mix,
// products taken down or variants removed while they sit in a cart (the
// cart says so, checkout refuses with a clear error and stores nothing),
// the note a line came from, and the address book's rules.

import { afterAll, describe, expect, it } from 'vitest';
import { ADDRESS, expectCode, expectOk, startCheckout, stockOf } from './checkout-helpers.ts';

const CART = `query($s: ID!) { cart(shopId: $s) { id currency checkedOut lines { id quantity available problem unitPrice { amount } product { title } variant { id } note { id } } } }`;
const SET = `mutation($id: ID!, $q: Int!) { setCartLineQuantity(lineId: $id, quantity: $q) { currency lines { id quantity } } }`;
const ADD = `mutation($input: AddToCartInput!) { addToCart(input: $input) { id currency lines { quantity } } }`;

describe('checkout: carts and addresses', async () => {
  const t = await startCheckout();
  afterAll(() => t.close());
  const brand = await t.person('ceramics', 'brand');
  const buyer = await t.person('buyer');
  const shop = await t.shop(brand, 'ceramics');

  it('refuses negative, zero, fractional and huge quantities, and more units than a line holds', async () => {
    const p = await t.product(brand, shop, { title: 'Bowl', variants: [{ price: 900, stock: 500 }] });
    const v = p.variants[0].id;
    for (const quantity of [-1, 0, 100, 2_147_483_647]) expectCode(await buyer.gql(ADD, { input: { variantId: v, quantity } }), 'BAD_USER_INPUT');
    // Past a 32-bit Int and fractions never reach the resolver (GraphQL refuses them).
    for (const quantity of [2 ** 40, 1.5]) expect((await buyer.gql(ADD, { input: { variantId: v, quantity } })).errors?.[0]?.message).toMatch(/Int/);
    expect(expectOk(await buyer.gql(CART, { s: shop })).cart).toBeNull();
    const cart = await t.add(buyer, v, 60);
    expectCode(await buyer.gql(ADD, { input: { variantId: v, quantity: 40 } }), 'BAD_USER_INPUT'); // 100 in one line
    expect(expectOk(await buyer.gql(ADD, { input: { variantId: v, quantity: 39 } })).addToCart.lines).toEqual([{ quantity: 99 }]);
    const line = cart.lines[0].id;
    expectCode(await buyer.gql(SET, { id: line, q: -5 }), 'BAD_USER_INPUT');
    expectCode(await buyer.gql(SET, { id: line, q: 1000 }), 'BAD_USER_INPUT');
    const stranger = await t.person('stranger');
    expectCode(await stranger.gql(SET, { id: line, q: 1 }), 'NOT_FOUND');
    expect(expectOk(await buyer.gql(SET, { id: line, q: 2 })).setCartLineQuantity.lines).toEqual([{ id: line, quantity: 2 }]);
    // 0 removes the line; an emptied cart takes any currency again.
    expect(expectOk(await buyer.gql(SET, { id: line, q: 0 })).setCartLineQuantity).toEqual({ currency: null, lines: [] });
    expectCode(await buyer.gql(ADD, { input: { variantId: 'UHJvZHVjdFZhcmlhbnQ6OTk5OTk', quantity: 1 } }), 'NOT_FOUND');
  });

  it('one currency per cart: a product in another currency is refused with both named', async () => {
    const yuan = await t.product(brand, shop, { title: 'Vase', variants: [{ price: 9_900, stock: 5 }] });
    const dollars = await t.product(brand, shop, { title: 'Export vase', currency: 'USD', variants: [{ price: 2_500, stock: 5 }] });
    const traveller = await t.person('traveller');
    const cart = await t.add(traveller, yuan.variants[0].id, 1);
    expect(cart.currency).toBe('CNY');
    const mixed = await traveller.gql(ADD, { input: { variantId: dollars.variants[0].id, quantity: 1 } });
    expectCode(mixed, 'BAD_USER_INPUT');
    expect(mixed.errors![0]!.extensions).toMatchObject({ reason: 'CURRENCY_MISMATCH', cartCurrency: 'CNY', currency: 'USD' });
    expect(expectOk(await traveller.gql(CART, { s: shop })).cart.lines).toHaveLength(1);
    expectOk(await traveller.gql(`mutation($id: ID!) { removeCartLine(lineId: $id) { id } }`, { id: cart.lines[0].id }));
    expect((await t.add(traveller, dollars.variants[0].id, 1)).currency).toBe('USD');
  });

  it('a product taken down or a variant removed while in the cart: the cart shows it, checkout refuses and holds nothing', async () => {
    const mug = await t.product(brand, shop, { title: 'Mug', options: [{ name: 'Size', values: ['S', 'L'] }], variants: [
      { options: [{ name: 'Size', value: 'S' }], price: 1_500, stock: 5 }, { options: [{ name: 'Size', value: 'L' }], price: 1_800, stock: 5 },
    ] });
    const plate = await t.product(brand, shop, { title: 'Plate', variants: [{ price: 2_000, stock: 5 }] });
    const other = await t.person('other');
    await t.add(other, mug.variants[1].id, 1);
    await t.add(other, plate.variants[0].id, 2);
    const cart = await t.add(other, mug.variants[0].id, 1);

    expectOk(await brand.gql(`mutation($id: ID!) { unpublishProduct(id: $id) { id } }`, { id: plate.id }));
    expectOk(await brand.gql(`mutation($id: ID!) { removeVariant(id: $id) { id } }`, { id: mug.variants[1].id }));
    const seen = expectOk(await other.gql(CART, { s: shop })).cart;
    expect(seen.lines.map((l: any) => [l.available, l.problem, l.product?.title ?? null, !!l.variant])).toEqual([
      [false, 'REMOVED', 'Mug', false], [false, 'UNPUBLISHED', null, false], [true, null, 'Mug', true],
    ]);
    const refused = await t.checkout(other, cart.id);
    expectCode(refused, 'BAD_USER_INPUT');
    expect(refused.errors![0]!.extensions!.reason).toBe('UNAVAILABLE');
    expect(refused.errors![0]!.message).toMatch(/no longer on sale/);
    expect(await stockOf(t, mug.variants[0].id)).toEqual([5, 0]);
    expect(expectOk(await other.gql(CART, { s: shop })).cart.checkedOut).toBe(false);
    expect(expectOk(await other.gql(`{ myOrders { edges { node { id } } } }`)).myOrders.edges).toEqual([]);

    // Removing what is gone lets the rest through.
    for (const line of seen.lines.slice(0, 2)) expectOk(await other.gql(`mutation($id: ID!) { removeCartLine(lineId: $id) { id } }`, { id: line.id }));
    expect(expectOk(await t.checkout(other, cart.id)).checkout.order.total.amount).toBe(1_500);
    // Sold out while in the cart: the cart says so and checkout is CONFLICT OUT_OF_STOCK.
    const late = await t.person('late');
    const lateCart = await t.add(late, mug.variants[0].id, 5);
    expect(expectOk(await late.gql(CART, { s: shop })).cart.lines[0].problem).toBe('NOT_ENOUGH_STOCK');
    const short = await t.checkout(late, lateCart.id);
    expectCode(short, 'CONFLICT');
    expect(short.errors![0]!.extensions).toMatchObject({ reason: 'OUT_OF_STOCK', available: 4 });
  });

  it('a line remembers the note the buyer came from; a note that does not show the product is refused', async () => {
    const creator = await t.person('creator');
    const p = await t.product(brand, shop, { title: 'Teapot', variants: [{ price: 30_000, stock: 5 }] });
    const unrelated = await t.note(creator);
    const note = await t.note(creator, { blocks: [{ kind: 'tutorial', steps: [{ text: 'Warm the pot first', productRef: `product:${Buffer.from(p.id, 'base64').toString().split(':')[1]}` }] }] });
    const fan = await t.person('fan');
    const wrong = await fan.gql(ADD, { input: { variantId: p.variants[0].id, quantity: 1, noteId: unrelated } });
    expectCode(wrong, 'BAD_USER_INPUT');
    expect(wrong.errors![0]!.extensions!.reason).toBe('NOTE_NOT_LINKED');
    await t.add(fan, p.variants[0].id, 1, note);
    expect(expectOk(await fan.gql(CART, { s: shop })).cart.lines[0].note.id).toBe(note);
  });

  it('keeps an address book; bad addresses are refused field by field; checkout needs an address', async () => {
    const SAVE = `mutation($id: ID, $a: AddressInput!) { saveAddress(id: $id, input: $a) { id recipient country postalCode } }`;
    const saved = expectOk(await buyer.gql(SAVE, { a: ADDRESS })).saveAddress;
    expect(saved).toMatchObject({ recipient: ADDRESS.recipient, country: 'CN', postalCode: '200040' });
    for (const [field, value] of [['country', 'XX'], ['phone', 'call me'], ['recipient', '  '], ['line1', 'x'.repeat(201)], ['postalCode', '<b>']] as const) {
      const res = await buyer.gql(SAVE, { a: { ...ADDRESS, [field]: value } });
      expectCode(res, 'BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.field).toBe(field);
    }
    const stranger = await t.person('nosy');
    expectCode(await stranger.gql(SAVE, { id: saved.id, a: ADDRESS }), 'NOT_FOUND');
    expect(expectOk(await buyer.gql(SAVE, { id: saved.id, a: { ...ADDRESS, country: 'us' } })).saveAddress.country).toBe('US');
    expect(expectOk(await stranger.gql(`{ myAddresses { id } }`)).myAddresses).toEqual([]);

    const p = await t.product(brand, shop, { title: 'Saucer', variants: [{ price: 500, stock: 5 }] });
    const cart = await t.add(buyer, p.variants[0].id, 1);
    expectCode(await t.checkout(buyer, cart.id, { address: null }), 'BAD_USER_INPUT');
    expectCode(await t.checkout(buyer, cart.id, { addressId: saved.id }), 'BAD_USER_INPUT'); // both given
    expectCode(await t.checkout(stranger, cart.id, { address: null, addressId: saved.id }), 'NOT_FOUND');
    const order = expectOk(await t.checkout(buyer, cart.id, { address: null, addressId: saved.id })).checkout.order;
    // The order keeps a copy: deleting the address later changes nothing.
    expectOk(await buyer.gql(`mutation($id: ID!) { deleteAddress(id: $id) }`, { id: saved.id }));
    expect((await t.order(buyer, order.id)).address).toEqual({ recipient: ADDRESS.recipient, city: '上海' });
  });
});
