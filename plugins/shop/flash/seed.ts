// Demo flash sale for `meadow seed demo`: Greenleaf Tea's jasmine cold brew,
// 30 of its bottles at ¥29 instead of ¥39, two per person, running from now
// for three days. Running the seed again adds nothing while a sale of it
// runs or is to come (after it ended, a new one starts).

import { AccountsServiceRef, type DemoSeedContext, type Viewer } from '../../../core/index.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { flashSalesOf } from './sales.ts';

const DEMO = { shop: 'greenleaf', product: '茉莉冷泡茶 Jasmine cold brew', quantity: 30, price: 2900, perPersonLimit: 2, hours: 72 };

export async function seedDemoFlashSale({ ctx, progress }: DemoSeedContext): Promise<void> {
  const { shops, products, variants } = catalogueOf(ctx);
  const shop = await shops.getByHandle(DEMO.shop);
  const product = shop && (await products.pageOfShop(shop.id, false, 100, null)).find((p) => p.title === DEMO.product);
  const owner = shop?.ownerId != null ? await ctx.services.get(AccountsServiceRef).getById(shop.ownerId) : null;
  if (product && owner) {
    const sales = flashSalesOf(ctx);
    const [current] = await sales.currentOfProducts([product.id]);
    const [variant] = (await variants.ofProducts([product.id]))[0] ?? [];
    if (!current && variant && variant.onHand - variant.reserved >= DEMO.quantity) {
      const viewer: Viewer = { accountId: owner.id, handle: owner.handle, role: owner.role, sessionId: null };
      await sales.create(viewer, {
        variantId: variant.id, quantity: DEMO.quantity, price: DEMO.price, perPersonLimit: DEMO.perPersonLimit,
        endsAt: new Date(Date.now() + DEMO.hours * 3_600_000),
      });
    }
  }
  progress(1, 1, 'flash sale: jasmine cold brew');
}
