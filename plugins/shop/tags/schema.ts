// GraphQL of note ↔ product links: tags on a note's images, the products a
// note shows, and the notes that show a product.

export const tagsTypeDefs = /* GraphQL */ `
  "A product tag on one of a note's images, placed by the note's author."
  type NoteProductTag {
    "The image it is on (its position in the note's images)."
    imageIndex: Int!
    "Fraction of the image's width from its left edge (0..1)."
    x: Float!
    "Fraction of the image's height from its top edge (0..1)."
    y: Float!
    product: Product!
  }

  input NoteProductTagInput {
    imageIndex: Int!
    x: Float!
    y: Float!
    productId: ID!
  }

  extend type Note {
    "Product tags on its images (products on sale only)."
    productTags: [NoteProductTag!]!
    "Products it links (image tags first, then its blocks' product refs), on sale only, each once: the cards under the note."
    products: [Product!]!
  }

  extend type Product {
    "Notes that show it and the viewer may read: real experiences first (not paid promotion, not by the shop; those by verified buyers leading), then the rest; newest first within each."
    notes(first: Int = 10): [Note!]!
  }

  extend type Mutation {
    "Replaces the product tags on a note's images (the note's author only)."
    setNoteProductTags(noteId: ID!, tags: [NoteProductTagInput!]!): Note!
  }
`;
