// The notifications module's public face: what plugins use to tell a person
// that something happened to them (a follow, a like, a comment, a mention …).
// Tables, GraphQL and delivery stay behind this file.

import { defineEvent } from '../hooks/tokens.ts';
import { defineService } from '../plugins/services.ts';

/** What a notification is about: a GraphQL node type and its local id (e.g. { type: 'Note', id: 12 }). */
export interface NotificationSubject {
  type: string;
  id: number | string;
}

export interface NotifyInput {
  /** Who is told (a local account; remote accounts are never notified here). */
  accountId: number;
  /** What happened: "follow", "follow-request", "like", "comment", "reply", "mention" …; plugins may add their own kinds. */
  kind: string;
  /** Who did it (local, or the cached account of a remote actor). */
  actorId: number;
  subject: NotificationSubject | null;
  /** Small extra details for display (e.g. the note a comment is on); JSON. */
  data?: Record<string, unknown> | null;
}

export interface NotificationRecord {
  id: number;
  accountId: number;
  kind: string;
  actorId: number;
  subject: NotificationSubject | null;
  data: Record<string, unknown>;
  read: boolean;
  createdAt: Date;
}

export interface NotificationPage {
  items: NotificationRecord[];
  /** True when there are older notifications after the last item. */
  hasMore: boolean;
}

export interface NotificationsService {
  /**
   * Records a notification and delivers it to the person's open subscriptions
   * (on every node). Returns null, storing nothing, when it is a repeat (the
   * same kind, actor and subject as one already stored: a like, unlike and
   * like again tells once), when people act on their own things, when the
   * recipient is not a local account, or when either has blocked the other
   * or the recipient mutes the actor.
   */
  notify(input: NotifyInput): Promise<NotificationRecord | null>;
  /** Newest first; `before` is the id of the last one of the previous page. Hides actors the person now blocks or mutes. */
  list(accountId: number, options: { limit: number; before?: number | null }): Promise<NotificationPage>;
  getById(id: number): Promise<NotificationRecord | null>;
  /** Marks the person's notifications read, all of them or those up to id `upTo`; returns how many are still unread. */
  markRead(accountId: number, upTo?: number | null): Promise<number>;
  unreadCount(accountId: number): Promise<number>;
  /** Removes the notifications about something that is gone (a deleted note or comment). */
  removeForSubject(subject: NotificationSubject): Promise<void>;
}

export const NotificationsServiceRef = defineService<NotificationsService>('notifications.notifications', 'Notifications: tell a person that something happened to them; list and mark read');

export const NotificationAdded = defineEvent<{ notification: NotificationRecord }>('notification.added', {
  description: 'A notification was stored for a local account (after dedupe, blocks and mutes); e.g. for e-mail or push delivery.',
});
