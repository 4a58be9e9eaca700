// Resolvers of the trust plugin. Filing a report is for any signed-in
// person; the queue, assignment, actions and the log need the moderator or
// admin role. Moderator-only fields of Report are null for the reporter.

import {
  AccountsServiceRef, CursorCodec, badInput, fromGlobalId, isStaff, localId, requireRole, requireViewer, toGlobalId,
  type MeadowContext, type PluginContext, type Resolvers,
} from '../../core/index.ts';
import { type AppealRecord, type AppealStatus, type ModerationActionChoice, type ModerationActionRecord, type ReportReason, type ReportRecord, type ReportStatus, type ReportTargetType } from './contracts.ts';
import type { TrustSettings } from './settings.ts';
import { appealsOf, type AppealDecision } from './appeals.ts';
import { storeOf } from './store.ts';
import type { ActionOptions } from './enforce.ts';

type Ctx = MeadowContext;

export function trustResolvers(ctx: PluginContext<TrustSettings>): Resolvers {
  const store = storeOf(ctx);
  const appeals = appealsOf(ctx);
  const codec = new CursorCodec(ctx.secret);
  const accounts = () => ctx.services.get(AccountsServiceRef);
  const account = (id: number | null, gctx: Ctx) => (id == null ? null : accounts().loader(gctx).load(id));
  const staffOnly = <T>(gctx: Ctx, value: () => T): T | null => (isStaff(gctx.viewer) ? value() : null);

  const checkFirst = (first: number) => {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first must be between 1 and 100', { field: 'first' });
    return first;
  };
  /** Cursors carry the list they belong to, so one list's cursor is refused by another. */
  const positionOf = (list: string, after: string | null | undefined): number | null => {
    if (!after) return null;
    const raw = codec.decode<unknown>(after);
    if (!Array.isArray(raw) || raw[0] !== list || !Number.isSafeInteger(raw[1])) throw badInput('This cursor belongs to another list; start again from the first page');
    return raw[1] as number;
  };
  const connection = <T extends { id: number }>(list: string, rows: T[], first: number) => {
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({ cursor: codec.encode([list, node.id]), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
  };
  const reportId = (id: string) => localId(id, 'Report');
  // Notes, comments and accounts; other kinds when a plugin answers trust.report-target for them (else NOT_FOUND).
  const targetTypeOf = (id: string): ReportTargetType => {
    const { type } = fromGlobalId(id);
    if (!/^[A-Z][A-Za-z]{1,40}$/.test(type) || ['Report', 'ModerationAction', 'Appeal'].includes(type)) {
      throw badInput(`A ${type.slice(0, 40)} cannot be reported or moderated`, { field: 'targetId' });
    }
    return type;
  };

  return {
    Report: {
      id: (r: ReportRecord) => toGlobalId('Report', r.id),
      status: (r: ReportRecord) => r.status.toUpperCase(),
      targetId: (r: ReportRecord) => toGlobalId(r.targetType, r.targetId),
      targetSummary: (r: ReportRecord, _: unknown, gctx: Ctx) =>
        staffOnly(gctx, () => store.target(r.targetType, r.targetId, null).then((t) => t.summary, () => '(removed)')),
      targetAccount: (r: ReportRecord, _: unknown, gctx: Ctx) => staffOnly(gctx, () => account(r.targetAccountId, gctx)),
      targetAccountPreviousActions: (r: ReportRecord, _: unknown, gctx: Ctx) =>
        staffOnly(gctx, () => gctx.loaders.get<number, number>('trust.actionsAgainst', (ids) => Promise.all(ids.map((id) => store.actionsAgainst(id)))).load(r.targetAccountId)),
      reporter: (r: ReportRecord, _: unknown, gctx: Ctx) => staffOnly(gctx, () => account(r.reporterId, gctx)),
      assignee: (r: ReportRecord, _: unknown, gctx: Ctx) => staffOnly(gctx, () => account(r.assigneeId, gctx)),
    },
    ModerationAction: {
      id: (a: ModerationActionRecord) => toGlobalId('ModerationAction', a.id),
      moderator: (a: ModerationActionRecord, _: unknown, gctx: Ctx) => account(a.moderatorId, gctx),
      targetId: (a: ModerationActionRecord) => toGlobalId(a.targetType, a.targetId),
      targetAccount: (a: ModerationActionRecord, _: unknown, gctx: Ctx) => account(a.targetAccountId, gctx),
      reportId: (a: ModerationActionRecord) => (a.reportId == null ? null : toGlobalId('Report', a.reportId)),
      appeal: (a: ModerationActionRecord) => appeals.ofAction(a.id),
      label: (a: ModerationActionRecord) => a.details.label ?? null,
      suspendedUntil: (a: ModerationActionRecord) => (a.details.until ? new Date(a.details.until) : null),
    },
    Note: {
      moderationHistory: async (n: { id: number; authorId: number }, _: unknown, gctx: Ctx) => {
        if (!gctx.viewer || (gctx.viewer.accountId !== n.authorId && !isStaff(gctx.viewer))) return null;
        return (await store.actionsOn({ targetType: 'Note', targetId: n.id }, 20, null)).slice(0, 20);
      },
    },
    Appeal: {
      id: (a: AppealRecord) => toGlobalId('Appeal', a.id),
      action: (a: AppealRecord) => store.getAction(a.actionId),
      status: (a: AppealRecord) => a.status.toUpperCase(),
      appellant: (a: AppealRecord, _: unknown, gctx: Ctx) => account(a.accountId, gctx),
      reviewer: (a: AppealRecord, _: unknown, gctx: Ctx) => account(a.reviewerId, gctx),
    },
    Query: {
      appeals: async (_: unknown, args: { status: string; first: number; after?: string | null }, gctx: Ctx) => {
        requireRole(gctx, 'moderator');
        const first = checkFirst(args.first);
        const status = args.status.toLowerCase() as AppealStatus;
        const list = `appeals:${status}`;
        return connection(list, await appeals.list(status, first, positionOf(list, args.after)), first);
      },
      moderationQueue: async (_: unknown, args: { status: string; first: number; after?: string | null }, gctx: Ctx) => {
        requireRole(gctx, 'moderator');
        const first = checkFirst(args.first);
        const status = args.status.toLowerCase() as ReportStatus;
        const list = `queue:${status}`;
        return connection(list, await store.queue(status, first, positionOf(list, args.after)), first);
      },
      myModerationActions: async (_: unknown, args: { first: number; after?: string | null }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const first = checkFirst(args.first);
        return connection('mine', await store.actionsOn({ accountId: viewer.accountId }, first, positionOf('mine', args.after)), first);
      },
      moderationLog: async (_: unknown, args: { first: number; after?: string | null }, gctx: Ctx) => {
        requireRole(gctx, 'moderator');
        const first = checkFirst(args.first);
        return connection('log', await store.log(first, positionOf('log', args.after)), first);
      },
    },
    Mutation: {
      appeal: (_: unknown, args: { actionId: string; text: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        return appeals.appeal(viewer.accountId, localId(args.actionId, 'ModerationAction'), args.text);
      },
      reviewAppeal: async (_: unknown, args: { id: string; decision: AppealDecision; reason: string }, gctx: Ctx) => {
        const moderator = requireRole(gctx, 'moderator');
        return (await appeals.review(moderator.accountId, localId(args.id, 'Appeal'), args.decision, args.reason)).appeal;
      },
      report: async (_: unknown, args: { input: { targetId: string; reason: ReportReason; comment?: string | null } }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const type = targetTypeOf(args.input.targetId);
        const targetId = localId(args.input.targetId, type);
        const { report } = await store.fileReport(viewer.accountId, {
          targetType: type as ReportTargetType, targetId, reason: args.input.reason, comment: args.input.comment ?? '',
        });
        return report;
      },
      assignReport: (_: unknown, args: { id: string }, gctx: Ctx) => {
        const moderator = requireRole(gctx, 'moderator');
        return store.assign(reportId(args.id), moderator.accountId);
      },
      moderate: (_: unknown, args: { reportId: string; action: ModerationActionChoice; reason: string; options?: ActionOptions | null }, gctx: Ctx) => {
        const moderator = requireRole(gctx, 'moderator');
        return store.act(reportId(args.reportId), moderator, args.action, args.reason, args.options ?? {});
      },
      moderateContent: (_: unknown, args: { targetId: string; action: ModerationActionChoice; reason: string; options?: ActionOptions | null }, gctx: Ctx) => {
        const moderator = requireRole(gctx, 'moderator');
        const type = targetTypeOf(args.targetId);
        return store.actOn(type, localId(args.targetId, type), moderator, args.action, args.reason, args.options ?? {});
      },
    },
  };
}
