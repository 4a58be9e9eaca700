// Products and ratings become reportable when the trust plugin is on (an
// optional dependency: without it nobody asks). A product is the shop
// owner's; a rating is its buyer's. Only what the public sees is
// reportable: a product on sale, a rating shown on one.

import type { PluginContext } from '../../../core/index.ts';
import type { ReportTargetInfo } from '../../trust/contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { reviewsOf } from './store.ts';

const SUMMARY = 280;

export async function reportTarget(ctx: PluginContext<any>, type: string, id: number): Promise<ReportTargetInfo | null> {
  if (type !== 'Product' && type !== 'ProductReview') return null;
  const { products, shops } = catalogueOf(ctx);
  if (type === 'Product') {
    const product = await products.getById(id);
    const shop = product?.status === 'published' ? await shops.getById(product.shopId) : null;
    // The site's own shops have no owner account to warn: they are the admins' to answer for, outside the queue.
    if (!product || shop?.ownerId == null) return null;
    return { accountId: shop.ownerId, summary: `${product.title} (${shop.name})`.slice(0, SUMMARY) };
  }
  const [review] = await reviewsOf(ctx).getByIds([id]);
  const product = review && !review.hiddenAt ? await products.getById(review.productId) : null;
  if (!review || product?.status !== 'published') return null;
  const text = review.text.replace(/\s+/g, ' ');
  return { accountId: review.accountId, summary: `${'★'.repeat(review.stars)} ${product.title}${text ? `: ${text}` : ''}`.slice(0, SUMMARY) };
}
