// GraphQL of ratings from verified buyers: a product's rating summary, its
// ratings newest first, whether the viewer may rate it, and rateProduct.

export const reviewsTypeDefs = /* GraphQL */ `
  "A buyer's rating of a product they received."
  type ProductReview implements Node {
    id: ID!
    product: Product!
    "The buyer who rated it (null for a moment after the account is deleted; its ratings then go too)."
    buyer: Account
    "1 to 5."
    stars: Int!
    "Empty when the buyer wrote none."
    text: String!
    "The buyer's own note about the product, when they linked one (null too when the viewer may not read it)."
    note: Note
    "Always true: only buyers who received the product rate it, and a rating whose order was refunded is no longer shown."
    verifiedPurchase: Boolean!
    createdAt: DateTime!
    "When the buyer last set it (rating again replaces it)."
    updatedAt: DateTime!
  }

  type ProductReviewEdge {
    cursor: String!
    node: ProductReview!
  }

  type ProductReviewConnection {
    edges: [ProductReviewEdge!]!
    pageInfo: PageInfo!
  }

  type RatingCount {
    stars: Int!
    count: Int!
  }

  "The ratings shown for a product (verified buyers only)."
  type ProductRating {
    "The mean number of stars; null when nobody rated it."
    average: Float
    count: Int!
    "How many gave each number of stars, from 5 down to 1 (always five entries)."
    distribution: [RatingCount!]!
  }

  extend type Product {
    rating: ProductRating!
    "Ratings from verified buyers, most recently set first."
    reviews(first: Int = 10, after: String): ProductReviewConnection!
    "Whether the viewer may rate it: signed in and received it in an order that stands (delivered or completed, not refunded)."
    viewerCanRate: Boolean!
    "The viewer's own rating (null when none, or while it is not shown because its order was refunded)."
    viewerReview: ProductReview
  }

  extend type Mutation {
    """
    Rates a product the viewer received (an order delivered or completed, not refunded): 1–5 stars,
    an optional text of at most 1000 characters, optionally one of the viewer's own notes that shows it.
    Rating again replaces the viewer's rating. FORBIDDEN (reason NOT_VERIFIED_BUYER) for anyone else.
    """
    rateProduct(productId: ID!, stars: Int!, text: String, noteId: ID): ProductReview!
  }
`;
