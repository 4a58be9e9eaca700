// "For you" (/for-you): the personal discovery feed with each note's
// reasons under "Why am I seeing this?" (a disclosure that works without
// JavaScript). The web plugin's home page shows the same feed without
// reasons, since its cards do not receive them; this page is where they
// are explained. Paging is by exclusion like the home page: the "more" link
// carries the notes already shown.

import { localId, toGlobalId, type PluginContext } from '../../../core/index.ts';
import { html, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { NOTE_CARD, renderNoteCards, type CardNote } from './cards.ts';
import { searchAsset } from './assets.ts';

const PAGE_SIZE = 20;
/** The feed resolver looks at 500 exclusions at most. */
const MAX_SEEN = 480;

const FEED = `query WebForYou($first: Int!, $exclude: [ID!]) { discoverFeed(first: $first, exclude: $exclude) { reasons note { ${NOTE_CARD} } } }`;

export async function renderForYou(ctx: PluginContext, page: WebPageContext): Promise<WebPageResult> {
  const seen = (page.url.searchParams.get('seen') ?? '').split(',').map(Number).filter((n) => Number.isSafeInteger(n) && n > 0).slice(-MAX_SEEN);
  const data = await page.gql<{ discoverFeed: { reasons: string[]; note: CardNote }[] }>(FEED, { first: PAGE_SIZE, exclude: seen.map((n) => toGlobalId('Note', n)) });
  const items = data.discoverFeed.map((d) => ({ note: d.note, extras: { reasons: d.reasons } }));
  const shown = [...seen, ...items.map((i) => localId(i.note.id, 'Note'))];
  const more = items.length === PAGE_SIZE ? `/for-you?seen=${shown.slice(-MAX_SEEN).join(',')}` : null;
  const title = page.text({ en: 'For you', 'zh-CN': '为你推荐' });
  const intro = page.viewer
    ? page.text({ en: 'Picked from what you follow, like and collect, what is trending and new creators. Open “Why am I seeing this?” on a card to see why.', 'zh-CN': '根据你的关注、点赞和收藏，以及热门内容和新创作者挑选。点开卡片上的“为什么推荐给我？”查看原因。' })
    : page.text({ en: 'Trending notes and new creators. Sign in to get a feed shaped by what you like.', 'zh-CN': '热门笔记和新创作者。登录后，推荐会根据你的喜好调整。' });
  const body = html`<link rel="stylesheet" href="${searchAsset('search.css')}"><h1 class="page-title">${title}</h1>
<p class="hint for-you-intro">${intro}</p>
<div class="feed" data-feed>
  ${items.length ? await renderNoteCards(ctx, page, items) : html`<p class="empty">${seen.length ? page.text({ en: 'That is everything for now.', 'zh-CN': '暂时就这些了。' }) : page.text({ en: 'Nothing to show yet.', 'zh-CN': '还没有内容。' })}</p>`}
  <nav class="pager" aria-label="${page.text({ en: 'More', 'zh-CN': '更多' })}">
    ${more ? html`<a class="more" href="${more}" rel="next" data-more data-loading="${page.text({ en: 'Loading…', 'zh-CN': '加载中…' })}" data-end="${page.text({ en: 'That is everything for now.', 'zh-CN': '暂时就这些了。' })}">${page.text({ en: 'More', 'zh-CN': '更多' })}</a>` : ''}
  </nav>
</div>`;
  return { title, body, meta: { noindex: true }, scripts: [page.asset('feed.js')] };
}
