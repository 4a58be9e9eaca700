// The built-in "notifications" module: tells people what happened to them
// (follows and follow requests here; likes, comments and mentions from the
// notes plugin through NotificationsServiceRef), lists them, counts the
// unread ones and pushes new ones to open subscriptions on every node.

import { definePlugin, filter, on, provide, PLUGIN_API_VERSION } from '../plugins/define.ts';
import { NodeLookup } from '../hooks/core-hooks.ts';
import { AccountBlocked, AccountDeleted, AccountFollowed, FollowRequested } from '../accounts/contracts.ts';
import { NotificationsServiceRef } from './contracts.ts';
import { notificationsOf } from './service.ts';
import { notificationMigrations } from './schema.ts';
import { notificationResolvers, notificationTypeDefs } from './graphql.ts';

export const notificationsPlugin = definePlugin({
  name: 'notifications',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Notifications: follows, likes, comments and mentions, live through a subscription',
  dependsOn: ['accounts'],
  migrations: notificationMigrations,
  typeDefs: notificationTypeDefs,
  resolvers: notificationResolvers,
  provides: [provide(NotificationsServiceRef, (ctx) => notificationsOf(ctx))],
  hooks: [
    on(AccountFollowed, ({ followerId, followeeId }, ctx) => notificationsOf(ctx).notify({ accountId: followeeId, kind: 'follow', actorId: followerId, subject: null })),
    on(FollowRequested, ({ requesterId, targetId }, ctx) => notificationsOf(ctx).notify({ accountId: targetId, kind: 'follow-request', actorId: requesterId, subject: null })),
    on(AccountBlocked, ({ blockerId, blockedId }, ctx) => notificationsOf(ctx).removeBetween(blockerId, blockedId)),
    on(AccountDeleted, ({ accountId }, ctx) => notificationsOf(ctx).removeForAccount(accountId)),
    filter(NodeLookup, async (found, { type, id, context }, ctx) => {
      if (found || type !== 'Notification') return found;
      const n = Number(id);
      const notification = Number.isSafeInteger(n) && n > 0 ? await notificationsOf(ctx).getById(n) : null;
      // Only its recipient may look a notification up.
      return notification && notification.accountId === context.viewer?.accountId ? { ...notification, __typename: 'Notification' } : null;
    }),
  ],
});
