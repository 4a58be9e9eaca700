// Orders from cart to completion: the server prices everything (a client
// cannot even send a price or currency), the stock is held at checkout and
// leaves the shelf when the payment's webhook arrives, the shop ships with
// a tracking number and delivers, the buyer confirms; moves the state
// machine does not allow are CONFLICT; buyers see their orders, shops
// theirs, nobody else either.

import { afterAll, describe, expect, it } from 'vitest';
import { ADDRESS, expectCode, expectOk, startCheckout, stockOf } from './checkout-helpers.ts';

const SHIP = `mutation($id: ID!, $n: String!, $c: String) { shipOrder(id: $id, trackingNumber: $n, carrier: $c) { status trackingNumber carrier } }`;
const DELIVER = `mutation($id: ID!) { markOrderDelivered(id: $id) { status } }`;
const RECEIVED = `mutation($id: ID!) { confirmOrderReceived(id: $id) { status } }`;
const CANCEL = `mutation($id: ID!) { cancelOrder(id: $id) { status cancelReason } }`;

describe('checkout: orders', async () => {
  const t = await startCheckout();
  afterAll(() => t.close());
  const brand = await t.person('teahouse', 'brand');
  const buyer = await t.person('buyer');
  const stranger = await t.person('stranger');
  const shop = await t.shop(brand, 'teahouse');
  const option = expectOk(await brand.gql(`mutation($s: ID!, $i: ShippingOptionInput!) { createShippingOption(shopId: $s, input: $i) { id name price { amount currency } freeOver { amount } } }`, {
    s: shop, i: { name: 'SF Express', price: 1200, freeOver: 50_000 },
  })).createShippingOption;

  it('a checkout is priced on the server, holds the stock, and the webhook of the payment marks it paid', async () => {
    const kettle = await t.product(brand, shop, { variants: [{ price: 12_800, stock: 5 }] });
    const cups = await t.product(brand, shop, { title: 'Tea cups', options: [{ name: 'Colour', values: ['white', 'celadon'] }], variants: [
      { options: [{ name: 'Colour', value: 'white' }], price: 3_900, stock: 20 }, { options: [{ name: 'Colour', value: 'celadon' }], price: 4_500, stock: 20 },
    ] });
    await t.add(buyer, kettle.variants[0].id, 1);
    const cart = await t.add(buyer, cups.variants[1].id, 2);
    expect(cart).toMatchObject({ currency: 'CNY', lines: [{ quantity: 1, available: true, problem: null }, { quantity: 2, available: true }] });

    const quote = expectOk(await buyer.gql(`query($s: ID!, $o: ID) { cart(shopId: $s) { quote(shippingOptionId: $o) { subtotal { amount } shipping { amount } total { amount currency } } } }`, { s: shop, o: option.id })).cart.quote;
    expect(quote).toEqual({ subtotal: { amount: 21_800 }, shipping: { amount: 1_200 }, total: { amount: 23_000, currency: 'CNY' } });

    const placed = expectOk(await t.checkout(buyer, cart.id, { shippingOptionId: option.id })).checkout;
    expect(placed.replayed).toBe(false);
    expect(placed.nextAction.type).toBe('REDIRECT');
    expect(placed.order).toMatchObject({
      status: 'PENDING', currency: 'CNY', subtotal: { amount: 21_800 }, shipping: { amount: 1_200 }, total: { amount: 23_000 },
      shippingOption: 'SF Express', address: { recipient: ADDRESS.recipient, city: '上海' }, payment: { status: 'PENDING', amount: 23_000 },
      lines: [
        { title: 'Pour-over kettle', variantTitle: '', quantity: 1, unitPrice: { amount: 12_800 }, lineTotal: { amount: 12_800 } },
        { title: 'Tea cups', variantTitle: 'celadon', quantity: 2, unitPrice: { amount: 4_500 }, lineTotal: { amount: 9_000 } },
      ],
    });
    expect(Date.parse(placed.order.paymentDeadline)).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(await stockOf(t, kettle.variants[0].id)).toEqual([5, 1]);
    expect(await stockOf(t, cups.variants[1].id)).toEqual([20, 2]);
    // The cart was checked out: the shop has no open cart for the buyer any more.
    expect(expectOk(await buyer.gql(`query($s: ID!) { cart(shopId: $s) { id } }`, { s: shop })).cart).toBeNull();

    await t.payByGateway(buyer, placed.order.id);
    const paid = await t.order(buyer, placed.order.id);
    expect(paid).toMatchObject({ status: 'PAID', payment: { status: 'SUCCEEDED' }, paymentDeadline: null });
    expect(await stockOf(t, kettle.variants[0].id)).toEqual([4, 0]);
    expect(await stockOf(t, cups.variants[1].id)).toEqual([18, 0]);
  });

  it('client prices and currencies are not part of the input; a changed price is charged as it is at checkout', async () => {
    const p = await t.product(brand, shop, { title: 'Tin of tea', variants: [{ price: 6_800, stock: 5 }] });
    const tampered = await buyer.gql(`mutation($input: AddToCartInput!) { addToCart(input: $input) { id } }`, { input: { variantId: p.variants[0].id, quantity: 1, price: 1 } });
    expect(tampered.errors?.[0]?.message).toMatch(/"price" is not defined/);
    const cart = await t.add(buyer, p.variants[0].id, 3);
    const foreign = await t.checkout(buyer, cart.id, { shippingOptionId: option.id, currency: 'JPY', total: 1 });
    expect(foreign.errors?.[0]?.message).toMatch(/"currency" is not defined|"total" is not defined/);
    // The merchant raises the price while it sits in the cart: checkout charges the catalogue's price now.
    expectOk(await brand.gql(`mutation($id: ID!) { updateVariant(id: $id, input: { price: 7000 }) { id } }`, { id: p.variants[0].id }));
    const order = expectOk(await t.checkout(buyer, cart.id, { shippingOptionId: option.id })).checkout.order;
    expect(order).toMatchObject({ currency: 'CNY', subtotal: { amount: 21_000 }, shipping: { amount: 1_200 }, total: { amount: 22_200 } });
  });

  it('shipping is free over its threshold, must be picked when the shop offers it, and must be the shop’s', async () => {
    const p = await t.product(brand, shop, { title: 'Tea table', variants: [{ price: 60_000, stock: 3 }] });
    const cart = await t.add(buyer, p.variants[0].id, 1);
    expectCode(await t.checkout(buyer, cart.id), 'BAD_USER_INPUT');
    const other = await t.person('otherbrand', 'brand');
    const otherShop = await t.shop(other, 'othershop');
    const theirs = expectOk(await other.gql(`mutation($s: ID!) { createShippingOption(shopId: $s, input: { name: "Post", price: 1 }) { id } }`, { s: otherShop })).createShippingOption;
    expectCode(await t.checkout(buyer, cart.id, { shippingOptionId: theirs.id }), 'NOT_FOUND');
    expectCode(await buyer.gql(`mutation($s: ID!) { createShippingOption(shopId: $s, input: { name: "Mine", price: 0 }) { id } }`, { s: shop }), 'FORBIDDEN');
    const order = expectOk(await t.checkout(buyer, cart.id, { shippingOptionId: option.id })).checkout.order;
    expect(order).toMatchObject({ shipping: { amount: 0 }, total: { amount: 60_000 } });
  });

  it('moves through paid → shipped → delivered → completed; moves out of turn are CONFLICT', async () => {
    const p = await t.product(brand, shop, { title: 'Kettle stand', variants: [{ price: 2_000, stock: 5 }] });
    const order = expectOk(await t.checkout(buyer, (await t.add(buyer, p.variants[0].id, 1)).id, { shippingOptionId: option.id })).checkout.order;
    const unpaid = await brand.gql(SHIP, { id: order.id, n: 'SF1234567890' });
    expectCode(unpaid, 'CONFLICT');
    expect(unpaid.errors![0]!.extensions).toMatchObject({ reason: 'INVALID_TRANSITION', status: 'PENDING' });
    expectCode(await brand.gql(DELIVER, { id: order.id }), 'CONFLICT');
    expectCode(await buyer.gql(RECEIVED, { id: order.id }), 'CONFLICT');

    await t.payByGateway(buyer, order.id);
    expectCode(await buyer.gql(SHIP, { id: order.id, n: 'SF1234567890' }), 'FORBIDDEN');
    expectCode(await stranger.gql(SHIP, { id: order.id, n: 'SF1234567890' }), 'NOT_FOUND');
    expectCode(await brand.gql(SHIP, { id: order.id, n: '<script>' }), 'BAD_USER_INPUT');
    expectCode(await brand.gql(CANCEL, { id: order.id }), 'CONFLICT'); // a paid order is refunded, not cancelled
    expect(expectOk(await brand.gql(SHIP, { id: order.id, n: 'SF1234567890', c: '顺丰' })).shipOrder).toEqual({ status: 'SHIPPED', trackingNumber: 'SF1234567890', carrier: '顺丰' });
    expectCode(await brand.gql(SHIP, { id: order.id, n: 'SF0000000000' }), 'CONFLICT');
    expectCode(await buyer.gql(RECEIVED, { id: order.id }), 'CONFLICT');
    expectCode(await buyer.gql(DELIVER, { id: order.id }), 'FORBIDDEN');
    expect(expectOk(await brand.gql(DELIVER, { id: order.id })).markOrderDelivered.status).toBe('DELIVERED');
    expectCode(await brand.gql(RECEIVED, { id: order.id }), 'FORBIDDEN');
    expect(expectOk(await buyer.gql(RECEIVED, { id: order.id })).confirmOrderReceived.status).toBe('COMPLETED');
    expectCode(await brand.gql(DELIVER, { id: order.id }), 'CONFLICT');
  });

  it('the buyer or the shop cancels an unpaid order: its stock goes back and its payment is cancelled', async () => {
    const p = await t.product(brand, shop, { title: 'Tea tray', variants: [{ price: 5_000, stock: 2 }] });
    const mine = expectOk(await t.checkout(buyer, (await t.add(buyer, p.variants[0].id, 2)).id, { shippingOptionId: option.id })).checkout.order;
    expect(await stockOf(t, p.variants[0].id)).toEqual([2, 2]);
    expectCode(await stranger.gql(CANCEL, { id: mine.id }), 'NOT_FOUND');
    expect(expectOk(await buyer.gql(CANCEL, { id: mine.id })).cancelOrder).toEqual({ status: 'CANCELLED', cancelReason: 'BUYER' });
    expect(await stockOf(t, p.variants[0].id)).toEqual([2, 0]);
    expect((await t.order(buyer, mine.id)).payment.status).toBe('CANCELLED');
    expectCode(await buyer.gql(CANCEL, { id: mine.id }), 'CONFLICT');

    const theirs = expectOk(await t.checkout(buyer, (await t.add(buyer, p.variants[0].id, 1)).id, { shippingOptionId: option.id })).checkout.order;
    expect(expectOk(await brand.gql(CANCEL, { id: theirs.id })).cancelOrder).toEqual({ status: 'CANCELLED', cancelReason: 'MERCHANT' });
    expect(await stockOf(t, p.variants[0].id)).toEqual([2, 0]);
  });

  it('buyers see their own orders, shops theirs, and nobody else either', async () => {
    const mine = expectOk(await buyer.gql(`{ myOrders(first: 50) { edges { node { id status shop { handle } } } } }`)).myOrders.edges;
    expect(mine.length).toBeGreaterThanOrEqual(5);
    expect(mine.every((e: any) => e.node.shop.handle === 'teahouse')).toBe(true);
    expect(expectOk(await stranger.gql(`{ myOrders { edges { node { id } } } }`)).myOrders.edges).toEqual([]);
    const someOrder = mine[0].node.id;
    expect(expectOk(await stranger.gql(`query($id: ID!) { order(id: $id) { id } }`, { id: someOrder })).order).toBeNull();
    expect(expectOk(await stranger.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: someOrder })).node).toBeNull();
    expect(expectOk(await brand.gql(`query($id: ID!) { node(id: $id) { ... on Order { id buyer { handle } } } }`, { id: someOrder })).node.buyer.handle).toBe('buyer');

    const ORDERS = `query($h: String!, $s: OrderStatus) { shop(handle: $h) { orders(status: $s, first: 50) { edges { node { id status } } } } }`;
    const cancelled = expectOk(await brand.gql(ORDERS, { h: 'teahouse', s: 'CANCELLED' })).shop.orders.edges;
    expect(cancelled).toHaveLength(2);
    expectCode(await buyer.gql(ORDERS, { h: 'teahouse' }), 'FORBIDDEN');
    expectCode(await t.meadow.gql(`{ myOrders { edges { node { id } } } }`), 'UNAUTHENTICATED');
  });
});
