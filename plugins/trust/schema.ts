// The trust plugin's GraphQL: filing reports, the moderation queue for
// moderators and admins, assignment, actions and the audit log.

export const trustTypeDefs = /* GraphQL */ `
  "Why something is reported."
  enum ReportReason {
    SPAM
    "Fake seeding: a ghost-written or paid review posing as a real experience."
    FAKE_SEEDING
    "A paid promotion without its disclosure label."
    UNDISCLOSED_AD
    HARASSMENT
    ILLEGAL
    OTHER
  }

  enum ReportStatus {
    OPEN
    RESOLVED
    DISMISSED
  }

  "What a moderator does about a report."
  enum ModerationActionKind {
    "Tells the author why their content or behaviour breaks the rules (a notice with the reason)."
    WARN
    "Closes the report without action (a note held for review goes out); the reporter hears so."
    DISMISS
    "Releases a note held for review."
    APPROVE
    "Hides a note or comment from everyone but its author (undone if overturned)."
    HIDE
    "Deletes a note or comment (restorable if overturned before the note is purged)."
    DELETE
    "Shows a note behind a sensitive-content veil."
    MARK_SENSITIVE
    "Keeps a note out of discovery, topics and search for people who do not follow its author."
    LIMIT_REACH
    "Makes a note carry a paid-promotion label (options.label) that its author cannot remove."
    REQUIRE_LABEL
    "Suspends the account behind the target (options.suspendDays, or until lifted)."
    SUSPEND
    "Log only: another moderator upheld an appealed action (not appealable)."
    APPEAL_UPHELD
    "Log only: another moderator overturned an appealed action (not appealable)."
    APPEAL_OVERTURNED
  }

  enum AppealStatus {
    PENDING
    UPHELD
    OVERTURNED
  }

  enum AppealDecision {
    UPHOLD
    OVERTURN
  }

  "The affected person's appeal of a moderation action (once per action)."
  type Appeal {
    id: ID!
    action: ModerationAction!
    text: String!
    status: AppealStatus!
    appellant: Account
    "The moderator who decided it (never the one who acted)."
    reviewer: Account
    createdAt: DateTime!
    decidedAt: DateTime
  }

  type AppealEdge {
    cursor: String!
    node: Appeal!
  }

  type AppealConnection {
    edges: [AppealEdge!]!
    pageInfo: PageInfo!
  }

  "What some actions need."
  input ModerationOptions {
    "REQUIRE_LABEL: the label the note must carry."
    label: Disclosure
    "SUSPEND: for how many days (1–3650); leave out to suspend until lifted."
    suspendDays: Int
  }

  input ReportInput {
    "A Note, Comment or Account id."
    targetId: ID!
    reason: ReportReason!
    "What the moderators should know (at most 2,000 characters)."
    comment: String = ""
  }

  type Report {
    id: ID!
    reason: ReportReason!
    comment: String!
    status: ReportStatus!
    "Note, Comment or Account."
    targetType: String!
    "The reported item's global id."
    targetId: ID!
    "Moderators only: a short plain-text summary of the reported item."
    targetSummary: String
    "Moderators only: whose content it is (or the reported account)."
    targetAccount: Account
    "Moderators only: how many actions were taken against that account before (dismissals not counted)."
    targetAccountPreviousActions: Int
    "Moderators only: the local reporter (null for a report from another instance)."
    reporter: Account
    "The instance that sent the report (an inbound Flag); null for a local report."
    reporterDomain: String
    assignee: Account
    createdAt: DateTime!
    resolvedAt: DateTime
  }

  type ReportEdge {
    cursor: String!
    node: Report!
  }

  type ReportConnection {
    edges: [ReportEdge!]!
    pageInfo: PageInfo!
  }

  "One entry of the moderation audit log. Moderators and the affected person can read it (as a Node, e.g. from a notification)."
  type ModerationAction implements Node {
    id: ID!
    action: ModerationActionKind!
    reason: String!
    moderator: Account
    targetType: String!
    targetId: ID!
    targetAccount: Account
    "The report it closed."
    reportId: ID
    "The appeal of this action, if any."
    appeal: Appeal
    "REQUIRE_LABEL: the label required."
    label: Disclosure
    "SUSPEND: when the suspension ends (null: until lifted)."
    suspendedUntil: DateTime
    createdAt: DateTime!
  }

  extend type Note {
    "Why this note is hidden, limited, labelled or held: the moderation actions taken on it, newest first (its author and staff; null for others)."
    moderationHistory: [ModerationAction!]
  }

  type ModerationActionEdge {
    cursor: String!
    node: ModerationAction!
  }

  type ModerationActionConnection {
    edges: [ModerationActionEdge!]!
    pageInfo: PageInfo!
  }

  extend type Query {
    "Moderators and admins: reports by status, oldest first."
    moderationQueue(status: ReportStatus = OPEN, first: Int = 20, after: String): ReportConnection!
    "Moderators and admins: every moderation action, newest first."
    moderationLog(first: Int = 20, after: String): ModerationActionConnection!
    "The signed-in person's own record: moderation actions taken against them or their content, newest first."
    myModerationActions(first: Int = 20, after: String): ModerationActionConnection!
    "Moderators and admins: appeals by status, oldest first."
    appeals(status: AppealStatus = PENDING, first: Int = 20, after: String): AppealConnection!
  }

  extend type Mutation {
    "Reports a note, comment or person. A repeat while your report is open returns it; you cannot report yourself or your own content."
    report(input: ReportInput!): Report!
    "Moderators and admins: take an open report."
    assignReport(id: ID!): Report!
    "Moderators and admins: act on an open report; the reason is required and goes to the affected person."
    moderate(reportId: ID!, action: ModerationActionKind!, reason: String!, options: ModerationOptions): ModerationAction!
    "Moderators and admins: act on a note, comment or account without a report (DISMISS is for reports)."
    moderateContent(targetId: ID!, action: ModerationActionKind!, reason: String!, options: ModerationOptions): ModerationAction!
    "The affected person appeals a moderation action, once; an appeal decision cannot be appealed. Allowed while suspended."
    appeal(actionId: ID!, text: String!): Appeal! @whileSuspended
    "Moderators and admins other than the one who acted: uphold or overturn an appeal, with a reason."
    reviewAppeal(id: ID!, decision: AppealDecision!, reason: String!): Appeal!
  }
`;
