// Sign-ups waiting for an admin (approval mode). The account row exists
// from the start, so its handle is held while it waits, but it cannot sign
// in and is not announced (no AccountCreated) nor found by handle. Approving
// announces it and tells the person; rejecting removes the row without
// retiring the handle (no other server ever saw it), and leaves a note so
// that the person learns the outcome when they next try to sign in.

import type { Kysely } from 'kysely';
import type { PluginContext } from '../plugins/context.ts';
import { timestampValue, toDate, type Tx } from '../data/database.ts';
import { MeadowError, notFound } from '../errors/errors.ts';
import { NotificationsServiceRef } from '../notifications/contracts.ts';
import { AccountCreated, type AccountRecord } from './contracts.ts';
import { storeOf, toRecord } from './store.ts';
import { burnPasswordTime, verifyPassword } from './auth.ts';

/** How long a rejected applicant is told why at sign-in. */
export const REJECTION_KEPT_MS = 30 * 24 * 3600 * 1000;
export const REJECTION_MESSAGE_MAX = 1000;

export interface SignUpRequestRecord {
  accountId: number;
  reason: string;
  requestedAt: Date;
}

export class SignUpReview {
  private readonly ctx: PluginContext;
  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private ts(date: Date) {
    return timestampValue(this.ctx.db.dialect, date);
  }

  /** Puts a just-created account in the queue (in the sign-up's transaction). */
  async enqueue(tx: Tx, accountId: number, reason: string): Promise<void> {
    await tx.db.insertInto('core_sign_up_requests').values({ account_id: accountId, reason, created_at: this.ts(new Date()) }).execute();
  }

  async isPending(accountId: number): Promise<boolean> {
    const row = await this.db.selectFrom('core_sign_up_requests').select('account_id').where('account_id', '=', accountId).executeTakeFirst();
    return !!row;
  }

  /** The queue, oldest first; `after` is [requested-at ms, account id]. */
  async page(limit: number, after: [number, number] | null): Promise<SignUpRequestRecord[]> {
    let q = this.db.selectFrom('core_sign_up_requests').selectAll();
    if (after) {
      const at = this.ts(new Date(after[0]));
      q = q.where((eb) => eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('account_id', '>', after[1])])]));
    }
    const rows = await q.orderBy('created_at').orderBy('account_id').limit(limit).execute();
    return rows.map((r) => ({ accountId: Number(r.account_id), reason: r.reason, requestedAt: toDate(r.created_at)! }));
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('core_sign_up_requests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * The account becomes a member now: it can sign in, is announced
   * (AccountCreated) and its new-account hours start from here. Two admins
   * approving at once: one wins, the other gets NOT_FOUND.
   */
  async approve(accountId: number, adminId: number): Promise<AccountRecord> {
    const store = storeOf(this.ctx);
    const joinedAt = new Date();
    await this.ctx.db.transaction(async (tx) => {
      const taken = await tx.db.deleteFrom('core_sign_up_requests').where('account_id', '=', accountId).returning('account_id').execute();
      if (taken.length === 0) throw notFound('This sign-up request (it may have been answered already)');
      await tx.db.updateTable('core_accounts').set({ created_at: this.ts(joinedAt) }).where('id', '=', accountId).execute();
      const row = await tx.db.selectFrom('core_accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
      await this.ctx.hooks.emit(AccountCreated, { account: toRecord(row) }, tx);
    });
    const account = (await store.getById(accountId))!;
    try {
      await this.ctx.services.get(NotificationsServiceRef).notify({ accountId, kind: 'sign-up-approved', actorId: adminId, subject: null });
    } catch (err) {
      // The approval stands; the person finds out when they sign in.
      this.ctx.log.warn({ err, accountId }, 'could not notify an approved sign-up');
    }
    return account;
  }

  /** Removes a waiting account and frees its handle; the note for the applicant keeps `message` (may be empty). */
  async reject(accountId: number, message: string): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const taken = await tx.db.deleteFrom('core_sign_up_requests').where('account_id', '=', accountId).returning('account_id').execute();
      if (taken.length === 0) throw notFound('This sign-up request (it may have been answered already)');
      const row = await tx.db.selectFrom('core_accounts').select(['handle', 'email', 'password_hash']).where('id', '=', accountId).executeTakeFirstOrThrow();
      await tx.db.deleteFrom('core_accounts').where('id', '=', accountId).execute();
      const now = new Date();
      const note = { email: row.email ?? null, password_hash: row.password_hash, message, rejected_at: this.ts(now) };
      await tx.db.insertInto('core_sign_up_rejections').values({ handle: row.handle, ...note })
        .onConflict((oc) => oc.column('handle').doUpdateSet(note)).execute();
      // Old notes are of no use to anyone.
      await tx.db.deleteFrom('core_sign_up_rejections').where('rejected_at', '<', this.ts(new Date(now.getTime() - REJECTION_KEPT_MS))).execute();
    });
  }

  /** A new account took the handle: an old rejection under it is no longer theirs to read. */
  async forgetRejection(tx: Tx, handle: string): Promise<void> {
    await tx.db.deleteFrom('core_sign_up_rejections').where('handle', '=', handle).execute();
  }

  /**
   * After a failed sign-in: if the handle or e-mail belongs to a sign-up
   * rejected in the last 30 days and the password is the applicant's,
   * says so (FORBIDDEN, with the admins' message). Otherwise returns.
   */
  async explainRejection(login: unknown, password: unknown): Promise<void> {
    const key = typeof login === 'string' ? login.trim().toLowerCase().replace(/^@/, '') : '';
    if (!key || typeof password !== 'string') return;
    const row = await this.db.selectFrom('core_sign_up_rejections').selectAll()
      .where(key.includes('@') ? 'email' : 'handle', '=', key)
      .where('rejected_at', '>=', this.ts(new Date(Date.now() - REJECTION_KEPT_MS)))
      .executeTakeFirst();
    if (!row) {
      // About the same time whether or not there is a note, as for sign-in itself.
      await burnPasswordTime(password);
      return;
    }
    if (!(await verifyPassword(row.password_hash, password))) return;
    const message = String(row.message ?? '').trim();
    throw new MeadowError('FORBIDDEN', `Your sign-up was not approved by the admins of this instance${message ? `: ${message}` : ''}`, { reason: 'SIGN_UP_REJECTED', adminMessage: message || null });
  }
}
