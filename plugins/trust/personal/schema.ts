// GraphQL of the personal tools: one's own muted words and topics and the
// notes one hid. Everything here is about the signed-in viewer only.

export const personalTypeDefs = /* GraphQL */ `
  """
  A word or phrase the viewer muted: notes containing it leave their
  following and discovery feeds, topic pages and search results (never
  their own notes, and a note's own page stays reachable by link).
  """
  type MutedWord {
    id: ID!
    "As typed."
    word: String!
    """
    In scripts written with spaces, match whole words only ("art" hides "art
    show", not "party"); Chinese, Japanese and Korean always match anywhere.
    """
    wholeWord: Boolean!
    "When the mute ends by itself; null until unmuted."
    expiresAt: DateTime
    createdAt: DateTime!
  }

  "A hashtag the viewer muted: notes carrying it leave their lists."
  type MutedTopic {
    "Normalized like notes' hashtags (NFKC, lower case, no #)."
    tag: String!
    createdAt: DateTime!
  }

  input MuteWordInput {
    "1 to 100 characters; compared after NFKC (full-width = half-width) and case folding."
    word: String!
    "Default true."
    wholeWord: Boolean
    "A time in the future when the mute ends; null or absent: until unmuted."
    expiresAt: DateTime
  }

  type HiddenNoteEdge {
    cursor: String!
    node: Note!
    "When the viewer hid it."
    hiddenAt: DateTime!
  }

  type HiddenNoteConnection {
    edges: [HiddenNoteEdge!]!
    pageInfo: PageInfo!
  }

  extend type Note {
    "Has the signed-in viewer hidden this note from their feeds? (false when signed out)"
    viewerHidden: Boolean!
  }

  extend type Query {
    "The viewer's muted words that have not expired, newest first."
    mutedWords: [MutedWord!]!
    "The viewer's muted topics, newest first."
    mutedTopics: [MutedTopic!]!
    "Notes the viewer hid from their feeds, most recently hidden first (notes they can no longer read are left out)."
    hiddenNotes(first: Int = 20, after: String): HiddenNoteConnection!
  }

  extend type Mutation {
    """
    Mutes a word or phrase (at most 200 per person). Muting one already muted
    returns it unchanged.
    """
    muteWord(input: MuteWordInput!): MutedWord!
    "False when the viewer had no such muted word."
    unmuteWord(id: ID!): Boolean!
    "Mutes a hashtag (with or without #; at most 200 per person). Muting it again returns it."
    muteTopic(tag: String!): MutedTopic!
    "False when the topic was not muted."
    unmuteTopic(tag: String!): Boolean!
    "Hides a note from the viewer's feeds, topic pages and search (not one's own notes)."
    hideNote(noteId: ID!): Note!
    "False when the note was not hidden."
    unhideNote(noteId: ID!): Boolean!
  }
`;
