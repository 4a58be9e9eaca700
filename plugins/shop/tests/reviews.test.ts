// Ratings from verified buyers, through GraphQL on real orders: who may
// rate (delivered or completed, never refunded), one rating per buyer
// (rating again replaces it), the summary (average, count, distribution)
// kept exact as ratings change and refunds hide them, the list newest
// first, and every refusal leaving what was stored as it was.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, toGlobalId } from '../../../core/index.ts';
import { expectCode, expectOk, RATE, startReviews } from './reviews-helpers.ts';

describe('shop reviews: verified buyers rate what they received', async () => {
  const t = await startReviews();
  afterAll(() => t.close());
  const { brand, shopId } = t;
  let n = 0;
  const buyer = (name = 'buyer') => t.person(`${name}${++n}`);
  const distribution = (r: any) => Object.fromEntries(r.rating.distribution.map((d: any) => [d.stars, d.count]));

  it('a buyer whose order was delivered rates it: the rating shows as a verified purchase with its buyer, and counts', async () => {
    const kettle = await t.product(brand, shopId, { title: 'Gooseneck kettle' });
    const mei = await buyer('mei');
    expect((await t.ratingOf(kettle.id, mei)).viewerCanRate).toBe(false);
    await t.buy(mei, kettle, 'delivered');
    expect((await t.ratingOf(kettle.id, mei)).viewerCanRate).toBe(true);

    const review = expectOk(await mei.gql(RATE, { p: kettle.id, s: 4, t: '  Pours slowly and evenly.\r\nHandle stays cool.  ' })).rateProduct;
    expect(review).toMatchObject({ stars: 4, text: 'Pours slowly and evenly.\nHandle stays cool.', verifiedPurchase: true, buyer: { handle: mei.handle }, note: null, product: { id: kettle.id } });
    const seen = await t.ratingOf(kettle.id);
    expect(seen.rating).toMatchObject({ average: 4, count: 1 });
    expect(distribution(seen)).toEqual({ 5: 0, 4: 1, 3: 0, 2: 0, 1: 0 });
    expect(seen.rating.distribution.map((d: any) => d.stars)).toEqual([5, 4, 3, 2, 1]);
    expect(seen.reviews.edges.map((e: any) => e.node.id)).toEqual([review.id]);
    expect(seen.viewerCanRate).toBe(false); // signed out
    expect((await t.ratingOf(kettle.id, mei)).viewerReview).toEqual({ stars: 4, text: review.text });
  });

  it('a completed order counts too; rating again replaces the rating (one per buyer), and the counts follow', async () => {
    const tray = await t.product(brand, shopId, { title: 'Tea tray' });
    const lin = await buyer('lin');
    const zhou = await buyer('zhou');
    await t.buy(lin, tray, 'completed');
    await t.buy(zhou, tray, 'delivered');
    const first = expectOk(await lin.gql(RATE, { p: tray.id, s: 2, t: 'Arrived scratched.' })).rateProduct;
    expectOk(await zhou.gql(RATE, { p: tray.id, s: 5 }));
    const again = expectOk(await lin.gql(RATE, { p: tray.id, s: 4, t: 'The shop sent a new one.' })).rateProduct;
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ stars: 4, text: 'The shop sent a new one.', createdAt: first.createdAt });
    const seen = await t.ratingOf(tray.id);
    expect(seen.rating).toMatchObject({ average: 4.5, count: 2 });
    expect(distribution(seen)).toEqual({ 5: 1, 4: 1, 3: 0, 2: 0, 1: 0 });
    // Most recently set first: lin's edit came after zhou's rating.
    expect(seen.reviews.edges.map((e: any) => e.node.buyer.handle)).toEqual([lin.handle, zhou.handle]);
    expect(seen.reviews.edges[1].node.text).toBe('');
  });

  it('refused: signed out, not a buyer, paid but not delivered, refunded only, the shop itself — and nothing is stored', async () => {
    const cup = await t.product(brand, shopId, { title: 'Tasting cup' });
    const stranger = await buyer('stranger');
    const waiting = await buyer('waiting');
    const refunded = await buyer('refunded');
    await t.buy(waiting, cup, 'paid');
    await t.buy(refunded, cup, 'refunded');

    expectCode(await t.gql(RATE, { p: cup.id, s: 5 }), 'UNAUTHENTICATED');
    for (const who of [stranger, waiting, refunded]) {
      const res = await who.gql(RATE, { p: cup.id, s: 5, t: 'Great' });
      expectCode(res, 'FORBIDDEN');
      expect(res.errors![0]!.extensions!.reason).toBe('NOT_VERIFIED_BUYER');
      expect((await t.ratingOf(cup.id, who)).viewerCanRate).toBe(false);
    }
    const own = await brand.gql(RATE, { p: cup.id, s: 5 });
    expectCode(own, 'FORBIDDEN');
    expect(own.errors![0]!.extensions!.reason).toBe('OWN_PRODUCT');
    expect((await t.ratingOf(cup.id, brand)).viewerCanRate).toBe(false);
    const seen = await t.ratingOf(cup.id);
    expect(seen.rating).toEqual({ average: null, count: 0, distribution: [5, 4, 3, 2, 1].map((stars) => ({ stars, count: 0 })) });
    expect(seen.reviews.edges).toEqual([]);
  });

  it('bad input is refused with the field named, and the rating already there stays as it was', async () => {
    const pot = await t.product(brand, shopId, { title: 'Clay teapot' });
    const hua = await buyer('hua');
    const other = await buyer('other');
    await t.buy(hua, pot, 'delivered');
    await t.buy(other, pot, 'delivered');
    const kept = expectOk(await hua.gql(RATE, { p: pot.id, s: 3, t: 'Fine.' })).rateProduct;

    for (const s of [0, 6, -1, 100]) {
      const res = await hua.gql(RATE, { p: pot.id, s });
      expectCode(res, 'BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.field).toBe('stars');
    }
    const long = await hua.gql(RATE, { p: pot.id, s: 5, t: '好'.repeat(1001) });
    expectCode(long, 'BAD_USER_INPUT');
    expect(long.errors![0]!.extensions).toMatchObject({ field: 'text', max: 1000 });
    expectCode(await hua.gql(RATE, { p: 'not-an-id', s: 5 }), 'BAD_USER_INPUT');
    expectCode(await hua.gql(RATE, { p: t.shopId, s: 5 }), 'BAD_USER_INPUT'); // a Shop id

    // Someone else's note (it shows the product), a note of hers that does not show it, no such note.
    const othersNote = await t.note(other);
    await other.gql(`mutation($n: ID!, $p: ID!) { setNoteProductTags(noteId: $n, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: $p }]) { id } }`, { n: othersNote, p: pot.id });
    const notYours = await hua.gql(RATE, { p: pot.id, s: 5, n: othersNote });
    expectCode(notYours, 'FORBIDDEN');
    expect(notYours.errors![0]!.extensions!.field).toBe('noteId');
    const unrelated = await t.note(hua);
    const offTopic = await hua.gql(RATE, { p: pot.id, s: 5, n: unrelated });
    expectCode(offTopic, 'BAD_USER_INPUT');
    expect(offTopic.errors![0]!.extensions!.field).toBe('noteId');
    const gone = await hua.gql(RATE, { p: pot.id, s: 5, n: toGlobalId('Note', 999_999) });
    expectCode(gone, 'NOT_FOUND');

    // Taken down after she received it: not on sale, so not rated (and not seen by her either).
    expectOk(await brand.gql(`mutation($id: ID!) { unpublishProduct(id: $id) { status } }`, { id: pot.id }));
    expectCode(await hua.gql(RATE, { p: pot.id, s: 5 }), 'NOT_FOUND');
    expectOk(await brand.gql(`mutation($id: ID!) { publishProduct(id: $id) { status } }`, { id: pot.id }));

    const seen = await t.ratingOf(pot.id, hua);
    expect(seen.viewerReview).toEqual({ stars: 3, text: 'Fine.' });
    expect(seen.rating).toMatchObject({ average: 3, count: 1 });
    expect(seen.reviews.edges.map((e: any) => e.node)).toEqual([expect.objectContaining({ id: kept.id, stars: 3, text: 'Fine.', updatedAt: kept.updatedAt })]);

    // Exactly 1000 characters and her own note that tags the product are accepted.
    const mine = await t.note(hua);
    expectOk(await hua.gql(`mutation($n: ID!, $p: ID!) { setNoteProductTags(noteId: $n, tags: [{ imageIndex: 0, x: 0.2, y: 0.3, productId: $p }]) { id } }`, { n: mine, p: pot.id }));
    const full = expectOk(await hua.gql(RATE, { p: pot.id, s: 5, t: '好'.repeat(1000), n: mine })).rateProduct;
    expect(full).toMatchObject({ stars: 5, note: { id: mine } });
    expect(full.text).toHaveLength(1000);
  });

  it('a refund hides the rating and takes it out of the counts; another order that stands keeps it; a new delivery shows it again', async () => {
    const whisk = await t.product(brand, shopId, { title: 'Bamboo whisk' });
    const an = await buyer('an');
    const bo = await buyer('bo');
    const anOrder = await t.buy(an, whisk, 'delivered');
    const boFirst = await t.buy(bo, whisk, 'completed');
    await t.buy(bo, whisk, 'delivered');
    const anReview = expectOk(await an.gql(RATE, { p: whisk.id, s: 1, t: 'Broke at once.' })).rateProduct;
    const NODE = `query($id: ID!) { node(id: $id) { ... on ProductReview { stars buyer { handle } } } }`;
    expect(expectOk(await t.gql(NODE, { id: anReview.id })).node).toEqual({ stars: 1, buyer: { handle: an.handle } });
    expectOk(await bo.gql(RATE, { p: whisk.id, s: 5 }));
    expect((await t.ratingOf(whisk.id)).rating).toMatchObject({ average: 3, count: 2 });

    await t.refund(anOrder);
    await t.refund(boFirst);
    const seen = await t.ratingOf(whisk.id);
    expect(seen.rating).toMatchObject({ average: 5, count: 1 });
    expect(distribution(seen)).toEqual({ 5: 1, 4: 0, 3: 0, 2: 0, 1: 0 });
    expect(seen.reviews.edges.map((e: any) => e.node.buyer.handle)).toEqual([bo.handle]);
    const anNow = await t.ratingOf(whisk.id, an);
    expect(anNow).toMatchObject({ viewerCanRate: false, viewerReview: null });
    expectCode(await an.gql(RATE, { p: whisk.id, s: 2 }), 'FORBIDDEN');
    expect(expectOk(await t.gql(NODE, { id: anReview.id })).node).toBeNull();

    // She buys it again and it arrives: her rating is back as it was.
    await t.buy(an, whisk, 'delivered');
    const back = await t.ratingOf(whisk.id, an);
    expect(back).toMatchObject({ viewerCanRate: true, viewerReview: { stars: 1, text: 'Broke at once.' }, rating: { average: 3, count: 2 } });
  });

  it('a deleted account’s ratings go, and out of the counts', async () => {
    const mat = await t.product(brand, shopId, { title: 'Tea mat' });
    const [stays, leaves] = [await buyer('stays'), await buyer('leaves')];
    for (const [p, s] of [[stays, 4], [leaves, 1]] as const) {
      await t.buy(p, mat, 'delivered');
      expectOk(await p.gql(RATE, { p: mat.id, s }));
    }
    expect((await t.ratingOf(mat.id)).rating).toMatchObject({ average: 2.5, count: 2 });
    await t.meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).deleteAccount(leaves.id);
    await t.settle();
    const seen = await t.ratingOf(mat.id);
    expect(seen.rating).toMatchObject({ average: 4, count: 1 });
    expect(distribution(seen)).toEqual({ 5: 0, 4: 1, 3: 0, 2: 0, 1: 0 });
    expect(seen.reviews.edges.map((e: any) => e.node.buyer.handle)).toEqual([stays.handle]);
  });

  it('lists ratings most recently set first, page by page; a cursor of another list is refused', async () => {
    const scoop = await t.product(brand, shopId, { title: 'Tea scoop' });
    const people = [];
    for (let i = 0; i < 5; i++) {
      const p = await buyer('pager');
      await t.buy(p, scoop, 'delivered');
      expectOk(await p.gql(RATE, { p: scoop.id, s: 1 + i }));
      people.push(p);
    }
    const PAGE = `query($id: ID!, $after: String) { node(id: $id) { ... on Product { reviews(first: 2, after: $after) { edges { node { stars buyer { handle } } } pageInfo { hasNextPage endCursor } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = expectOk(await brand.gql(PAGE, { id: scoop.id, after })).node.reviews;
      seen.push(...page.edges.map((e: any) => e.node.buyer.handle));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(people.map((p) => p.handle).reverse());
    const orders = expectOk(await brand.gql(`query($h: String!) { shop(handle: $h) { orders(first: 1) { pageInfo { endCursor } } } }`, { h: 'teahouse' })).shop.orders;
    expectCode(await brand.gql(PAGE, { id: scoop.id, after: orders.pageInfo.endCursor }), 'BAD_USER_INPUT');
    expectCode(await brand.gql(PAGE, { id: scoop.id, after: 'forged.cursor' }), 'BAD_USER_INPUT');
  });
});
