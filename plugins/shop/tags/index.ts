// The tags module: the seed's note ↔ product link. Product tags on a note's
// images, "product:<id>" refs in its blocks, a product card under the note
// (note.render), Note.products and Product.notes. Notes know nothing of it:
// everything hangs on the notes plugin's contracts (filters and events).

import { badInput, filter, on, type Viewer } from '../../../core/index.ts';
import { NoteDeleted, NotePublished, NoteRender, NoteUpdated, NoteValidate, NotesServiceRef } from '../../notes/contracts.ts';
import { parseProductRef } from '../contracts.ts';
import { catalogueOf, mayManage } from '../catalogue/index.ts';
import type { ShopModule } from '../module.ts';
import { productCards } from './card.ts';
import { tagsMigrations } from './migrations.ts';
import { tagsResolvers } from './resolvers.ts';
import { tagsTypeDefs } from './schema.ts';
import { seedDemoTags } from './seed.ts';
import { tagsSettingsShape } from './settings.ts';
import { blockProductIds, noteProductsOf } from './store.ts';

export { noteProductsOf } from './store.ts';

export const tagsModule: ShopModule = {
  name: 'tags',
  migrations: tagsMigrations,
  settings: tagsSettingsShape,
  typeDefs: tagsTypeDefs,
  resolvers: tagsResolvers,
  seedDemo: seedDemoTags,
  hooks: [
    // "product:<id>" refs in a note's blocks must name a product on sale (or one of the author's own shop).
    // Refs the note already had stay allowed, so taking a product down never blocks editing the note.
    filter(NoteValidate, async (draft, { author, noteId }, ctx) => {
      const refs = draft.blocks.flatMap((b) => (b.kind === 'tutorial' ? b.steps.map((s) => s.productRef) : []));
      const malformed = refs.find((r) => Number.isNaN(parseProductRef(r)));
      if (malformed) throw badInput(`"${malformed.slice(0, 60)}" is not a product reference; they look like product:42`, { field: 'blocks' });
      const ids = blockProductIds(draft.blocks);
      if (!ids.length) return draft;
      const before = noteId ? await ctx.services.get(NotesServiceRef).getById(noteId) : null;
      const known = new Set(before ? blockProductIds(before.blocks) : []);
      const fresh = ids.filter((id) => !known.has(id));
      const { products, shops } = catalogueOf(ctx);
      const found = await products.getByIds(fresh);
      const authorAsViewer: Viewer = { accountId: author.id, handle: author.handle, role: author.role as Viewer['role'], sessionId: null };
      for (const [i, product] of found.entries()) {
        const usable = product && (product.status === 'published' || mayManage((await shops.getById(product.shopId))!, authorAsViewer));
        if (!usable) throw badInput(`"product:${fresh[i]}" names no product on sale`, { field: 'blocks' });
      }
      return draft;
    }),
    // A product card per linked product on sale, under the note.
    filter(NoteRender, async (value, { note }, ctx) => {
      const ids = await noteProductsOf(ctx).linkedProductIds(note);
      if (!ids.length) return value;
      const cards = await productCards(ctx, ids, note.language, note.id);
      return cards.length ? { ...value, sections: [...value.sections, ...cards] } : value;
    }),
    // Block refs follow the note as it is now (read back), so redelivered or reordered events end the same.
    on(NotePublished, ({ note }, ctx) => noteProductsOf(ctx).syncRefs(note.id)),
    on(NoteUpdated, ({ note }, ctx) => noteProductsOf(ctx).syncRefs(note.id)),
    on(NoteDeleted, ({ noteId }, ctx) => noteProductsOf(ctx).syncRefs(noteId)),
  ],
};
