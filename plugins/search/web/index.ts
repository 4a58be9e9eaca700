// What the search plugin adds to the web site (when the web plugin is on):
// the search page, the "For you" page with reasons, two navigation
// entries, and the route serving the autocomplete island and stylesheet.
// Only plugins/web/contracts.ts is used, so search runs the same without web.

import { filter, type PluginContext } from '../../../core/index.ts';
import { WebNav, WebPages, webPage } from '../../web/contracts.ts';
import type { SearchSettings } from '../settings.ts';
import { renderForYou } from './for-you.ts';
import { renderSearchPage } from './search-page.ts';

export { mountSearchAssets } from './assets.ts';

export const searchWebHooks = [
  filter(WebPages, (pages, _context, ctx) => [
    ...pages,
    webPage({
      path: '/search',
      plugin: 'search',
      render: (page) => renderSearchPage(ctx as PluginContext<SearchSettings>, page),
      // The one form action here: forgetting one's search history (signed in).
      action: async (page, form) => {
        if (form.get('do') === 'clear-history' && page.viewer) await page.gql('mutation { clearSearchHistory }');
        return { redirect: '/search', status: 303 };
      },
    }),
    webPage({ path: '/for-you', plugin: 'search', render: (page) => renderForYou(ctx, page) }),
  ]),
  // After the web plugin's own Discover/Following (10–20) and other plugins' pages (~50), before sign-in (80).
  filter(WebNav, (entries, { locale }) => [
    ...entries,
    { id: 'for-you', href: '/for-you', label: locale === 'zh-CN' ? '为你推荐' : 'For you', order: 60 },
    { id: 'search', href: '/search', label: locale === 'zh-CN' ? '搜索' : 'Search', order: 70 },
  ]),
];
