// Appeals: the person a moderation action was taken against appeals it once,
// with a text; another moderator (never the one who acted) upholds or
// overturns it. The decision is itself a log entry (APPEAL_UPHELD /
// APPEAL_OVERTURNED) that cannot be appealed: no appeal of an appeal.

import { NotificationsServiceRef, badInput, conflict, forbidden, notFound, toDate, type PluginContext } from '../../core/index.ts';
import { AGAINST_SOMEONE, type AppealRecord, type AppealStatus, type ModerationActionRecord } from './contracts.ts';
import type { TrustSettings } from './settings.ts';
import { MAX_TEXT, storeOf, type TrustStore } from './store.ts';
import { revertAction } from './enforce.ts';

const COLUMNS = ['id', 'action_id', 'account_id', 'text', 'status', 'reviewer_id', 'created_at', 'decided_at'] as const;

function appealOf(row: any): AppealRecord {
  return {
    id: Number(row.id),
    actionId: Number(row.action_id),
    accountId: Number(row.account_id),
    text: row.text,
    status: row.status,
    reviewerId: row.reviewer_id == null ? null : Number(row.reviewer_id),
    createdAt: toDate(row.created_at)!,
    decidedAt: toDate(row.decided_at),
  };
}

export type AppealDecision = 'UPHOLD' | 'OVERTURN';

const appealsByCtx = new WeakMap<object, Appeals>();

export function appealsOf(ctx: PluginContext<TrustSettings>): Appeals {
  let appeals = appealsByCtx.get(ctx);
  if (!appeals) appealsByCtx.set(ctx, (appeals = new Appeals(ctx, storeOf(ctx))));
  return appeals;
}

export class Appeals {
  readonly ctx: PluginContext<TrustSettings>;
  readonly store: TrustStore;

  constructor(ctx: PluginContext<TrustSettings>, store: TrustStore) {
    this.ctx = ctx;
    this.store = store;
  }

  private get db() {
    return this.ctx.db.kysely();
  }

  async get(id: number): Promise<AppealRecord | null> {
    const row = await this.db.selectFrom('trust_appeals').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? appealOf(row) : null;
  }

  async ofAction(actionId: number): Promise<AppealRecord | null> {
    const row = await this.db.selectFrom('trust_appeals').select(COLUMNS).where('action_id', '=', actionId).executeTakeFirst();
    return row ? appealOf(row) : null;
  }

  /** Only the affected person, once per action, and only an action taken against them (not a dismissal or an appeal decision). */
  async appeal(accountId: number, actionId: number, text: string): Promise<AppealRecord> {
    const body = text.trim();
    if (!body) throw badInput('Say why the action was wrong');
    if (body.length > MAX_TEXT) throw badInput(`An appeal has at most ${MAX_TEXT} characters`);
    const action = await this.store.getAction(actionId);
    if (!action) throw notFound('No such moderation action');
    if (action.targetAccountId !== accountId) throw forbidden('Only the person an action was taken against can appeal it');
    if (action.action === 'APPEAL_UPHELD' || action.action === 'APPEAL_OVERTURNED') throw badInput('An appeal decision is final; it cannot be appealed');
    if (!(AGAINST_SOMEONE as readonly string[]).includes(action.action)) throw badInput('Only an action taken against you can be appealed');
    if (await this.ofAction(actionId)) throw conflict('This action was already appealed; an action is appealed once');
    try {
      const row = await this.db
        .insertInto('trust_appeals')
        .values({ action_id: actionId, account_id: accountId, text: body, status: 'pending', created_at: this.store.now() })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return appealOf(row);
    } catch (err) {
      // Two appeals at once: the unique index lets one in.
      if (await this.ofAction(actionId)) throw conflict('This action was already appealed; an action is appealed once');
      throw err;
    }
  }

  /** Pending first-come-first-served (or decided ones); `afterId` pages on; one extra row tells if there are more. */
  async list(status: AppealStatus, limit: number, afterId: number | null): Promise<AppealRecord[]> {
    let q = this.db.selectFrom('trust_appeals').select(COLUMNS).where('status', '=', status);
    if (afterId != null) q = q.where('id', '>', afterId);
    return (await q.orderBy('id', 'asc').limit(limit + 1).execute()).map(appealOf);
  }

  /** By a moderator other than the one who acted; records the decision in the log and tells the person. */
  async review(reviewerId: number, appealId: number, decision: AppealDecision, reason: string): Promise<{ appeal: AppealRecord; entry: ModerationActionRecord }> {
    const why = reason.trim();
    if (!why) throw badInput('Every appeal decision needs a reason');
    if (why.length > MAX_TEXT) throw badInput(`A reason has at most ${MAX_TEXT} characters`);
    const appeal = await this.get(appealId);
    if (!appeal) throw notFound('No such appeal');
    const action = (await this.store.getAction(appeal.actionId))!;
    if (action.moderatorId === reviewerId) throw forbidden('Another moderator has to review an appeal of your own action');
    if (appeal.accountId === reviewerId) throw forbidden('You cannot review your own appeal');
    if (appeal.status !== 'pending') throw conflict('This appeal was already decided');
    const status = decision === 'OVERTURN' ? 'overturned' : 'upheld';
    const entry = await this.ctx.db.transaction(async ({ db }) => {
      const res = await db
        .updateTable('trust_appeals')
        .set({ status, reviewer_id: reviewerId, decided_at: this.store.now() })
        .where('id', '=', appealId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw conflict('This appeal was already decided');
      return this.store.record(db, {
        reportId: action.reportId, moderatorId: reviewerId, action: decision === 'OVERTURN' ? 'APPEAL_OVERTURNED' : 'APPEAL_UPHELD',
        targetType: action.targetType, targetId: action.targetId, targetAccountId: action.targetAccountId, reason: why,
      });
    });
    // Overturned: the action is undone (unhidden, restored, unsuspended…) as far as it still can be.
    const unrestorable = status === 'overturned' ? await revertAction(this.ctx, action) : null;
    await this.ctx.services.get(NotificationsServiceRef).notify({
      accountId: appeal.accountId, kind: 'appeal-decided', actorId: reviewerId, subject: { type: 'ModerationAction', id: action.id },
      data: { decision: status, reason: why, ...(unrestorable ? { note: unrestorable } : {}) },
    });
    return { appeal: { ...appeal, status, reviewerId }, entry };
  }
}
