// Forwarding a report to another instance: when the reported note, comment
// or person belongs to a remote account, a moderator sends the report to
// that account's instance as a Flag (core's sendFlag, from the instance
// actor, so the reporter is never named there). The Flag names the account
// and the ActivityPub ids of the reported note or comment; its content is
// the moderator's comment, never the reporter's (which could identify them).
// A report is forwarded once; instances under a suspend block get nothing.

import {
  AccountsServiceRef, FederationServiceRef, badInput, conflict, notFound, timestampValue, toDate, type PluginContext,
} from '../../../core/index.ts';
import { NotesServiceRef } from '../../notes/contracts.ts';
import type { ReportReason, ReportRecord } from '../contracts.ts';
import type { TrustSettings } from '../settings.ts';
import { MAX_TEXT, storeOf } from '../store.ts';

export interface ForwardRecord {
  reportId: number;
  domain: string;
  moderatorId: number;
  comment: string;
  createdAt: Date;
}

const COLUMNS = ['report_id', 'domain', 'moderator_id', 'comment', 'created_at'] as const;

function forwardOf(row: any): ForwardRecord {
  return {
    reportId: Number(row.report_id),
    domain: row.domain,
    moderatorId: Number(row.moderator_id),
    comment: row.comment,
    createdAt: toDate(row.created_at)!,
  };
}

/** The Flag's content when the moderator adds no comment: the reason, in plain words. */
const REASON_TEXT: Record<ReportReason, string> = {
  SPAM: 'Reported as spam',
  FAKE_SEEDING: 'Reported as a fake review (ghost-written or paid, posing as a real experience)',
  UNDISCLOSED_AD: 'Reported as a paid promotion without its disclosure label',
  HARASSMENT: 'Reported as harassment',
  ILLEGAL: 'Reported as illegal content',
  OTHER: 'Reported by people on our instance',
};

const forwardsByCtx = new WeakMap<object, Forwards>();

export function forwardsOf(ctx: PluginContext<TrustSettings>): Forwards {
  let forwards = forwardsByCtx.get(ctx);
  if (!forwards) forwardsByCtx.set(ctx, (forwards = new Forwards(ctx)));
  return forwards;
}

export class Forwards {
  readonly ctx: PluginContext<TrustSettings>;

  constructor(ctx: PluginContext<TrustSettings>) {
    this.ctx = ctx;
  }

  private get db() {
    return this.ctx.db.kysely();
  }

  /** The forwards of these reports (one query), by report id. */
  async ofReports(reportIds: readonly number[]): Promise<Map<number, ForwardRecord>> {
    if (!reportIds.length) return new Map();
    const rows = await this.db.selectFrom('trust_forwards').select(COLUMNS).where('report_id', 'in', [...reportIds]).execute();
    return new Map(rows.map((row) => [Number(row.report_id), forwardOf(row)]));
  }

  /**
   * Sends the report to the instance of the reported account. Refused for
   * local accounts and suspended instances (BAD_USER_INPUT) and for a
   * report already forwarded (CONFLICT).
   */
  async forward(reportId: number, moderatorId: number, comment: string | null | undefined): Promise<ReportRecord> {
    const text = (comment ?? '').trim();
    if (text.length > MAX_TEXT) throw badInput(`A comment has at most ${MAX_TEXT} characters`, { field: 'comment' });
    const report = await storeOf(this.ctx).getReport(reportId);
    if (!report) throw notFound('No such report');
    const account = await this.ctx.services.get(AccountsServiceRef).getById(report.targetAccountId);
    if (!account) throw notFound('The reported account is gone');
    if (!account.remote) {
      throw badInput('This report is about someone on this instance; act on it here. Only reports about people of other instances can be forwarded');
    }
    const domain = account.remote.domain;
    const federation = this.ctx.services.get(FederationServiceRef);
    if (federation.domainPolicy(account.remote.actorUri) === 'suspend') {
      throw badInput(`${domain} is suspended by this instance; nothing is sent there`);
    }
    const already = (await this.ofReports([reportId])).get(reportId);
    if (already) throw conflict(`This report was already forwarded to ${already.domain}`);

    const content = text || REASON_TEXT[report.reason];
    // The claim comes first, so two moderators forwarding at once send one Flag.
    try {
      await this.db.insertInto('trust_forwards')
        .values({ report_id: reportId, domain, moderator_id: moderatorId, comment: content, created_at: timestampValue(this.ctx.db.dialect, new Date()) })
        .execute();
    } catch (err) {
      const raced = (await this.ofReports([reportId])).get(reportId);
      if (raced) throw conflict(`This report was already forwarded to ${raced.domain}`);
      throw err;
    }
    try {
      const origin = new URL(account.remote.actorUri).origin;
      const objects = (await this.objectUris(report)).filter((uri) => new URL(uri).origin === origin);
      await federation.sendFlag({ reporterAccountId: null, targetAccountId: account.id, objects, reason: content });
    } catch (err) {
      // Nothing was sent: the report may be forwarded again.
      await this.db.deleteFrom('trust_forwards').where('report_id', '=', reportId).execute();
      throw err;
    }
    return report;
  }

  /** The ActivityPub id of the reported note or comment (none for a person, or once it is purged). */
  private async objectUris(report: ReportRecord): Promise<string[]> {
    const notes = this.ctx.services.get(NotesServiceRef);
    if (report.targetType === 'Note') {
      const uri = (await notes.getById(report.targetId))?.remote?.uri;
      return uri ? [uri] : [];
    }
    if (report.targetType === 'Comment') {
      const uri = (await notes.getComment(report.targetId))?.remote?.uri;
      return uri ? [uri] : [];
    }
    return [];
  }
}
