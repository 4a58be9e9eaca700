// The flash-sale module's GraphQL: a sale's public face (price, units left,
// window, status), a product's current sale, the merchant's mutations and
// buying. No input carries the price of what is bought but the merchant's
// own sale price; buying names the sale and a quantity only.

export const flashTypeDefs = /* GraphQL */ `
  enum FlashSaleStatus {
    "Announced; buying opens at startsAt."
    UPCOMING
    RUNNING
    "Running, but every unit is taken (units of unpaid orders may come back before it ends)."
    SOLD_OUT
    "Its time is up, or the shop ended it; its unsold units went back to the shop's stock."
    ENDED
  }

  "A quantity of one product variant at a special price for a time window, with a per-person limit."
  type FlashSale implements Node {
    id: ID!
    shop: Shop!
    "Null when the viewer may not see the product (taken down)."
    product: Product
    variant: ProductVariant
    "The flash price of one unit."
    price: Money!
    "The variant's regular price now."
    regularPrice: Money!
    "Units on sale in all."
    quantity: Int!
    "Units still to buy (0 once it ended)."
    remaining: Int!
    "Most units one person may buy."
    perPersonLimit: Int!
    startsAt: DateTime!
    endsAt: DateTime!
    status: FlashSaleStatus!
    "Units the signed-in viewer holds or bought in this sale (null when signed out)."
    viewerUnits: Int
    "Orders placed from it that were not cancelled (the shop's managers only; null for others)."
    orderCount: Int
    createdAt: DateTime!
  }

  input FlashSaleInput {
    variantId: ID!
    "Units on sale; they leave the shop's available stock when the sale is created."
    quantity: Int!
    "The flash price of one unit in minor units: more than 0, less than the variant's price."
    price: Int!
    "Leave out to start now."
    startsAt: DateTime
    "At least a minute after the start; at most the flashMaxDurationHours setting (7 days) after it."
    endsAt: DateTime!
    perPersonLimit: Int = 1
  }

  input BuyFlashSaleInput {
    saleId: ID!
    "1 to the sale's per-person limit (less what the viewer already has)."
    quantity: Int = 1
    "A saved address of the buyer, or address."
    addressId: ID
    address: AddressInput
    "Required when the shop offers shipping options."
    shippingOptionId: ID
    "A payment provider's name (paymentProviders)."
    paymentProvider: String!
    returnUrl: String
    "The note the buyer came from (its creator is credited with the sale)."
    noteId: ID
    "A fresh key per purchase, reused on retries: a retry gets the same order; the same key with other content is CONFLICT."
    idempotencyKey: String!
  }

  type FlashSalePurchase {
    "An order like any other, at the flash price; its units are held until paymentDeadline."
    order: Order!
    payment: Payment
    "Where the buyer goes to pay."
    nextAction: PaymentNextAction
    "True when this is the stored answer to an earlier request with the same key."
    replayed: Boolean!
    sale: FlashSale!
  }

  extend type Product {
    "Its running flash sale, or else the next one to start (null when none)."
    flashSale: FlashSale
  }

  extend type Shop {
    "Its flash sales, newest first: running and upcoming ones; ended ones too for the shop's managers when includeEnded."
    flashSales(includeEnded: Boolean = false): [FlashSale!]!
  }

  extend type Query {
    "A flash sale (NOT_FOUND unless its product is public or the viewer manages its shop)."
    flashSale(id: ID!): FlashSale!
  }

  extend type Mutation {
    "A shop's new flash sale of one variant; its units are set aside from the available stock at once."
    createFlashSale(input: FlashSaleInput!): FlashSale!
    "Ends a sale now: buying stops and its unsold units go back to the available stock."
    endFlashSale(id: ID!): FlashSale!
    """
    Buys units of a running flash sale: an order at the flash price, held until its payment deadline like any order.
    CONFLICT with extensions.reason NOT_STARTED, ENDED, SOLD_OUT, NOT_ENOUGH_LEFT or PER_PERSON_LIMIT when it cannot be had.
    """
    buyFlashSale(input: BuyFlashSaleInput!): FlashSalePurchase!
  }
`;
