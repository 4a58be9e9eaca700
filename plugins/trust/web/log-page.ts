// /moderation/log: every moderation action, newest first, for moderators
// and admins — when, who, what (with the required label or the end of a
// suspension), about what and whom, the reason, and whether it was
// appealed — paged with the API's cursor.

import { html, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { PATHS, dateText, isBadCursor, moderationFrame, personLink, refuseNonStaff, targetLinks, when, type PersonRef } from './common.ts';
import { actionName, disclosureName, statusName, targetName } from './labels.ts';
import { say } from './words.ts';

const PAGE_SIZE = 30;

export const ACTION_FIELDS = `id action reason targetType targetId label suspendedUntil createdAt
  moderator { id handle displayName } targetAccount { handle displayName }`;

const QUERY = `query TrustLog($first: Int!, $after: String) {
  moderationLog(first: $first, after: $after) {
    edges { node { ${ACTION_FIELDS} appeal { status } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface ActionView {
  id: string;
  action: string;
  reason: string;
  targetType: string;
  targetId: string;
  label: string | null;
  suspendedUntil: string | null;
  createdAt: string;
  moderator: (PersonRef & { id: string }) | null;
  targetAccount: PersonRef | null;
}

/** "Suspend the account (until 3 Jun 2025)", "Require a label: Ad (广告)". */
export function actionSummary(page: WebPageContext, a: Pick<ActionView, 'action' | 'label' | 'suspendedUntil'>): string {
  const name = actionName(page, a.action);
  if (a.label) return `${name}: ${disclosureName(page, a.label)}`;
  if (a.action === 'SUSPEND') return `${name} (${a.suspendedUntil ? say(page, 'untilDate', { date: dateText(page, a.suspendedUntil) }) : say(page, 'untilLifted')})`;
  return name;
}

function row(page: WebPageContext, a: ActionView & { appeal: { status: string } | null }, link: string | undefined): SafeHtml {
  const what = targetName(page, a.targetType);
  return html`<tr>
  <td>${when(page, a.createdAt)}</td>
  <td>${personLink(a.moderator)}</td>
  <td data-action="${a.action}">${actionSummary(page, a)}</td>
  <td>${link ? html`<a href="${link}">${what}</a>` : what}${a.targetAccount ? html` · ${personLink(a.targetAccount)}` : ''}</td>
  <td>${a.reason}</td>
  <td>${a.appeal ? statusName(page, a.appeal.status) : ''}</td>
</tr>`;
}

export async function logPage(page: WebPageContext): Promise<WebPageResult> {
  const refused = refuseNonStaff(page, 'GET');
  if (refused) return refused;
  const after = page.url.searchParams.get('after') || null;
  let data: { moderationLog: { edges: { node: ActionView & { appeal: { status: string } | null } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  try {
    data = await page.gql(QUERY, { first: PAGE_SIZE, after });
  } catch (err) {
    if (!isBadCursor(err)) throw err;
    return moderationFrame(page, 'log', html`<p class="form-error" role="alert">${say(page, 'badPage')}</p><p><a href="${PATHS.log}">${say(page, 'startAgain')}</a></p>`, { status: 400 });
  }
  const entries = data.moderationLog.edges.map((e) => e.node);
  const links = await targetLinks(page, entries);
  const { hasNextPage, endCursor } = data.moderationLog.pageInfo;
  const body = entries.length
    ? html`<div class="table-scroll"><table class="moderation-log">
  <thead><tr><th scope="col">${say(page, 'when')}</th><th scope="col">${say(page, 'moderator')}</th><th scope="col">${say(page, 'action')}</th><th scope="col">${say(page, 'target')}</th><th scope="col">${say(page, 'reason')}</th><th scope="col">${say(page, 'appeal')}</th></tr></thead>
  <tbody>${entries.map((a) => row(page, a, links.get(a.targetId)))}</tbody>
</table></div>
${hasNextPage && endCursor ? html`<nav class="pager" aria-label="${say(page, 'older')}"><a class="more" rel="next" href="${`${PATHS.log}?after=${encodeURIComponent(endCursor)}`}">${say(page, 'older')}</a></nav>` : ''}`
    : html`<p class="empty">${say(page, 'logEmpty')}</p>`;
  return moderationFrame(page, 'log', body);
}
