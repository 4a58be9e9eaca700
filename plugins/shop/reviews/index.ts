// The reviews module: ratings from verified buyers only. A buyer rates a
// product they received (an order delivered or completed; a refund takes
// it back), once — rating again replaces it; Product.rating is a
// per-product aggregate kept in the same transaction. Verified buyers'
// notes lead Product.notes (the FirstHandNotes filter, which the tags module
// applies), and with the trust plugin on, products and ratings can be reported.

import { AccountDeleted, NodeLookup, filter, on } from '../../../core/index.ts';
import { ReportTargetLookup } from '../../trust/contracts.ts';
import { RECEIVED_STATUSES, buyersWhoReceived } from '../checkout/index.ts';
import { FirstHandNotes, OrderStatusChanged } from '../contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import type { ShopModule } from '../module.ts';
import { reviewsMigrations } from './migrations.ts';
import { reportTarget } from './report-targets.ts';
import { reviewsResolvers } from './resolvers.ts';
import { reviewsTypeDefs } from './schema.ts';
import { reviewsOf } from './store.ts';

export { reviewsOf } from './store.ts';

export const reviewsModule: ShopModule = {
  name: 'reviews',
  migrations: reviewsMigrations,
  typeDefs: reviewsTypeDefs,
  resolvers: reviewsResolvers,
  hooks: [
    // A refund hides the buyer's ratings of what it covered (unless another order of it stands); a delivery shows them again.
    on(OrderStatusChanged, async ({ order, lines }, ctx) => {
      if (order.status !== 'refunded' && !RECEIVED_STATUSES.includes(order.status)) return;
      await reviewsOf(ctx).syncWithPurchases(order.buyerId, lines.map((l) => l.productId));
    }),
    on(AccountDeleted, ({ accountId }, ctx) => reviewsOf(ctx).removeAllOf(accountId)),
    filter(FirstHandNotes, async (ids, { product, notes }, ctx) => {
      const buyers = await buyersWhoReceived(ctx, product.id, notes.map((n) => n.authorId));
      return buyers.size ? new Set([...ids, ...notes.filter((n) => buyers.has(n.authorId)).map((n) => n.id)]) : ids;
    }),
    filter(ReportTargetLookup, async (found, { type, id }, ctx) => found ?? reportTarget(ctx, type, id)),
    // node(id:) for ratings: those shown, on a product the viewer may see.
    filter(NodeLookup, async (found, { type, id, context }, ctx) => {
      if (found || type !== 'ProductReview') return found;
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n <= 0) return null;
      const [review] = await reviewsOf(ctx).getByIds([n]);
      const { products } = catalogueOf(ctx);
      const product = review && !review.hiddenAt ? await products.readable(await products.getById(review.productId), context.viewer) : null;
      return product && review ? { ...review, __typename: 'ProductReview' } : null;
    }),
  ],
};
