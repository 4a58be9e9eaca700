// The notes plugin's GraphQL types.

export const notesTypeDefs = /* GraphQL */ `
  enum Visibility {
    "Everywhere: profile, feeds, topics, discovery."
    public
    "Anyone with the link and on the profile, but not in discovery or topics."
    unlisted
    "Followers only."
    followers
    "The author only."
    private
  }

  enum NoteStatus {
    draft
    scheduled
    published
  }

  "An image of a note, in display order; focal point and sizes come from the media."
  type NoteImage {
    "The uploaded media; null for an image of a note from another instance (see url)."
    media: Media
    "Where to load it: the media's original, or the remote URL for a note from another instance."
    url: String!
    width: Int
    height: Int
    blurhash: String
    "true when the image is served by another instance."
    remote: Boolean!
    "This note's alt text for the image, or the media's own."
    alt: String!
    isCover: Boolean!
  }

  type TutorialStep {
    text: String!
    images: [Media!]!
    productRef: String
    placeRef: String
  }

  type ChecklistItem {
    name: String!
    note: String
    link: String
  }

  type PitfallEntry {
    warning: String!
    reason: String!
  }

  "Step-by-step tutorial."
  type TutorialBlock {
    title: String
    steps: [TutorialStep!]!
  }

  "Checklist or collection of items."
  type ChecklistBlock {
    title: String
    items: [ChecklistItem!]!
  }

  "Pitfall guide (避坑指南): warnings with their reasons."
  type PitfallBlock {
    title: String
    entries: [PitfallEntry!]!
  }

  union NoteBlock = TutorialBlock | ChecklistBlock | PitfallBlock

  type NoteMention {
    handle: String!
    "null for local accounts."
    domain: String
    "The local account, when known."
    account: Account
  }

  type RenderSection {
    plugin: String!
    kind: String!
    html: String!
    position: String!
  }

  "A paid-promotion label a note carries wherever it appears."
  enum Disclosure {
    "合作 / Sponsored: a brand paid for it or gave something for it."
    sponsored
    "广告 / Promoted: a paid advertisement."
    promoted
  }

  "Who may comment on a note besides its author."
  enum CommentPolicy {
    everyone
    "People who follow the author."
    followers
    "People the author follows."
    following
    nobody
  }

  enum ModerationState {
    visible
    "Waiting for a moderator before anyone else sees it."
    held
    "Hidden by a moderator."
    hidden
  }

  "Moderators' standing decisions about a note."
  type NoteModerationInfo {
    state: ModerationState!
    sensitive: Boolean!
    "Kept out of discovery, topics and search for people who do not follow the author."
    reachLimited: Boolean!
    "A label moderators require; the author cannot remove it."
    disclosureRequired: Disclosure
    "While held for review: why (e.g. what an automatic check found); empty otherwise."
    holdReasons: [String!]!
  }

  "A note: images, a title, a short rich text and structured blocks."
  type Note implements Node {
    id: ID!
    author: Account!
    status: NoteStatus!
    visibility: Visibility!
    title: String!
    "The body as written (Meadow markup)."
    body: String!
    "The body as safe HTML."
    bodyHtml: String!
    "Body, blocks and plugin sections as one safe HTML document fragment."
    html: String!
    "Sections other plugins added (product cards, place cards)."
    sections: [RenderSection!]!
    images: [NoteImage!]!
    "The note's video (instead of images); its poster is the cover."
    video: Media
    "The cover image: the chosen image, or the video's poster (null for a video without one)."
    cover: NoteImage
    blocks: [NoteBlock!]!
    placeRef: String
    language: String
    contentWarning: String
    "Normalized hashtags (lower-case, NFKC)."
    hashtags: [String!]!
    mentions: [NoteMention!]!
    likesCount: Int!
    collectsCount: Int!
    commentsCount: Int!
    sharesCount: Int!
    viewsCount: Int!
    viewerHasLiked: Boolean!
    viewerHasShared: Boolean!
    comments(first: Int = 20, after: String): CommentConnection!
    "Earlier versions (the author only)."
    revisions: [NoteRevision!]!
    publishedAt: DateTime
    scheduledAt: DateTime
    createdAt: DateTime!
    editedAt: DateTime
    "For a note from another instance: its page there (or its ActivityPub id); null for local notes."
    remoteUrl: String
    "The note this one quotes, when it is here and the viewer may read it."
    quote: Note
    "The quoted note's address (also when it could not be brought here)."
    quoteUrl: String
    "Paid-promotion label, shown wherever the note appears; null when it has none."
    disclosure: Disclosure
    "Shown behind a veil: the author's content warning or a moderator's decision."
    sensitive: Boolean!
    commentPolicy: CommentPolicy!
    "Whether the signed-in viewer may comment under the note's comment policy."
    viewerCanComment: Boolean!
    "Moderators' decisions about this note, for its author and staff (null for everyone else)."
    moderation: NoteModerationInfo
  }

  type NoteRevision {
    title: String!
    body: String!
    visibility: Visibility!
    createdAt: DateTime!
  }

  type NoteEdge {
    cursor: String!
    node: Note!
    "Why it is in this feed (following, tag:…)."
    reason: String
  }

  type NoteConnection {
    edges: [NoteEdge!]!
    pageInfo: PageInfo!
  }

  type Comment implements Node {
    id: ID!
    note: Note!
    author: Account!
    "The top-level comment this replies to."
    parent: Comment
    body: String!
    bodyHtml: String!
    likesCount: Int!
    repliesCount: Int!
    viewerHasLiked: Boolean!
    "Replies, oldest first (one level)."
    replies(first: Int = 3, after: String): CommentConnection!
    createdAt: DateTime!
    "For a comment from another instance: its page there (or its ActivityPub id); null for local comments."
    remoteUrl: String
  }

  type CommentEdge {
    cursor: String!
    node: Comment!
  }

  type CommentConnection {
    edges: [CommentEdge!]!
    pageInfo: PageInfo!
  }

  enum BoardVisibility {
    public
    private
  }

  "A board (收藏专辑): a named collection of notes."
  type Board implements Node {
    id: ID!
    owner: Account!
    name: String!
    description: String!
    visibility: BoardVisibility!
    itemsCount: Int!
    "Notes in the owner's order (ones the viewer may not read are left out)."
    notes(first: Int = 20, after: String): NoteConnection!
    createdAt: DateTime!
  }

  type DiscoverItem {
    note: Note!
    reasons: [String!]!
  }

  extend type Account {
    "Published notes, newest first, as the viewer may see them."
    notes(first: Int = 20, after: String): NoteConnection!
    "Public boards (and private ones for the owner)."
    boards: [Board!]!
  }

  input NoteImageInput {
    mediaId: ID!
    alt: String
  }

  input TutorialStepInput {
    text: String!
    mediaIds: [ID!]
    productRef: String
    placeRef: String
  }

  input ChecklistItemInput {
    name: String!
    note: String
    link: String
  }

  input PitfallEntryInput {
    warning: String!
    reason: String!
  }

  "One block: set kind and the matching list."
  input NoteBlockInput {
    kind: String!
    title: String
    steps: [TutorialStepInput!]
    items: [ChecklistItemInput!]
    entries: [PitfallEntryInput!]
  }

  input NoteInput {
    title: String
    body: String
    images: [NoteImageInput!]
    "One video (Media of kind video, yours) instead of images; null removes it."
    videoId: ID
    coverIndex: Int
    placeRef: String
    visibility: Visibility
    language: String
    contentWarning: String
    blocks: [NoteBlockInput!]
    "A paid-promotion label; null removes it (unless moderators require it)."
    disclosure: Disclosure
    commentPolicy: CommentPolicy
    "false saves a draft (default true)."
    publish: Boolean
    "Publish later."
    scheduledAt: DateTime
  }

  input BoardInput {
    name: String
    description: String
    visibility: BoardVisibility
  }

  extend type Query {
    note(id: ID!): Note
    "Notes of the accounts you follow (and other sources, such as tags you follow), newest first."
    followingFeed(first: Int = 20, after: String): NoteConnection!
    "The discovery feed (ranked by plugins through feed.candidates / feed.rank)."
    discoverFeed(first: Int = 20, exclude: [ID!]): [DiscoverItem!]!
    "Your drafts and scheduled notes."
    myDrafts(first: Int = 20): [Note!]!
    board(id: ID!): Board
  }

  extend type Mutation {
    createNote(input: NoteInput!): Note!
    updateNote(id: ID!, input: NoteInput!): Note!
    publishNote(id: ID!, scheduledAt: DateTime): Note!
    deleteNote(id: ID!): Boolean!
    "Idempotent."
    likeNote(id: ID!): Note!
    unlikeNote(id: ID!): Note!
    shareNote(id: ID!): Note!
    unshareNote(id: ID!): Note!
    "Counts a view (once per signed-in person)."
    viewNote(id: ID!): Note!
    addComment(noteId: ID!, body: String!, replyTo: ID): Comment!
    deleteComment(id: ID!): Boolean!
    likeComment(id: ID!): Comment!
    unlikeComment(id: ID!): Comment!
    createBoard(input: BoardInput!): Board!
    updateBoard(id: ID!, input: BoardInput!): Board!
    deleteBoard(id: ID!): Boolean!
    collectNote(noteId: ID!, boardId: ID!): Board!
    uncollectNote(noteId: ID!, boardId: ID!): Board!
    "Lists every note of the board once, in the new order."
    reorderBoard(id: ID!, noteIds: [ID!]!): Board!
  }
`;
