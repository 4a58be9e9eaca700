// Demo catalogue for `meadow seed demo`: the Greenleaf Tea brand's shop and
// the instance's own store, with categories, variants, prices and stock
// (one variant sold out, one product still a draft). Images are soft
// gradients uploaded through MediaService. Running it twice adds nothing.

import sharp from 'sharp';
import { AccountsServiceRef, MediaServiceRef, type DemoSeedContext, type PluginContext, type Viewer } from '../../../core/index.ts';
import type { ProductInput } from './products.ts';
import { catalogueOf } from './store.ts';

interface DemoProduct extends ProductInput {
  colours: [string, string];
  categories: string[];
  publish: boolean;
}

const CATEGORIES = [
  { slug: 'tea', name: '茶饮 Tea' },
  { slug: 'coffee-gear', name: '咖啡器具 Coffee gear' },
  { slug: 'outdoor', name: '户外 Outdoor' },
];

const size = (value: string) => [{ name: '规格', value }];
const colour = (value: string) => [{ name: '颜色', value }];

const SHOPS: { owner: string; handle: string; name: string; description: string; forInstance: boolean; products: DemoProduct[] }[] = [
  {
    owner: 'greenleaf_tea', handle: 'greenleaf', name: '青叶茶事 Greenleaf Tea', forInstance: false,
    description: '杭州龙井村的明前茶、福鼎白茶与冷泡茶。Spring-picked tea from Hangzhou, white tea and cold brews.',
    products: [
      {
        title: '明前龙井 2025 Mingqian Longjing', description: '清明前手工炒制，豆香清甜。Hand-roasted before Qingming; sweet and nutty.',
        options: [{ name: '规格', values: ['50g', '100g', '250g'] }], colours: ['#9bbf85', '#e8f0d8'], categories: ['tea'], publish: true,
        variants: [
          { options: size('50g'), sku: 'LJ-50', price: 6800, stock: 50 },
          { options: size('100g'), sku: 'LJ-100', price: 12800, compareAtPrice: 13600, stock: 30 },
          { options: size('250g'), sku: 'LJ-250', price: 29800, stock: 10 },
        ],
      },
      {
        title: '茉莉冷泡茶 Jasmine cold brew', description: '冷水 6 小时，花香不苦涩。Six hours in cold water: floral, never bitter.',
        colours: ['#f3f0d7', '#b7d3a8'], categories: ['tea'], publish: true, variants: [{ sku: 'JCB-10', price: 3900, stock: 120 }],
      },
      {
        title: '福鼎白茶饼 Fuding white tea cake', description: '2019 年寿眉，秋天上架。2019 Shoumei, coming in autumn.',
        colours: ['#d9c9a3', '#f5efe0'], categories: ['tea'], publish: false, variants: [{ price: 26800, stock: 0 }],
      },
    ],
  },
  {
    owner: 'meadow_official', handle: 'meadow-store', name: 'Meadow 好物 Store', forInstance: true,
    description: '社区笔记里大家常提到的好物。Things the community keeps writing about.',
    products: [
      {
        title: '细口手冲壶 Gooseneck kettle', description: '600ml，控温 40–100°C。600 ml, 40–100 °C control.',
        options: [{ name: '颜色', values: ['白', '黑'] }], colours: ['#e9e4dc', '#6f4e37'], categories: ['coffee-gear'], publish: true,
        variants: [{ options: colour('白'), sku: 'KT-W', price: 16800, stock: 8 }, { options: colour('黑'), sku: 'KT-B', price: 16800, stock: 0 }],
      },
      {
        title: '三季双人帐篷 Two-person tent', description: '2.1kg，防水 3000mm。2.1 kg, 3000 mm waterproof.',
        colours: ['#4a7c59', '#dfe8d8'], categories: ['outdoor'], publish: true, variants: [{ sku: 'TENT-2P', price: 21900, stock: 15 }],
      },
    ],
  },
];

function gradient([a, b]: [string, string]): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs><rect width="800" height="800" fill="url(#g)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

export async function seedDemoCatalogue({ ctx, progress }: DemoSeedContext): Promise<void> {
  const { shops, products, categories } = catalogueOf(ctx);
  const accounts = ctx.services.get(AccountsServiceRef);
  const categoryIds = new Map<string, number>();
  for (const c of CATEGORIES) categoryIds.set(c.slug, ((await categories.getBySlug(c.slug)) ?? (await categories.create(c))).id);
  const total = SHOPS.reduce((n, s) => n + s.products.length, 0);
  let done = 0;
  for (const demo of SHOPS) {
    const owner = await accounts.getByHandle(demo.owner);
    if (!owner) continue; // the accounts seed did not run
    // The instance's store is run by admins; the seed acts as one, with the official account's uploads.
    const viewer: Viewer = { accountId: owner.id, handle: owner.handle, role: demo.forInstance ? 'admin' : owner.role, sessionId: null };
    const shop = (await shops.getByHandle(demo.handle)) ?? (await shops.create(viewer, demo));
    const existing = new Set((await products.pageOfShop(shop.id, true, 100, null)).map((p) => p.title));
    for (const p of demo.products) {
      if (!existing.has(p.title)) await createProduct(ctx, viewer, shop.id, p, categoryIds);
      progress(++done, total, `shop: ${p.title}`);
    }
  }
}

async function createProduct(ctx: PluginContext<any>, viewer: Viewer, shopId: number, p: DemoProduct, categoryIds: Map<string, number>) {
  const image = await ctx.services.get(MediaServiceRef).upload(viewer.accountId, await gradient(p.colours), { alt: p.title });
  const { products } = catalogueOf(ctx);
  const product = await products.create(viewer, shopId, { ...p, imageIds: [image.id], categoryIds: p.categories.map((slug) => categoryIds.get(slug)!) });
  if (p.publish) await products.setPublished(viewer, product.id, true);
}
