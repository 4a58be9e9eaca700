// Reports and the moderation log: filing (local people and inbound Flags),
// the queue, assignment and actions. Other plugins' content is reached only
// through the notes service and the accounts service.

import type { Kysely } from 'kysely';
import {
  AccountsServiceRef, NotificationsServiceRef, badInput, conflict, notFound, timestampValue, toDate, type PluginContext, type Viewer,
} from '../../core/index.ts';
import { NotesServiceRef } from '../notes/contracts.ts';
import { AGAINST_SOMEONE, MODERATION_ACTIONS, ReportTargetLookup } from './contracts.ts';
import { planAction, type ActionOptions, type ActionTarget, type PlannedAction } from './enforce.ts';
import type {
  ModerationActionChoice, ModerationActionRecord, ModerationDetails, ReportReason, ReportRecord, ReportStatus, ReportTargetType, TrustService,
} from './contracts.ts';
import type { TrustSettings } from './settings.ts';

const REPORT_COLUMNS = [
  'id', 'reporter_id', 'reporter_domain', 'target_type', 'target_id', 'target_account_id', 'reason', 'comment', 'status', 'assignee_id', 'created_at', 'resolved_at',
] as const;
const ACTION_COLUMNS = ['id', 'report_id', 'moderator_id', 'action', 'target_type', 'target_id', 'target_account_id', 'reason', 'details', 'created_at'] as const;

/** Longest report comment and action reason kept (characters). */
export const MAX_TEXT = 2000;

function checkReason(reason: string): string {
  const why = reason.trim();
  if (!why) throw badInput('Every moderation action needs a reason', { field: 'reason' });
  if (why.length > MAX_TEXT) throw badInput(`A reason has at most ${MAX_TEXT} characters`, { field: 'reason' });
  return why;
}

function targetColumns(target: ActionTarget) {
  return { targetType: target.type, targetId: target.id, targetAccountId: target.accountId };
}

function reportOf(row: any): ReportRecord {
  return {
    id: Number(row.id),
    reporterId: row.reporter_id == null ? null : Number(row.reporter_id),
    reporterDomain: row.reporter_domain ?? null,
    targetType: row.target_type,
    targetId: Number(row.target_id),
    targetAccountId: Number(row.target_account_id),
    reason: row.reason,
    comment: row.comment,
    status: row.status,
    assigneeId: row.assignee_id == null ? null : Number(row.assignee_id),
    createdAt: toDate(row.created_at)!,
    resolvedAt: toDate(row.resolved_at),
  };
}

function actionOf(row: any): ModerationActionRecord {
  return {
    id: Number(row.id),
    reportId: row.report_id == null ? null : Number(row.report_id),
    moderatorId: Number(row.moderator_id),
    action: row.action,
    targetType: row.target_type,
    targetId: Number(row.target_id),
    targetAccountId: Number(row.target_account_id),
    reason: row.reason,
    details: parseDetails(row.details),
    createdAt: toDate(row.created_at)!,
  };
}

function parseDetails(raw: unknown): ModerationDetails {
  try {
    const value = typeof raw === 'string' ? JSON.parse(raw) : raw;
    return value && typeof value === 'object' ? (value as ModerationDetails) : {};
  } catch {
    return {};
  }
}

export interface ReportTarget {
  type: ReportTargetType;
  id: number;
  /** The author, or the account itself. */
  accountId: number;
  /** A short plain-text summary for the queue. */
  summary: string;
}

export interface FileReportInput {
  targetType: ReportTargetType;
  targetId: number;
  reason: ReportReason;
  comment: string;
}

const stores = new WeakMap<object, TrustStore>();

export function storeOf(ctx: PluginContext<TrustSettings>): TrustStore {
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = new TrustStore(ctx)));
  return store;
}

export class TrustStore implements TrustService {
  readonly ctx: PluginContext<TrustSettings>;

  constructor(ctx: PluginContext<TrustSettings>) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  now() {
    return timestampValue(this.ctx.db.dialect, new Date());
  }

