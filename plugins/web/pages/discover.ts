// The discovery feed at "/": a waterfall of note cards from the
// discoverFeed query. Paging is by exclusion (the feed is ranked, not a
// timeline): the "more" link carries the ids already shown, and the
// infinite-scroll island follows that same link. Each card says why it is
// here (the feed's reasons) in a small "Why this" disclosure.

import { toGlobalId, type PluginContext } from '../../../core/index.ts';
import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html } from '../render/html.ts';
import { CARD_FIELDS, renderCards, type CardNote } from '../render/cards.ts';
import { localId } from '../../../core/index.ts';

export const PAGE_SIZE = 20;
/** The feed resolver looks at 500 exclusions at most. */
const MAX_SEEN = 480;

const QUERY = `query WebDiscover($first: Int!, $exclude: [ID!]) { discoverFeed(first: $first, exclude: $exclude) { reasons note { ${CARD_FIELDS} } } }`;

export function parseSeen(value: string | null): number[] {
  if (!value) return [];
  return value
    .split(',')
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0)
    .slice(-MAX_SEEN);
}

export async function discoverPage(ctx: PluginContext, page: WebPageContext): Promise<WebPageResult> {
  const seen = parseSeen(page.url.searchParams.get('seen'));
  const data = await page.gql<{ discoverFeed: { reasons: string[]; note: CardNote }[] }>(QUERY, { first: PAGE_SIZE, exclude: seen.map((n) => toGlobalId('Note', n)) });
  const notes = data.discoverFeed.map((item) => item.note);
  // "Why this" under each card (and for plugins' card sections, through web.card-sections).
  const reasons = new Map(data.discoverFeed.map((item) => [item.note.id, item.reasons]));
  const shown = [...seen, ...notes.map((n) => localId(n.id, 'Note'))];
  const more = notes.length === PAGE_SIZE ? `/?seen=${shown.slice(-MAX_SEEN).join(',')}` : null;
  const { t, instance } = page;
  const body = html`<h1 class="page-title">${seen.length ? t('discover.title') : t('discover.heading', { name: instance.name })}</h1>
<div class="feed" data-feed>
  ${notes.length ? await renderCards(ctx, page, notes, { eager: seen.length ? 0 : 4, level: 2, reasons }) : html`<p class="empty">${seen.length ? t('discover.end') : t('discover.empty')}</p>`}
  <nav class="pager" aria-label="${t('pagination.more')}">
    ${more ? html`<a class="more" href="${more}" rel="next" data-more data-loading="${t('discover.loading')}" data-end="${t('discover.end')}">${t('discover.more')}</a>` : notes.length && seen.length ? html`<p>${t('discover.end')}</p>` : ''}
  </nav>
</div>`;
  return {
    title: seen.length ? t('discover.title') : instance.name,
    body,
    meta: { description: instance.description, noindex: seen.length > 0 },
    scripts: [page.asset('feed.js')],
  };
}
