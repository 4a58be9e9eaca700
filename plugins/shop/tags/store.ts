// Note ↔ product links: tags on a note's images (only the note's author
// places them) and product refs in the note's blocks (synced from the notes
// events). Notes are reached only through NotesService.

import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import { badInput, forbidden, notFound, timestampValue, toGlobalId, type PluginContext, type Viewer } from '../../../core/index.ts';
import { NotesServiceRef, type NoteBlock, type NoteRecord } from '../../notes/contracts.ts';
import { NoteProductsTagged, parseProductRef, type NoteProductTag, type PurchaseAttribution } from '../contracts.ts';
import { tagsSettings } from './settings.ts';

export interface TagInput {
  imageIndex: number;
  x: number;
  y: number;
  productId: number;
}

/** A stored tag: the image is known by media id; its index comes from the note as it is now. */
type StoredTag = Omit<NoteProductTag, 'imageIndex'>;

/** Our products a note's blocks refer to; none for a note from another instance (its refs name products there). */
export function localBlockProductIds(note: Pick<NoteRecord, 'blocks' | 'remote'>): number[] {
  return note.remote ? [] : blockProductIds(note.blocks);
}

/** Product ids blocks refer to ("product:<id>"), in order, without repeats; malformed refs are skipped. */
export function blockProductIds(blocks: readonly NoteBlock[]): number[] {
  const ids = blocks.flatMap((b) => (b.kind === 'tutorial' ? b.steps.map((s) => parseProductRef(s.productRef)) : []));
  return [...new Set(ids.filter((id): id is number => id !== null && Number.isInteger(id)))];
}

/** Tags with their image's current index; tags whose image left the note are dropped. */
export function placeTags(note: NoteRecord, tags: readonly StoredTag[]): NoteProductTag[] {
  const indexOf = new Map(note.images.map((img, i) => [img.mediaId, i]));
  return tags.flatMap((t) => (indexOf.has(t.mediaId) ? [{ ...t, imageIndex: indexOf.get(t.mediaId)! }] : []));
}

