// /settings/blocks: the people the signed-in person blocked and muted
// (blockedAccounts / mutedAccounts), each list paged on its own, with
// Unblock / Unmute as plain forms (POST to the same path, 303 back with
// what happened). Muted words and topics will be a further section here:
// add it to SECTIONS below.

import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html, type SafeHtml } from '../render/html.ts';
import { authorName, avatar, profilePath, type AuthorFields } from '../render/cards.ts';
import { WebGraphQLError } from '../page-context.ts';
import { messageResult } from '../serve.ts';
import { HANDLE } from './profile.ts';

const PAGE_SIZE = 30;
const PERSON = 'id handle displayName domain avatar { url(variant: small) } remoteAvatarUrl';

type Person = AuthorFields & { id: string };
interface PersonList {
  totalCount: number;
  edges: { node: Person }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A list section: its GraphQL field, the parameter paging it, and the mutation its button runs. */
interface ListSection {
  id: 'blocked' | 'muted';
  field: 'blockedAccounts' | 'mutedAccounts';
  undo: 'unblock' | 'unmute';
}

const SECTIONS: readonly ListSection[] = [
  { id: 'blocked', field: 'blockedAccounts', undo: 'unblock' },
  { id: 'muted', field: 'mutedAccounts', undo: 'unmute' },
  // Muted words and topics: a section of their own goes here when the API has them.
];

const QUERY = `query WebBlocks($blockedAfter: String, $mutedAfter: String) {
  blockedAccounts(first: ${PAGE_SIZE}, after: $blockedAfter) { totalCount edges { node { ${PERSON} } } pageInfo { hasNextPage endCursor } }
  mutedAccounts(first: ${PAGE_SIZE}, after: $mutedAfter) { totalCount edges { node { ${PERSON} } } pageInfo { hasNextPage endCursor } }
}`;

const DONE = ['unblocked', 'unmuted'] as const;

function section(page: WebPageContext, s: ListSection, list: PersonList): SafeHtml {
  const { t } = page;
  const row = (p: Person) => {
    const name = authorName(p);
    return html`<li class="request">
  <a href="${profilePath(p.handle)}" tabindex="-1" aria-hidden="true">${avatar(p, 40)}</a>
  <div class="request-who"><p><a href="${profilePath(p.handle)}">${name}</a></p><p class="hint">@${p.handle}</p></div>
  <form method="post" action="/settings/blocks">
    <input type="hidden" name="do" value="${s.undo}"><input type="hidden" name="accountId" value="${p.id}"><input type="hidden" name="handle" value="${p.handle}">
    <button type="submit" aria-label="${t(`personal.${s.undo}Label`, { name })}">${t(`personal.${s.undo}`)}</button>
  </form>
</li>`;
  };
  const next = list.pageInfo.hasNextPage && list.pageInfo.endCursor
    ? html`<nav class="pager" aria-label="${t('pagination.more')}"><a class="more" rel="next" href="${`/settings/blocks?${new URLSearchParams({ [`${s.id}After`]: list.pageInfo.endCursor })}#settings-${s.id}`}">${t('pagination.more')}</a></nav>`
    : '';
  return html`<section class="settings-section" aria-labelledby="settings-${s.id}">
  <h2 id="settings-${s.id}">${t(`personal.${s.id}`, { count: list.totalCount })}</h2>
  <p class="hint">${t(`personal.${s.id}Hint`)}</p>
  ${list.edges.length ? html`<ul class="request-list" role="list">${list.edges.map((e) => row(e.node))}</ul>` : html`<p class="empty">${t(`personal.${s.id}Empty`)}</p>`}
  ${next}
</section>`;
}

export async function blocksPage(page: WebPageContext): Promise<WebPageResult> {
  const { t } = page;
  const q = page.url.searchParams;
  let data: Record<ListSection['field'], PersonList>;
  try {
    data = await page.gql(QUERY, { blockedAfter: q.get('blockedAfter') || null, mutedAfter: q.get('mutedAfter') || null });
  } catch (err) {
    // A stale or foreign cursor in the address: say so and offer the first page.
    if (err instanceof WebGraphQLError && err.code === 'BAD_USER_INPUT') return messageResult(page, 400, t('personal.title'), t('personal.badPage'));
    throw err;
  }
  const done = DONE.find((d) => d === q.get('done'));
  // Only a handle comes back in the URL (shown as @handle), so the link cannot carry other text onto the page.
  const who = q.get('who') ?? '';
  const outcome = done && HANDLE.test(who) ? html`<p class="form-saved" role="status">${t(`personal.${done}`, { name: `@${who}` })}</p>` : '';
  const body = html`<h1 class="page-title">${t('personal.title')}</h1>
<div class="settings">
${outcome}
${SECTIONS.map((s) => section(page, s, data[s.field]))}
<p><a href="/settings">${t('personal.backToSettings')}</a></p>
</div>`;
  return { title: t('personal.title'), body, meta: { noindex: true } };
}

/** Unblock or unmute one person, then back to the list with what happened. */
export async function changeBlocks(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  const s = SECTIONS.find((x) => x.undo === form.get('do'));
  const accountId = form.get('accountId') ?? '';
  if (!s || !accountId) return messageResult(page, 400, page.t('personal.title'), page.t('personal.badForm'));
  try {
    await page.gql(`mutation WebUndo($id: ID!) { ${s.undo}(accountId: $id) { id } }`, { id: accountId });
  } catch (err) {
    if (err instanceof WebGraphQLError && (err.code === 'NOT_FOUND' || err.code === 'BAD_USER_INPUT')) return messageResult(page, 404, page.t('personal.title'), page.t('personal.gone'));
    throw err;
  }
  const handle = form.get('handle') ?? '';
  const done = s.undo === 'unblock' ? 'unblocked' : 'unmuted';
  return { redirect: `/settings/blocks?${new URLSearchParams({ done, ...(HANDLE.test(handle) ? { who: handle } : {}) })}`, status: 303 };
}
