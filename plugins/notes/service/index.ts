// The notes service: one object per plugin context, made of small parts.
// `publicService` is what other plugins get through NotesServiceRef.

import { notFound, type MediaRecord, type PluginContext, type Viewer } from '../../../core/index.ts';
import { NoteRender, type NoteRecord, type NotesService, type RenderSection } from '../contracts.ts';
import { Feeds } from '../feed.ts';
import { renderBlocks, renderVideo } from '../render/html.ts';
import { Boards } from './boards.ts';
import { Comments } from './comments.ts';
import { makeDeps, type Deps, type NotesSettings } from './deps.ts';
import { Engagement } from './engagement.ts';
import { NoteModerationService } from './moderation.ts';
import { NoteReader } from './read.ts';
import { RemoteNotes } from './remote.ts';
import { NoteWriter, noteText } from './write.ts';

export class Notes {
  readonly deps: Deps;
  readonly reader: NoteReader;
  readonly writer: NoteWriter;
  readonly engagement: Engagement;
  readonly comments: Comments;
  readonly boards: Boards;
  readonly feeds: Feeds;
  /** Notes and comments from other instances (federation). */
  readonly remote: RemoteNotes;
  readonly moderation: NoteModerationService;
  constructor(ctx: PluginContext<NotesSettings>) {
    this.deps = makeDeps(ctx);
    this.reader = new NoteReader(this.deps);
    this.writer = new NoteWriter(this.deps, this.reader);
    this.engagement = new Engagement(this.deps, this.reader);
    this.moderation = new NoteModerationService(this.deps, this.reader);
    this.comments = new Comments(this.deps, this.reader, this.writer, this.moderation);
    this.boards = new Boards(this.deps, this.reader);
    this.feeds = new Feeds(this.deps, this.reader);
    this.remote = new RemoteNotes(this.deps, this.reader);
  }

  /** Body, blocks and the sections other plugins add through `note.render`; the video (if any) leads. */
  async renderHtml(note: NoteRecord, viewer: Viewer | null, videos?: Map<number, MediaRecord>): Promise<Rendered> {
    const base = { html: note.bodyHtml + renderBlocks(note.blocks, note.language), sections: [] as RenderSection[] };
    const rendered = await this.deps.ctx.hooks.applyFilter(NoteRender, base, { note, viewer });
    const media = note.videoMediaId ? (videos ?? (await this.videosOf([note]))) : null;
    const video = note.videoMediaId ? media?.get(note.videoMediaId) : undefined;
    const poster = video?.posterMediaId ? (media?.get(video.posterMediaId) ?? null) : null;
    const urlOf = (m: MediaRecord, variant?: 'medium') => this.deps.media().urlOf(m, variant);
    return { ...rendered, lead: video ? renderVideo(video, poster, urlOf) : '' };
  }

  /** Renders a list of notes; their videos and posters are read in two queries. */
  async renderHtmlMany(list: readonly NoteRecord[], viewer: Viewer | null): Promise<Rendered[]> {
    const videos = await this.videosOf(list);
    return Promise.all(list.map((n) => this.renderHtml(n, viewer, videos)));
  }

  /** The notes' videos and their posters, by media id. */
  private async videosOf(list: readonly NoteRecord[]): Promise<Map<number, MediaRecord>> {
    const out = new Map<number, MediaRecord>();
    const ids = [...new Set(list.map((n) => n.videoMediaId).filter((id): id is number => id != null))];
    if (!ids.length) return out;
    const media = this.deps.media();
    for (const v of await media.getByIds(ids)) if (v) out.set(v.id, v);
    const posters = [...out.values()].map((v) => v.posterMediaId).filter((id): id is number => id != null);
    if (posters.length) for (const p of await media.getByIds(posters)) if (p) out.set(p.id, p);
    return out;
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
      viewedAmong: async (accountId, noteIds) => {
        const out = new Map<number, number>();
        for (let i = 0; i < noteIds.length; i += 500) {
          const rows = await this.deps.ctx.db.kysely().selectFrom('notes_view').select(['note_id', 'created_at'])
            .where('account_id', '=', accountId).where('note_id', 'in', noteIds.slice(i, i + 500)).execute();
          for (const r of rows) out.set(Number(r.note_id), Number(r.created_at));
        }
        return out;
      },
      moderate: (id, patch) => this.moderation.moderate(id, patch),
      removeNote: (id) => this.moderation.removeNote(id),
      restoreNote: (id) => this.moderation.restoreNote(id),
      removeComment: (id) => this.moderation.removeComment(id),
      restoreComment: (id) => this.moderation.restoreComment(id),
      commentRefusal: async (noteId, accountId) => {
        const note = await this.reader.getById(noteId);
        if (!note) throw notFound('The note');
        return this.moderation.commentRefusal(note, accountId);
      },
    };
  }
}

export interface Rendered {
  html: string;
  sections: RenderSection[];
  /** The note's own media before everything else (its video). */
  lead?: string;
}

/** The video first, then sections in place: before the body, between body and blocks (when the html still starts with the body), after the blocks. */
export function joinSections({ html, sections, lead = '' }: Rendered, bodyHtml = ''): string {
  const at = (p: RenderSection['position']) => sections.filter((s) => (s.position ?? 'after-blocks') === p).map((s) => s.html).join('');
  const split = bodyHtml && html.startsWith(bodyHtml) ? bodyHtml.length : html.length;
  return lead + at('before-body') + html.slice(0, split) + at('after-body') + html.slice(split) + at('after-blocks');
}

const instances = new WeakMap<object, Notes>();
/** The plugin's Notes object for a context (one per instance). */
export function notesOf(ctx: PluginContext<NotesSettings>): Notes {
  let notes = instances.get(ctx);
  if (!notes) instances.set(ctx, (notes = new Notes(ctx)));
  return notes;
}
