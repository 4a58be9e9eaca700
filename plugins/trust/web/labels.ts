// Names of moderation actions, report reasons, statuses and labels on the
// web pages. The actions a moderator can choose come from MODERATION_ACTIONS
// (contracts.ts, the list `moderate` accepts), so a new action shows up in
// the form by itself: name it here, or it shows as its code in words
// ("LIMIT_REACH" → "Limit reach") until someone does.

import type { WebLocale, WebPageContext } from '../../web/contracts.ts';
import { DISCLOSURES } from '../../notes/contracts.ts';
import { MODERATION_ACTIONS, REPORT_REASONS, type ModerationActionChoice, type ModerationActionKind, type ReportReason } from '../contracts.ts';

type Named = Record<WebLocale, string>;

const ACTIONS: Partial<Record<ModerationActionKind, Named>> = {
  WARN: { en: 'Warn', 'zh-CN': '警告' },
  DISMISS: { en: 'Dismiss (no action)', 'zh-CN': '驳回（不处理）' },
  APPROVE: { en: 'Approve the held note', 'zh-CN': '通过待审笔记' },
  HIDE: { en: 'Hide', 'zh-CN': '隐藏' },
  DELETE: { en: 'Delete', 'zh-CN': '删除' },
  MARK_SENSITIVE: { en: 'Mark sensitive', 'zh-CN': '标记为敏感内容' },
  LIMIT_REACH: { en: 'Limit reach', 'zh-CN': '限制推荐' },
  REQUIRE_LABEL: { en: 'Require a label', 'zh-CN': '要求添加标识' },
  SUSPEND: { en: 'Suspend the account', 'zh-CN': '封禁账号' },
  APPEAL_UPHELD: { en: 'Appeal upheld', 'zh-CN': '申诉维持原处理' },
  APPEAL_OVERTURNED: { en: 'Appeal overturned', 'zh-CN': '申诉撤销原处理' },
};

/** Which extra field an action needs (the form shows them all; each says which action it is for). */
export const ACTION_NEEDS: Partial<Record<ModerationActionChoice, 'label' | 'suspendDays'>> = {
  REQUIRE_LABEL: 'label',
  SUSPEND: 'suspendDays',
};

const REASONS: Record<ReportReason, { name: Named; hint: Named }> = {
  SPAM: { name: { en: 'Spam', 'zh-CN': '垃圾信息' }, hint: { en: 'Ads, scams, repeated or misleading posts.', 'zh-CN': '广告、诈骗、重复或误导性的内容。' } },
  FAKE_SEEDING: {
    name: { en: 'Fake seeding', 'zh-CN': '虚假种草' },
    hint: { en: 'A review posing as a real experience that is paid for or ghost-written.', 'zh-CN': '伪装成真实体验、实为付费或代写的推荐。' },
  },
  UNDISCLOSED_AD: { name: { en: 'Undisclosed ad', 'zh-CN': '未标注的广告' }, hint: { en: 'A paid promotion without its “sponsored” or “ad” label.', 'zh-CN': '付费推广却没有标注“合作”或“广告”。' } },
  HARASSMENT: { name: { en: 'Harassment', 'zh-CN': '骚扰' }, hint: { en: 'Insults, threats, or singling someone out.', 'zh-CN': '辱骂、威胁或针对他人。' } },
  ILLEGAL: { name: { en: 'Illegal', 'zh-CN': '违法内容' }, hint: { en: 'Content that breaks the law.', 'zh-CN': '违反法律法规的内容。' } },
  OTHER: { name: { en: 'Something else', 'zh-CN': '其他' }, hint: { en: 'Tell the moderators what is wrong below.', 'zh-CN': '请在下方说明问题。' } },
};

const STATUSES: Record<string, Named> = {
  OPEN: { en: 'Open', 'zh-CN': '待处理' },
  RESOLVED: { en: 'Resolved', 'zh-CN': '已处理' },
  DISMISSED: { en: 'Dismissed', 'zh-CN': '已驳回' },
  PENDING: { en: 'waiting for a decision', 'zh-CN': '等待裁定' },
  UPHELD: { en: 'upheld', 'zh-CN': '维持原处理' },
  OVERTURNED: { en: 'overturned', 'zh-CN': '已撤销' },
};

const TARGETS: Record<string, Named> = {
  Note: { en: 'Note', 'zh-CN': '笔记' },
  Comment: { en: 'Comment', 'zh-CN': '评论' },
  Account: { en: 'Person', 'zh-CN': '用户' },
};

const LABELS: Record<string, Named> = {
  sponsored: { en: 'Sponsored (合作)', 'zh-CN': '合作' },
  promoted: { en: 'Ad (广告)', 'zh-CN': '广告' },
};

/** "LIMIT_REACH" → "Limit reach": a readable name for a code nobody named yet. */
const words = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ');

export const actionName = (page: Pick<WebPageContext, 'text'>, action: string) => {
  const named = ACTIONS[action as ModerationActionKind];
  return named ? page.text(named) : words(action);
};
export const reasonName = (page: Pick<WebPageContext, 'text'>, reason: string) => {
  const named = REASONS[reason as ReportReason];
  return named ? page.text(named.name) : words(reason);
};
export const reasonHint = (page: Pick<WebPageContext, 'text'>, reason: ReportReason) => page.text(REASONS[reason].hint);
export const statusName = (page: Pick<WebPageContext, 'text'>, status: string) => (STATUSES[status] ? page.text(STATUSES[status]) : words(status));
export const targetName = (page: Pick<WebPageContext, 'text'>, type: string) => (TARGETS[type] ? page.text(TARGETS[type]) : type);
export const disclosureName = (page: Pick<WebPageContext, 'text'>, label: string) => (LABELS[label] ? page.text(LABELS[label]) : label);

/** What a moderator can choose in the action form, in the API's order. */
export const CHOOSABLE_ACTIONS: readonly ModerationActionChoice[] = MODERATION_ACTIONS;
export const DISCLOSURE_LABELS: readonly string[] = DISCLOSURES;
export { REPORT_REASONS };
