// A shop's page (/shop/{handle}): its name, who runs it, its description and
// its products on sale as a grid (cover, title, price, sold out), newest
// first, a page of 24 at a time with a "More" link that follows the cursor.
// A stale cursor is said on the page instead of failing.

import { html, safeUrl, type SafeHtml, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import { isBadCursor, merchantShopPath, productPath } from './common.ts';
import { say } from './words.ts';

const PAGE = 24;

const QUERY = `query ShopPage($handle: String!, $first: Int!, $after: String) {
  shop(handle: $handle) {
    handle name description viewerCanManage owner { handle displayName }
    products(first: $first, after: $after) {
      edges { node { id title inStock priceRange { min { formatted } max { formatted } } images { alt width height small: url(variant: small) } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export interface ProductTile {
  id: string;
  title: string;
  inStock: boolean;
  priceRange: { min: { formatted: string }; max: { formatted: string } };
  images: { alt: string; width: number | null; height: number | null; small: string }[];
}

interface ShopData {
  handle: string;
  name: string;
  description: string;
  viewerCanManage: boolean;
  owner: { handle: string; displayName: string } | null;
  products: { edges: { node: ProductTile }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** The price a tile shows: one price, or the lowest as "from". */
export function tilePrice(page: WebPageContext, p: ProductTile): string {
  const { min, max } = p.priceRange;
  return min.formatted === max.formatted ? min.formatted : say(page, 'priceFrom', { min: min.formatted, max: max.formatted });
}

export function productGrid(page: WebPageContext, products: ProductTile[]): SafeHtml {
  return html`<ul class="product-grid" role="list">${products.map((p) => {
    const cover = p.images[0];
    return html`<li class="product-tile"><a href="${productPath(p.id)}">
      ${cover ? html`<img src="${safeUrl(cover.small)}" alt="${cover.alt || p.title}"${cover.width && cover.height ? html` width="${cover.width}" height="${cover.height}"` : ''} loading="lazy" decoding="async">` : html`<span class="product-tile-nocover" aria-hidden="true"></span>`}
      <span class="product-tile-title">${p.title}</span>
      <span class="product-tile-price">${tilePrice(page, p)}${p.inStock ? '' : html` · <span class="sold-out">${say(page, 'soldOut')}</span>`}</span>
    </a></li>`;
  })}</ul>`;
}

export async function renderShopPage(page: WebPageContext): Promise<WebPageResult | null> {
  const handle = page.params.handle ?? '';
  if (!/^[a-z0-9][a-z0-9_-]{1,39}$/.test(handle)) return null;
  const after = page.url.searchParams.get('after');
  let data: { shop: ShopData };
  try {
    data = await page.gql<{ shop: ShopData }>(QUERY, { handle, first: PAGE, after });
  } catch (err) {
    if (!after || !isBadCursor(err)) throw err;
    return {
      title: say(page, 'badPage'),
      status: 400,
      meta: { noindex: true },
      body: html`<section class="message"><h1>${say(page, 'badPage')}</h1><p><a href="${page.url.pathname}">${say(page, 'firstPage')}</a></p></section>`,
    };
  }
  const shop = data.shop;
  const list = shop.products.edges.map((e) => e.node);
  const next = shop.products.pageInfo.hasNextPage && shop.products.pageInfo.endCursor ? `${page.url.pathname}?after=${encodeURIComponent(shop.products.pageInfo.endCursor)}` : null;
  const runBy = shop.owner
    ? html`<a href="/@${shop.owner.handle}">${say(page, 'runBy', { name: shop.owner.displayName || `@${shop.owner.handle}` })}</a>`
    : say(page, 'instanceShop');
  const body = html`<section class="shop-page" aria-labelledby="shop-title">
  <header class="shop-head">
    <h1 id="shop-title">${shop.name}</h1>
    <p class="shop-by">${runBy}</p>
    ${shop.description ? html`<p class="shop-description">${shop.description}</p>` : ''}
    ${shop.viewerCanManage ? html`<p><a href="${merchantShopPath(shop.handle)}">${say(page, 'manage')}</a></p>` : ''}
  </header>
  <h2 class="visually-hidden">${say(page, 'products')}</h2>
  ${list.length ? productGrid(page, list) : html`<p class="empty">${say(page, 'noProducts')}</p>`}
  ${next ? html`<nav class="pager" aria-label="${say(page, 'more')}"><a class="more" href="${next}" rel="next">${say(page, 'more')}</a></nav>` : ''}
</section>`;
  return {
    title: shop.name,
    body,
    meta: { description: shop.description.slice(0, 200) || shop.name, image: list[0]?.images[0]?.small ?? null, noindex: !!after },
  };
}
