// GraphQL of the automatic signals, for moderators: the signals behind a
// report the instance filed itself, and the signals recorded on a note or
// comment.

import { badInput, fromGlobalId, isStaff, localId, requireRole, type MeadowContext, type PluginContext, type Resolvers } from '../../../core/index.ts';
import type { ReportRecord } from '../contracts.ts';
import type { TrustSettings } from '../settings.ts';
import { signalQueueOf, type StoredSignal } from './queue.ts';

export const signalTypeDefs = /* GraphQL */ `
  enum SignalKind {
    "The same or nearly the same text was posted by another account."
    NEAR_DUPLICATE
    "Several young accounts pushed the same link, product, code or brand in similar words within a short time."
    COORDINATED_BURST
    "Selling words and something sold, without a paid-promotion label."
    UNDISCLOSED_AD
    "Blocked domains, link shorteners, many links, or one link from many accounts."
    SPAM_LINKS
    "A word of one of the admin's word lists."
    WORD_LIST
  }

  "What the instance found automatically in a note or comment: how sure (0 to 1) and why. Signals never delete anything; past the admin's thresholds they file a report, hold a note for review, or show it lower in search and feeds."
  type TrustSignal {
    kind: SignalKind!
    score: Float!
    explanation: String!
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  extend type Report {
    "Moderators only: the automatic signals behind a report the instance filed itself (empty for reports by people)."
    signals: [TrustSignal!]
  }

  extend type Query {
    "Moderators and admins: the automatic signals recorded on a note or comment, strongest first."
    trustSignals(targetId: ID!): [TrustSignal!]!
  }
`;

export function signalResolvers(ctx: PluginContext<TrustSettings>): Resolvers {
  const queue = signalQueueOf(ctx);
  return {
    TrustSignal: {
      kind: (s: StoredSignal) => s.kind.toUpperCase().replace(/-/g, '_'),
    },
    Report: {
      signals: (r: ReportRecord, _: unknown, gctx: MeadowContext) => (isStaff(gctx.viewer) ? queue.signalsOfReport(r.id) : null),
    },
    Query: {
      trustSignals: (_: unknown, args: { targetId: string }, gctx: MeadowContext) => {
        requireRole(gctx, 'moderator');
        const { type } = fromGlobalId(args.targetId);
        if (type !== 'Note' && type !== 'Comment') throw badInput('Signals are recorded on notes and comments; give a Note or Comment id', { field: 'targetId' });
        return queue.signalsOf(type, localId(args.targetId, type));
      },
    },
  };
}
