// Who may join and how: the instance's sign-up mode (open, approval or
// invite — see core/instance/registration-settings.ts), its rules (signUp
// must accept them), invite codes (invites.ts), sign-ups waiting for an
// admin (sign-up-review.ts), and the tighter limits on new accounts: how
// many accounts one client address may create, and how often an account
// may follow in its first hours.

import type { Migration } from '../data/migrations.ts';
import type { PluginContext } from '../plugins/context.ts';
import { badInput, isMeadowError, MeadowError } from '../errors/errors.ts';
import { InstanceSettingsRef, type InstanceSettings } from '../instance/contracts.ts';
import type { AccountRecord } from './contracts.ts';
import { storeOf } from './store.ts';
import { Invites, normalizeInviteCode } from './invites.ts';
import { SignUpReview } from './sign-up-review.ts';
import { checkPassword, cleanEmail, normalizeHandle } from './validation.ts';

export const registrationsMigration: Migration = {
  id: '0007_registrations',
  async up({ db, types }) {
    // A row here: the account waits for an admin and cannot sign in.
    await db.schema
      .createTable('core_sign_up_requests')
      .addColumn('account_id', 'bigint', (c) => c.primaryKey().references('core_accounts.id').onDelete('cascade'))
      .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', types.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('core_sign_up_requests_queue_idx').on('core_sign_up_requests').columns(['created_at', 'account_id']).execute();
    // A rejected applicant is told when they next try to sign in (their password proves it is them).
    await db.schema
      .createTable('core_sign_up_rejections')
      .addColumn('handle', 'varchar(30)', (c) => c.primaryKey())
      .addColumn('email', 'varchar(254)')
      .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('rejected_at', types.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('core_sign_up_rejections_email_idx').on('core_sign_up_rejections').column('email').execute();
    await types
      .id(db.schema.createTable('core_invites'))
      .addColumn('code', 'varchar(40)', (c: any) => c.notNull().unique())
      .addColumn('created_by', 'bigint', (c: any) => c.references('core_accounts.id').onDelete('cascade'))
      .addColumn('max_uses', 'integer')
      .addColumn('uses', 'integer', (c: any) => c.notNull().defaultTo(0))
      .addColumn('expires_at', types.timestamp)
      .addColumn('revoked_at', types.timestamp)
      .addColumn('created_at', types.timestamp, (c: any) => c.notNull())
      .execute();
    await db.schema.createIndex('core_invites_creator_idx').on('core_invites').columns(['created_by', 'id']).execute();
    await db.schema
      .createTable('core_invite_uses')
      .addColumn('account_id', 'bigint', (c) => c.primaryKey().references('core_accounts.id').onDelete('cascade'))
      .addColumn('invite_id', 'bigint', (c) => c.notNull().references('core_invites.id').onDelete('cascade'))
      .addColumn('used_at', types.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('core_invite_uses_invite_idx').on('core_invite_uses').columns(['invite_id', 'used_at']).execute();
  },
};

export interface SignUpRequestInput {
  handle: string;
  password: string;
  email?: string | null;
  displayName?: string | null;
  locale?: string | null;
  acceptRules?: boolean | null;
  inviteCode?: string | null;
  reason?: string | null;
}

export const REASON_MAX = 1000;
const HOUR_MS = 3_600_000;

/** The applicant's words: trimmed, at most 1,000 characters, line breaks kept, other control characters refused. */
export function cleanReason(raw: unknown): string {
  const text = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) throw badInput('The reason contains a control character', { field: 'reason' });
  if ([...text].length > REASON_MAX) throw badInput(`Keep the reason to ${REASON_MAX} characters`, { field: 'reason' });
  return text;
}

/**
 * The part of a client address that stands for one client: an IPv4
 * address, or the /64 network of an IPv6 one (a single home or server gets
 * a whole /64). Null for loopback: a request from the machine itself is
 * local tooling, or a proxy that is not trusted — then every visitor would
 * share one address, and a limit on it would close sign-ups for everyone.
 */
export function clientKey(address: string | null | undefined): string | null {
  if (!address) return null;
  const ip = address.replace(/^::ffff:(?=\d+\.)/i, '');
  if (ip === '::1' || ip.startsWith('127.')) return null;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** A RATE_LIMITED error with our own explanation (the retry time stays in details). */
function explainLimit(err: unknown, message: string): unknown {
  if (!isMeadowError(err) || err.code !== 'RATE_LIMITED') return err;
  const seconds = Number(err.details?.retryAfterSeconds ?? 0);
  return new MeadowError('RATE_LIMITED', `${message}; try again in ${seconds} s`, err.details);
}

export class Registrations {
  private readonly ctx: PluginContext;
  readonly invites: Invites;
  readonly review: SignUpReview;

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
    this.invites = new Invites(ctx);
    this.review = new SignUpReview(ctx);
  }

  settings(): InstanceSettings {
    return this.ctx.services.get(InstanceSettingsRef).current();
  }

  /**
   * Creates the account as the instance's mode says: active (open mode, or
   * with a valid invite code), or waiting for an admin (approval mode
   * without a code; no AccountCreated until approved). `address` is the
   * client's, when known.
   */
  async signUp(input: SignUpRequestInput, address: string | null): Promise<{ account: AccountRecord; awaitingApproval: boolean }> {
    const settings = this.settings();
    if (settings.rules.length > 0 && input.acceptRules !== true) {
      throw badInput("Read this instance's rules and accept them to join (acceptRules: true)", { field: 'acceptRules' });
    }
    const code = normalizeInviteCode(input.inviteCode);
    if (settings.registrations === 'invite' && !code) {
      throw badInput('This instance takes new people by invitation only: an invite code is needed', { field: 'inviteCode', reason: 'INVITE_REQUIRED' });
    }
    const awaitingApproval = settings.registrations === 'approval' && !code;
    const reason = awaitingApproval ? cleanReason(input.reason) : '';
    // Cheap checks before the per-address count, so that a typo does not use up the allowance.
    const handle = normalizeHandle(input.handle);
    checkPassword(input.password, handle);
    cleanEmail(input.email);
    if (code) await this.invites.check(code);
    await this.limitAddress(clientKey(address), settings);

    const account = await storeOf(this.ctx).createAccount(
      { handle, password: input.password, email: input.email ?? undefined, displayName: input.displayName ?? undefined, locale: (input.locale ?? undefined) as 'zh-CN' | 'en' | undefined },
      {
        announce: !awaitingApproval,
        within: async (tx, created) => {
          if (code) await this.invites.claim(tx, code, created.id);
          if (awaitingApproval) await this.review.enqueue(tx, created.id, reason);
          await this.review.forgetRejection(tx, created.handle);
        },
      },
    );
    return { account, awaitingApproval };
  }

  /** Checks credentials as sign-in does, and refuses accounts still waiting for approval or rejected. */
  async signIn(login: string, password: string): Promise<AccountRecord> {
    let account: AccountRecord;
    try {
      account = await storeOf(this.ctx).checkCredentials(login, password);
    } catch (err) {
      if (isMeadowError(err) && err.code === 'UNAUTHENTICATED') await this.review.explainRejection(login, password);
      throw err;
    }
    if (await this.review.isPending(account.id)) {
      throw new MeadowError('FORBIDDEN', 'Your account is waiting for approval by the admins of this instance; you can sign in once it is approved', { reason: 'AWAITING_APPROVAL' });
    }
    return account;
  }

  private async limitAddress(key: string | null, settings: InstanceSettings): Promise<void> {
    if (!key || settings.newAccountHours === 0) return;
    try {
      await this.ctx.rateLimit(`sign-up-address:${key}`, settings.signUpsPerAddress, settings.newAccountHours * HOUR_MS);
    } catch (err) {
      throw explainLimit(err, `At most ${settings.signUpsPerAddress} accounts can be created from one network address in ${settings.newAccountHours} hours`);
    }
  }

  /** Is the account still new (in its first newAccountHours)? */
  isNew(account: Pick<AccountRecord, 'createdAt'>, settings = this.settings()): boolean {
    return settings.newAccountHours > 0 && Date.now() - account.createdAt.getTime() < settings.newAccountHours * HOUR_MS;
  }

  /** New accounts follow at most newAccountFollowsPerHour accounts an hour; older ones are not limited here. */
  async limitFollow(account: Pick<AccountRecord, 'id' | 'createdAt'>): Promise<void> {
    const settings = this.settings();
    if (!this.isNew(account, settings)) return;
    try {
      await this.ctx.rateLimit(`new-account-follows:${account.id}`, settings.newAccountFollowsPerHour, HOUR_MS);
    } catch (err) {
      throw explainLimit(err, `In its first ${settings.newAccountHours} hours an account can follow ${settings.newAccountFollowsPerHour} accounts an hour`);
    }
  }
}

const registrations = new WeakMap<PluginContext, Registrations>();

/** The registrations of a plugin context (one per running instance). */
export function registrationsOf(ctx: PluginContext): Registrations {
  let found = registrations.get(ctx);
  if (!found) {
    found = new Registrations(ctx);
    registrations.set(ctx, found);
  }
  return found;
}
