// Addresses of the shop's public pages (absolute, so they work in federated
// content and in clients as they are).

import type { PluginContext } from '../../core/index.ts';

export const productUrl = (ctx: PluginContext<any>, productId: number) => `${ctx.config.publicUrl}/shop/products/${productId}`;
export const shopUrl = (ctx: PluginContext<any>, handle: string) => `${ctx.config.publicUrl}/shop/${encodeURIComponent(handle)}`;
