// Checkout's GraphQL: the buyer's carts, addresses, checkout and orders;
// a shop's shipping options, coupons, orders, fulfilment, refunds and sales
// per note and creator. Amounts are Money (minor units); no input carries a
// price or a currency of what is bought: the server prices everything.
// This file: states, addresses, shipping options, coupons and carts;
// schema-orders.ts: orders, sales, checkout and the operations.

import { ordersTypeDefs } from './schema-orders.ts';

const cartTypeDefs = /* GraphQL */ `
  enum OrderStatus {
    "Placed; the stock is held until paymentDeadline."
    PENDING
    PAID
    SHIPPED
    DELIVERED
    "The buyer confirmed receipt."
    COMPLETED
    "Not paid in time, or cancelled before payment (its stock went back)."
    CANCELLED
    "Refunded in full (partial refunds keep the state and add up in refundedAmount)."
    REFUNDED
  }

  enum CartLineProblem {
    "The product was taken down."
    UNPUBLISHED
    "The merchant removed this variant."
    REMOVED
    OUT_OF_STOCK
    "Fewer units are left than the line asks for."
    NOT_ENOUGH_STOCK
  }

  enum CouponKind {
    "value is an amount in minor units of currency."
    FIXED
    "value is percent off (1–100)."
    PERCENTAGE
  }

  type Address {
    id: ID!
    recipient: String!
    phone: String!
    "ISO 3166-1 alpha-2, e.g. CN."
    country: String!
    region: String!
    city: String!
    line1: String!
    line2: String!
    postalCode: String!
  }

  "The address an order ships to (a copy made when it was placed)."
  type OrderAddress {
    recipient: String!
    phone: String!
    country: String!
    region: String!
    city: String!
    line1: String!
    line2: String!
    postalCode: String!
  }

  input AddressInput {
    recipient: String!
    phone: String!
    country: String!
    region: String = ""
    city: String!
    line1: String!
    line2: String = ""
    postalCode: String = ""
  }

  type ShippingOption {
    id: ID!
    name: String!
    price: Money!
    "Free when the goods (after coupons) come to at least this."
    freeOver: Money
  }

  input ShippingOptionInput {
    name: String!
    "Minor units."
    price: Int!
    "ISO 4217; the shop plugin's defaultCurrency when left out."
    currency: String
    freeOver: Int
  }

  type Coupon {
    id: ID!
    code: String!
    kind: CouponKind!
    value: Int!
    "For FIXED coupons."
    currency: String
    minSpend: Int!
    startsAt: DateTime
    endsAt: DateTime
    usageLimit: Int
    perPersonLimit: Int
    stackable: Boolean!
    "Uses by orders that were not cancelled."
    usedCount: Int!
    disabled: Boolean!
  }

  input CouponInput {
    "3–40 letters, digits, - and _ (stored upper case)."
    code: String!
    kind: CouponKind!
    value: Int!
    currency: String
    minSpend: Int = 0
    startsAt: DateTime
    endsAt: DateTime
    usageLimit: Int
    perPersonLimit: Int
    "Whether it may be combined with other stackable coupons."
    stackable: Boolean = false
  }

  type CartLine {
    id: ID!
    product: Product
    variant: ProductVariant
    quantity: Int!
    "The current price of one unit (checkout charges the price at that moment)."
    unitPrice: Money
    "The note the buyer came from (its creator is credited with the sale)."
    note: Note
    "Whether it can be bought as it is now; problem says why not."
    available: Boolean!
    problem: CartLineProblem
  }

  type AppliedCoupon {
    code: String!
    amount: Money!
  }

  "Totals as the server computes them."
  type CheckoutQuote {
    subtotal: Money!
    discount: Money!
    shipping: Money!
    total: Money!
    coupons: [AppliedCoupon!]!
  }

  "A buyer's cart at one shop, in one currency."
  type Cart {
    id: ID!
    shop: Shop!
    "Null while empty."
    currency: String
    lines: [CartLine!]!
    "Whether it was checked out (its order is order)."
    checkedOut: Boolean!
    order: Order
    "What checkout would charge now; errors say what stands in the way (coupons, shipping, stock)."
    quote(shippingOptionId: ID, couponCodes: [String!] = []): CheckoutQuote!
  }
`;

export const checkoutTypeDefs = `${cartTypeDefs}\n${ordersTypeDefs}`;
