// The trust plugin's public face: what a report and a moderation action are,
// and the service other plugins may use to file a report (e.g. a future
// automatic signal). Tables and GraphQL stay behind this file.

import { defineService } from '../../core/index.ts';

export const REPORT_REASONS = ['SPAM', 'FAKE_SEEDING', 'UNDISCLOSED_AD', 'HARASSMENT', 'ILLEGAL', 'OTHER'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_TARGETS = ['Note', 'Comment', 'Account'] as const;
export type ReportTargetType = (typeof REPORT_TARGETS)[number];

export type ReportStatus = 'open' | 'resolved' | 'dismissed';

export interface ReportRecord {
  id: number;
  /** A local reporter; null when another instance reported it (see reporterDomain). */
  reporterId: number | null;
  reporterDomain: string | null;
  targetType: ReportTargetType;
  targetId: number;
  /** The author of the reported content, or the reported account. */
  targetAccountId: number;
  reason: ReportReason;
  comment: string;
  status: ReportStatus;
  assigneeId: number | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

/** What a moderator may do about a report. */
export const MODERATION_ACTIONS = ['WARN', 'DISMISS'] as const;
/** Log entries of appeal decisions: not chosen through `moderate`, and never appealable. */
export const APPEAL_DECISIONS = ['APPEAL_UPHELD', 'APPEAL_OVERTURNED'] as const;
export type ModerationActionKind = (typeof MODERATION_ACTIONS)[number] | (typeof APPEAL_DECISIONS)[number];

export type AppealStatus = 'pending' | 'upheld' | 'overturned';

export interface AppealRecord {
  id: number;
  actionId: number;
  accountId: number;
  text: string;
  status: AppealStatus;
  reviewerId: number | null;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface ModerationActionRecord {
  id: number;
  reportId: number | null;
  moderatorId: number;
  action: ModerationActionKind;
  targetType: ReportTargetType;
  targetId: number;
  targetAccountId: number;
  reason: string;
  createdAt: Date;
}

export interface TrustService {
  getReport(id: number): Promise<ReportRecord | null>;
  /** How many moderation actions (other than dismissals) were taken against this account. */
  actionsAgainst(accountId: number): Promise<number>;
}

export const TrustServiceRef = defineService<TrustService>('trust.trust', 'Trust: reports and moderation actions (read)');
