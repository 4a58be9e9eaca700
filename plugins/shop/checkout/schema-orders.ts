// Checkout's GraphQL, part two: orders and their lines, sales per note and
// creator, the checkout input and result, and the queries and mutations
// (joined with schema.ts into checkoutTypeDefs).

export const ordersTypeDefs = /* GraphQL */ `
  type OrderLine {
    id: ID!
    "Null when the product is no longer readable to the viewer."
    product: Product
    productId: ID!
    variantId: ID!
    title: String!
    variantTitle: String!
    sku: String
    unitPrice: Money!
    quantity: Int!
    lineTotal: Money!
    "This line's share of the coupons."
    discount: Money!
    "The note the sale is attributed to and its creator (null when none)."
    noteId: ID
    note: Note
    creator: Account
  }

  type Order implements Node {
    id: ID!
    shop: Shop!
    buyer: Account
    status: OrderStatus!
    currency: String!
    lines: [OrderLine!]!
    subtotal: Money!
    discount: Money!
    shipping: Money!
    total: Money!
    refundedAmount: Money!
    coupons: [AppliedCoupon!]!
    address: OrderAddress!
    shippingOption: String
    payment: Payment
    "Until when the stock is held for payment (pending orders)."
    paymentDeadline: DateTime
    trackingNumber: String
    carrier: String
    "BUYER, MERCHANT, EXPIRED, PAYMENT_FAILED, PAYMENT_CANCELLED or PAYMENT_NOT_STARTED."
    cancelReason: String
    createdAt: DateTime!
    paidAt: DateTime
    shippedAt: DateTime
    deliveredAt: DateTime
    completedAt: DateTime
    cancelledAt: DateTime
  }

  type OrderEdge {
    cursor: String!
    node: Order!
  }

  type OrderConnection {
    edges: [OrderEdge!]!
    pageInfo: PageInfo!
  }

  type NoteSales {
    noteId: ID!
    "Null when the viewer cannot read the note."
    note: Note
    creator: Account
    orders: Int!
    units: Int!
    revenue: Money!
  }

  type CreatorSales {
    creator: Account
    orders: Int!
    units: Int!
    revenue: Money!
  }

  "Sales of paid orders attributed to notes (revenue: what was paid for the lines, without shipping)."
  type ShopSales {
    byNote: [NoteSales!]!
    byCreator: [CreatorSales!]!
  }

  input AddToCartInput {
    variantId: ID!
    quantity: Int!
    "The note the buyer came from."
    noteId: ID
  }

  input CheckoutInput {
    cartId: ID!
    "A saved address of the buyer, or address."
    addressId: ID
    address: AddressInput
    "Required when the shop offers shipping options."
    shippingOptionId: ID
    couponCodes: [String!] = []
    "A payment provider's name (paymentProviders)."
    paymentProvider: String!
    returnUrl: String
    "A fresh key per checkout, reused on retries: a retry gets the same order; the same key with another cart is CONFLICT."
    idempotencyKey: String!
  }

  type CheckoutResult {
    order: Order!
    "Null for an order of total 0 (paid at once)."
    payment: Payment
    "Where the buyer goes to pay."
    nextAction: PaymentNextAction
    "True when this is the stored answer to an earlier request with the same key."
    replayed: Boolean!
  }

  extend type Shop {
    "The shipping options buyers pick from."
    shippingOptions: [ShippingOption!]!
    "The shop's managers only."
    coupons: [Coupon!]!
    "The shop's managers only; newest first."
    orders(status: OrderStatus, first: Int = 20, after: String): OrderConnection!
    "The shop's managers only."
    sales(since: DateTime, until: DateTime): ShopSales!
  }

  extend type Query {
    "The viewer's open cart at a shop (null when none)."
    cart(shopId: ID!): Cart
    "The viewer's open carts, most recently changed first."
    myCarts: [Cart!]!
    myAddresses: [Address!]!
    "The viewer's orders, newest first."
    myOrders(first: Int = 20, after: String): OrderConnection!
    "An order: its buyer and the shop's managers (null for others)."
    order(id: ID!): Order
  }

  extend type Mutation {
    addToCart(input: AddToCartInput!): Cart!
    "Sets a line's quantity; 0 removes it."
    setCartLineQuantity(lineId: ID!, quantity: Int!): Cart!
    removeCartLine(lineId: ID!): Cart!
    "Adds an address, or replaces the viewer's address id."
    saveAddress(id: ID, input: AddressInput!): Address!
    deleteAddress(id: ID!): Boolean!
    "Places an order for the cart: prices it, holds the stock and starts the payment."
    checkout(input: CheckoutInput!): CheckoutResult!
    "The buyer or the shop cancels an unpaid order (its stock goes back)."
    cancelOrder(id: ID!): Order!
    "The buyer received a delivered order."
    confirmOrderReceived(id: ID!): Order!
    createShippingOption(shopId: ID!, input: ShippingOptionInput!): ShippingOption!
    archiveShippingOption(id: ID!): Boolean!
    createCoupon(shopId: ID!, input: CouponInput!): Coupon!
    disableCoupon(id: ID!): Coupon!
    "The shop ships a paid order."
    shipOrder(id: ID!, trackingNumber: String!, carrier: String): Order!
    markOrderDelivered(id: ID!): Order!
    """
    The shop refunds part or all of a paid order through its payment. More than what may still be
    refunded is BAD_USER_INPUT and changes nothing. Reuse the idempotencyKey on retries.
    """
    refundOrder(id: ID!, amount: Int!, reason: String, idempotencyKey: String!): Order!
  }
`;
