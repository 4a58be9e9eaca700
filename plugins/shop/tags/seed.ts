// Demo product tags for `meadow seed demo`: three of the notes the notes
// seed wrote get a product tag on an image, placed as their authors would
// (the seed acts for them). Running it twice changes nothing.

import { AccountsServiceRef, type DemoSeedContext, type Viewer } from '../../../core/index.ts';
import { NotesServiceRef } from '../../notes/contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { publishedProducts } from './card.ts';
import { noteProductsOf } from './store.ts';

const DEMO_TAGS = [
  { note: 'Chengdu tea houses I keep going back to', shop: 'greenleaf', product: '茉莉冷泡茶 Jasmine cold brew', imageIndex: 0, x: 0.62, y: 0.55 },
  { note: '在家手冲咖啡，新手三步就够了', shop: 'meadow-store', product: '细口手冲壶 Gooseneck kettle', imageIndex: 0, x: 0.4, y: 0.7 },
  { note: '第一次露营，装备清单照着带就行', shop: 'meadow-store', product: '三季双人帐篷 Two-person tent', imageIndex: 1, x: 0.5, y: 0.45 },
];

export async function seedDemoTags({ ctx, progress }: DemoSeedContext): Promise<void> {
  const notes = ctx.services.get(NotesServiceRef);
  const accounts = ctx.services.get(AccountsServiceRef);
  const { shops, products } = catalogueOf(ctx);
  // The demo notes are among the first ones written.
  const ids = await notes.listPublishedIds({ limit: 1000 });
  const byTitle = new Map((await notes.getByIds(ids)).filter((n) => n !== null).map((n) => [n.title, n]));
  let done = 0;
  for (const demo of DEMO_TAGS) {
    const note = byTitle.get(demo.note);
    const shop = await shops.getByHandle(demo.shop);
    const product = shop && (await products.pageOfShop(shop.id, false, 100, null)).find((p) => p.title === demo.product);
    const author = note && (await accounts.getById(note.authorId));
    if (note && product && author && demo.imageIndex < note.images.length) {
      const viewer: Viewer = { accountId: author.id, handle: author.handle, role: author.role, sessionId: null };
      const tags = [{ imageIndex: demo.imageIndex, x: demo.x, y: demo.y, productId: product.id }];
      await noteProductsOf(ctx).setTags(viewer, note.id, tags, async (list) => new Set((await publishedProducts(ctx, list)).map((p) => p.id)));
    }
    progress(++done, DEMO_TAGS.length, `product tags: ${demo.note}`);
  }
}
