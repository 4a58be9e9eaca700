// GraphQL of payments: the payer reads and pays (with an idempotency key)
// or cancels their payment; admins mark manual payments paid and refund.
// Amounts are integer minor units (cents, fen).

export const paymentTypeDefs = /* GraphQL */ `
  enum PaymentStatus {
    PENDING
    SUCCEEDED
    FAILED
    CANCELLED
  }

  enum RefundStatus {
    "Asked of the provider, not confirmed yet (the amount is reserved)."
    PENDING
    SUCCEEDED
    FAILED
  }

  enum PaymentNextActionType {
    "Send the payer to url (the provider's payment page)."
    REDIRECT
    "Show the payer the instructions (manual payment)."
    INSTRUCTIONS
  }

  type PaymentNextAction {
    type: PaymentNextActionType!
    url: String
    instructions: String
  }

  type Refund {
    id: ID!
    "Minor units."
    amount: Int!
    status: RefundStatus!
    reason: String!
    createdAt: DateTime!
  }

  "A payment of an amount by one account, through one provider (readable by the payer and admins)."
  type Payment {
    id: ID!
    "What is paid for, as its creator named it (e.g. order:12)."
    subject: String!
    payer: Account
    "Minor units."
    amount: Int!
    "ISO 4217 code."
    currency: String!
    provider: String!
    status: PaymentStatus!
    "Refunds the provider confirmed (minor units)."
    refundedAmount: Int!
    "What may still be refunded: the amount less confirmed and pending refunds."
    refundableAmount: Int!
    refunds: [Refund!]!
    "The payer's next step once pay started the payment."
    nextAction: PaymentNextAction
    createdAt: DateTime!
    succeededAt: DateTime
  }

  type PaymentAttempt {
    payment: Payment!
    nextAction: PaymentNextAction!
    "True when this is the stored answer to an earlier request with the same idempotency key."
    replayed: Boolean!
  }

  type RefundResult {
    refund: Refund!
    payment: Payment!
    replayed: Boolean!
  }

  type PaymentProviderInfo {
    name: String!
    label: String!
  }

  extend type Query {
    "A payment: for its payer and admins (null for others)."
    payment(id: ID!): Payment
    "The providers payments may use on this instance."
    paymentProviders: [PaymentProviderInfo!]!
  }

  extend type Mutation {
    """
    The payer starts paying: returns where to go (the provider's page) or what to do.
    Send a fresh idempotencyKey per payment and reuse it on retries: a retry gets the same
    answer; the same key for another payment is CONFLICT (reason IDEMPOTENCY_KEY_REUSED).
    """
    pay(paymentId: ID!, idempotencyKey: String!): PaymentAttempt!
    "The payer or an admin cancels a pending payment (CONFLICT once paid)."
    cancelPayment(paymentId: ID!): Payment!
    "Admin: a manual (offline) payment arrived. Marking it again changes nothing."
    markPaymentPaid(paymentId: ID!): Payment!
    """
    Admin: refund part or all of a succeeded payment (minor units). More than refundableAmount is
    BAD_USER_INPUT and stores nothing. Reuse the idempotencyKey on retries.
    """
    refundPayment(paymentId: ID!, amount: Int!, reason: String, idempotencyKey: String!): RefundResult!
  }
`;
