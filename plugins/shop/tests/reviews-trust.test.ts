// With the trust plugin on, products and ratings are reportable: a rating is
// its buyer's, a product its shop owner's; moderators see them queued with a
// summary and can warn the person. Only what the public sees is reportable.

import { afterAll, describe, expect, it } from 'vitest';
import { NotificationsServiceRef, toGlobalId } from '../../../core/index.ts';
// The trust plugin is booted for real (the shop's optional dependency); plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import trustPlugin from '../../trust/index.ts';
import { expectCode, expectOk, RATE, startReviews, type Person } from './reviews-helpers.ts';

const REPORT = `mutation($input: ReportInput!) { report(input: $input) { id targetType } }`;
const QUEUE = `{ moderationQueue(first: 50) { edges { node { id targetType targetSummary targetAccount { handle } } } } }`;

describe('shop reviews with trust: products and ratings are reportable', async () => {
  const t = await startReviews([trustPlugin]);
  afterAll(() => t.close());
  const { brand, shopId } = t;
  const mod = await t.person('mod_mei', 'moderator');
  const queued = async (reportId: string) => expectOk(await mod.gql(QUEUE)).moderationQueue.edges.map((e: any) => e.node).find((n: any) => n.id === reportId);
  const notificationsOf = async (p: Person) => {
    await t.settle();
    return (await t.meadow.kernel.contextOf('trust').services.get(NotificationsServiceRef).list(p.id, { limit: 50 })).items;
  };

  it('a rating is reported as its buyer’s, queued with its stars and text; the moderator warns the buyer', async () => {
    const serum = await t.product(brand, shopId, { title: 'Night serum' });
    const seller = await t.person('fake_fan');
    const reader = await t.person('reader');
    await t.buy(seller, serum, 'delivered');
    const review = expectOk(await seller.gql(RATE, { p: serum.id, s: 5, t: 'DM me for a discount code!!' })).rateProduct;

    const report = expectOk(await reader.gql(REPORT, { input: { targetId: review.id, reason: 'SPAM', comment: 'an ad' } })).report;
    expect(report.targetType).toBe('ProductReview');
    expect(await queued(report.id)).toMatchObject({
      targetType: 'ProductReview', targetSummary: '★★★★★ Night serum: DM me for a discount code!!', targetAccount: { handle: seller.handle },
    });
    // Trust knows it as the buyer's own content.
    expectCode(await seller.gql(REPORT, { input: { targetId: review.id, reason: 'SPAM' } }), 'BAD_USER_INPUT');
    expectOk(await mod.gql(`mutation($id: ID!) { moderate(reportId: $id, action: WARN, reason: "No ads in ratings") { id } }`, { id: report.id }));
    expect((await notificationsOf(seller)).some((n) => n.kind === 'moderation-action')).toBe(true);
  });

  it('a product is reported as its shop owner’s; drafts, hidden ratings and unknown ids are NOT_FOUND', async () => {
    const tea = await t.product(brand, shopId, { title: 'Slimming tea' });
    const reader = await t.person('reader2');
    const report = expectOk(await reader.gql(REPORT, { input: { targetId: tea.id, reason: 'FAKE_SEEDING' } })).report;
    expect(report.targetType).toBe('Product');
    expect(await queued(report.id)).toMatchObject({ targetType: 'Product', targetSummary: 'Slimming tea (teahouse\'s shop)', targetAccount: { handle: brand.handle } });
    expectCode(await brand.gql(REPORT, { input: { targetId: tea.id, reason: 'SPAM' } }), 'BAD_USER_INPUT');

    const draft = expectOk(await brand.gql(`mutation($s: ID!) { createProduct(shopId: $s, input: { title: "Secret", variants: [{ price: 100, stock: 1 }] }) { id } }`, { s: shopId })).createProduct;
    expectCode(await reader.gql(REPORT, { input: { targetId: draft.id, reason: 'SPAM' } }), 'NOT_FOUND');
    expectCode(await reader.gql(REPORT, { input: { targetId: toGlobalId('Product', 999_999), reason: 'SPAM' } }), 'NOT_FOUND');
    expectCode(await reader.gql(REPORT, { input: { targetId: toGlobalId('ProductReview', 999_999), reason: 'SPAM' } }), 'NOT_FOUND');

    // A rating whose order was refunded is no longer shown, so no longer reportable.
    const returner = await t.person('returner');
    const order = await t.buy(returner, tea, 'delivered');
    const review = expectOk(await returner.gql(RATE, { p: tea.id, s: 1, t: 'Did nothing.' })).rateProduct;
    await t.refund(order);
    expectCode(await reader.gql(REPORT, { input: { targetId: review.id, reason: 'HARASSMENT' } }), 'NOT_FOUND');
  });
});
