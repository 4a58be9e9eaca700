// Addresses of the shop's public pages (absolute, so they work in federated
// content and in clients as they are). A product's page is also its
// ActivityPub id: federation answers fediverse servers there, the web plugin
// answers browsers.

import type { PluginContext } from '../../core/index.ts';

/** Where a product is served (URI template; the web page has the same path). */
export const PRODUCT_PATH = '/shop/products/{id}';

export const productUrl = (ctx: PluginContext<any>, productId: number) => `${ctx.config.publicUrl}/shop/products/${productId}`;
export const shopUrl = (ctx: PluginContext<any>, handle: string) => `${ctx.config.publicUrl}/shops/${encodeURIComponent(handle)}`;
