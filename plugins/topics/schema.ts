// The topics plugin's GraphQL: Topic and Community (both Nodes), topic pages,
// trending, following, curation and communities, and Note.topics.

export const topicsTypeDefs = /* GraphQL */ `
  "How a topic page orders its notes."
  enum TopicNoteOrder {
    "Newest first."
    NEWEST
    "Engagement (likes, collects ×2, comments ×3) with time decay: a day newer counts as twice the engagement."
    HOTTEST
  }

  "A hashtag (#OOTD, #露营). Names compare case- and width-insensitively."
  type Topic implements Node {
    id: ID!
    "As first written, without #."
    name: String!
    "The name with its #, for display."
    tag: String!
    "Normalized form (NFKC, lower-case): the identity of the tag."
    key: String!
    description: String!
    featured: Boolean!
    "Hidden by staff: no trending, no page for non-staff. Only staff ever see true."
    hidden: Boolean!
    "Public notes under the tag."
    noteCount: Int!
    followerCount: Int!
    viewerFollows: Boolean!
    "Tags merged into this one (synonyms)."
    synonyms: [String!]!
    "Public notes under the tag (including merged synonyms)."
    notes(first: Int = 20, after: String, order: TopicNoteOrder = NEWEST): TopicNoteConnection!
    "Topics that appear on the same notes, strongest first (co-occurrence, cosine-normalized)."
    related(first: Int = 8): [Topic!]!
    "Communities that gather this tag."
    communities: [Community!]!
    createdAt: DateTime!
  }

  type TopicNoteEdge {
    cursor: String!
    node: Note!
  }

  type TopicNoteConnection {
    edges: [TopicNoteEdge!]!
    pageInfo: PageInfo!
  }

  type TopicEdge {
    cursor: String!
    node: Topic!
  }

  type TopicConnection {
    edges: [TopicEdge!]!
    pageInfo: PageInfo!
  }

  type TrendingTopic {
    topic: Topic!
    "Decayed usage over the trending window (notes, comment mentions and engagement, halved every half-life)."
    score: Float!
    rank: Int!
  }

  "A vertical community around one or more tags: members' public notes under its tags appear in it."
  type Community implements Node {
    id: ID!
    slug: String!
    name: String!
    description: String!
    rules: [String!]!
    topics: [Topic!]!
    moderators: [Account!]!
    memberCount: Int!
    "Newest members first."
    members(first: Int = 20, after: String): CommunityMemberConnection!
    "Members' public notes under the community's tags, newest first."
    notes(first: Int = 20, after: String): TopicNoteConnection!
    viewerIsMember: Boolean!
    viewerIsModerator: Boolean!
    createdAt: DateTime!
  }

  enum CommunityRole {
    member
    moderator
  }

  type CommunityMemberEdge {
    cursor: String!
    node: Account!
    role: CommunityRole!
    joinedAt: DateTime!
  }

  type CommunityMemberConnection {
    edges: [CommunityMemberEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type CommunityEdge {
    cursor: String!
    node: Community!
  }

  type CommunityConnection {
    edges: [CommunityEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  input CreateCommunityInput {
    "2–60 characters of a–z, 0–9 and inner hyphens."
    slug: String!
    name: String!
    description: String
    rules: [String!]
    "Tag names, with or without #; 1–10."
    topics: [String!]!
  }

  input UpdateCommunityInput {
    name: String
    description: String
    rules: [String!]
    topics: [String!]
  }

  extend type Note {
    "The note's topics (hidden ones left out for non-staff)."
    topics: [Topic!]!
  }

  extend type Account {
    "Topics this account follows, newest follow first."
    followedTopics(first: Int = 20, after: String): TopicConnection!
  }

  extend type Query {
    "A topic by name, with or without # (a merged synonym leads to its canonical topic). NOT_FOUND when unknown, or hidden and the viewer is not staff."
    topic(name: String!): Topic
    "Topics rising now: decayed usage over a sliding window (settings: trendingWindowHours, trendingHalfLifeHours)."
    trendingTopics(first: Int = 10): [TrendingTopic!]!
    "Topics staff chose to feature."
    featuredTopics(first: Int = 20): [Topic!]!
    community(slug: String!): Community
    "Biggest first."
    communities(first: Int = 20, after: String): CommunityConnection!
  }

  extend type Mutation {
    "Idempotent. Notes under followed tags join the FOLLOWING feed."
    followTopic(name: String!): Topic!
    "Idempotent."
    unfollowTopic(name: String!): Topic!
    "Admin or moderator."
    featureTopic(name: String!, featured: Boolean! = true): Topic!
    "Admin or moderator. Hidden tags do not trend and their page is NOT_FOUND for non-staff."
    hideTopic(name: String!, hidden: Boolean! = true): Topic!
    "Admin or moderator: makes 'from' a synonym of 'into' (its notes, followers and trend move; later uses link to 'into'). Returns the canonical topic."
    mergeTopics(from: String!, into: String!): Topic!
    "Admin or moderator. The creator becomes the community's first moderator."
    createCommunity(input: CreateCommunityInput!): Community!
    "Staff or the community's moderators."
    updateCommunity(slug: String!, input: UpdateCommunityInput!): Community!
    "Staff or the community's moderators: make an account a moderator, or a plain member again."
    setCommunityModerator(slug: String!, accountId: ID!, moderator: Boolean! = true): Community!
    "Idempotent."
    joinCommunity(slug: String!): Community!
    "Idempotent."
    leaveCommunity(slug: String!): Community!
  }
`;
