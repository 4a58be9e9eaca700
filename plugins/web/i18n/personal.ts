// Strings of /settings/blocks (blocked and muted people), in both languages;
// en.ts and zh-CN.ts spread them in, so the key-parity test covers them too.

export const personalEn = {
  'settings.blocksLink': 'Blocked and muted people',
  'personal.title': 'Blocked and muted people',
  'personal.blocked': 'Blocked ({count})',
  'personal.blockedHint': 'They cannot follow you or read your notes while signed in, and you no longer see theirs.',
  'personal.blockedEmpty': 'You have not blocked anyone.',
  'personal.muted': 'Muted ({count})',
  'personal.mutedHint': 'Their notes are hidden from you; they are not told.',
  'personal.mutedEmpty': 'You have not muted anyone.',
  'personal.unblock': 'Unblock',
  'personal.unblockLabel': 'Unblock {name}',
  'personal.unmute': 'Unmute',
  'personal.unmuteLabel': 'Unmute {name}',
  'personal.unblocked': '{name} is no longer blocked.',
  'personal.unmuted': '{name} is no longer muted.',
  'personal.badPage': 'That page of the list no longer exists. Open the list again from the first page.',
  'personal.badForm': 'This form was incomplete; nothing was changed.',
  'personal.gone': 'That account no longer exists; nothing was changed.',
  'personal.backToSettings': 'Back to settings',
} as const;

export const personalZhCN: Record<keyof typeof personalEn, string> = {
  'settings.blocksLink': '已拉黑和已屏蔽的人',
  'personal.title': '已拉黑和已屏蔽的人',
  'personal.blocked': '已拉黑（{count}）',
  'personal.blockedHint': '他们无法关注你，登录时也看不到你的笔记；你也不会看到他们的内容。',
  'personal.blockedEmpty': '你还没有拉黑任何人。',
  'personal.muted': '已屏蔽（{count}）',
  'personal.mutedHint': '你不会再看到他们的笔记，对方不会收到通知。',
  'personal.mutedEmpty': '你还没有屏蔽任何人。',
  'personal.unblock': '取消拉黑',
  'personal.unblockLabel': '取消拉黑 {name}',
  'personal.unmute': '取消屏蔽',
  'personal.unmuteLabel': '取消屏蔽 {name}',
  'personal.unblocked': '已取消拉黑 {name}。',
  'personal.unmuted': '已取消屏蔽 {name}。',
  'personal.badPage': '列表的这一页已不存在，请从第一页重新打开。',
  'personal.badForm': '表单内容不完整，没有做任何更改。',
  'personal.gone': '这个账号已不存在，没有做任何更改。',
  'personal.backToSettings': '返回设置',
};
