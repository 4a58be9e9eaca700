// The notifications service: stores a notification once (the unique key
// decides what a repeat is, so two nodes racing on the same like still make
// one), skips self-actions, blocks and mutes, and announces each new one on
// the pub/sub topic of its recipient, which Redis carries to every node.

import type { Kysely } from 'kysely';
import type { PluginContext } from '../plugins/context.ts';
import { AccountsServiceRef } from '../accounts/contracts.ts';
import { badInput } from '../errors/errors.ts';
import { NotificationAdded, type NotificationPage, type NotificationRecord, type NotificationsService, type NotificationSubject, type NotifyInput } from './contracts.ts';
import { NOTIFICATIONS_TABLE as T } from './schema.ts';

const KIND = /^[a-z][a-z0-9.-]{0,63}$/;
const SUBJECT_TYPE = /^[A-Za-z]{1,64}$/;
const MAX_DATA_BYTES = 4_000;

/** The pub/sub topic of one person's new notifications (payload: { id }). */
export const addedTopic = (accountId: number) => `notifications:added:${accountId}`;

const isId = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

function checkInput(input: NotifyInput): void {
  if (!isId(input.accountId) || !isId(input.actorId)) throw badInput('accountId and actorId must be account ids');
  if (typeof input.kind !== 'string' || !KIND.test(input.kind)) throw badInput(`"${String(input.kind).slice(0, 40)}" is not a notification kind (lower-case words with dots or dashes)`);
  const subject = input.subject;
  if (subject && (!SUBJECT_TYPE.test(String(subject.type)) || String(subject.id) === '' || String(subject.id).length > 100)) {
    throw badInput('A notification subject needs a type (a GraphQL type name) and an id');
  }
  if (input.data != null && JSON.stringify(input.data).length > MAX_DATA_BYTES) throw badInput(`Notification data is limited to ${MAX_DATA_BYTES} bytes of JSON`);
}

export class NotificationsServiceImpl implements NotificationsService {
  private readonly ctx: PluginContext;

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private bool(value: boolean): boolean | number {
    return this.ctx.db.dialect === 'sqlite' ? (value ? 1 : 0) : value;
  }

  async notify(input: NotifyInput): Promise<NotificationRecord | null> {
    checkInput(input);
    if (input.accountId === input.actorId) return null;
    const accounts = this.ctx.services.get(AccountsServiceRef);
    const [recipient, actor] = await accounts.getByIds([input.accountId, input.actorId]);
    if (!recipient || recipient.remote || !actor) return null;
    if (await accounts.isBlocked(input.accountId, input.actorId)) return null;
    if ((await accounts.hiddenAccountIds(input.accountId)).includes(input.actorId)) return null;

    const row = await this.db()
      .insertInto(T)
      .values({
        account_id: input.accountId,
        kind: input.kind,
        actor_id: input.actorId,
        subject_type: input.subject ? String(input.subject.type) : '',
        subject_id: input.subject ? String(input.subject.id) : '',
        data: JSON.stringify(input.data ?? {}),
        is_read: this.bool(false),
        created_at: Date.now(),
      })
      .onConflict((oc) => oc.columns(['account_id', 'kind', 'actor_id', 'subject_type', 'subject_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    const notification = toRecord(row);
    this.ctx.pubsub.publish(addedTopic(notification.accountId), { id: notification.id });
    await this.ctx.hooks.emit(NotificationAdded, { notification });
    return notification;
  }

  async list(accountId: number, options: { limit: number; before?: number | null }): Promise<NotificationPage> {
    const hidden = await this.ctx.services.get(AccountsServiceRef).hiddenAccountIds(accountId);
    let query = this.db().selectFrom(T).selectAll().where('account_id', '=', accountId);
    if (options.before != null) query = query.where('id', '<', options.before);
    if (hidden.length) query = query.where('actor_id', 'not in', hidden);
    const rows = await query.orderBy('id', 'desc').limit(options.limit + 1).execute();
    return { items: rows.slice(0, options.limit).map(toRecord), hasMore: rows.length > options.limit };
  }

  async getById(id: number): Promise<NotificationRecord | null> {
    const row = await this.db().selectFrom(T).selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async markRead(accountId: number, upTo?: number | null): Promise<number> {
    let query = this.db().updateTable(T).set({ is_read: this.bool(true) }).where('account_id', '=', accountId).where('is_read', '=', this.bool(false));
    if (upTo != null) query = query.where('id', '<=', upTo);
    await query.execute();
    return this.unreadCount(accountId);
  }

  async unreadCount(accountId: number): Promise<number> {
    const hidden = await this.ctx.services.get(AccountsServiceRef).hiddenAccountIds(accountId);
    let query = this.db().selectFrom(T).select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).where('is_read', '=', this.bool(false));
    if (hidden.length) query = query.where('actor_id', 'not in', hidden);
    const row = await query.executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async removeForSubject(subject: NotificationSubject): Promise<void> {
    await this.db().deleteFrom(T).where('subject_type', '=', String(subject.type)).where('subject_id', '=', String(subject.id)).execute();
  }

  /** A deleted account: what it was told and what it did to others. */
  async removeForAccount(accountId: number): Promise<void> {
    await this.db().deleteFrom(T).where((eb) => eb.or([eb('account_id', '=', accountId), eb('actor_id', '=', accountId)])).execute();
  }

  /** A block: neither is told about the other any more. */
  async removeBetween(a: number, b: number): Promise<void> {
    await this.db()
      .deleteFrom(T)
      .where((eb) => eb.or([eb.and([eb('account_id', '=', a), eb('actor_id', '=', b)]), eb.and([eb('account_id', '=', b), eb('actor_id', '=', a)])]))
      .execute();
  }
}

function toRecord(row: Record<string, any>): NotificationRecord {
  const data = typeof row.data === 'string' ? JSON.parse(row.data) : (row.data ?? {});
  return {
    id: Number(row.id),
    accountId: Number(row.account_id),
    kind: row.kind,
    actorId: Number(row.actor_id),
    subject: row.subject_type ? { type: row.subject_type, id: /^\d+$/.test(row.subject_id) ? Number(row.subject_id) : row.subject_id } : null,
    data: data && typeof data === 'object' ? data : {},
    read: Boolean(row.is_read),
    createdAt: new Date(Number(row.created_at)),
  };
}

const services = new WeakMap<PluginContext, NotificationsServiceImpl>();

/** The service of one instance (keyed by the module's context, so instances in one process stay apart). */
export function notificationsOf(ctx: PluginContext): NotificationsServiceImpl {
  let service = services.get(ctx);
  if (!service) {
    service = new NotificationsServiceImpl(ctx);
    services.set(ctx, service);
  }
  return service;
}