export class NoteProducts {
  private readonly ctx: PluginContext<any>;
  /** Batches lookups made in the same tick (e.g. rendering a page of notes), without caching across them. */
  private readonly tagBatch: DataLoader<number, StoredTag[]>;
  constructor(ctx: PluginContext<any>) {
    this.ctx = ctx;
    this.tagBatch = new DataLoader((ids) => this.readTags(ids), { cache: false, maxBatchSize: 500 });
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private notes() {
    return this.ctx.services.get(NotesServiceRef);
  }

  private async readTags(noteIds: readonly number[]): Promise<StoredTag[][]> {
    const rows = await this.db.selectFrom('shop_note_tags').select(['id', 'note_id', 'media_id', 'product_id', 'x', 'y'])
      .where('note_id', 'in', [...new Set(noteIds)]).orderBy('note_id').orderBy('position').execute();
    const byNote = new Map<number, StoredTag[]>();
    for (const r of rows) {
      const tag = { id: Number(r.id), noteId: Number(r.note_id), mediaId: Number(r.media_id), productId: Number(r.product_id), x: Number(r.x), y: Number(r.y) };
      (byNote.get(tag.noteId) ?? byNote.set(tag.noteId, []).get(tag.noteId)!).push(tag);
    }
    return noteIds.map((id) => byNote.get(id) ?? []);
  }

  /** The note's image tags, placed on its images as they are now. */
  async tagsOf(note: NoteRecord): Promise<NoteProductTag[]> {
    return placeTags(note, await this.tagBatch.load(note.id));
  }

  /** Products a note links, image tags first, then block refs; without repeats (whether published is the caller's check). */
  async linkedProductIds(note: NoteRecord): Promise<number[]> {
    const tagged = (await this.tagsOf(note)).map((t) => t.productId);
    return [...new Set([...tagged, ...localBlockProductIds(note)])];
  }

  /**
   * Replaces the product tags on a note's images. Only its author may;
   * someone who cannot read the note gets NOT_FOUND, anyone else FORBIDDEN.
   * `published` says which products may be tagged (they must be on sale).
   */
  async setTags(viewer: Viewer, noteId: number, input: readonly TagInput[], published: (ids: number[]) => Promise<Set<number>>): Promise<NoteRecord> {
    const notes = this.notes();
    const note = await notes.getById(noteId);
    if (!note || note.deletedAt || note.status === 'deleted') throw notFound('No such note');
    if (note.authorId !== viewer.accountId) {
      if (!(await notes.canRead(noteId, viewer.accountId))) throw notFound('No such note');
      throw forbidden('Only the note’s author can tag products on it');
    }
    const { maxTagsPerImage, maxTagsPerNote } = tagsSettings(this.ctx);
    if (input.length > maxTagsPerNote) throw badInput(`A note carries at most ${maxTagsPerNote} product tags`, { field: 'tags', max: maxTagsPerNote });
    const perImage = new Map<number, Set<number>>();
    for (const t of input) {
      if (!Number.isInteger(t.imageIndex) || t.imageIndex < 0 || t.imageIndex >= note.images.length) {
        throw badInput(note.images.length ? `imageIndex must be from 0 to ${note.images.length - 1} (the note has ${note.images.length} images)` : 'This note has no images to tag', { field: 'imageIndex' });
      }
      for (const [field, v] of [['x', t.x], ['y', t.y]] as const) {
        if (!Number.isFinite(v) || v < 0 || v > 1) throw badInput(`${field} is a fraction of the image's ${field === 'x' ? 'width' : 'height'}, from 0 to 1`, { field });
      }
      const onImage = perImage.get(t.imageIndex) ?? perImage.set(t.imageIndex, new Set()).get(t.imageIndex)!;
      if (onImage.has(t.productId)) throw badInput(`Image ${t.imageIndex} tags the same product twice`, { field: 'productId' });
      onImage.add(t.productId);
      if (onImage.size > maxTagsPerImage) throw badInput(`An image carries at most ${maxTagsPerImage} product tags`, { field: 'tags', max: maxTagsPerImage });
    }
    const ids = [...new Set(input.map((t) => t.productId))];
    const onSale = await published(ids);
    const missing = ids.find((id) => !onSale.has(id));
    if (missing !== undefined) throw badInput(`No product ${toGlobalId('Product', missing)} is on sale to tag`, { field: 'productId' });
    const now = timestampValue(this.ctx.db.dialect, new Date());
    await this.ctx.db.transaction(async (tx) => {
      await tx.db.deleteFrom('shop_note_tags').where('note_id', '=', noteId).execute();
      if (input.length) {
        await tx.db.insertInto('shop_note_tags').values(input.map((t, position) => ({
          note_id: noteId, media_id: note.images[t.imageIndex]!.mediaId, product_id: t.productId, x: t.x, y: t.y, position, created_at: now,
        }))).execute();
      }
      await this.ctx.hooks.emit(NoteProductsTagged, { noteId, authorId: note.authorId, productIds: ids }, tx);
    });
    return note;
  }

  /** Makes the stored block refs match the note as it is now (published: its refs; otherwise none). Idempotent. */
  async syncRefs(noteId: number): Promise<void> {
    const note = await this.notes().getById(noteId);
    const ids = note && note.status === 'published' && !note.deletedAt ? localBlockProductIds(note) : [];
    await this.ctx.db.transaction(async (tx) => {
      await tx.db.deleteFrom('shop_note_refs').where('note_id', '=', noteId).execute();
      if (ids.length) await tx.db.insertInto('shop_note_refs').values(ids.map((productId) => ({ note_id: noteId, product_id: productId }))).execute();
    });
  }

  /** Ids of notes that link the product (tags or blocks), newest first; the caller checks who may read them. */
  async noteIdsOf(productId: number, limit: number): Promise<number[]> {
    const db = this.db;
    const rows = await db.selectFrom('shop_note_tags').select('note_id').where('product_id', '=', productId)
      .union(db.selectFrom('shop_note_refs').select('note_id').where('product_id', '=', productId))
      .orderBy('note_id', 'desc').limit(limit).execute();
    return rows.map((r) => Number(r.note_id));
  }

  /** Whether `noteId` leads `buyerId` to the product (readable to them, and linking it), as an attribution record. */
  async attributionFor(input: { noteId: number; productId: number; buyerId: number }): Promise<PurchaseAttribution | null> {
    const notes = this.notes();
    const note = await notes.getById(input.noteId);
    if (!note || !(await notes.canRead(note.id, input.buyerId))) return null;
    const viaTag = (await this.tagsOf(note)).some((t) => t.productId === input.productId);
    const viaBlock = localBlockProductIds(note).includes(input.productId);
    if (!viaTag && !viaBlock) return null;
    return { noteId: note.id, creatorId: note.authorId, productId: input.productId, via: viaTag ? 'image-tag' : 'block', at: new Date() };
  }
}

const stores = new WeakMap<object, NoteProducts>();

export function noteProductsOf(ctx: PluginContext<any>): NoteProducts {
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = new NoteProducts(ctx)));
  return store;
}
