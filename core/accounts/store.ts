// The accounts store: every read and write of accounts, sessions and the
// social graph. Hot paths (viewer lookup, follows, lists) are single Kysely
// statements; profile edits go through the ORM. One store per plugin
// context (see storeOf).

import type { Kysely } from 'kysely';
import type { PluginContext } from '../plugins/context.ts';
import type { MeadowContext, Role, Viewer } from '../graphql/context.ts';
import { ROLES } from '../graphql/context.ts';
import { toDate, timestampValue, type Tx } from '../data/database.ts';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../errors/errors.ts';
import {
  AccountBlocked, AccountCreated, AccountDeleted, AccountDeleting, AccountFollowed, AccountSuspended, AccountUnblocked, AccountUnfollowed, AccountUnsuspended,
  FollowRequestAnswered, FollowRequested, ProfileUpdated,
  type AccountRecord, type AccountsService, type CreateAccountInput, type ProfileLink, type RemoteAccountInput,
} from './contracts.ts';
import { AccountEntity } from './entities.ts';
import { Suspensions, type Suspension } from './suspensions.ts';
import {
  burnPasswordTime, hashPassword, hashToken, looksLikeToken, newToken, verifyPassword,
  SESSION_SLIDE_AFTER_MS, SESSION_TTL_MS, type TokenKind,
} from './auth.ts';
import { checkLocale, checkPassword, cleanBio, cleanDisplayName, cleanEmail, cleanLinks, cleanRemoteText, lookupHandle, lookupRemoteHandle, normalizeHandle } from './validation.ts';

const ACCOUNT_COLUMNS = [
  'id', 'handle', 'display_name', 'bio', 'role', 'locale', 'avatar_media_id', 'links', 'followers_count', 'following_count', 'created_at',
  'domain', 'actor_uri', 'profile_url', 'avatar_url', 'locked', 'also_known_as', 'moved_to', 'moved_at', 'hide_network',
] as const;

export function toRecord(row: any): AccountRecord {
  let links: ProfileLink[] = [];
  try {
    links = JSON.parse(row.links ?? '[]');
  } catch {
    links = [];
  }
  return {
    id: Number(row.id),
    handle: row.handle,
    displayName: row.display_name,
    bio: row.bio,
    role: row.role,
    locale: row.locale,
    avatarMediaId: row.avatar_media_id == null ? null : Number(row.avatar_media_id),
    links,
    followersCount: Number(row.followers_count),
    followingCount: Number(row.following_count),
    createdAt: toDate(row.created_at)!,
    remote: row.domain ? { domain: row.domain, actorUri: row.actor_uri, url: row.profile_url ?? null, avatarUrl: row.avatar_url ?? null } : null,
    locked: row.locked === true || Number(row.locked) === 1,
    hideNetwork: row.hide_network === true || Number(row.hide_network) === 1,
    alsoKnownAs: parseUriList(row.also_known_as),
    movedTo: row.moved_to ?? null,
    movedAt: toDate(row.moved_at),
  };
}

function parseUriList(raw: unknown): string[] {
  try {
    const list = JSON.parse(String(raw ?? '[]'));
    return Array.isArray(list) ? list.filter((u): u is string => typeof u === 'string') : [];
  } catch {
    return [];
  }
}

