// GraphQL for notifications: the viewer's list (a connection, newest first),
// the unread count, marking read, and `notificationAdded`, a subscription
// fed by the pub/sub topic of the viewer (Redis carries it across nodes).

import type { PluginContext } from '../plugins/context.ts';
import type { Resolvers } from '../plugins/define.ts';
import { requireViewer, type MeadowContext } from '../graphql/context.ts';
import { CursorCodec, localId, pageSize, toConnection, toGlobalId, type PageArgs } from '../graphql/relay.ts';
import { NodeLookup } from '../hooks/core-hooks.ts';
import { badInput } from '../errors/errors.ts';
import { AccountsServiceRef } from '../accounts/contracts.ts';
import type { NotificationRecord } from './contracts.ts';
import { addedTopic, notificationsOf } from './service.ts';

export const notificationTypeDefs = /* GraphQL */ `
  "Something that happened to you: someone followed you, liked or commented on your note, mentioned you …"
  type Notification implements Node {
    id: ID!
    "follow, follow-request, like, comment, reply, mention; plugins may add kinds of their own."
    kind: String!
    "Who did it (an account of this instance or of another one); null if it is gone."
    actor: Account
    "Global ID of what it is about (a Note, a Comment …); null for a follow."
    subjectId: ID
    "The GraphQL type of the subject, e.g. Note or Comment."
    subjectType: String
    "The subject itself, while you may still see it."
    subject: Node
    "Small details for display, e.g. { noteId } for a comment."
    data: JSON!
    read: Boolean!
    createdAt: DateTime!
  }

  type NotificationEdge {
    cursor: String!
    node: Notification!
  }

  type NotificationConnection {
    edges: [NotificationEdge!]!
    pageInfo: PageInfo!
  }

  extend type Query {
    "Your notifications, newest first (signed in)."
    notifications(first: Int = 20, after: String): NotificationConnection!
    "How many of your notifications you have not read (signed in)."
    unreadNotificationsCount: Int!
  }

  extend type Mutation {
    "Marks your notifications read: all of them, or those up to and including upTo. Returns how many are still unread."
    markNotificationsRead(upTo: ID): Int!
  }

  extend type Subscription {
    "Each new notification of yours as it is made, on whichever node (signed in)."
    notificationAdded: Notification!
  }
`;

export function notificationResolvers(ctx: PluginContext): Resolvers {
  const service = () => notificationsOf(ctx);
  const codec = () => new CursorCodec(ctx.secret);
  return {
    Notification: {
      id: (n: NotificationRecord) => toGlobalId('Notification', n.id),
      actor: (n: NotificationRecord, _: unknown, gctx: MeadowContext) => ctx.services.get(AccountsServiceRef).loader(gctx).load(n.actorId),
      subjectId: (n: NotificationRecord) => (n.subject ? toGlobalId(n.subject.type, n.subject.id) : null),
      subjectType: (n: NotificationRecord) => n.subject?.type ?? null,
      subject: async (n: NotificationRecord, _: unknown, gctx: MeadowContext) => {
        if (!n.subject) return null;
        // Looked up as the viewer: a note they may no longer read stays hidden.
        return ctx.hooks.applyFilter(NodeLookup, null, { type: n.subject.type, id: String(n.subject.id), context: gctx }).catch(() => null);
      },
    },
    Query: {
      notifications: async (_: unknown, args: PageArgs, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        const first = pageSize(args);
        const c = codec();
        const before = args.after ? c.decode<unknown>(args.after) : null;
        if (before !== null && !(typeof before === 'number' && Number.isSafeInteger(before) && before > 0)) {
          throw badInput('This cursor is not a cursor of this list');
        }
        const page = await service().list(viewer.accountId, { limit: first, before });
        const rows = page.hasMore ? [...page.items, page.items.at(-1)!] : page.items;
        return toConnection(rows, first, c, (n) => n.id);
      },
      unreadNotificationsCount: (_: unknown, __: unknown, gctx: MeadowContext) => service().unreadCount(requireViewer(gctx).accountId),
    },
    Mutation: {
      markNotificationsRead: (_: unknown, args: { upTo?: string | null }, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        return service().markRead(viewer.accountId, args.upTo == null ? null : localId(args.upTo, 'Notification'));
      },
    },
    Subscription: {
      notificationAdded: {
        subscribe: (_: unknown, __: unknown, gctx: MeadowContext) => ctx.pubsub.subscribe(addedTopic(requireViewer(gctx).accountId)),
        // The topic carries the id only (it may come from another node through Redis): read the row here.
        resolve: async (payload: { id: number }, _: unknown, gctx: MeadowContext) => {
          const notification = await service().getById(Number(payload.id));
          if (!notification || notification.accountId !== gctx.viewer?.accountId) throw badInput('This notification is gone');
          return notification;
        },
      },
    },
  };
}
