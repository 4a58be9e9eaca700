// Test helpers for the reviews suites: on a checkout test instance, a
// brand's shop with a product, and real orders taken to a state — paid by
// hand through the manual provider (an admin marks the payment paid), shipped
// and delivered by the shop, completed by the buyer, refunded in full.

import type { PluginDefinition } from '../../../core/index.ts';
import { expectOk, startCheckout, type CheckoutTestInstance, type GqlResult, type Person } from './checkout-helpers.ts';

export { expectCode, expectOk, localIdOf, type GqlResult, type Person } from './checkout-helpers.ts';

export const REVIEW_FIELDS = 'id stars text verifiedPurchase buyer { handle } note { id } product { id } createdAt updatedAt';
export const RATE = `mutation($p: ID!, $s: Int!, $t: String, $n: ID) { rateProduct(productId: $p, stars: $s, text: $t, noteId: $n) { ${REVIEW_FIELDS} } }`;
export const RATING = `query($id: ID!) { product: node(id: $id) { ... on Product {
  rating { average count distribution { stars count } } viewerCanRate viewerReview { stars text }
  reviews(first: 20) { edges { node { ${REVIEW_FIELDS} } } } } } }`;

export type OrderState = 'paid' | 'delivered' | 'completed' | 'refunded';

export interface ReviewsTestInstance extends CheckoutTestInstance {
  brand: Person;
  admin: Person;
  shopId: string;
  /** A published product of the brand's shop (price 10000, stock 100). */
  product: CheckoutTestInstance['product'];
  /** An order of one unit of `product` by `buyer`, taken to `state` (refunded: after delivery); the order's global id. */
  buy(buyer: Person, product: any, state: OrderState, noteId?: string | null): Promise<string>;
  /** Refunds a paid order in full (it becomes REFUNDED). */
  refund(orderId: string): Promise<void>;
  /** GraphQL as a signed-out visitor. */
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  /** Product.rating, viewerCanRate, viewerReview and reviews as `viewer` (signed out when none) sees them. */
  ratingOf(productId: string, viewer?: Person): Promise<any>;
}

export async function startReviews(plugins: PluginDefinition[] = []): Promise<ReviewsTestInstance> {
  const t = await startCheckout({}, plugins);
  const brand = await t.person('teahouse', 'brand');
  const admin = await t.person('staffer', 'admin');
  const shopId = await t.shop(brand, 'teahouse');
  const anonymous = async (query: string, variables?: Record<string, unknown>) => (await t.meadow.app.inject({
    method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query, variables },
  })).json() as GqlResult;
  let keys = 0;
  const refund = async (orderId: string) => {
    const total = (await t.order(brand, orderId)).total.amount;
    expectOk(await brand.gql(`mutation($id: ID!, $a: Int!, $k: String!) { refundOrder(id: $id, amount: $a, idempotencyKey: $k) { status } }`, { id: orderId, a: total, k: `refund-${++keys}` }));
    await t.settle();
  };
  const buy = async (buyer: Person, product: any, state: OrderState, noteId: string | null = null) => {
    const cart = await t.add(buyer, product.variants[0].id, 1, noteId);
    const placed = expectOk(await t.checkout(buyer, cart.id, { paymentProvider: 'manual' })).checkout.order;
    expectOk(await admin.gql(`mutation($id: ID!) { markPaymentPaid(paymentId: $id) { status } }`, { id: placed.payment.id }));
    await t.settle();
    if (state !== 'paid') {
      expectOk(await brand.gql(`mutation($id: ID!) { shipOrder(id: $id, trackingNumber: "SF100200300") { status } }`, { id: placed.id }));
      expectOk(await brand.gql(`mutation($id: ID!) { markOrderDelivered(id: $id) { status } }`, { id: placed.id }));
    }
    if (state === 'completed') expectOk(await buyer.gql(`mutation($id: ID!) { confirmOrderReceived(id: $id) { status } }`, { id: placed.id }));
    await t.settle();
    if (state === 'refunded') await refund(placed.id);
    return placed.id as string;
  };
  return {
    ...t,
    brand, admin, shopId,
    product: (owner, shop, input = {}) => t.product(owner, shop, { variants: [{ price: 10_000, stock: 100 }], ...input }),
    buy,
    refund,
    gql: anonymous,
    async ratingOf(productId, viewer) {
      return expectOk(await (viewer ?? { gql: anonymous }).gql(RATING, { id: productId })).product;
    },
  };
}
