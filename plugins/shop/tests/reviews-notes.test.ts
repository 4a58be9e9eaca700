// Verified buyers' notes lead a product's notes (among real experiences:
// paid promotion and the shop's own stay last), and the rating counts stay
// exact when many buyers rate at once and when one buyer sends several
// ratings at once.

import { afterAll, describe, expect, it } from 'vitest';
import { expectOk, RATE, startReviews, type Person } from './reviews-helpers.ts';

const TAG = `mutation($n: ID!, $p: ID!) { setNoteProductTags(noteId: $n, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: $p }]) { id } }`;
const NOTES = `query($id: ID!) { product(id: $id) { notes(first: 20) { title } } }`;

describe('shop reviews: verified buyers’ notes first, and exact counts under concurrent ratings', async () => {
  const t = await startReviews();
  afterAll(() => t.close());
  const { brand, shopId } = t;

  it('notes by buyers who received the product come first among real experiences; refunded buyers do not; paid and the shop’s own stay last', async () => {
    const kettle = await t.product(brand, shopId, { title: 'Gooseneck kettle' });
    const [buyer, refunded, sponsoredBuyer, talker] = await Promise.all(['buyer', 'refunded', 'paidbuyer', 'talker'].map((h) => t.person(h)));
    await t.buy(buyer, kettle, 'completed');
    await t.buy(refunded, kettle, 'refunded');
    await t.buy(sponsoredBuyer, kettle, 'delivered');
    const tagged = async (author: Person, title: string, input: Record<string, unknown> = {}) => {
      const note = await t.note(author, { title, ...input });
      expectOk(await author.gql(TAG, { n: note, p: kettle.id }));
    };
    // Oldest first, so "newest first" alone would put them the other way round.
    await tagged(buyer, 'Bought it: a month in');
    await tagged(sponsoredBuyer, 'Bought it, and the brand paid me', { disclosure: 'sponsored' });
    await tagged(brand, 'From the shop');
    await tagged(refunded, 'Sent it back');
    await tagged(talker, 'Saw it at a friend’s');
    const titles = async () => expectOk(await t.gql(NOTES, { id: kettle.id })).product.notes.map((n: any) => n.title);
    expect(await titles()).toEqual(['Bought it: a month in', 'Saw it at a friend’s', 'Sent it back', 'From the shop', 'Bought it, and the brand paid me']);

    // The buyer's order is refunded: their note is one real experience among the others again (newest first).
    const order = expectOk(await buyer.gql(`{ myOrders(first: 1) { edges { node { id } } } }`)).myOrders.edges[0].node.id;
    await t.refund(order);
    expect(await titles()).toEqual(['Saw it at a friend’s', 'Sent it back', 'Bought it: a month in', 'From the shop', 'Bought it, and the brand paid me']);
  });

  it('many buyers rating at once: every rating counts once', async () => {
    const tin = await t.product(brand, shopId, { title: 'Tea tin' });
    const buyers: Person[] = [];
    for (let i = 0; i < 12; i++) {
      const p = await t.person(`crowd${i}`);
      await t.buy(p, tin, 'delivered');
      buyers.push(p);
    }
    const stars = buyers.map((_, i) => 1 + (i % 5));
    const results = await Promise.all(buyers.map((p, i) => p.gql(RATE, { p: tin.id, s: stars[i] })));
    for (const r of results) expectOk(r);
    const seen = await t.ratingOf(tin.id);
    expect(seen.rating.count).toBe(12);
    expect(seen.rating.average).toBeCloseTo(stars.reduce((a, b) => a + b, 0) / 12, 10);
    expect(seen.rating.distribution).toEqual([5, 4, 3, 2, 1].map((s) => ({ stars: s, count: stars.filter((x) => x === s).length })));
    expect(seen.reviews.edges).toHaveLength(12);
  });

  it('one buyer sending several ratings at once keeps one rating, counted once, with the stars of the last one stored', async () => {
    const cup = await t.product(brand, shopId, { title: 'Cup' });
    const mei = await t.person('mei');
    await t.buy(mei, cup, 'delivered');
    const results = await Promise.all([1, 2, 3, 4, 5, 1, 2, 3].map((s) => mei.gql(RATE, { p: cup.id, s })));
    for (const r of results) expectOk(r);
    const seen = await t.ratingOf(cup.id, mei);
    expect(seen.rating.count).toBe(1);
    expect(seen.reviews.edges).toHaveLength(1);
    const stored = seen.reviews.edges[0].node.stars;
    expect(seen.rating.average).toBe(stored);
    expect(seen.rating.distribution.find((d: any) => d.stars === stored).count).toBe(1);
    expect(seen.viewerReview.stars).toBe(stored);
  });
});
