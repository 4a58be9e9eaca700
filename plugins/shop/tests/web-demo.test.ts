// The demo site (`meadow seed demo` with every plugin on): the brand shop
// Greenleaf Tea is visible with its products, a demo note tagged with one of
// them shows its card, and the card leads to the product page, which lists
// the note among those about the product.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, localId } from '../../../core/index.ts';
import { startTestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';

const HTML = { accept: 'text/html,application/xhtml+xml', 'accept-language': 'zh-CN' };

describe('shop: the demo site', async () => {
  const meadow = await startTestInstance({ discover: true, plugins: [testAuthPlugin] });
  afterAll(() => meadow.close());
  // What `meadow seed demo` runs: each plugin's seeder in dependency order.
  for (const plugin of meadow.kernel.plugins) {
    await plugin.seedDemo?.({ ctx: meadow.kernel.contextOf(plugin.name), progress: () => {}, locale: 'zh-CN' });
  }
  await meadow.kernel.bus.drain();
  await meadow.kernel.worker.runUntilIdle();
  const browse = (url: string, headers: Record<string, string> = {}) => meadow.app.inject({ method: 'GET', url, headers: { ...HTML, ...headers } });

  it('shows the brand shop with its products on sale', async () => {
    const res = await browse('/shops/greenleaf');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('青叶茶事 Greenleaf Tea');
    expect(res.body).toContain('<span class="product-tile-title">茉莉冷泡茶 Jasmine cold brew</span>');
    expect(res.body).toContain('<span class="product-tile-title">明前龙井 2025 Mingqian Longjing</span>');
    expect(res.body).not.toContain('福鼎白茶饼');
  });

  it('a demo note shows the brand product it tags, and the card leads to the product page that lists the note', async () => {
    const data = await meadow.gql(`{ account(handle: "emma_travels") { notes(first: 50) { edges { node { id title } } } } }`);
    const note = data.data.account.notes.edges.map((e: any) => e.node).find((n: any) => n.title.startsWith('Chengdu'));
    const number = localId(note.id, 'Note');
    const page = await browse(`/notes/${number}`);
    expect(page.statusCode).toBe(200);
    const href = /<aside class="meadow-product-card" data-product-id="\d+"><a href="([^"]+)">/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
    expect(href).toBeDefined();
    const url = new URL(href!);
    expect(url.pathname).toMatch(/^\/shop\/products\/\d+$/);
    expect(url.searchParams.get('from')).toBe(String(number));
    const product = await browse(url.pathname + url.search);
    expect(product.statusCode).toBe(200);
    expect(product.body).toContain('<h1 id="product-title">茉莉冷泡茶 Jasmine cold brew</h1>');
    expect(product.body).toContain(`<a href="/notes/${number}">${note.title}</a>`);
  });

  it('the brand account finds its shop under "My shop"', async () => {
    const brand = await meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).getByHandle('greenleaf_tea');
    const res = await browse('/merchant', { 'x-test-account': `${brand!.id}:${brand!.role}` });
    expect(res.body).toMatch(/<a href="\/merchant"( aria-current="page")?>店铺管理<\/a>/);
    expect(res.body).toContain('<a href="/merchant/shops/greenleaf">青叶茶事 Greenleaf Tea</a>');
  });
});
