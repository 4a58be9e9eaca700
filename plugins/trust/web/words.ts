// The moderation pages' and the report form's strings, in both languages
// the web plugin speaks. {name} placeholders are filled by `say`. Names of
// actions, reasons and statuses are in labels.ts.

import { html, type SafeHtml, type WebLocale, type WebPageContext } from '../../web/contracts.ts';

const WORDS = {
  moderation: { en: 'Moderation', 'zh-CN': '内容审核' },
  sections: { en: 'Moderation sections', 'zh-CN': '审核栏目' },
  queue: { en: 'Reports', 'zh-CN': '举报队列' },
  log: { en: 'Audit log', 'zh-CN': '审核日志' },
  appeals: { en: 'Appeals', 'zh-CN': '申诉' },
  domainBlocks: { en: 'Blocked instances', 'zh-CN': '屏蔽的站点' },
  notAllowed: { en: 'Not allowed', 'zh-CN': '无权访问' },
  staffOnly: { en: 'Only moderators and admins can open this page.', 'zh-CN': '只有版主和管理员可以打开此页面。' },
  signInFirst: { en: 'Sign in first.', 'zh-CN': '请先登录。' },
  more: { en: 'More', 'zh-CN': '更多' },
  badPage: { en: 'That page of the list no longer exists. Start again from the first page.', 'zh-CN': '列表的这一页已不存在，请从第一页重新开始。' },
  badForm: { en: 'This form was incomplete; nothing was changed.', 'zh-CN': '表单内容不完整，没有做任何更改。' },
  startAgain: { en: 'Back to the first page', 'zh-CN': '回到第一页' },
  byName: { en: 'by {name}', 'zh-CN': '作者 {name}' },
  untilDate: { en: 'until {date}', 'zh-CN': '至 {date}' },
  untilLifted: { en: 'until lifted', 'zh-CN': '直到解除' },
  backHome: { en: 'Back to the discovery feed', 'zh-CN': '回到发现页' },
  removed: { en: '(removed)', 'zh-CN': '（已删除）' },

  // The queue.
  filterStatus: { en: 'Show reports', 'zh-CN': '按状态查看' },
  queueEmptyOpen: { en: 'No open reports.', 'zh-CN': '没有待处理的举报。' },
  queueEmpty: { en: 'No reports here.', 'zh-CN': '这里没有举报。' },
  reportedBy: { en: 'Reported by {name}', 'zh-CN': '举报人：{name}' },
  reportedFrom: { en: 'Reported from the instance {domain}', 'zh-CN': '来自站点 {domain} 的举报' },
  openTarget: { en: 'Open it', 'zh-CN': '查看' },
  author: { en: 'Author: {name}', 'zh-CN': '作者：{name}' },
  reportedPerson: { en: 'Reported person: {name}', 'zh-CN': '被举报用户：{name}' },
  historyNone: { en: 'No earlier actions against them', 'zh-CN': '此前没有被处理过' },
  historyOne: { en: '1 earlier action against them', 'zh-CN': '此前被处理过 1 次' },
  historyMany: { en: '{count} earlier actions against them', 'zh-CN': '此前被处理过 {count} 次' },
  reporterNote: { en: 'Reporter’s note', 'zh-CN': '举报说明' },
  assignedTo: { en: 'Assigned to {name}', 'zh-CN': '负责人：{name}' },
  assignedToYou: { en: 'Assigned to you', 'zh-CN': '由你负责' },
  unassigned: { en: 'Not assigned', 'zh-CN': '未分配' },
  assignToMe: { en: 'Assign to me', 'zh-CN': '由我处理' },
  forwardedTo: { en: 'Forwarded to {domain}', 'zh-CN': '已转交给 {domain}' },
  forward: { en: 'Forward to {domain}', 'zh-CN': '转交给 {domain}' },
  forwardComment: { en: 'What {domain}’s moderators should know (optional; the reporter is not named)', 'zh-CN': '给 {domain} 管理员的说明（可不填；不会透露举报人）' },
  forwarded: { en: 'The report was forwarded.', 'zh-CN': '举报已转交。' },
  signalsFound: { en: 'Filed by this instance: automatic checks found', 'zh-CN': '由本站自动检查提交，发现：' },
  actionField: { en: 'Action', 'zh-CN': '处理方式' },
  chooseAction: { en: 'Choose an action…', 'zh-CN': '请选择处理方式…' },
  reasonField: { en: 'Reason (the person is told)', 'zh-CN': '理由（会告知当事人）' },
  reasonHint: { en: 'Required. Say which rule was broken and why; at most 2,000 characters.', 'zh-CN': '必填。说明违反了哪条规则及原因，最多 2000 字。' },
  optionsLegend: { en: 'Only for some actions', 'zh-CN': '仅部分处理方式需要' },
  labelField: { en: 'Label the note must carry (for “{action}”)', 'zh-CN': '笔记必须带有的标识（用于“{action}”）' },
  noLabel: { en: 'None', 'zh-CN': '无' },
  daysField: { en: 'Days (for “{action}”)', 'zh-CN': '天数（用于“{action}”）' },
  daysHint: { en: 'Leave empty to suspend until lifted.', 'zh-CN': '留空表示直到解除。' },
  daysNumber: { en: 'Give the number of days as a whole number, or leave it empty.', 'zh-CN': '请填写整数天数，或留空。' },
  apply: { en: 'Apply', 'zh-CN': '执行' },
  actFor: { en: 'Act on this report', 'zh-CN': '处理这条举报' },
  acted: { en: 'Recorded: {action}. The people concerned were told.', 'zh-CN': '已记录：{action}。已通知相关的人。' },
  assigned: { en: 'The report is assigned to you.', 'zh-CN': '这条举报已分配给你。' },
  resolvedAt: { en: 'Closed {date}', 'zh-CN': '处理于 {date}' },

  // The audit log.
  logEmpty: { en: 'Nothing has been done yet.', 'zh-CN': '还没有处理记录。' },
  when: { en: 'When', 'zh-CN': '时间' },
  moderator: { en: 'Moderator', 'zh-CN': '处理人' },
  action: { en: 'Action', 'zh-CN': '处理' },
  target: { en: 'Concerning', 'zh-CN': '对象' },
  reason: { en: 'Reason', 'zh-CN': '理由' },
  appeal: { en: 'Appeal', 'zh-CN': '申诉' },
  older: { en: 'Older entries', 'zh-CN': '更早的记录' },

  // Appeals.
  filterAppeals: { en: 'Show appeals', 'zh-CN': '按状态查看' },
  appealsEmptyPending: { en: 'No appeals waiting.', 'zh-CN': '没有待处理的申诉。' },
  appealsEmpty: { en: 'No appeals here.', 'zh-CN': '这里没有申诉。' },
  appealBy: { en: '{name} appeals “{action}”', 'zh-CN': '{name} 对“{action}”提出申诉' },
  actedBy: { en: 'Action by {name}', 'zh-CN': '原处理人：{name}' },
  givenReason: { en: 'Reason given', 'zh-CN': '原理由' },
  appealText: { en: 'Why they think it was wrong', 'zh-CN': '申诉理由' },
  ownAction: { en: 'You took this action, so another moderator has to decide this appeal.', 'zh-CN': '这是你执行的处理，需由其他版主审理这条申诉。' },
  decision: { en: 'Decision', 'zh-CN': '决定' },
  uphold: { en: 'Uphold: the action stands', 'zh-CN': '维持原处理' },
  overturn: { en: 'Overturn: undo the action', 'zh-CN': '撤销并恢复' },
  decide: { en: 'Decide', 'zh-CN': '提交决定' },
  chooseDecision: { en: 'Choose whether to uphold or overturn the action.', 'zh-CN': '请选择维持还是撤销原处理。' },
  decidedUphold: { en: 'Decided: the action stands. The person was told.', 'zh-CN': '已裁定：维持原处理，已通知当事人。' },
  decidedOverturn: { en: 'Decided: the action was overturned and undone. The person was told.', 'zh-CN': '已裁定：撤销原处理并已恢复，已通知当事人。' },
  decidedBy: { en: 'Decided by {name}', 'zh-CN': '由 {name} 裁定' },

  // A person's own record.
  mineTitle: { en: 'Moderation of my account', 'zh-CN': '我的账号处理记录' },
  mineIntro: {
    en: 'What moderators did about your notes, comments or account, and why. You can appeal each action once; another moderator decides.',
    'zh-CN': '版主对你的笔记、评论或账号做过的处理及理由。每项处理可以申诉一次，由其他版主审理。',
  },
  mineEmpty: { en: 'Moderators have not acted on anything of yours.', 'zh-CN': '你的内容和账号没有被处理过。' },
  suspended: { en: 'Your account is suspended {until}: {reason}. You can still read and appeal.', 'zh-CN': '你的账号已被封禁（{until}）：{reason}。你仍然可以浏览和申诉。' },
  onNote: { en: 'Your note', 'zh-CN': '你的笔记' },
  onComment: { en: 'Your comment', 'zh-CN': '你的评论' },
  onAccount: { en: 'Your account', 'zh-CN': '你的账号' },
  appealField: { en: 'Why was this wrong?', 'zh-CN': '为什么这个处理不对？' },
  appealHint: { en: 'At most 2,000 characters. You can appeal once.', 'zh-CN': '最多 2000 字，只能申诉一次。' },
  sendAppeal: { en: 'Send appeal', 'zh-CN': '提交申诉' },
  appealed: { en: 'Your appeal was sent. Another moderator will decide, and you will get a notification.', 'zh-CN': '申诉已提交，将由其他版主审理，结果会通知你。' },
  yourAppeal: { en: 'Your appeal: {status}', 'zh-CN': '你的申诉：{status}' },
  final: { en: 'A decision on an appeal is final.', 'zh-CN': '申诉裁定为最终决定。' },

  // Notifications.
  noticeAction: { en: 'Moderators acted on your content or account: {action}. See why, or appeal', 'zh-CN': '版主处理了你的内容或账号：{action}。查看原因或申诉' },
  noticeUpheld: { en: 'Your appeal was decided: the action stands', 'zh-CN': '你的申诉已裁定：维持原处理' },
  noticeOverturned: { en: 'Your appeal was decided: the action was overturned', 'zh-CN': '你的申诉已裁定：原处理已撤销' },
  noticeDismissed: { en: 'Moderators looked at your report and found nothing against the rules', 'zh-CN': '版主查看了你的举报，未发现违规' },
  noticeActioned: { en: 'Moderators looked at your report and acted on it. Thank you', 'zh-CN': '版主查看了你的举报并已处理，谢谢' },

  // Reporting.
  report: { en: 'Report', 'zh-CN': '举报' },
  reportNote: { en: 'Report this note', 'zh-CN': '举报这篇笔记' },
  reportComment: { en: 'Report the comment by {name}', 'zh-CN': '举报 {name} 的评论' },
  reportPerson: { en: 'Report @{handle}', 'zh-CN': '举报 @{handle}' },
  titleNote: { en: 'Report a note', 'zh-CN': '举报笔记' },
  titleComment: { en: 'Report a comment', 'zh-CN': '举报评论' },
  titleAccount: { en: 'Report a person', 'zh-CN': '举报用户' },
  whatsWrong: { en: 'What is wrong with it?', 'zh-CN': '存在什么问题？' },
  chooseReason: { en: 'Choose a reason.', 'zh-CN': '请选择举报原因。' },
  commentField: { en: 'Anything the moderators should know (optional)', 'zh-CN': '补充说明（选填）' },
  commentHint: { en: 'At most 2,000 characters. The person you report is not told who reported them.', 'zh-CN': '最多 2000 字。被举报的人不会知道是谁举报的。' },
  sendReport: { en: 'Send report', 'zh-CN': '提交举报' },
  sentTitle: { en: 'Thank you, your report was sent', 'zh-CN': '感谢，举报已提交' },
  sentBody: { en: 'Moderators will look at it. You will get a notification when they have decided.', 'zh-CN': '版主会尽快处理，处理结果会通知你。' },
  backToNote: { en: 'Back to the note', 'zh-CN': '返回笔记' },
  backToProfile: { en: 'Back to the profile', 'zh-CN': '返回用户主页' },
  cancel: { en: 'Cancel', 'zh-CN': '取消' },
} satisfies Record<string, Record<WebLocale, string>>;

export type TrustWord = keyof typeof WORDS;

/** A string in the page's language, with {name} placeholders filled. */
export function say(page: Pick<WebPageContext, 'text'>, key: TrustWord, params: Record<string, string | number> = {}): string {
  return page.text(WORDS[key]).replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The same with markup in the placeholders (a link, a date): the words are escaped, the slots kept as they are. */
export function sayHtml(page: Pick<WebPageContext, 'text'>, key: TrustWord, slots: Record<string, SafeHtml | string>): SafeHtml {
  const parts = page.text(WORDS[key]).split(/\{(\w+)\}/);
  return html`${parts.map((part, i) => (i % 2 ? (slots[part] ?? `{${part}}`) : part))}`;
}
