// Resolvers of ratings. Per request, summaries, the viewer's ratings and
// what the viewer received are read once for all products asked about
// (dataloaders); a page of ratings is one keyset query.

import {
  AccountsServiceRef, CursorCodec, badInput, localId, pageSize, requireViewer, toConnection, toGlobalId,
  type MeadowContext, type PluginContext, type Resolvers,
} from '../../../core/index.ts';
import { NotesServiceRef, type NoteRecord } from '../../notes/contracts.ts';
import type { ProductRecord } from '../contracts.ts';
import { catalogueOf, mayManage } from '../catalogue/index.ts';
import { productsReceivedBy } from '../checkout/index.ts';
import { rateProduct } from './rate.ts';
import { reviewsOf, type RatingSummary, type ReviewPosition, type ReviewRecord } from './store.ts';

type Ctx = MeadowContext;

const LIST = 'reviews';

export function reviewsResolvers(ctx: PluginContext<any>): Resolvers {
  const reviews = reviewsOf(ctx);
  const { products, shops } = catalogueOf(ctx);
  const cursors = new CursorCodec(ctx.secret);
  const summary = (gctx: Ctx, productId: number) => gctx.loaders.get<number, RatingSummary>('reviews.summaries', (ids) => reviews.summaries(ids)).load(productId);
  const received = (gctx: Ctx, accountId: number, productId: number) =>
    gctx.loaders.get<number, boolean>(`reviews.received:${accountId}`, async (ids) => {
      const got = await productsReceivedBy(ctx, accountId, ids);
      return ids.map((id) => got.has(id));
    }).load(productId);
  const viewerReview = (gctx: Ctx, productId: number) => {
    const viewer = gctx.viewer;
    if (!viewer) return null;
    return gctx.loaders.get<number, ReviewRecord | null>(`reviews.of:${viewer.accountId}`, (ids) => reviews.ofAccount(viewer.accountId, ids)).load(productId);
  };
  const readableNote = (gctx: Ctx, id: number | null) => {
    if (id === null) return null;
    return gctx.loaders.get<number, NoteRecord | null>('reviews.notes', async (ids) => {
      const notes = ctx.services.get(NotesServiceRef);
      const [visible, found] = await Promise.all([notes.visibleTo(ids, gctx.viewer?.accountId ?? null), notes.getByIds(ids)]);
      return ids.map((noteId, i) => (visible.has(noteId) ? found[i]! : null));
    }).load(id);
  };
  const position = (after: string | null | undefined): ReviewPosition | null => {
    if (!after) return null;
    const raw = cursors.decode<unknown>(after);
    if (!Array.isArray(raw) || raw[0] !== LIST || !Number.isSafeInteger(raw[1]) || !Number.isSafeInteger(raw[2])) {
      throw badInput('This cursor belongs to another list; start again from the first page', { field: 'after' });
    }
    return { updatedAt: raw[1] as number, id: raw[2] as number };
  };

  return {
    Product: {
      rating: async (p: ProductRecord, _: unknown, gctx: Ctx) => {
        const s = (await summary(gctx, p.id))!;
        return {
          average: s.count ? s.sum / s.count : null,
          count: s.count,
          distribution: [5, 4, 3, 2, 1].map((stars) => ({ stars, count: s.byStars[stars - 1] })),
        };
      },
      reviews: async (p: ProductRecord, args: { first?: number; after?: string }) => {
        const first = pageSize(args, 10);
        const rows = await reviews.page(p.id, first + 1, position(args.after));
        return toConnection(rows, first, cursors, (r) => [LIST, r.updatedAt.getTime(), r.id]);
      },
      viewerCanRate: async (p: ProductRecord, _: unknown, gctx: Ctx) => {
        if (!gctx.viewer || p.status !== 'published') return false;
        const shop = await shops.loader(gctx).load(p.shopId);
        if (shop && mayManage(shop, gctx.viewer)) return false;
        return (await received(gctx, gctx.viewer.accountId, p.id)) === true;
      },
      viewerReview: async (p: ProductRecord, _: unknown, gctx: Ctx) => {
        const mine = await viewerReview(gctx, p.id);
        return mine && !mine.hiddenAt ? mine : null;
      },
    },
    ProductReview: {
      id: (r: ReviewRecord) => toGlobalId('ProductReview', r.id),
      product: async (r: ReviewRecord, _: unknown, gctx: Ctx) => products.loader(gctx).load(r.productId),
      buyer: (r: ReviewRecord, _: unknown, gctx: Ctx) => ctx.services.get(AccountsServiceRef).loader(gctx).load(r.accountId),
      note: (r: ReviewRecord, _: unknown, gctx: Ctx) => readableNote(gctx, r.noteId),
      verifiedPurchase: () => true,
    },
    Mutation: {
      rateProduct: async (_: unknown, args: { productId: string; stars: number; text?: string | null; noteId?: string | null }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        return rateProduct(ctx, viewer, {
          productId: localId(args.productId, 'Product'),
          stars: args.stars,
          text: args.text ?? null,
          noteId: args.noteId ? localId(args.noteId, 'Note') : null,
        });
      },
    },
  };
}
