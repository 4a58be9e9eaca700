// The trust plugin's federation part: moderators forward a report about
// someone of another instance to that instance (a Flag), once. Inbound
// Flags are filed as reports by the reports part (index.ts).

import { localId, isStaff, requireRole, type MeadowContext } from '../../../core/index.ts';
import type { ReportRecord } from '../contracts.ts';
import type { TrustModule } from '../modules.ts';
import { forwardsOf, type ForwardRecord } from './forwards.ts';
import { forwardMigrations } from './migrations.ts';

const typeDefs = /* GraphQL */ `
  extend type Report {
    "Moderators only: the instance this report was forwarded to (as a Flag), if it was."
    forwardedTo: String
    "Moderators only: when it was forwarded."
    forwardedAt: DateTime
  }

  extend type Mutation {
    """
    Moderators and admins: send a report about someone of another instance to
    that instance, as a Flag from this instance (the reporter is not named).
    It names the person and the reported note or comment; the comment is what
    the other instance's moderators read (without one, the reason is sent).
    Refused for people of this instance and suspended instances; once per report.
    """
    forwardReport(id: ID!, comment: String): Report!
  }
`;

export const federationModule: TrustModule = {
  name: 'federation',
  typeDefs,
  migrations: forwardMigrations,
  resolvers: (ctx) => {
    const forwards = forwardsOf(ctx);
    const forwardOf = (r: ReportRecord, gctx: MeadowContext): Promise<ForwardRecord | null> | null =>
      isStaff(gctx.viewer)
        ? gctx.loaders
          .get<number, ForwardRecord | null>('trust.forwards', async (ids) => {
            const found = await forwards.ofReports(ids);
            return ids.map((id) => found.get(id) ?? null);
          })
          .load(r.id)
        : null;
    return {
      Report: {
        forwardedTo: async (r: ReportRecord, _: unknown, gctx: MeadowContext) => (await forwardOf(r, gctx))?.domain ?? null,
        forwardedAt: async (r: ReportRecord, _: unknown, gctx: MeadowContext) => (await forwardOf(r, gctx))?.createdAt ?? null,
      },
      Mutation: {
        forwardReport: (_: unknown, args: { id: string; comment?: string | null }, gctx: MeadowContext) => {
          const moderator = requireRole(gctx, 'moderator');
          return forwards.forward(localId(args.id, 'Report'), moderator.accountId, args.comment);
        },
      },
    };
  },
};
