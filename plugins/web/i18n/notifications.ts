// Strings of the notifications page and its nav entry, in both languages;
// en.ts and zh-CN.ts spread them in, so the key-parity test covers them too.

export const notificationsEn = {
  'nav.notifications': 'Notifications',
  'nav.unread': '{count} unread',
  'notifications.title': 'Notifications',
  'notifications.empty': 'Nothing yet. Likes, comments, mentions and new followers will show up here.',
  'notifications.markRead': 'Mark all as read',
  'notifications.unread': 'Unread',
  'notifications.live': 'New notifications appear here as they arrive.',
  'notifications.follow': '{name} started following you',
  'notifications.follow-request': '{name} asked to follow you',
  'notifications.like': '{name} liked your note',
  'notifications.comment': '{name} commented on your note',
  'notifications.reply': '{name} replied to your comment',
  'notifications.mention': '{name} mentioned you',
  'notifications.other': '{name} did something that concerns you',
  'notifications.gone': 'This is no longer available.',
} as const;

export const notificationsZhCN: Record<keyof typeof notificationsEn, string> = {
  'nav.notifications': '通知',
  'nav.unread': '{count} 条未读',
  'notifications.title': '通知',
  'notifications.empty': '还没有通知。点赞、评论、提及和新的关注者会显示在这里。',
  'notifications.markRead': '全部标为已读',
  'notifications.unread': '未读',
  'notifications.live': '新通知会实时出现在这里。',
  'notifications.follow': '{name} 关注了你',
  'notifications.follow-request': '{name} 请求关注你',
  'notifications.like': '{name} 赞了你的笔记',
  'notifications.comment': '{name} 评论了你的笔记',
  'notifications.reply': '{name} 回复了你的评论',
  'notifications.mention': '{name} 提到了你',
  'notifications.other': '{name} 有与你相关的动态',
  'notifications.gone': '内容已不可见。',
};
