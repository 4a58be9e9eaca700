// The product page of the web front end (/shop/products/{n}), where a
// product card under a note leads: images, price, variants with what is in
// stock, the shop, and the notes that show the product (real experiences
// first). It reads everything through GraphQL as the visitor, so a draft is
// a 404 for everyone but its shop. Buying comes with the checkout module.

import { localId, toGlobalId } from '../../../core/index.ts';
import { html, safeUrl, webPage, type WebPageContext, type WebPageResult, type WebPageSpec } from '../../web/contracts.ts';

const QUERY = `query($id: ID!) { product(id: $id) {
  title description status
  shop { name }
  images { alt medium: url(variant: medium) }
  priceRange { min { formatted } max { formatted } }
  inStock
  variants { title price { formatted } compareAtPrice { formatted } available }
  notes(first: 12) { id title disclosure author { handle displayName } }
} }`;

interface ProductData {
  title: string;
  description: string;
  status: string;
  shop: { name: string };
  images: { alt: string; medium: string }[];
  priceRange: { min: { formatted: string }; max: { formatted: string } };
  inStock: boolean;
  variants: { title: string; price: { formatted: string }; compareAtPrice: { formatted: string } | null; available: number }[];
  notes: { id: string; title: string; disclosure: string | null; author: { handle: string; displayName: string } }[];
}

async function render(page: WebPageContext): Promise<WebPageResult | null> {
  if (!/^[1-9][0-9]{0,14}$/.test(page.params.id ?? '')) return null;
  const { product } = await page.gql<{ product: ProductData }>(QUERY, { id: toGlobalId('Product', page.params.id!) });
  const text = page.text.bind(page);
  const { min, max } = product.priceRange;
  const price = min.formatted === max.formatted ? min.formatted : `${min.formatted} – ${max.formatted}`;
  const body = html`<article class="product-page" aria-labelledby="product-title">
  ${product.images.length ? html`<div class="product-images">${product.images.map((img) => html`<img src="${safeUrl(img.medium)}" alt="${img.alt || product.title}">`)}</div>` : ''}
  <div class="product-main">
    <p class="product-shop">${product.shop.name}</p>
    <h1 id="product-title">${product.title}</h1>
    ${product.status !== 'PUBLISHED' ? html`<p class="product-status">${text({ en: 'Not on sale (only your shop sees this page)', 'zh-CN': '未上架（只有你的店铺能看到此页）' })}</p>` : ''}
    <p class="product-price">${price}</p>
    ${product.description ? html`<p class="product-description">${product.description}</p>` : ''}
    <ul class="product-variants">${product.variants.map((v) => html`<li>
      ${v.title ? html`<span class="variant-title">${v.title}</span> ` : ''}<span class="variant-price">${v.price.formatted}</span>
      ${v.compareAtPrice ? html` <s class="variant-was">${v.compareAtPrice.formatted}</s>` : ''}
      <span class="variant-stock">${v.available > 0 ? text({ en: 'In stock', 'zh-CN': '有货' }) : text({ en: 'Sold out', 'zh-CN': '已售罄' })}</span>
    </li>`)}</ul>
    <section class="product-notes" aria-labelledby="product-notes-title">
      <h2 id="product-notes-title">${text({ en: 'Notes about it', 'zh-CN': '相关笔记' })}</h2>
      ${product.notes.length
        ? html`<ul>${product.notes.map((n) => html`<li><a href="/notes/${localId(n.id, 'Note')}">${n.title || text({ en: 'A note', 'zh-CN': '一篇笔记' })}</a>
          <span class="note-by">@${n.author.handle}</span>${n.disclosure ? html` <span class="disclosure-label">${text({ en: 'Sponsored', 'zh-CN': '合作' })}</span>` : ''}</li>`)}</ul>`
        : html`<p class="empty">${text({ en: 'No notes about it yet.', 'zh-CN': '还没有相关笔记。' })}</p>`}
    </section>
  </div>
</article>`;
  return {
    title: product.title,
    body,
    meta: { description: product.description.slice(0, 200) || product.title, image: product.images[0]?.medium ?? null, imageAlt: product.images[0]?.alt || product.title },
  };
}

export const productPage: WebPageSpec = webPage({ path: '/shop/products/:id', plugin: 'shop', render });
