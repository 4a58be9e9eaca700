// Invite codes: how people join when registrations are invite-only (and
// how they skip the wait in approval mode). A code has a number of uses
// (or any number) and an expiry (or none); revoked codes stay on record so
// that a person who types one is told it was withdrawn. A use is claimed
// by one conditional UPDATE inside the sign-up's transaction, so two
// sign-ups racing for the last use cannot both have it, and a sign-up that
// fails gives its use back.

import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PluginContext } from '../plugins/context.ts';
import { timestampValue, toDate, type Tx } from '../data/database.ts';
import { badInput, forbidden, notFound } from '../errors/errors.ts';
import { InstanceSettingsRef } from '../instance/contracts.ts';

export interface InviteRecord {
  id: number;
  code: string;
  createdById: number | null;
  /** Null: any number of uses. */
  maxUses: number | null;
  uses: number;
  /** Null: never expires. */
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

/** Who creates or revokes an invite. */
export interface Inviter {
  id: number;
  isAdmin: boolean;
  createdAt: Date;
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i to misread
const CODE_LENGTH = 10;
const DAY_MS = 24 * 3600 * 1000;
/** What members may do when the instance lets them invite; admins are not limited. */
export const MEMBER_INVITES = { maxUses: 25, defaultDays: 7, maxDays: 30, perDay: 20 };
const ADMIN_MAX_DAYS = 366;
const ADMIN_MAX_USES = 10_000;

export function newInviteCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** Codes are read case-insensitively, with spaces and dashes ignored (people copy them by hand). */
export function normalizeInviteCode(raw: unknown): string | null {
  const code = typeof raw === 'string' ? raw.replace(/[\s-]+/g, '').toLowerCase() : '';
  return code ? code : null;
}

function toInvite(row: any): InviteRecord {
  return {
    id: Number(row.id),
    code: row.code,
    createdById: row.created_by == null ? null : Number(row.created_by),
    maxUses: row.max_uses == null ? null : Number(row.max_uses),
    uses: Number(row.uses),
    expiresAt: toDate(row.expires_at),
    revokedAt: toDate(row.revoked_at),
    createdAt: toDate(row.created_at)!,
  };
}

export function isUsable(invite: InviteRecord, now = Date.now()): boolean {
  return !invite.revokedAt && (invite.maxUses == null || invite.uses < invite.maxUses) && (!invite.expiresAt || invite.expiresAt.getTime() > now);
}

/** Why a code cannot be used, as an error on the sign-up form's inviteCode field. */
function refusal(invite: InviteRecord | null) {
  const field = { field: 'inviteCode' };
  if (!invite) return badInput('This invite code is not known here; check it for typos', { ...field, reason: 'UNKNOWN' });
  if (invite.revokedAt) return badInput('This invite code was withdrawn', { ...field, reason: 'REVOKED' });
  if (invite.expiresAt && invite.expiresAt.getTime() <= Date.now()) return badInput('This invite code has expired', { ...field, reason: 'EXPIRED' });
  return badInput('This invite code has been used as often as it allows', { ...field, reason: 'USED_UP' });
}

export class Invites {
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

