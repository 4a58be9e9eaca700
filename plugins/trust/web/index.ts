// What reports and moderation add to the web site when the web plugin is
// on: the moderator pages (/moderation: the queue; /moderation/log;
// /moderation/appeals) with a header entry for staff, a person's own record
// with appeals (/moderation/mine), and "Report" links on notes, comments and
// profiles leading to the report form (/report, then /report/sent), and the
// wording of its notifications on /notifications (notices.ts). Only
// plugins/web/contracts.ts is used, so trust runs the same without web.

import { filter } from '../../../core/index.ts';
import { WebCommentActions, WebNav, WebNoteSections, WebNotificationTexts, WebPages, WebProfileActions, html, webPage } from '../../web/contracts.ts';
import type { TrustModule } from '../modules.ts';
import { appealsAction, appealsPage } from './appeals-page.ts';
import { PATHS } from './common.ts';
import { logPage } from './log-page.ts';
import { mineAction, minePage } from './mine-page.ts';
import { trustNotice } from './notices.ts';
import { queueAction, queuePage } from './queue-page.ts';
import { mayReport, reportAction, reportPage, reportSentPage } from './report-page.ts';
import { say } from './words.ts';

const reportHref = (targetId: string) => `${PATHS.report}?${new URLSearchParams({ target: targetId })}`;

export const trustWebModule: TrustModule = {
  name: 'web',
  hooks: [
    filter(WebPages, (pages) => [
      ...pages,
      webPage({ path: PATHS.queue, plugin: 'trust', render: (page) => queuePage(page), action: queueAction }),
      webPage({ path: PATHS.log, plugin: 'trust', render: (page) => logPage(page) }),
      webPage({ path: PATHS.appeals, plugin: 'trust', render: (page) => appealsPage(page), action: appealsAction }),
      webPage({ path: PATHS.mine, plugin: 'trust', render: (page) => minePage(page), action: mineAction }),
      webPage({ path: PATHS.report, plugin: 'trust', render: (page) => reportPage(page), action: reportAction }),
      webPage({ path: PATHS.sent, plugin: 'trust', render: (page) => reportSentPage(page) }),
    ]),
    // For moderators and admins, just before the admins' own entry (97).
    filter(WebNav, (entries, { locale }) => [
      ...entries,
      { id: 'moderation', href: PATHS.queue, label: locale === 'zh-CN' ? '内容审核' : 'Moderation', order: 95, audience: 'staff' as const },
    ]),
    filter(WebNoteSections, (sections, { note, page }) => (mayReport(page, note.authorHandle)
      ? [...sections, { id: 'trust-report', position: 'before-comments' as const, order: 95, html: html`<p class="report-link"><a href="${reportHref(note.id)}" rel="nofollow">${say(page, 'reportNote')}</a></p>` }]
      : sections)),
    filter(WebCommentActions, (items, { comment, page }) => (mayReport(page, comment.authorHandle)
      ? [...items, html`<a class="report-link" href="${reportHref(comment.id)}" rel="nofollow" aria-label="${say(page, 'reportComment', { name: `@${comment.authorHandle}` })}">${say(page, 'report')}</a>`]
      : items)),
    filter(WebProfileActions, (items, { account, page }) => (mayReport(page, account.handle)
      ? [...items, html`<a class="report-link" href="${reportHref(account.id)}" rel="nofollow">${say(page, 'reportPerson', { handle: account.handle })}</a>`]
      : items)),
    // Moderation notices and appeal decisions lead to the person's record; reporters hear the outcome.
    filter(WebNotificationTexts, (current, { notification, page }) => current ?? trustNotice(notification, page)),
  ],
};
