// No N+1: a page of notes with their product tags, products and cards costs
// the same number of queries whether it has 3 notes or 9.

import { afterAll, describe, expect, it } from 'vitest';
import { expectOk, startShop } from './helpers.ts';

const PAGE = (fields: string) => `query($n: Int!) { account(handle: "lin") { notes(first: $n) { edges { node { id ${fields} } } } } }`;
const SHOP_FIELDS = `productTags { x product { title variants { price { amount } } } } products { title priceRange { min { amount } } shop { name } } sections { html }`;

describe('batching', async () => {
  const t = await startShop();
  afterAll(() => t.close());
  const brand = await t.person('greenleaf', 'brand');
  const lin = await t.person('lin', 'creator');
  const shop = await t.shop(brand, 'greenleaf');
  const products = [];
  for (let i = 0; i < 4; i++) products.push(await t.product(brand, shop, { title: `Tea ${i}`, imageIds: [brand.imageId], variants: [{ price: 1000 + i }] }));
  for (let i = 0; i < 9; i++) {
    const note = await t.post(lin, { title: `Note ${i}` }, 1);
    const tags = [products[i % 4], products[(i + 1) % 4]].map((p, k) => ({ imageIndex: 0, x: k / 2, y: 0.5, productId: p.id }));
    expectOk(await lin.gql(`mutation($n: ID!, $t: [NoteProductTagInput!]!) { setNoteProductTags(noteId: $n, tags: $t) { id } }`, { n: note, t: tags }));
  }

  const queriesFor = async (fields: string, n: number) => {
    const db = t.meadow.kernel.db;
    const before = db.queryCount;
    const res = expectOk(await lin.gql(PAGE(fields), { n }));
    expect(res.account.notes.edges).toHaveLength(n);
    return db.queryCount - before;
  };

  it('cards (note.render) and the shop’s Note fields cost the same for 3 notes as for 9', async () => {
    const base = await queriesFor('title', 3);
    expect(await queriesFor('title', 9)).toBe(base);
    // Rendering reads tags once, then products, shops, variants and covers once for the whole page.
    const cards = await queriesFor('sections { html }', 3);
    expect(await queriesFor('sections { html }', 9)).toBe(cards);
    expect(cards - base).toBeLessThanOrEqual(5);
    const all = await queriesFor(SHOP_FIELDS, 3);
    expect(await queriesFor(SHOP_FIELDS, 9)).toBe(all);
  });

  it('every note shows its two cards', async () => {
    const res = expectOk(await lin.gql(PAGE(SHOP_FIELDS), { n: 9 }));
    for (const { node } of res.account.notes.edges) {
      expect(node.products).toHaveLength(2);
      expect(node.sections.filter((s: any) => s.html.includes('meadow-product-card'))).toHaveLength(2);
    }
  });
});
