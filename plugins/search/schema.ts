// GraphQL of the search plugin.

export const searchTypeDefs = /* GraphQL */ `
  "A slot of the understood query (activity, audience, time, place, budget, need)."
  type SearchSlot {
    slot: String!
    value: String!
    label: String!
  }

  "A group of results answering one part of the query, with why it matched."
  type SearchSection {
    title: String!
    reason: String!
    notes: [Note!]!
  }

  "A paid placement: always shown with its label."
  type SearchPromotion {
    label: String!
    by: String!
  }

  type SearchNoteEdge {
    cursor: String!
    node: Note!
    "Why this note matched (shown to people)."
    reasons: [String!]!
    "Set for promoted results."
    promoted: SearchPromotion
  }

  type SearchNoteConnection {
    edges: [SearchNoteEdge!]!
    pageInfo: PageInfo!
    "Notes that matched (before visibility checks)."
    totalCount: Int!
  }

  "A person whose handle or name matches the query, and why."
  type SearchPerson {
    account: Account!
    reason: String!
  }

  "A topic (hashtag) the query names or implies, and why."
  type SearchTopic {
    "Without #."
    name: String!
    noteCount: Int!
    followerCount: Int!
    description: String!
    reason: String!
  }

  "Where and when the person is searching. Location is used only for this search."
  input SearchContextInput {
    "Shared location (send both): the nearest known city within 150 km shapes the answer."
    latitude: Float
    longitude: Float
    "IANA time zone, e.g. Asia/Shanghai (local time and season); the instance default otherwise."
    timeZone: String
  }

  type SearchResult {
    query: String!
    "How location, local time and season shaped this answer (why you see these results)."
    context: [String!]!
    "Pass to searchResultOpened when the person opens a result."
    queryId: ID!
    "What the query asks for, e.g. find-places, product-recommendation, how-to, avoid-pitfalls, keyword."
    intents: [String!]!
    slots: [SearchSlot!]!
    "Answers grouped by what they are good for (first page only)."
    sections: [SearchSection!]!
    "People whose handle or name matches (first page only)."
    people: [SearchPerson!]!
    "Topics the query names or implies (first page only)."
    topics: [SearchTopic!]!
    "When the query is @user@host or the URL of a post or profile on another instance: what it is here (fetched through federation; signed-in people, first page only)."
    remote: RemoteLookup
    notes: SearchNoteConnection!
  }

  "Order of search results: the ranked answer, or newest first among what matched."
  enum SearchSort {
    RELEVANCE
    NEWEST
  }

  enum SuggestionKind {
    TITLE
    TOPIC
    PERSON
  }

  type SearchSuggestion {
    kind: SuggestionKind!
    "What to show and search for."
    text: String!
    note: Note
    account: Account
  }

  type SearchHistoryEntry {
    query: String!
    searchedAt: DateTime!
  }

  type TrendingSearch {
    query: String!
    score: Float!
  }

  "A tag the person engages with, and the strongest signal (collect, comment, like)."
  type SearchAffinity {
    tag: String!
    weight: Float!
    signal: String!
  }

  type SearchProfile {
    "The city you set for search (used when you do not share a location), e.g. 上海 / Shanghai."
    homeCity: String
    "Whether search and the discovery feed use your likes, collects and comments."
    personalization: Boolean!
    affinities: [SearchAffinity!]!
  }

  extend type Query {
    "Searches public notes; understands vague queries and answers in sections."
    search(query: String!, first: Int = 20, after: String, context: SearchContextInput, sort: SearchSort = RELEVANCE): SearchResult!
    "Suggestions for what is being typed: note titles, topics and people."
    autocomplete(prefix: String!, first: Int = 8): [SearchSuggestion!]!
    "Your recent searches, newest first."
    searchHistory(first: Int = 20): [SearchHistoryEntry!]!
    "What people search for now (decayed over the last days)."
    trendingSearches(first: Int = 10): [TrendingSearch!]!
    "Your search and discovery settings."
    searchProfile: SearchProfile!
    "Topics to offer a new person to pick from (the most used tags, without #)."
    suggestedInterests(first: Int = 12): [String!]!
  }

  extend type Mutation {
    "Forgets your search history, what search learnt from your likes and collects, and your reformulations and opened results."
    clearSearchHistory: Boolean!
    "Switches personalization of search and the discovery feed on or off (off also forgets what was learnt)."
    setSearchPersonalization(enabled: Boolean!): SearchProfile!
    "The person opened a result of a search (learning: results people open and then collect rise for that query). False when personalization is off (nothing recorded)."
    searchResultOpened(queryId: ID!, noteId: ID!): Boolean!
    "Sets (or clears, with null) the city search uses when you do not share your location."
    setSearchHomeCity(city: String): SearchProfile!
    "Cold start: topics you are interested in (at sign-up or later; replaces earlier picks). The discovery feed and search use them at once."
    pickInterests(topics: [String!]!): SearchProfile!
    "Staff: rebuilds the search index in the background; returns the job id."
    reindexSearch: ID!
  }
`;
