// Moderation statistics for admins: grouped counts straight from the trust
// tables (one query per figure, each a single GROUP BY or COUNT), and the
// time from a report to the first action on it, whose median and 90th
// percentile are taken here over the newest acted-on reports (bounded).

import { sql, type Kysely } from 'kysely';
import { timestampValue, toDate, type Dialect } from '../../../core/index.ts';
import { APPEAL_DECISIONS, MODERATION_ACTIONS, REPORT_REASONS, type AppealStatus, type ReportReason, type ReportStatus } from '../contracts.ts';

/** How many acted-on reports the response times are computed over (the newest). */
export const RESPONSE_SAMPLE = 10_000;
const DAY_MS = 86_400_000;
const REPORT_STATUSES: ReportStatus[] = ['open', 'resolved', 'dismissed'];
const APPEAL_STATUSES: AppealStatus[] = ['pending', 'upheld', 'overturned'];
const ACTION_KINDS: string[] = [...MODERATION_ACTIONS, ...APPEAL_DECISIONS];

export interface ModerationStats {
  since: Date | null;
  reports: number;
  reportsByStatus: { status: ReportStatus; count: number }[];
  reportsByReason: { reason: ReportReason; count: number }[];
  actionsByKind: { action: string; count: number }[];
  appealsByOutcome: { status: AppealStatus; count: number }[];
  timeToFirstAction: { count: number; medianSeconds: number | null; p90Seconds: number | null };
  /** Open now and filed more than a day ago (whatever `since` says). */
  openOlderThanDay: number;
  reportsFromOtherInstances: number;
  forwardedReports: number;
}

/** The value at fraction `p` of ascending `sorted` (nearest rank); null for none. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export async function moderationStats(db: Kysely<any>, dialect: Dialect, since: Date | null, now = new Date()): Promise<ModerationStats> {
  const from = since ? timestampValue(dialect, since) : null;
  const remote = sql<number>`case when reporter_domain is null then 0 else 1 end`;

  let reportsQuery = db.selectFrom('trust_reports')
    .select(['status', 'reason', remote.as('remote'), (eb) => eb.fn.countAll().as('n')])
    .groupBy(['status', 'reason', remote]);
  if (from != null) reportsQuery = reportsQuery.where('created_at', '>=', from);
  let actionsQuery = db.selectFrom('trust_actions').select(['action', (eb) => eb.fn.countAll().as('n')]).groupBy('action');
  if (from != null) actionsQuery = actionsQuery.where('created_at', '>=', from);
  let appealsQuery = db.selectFrom('trust_appeals').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status');
  if (from != null) appealsQuery = appealsQuery.where('created_at', '>=', from);
  let forwardsQuery = db.selectFrom('trust_forwards').select((eb) => eb.fn.countAll().as('n'));
  if (from != null) forwardsQuery = forwardsQuery.where('created_at', '>=', from);
  const staleQuery = db.selectFrom('trust_reports').select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'open').where('created_at', '<', timestampValue(dialect, new Date(now.getTime() - DAY_MS)));
  // The first action on each report (appeal decisions come later and are not a response).
  let firstQuery = db.selectFrom('trust_reports as r')
    .innerJoin('trust_actions as a', 'a.report_id', 'r.id')
    .select(['r.id', 'r.created_at', (eb) => eb.fn.min('a.created_at').as('first_at')])
    .where('a.action', 'not in', [...APPEAL_DECISIONS])
    .groupBy(['r.id', 'r.created_at'])
    .orderBy('r.id', 'desc')
    .limit(RESPONSE_SAMPLE);
  if (from != null) firstQuery = firstQuery.where('r.created_at', '>=', from);

  const [reportRows, actionRows, appealRows, forwards, stale, firstRows] = await Promise.all([
    reportsQuery.execute(), actionsQuery.execute(), appealsQuery.execute(), forwardsQuery.executeTakeFirstOrThrow(), staleQuery.executeTakeFirstOrThrow(), firstQuery.execute(),
  ]);

  const byStatus = new Map<string, number>();
  const byReason = new Map<string, number>();
  let reports = 0;
  let fromOtherInstances = 0;
  for (const row of reportRows) {
    const n = Number(row.n);
    reports += n;
    byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + n);
    byReason.set(row.reason, (byReason.get(row.reason) ?? 0) + n);
    if (Number(row.remote) === 1) fromOtherInstances += n;
  }
  const byAction = new Map(actionRows.map((r) => [r.action as string, Number(r.n)]));
  const byAppeal = new Map(appealRows.map((r) => [r.status as string, Number(r.n)]));

  const seconds = firstRows
    .map((r) => Math.max(0, (toDate(r.first_at)!.getTime() - toDate(r.created_at)!.getTime()) / 1000))
    .sort((x, y) => x - y);
  const rounded = (v: number | null) => (v == null ? null : Math.round(v));

  return {
    since,
    reports,
    reportsByStatus: REPORT_STATUSES.map((status) => ({ status, count: byStatus.get(status) ?? 0 })),
    reportsByReason: REPORT_REASONS.map((reason) => ({ reason, count: byReason.get(reason) ?? 0 })),
    // Every kind this version knows, in the order of the enum (unknown stored kinds are left out).
    actionsByKind: ACTION_KINDS.map((action) => ({ action, count: byAction.get(action) ?? 0 })),
    appealsByOutcome: APPEAL_STATUSES.map((status) => ({ status, count: byAppeal.get(status) ?? 0 })),
    timeToFirstAction: { count: seconds.length, medianSeconds: rounded(nearestRank(seconds, 0.5)), p90Seconds: rounded(nearestRank(seconds, 0.9)) },
    openOlderThanDay: Number((stale as any).n),
    reportsFromOtherInstances: fromOtherInstances,
    forwardedReports: Number((forwards as any).n),
  };
}