  /** The reported thing as `viewerId` may see it; not found when it is gone or not readable to them. */
  async target(type: ReportTargetType, id: number, viewerId: number | null): Promise<ReportTarget> {
    const gone = () => notFound(`The ${type.toLowerCase()}`);
    if (type === 'Note') {
      const notes = this.ctx.services.get(NotesServiceRef);
      const note = await notes.getById(id);
      if (!note || note.deletedAt || (viewerId != null && !(await notes.canRead(id, viewerId)))) throw gone();
      return { type, id, accountId: note.authorId, summary: notes.plainText(note).replace(/\s+/g, ' ').slice(0, 280) };
    }
    if (type === 'Comment') {
      const notes = this.ctx.services.get(NotesServiceRef);
      const comment = await notes.getComment(id);
      if (!comment || comment.deletedAt || (viewerId != null && !(await notes.canRead(comment.noteId, viewerId)))) throw gone();
      return { type, id, accountId: comment.authorId, summary: comment.body.slice(0, 280) };
    }
    if (type !== 'Account') {
      const other = await this.ctx.hooks.applyFilter(ReportTargetLookup, null, { type, id, viewerId });
      if (!other) throw notFound(`The ${type.toLowerCase()}`);
      return { type, id, accountId: other.accountId, summary: other.summary.slice(0, 280) };
    }
    const account = await this.ctx.services.get(AccountsServiceRef).getById(id);
    if (!account) throw gone();
    return { type, id, accountId: account.id, summary: `@${account.handle}` + (account.displayName && account.displayName !== account.handle ? ` (${account.displayName})` : '') };
  }

  /**
   * A local person's report. Reporting oneself or one's own content is
   * refused; a second report of the same target while the first is open
   * returns the open one; more than the hourly limit is RATE_LIMITED.
   */
  async fileReport(reporterId: number, input: FileReportInput): Promise<{ report: ReportRecord; created: boolean }> {
    const comment = input.comment.trim();
    if (comment.length > MAX_TEXT) throw badInput(`A report comment has at most ${MAX_TEXT} characters`);
    const target = await this.target(input.targetType, input.targetId, reporterId);
    if (target.accountId === reporterId) throw badInput('You cannot report yourself or your own content');
    const existing = await this.openReportBy(reporterId, target);
    if (existing) return { report: existing, created: false };
    // Counted only for new reports: repeats cost nothing and change nothing.
    await this.ctx.rateLimit(`trust.report:${reporterId}`, this.ctx.settings().reportsPerHour, 3_600_000);
    try {
      const row = await this.db
        .insertInto('trust_reports')
        .values({
          reporter_id: reporterId, reporter_domain: null, target_type: target.type, target_id: target.id, target_account_id: target.accountId,
          reason: input.reason, comment, status: 'open', created_at: this.now(),
        })
        .returning(REPORT_COLUMNS)
        .executeTakeFirstOrThrow();
      return { report: reportOf(row), created: true };
    } catch (err) {
      // Two reports of the same target at once: the unique index lets one in.
      const raced = await this.openReportBy(reporterId, target);
      if (raced) return { report: raced, created: false };
      throw err;
    }
  }