  async create(inviter: Inviter, input: { maxUses?: number | null; expiresAt?: Date | null }): Promise<InviteRecord> {
    const now = Date.now();
    let { maxUses = null, expiresAt = null } = input;
    if (!inviter.isAdmin) {
      const settings = this.ctx.services.get(InstanceSettingsRef).current();
      if (!settings.membersCanInvite) throw forbidden('Only admins can create invite codes on this instance');
      if (now - inviter.createdAt.getTime() < settings.newAccountHours * 3_600_000) {
        throw forbidden(`New accounts cannot invite people yet; an account can after its first ${settings.newAccountHours} hours`);
      }
      maxUses ??= 1;
      expiresAt ??= new Date(now + MEMBER_INVITES.defaultDays * DAY_MS);
      if (maxUses > MEMBER_INVITES.maxUses) throw badInput(`An invite of a member allows at most ${MEMBER_INVITES.maxUses} sign-ups`, { field: 'maxUses' });
      if (expiresAt.getTime() > now + MEMBER_INVITES.maxDays * DAY_MS) throw badInput(`An invite of a member expires within ${MEMBER_INVITES.maxDays} days`, { field: 'expiresAt' });
      await this.ctx.rateLimit(`invites:${inviter.id}`, MEMBER_INVITES.perDay, DAY_MS);
    }
    if (maxUses != null && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > ADMIN_MAX_USES)) {
      throw badInput(`maxUses is a whole number from 1 to ${ADMIN_MAX_USES} (or left out for any number)`, { field: 'maxUses' });
    }
    if (expiresAt && expiresAt.getTime() <= now) throw badInput('An invite must expire in the future', { field: 'expiresAt' });
    if (expiresAt && expiresAt.getTime() > now + ADMIN_MAX_DAYS * DAY_MS) throw badInput('An invite expires within a year (or never)', { field: 'expiresAt' });
    const row = await this.db.insertInto('core_invites')
      .values({
        code: newInviteCode(), created_by: inviter.id, max_uses: maxUses, uses: 0,
        expires_at: expiresAt ? this.ts(expiresAt) : null, revoked_at: null, created_at: this.ts(new Date(now)),
      })
      .returning(['id', 'code', 'created_by', 'max_uses', 'uses', 'expires_at', 'revoked_at', 'created_at'])
      .executeTakeFirstOrThrow();
    return toInvite(row);
  }

  async getById(id: number): Promise<InviteRecord | null> {
    const row = await this.db.selectFrom('core_invites').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toInvite(row) : null;
  }

  /** Newest first, revoked ones left out; `createdById` narrows to one person's; `beforeId` pages. */
  async list(options: { createdById?: number; limit: number; beforeId?: number | null }): Promise<InviteRecord[]> {
    let q = this.db.selectFrom('core_invites').selectAll().where('revoked_at', 'is', null);
    if (options.createdById != null) q = q.where('created_by', '=', options.createdById);
    if (options.beforeId != null) q = q.where('id', '<', options.beforeId);
    return (await q.orderBy('id', 'desc').limit(options.limit).execute()).map(toInvite);
  }

  async count(createdById?: number): Promise<number> {
    let q = this.db.selectFrom('core_invites').select((eb) => eb.fn.countAll().as('n')).where('revoked_at', 'is', null);
    if (createdById != null) q = q.where('created_by', '=', createdById);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /** Its creator or an admin; someone else's looks like a missing one. Revoking twice changes nothing. */
  async revoke(actor: Inviter, id: number): Promise<InviteRecord> {
    const invite = await this.getById(id);
    if (!invite || (!actor.isAdmin && invite.createdById !== actor.id)) throw notFound('The invite');
    if (invite.revokedAt) return invite;
    const revokedAt = new Date();
    await this.db.updateTable('core_invites').set({ revoked_at: this.ts(revokedAt) }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    return { ...invite, revokedAt };
  }

  /** Throws the reason a code cannot be used now (a cheap check before the sign-up does its work). */
  async check(code: string): Promise<InviteRecord> {
    const row = await this.db.selectFrom('core_invites').selectAll().where('code', '=', code).executeTakeFirst();
    const invite = row ? toInvite(row) : null;
    if (!invite || !isUsable(invite)) throw refusal(invite);
    return invite;
  }

  /** Takes one use of a code for a new account, in the sign-up's transaction; throws when none is left. */
  async claim(tx: Tx, code: string, accountId: number): Promise<void> {
    const now = this.ts(new Date());
    const claimed = await tx.db.updateTable('core_invites')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('code', '=', code)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .returning('id')
      .executeTakeFirst();
    if (!claimed) {
      const row = await tx.db.selectFrom('core_invites').selectAll().where('code', '=', code).executeTakeFirst();
      throw refusal(row ? toInvite(row) : null);
    }
    await tx.db.insertInto('core_invite_uses').values({ invite_id: claimed.id, account_id: accountId, used_at: now }).execute();
  }

  /** Accounts that signed up with an invite, first ones first. */
  async usedBy(inviteId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('core_invite_uses').select('account_id').where('invite_id', '=', inviteId).orderBy('used_at').orderBy('account_id').execute();
    return rows.map((r) => Number(r.account_id));
  }
}
