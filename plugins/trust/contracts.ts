// The trust plugin's public face: what a report and a moderation action are,
// and the service other plugins may use to file a report (e.g. a future
// automatic signal). Tables and GraphQL stay behind this file.

import { defineFilter, defineService } from '../../core/index.ts';
import type { Disclosure } from '../notes/contracts.ts';

export const REPORT_REASONS = ['SPAM', 'FAKE_SEEDING', 'UNDISCLOSED_AD', 'HARASSMENT', 'ILLEGAL', 'OTHER'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** What trust itself knows how to report; other plugins add kinds (a Product, a Place) through `trust.report-target`. */
export const REPORT_TARGETS = ['Note', 'Comment', 'Account'] as const;
export type ReportTargetType = (typeof REPORT_TARGETS)[number] | (string & {});

/** Another plugin's reportable thing, as the queue shows it. */
export interface ReportTargetInfo {
  /** Whose it is (the seller of a product, the owner of a place). */
  accountId: number;
  /** A short plain-text summary for moderators. */
  summary: string;
}

/**
 * Makes another plugin's objects reportable: answer for your GraphQL type
 * name (e.g. "Product") with the owner and a summary, or null when the id
 * is unknown or not readable to `viewerId` (then the report is NOT_FOUND).
 * Moderators can WARN about, DISMISS or SUSPEND the owner of such targets.
 */
export const ReportTargetLookup = defineFilter<ReportTargetInfo | null, { type: string; id: number; viewerId: number | null }>('trust.report-target', {
  description: 'Makes a plugin\'s objects reportable (e.g. Product): return the owner account and a summary for your type, or null.',
});

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

/**
 * What a moderator may do about a report (or directly about content):
 * WARN tells the author; DISMISS closes without action (and releases a
 * held note); APPROVE releases a held note; HIDE, DELETE, MARK_SENSITIVE,
 * LIMIT_REACH and REQUIRE_LABEL act on a note (HIDE and DELETE also on a
 * comment); SUSPEND suspends the account (temporarily or until lifted).
 */
export const MODERATION_ACTIONS = ['WARN', 'DISMISS', 'APPROVE', 'HIDE', 'DELETE', 'MARK_SENSITIVE', 'LIMIT_REACH', 'REQUIRE_LABEL', 'SUSPEND'] as const;
export type ModerationActionChoice = (typeof MODERATION_ACTIONS)[number];
/** Actions taken against someone: appealable, and counted in their history. */
export const AGAINST_SOMEONE = MODERATION_ACTIONS.filter((a) => a !== 'DISMISS' && a !== 'APPROVE');
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
  /** What the action needed: the required label, the end of a suspension. */
  details: ModerationDetails;
  createdAt: Date;
}

export interface ModerationDetails {
  label?: Disclosure;
  /** ISO time a suspension ends; null for one until lifted. */
  until?: string | null;
}

export interface TrustService {
  getReport(id: number): Promise<ReportRecord | null>;
  /** How many moderation actions (other than dismissals) were taken against this account. */
  actionsAgainst(accountId: number): Promise<number>;
}

export const TrustServiceRef = defineService<TrustService>('trust.trust', 'Trust: reports and moderation actions (read)');
