// Resolvers of note ↔ product links. What a note shows is limited to
// products on sale; which notes a product shows is limited to notes the
// viewer may read (the notes service decides).

import { badInput, localId, requireViewer, type MeadowContext, type PluginContext, type Resolvers } from '../../../core/index.ts';
import { NotesServiceRef, type NoteRecord } from '../../notes/contracts.ts';
import { FirstHandNotes, type ProductRecord } from '../contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { publishedProducts } from './card.ts';
import { noteProductsOf } from './store.ts';

type Ctx = MeadowContext;

/** How many linking notes are considered for a product's list (newest links first). */
const CANDIDATES = 200;
const MAX_NOTES = 50;

export function tagsResolvers(ctx: PluginContext<any>): Resolvers {
  const links = noteProductsOf(ctx);
  const { products, shops } = catalogueOf(ctx);
  const onSale = async (gctx: Ctx, ids: readonly number[]) =>
    (await products.loader(gctx).loadMany(ids)).filter((p): p is ProductRecord => !!p && !(p instanceof Error) && p.status === 'published');

  return {
    Note: {
      productTags: async (note: NoteRecord, _: unknown, gctx: Ctx) => {
        const tags = await links.tagsOf(note);
        const live = new Map((await onSale(gctx, tags.map((t) => t.productId))).map((p) => [p.id, p]));
        return tags.filter((t) => live.has(t.productId)).map((t) => ({ ...t, product: live.get(t.productId) }));
      },
      products: async (note: NoteRecord, _: unknown, gctx: Ctx) => onSale(gctx, await links.linkedProductIds(note)),
    },
    Product: {
      notes: async (product: ProductRecord, args: { first?: number }, gctx: Ctx) => {
        const first = args.first ?? 10;
        if (!Number.isInteger(first) || first < 0 || first > MAX_NOTES) throw badInput(`first must be between 0 and ${MAX_NOTES}`, { field: 'first' });
        const ids = await links.noteIdsOf(product.id, CANDIDATES);
        const readable = await ctx.services.get(NotesServiceRef).listByIds(ids, gctx.viewer?.accountId ?? null);
        const shop = await shops.loader(gctx).load(product.shopId);
        // Real experiences first: not a paid promotion and not the shop's own account; verified buyers' (FirstHandNotes) lead them.
        const promotional = (n: NoteRecord) => (n.disclosure !== null || (shop?.ownerId != null && n.authorId === shop.ownerId) ? 1 : 0);
        const firstHand = await ctx.hooks.applyFilter(FirstHandNotes, new Set<number>(), { product, notes: readable });
        const rank = (n: NoteRecord) => (promotional(n) ? 2 : firstHand.has(n.id) ? 0 : 1);
        const time = (n: NoteRecord) => n.publishedAt?.getTime() ?? 0;
        return [...readable].sort((a, b) => rank(a) - rank(b) || time(b) - time(a) || b.id - a.id).slice(0, first);
      },
    },
    Mutation: {
      setNoteProductTags: async (_: unknown, args: { noteId: string; tags: { imageIndex: number; x: number; y: number; productId: string }[] }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const tags = args.tags.map((t) => ({ ...t, productId: localId(t.productId, 'Product') }));
        return links.setTags(viewer, localId(args.noteId, 'Note'), tags, async (ids) => new Set((await publishedProducts(ctx, ids)).map((p) => p.id)));
      },
    },
  };
}
