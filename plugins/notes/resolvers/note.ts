// Resolvers of Note and its parts. Authors and images resolve through the
// accounts and media loaders, so a page of notes costs one query per level.

import { CursorCodec, isStaff, pageSize, toConnection, toGlobalId, type MediaRecord, type PageArgs } from '../../../core/index.ts';
import type { NoteBlock, NoteImage, NoteMention, NoteRecord } from '../contracts.ts';
import { joinSections, type Notes, type Rendered } from '../service/index.ts';
import { decodeId, viewerHas, type Ctx } from './common.ts';

export function noteTypeResolvers(notes: Notes) {
  const codec = new CursorCodec(notes.deps.ctx.secret);
  const media = () => notes.deps.media();
  const accounts = () => notes.deps.accounts();

  const image = (note: NoteRecord, img: NoteImage, index: number, gctx: Ctx) => {
    const isCover = index === note.coverIndex;
    // A remote note's image is shown from its own instance (nothing stored here).
    if (img.remote) {
      const r = img.remote;
      return Promise.resolve({ media: null, url: r.url, width: r.width, height: r.height, blurhash: r.blurhash, remote: true, alt: img.alt ?? '', isCover });
    }
    return media().loader(gctx).load(img.mediaId).then((m: MediaRecord | null) =>
      m ? { media: m, url: media().urlOf(m, 'original'), width: m.width, height: m.height, blurhash: m.blurhash, remote: false, alt: img.alt ?? m.alt, isCover } : null);
  };

  /** The rendered note, computed once per note per request. */
  const rendered = (note: NoteRecord, gctx: Ctx) =>
    gctx.loaders.get<NoteRecord, Rendered>('notes.rendered', (list) => notes.renderHtmlMany(list, gctx.viewer)).load(note);

  /** A video note's cover is its video's poster (with the video's alt text). */
  const videoCover = async (videoId: number, gctx: Ctx) => {
    const video = await media().loader(gctx).load(videoId);
    const poster = video?.posterMediaId ? await media().loader(gctx).load(video.posterMediaId) : null;
    return poster
      ? { media: poster, url: media().urlOf(poster, 'original'), width: poster.width, height: poster.height, blurhash: poster.blurhash, remote: false, alt: video!.alt || poster.alt, isCover: true }
      : null;
  };

  return {
    Note: {
      id: (n: NoteRecord) => toGlobalId('Note', n.id),
      sensitive: (n: NoteRecord) => n.moderation.sensitive || !!n.contentWarning,
      moderation: (n: NoteRecord, _: unknown, gctx: Ctx) => (gctx.viewer && (gctx.viewer.accountId === n.authorId || isStaff(gctx.viewer)) ? n.moderation : null),
      viewerCanComment: async (n: NoteRecord, _: unknown, gctx: Ctx) =>
        gctx.viewer != null && n.status === 'published' && (await notes.moderation.commentRefusal(n, gctx.viewer.accountId)) === null,
      author: (n: NoteRecord, _: unknown, gctx: Ctx) => accounts().loader(gctx).load(n.authorId),
      images: async (n: NoteRecord, _: unknown, gctx: Ctx) => (await Promise.all(n.images.map((img, i) => image(n, img, i, gctx)))).filter(Boolean),
      video: (n: NoteRecord, _: unknown, gctx: Ctx) => (n.videoMediaId ? media().loader(gctx).load(n.videoMediaId) : null),
      cover: (n: NoteRecord, _: unknown, gctx: Ctx) => n.videoMediaId ? videoCover(n.videoMediaId, gctx) : (n.images[n.coverIndex] ? image(n, n.images[n.coverIndex]!, n.coverIndex, gctx) : null),
      html: async (n: NoteRecord, _: unknown, gctx: Ctx) => joinSections((await rendered(n, gctx))!, n.bodyHtml),
      sections: async (n: NoteRecord, _: unknown, gctx: Ctx) => (await rendered(n, gctx))!.sections.map((s) => ({ ...s, position: s.position ?? 'after-blocks' })),
      mentions: (n: NoteRecord) => n.mentions,
      remoteUrl: (n: NoteRecord) => (n.remote ? (n.remote.url ?? n.remote.uri) : null),
      quote: async (n: NoteRecord, _: unknown, gctx: Ctx) => {
        if (!n.quote?.noteId) return null;
        const quoted = await notes.reader.loader(gctx).load(n.quote.noteId);
        return notes.reader.readable(quoted, gctx.viewer?.accountId ?? null);
      },
      quoteUrl: (n: NoteRecord) => n.quote?.uri ?? null,
      viewerHasLiked: (n: NoteRecord, _: unknown, gctx: Ctx) => viewerHas(notes, gctx, 'notes_like', n.id),
      viewerHasShared: (n: NoteRecord, _: unknown, gctx: Ctx) => viewerHas(notes, gctx, 'notes_share', n.id),
      comments: async (n: NoteRecord, args: PageArgs, gctx: Ctx) => {
        const first = pageSize(args);
        const after = decodeId(codec, args.after);
        const rows = await notes.comments.page(n.id, null, gctx.viewer?.accountId ?? null, first + 1, after);
        return toConnection(rows, first, codec, (c) => c.id);
      },
      revisions: (n: NoteRecord, _: unknown, gctx: Ctx) => {
        if (gctx.viewer?.accountId !== n.authorId) return [];
        return gctx.loaders.get<number, { title: string; body: string; visibility: string; createdAt: Date }[]>('notes.revisions', async (noteIds) => {
          const rows = await notes.deps.db().selectFrom('notes_revision').select(['note_id', 'title', 'body', 'visibility', 'created_at'])
            .where('note_id', 'in', [...noteIds]).orderBy('id', 'desc').execute();
          return noteIds.map((id) => rows.filter((r) => Number(r.note_id) === id).slice(0, 50)
            .map((r) => ({ title: r.title, body: r.body, visibility: r.visibility, createdAt: new Date(Number(r.created_at)) })));
        }).load(n.id);
      },
    },
    NoteMention: {
      account: (m: NoteMention, _: unknown, gctx: Ctx) => (m.accountId ? accounts().loader(gctx).load(m.accountId) : null),
    },
    NoteBlock: {
      __resolveType: (b: NoteBlock) => ({ tutorial: 'TutorialBlock', checklist: 'ChecklistBlock', pitfalls: 'PitfallBlock' })[b.kind],
    },
    TutorialStep: {
      images: async (s: { mediaIds: number[] }, _: unknown, gctx: Ctx) => (await media().loader(gctx).loadMany(s.mediaIds)).filter((m) => m && !(m instanceof Error)),
    },
  };
}
