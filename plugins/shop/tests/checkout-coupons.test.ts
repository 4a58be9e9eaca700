// Coupons: fixed and percentage discounts with a minimum spend, a time
// window, overall and per-person limits and stacking rules; expired,
// not-yet-valid, other shops' and used-up coupons refused with their
// reason and nothing stored; the last use taken by exactly one of two
// concurrent checkouts; an unpaid order that is cancelled gives its uses back.

import { afterAll, describe, expect, it } from 'vitest';
import { expectCode, expectOk, startCheckout, stockOf, type Person } from './checkout-helpers.ts';

const CREATE = `mutation($s: ID!, $i: CouponInput!) { createCoupon(shopId: $s, input: $i) { id code kind value currency minSpend stackable usedCount disabled } }`;
const QUOTE = `query($s: ID!, $c: [String!]) { cart(shopId: $s) { quote(couponCodes: $c) { subtotal { amount } discount { amount } total { amount } coupons { code amount { amount } } } } }`;

describe('checkout: coupons', async () => {
  const t = await startCheckout();
  afterAll(() => t.close());
  const brand = await t.person('bakery', 'brand');
  const shop = await t.shop(brand, 'bakery');
  const other = await t.person('rival', 'brand');
  const otherShop = await t.shop(other, 'rival');
  const cake = await t.product(brand, shop, { title: 'Cake', variants: [{ price: 10_000, stock: 1000 }] });
  const coupon = async (input: Record<string, unknown>, owner: Person = brand, shopId = shop) => expectOk(await owner.gql(CREATE, { s: shopId, i: input })).createCoupon;
  let n = 0;
  const cartOf = async (units = 1) => {
    const buyer = await t.person(`buyer${++n}`);
    return { buyer, cart: await t.add(buyer, cake.variants[0].id, units) };
  };
  const refusal = (res: any) => [res.errors?.[0]?.extensions?.code, res.errors?.[0]?.extensions?.reason];

  it('percentage first, then fixed amounts; stackable ones combine; lines share the discount', async () => {
    await coupon({ code: 'tenoff', kind: 'PERCENTAGE', value: 10, stackable: true });
    await coupon({ code: 'LESS15', kind: 'FIXED', value: 1_500, stackable: true, minSpend: 20_000 });
    await coupon({ code: 'SOLO', kind: 'FIXED', value: 500 });
    const { buyer } = await cartOf(3);
    const quote = expectOk(await buyer.gql(QUOTE, { s: shop, c: ['less15', 'TENOFF'] })).cart.quote;
    // 30,000 − 10% (3,000) − 1,500 = 25,500
    expect(quote).toEqual({ subtotal: { amount: 30_000 }, discount: { amount: 4_500 }, total: { amount: 25_500 }, coupons: [
      { code: 'TENOFF', amount: { amount: 3_000 } }, { code: 'LESS15', amount: { amount: 1_500 } },
    ] });
    expect(refusal(await buyer.gql(QUOTE, { s: shop, c: ['SOLO', 'TENOFF'] }))).toEqual(['BAD_USER_INPUT', 'COUPON_NOT_STACKABLE']);
    expect(refusal(await buyer.gql(QUOTE, { s: shop, c: ['SOLO', 'solo'] }))).toEqual(['BAD_USER_INPUT', 'COUPON_REPEATED']);

    const two = await t.product(brand, shop, { title: 'Bread', variants: [{ price: 333, stock: 100 }] });
    const cart = await t.add(buyer, two.variants[0].id, 1);
    const order = expectOk(await t.checkout(buyer, cart.id, { couponCodes: ['TENOFF', 'LESS15'] })).checkout.order;
    // 30,333 − 3,033 − 1,500 = 25,800; 4,533 shared 30,000 : 333 → 4,483.16 + 49.76 → 4,483 + 50.
    expect(order).toMatchObject({ subtotal: { amount: 30_333 }, discount: { amount: 4_533 }, total: { amount: 25_800 } });
    expect(order.lines.map((l: any) => l.discount.amount)).toEqual([4_483, 50]);
    expect(order.coupons).toEqual([{ code: 'LESS15', amount: { amount: 1_500 } }, { code: 'TENOFF', amount: { amount: 3_033 } }]);
  });

  it('refuses a spend under the minimum, another shop’s coupon, one not started, expired or disabled — and stores nothing', async () => {
    const hour = 3_600_000;
    await coupon({ code: 'BIGSPEND', kind: 'FIXED', value: 1_000, minSpend: 50_000 });
    await coupon({ code: 'RIVAL', kind: 'PERCENTAGE', value: 50 }, other, otherShop);
    await coupon({ code: 'SOON', kind: 'PERCENTAGE', value: 5, startsAt: new Date(Date.now() + hour).toISOString() });
    await coupon({ code: 'GONE', kind: 'PERCENTAGE', value: 5, startsAt: new Date(Date.now() - 2 * hour).toISOString(), endsAt: new Date(Date.now() - hour).toISOString() });
    const off = await coupon({ code: 'PAUSED', kind: 'PERCENTAGE', value: 5 });
    expect(expectOk(await brand.gql(`mutation($id: ID!) { disableCoupon(id: $id) { disabled } }`, { id: off.id })).disableCoupon.disabled).toBe(true);
    await coupon({ code: 'DOLLAR', kind: 'FIXED', value: 100, currency: 'USD' });
    const { buyer, cart } = await cartOf(1);
    const before = await stockOf(t, cake.variants[0].id);
    const cases: [string, string][] = [
      ['BIGSPEND', 'COUPON_MIN_SPEND'], ['RIVAL', 'COUPON_UNKNOWN'], ['NOPE', 'COUPON_UNKNOWN'], ['SOON', 'COUPON_NOT_STARTED'],
      ['GONE', 'COUPON_EXPIRED'], ['PAUSED', 'COUPON_UNKNOWN'], ['DOLLAR', 'COUPON_CURRENCY'],
    ];
    for (const [code, reason] of cases) expect([code, ...refusal(await t.checkout(buyer, cart.id, { couponCodes: [code] }))]).toEqual([code, 'BAD_USER_INPUT', reason]);
    expect(await stockOf(t, cake.variants[0].id)).toEqual(before);
    expect(expectOk(await buyer.gql(`{ myOrders { edges { node { id } } } }`)).myOrders.edges).toEqual([]);
    // The merchant's own mistakes are refused too.
    for (const input of [{ code: 'x', kind: 'FIXED', value: 1 }, { code: 'HALFPLUS', kind: 'PERCENTAGE', value: 101 }, { code: 'NEGATIVE', kind: 'FIXED', value: -1 },
      { code: 'BACKWARDS', kind: 'PERCENTAGE', value: 5, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() - hour).toISOString() }]) {
      expectCode(await brand.gql(CREATE, { s: shop, i: input }), 'BAD_USER_INPUT');
    }
    expectCode(await brand.gql(CREATE, { s: shop, i: { code: 'bigspend', kind: 'FIXED', value: 1 } }), 'CONFLICT');
    expectCode(await buyer.gql(CREATE, { s: shop, i: { code: 'MINE', kind: 'FIXED', value: 1 } }), 'FORBIDDEN');
    expectCode(await buyer.gql(`query($h: String!) { shop(handle: $h) { coupons { code } } }`, { h: 'bakery' }), 'FORBIDDEN');
  });

  it('per-person limit: a second order by the same buyer is refused; a cancelled unpaid order gives the use back', async () => {
    await coupon({ code: 'WELCOME', kind: 'FIXED', value: 2_000, perPersonLimit: 1 });
    const { buyer, cart } = await cartOf(1);
    const first = expectOk(await t.checkout(buyer, cart.id, { couponCodes: ['WELCOME'] })).checkout.order;
    expect(first.total.amount).toBe(8_000);
    const again = await t.add(buyer, cake.variants[0].id, 1);
    expect(refusal(await t.checkout(buyer, again.id, { couponCodes: ['WELCOME'] }))).toEqual(['BAD_USER_INPUT', 'COUPON_LIMIT_REACHED']);
    expectOk(await buyer.gql(`mutation($id: ID!) { cancelOrder(id: $id) { status } }`, { id: first.id }));
    expect(expectOk(await t.checkout(buyer, again.id, { couponCodes: ['WELCOME'] })).checkout.order.total.amount).toBe(8_000);
    // Someone else still may.
    const { buyer: next, cart: theirs } = await cartOf(1);
    expect(expectOk(await t.checkout(next, theirs.id, { couponCodes: ['WELCOME'] })).checkout.order.total.amount).toBe(8_000);
  });

  it('overall limit: of two buyers checking out the last use at once, exactly one gets it', async () => {
    await coupon({ code: 'LASTONE', kind: 'PERCENTAGE', value: 20, usageLimit: 1 });
    const a = await cartOf(1);
    const b = await cartOf(1);
    const results = await Promise.all([a, b].map(({ buyer, cart }) => t.checkout(buyer, cart.id, { couponCodes: ['LASTONE'] })));
    const won = results.filter((r) => !r.errors);
    expect(won).toHaveLength(1);
    expect(won[0]!.data.checkout.order.total.amount).toBe(8_000);
    expect(refusal(results.find((r) => r.errors))).toEqual(['BAD_USER_INPUT', 'COUPON_USED_UP']);
    const listed = expectOk(await brand.gql(`query($h: String!) { shop(handle: $h) { coupons { code usedCount } } }`, { h: 'bakery' })).shop.coupons;
    expect(listed.find((c: any) => c.code === 'LASTONE').usedCount).toBe(1);
    // The loser's cart is untouched and can check out without it.
    const loser = [a, b][results.indexOf(results.find((r) => r.errors)!)]!;
    expect(expectOk(await t.checkout(loser.buyer, loser.cart.id)).checkout.order.total.amount).toBe(10_000);
  });

  it('a coupon that covers everything makes an order of total 0, paid at once without a payment', async () => {
    await coupon({ code: 'GIFT', kind: 'PERCENTAGE', value: 100 });
    const { buyer, cart } = await cartOf(2);
    const placed = expectOk(await t.checkout(buyer, cart.id, { couponCodes: ['GIFT'] })).checkout;
    expect(placed.nextAction).toBeNull();
    expect(placed.order).toMatchObject({ status: 'PAID', total: { amount: 0 }, payment: null });
  });
});
