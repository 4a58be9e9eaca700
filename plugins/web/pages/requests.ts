// /follow-requests: people waiting for a locked account's approval, each
// with Approve and Decline forms (plain POSTs to /actions/follow-request,
// 303 back here with what happened), and the header entry that appears only
// while someone is waiting, with their number as a badge.

import type { WebNavEntry, WebPageContext, WebPageResult } from '../contracts.ts';
import { html } from '../render/html.ts';
import { authorName, avatar, profilePath, type AuthorFields } from '../render/cards.ts';
import { WebGraphQLError } from '../page-context.ts';
import type { ActionOutcome } from '../actions.ts';
import { HANDLE } from './profile.ts';

const QUERY = `query WebFollowRequests($after: String) { followRequests(first: 30, after: $after) {
  totalCount edges { node { id handle displayName domain bio avatar { url(variant: small) } remoteAvatarUrl } } pageInfo { hasNextPage endCursor }
} }`;

type Requester = AuthorFields & { id: string; bio: string };

export async function followRequestsPage(page: WebPageContext): Promise<WebPageResult> {
  const { t } = page;
  const after = page.url.searchParams.get('after');
  const { followRequests: list } = await page.gql<{ followRequests: { totalCount: number; edges: { node: Requester }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(QUERY, { after: after || null });
  const done = page.url.searchParams.get('done');
  // Only a handle comes back in the URL (shown as @handle), so the link cannot carry other text onto the page.
  const who = page.url.searchParams.get('who') ?? '';
  const outcome = (done === 'approved' || done === 'rejected') && HANDLE.test(who) ? html`<p class="form-saved" role="status">${t(done === 'approved' ? 'requests.approved' : 'requests.rejected', { name: `@${who}` })}</p>` : '';
  const row = (r: Requester) => {
    const name = authorName(r);
    const form = (decision: 'approve' | 'reject') => html`<form method="post" action="/actions/follow-request">
      <input type="hidden" name="accountId" value="${r.id}"><input type="hidden" name="decision" value="${decision}">
      <button type="submit" class="${decision === 'approve' ? 'primary' : ''}" aria-label="${t(decision === 'approve' ? 'requests.approveLabel' : 'requests.rejectLabel', { name })}">${t(decision === 'approve' ? 'requests.approve' : 'requests.reject')}</button></form>`;
    return html`<li class="request">
  <a href="${profilePath(r.handle)}">${avatar(r, 48)}</a>
  <div class="request-who"><p><a href="${profilePath(r.handle)}">${name}</a></p><p class="hint">@${r.handle}</p>${r.bio ? html`<p>${r.bio}</p>` : ''}</div>
  ${form('approve')}${form('reject')}
</li>`;
  };
  const body = html`<h1 class="page-title">${t('requests.title')}</h1>
${outcome}
<p class="hint">${t('requests.intro')}</p>
${list.edges.length ? html`<ul class="request-list" role="list">${list.edges.map((e) => row(e.node))}</ul>` : html`<p class="empty">${t('requests.empty')}</p>`}
${list.pageInfo.hasNextPage && list.pageInfo.endCursor ? html`<nav class="pager" aria-label="${t('pagination.more')}"><a class="more" rel="next" href="/follow-requests?after=${encodeURIComponent(list.pageInfo.endCursor)}">${t('pagination.more')}</a></nav>` : ''}`;
  return { title: t('requests.title'), body, meta: { noindex: true } };
}

/** The header's "Requests" entry: only for a signed-in person someone is waiting on. */
export async function followRequestsNav(page: WebPageContext): Promise<WebNavEntry[]> {
  if (!page.viewer) return [];
  const data = await page.gql<{ followRequests: { totalCount: number } }>(`query WebRequestCount { followRequests(first: 0) { totalCount } }`).catch(() => null);
  const count = data?.followRequests.totalCount ?? 0;
  if (count <= 0) return [];
  return [{ id: 'follow-requests', href: '/follow-requests', label: page.t('requests.nav'), order: 85, audience: 'signed-in', badge: count, badgeLabel: page.t('requests.navBadge', { count }) }];
}

export const requestActions: Record<string, (page: WebPageContext, form: URLSearchParams) => Promise<ActionOutcome>> = {
  'follow-request': async (page, form) => {
    const accountId = form.get('accountId');
    const decision = form.get('decision');
    if (!accountId || (decision !== 'approve' && decision !== 'reject')) {
      throw new WebGraphQLError([{ message: 'The form needs "accountId" and a decision (approve or reject)', extensions: { code: 'BAD_USER_INPUT' } }]);
    }
    const field = decision === 'approve' ? 'approveFollowRequest' : 'rejectFollowRequest';
    const data = await page.gql(`mutation($id: ID!) { r: ${field}(accountId: $id) { handle } }`, { id: accountId });
    const done = decision === 'approve' ? 'approved' : 'rejected';
    return { redirect: `/follow-requests?done=${done}&who=${encodeURIComponent(data.r.handle)}`, json: { done } };
  },
};
