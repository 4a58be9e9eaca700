// The notes service: one object per plugin context, made of small parts.
// `publicService` is what other plugins get through NotesServiceRef.

import type { PluginContext, Viewer } from '../../../core/index.ts';
import { NoteRender, type NoteRecord, type NotesService, type RenderSection } from '../contracts.ts';
import { Feeds } from '../feed.ts';
import { renderBlocks } from '../render/html.ts';
import { Boards } from './boards.ts';
import { Comments } from './comments.ts';
import { makeDeps, type Deps, type NotesSettings } from './deps.ts';
import { Engagement } from './engagement.ts';
import { NoteReader } from './read.ts';
import { NoteWriter, noteText } from './write.ts';

export class Notes {
  readonly deps: Deps;
  readonly reader: NoteReader;
  readonly writer: NoteWriter;
  readonly engagement: Engagement;
  readonly comments: Comments;
  readonly boards: Boards;
  readonly feeds: Feeds;
  constructor(ctx: PluginContext<NotesSettings>) {
    this.deps = makeDeps(ctx);
    this.reader = new NoteReader(this.deps);
    this.writer = new NoteWriter(this.deps, this.reader);
    this.engagement = new Engagement(this.deps, this.reader);
    this.comments = new Comments(this.deps, this.reader, this.writer);
    this.boards = new Boards(this.deps, this.reader);
    this.feeds = new Feeds(this.deps, this.reader);
  }

  /** Body, blocks and the sections other plugins add through `note.render`. */
  async renderHtml(note: NoteRecord, viewer: Viewer | null): Promise<{ html: string; sections: RenderSection[] }> {
    const base = { html: note.bodyHtml + renderBlocks(note.blocks, note.language), sections: [] as RenderSection[] };
    return this.deps.ctx.hooks.applyFilter(NoteRender, base, { note, viewer });
  }

  publicService(): NotesService {
    return {
      getById: (id) => this.reader.getById(id),
      getByIds: (ids) => this.reader.getByIds(ids),
      loader: (gctx) => this.reader.loader(gctx),
      visibleTo: (ids, viewerId) => this.reader.visibleTo(ids, viewerId),
      canRead: (id, viewerId) => this.reader.canRead(id, viewerId),
      listByIds: (ids, viewerId) => this.reader.listByIds(ids, viewerId),
      renderHtml: async (note, viewer) => joinSections(await this.renderHtml(note, viewer), note.bodyHtml),
      plainText: (note) => noteText(note),
      getComment: (id) => this.comments.get(id),
      getBoard: (id) => this.boards.get(id),
      listPublishedIds: async ({ afterId = 0, limit }) => {
        const rows = await this.deps.ctx.db
          .kysely()
          .selectFrom('notes_note')
          .select('id')
          .where('status', '=', 'published')
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(Math.max(1, Math.min(limit, 1000)))
          .execute();
        return rows.map((r) => Number(r.id));
      },
    };
  }
}

/** Sections in place: before the body, between body and blocks (when the html still starts with the body), after the blocks. */
export function joinSections({ html, sections }: { html: string; sections: RenderSection[] }, bodyHtml = ''): string {
  const at = (p: RenderSection['position']) => sections.filter((s) => (s.position ?? 'after-blocks') === p).map((s) => s.html).join('');
  const split = bodyHtml && html.startsWith(bodyHtml) ? bodyHtml.length : html.length;
  return at('before-body') + html.slice(0, split) + at('after-body') + html.slice(split) + at('after-blocks');
}

const instances = new WeakMap<object, Notes>();
/** The plugin's Notes object for a context (one per instance). */
export function notesOf(ctx: PluginContext<NotesSettings>): Notes {
  let notes = instances.get(ctx);
  if (!notes) instances.set(ctx, (notes = new Notes(ctx)));
  return notes;
}