/** Unique-constraint failures look different on each engine. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /unique constraint/i.test(e?.message ?? '');
}

export interface SessionIssued {
  token: string;
  id: number;
  expiresAt: Date | null;
}

export interface FollowPage {
  rows: { account: AccountRecord; followedAt: Date }[];
}

export class AccountsStore implements AccountsService {
  private readonly ctx: PluginContext;

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private get suspensions(): Suspensions {
    return new Suspensions(() => this.ctx.db.kysely(), this.ctx.db.dialect);
  }

  /** Demo data only: when the account joined. */
  async backdate(accountId: number, createdAt: Date): Promise<void> {
    await this.db.updateTable('core_accounts').set({ created_at: this.ts(createdAt) }).where('id', '=', accountId).execute();
  }

  async suspend(accountId: number, options: { reason: string; until: Date | null }): Promise<Suspension> {
    if (!(await this.getById(accountId))) throw notFound('The account');
    const suspension = await this.suspensions.suspend(accountId, options);
    await this.ctx.hooks.emit(AccountSuspended, { accountId, until: suspension.until, reason: suspension.reason });
    return suspension;
  }

  async unsuspend(accountId: number): Promise<boolean> {
    const lifted = await this.suspensions.lift(accountId);
    if (lifted) await this.ctx.hooks.emit(AccountUnsuspended, { accountId });
    return lifted;
  }

  suspensionOf(accountId: number): Promise<Suspension | null> {
    return this.suspensions.of(accountId);
  }

  suspendedAmong(ids: readonly number[]): Promise<Set<number>> {
    return this.suspensions.among(ids);
  }

  private ts(date: Date) {
    return timestampValue(this.ctx.db.dialect, date);
  }

  /** Booleans are integers on SQLite. */
  private bool(value: boolean) {
    return this.ctx.db.dialect === 'postgres' ? value : value ? 1 : 0;
  }

  // ---- accounts -------------------------------------------------------

  /**
   * `options` are for registrations (registrations.ts): `within` runs in the
   * account's transaction (claiming an invite use, queueing for approval;
   * throwing undoes the account), and `announce: false` holds AccountCreated
   * back for an account that waits for approval.
   */
  async createAccount(
    input: CreateAccountInput,
    options: { within?: (tx: Tx, account: AccountRecord) => Promise<void>; announce?: boolean } = {},
  ): Promise<AccountRecord> {
    const handle = normalizeHandle(input.handle);
    checkPassword(input.password, handle);
    const email = cleanEmail(input.email);
    const displayName = cleanDisplayName(input.displayName ?? handle);
    const bio = cleanBio(input.bio ?? '');
    const locale = checkLocale(input.locale ?? 'zh-CN');
    const role = input.role ?? 'person';
    if (!ROLES.includes(role)) throw badInput(`Unknown role "${role}"`);
    await this.assertAvailable(handle, email);
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.ctx.db.transaction(async (tx) => {
        const row = await tx.db
          .insertInto('core_accounts')
          .values({
            handle, email, password_hash: passwordHash, role, display_name: displayName, bio, locale,
            links: '[]', followers_count: 0, following_count: 0, created_at: this.ts(new Date()),
          })
          .returning(ACCOUNT_COLUMNS)
          .executeTakeFirstOrThrow();
        const account = toRecord(row);
        await options.within?.(tx, account);
        if (options.announce !== false) await this.ctx.hooks.emit(AccountCreated, { account }, tx);
        return account;
      });
    } catch (err) {
      // Two sign-ups racing for one handle: the database decides.
      if (isUniqueViolation(err)) throw conflict(`The handle "${handle}" or that e-mail address is already taken`, { field: 'handle' });
      throw err;
    }
  }

  private async assertAvailable(handle: string, email: string | null): Promise<void> {
    const retired = await this.db.selectFrom('core_retired_handles').select('handle').where('handle', '=', handle).executeTakeFirst();
    if (retired) throw conflict(`The handle "${handle}" belonged to a deleted account and cannot be used again (other servers still know it)`, { field: 'handle' });
    const taken = await this.db.selectFrom('core_accounts').select(['handle', 'email'])
      .where((eb) => (email ? eb.or([eb('handle', '=', handle), eb('email', '=', email)]) : eb('handle', '=', handle)))
      .execute();
    if (taken.some((r) => r.handle === handle)) throw conflict(`The handle "${handle}" is already taken`, { field: 'handle' });
    if (taken.length > 0) throw conflict('That e-mail address already belongs to an account', { field: 'email' });
  }

  async getById(id: number): Promise<AccountRecord | null> {
    return (await this.getByIds([id]))[0] ?? null;
  }

  async getByIds(ids: readonly number[]): Promise<(AccountRecord | null)[]> {
    const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id)))];
    if (wanted.length === 0) return ids.map(() => null);
    const rows = await this.db.selectFrom('core_accounts').select(ACCOUNT_COLUMNS).where('id', 'in', wanted).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), toRecord(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async getByHandle(raw: string): Promise<AccountRecord | null> {
    const handle = typeof raw === 'string' ? (lookupHandle(raw) ?? lookupRemoteHandle(raw)) : null;
    if (!handle) return null;
    const row = await this.db.selectFrom('core_accounts').select(ACCOUNT_COLUMNS).where('handle', '=', handle)
      .where('id', 'not in', this.waitingForApproval()).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** Accounts whose sign-up waits for an admin (sign-up-review.ts): not found by handle, not counted. */
  private waitingForApproval() {
    return this.db.selectFrom('core_sign_up_requests').select('account_id');
  }

  async getByActorUri(actorUri: string): Promise<AccountRecord | null> {
    const row = await this.db.selectFrom('core_accounts').select(ACCOUNT_COLUMNS).where('actor_uri', '=', actorUri).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async upsertRemoteAccount(input: RemoteAccountInput): Promise<AccountRecord> {
    const handle = lookupRemoteHandle(input.handle);
    if (!handle || !input.actorUri || !input.domain) throw badInput(`"${input.handle}" is not a remote handle (user@host)`);
    const profile = {
      display_name: cleanRemoteText(input.displayName, 200) || handle.split('@')[0]!,
      bio: cleanRemoteText(input.bio, 2000),
      profile_url: input.url,
      avatar_url: input.avatarUrl,
      domain: input.domain.toLowerCase(),
      locked: this.bool(!!input.locked),
      also_known_as: JSON.stringify((input.alsoKnownAs ?? []).slice(0, 20)),
      moved_to: input.movedTo ?? null,
    };
    const existing = await this.getByActorUri(input.actorUri);
    if (existing) {
      await this.db.updateTable('core_accounts').set({ ...profile, handle }).where('id', '=', existing.id).execute();
    } else {
      // The handle may still be held by an older actor of the same name (an account re-created there).
      await this.db.updateTable('core_accounts').set({ handle: `${handle}#${Date.now().toString(36)}` })
        .where('handle', '=', handle).where('domain', 'is not', null).execute();
      await this.db.insertInto('core_accounts')
        .values({
          ...profile, handle, actor_uri: input.actorUri, email: null, password_hash: '!remote', role: 'person', locale: 'en',
          links: '[]', followers_count: 0, following_count: 0, created_at: this.ts(new Date()),
        })
        .onConflict((oc) => oc.column('actor_uri').doNothing())
        .execute();
    }
    return (await this.getByActorUri(input.actorUri))!;
  }

  loader(gctx: Pick<MeadowContext, 'loaders'>) {
    return gctx.loaders.get<number, AccountRecord>('accounts.byId', (ids) => this.getByIds(ids));
  }

  async countAccounts(): Promise<number> {
    const row = await this.db.selectFrom('core_accounts').select((eb) => eb.fn.countAll().as('n')).where('domain', 'is', null)
      .where('id', 'not in', this.waitingForApproval()).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async emailOf(accountId: number): Promise<string | null> {
    const row = await this.db.selectFrom('core_accounts').select('email').where('id', '=', accountId).executeTakeFirst();
    return row?.email ?? null;
  }

  async updateProfile(
    accountId: number,
    input: { displayName?: string | null; bio?: string | null; locale?: string | null; links?: unknown; locked?: boolean | null; hideNetwork?: boolean | null },
  ): Promise<AccountRecord> {
    const changes: Record<string, unknown> = {};
    if (input.displayName != null) changes.displayName = cleanDisplayName(input.displayName);
    if (input.bio != null) changes.bio = cleanBio(input.bio);
    if (input.locale != null) changes.locale = checkLocale(input.locale);
    if (input.links != null) changes.links = JSON.stringify(cleanLinks(input.links));
    if (input.locked != null && typeof input.locked !== 'boolean') throw badInput('locked is true or false', { field: 'locked' });
    if (input.hideNetwork != null && typeof input.hideNetwork !== 'boolean') throw badInput('hideNetwork is true or false', { field: 'hideNetwork' });
    const columns: Record<string, unknown> = {};
    if (input.locked != null) columns.locked = this.bool(input.locked);
    if (input.hideNetwork != null) columns.hide_network = this.bool(input.hideNetwork);
    return this.changeAccount(accountId, changes, true, Object.keys(columns).length ? columns : undefined);
  }

  async setAlsoKnownAs(accountId: number, uris: string[]): Promise<AccountRecord> {
    return this.changeAccount(accountId, {}, true, { also_known_as: JSON.stringify(uris) });
  }

  async setMovedTo(accountId: number, targetUri: string): Promise<AccountRecord> {
    return this.changeAccount(accountId, {}, true, { moved_to: targetUri, moved_at: this.ts(new Date()) });
  }

  async setRole(accountId: number, role: Role): Promise<AccountRecord> {
    if (!ROLES.includes(role)) throw badInput(`Unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    if (role !== 'admin') {
      // An instance must keep someone who can administer it.
      const admins = await this.db.selectFrom('core_accounts').select('id').where('role', '=', 'admin').limit(2).execute();
      if (admins.length === 1 && Number(admins[0]!.id) === accountId) throw badInput('This is the only admin; make someone else admin first');
    }
    return this.changeAccount(accountId, { role }, false);
  }

  async setAvatar(accountId: number, mediaId: number | null): Promise<void> {
    await this.changeAccount(accountId, { avatarMediaId: mediaId }, true);
  }

  /**
   * Profile-like edits through the ORM (plus `columns` the entity does not
   * map, written as they are), with ProfileUpdated after commit.
   */
  private async changeAccount(accountId: number, changes: Record<string, unknown>, profile: boolean, columns?: Record<string, unknown>): Promise<AccountRecord> {
    return this.ctx.db.transaction(async (tx) => {
      const entity = await tx.em.findOne(AccountEntity, { id: accountId });
      if (!entity) throw notFound('The account');
      tx.em.assign(entity, changes as any);
      await tx.em.flush();
      if (columns) await tx.db.updateTable('core_accounts').set(columns).where('id', '=', accountId).execute();
      const row = await tx.db.selectFrom('core_accounts').select(ACCOUNT_COLUMNS).where('id', '=', accountId).executeTakeFirstOrThrow();
      const account = toRecord(row);
      if (profile) await this.ctx.hooks.emit(ProfileUpdated, { account }, tx);
      return account;
    });
  }

  // ---- authentication -------------------------------------------------

  /**
   * Same error, same message and about the same time for an unknown handle
   * and a wrong password: an unknown handle still pays for one argon2 verify.
   */
  async checkCredentials(login: string, password: string): Promise<AccountRecord> {
    const fail = () => unauthenticated('The handle or password is not right');
    const key = typeof login === 'string' ? login.trim().toLowerCase() : '';
    const row = key
      ? await this.db.selectFrom('core_accounts').select([...ACCOUNT_COLUMNS, 'password_hash'])
          .where(key.includes('@') ? 'email' : 'handle', '=', key.replace(/^@/, '')).where('domain', 'is', null).executeTakeFirst()
      : undefined;
    if (!row || typeof password !== 'string') {
      await burnPasswordTime(String(password ?? ''));
      throw fail();
    }
    if (!(await verifyPassword(row.password_hash, password))) throw fail();
    return toRecord(row);
  }

  async issueToken(accountId: number, kind: TokenKind, label: string | null = null): Promise<SessionIssued> {
    const { token, hash } = newToken(kind);
    const now = new Date();
    const expiresAt = kind === 'session' ? new Date(now.getTime() + SESSION_TTL_MS) : null;
    const row = await this.db.insertInto('core_sessions')
      .values({
        account_id: accountId, token_hash: hash, kind, label,
        expires_at: expiresAt ? this.ts(expiresAt) : null, created_at: this.ts(now), last_used_at: this.ts(now),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { token, id: Number(row.id), expiresAt };
  }

  /** The viewer a token stands for, or null when it is unknown, revoked or expired. */
  async viewerForToken(token: unknown): Promise<Viewer | null> {
    if (!looksLikeToken(token)) return null;
    const row = await this.db.selectFrom('core_sessions as s')
      .innerJoin('core_accounts as a', 'a.id', 's.account_id')
      .select(['s.id as session_id', 's.kind', 's.expires_at', 's.last_used_at', 'a.id as account_id', 'a.handle', 'a.role'])
      .where('s.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row) return null;
    const now = Date.now();
    const expiresAt = toDate(row.expires_at);
    if (expiresAt && expiresAt.getTime() <= now) return null;
    const lastUsed = toDate(row.last_used_at)?.getTime() ?? 0;
    if (now - lastUsed > SESSION_SLIDE_AFTER_MS) {
      // Sliding expiry, written at most once per interval per session.
      await this.db.updateTable('core_sessions')
        .set({
          last_used_at: this.ts(new Date(now)),
          ...(row.kind === 'session' ? { expires_at: this.ts(new Date(now + SESSION_TTL_MS)) } : {}),
        })
        .where('id', '=', row.session_id)
        .execute();
    }
    return { accountId: Number(row.account_id), handle: row.handle, role: row.role, sessionId: Number(row.session_id) };
  }

  async revokeSession(sessionId: number): Promise<void> {
    await this.db.deleteFrom('core_sessions').where('id', '=', sessionId).where('kind', '=', 'session').execute();
  }

  /** Password change: new hash, and every other browser session signed out (API tokens stay). */
  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string): Promise<void> {
    const row = await this.db.selectFrom('core_accounts').select(['password_hash', 'handle']).where('id', '=', viewer.accountId).executeTakeFirst();
    if (!row) throw unauthenticated();
    if (typeof currentPassword !== 'string' || !(await verifyPassword(row.password_hash, currentPassword))) {
      throw badInput('The current password is not right', { field: 'currentPassword' });
    }
    checkPassword(newPassword, row.handle);
    const hash = await hashPassword(newPassword);
    await this.ctx.db.transaction(async (tx) => {
      await tx.db.updateTable('core_accounts').set({ password_hash: hash }).where('id', '=', viewer.accountId).execute();
      let del = tx.db.deleteFrom('core_sessions').where('account_id', '=', viewer.accountId).where('kind', '=', 'session');
      if (viewer.sessionId != null) del = del.where('id', '<>', viewer.sessionId);
      await del.execute();
    });
  }

  /** Confirms a person's own password before something irreversible (deleting the account). */
  async confirmPassword(accountId: number, password: unknown): Promise<void> {
    const row = await this.db.selectFrom('core_accounts').select('password_hash').where('id', '=', accountId).where('domain', 'is', null).executeTakeFirst();
    if (!row) throw unauthenticated();
    if (typeof password !== 'string' || !(await verifyPassword(row.password_hash, password))) {
      throw badInput('The password is not right', { field: 'password' });
    }
  }

  async listApiTokens(accountId: number) {
    const rows = await this.db.selectFrom('core_sessions').select(['id', 'label', 'created_at', 'last_used_at'])
      .where('account_id', '=', accountId).where('kind', '=', 'token').orderBy('id', 'desc').execute();
    return rows.map((r) => ({ id: Number(r.id), label: r.label ?? '', createdAt: toDate(r.created_at)!, lastUsedAt: toDate(r.last_used_at) }));
  }

  /** Revokes one of the account's own API tokens; someone else's looks like a missing one. */
  async revokeApiToken(accountId: number, tokenId: number): Promise<void> {
    const deleted = await this.db.deleteFrom('core_sessions')
      .where('id', '=', tokenId).where('account_id', '=', accountId).where('kind', '=', 'token')
      .returning('id').execute();
    if (deleted.length === 0) throw notFound('The API token');
  }

  // ---- the social graph -----------------------------------------------

  private async assertBothExist(tx: Tx, a: number, b: number): Promise<void> {
    const rows = await tx.db.selectFrom('core_accounts').select('id').where('id', 'in', [a, b]).execute();
    if (rows.length < (a === b ? 1 : 2)) throw notFound('The account');
  }

  private async blockedBetween(db: Kysely<any>, a: number, b: number): Promise<boolean> {
    const row = await db.selectFrom('core_blocks').select('blocker_id')
      .where((eb) => eb.or([
        eb.and([eb('blocker_id', '=', a), eb('blocked_id', '=', b)]),
        eb.and([eb('blocker_id', '=', b), eb('blocked_id', '=', a)]),
      ]))
      .executeTakeFirst();
    return !!row;
  }

  /**
   * Idempotent: following someone already followed changes nothing. The
   * counters move only when the row was really inserted, in the same
   * transaction, with `x = x + 1`, so concurrent follows stay exact.
   */
  async follow(followerId: number, followeeId: number): Promise<void> {
    if (followerId === followeeId) throw badInput('You cannot follow yourself');
    await this.ctx.db.transaction(async (tx) => {
      await this.assertBothExist(tx, followerId, followeeId);
      if (await this.blockedBetween(tx.db, followerId, followeeId)) throw forbidden('You cannot follow this account');
      await this.insertFollow(tx, followerId, followeeId);
    });
  }

  /** The follow row, its counters and AccountFollowed; a pending request between the two is fulfilled. */
  private async insertFollow(tx: Tx, followerId: number, followeeId: number): Promise<void> {
    await tx.db.deleteFrom('core_follow_requests').where('requester_id', '=', followerId).where('target_id', '=', followeeId).execute();
    const inserted = await tx.db.insertInto('core_follows')
      .values({ follower_id: followerId, followee_id: followeeId, created_at: this.ts(new Date()) })
      .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
      .returning('follower_id')
      .execute();
    if (inserted.length === 0) return;
    await this.moveCounters(tx, followerId, followeeId, +1);
    await this.ctx.hooks.emit(AccountFollowed, { followerId, followeeId }, tx);
  }

  async followOrRequest(followerId: number, followeeId: number): Promise<'following' | 'requested'> {
    const target = await this.getById(followeeId);
    if (!target) throw notFound('The account');
    if (!target.locked || (await this.relationSet('core_follows', followerId, [followeeId])).has(followeeId)) {
      await this.follow(followerId, followeeId);
      return 'following';
    }
    await this.requestFollow(followerId, followeeId);
    return 'requested';
  }

  async requestFollow(requesterId: number, targetId: number): Promise<void> {
    if (requesterId === targetId) throw badInput('You cannot follow yourself');
    await this.ctx.db.transaction(async (tx) => {
      await this.assertBothExist(tx, requesterId, targetId);
      if (await this.blockedBetween(tx.db, requesterId, targetId)) throw forbidden('You cannot follow this account');
      const following = await tx.db.selectFrom('core_follows').select('follower_id')
        .where('follower_id', '=', requesterId).where('followee_id', '=', targetId).executeTakeFirst();
      if (following) return;
      const inserted = await tx.db.insertInto('core_follow_requests')
        .values({ requester_id: requesterId, target_id: targetId, created_at: this.ts(new Date()) })
        .onConflict((oc) => oc.columns(['requester_id', 'target_id']).doNothing())
        .returning('requester_id').execute();
      if (inserted.length > 0) await this.ctx.hooks.emit(FollowRequested, { requesterId, targetId }, tx);
    });
  }

  async answerFollowRequest(targetId: number, requesterId: number, approve: boolean): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const deleted = await tx.db.deleteFrom('core_follow_requests')
        .where('requester_id', '=', requesterId).where('target_id', '=', targetId).returning('requester_id').execute();
      if (deleted.length === 0) throw notFound('The follow request');
      if (approve) await this.insertFollow(tx, requesterId, targetId);
      await this.ctx.hooks.emit(FollowRequestAnswered, { requesterId, targetId, outcome: approve ? 'approved' : 'rejected' }, tx);
    });
  }

  async hasFollowRequest(requesterId: number, targetId: number): Promise<boolean> {
    const row = await this.db.selectFrom('core_follow_requests').select('requester_id')
      .where('requester_id', '=', requesterId).where('target_id', '=', targetId).executeTakeFirst();
    return !!row;
  }

  /** Requests waiting for `targetId`, newest first; `after` is [requested-at ms, requester id]. */
  async followRequestPage(targetId: number, limit: number, after: [number, number] | null): Promise<{ account: AccountRecord; requestedAt: Date }[]> {
    let q = this.db.selectFrom('core_follow_requests as r')
      .innerJoin('core_accounts as a', 'a.id', 'r.requester_id')
      .select([...ACCOUNT_COLUMNS.map((c) => `a.${c}` as const), 'r.created_at as requested_at'])
      .where('r.target_id', '=', targetId);
    if (after) {
      const at = this.ts(new Date(after[0]));
      q = q.where((eb) => eb.or([eb('r.created_at', '<', at), eb.and([eb('r.created_at', '=', at), eb('r.requester_id', '<', after[1])])]));
    }
    const rows = await q.orderBy('r.created_at', 'desc').orderBy('r.requester_id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ account: toRecord(r), requestedAt: toDate(r.requested_at)! }));
  }

  async countFollowRequests(targetId: number): Promise<number> {
    const row = await this.db.selectFrom('core_follow_requests').select((eb) => eb.fn.countAll().as('n')).where('target_id', '=', targetId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Idempotent: unfollowing someone not followed changes nothing. */
  async unfollow(followerId: number, followeeId: number): Promise<void> {
    if (followerId === followeeId) throw badInput('You cannot unfollow yourself');
    await this.ctx.db.transaction(async (tx) => {
      await this.assertBothExist(tx, followerId, followeeId);
      if (await this.removeFollow(tx, followerId, followeeId)) {
        await this.ctx.hooks.emit(AccountUnfollowed, { followerId, followeeId }, tx);
      }
      // Unfollowing while the request still waits withdraws it.
      const withdrawn = await tx.db.deleteFrom('core_follow_requests')
        .where('requester_id', '=', followerId).where('target_id', '=', followeeId).returning('requester_id').execute();
      if (withdrawn.length > 0) await this.ctx.hooks.emit(FollowRequestAnswered, { requesterId: followerId, targetId: followeeId, outcome: 'withdrawn' }, tx);
    });
  }

  private async removeFollow(tx: Tx, followerId: number, followeeId: number): Promise<boolean> {
    const deleted = await tx.db.deleteFrom('core_follows')
      .where('follower_id', '=', followerId).where('followee_id', '=', followeeId)
      .returning('follower_id').execute();
    if (deleted.length === 0) return false;
    await this.moveCounters(tx, followerId, followeeId, -1);
    return true;
  }

  /** Rows are updated in id order, so two opposite follows cannot deadlock on PostgreSQL. */
  private async moveCounters(tx: Tx, followerId: number, followeeId: number, delta: 1 | -1): Promise<void> {
    const updates = [
      { id: followerId, column: 'following_count' },
      { id: followeeId, column: 'followers_count' },
    ].sort((a, b) => a.id - b.id);
    for (const { id, column } of updates) {
      await tx.db.updateTable('core_accounts')
        .set((eb) => ({ [column]: eb(column, '+', delta) }))
        .where('id', '=', id).execute();
    }
  }

  /** Blocking removes follows both ways; blocking twice is a no-op. */
  async block(blockerId: number, blockedId: number): Promise<void> {
    if (blockerId === blockedId) throw badInput('You cannot block yourself');
    await this.ctx.db.transaction(async (tx) => {
      await this.assertBothExist(tx, blockerId, blockedId);
      const inserted = await tx.db.insertInto('core_blocks')
        .values({ blocker_id: blockerId, blocked_id: blockedId, created_at: this.ts(new Date()) })
        .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
        .returning('blocker_id').execute();
      for (const [a, b] of [[blockerId, blockedId], [blockedId, blockerId]] as const) {
        if (await this.removeFollow(tx, a, b)) await this.ctx.hooks.emit(AccountUnfollowed, { followerId: a, followeeId: b }, tx);
        await tx.db.deleteFrom('core_follow_requests').where('requester_id', '=', a).where('target_id', '=', b).execute();
      }
      if (inserted.length > 0) await this.ctx.hooks.emit(AccountBlocked, { blockerId, blockedId }, tx);
    });
  }

  async unblock(blockerId: number, blockedId: number): Promise<void> {
    const deleted = await this.db.deleteFrom('core_blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).returning('blocker_id').execute();
    if (deleted.length > 0) await this.ctx.hooks.emit(AccountUnblocked, { blockerId, blockedId });
  }

  async deleteAccount(accountId: number): Promise<void> {
    const account = await this.getById(accountId);
    if (!account) throw notFound('The account');
    if (account.role === 'admin') {
      const admins = await this.db.selectFrom('core_accounts').select('id').where('role', '=', 'admin').limit(2).execute();
      if (admins.length === 1) throw badInput('This is the only admin; make someone else admin first');
    }
    // Awaited before anything is removed (federation enqueues Delete here).
    await this.ctx.hooks.emit(AccountDeleting, { account });
    await this.ctx.db.transaction(async (tx) => {
      // The other side of each follow loses one from its counter; the rows go with the account (cascade).
      await tx.db.updateTable('core_accounts').set((eb) => ({ followers_count: eb('followers_count', '-', 1) }))
        .where('id', 'in', tx.db.selectFrom('core_follows').select('followee_id').where('follower_id', '=', accountId)).execute();
      await tx.db.updateTable('core_accounts').set((eb) => ({ following_count: eb('following_count', '-', 1) }))
        .where('id', 'in', tx.db.selectFrom('core_follows').select('follower_id').where('followee_id', '=', accountId)).execute();
      await tx.db.deleteFrom('core_accounts').where('id', '=', accountId).execute();
      await tx.db.deleteFrom('core_suspensions').where('account_id', '=', accountId).execute();
      if (!account.remote) {
        await tx.db.insertInto('core_retired_handles').values({ handle: account.handle, retired_at: this.ts(new Date()) })
          .onConflict((oc) => oc.column('handle').doNothing()).execute();
      }
      await this.ctx.hooks.emit(AccountDeleted, { accountId, handle: account.handle, remote: !!account.remote }, tx);
    });
  }

  async mute(muterId: number, mutedId: number): Promise<void> {
    if (muterId === mutedId) throw badInput('You cannot mute yourself');
    await this.ctx.db.transaction(async (tx) => {
      await this.assertBothExist(tx, muterId, mutedId);
      await tx.db.insertInto('core_mutes')
        .values({ muter_id: muterId, muted_id: mutedId, created_at: this.ts(new Date()) })
        .onConflict((oc) => oc.columns(['muter_id', 'muted_id']).doNothing()).execute();
    });
  }

  async unmute(muterId: number, mutedId: number): Promise<void> {
    await this.db.deleteFrom('core_mutes').where('muter_id', '=', muterId).where('muted_id', '=', mutedId).execute();
  }

  async localFollowerIds(accountId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('core_follows as f').innerJoin('core_accounts as a', 'a.id', 'f.follower_id')
      .select('f.follower_id').where('f.followee_id', '=', accountId).where('a.domain', 'is', null).execute();
    return rows.map((r) => Number(r.follower_id));
  }

  async followingIds(accountId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('core_follows').select('followee_id').where('follower_id', '=', accountId).execute();
    return rows.map((r) => Number(r.followee_id));
  }

  async isBlocked(a: number, b: number): Promise<boolean> {
    return this.blockedBetween(this.db, a, b);
  }

  async hiddenAccountIds(accountId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('core_blocks').select('blocked_id as id').where('blocker_id', '=', accountId)
      .union(this.db.selectFrom('core_mutes').select('muted_id as id').where('muter_id', '=', accountId))
      .execute();
    return [...new Set(rows.map((r) => Number(r.id)))];
  }

  /** Which of `targets` does `viewerId` have a row for in a relation table (one query for a page). */
  async relationSet(table: 'core_follows' | 'core_blocks' | 'core_mutes', viewerId: number, targets: readonly number[]): Promise<Set<number>> {
    const [from, to] = { core_follows: ['follower_id', 'followee_id'], core_blocks: ['blocker_id', 'blocked_id'], core_mutes: ['muter_id', 'muted_id'] }[table];
    if (targets.length === 0) return new Set();
    const rows = await this.db.selectFrom(table).select(`${to} as id`).where(from, '=', viewerId).where(to, 'in', [...targets]).execute();
    return new Set(rows.map((r) => Number(r.id)));
  }

  /**
   * One page of followers (direction 'followers') or followed accounts
   * ('following'), newest first, as one joined query. `after` is the
   * decoded cursor: [followed-at in ms, account id].
   */
  async followPage(accountId: number, direction: 'followers' | 'following', limit: number, after: [number, number] | null): Promise<FollowPage> {
    const [self, other] = direction === 'followers' ? ['followee_id', 'follower_id'] : ['follower_id', 'followee_id'];
    let q = this.db.selectFrom('core_follows as f')
      .innerJoin('core_accounts as a', 'a.id', `f.${other}`)
      .select([...ACCOUNT_COLUMNS.map((c) => `a.${c}` as const), 'f.created_at as followed_at'])
      .where(`f.${self}`, '=', accountId);
    if (after) {
      const at = this.ts(new Date(after[0]));
      q = q.where((eb) => eb.or([eb('f.created_at', '<', at), eb.and([eb('f.created_at', '=', at), eb(`f.${other}`, '<', after[1])])]));
    }
    const rows = await q.orderBy('f.created_at', 'desc').orderBy(`f.${other}`, 'desc').limit(limit).execute();
    return { rows: rows.map((r) => ({ account: toRecord(r), followedAt: toDate(r.followed_at)! })) };
  }
}

const stores = new WeakMap<PluginContext, AccountsStore>();

/** The store of a plugin context (one per running instance). */
export function storeOf(ctx: PluginContext): AccountsStore {
  let store = stores.get(ctx);
  if (!store) {
    store = new AccountsStore(ctx);
    stores.set(ctx, store);
  }
  return store;
}
