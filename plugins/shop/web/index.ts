// The shop's pages in the web front end (when the web plugin is on), added
// through the web plugin's contracts only: the product page (also what a
// browser gets at a product's ActivityPub id), a shop's page, and the
// merchant pages (/merchant: shops, products with publish and stock forms,
// a new-product form, images by a multipart route of the shop's own). A
// header entry "My shop" for the people who can run one.

import { filter, type PluginContext } from '../../../core/index.ts';
import { WebNav, WebPages, webPage } from '../../web/contracts.ts';
import type { ShopModule } from '../module.ts';
import { isMerchantRole, PATHS } from './common.ts';
import { productImagesRoute } from './images-route.ts';
import { merchantAction, renderMerchant } from './merchant.ts';
import { merchantShopAction, renderMerchantShop } from './merchant-shop.ts';
import { productFormAction, renderProductForm } from './product-form.ts';
import { productAction, renderProductPage } from './product-page.ts';
import { renderShopPage } from './shop-page.ts';

export const webModule: ShopModule = {
  name: 'web',
  routes: (app, ctx) => productImagesRoute(app, ctx),
  hooks: [
    filter(WebPages, (pages, _context, ctx: PluginContext<any>) => [
      ...pages,
      webPage({ path: PATHS.product, plugin: 'shop', render: (page) => renderProductPage(page), action: async (page, form) => (await productAction(page, form)) ?? { redirect: page.url.pathname, status: 303 } }),
      webPage({ path: PATHS.merchant, plugin: 'shop', render: (page) => renderMerchant(page), action: merchantAction }),
      webPage({ path: PATHS.newProduct, plugin: 'shop', render: (page) => renderProductForm(ctx, page), action: async (page, form) => (await productFormAction(ctx, page, form)) ?? { redirect: '/merchant', status: 303 } }),
      webPage({ path: PATHS.merchantShop, plugin: 'shop', render: (page) => renderMerchantShop(page), action: async (page, form) => (await merchantShopAction(page, form)) ?? { redirect: '/merchant', status: 303 } }),
      webPage({ path: PATHS.shop, plugin: 'shop', render: (page) => renderShopPage(page) }),
    ]),
    filter(WebNav, (entries, { viewer, locale }) => (isMerchantRole(viewer?.role)
      ? [...entries, { id: 'merchant', href: PATHS.merchant, label: locale === 'zh-CN' ? '店铺管理' : 'My shop', order: 85, audience: 'signed-in' as const }]
      : entries)),
  ],
};