  private async openReportBy(reporterId: number, target: ReportTarget): Promise<ReportRecord | null> {
    const row = await this.db
      .selectFrom('trust_reports')
      .select(REPORT_COLUMNS)
      .where('reporter_id', '=', reporterId)
      .where('target_type', '=', target.type)
      .where('target_id', '=', target.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return row ? reportOf(row) : null;
  }

  /**
   * An inbound Flag: one report of the account (when named) from the other
   * instance, with the reported object URIs in its comment. A repeat of the
   * same Flag while the report is open is not filed twice.
   */
  async fileRemoteReport(flag: { domain: string; targetAccountId: number | null; objectUris: string[]; content: string }): Promise<ReportRecord | null> {
    if (flag.targetAccountId == null) {
      this.ctx.log.info({ domain: flag.domain, objects: flag.objectUris.length }, 'Flag without a local account ignored');
      return null;
    }
    const target = await this.target('Account', flag.targetAccountId, null).catch(() => null);
    if (!target) return null;
    const comment = [flag.content.trim(), ...flag.objectUris].filter(Boolean).join('\n').slice(0, MAX_TEXT);
    const repeat = await this.db
      .selectFrom('trust_reports')
      .select(REPORT_COLUMNS)
      .where('reporter_domain', '=', flag.domain)
      .where('target_type', '=', 'Account')
      .where('target_id', '=', target.id)
      .where('status', '=', 'open')
      .where('comment', '=', comment)
      .executeTakeFirst();
    if (repeat) return reportOf(repeat);
    const row = await this.db
      .insertInto('trust_reports')
      .values({
        reporter_id: null, reporter_domain: flag.domain, target_type: 'Account', target_id: target.id, target_account_id: target.accountId,
        reason: 'OTHER', comment, status: 'open', created_at: this.now(),
      })
      .returning(REPORT_COLUMNS)
      .executeTakeFirstOrThrow();
    return reportOf(row);
  }

  async getAction(id: number): Promise<ModerationActionRecord | null> {
    const row = await this.db.selectFrom('trust_actions').select(ACTION_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? actionOf(row) : null;
  }

  /** Adds a log entry (inside the caller's transaction). */
  async record(db: Kysely<any>, entry: Omit<ModerationActionRecord, 'id' | 'createdAt' | 'details'> & { details?: ModerationDetails }): Promise<ModerationActionRecord> {
    const row = await db
      .insertInto('trust_actions')
      .values({
        report_id: entry.reportId, moderator_id: entry.moderatorId, action: entry.action, target_type: entry.targetType, target_id: entry.targetId,
        target_account_id: entry.targetAccountId, reason: entry.reason, details: JSON.stringify(entry.details ?? {}), created_at: this.now(),
      })
      .returning(ACTION_COLUMNS)
      .executeTakeFirstOrThrow();
    return actionOf(row);
  }

  async getReport(id: number): Promise<ReportRecord | null> {
    const row = await this.db.selectFrom('trust_reports').select(REPORT_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? reportOf(row) : null;
  }

  /** Oldest first (first come, first served); `afterId` pages on. Fetches one more than `limit` to tell if there are more. */
  async queue(status: ReportStatus, limit: number, afterId: number | null): Promise<ReportRecord[]> {
    let q = this.db.selectFrom('trust_reports').select(REPORT_COLUMNS).where('status', '=', status);
    if (afterId != null) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id', 'asc').limit(limit + 1).execute();
    return rows.map(reportOf);
  }

  async assign(reportId: number, moderatorId: number): Promise<ReportRecord> {
    const report = await this.getReport(reportId);
    if (!report) throw notFound('No such report');
    if (report.status !== 'open') throw conflict('This report is already closed');
    await this.db.updateTable('trust_reports').set({ assignee_id: moderatorId }).where('id', '=', reportId).execute();
    return { ...report, assigneeId: moderatorId };
  }

  async actionsAgainst(accountId: number): Promise<number> {
    const row = await this.db
      .selectFrom('trust_actions')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('target_account_id', '=', accountId)
      .where('action', 'in', AGAINST_SOMEONE)
      // An action overturned on appeal is not held against the person.
      .where('id', 'not in', this.db.selectFrom('trust_appeals').select('action_id').where('status', '=', 'overturned'))
      .executeTakeFirstOrThrow();
    return Number((row as any).n);
  }

  /**
   * Acts on a report: checks the action against the target and the
   * moderator, closes the report and logs the action (one transaction),
   * then applies the effect; when the effect fails, the log entry goes and
   * the report reopens (nothing half-done). Then the affected person hears
   * why and the reporter hears the outcome.
   */
  async act(reportId: number, moderator: Viewer, action: ModerationActionChoice, reason: string, options: ActionOptions = {}): Promise<ModerationActionRecord> {
    const why = checkReason(reason);
    if (!(MODERATION_ACTIONS as readonly string[]).includes(action)) throw badInput(`${action} is not an action on a report`);
    const report = await this.getReport(reportId);
    if (!report) throw notFound('No such report');
    if (report.status !== 'open') throw conflict('This report is already closed');
    if (report.targetAccountId === moderator.accountId) throw badInput('You cannot moderate a report about yourself; another moderator has to');
    const target = { type: report.targetType, id: report.targetId, accountId: report.targetAccountId };
    const plan = await planAction(this.ctx, moderator, target, action, options, why);
    const record = await this.ctx.db.transaction(async ({ db }) => {
      const updated = await db
        .updateTable('trust_reports')
        .set({ status: action === 'DISMISS' ? 'dismissed' : 'resolved', resolved_at: this.now(), assignee_id: moderator.accountId })
        .where('id', '=', reportId)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw conflict('This report is already closed');
      return this.record(db, { reportId, moderatorId: moderator.accountId, action, ...targetColumns(target), reason: why, details: plan.details });
    });
    await this.applyOrUndo(plan, record, reportId);
    await this.tell(record, report.reporterId != null ? report : null);
    return record;
  }

  /** Acts on a note, comment or account directly (no report), e.g. from the note page or on remote content. */
  async actOn(type: ReportTargetType, id: number, moderator: Viewer, action: ModerationActionChoice, reason: string, options: ActionOptions = {}): Promise<ModerationActionRecord> {
    const why = checkReason(reason);
    if (action === 'DISMISS') throw badInput('DISMISS closes a report; there is no report here', { field: 'action' });
    const found = await this.target(type, id, null);
    if (found.accountId === moderator.accountId) throw badInput('You cannot moderate yourself or your own content; another moderator has to');
    const target = { type, id, accountId: found.accountId };
    const plan = await planAction(this.ctx, moderator, target, action, options, why);
    const record = await this.record(this.db, { reportId: null, moderatorId: moderator.accountId, action, ...targetColumns(target), reason: why, details: plan.details });
    await this.applyOrUndo(plan, record, null);
    await this.tell(record, null);
    return record;
  }

  private async applyOrUndo(plan: PlannedAction, record: ModerationActionRecord, reportId: number | null): Promise<void> {
    try {
      await plan.apply();
    } catch (err) {
      await this.ctx.db.transaction(async ({ db }) => {
        await db.deleteFrom('trust_actions').where('id', '=', record.id).execute();
        if (reportId != null) await db.updateTable('trust_reports').set({ status: 'open', resolved_at: null }).where('id', '=', reportId).execute();
      });
      throw err;
    }
  }

  /** The affected person (of this instance) hears what and why; a local reporter hears the outcome. */
  private async tell(record: ModerationActionRecord, report: ReportRecord | null): Promise<void> {
    const notifications = this.ctx.services.get(NotificationsServiceRef);
    const affected = await this.ctx.services.get(AccountsServiceRef).getById(record.targetAccountId);
    if (record.action !== 'DISMISS' && affected && !affected.remote) {
      await notifications.notify({
        accountId: record.targetAccountId, kind: 'moderation-action', actorId: record.moderatorId, subject: { type: 'ModerationAction', id: record.id },
        data: { action: record.action, reason: record.reason, ...record.details },
      });
    }
    if (report?.reporterId != null) {
      await notifications.notify({
        accountId: report.reporterId, kind: 'report-outcome', actorId: record.moderatorId, subject: { type: 'Report', id: report.id },
        data: { outcome: record.action === 'DISMISS' ? 'dismissed' : 'actioned', action: record.action },
      });
    }
  }

  /** Actions taken against one person, newest first (theirs to read: "why is this hidden"). */
  async actionsOn(filter: { accountId?: number; targetType?: ReportTargetType; targetId?: number }, limit: number, beforeId: number | null): Promise<ModerationActionRecord[]> {
    let q = this.db.selectFrom('trust_actions').select(ACTION_COLUMNS);
    if (filter.accountId != null) q = q.where('target_account_id', '=', filter.accountId);
    if (filter.targetType != null) q = q.where('target_type', '=', filter.targetType).where('target_id', '=', filter.targetId!);
    if (beforeId != null) q = q.where('id', '<', beforeId);
    return (await q.orderBy('id', 'desc').limit(limit + 1).execute()).map(actionOf);
  }

  /** The audit log, newest first; `beforeId` pages on. Fetches one more than `limit`. */
  async log(limit: number, beforeId: number | null): Promise<ModerationActionRecord[]> {
    let q = this.db.selectFrom('trust_actions').select(ACTION_COLUMNS);
    if (beforeId != null) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    return rows.map(actionOf);
  }
}
