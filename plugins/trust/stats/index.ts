// The trust plugin's transparency part: moderation statistics for admins
// (reports, actions, appeals, response times, reports across instances).

import { badInput, requireRole, type MeadowContext, type Migration } from '../../../core/index.ts';
import type { TrustModule } from '../modules.ts';
import { moderationStats } from './queries.ts';

const typeDefs = /* GraphQL */ `
  type ReportStatusCount {
    status: ReportStatus!
    count: Int!
  }

  type ReportReasonCount {
    reason: ReportReason!
    count: Int!
  }

  type ModerationActionCount {
    action: ModerationActionKind!
    count: Int!
  }

  type AppealOutcomeCount {
    status: AppealStatus!
    count: Int!
  }

  "How long reports waited for a moderator's first action (appeal decisions not counted)."
  type ModerationResponseTimes {
    "Reports acted on (the newest 10,000 at most)."
    count: Int!
    "Median wait in seconds (nearest rank); null when no report was acted on."
    medianSeconds: Int
    "90th percentile wait in seconds (nearest rank); null when no report was acted on."
    p90Seconds: Int
  }

  "Moderation figures since a moment (or ever): every count covers reports, actions, appeals and forwards made since then."
  type ModerationStats {
    since: DateTime
    reports: Int!
    "Every status, with zero counts."
    reportsByStatus: [ReportStatusCount!]!
    "Every reason, with zero counts."
    reportsByReason: [ReportReasonCount!]!
    "Every action kind, with zero counts (appeal decisions included)."
    actionsByKind: [ModerationActionCount!]!
    "Appeals by outcome (PENDING: not decided yet)."
    appealsByOutcome: [AppealOutcomeCount!]!
    timeToFirstAction: ModerationResponseTimes!
    "Reports open now that were filed more than 24 hours ago (regardless of since)."
    openOlderThanDay: Int!
    "Reports another instance sent (inbound Flags)."
    reportsFromOtherInstances: Int!
    "Reports this instance forwarded to another one."
    forwardedReports: Int!
  }

  extend type Query {
    "Admins: moderation statistics since a moment (leave out for all time)."
    moderationStats(since: DateTime): ModerationStats!
  }
`;

/** Indexes for the statistics' time windows and the report-to-action join. */
const statsMigrations: Migration[] = [
  {
    id: 'stats_0001_indexes',
    async up({ db }) {
      await db.schema.createIndex('trust_reports_created_idx').on('trust_reports').columns(['created_at']).execute();
      await db.schema.createIndex('trust_actions_report_idx').on('trust_actions').columns(['report_id', 'created_at']).execute();
      await db.schema.createIndex('trust_actions_created_idx').on('trust_actions').columns(['created_at']).execute();
    },
  },
];

export const statsModule: TrustModule = {
  name: 'stats',
  typeDefs,
  migrations: statsMigrations,
  resolvers: (ctx) => ({
    Query: {
      moderationStats: (_: unknown, args: { since?: Date | null }, gctx: MeadowContext) => {
        requireRole(gctx, 'admin');
        if (args.since && args.since.getTime() > Date.now()) throw badInput('since is in the future', { field: 'since' });
        return moderationStats(ctx.db.kysely(), ctx.db.dialect, args.since ?? null);
      },
    },
    ModerationStats: {
      appealsByOutcome: (s: { appealsByOutcome: { status: string; count: number }[] }) =>
        s.appealsByOutcome.map((a) => ({ status: a.status.toUpperCase(), count: a.count })),
      reportsByStatus: (s: { reportsByStatus: { status: string; count: number }[] }) =>
        s.reportsByStatus.map((r) => ({ status: r.status.toUpperCase(), count: r.count })),
    },
  }),
};
