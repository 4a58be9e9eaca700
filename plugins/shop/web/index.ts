// The shop's pages in the web front end (when the web plugin is on), added
// through the web plugin's contracts only: the product page (also what a
// browser gets at a product's ActivityPub id), a shop's page, the merchant
// pages (/merchant: shops, products with publish and stock forms, a
// new-product form, images by a multipart route of the shop's own, orders
// with ship/deliver/cancel/refund), and with the checkout module the cart,
// checkout and the buyer's orders. Header entries "Cart" (signed in) and
// "My shop" (for those who can run one).

import { filter, type PluginContext } from '../../../core/index.ts';
import { WebNav, WebPages, webPage, type WebPageContext, type WebPageResult } from '../../web/contracts.ts';
import type { ShopModule } from '../module.ts';
import { cartAction, renderCart } from './cart-page.ts';
import { checkoutAction, renderCheckout } from './checkout-page.ts';
import { checkoutAvailable, isMerchantRole, notFoundPage, PATHS } from './common.ts';
import { merchantOrdersAction, renderMerchantOrders } from './merchant-orders.ts';
import { orderAction, renderOrder, renderOrders } from './orders-page.ts';
import { productImagesRoute } from './images-route.ts';
import { merchantAction, renderMerchant } from './merchant.ts';
import { merchantShopAction, renderMerchantShop } from './merchant-shop.ts';
import { productFormAction, renderProductForm } from './product-form.ts';
import { productAction, renderProductPage } from './product-page.ts';
import { renderShopPage } from './shop-page.ts';

type Handler = (page: WebPageContext, form: URLSearchParams) => Promise<WebPageResult | null>;

/** Pages of the checkout module's data: a 404 on an instance whose shop has no checkout. */
function withCheckout(ctx: PluginContext<any>, path: `/${string}`, render: (page: WebPageContext) => Promise<WebPageResult | null>, action?: Handler) {
  return webPage({
    path,
    plugin: 'shop',
    render: async (page) => ((await checkoutAvailable(ctx)) ? render(page) : null),
    action: action && (async (page, form) => ((await checkoutAvailable(ctx)) ? await action(page, form) : null) ?? notFoundPage(page)),
  });
}

export const webModule: ShopModule = {
  name: 'web',
  routes: (app, ctx) => productImagesRoute(app, ctx),
  hooks: [
    filter(WebPages, (pages, _context, ctx: PluginContext<any>) => [
      ...pages,
      webPage({ path: PATHS.product, plugin: 'shop', render: (page) => renderProductPage(page), action: async (page, form) => (await productAction(page, form)) ?? notFoundPage(page) }),
      webPage({ path: PATHS.merchant, plugin: 'shop', render: (page) => renderMerchant(page), action: merchantAction }),
      webPage({ path: PATHS.newProduct, plugin: 'shop', render: (page) => renderProductForm(ctx, page), action: async (page, form) => (await productFormAction(ctx, page, form)) ?? notFoundPage(page) }),
      webPage({ path: PATHS.merchantShop, plugin: 'shop', render: (page) => renderMerchantShop(page), action: async (page, form) => (await merchantShopAction(page, form)) ?? notFoundPage(page) }),
      webPage({ path: PATHS.shop, plugin: 'shop', render: (page) => renderShopPage(page) }),
      withCheckout(ctx, PATHS.cart, renderCart, cartAction),
      withCheckout(ctx, PATHS.checkout, renderCheckout, checkoutAction),
      withCheckout(ctx, PATHS.orders, renderOrders),
      withCheckout(ctx, PATHS.order, renderOrder, orderAction),
      withCheckout(ctx, PATHS.merchantOrders, renderMerchantOrders, merchantOrdersAction),
    ]),
    filter(WebNav, async (entries, { viewer, locale }, ctx) => {
      const more = [...entries];
      if (viewer && (await checkoutAvailable(ctx))) more.push({ id: 'cart', href: PATHS.cart, label: locale === 'zh-CN' ? '购物车' : 'Cart', order: 84, audience: 'signed-in' as const });
      if (isMerchantRole(viewer?.role)) more.push({ id: 'merchant', href: PATHS.merchant, label: locale === 'zh-CN' ? '店铺管理' : 'My shop', order: 85, audience: 'signed-in' as const });
      return more;
    }),
  ],
};
