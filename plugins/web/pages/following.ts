// /following: notes of the accounts and tags the signed-in person follows,
// newest first, in the same card grid as discovery; a cursor link pages on
// (and the feed island turns it into infinite scroll).

import type { PluginContext } from '../../../core/index.ts';
import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html } from '../render/html.ts';
import { CARD_FIELDS, renderCards, type CardNote } from '../render/cards.ts';

const QUERY = `query WebFollowing($after: String) { followingFeed(first: 20, after: $after) { edges { node { ${CARD_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;

export async function followingPage(ctx: PluginContext, page: WebPageContext): Promise<WebPageResult> {
  const { t } = page;
  const after = page.url.searchParams.get('after');
  const data = await page.gql<{ followingFeed: { edges: { node: CardNote }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(QUERY, { after });
  const notes = data.followingFeed.edges.map((e) => e.node);
  const { hasNextPage, endCursor } = data.followingFeed.pageInfo;
  const body = html`<h1 class="page-title">${t('following.title')}</h1>
<div class="feed" data-feed>
  ${notes.length ? await renderCards(ctx, page, notes, { eager: after ? 0 : 4, level: 2 }) : html`<p class="empty">${after ? t('discover.end') : t('following.empty')}</p>`}
  <nav class="pager" aria-label="${t('pagination.more')}">${hasNextPage && endCursor ? html`<a class="more" rel="next" href="/following?after=${encodeURIComponent(endCursor)}" data-more data-loading="${t('discover.loading')}" data-end="${t('discover.end')}">${t('pagination.more')}</a>` : ''}</nav>
</div>`;
  return { title: t('following.title'), body, meta: { noindex: true }, scripts: [page.asset('feed.js')] };
}
