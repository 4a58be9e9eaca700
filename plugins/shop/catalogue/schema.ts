// The catalogue's GraphQL: shops, products with options and variants,
// money in minor units, stock, categories; merchant mutations.

export const catalogueTypeDefs = /* GraphQL */ `
  "An amount in the currency's minor unit (fen for CNY, cents for USD; JPY has none)."
  type Money {
    "Minor units, a whole number (12800 is ¥128.00)."
    amount: Int!
    "ISO 4217 code, e.g. CNY."
    currency: String!
    "The amount in major units as exact decimal text, e.g. \\"128.00\\"."
    decimal: String!
    "For display, in the viewer's language, e.g. ¥128.00."
    formatted: String!
  }

  "A shop run by a brand account, or by the instance itself."
  type Shop implements Node {
    id: ID!
    handle: String!
    name: String!
    description: String!
    "The brand or official account that runs it; null for the instance's own shop."
    owner: Account
    "Whether the signed-in viewer may manage it (its owner; admins for the instance's shops)."
    viewerCanManage: Boolean!
    "Its products, newest first. includeUnpublished (drafts and taken-down ones) is for the shop's managers only."
    products(first: Int = 20, after: String, includeUnpublished: Boolean = false): ProductConnection!
    createdAt: DateTime!
  }

  enum ProductStatus {
    "Never published: only the merchant sees it."
    DRAFT
    PUBLISHED
    "Taken down by the merchant: only the merchant sees it."
    UNPUBLISHED
  }

  "An option a product comes in, e.g. 颜色: 白, 黑."
  type ProductOption {
    name: String!
    values: [String!]!
  }

  type SelectedOption {
    name: String!
    value: String!
  }

  "One SKU of a product: a value of each option, a price and stock."
  type ProductVariant implements Node {
    id: ID!
    product: Product!
    "The merchant's stock-keeping code."
    sku: String
    options: [SelectedOption!]!
    "The option values joined, e.g. \\"白 / M\\" (empty for a product without options)."
    title: String!
    price: Money!
    "The former price shown struck through."
    compareAtPrice: Money
    "Units that can be bought now (on hand minus those held by checkouts)."
    available: Int!
    inStock: Boolean!
    "Units in the warehouse, including held ones (the shop's managers only; null for others)."
    onHand: Int
    "Units held by unfinished checkouts (the shop's managers only; null for others)."
    reserved: Int
  }

  type PriceRange {
    min: Money!
    max: Money!
  }

  type Product implements Node {
    id: ID!
    shop: Shop!
    title: String!
    description: String!
    "ISO 4217 code every variant's price is in."
    currency: String!
    status: ProductStatus!
    options: [ProductOption!]!
    variants: [ProductVariant!]!
    "Lowest and highest price of its variants."
    priceRange: PriceRange!
    "Whether any variant can be bought now."
    inStock: Boolean!
    images: [Media!]!
    categories: [Category!]!
    "What a note block's productRef says to link this product, e.g. \\"product:42\\"."
    ref: String!
    "The product's page."
    url: String!
    publishedAt: DateTime
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  type ProductEdge {
    cursor: String!
    node: Product!
  }

  type ProductConnection {
    edges: [ProductEdge!]!
    pageInfo: PageInfo!
  }

  "A product category of the instance (admins keep the tree)."
  type Category implements Node {
    id: ID!
    slug: String!
    name: String!
    parent: Category
    "Published products in it, newest first."
    products(first: Int = 20, after: String): ProductConnection!
  }

  input ShopInput {
    "2–40 of a-z, 0-9, - and _; the shop's address."
    handle: String!
    name: String!
    description: String = ""
    "A shop of the instance, run by admins (admins only), instead of the viewer's own."
    forInstance: Boolean = false
  }

  input ShopUpdateInput {
    name: String
    description: String
  }

  input ProductOptionInput {
    name: String!
    values: [String!]!
  }

  input SelectedOptionInput {
    name: String!
    value: String!
  }

  input VariantInput {
    "A value for each of the product's options."
    options: [SelectedOptionInput!] = []
    sku: String
    "Minor units (fen, cents), 0 or more."
    price: Int!
    compareAtPrice: Int
    "Units on hand at the start."
    stock: Int = 0
  }

  input VariantUpdateInput {
    options: [SelectedOptionInput!]
    sku: String
    price: Int
    compareAtPrice: Int
  }

  input ProductInput {
    title: String!
    description: String = ""
    "ISO 4217; the shop plugin's defaultCurrency setting when left out."
    currency: String
    options: [ProductOptionInput!] = []
    "At least one; a product without options has exactly one."
    variants: [VariantInput!]!
    "Images uploaded by the viewer, in order (the first is the cover)."
    imageIds: [ID!] = []
    categoryIds: [ID!] = []
  }

  input ProductUpdateInput {
    title: String
    description: String
    "Only before the product is first published."
    currency: String
    "Must still fit every variant (values are matched by option name)."
    options: [ProductOptionInput!]
    imageIds: [ID!]
    categoryIds: [ID!]
  }

  input CategoryInput {
    slug: String!
    name: String!
    parentId: ID
  }

  extend type Query {
    "A shop by its handle (NOT_FOUND when there is none)."
    shop(handle: String!): Shop!
    "A product: NOT_FOUND unless it is published or the viewer manages its shop."
    product(id: ID!): Product!
    "Every category, parents before children."
    categories: [Category!]!
    "A category by its slug (NOT_FOUND when there is none)."
    category(slug: String!): Category!
    "The shops the signed-in viewer manages."
    managedShops: [Shop!]!
  }

  extend type Mutation {
    "Opens a shop: brand and official accounts their own (one each), admins the instance's."
    createShop(input: ShopInput!): Shop!
    updateShop(id: ID!, input: ShopUpdateInput!): Shop!
    "A new product, as a draft, with its variants."
    createProduct(shopId: ID!, input: ProductInput!): Product!
    updateProduct(id: ID!, input: ProductUpdateInput!): Product!
    publishProduct(id: ID!): Product!
    "Takes a product down: it leaves the shop, its page and note cards (its tags stay, hidden)."
    unpublishProduct(id: ID!): Product!
    addVariant(productId: ID!, input: VariantInput!): ProductVariant!
    updateVariant(id: ID!, input: VariantUpdateInput!): ProductVariant!
    "Removes a variant (a product keeps at least one)."
    removeVariant(id: ID!): Product!
    "Moves the units on hand by delta (a delivery, a count); never below the units checkouts hold."
    adjustStock(variantId: ID!, delta: Int!): ProductVariant!
    "Admins: a new category."
    createCategory(input: CategoryInput!): Category!
  }
`;
