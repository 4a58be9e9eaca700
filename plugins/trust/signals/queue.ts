// Signals found, kept, and brought to the moderators: one row per target
// and kind (trust_signals), and a report filed by the instance itself (no
// reporter, no domain) when a signal reaches its queue threshold or holds
// a note. Nothing is hidden or deleted here: people decide.

import type { Kysely } from 'kysely';
import { timestampValue, toDate, type PluginContext } from '../../../core/index.ts';
import type { ReportReason } from '../contracts.ts';
import { MAX_TEXT } from '../store.ts';
import type { TrustSettings } from '../settings.ts';
import { thresholdsOf } from './settings.ts';
import type { Signal, SignalKind, SignalTargetType } from './types.ts';

export interface StoredSignal {
  id: number;
  targetType: SignalTargetType;
  targetId: number;
  accountId: number;
  kind: SignalKind;
  score: number;
  explanation: string;
  origin: string | null;
  reportId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = ['id', 'target_type', 'target_id', 'account_id', 'kind', 'score', 'explanation', 'origin', 'report_id', 'created_at', 'updated_at'] as const;

function signalOf(row: any): StoredSignal {
  return {
    id: Number(row.id), targetType: row.target_type, targetId: Number(row.target_id), accountId: Number(row.account_id), kind: row.kind, score: Number(row.score),
    explanation: row.explanation, origin: row.origin ?? null, reportId: row.report_id == null ? null : Number(row.report_id),
    createdAt: toDate(row.created_at)!, updatedAt: toDate(row.updated_at)!,
  };
}

/** The report reason a signal stands for; the strongest kind of a target decides. */
const REASON: Record<SignalKind, ReportReason> = {
  'coordinated-burst': 'FAKE_SEEDING', 'undisclosed-ad': 'UNDISCLOSED_AD', 'near-duplicate': 'SPAM', 'spam-links': 'SPAM', 'word-list': 'OTHER',
};
const PRIORITY: SignalKind[] = ['coordinated-burst', 'undisclosed-ad', 'near-duplicate', 'spam-links', 'word-list'];

export interface SignalTargetRef {
  type: SignalTargetType;
  id: number;
  accountId: number;
}

export class SignalQueue {
  private readonly ctx: PluginContext<TrustSettings>;
  constructor(ctx: PluginContext<TrustSettings>) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private now() {
    return timestampValue(this.ctx.db.dialect, new Date());
  }

  /**
   * Records what the evaluation of `target` found: its own findings replace
   * the previous ones (an edit that adds the label ends the ad signal);
   * findings from another post (`origin`) only ever raise a score.
   */
  async record(target: SignalTargetRef, signals: Signal[], origin: string | null): Promise<void> {
    await this.ctx.db.transaction(async ({ db }) => {
      if (origin == null) {
        let stale = db.deleteFrom('trust_signals').where('target_type', '=', target.type).where('target_id', '=', target.id).where('origin', 'is', null);
        if (signals.length) stale = stale.where('kind', 'not in', signals.map((s) => s.kind));
        await stale.execute();
      }
      for (const s of signals) {
        const existing = await db.selectFrom('trust_signals').select(['id', 'score', 'origin'])
          .where('target_type', '=', target.type).where('target_id', '=', target.id).where('kind', '=', s.kind).executeTakeFirst();
        const values = { score: s.score, explanation: s.explanation.slice(0, MAX_TEXT), origin, updated_at: this.now() };
        if (!existing) {
          await db.insertInto('trust_signals').values({ target_type: target.type, target_id: target.id, account_id: target.accountId, kind: s.kind, ...values, created_at: this.now() }).execute();
        } else if (origin == null || Number(existing.score) < s.score) {
          await db.updateTable('trust_signals').set(values).where('id', '=', existing.id).execute();
        }
      }
    });
  }

  async signalsOf(type: SignalTargetType, id: number): Promise<StoredSignal[]> {
    const rows = await this.db.selectFrom('trust_signals').select(COLUMNS).where('target_type', '=', type).where('target_id', '=', id).orderBy('score', 'desc').execute();
    return rows.map(signalOf);
  }

  async signalsOfReport(reportId: number): Promise<StoredSignal[]> {
    const rows = await this.db.selectFrom('trust_signals').select(COLUMNS).where('report_id', '=', reportId).orderBy('score', 'desc').execute();
    return rows.map(signalOf);
  }

  /**
   * The open report the instance filed about the target, or a new one,
   * when a signal reaches its queue threshold (or `force`, for a held
   * note): reason from the strongest kind, comment listing the findings.
   */
  async fileIfDue(target: SignalTargetRef, force = false): Promise<number | null> {
    const settings = this.ctx.settings().signals;
    const due = (await this.signalsOf(target.type, target.id)).filter((s) => force || s.score >= thresholdsOf(settings, s.kind).queueAt);
    if (!due.length) return null;
    const kinds = new Set(due.map((s) => s.kind));
    const reason = REASON[PRIORITY.find((k) => kinds.has(k))!];
    const comment = ['Automatic signals:', ...due.map((s) => `- ${s.kind} (${s.score.toFixed(2)}): ${s.explanation}`)].join('\n').slice(0, MAX_TEXT);
    return this.ctx.db.transaction(async ({ db }) => {
      const open = await db.selectFrom('trust_reports').select('id')
        .where('reporter_id', 'is', null).where('reporter_domain', 'is', null)
        .where('target_type', '=', target.type).where('target_id', '=', target.id).where('status', '=', 'open')
        .executeTakeFirst();
      let reportId: number;
      if (open) {
        reportId = Number(open.id);
        await db.updateTable('trust_reports').set({ reason, comment }).where('id', '=', reportId).execute();
      } else {
        const row = await db.insertInto('trust_reports')
          .values({ reporter_id: null, reporter_domain: null, target_type: target.type, target_id: target.id, target_account_id: target.accountId, reason, comment, status: 'open', created_at: this.now() })
          .returning('id').executeTakeFirstOrThrow();
        reportId = Number(row.id);
      }
      await db.updateTable('trust_signals').set({ report_id: reportId }).where('id', 'in', due.map((s) => s.id)).execute();
      return reportId;
    });
  }

  /**
   * Per note, the strongest signal at or above its demotion threshold —
   * unless a moderator dismissed the report it led to (then it is cleared).
   */
  async demotions(noteIds: readonly number[]): Promise<Map<number, StoredSignal>> {
    const out = new Map<number, StoredSignal>();
    if (!noteIds.length) return out;
    const settings = this.ctx.settings().signals;
    const rows = await this.db.selectFrom('trust_signals as s')
      .leftJoin('trust_reports as r', 'r.id', 's.report_id')
      .select(COLUMNS.map((c) => `s.${c}` as const))
      .where('s.target_type', '=', 'Note').where('s.target_id', 'in', [...new Set(noteIds)])
      .where((eb) => eb.or([eb('r.status', 'is', null), eb('r.status', '!=', 'dismissed')]))
      .execute();
    for (const s of rows.map(signalOf)) {
      if (s.score < thresholdsOf(settings, s.kind).demoteAt) continue;
      const best = out.get(s.targetId);
      if (!best || best.score < s.score) out.set(s.targetId, s);
    }
    return out;
  }
}

const queues = new WeakMap<object, SignalQueue>();
export function signalQueueOf(ctx: PluginContext<TrustSettings>): SignalQueue {
  let q = queues.get(ctx);
  if (!q) queues.set(ctx, (q = new SignalQueue(ctx)));
  return q;
}
