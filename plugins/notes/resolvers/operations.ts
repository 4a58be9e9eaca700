// Queries and mutations. Every write goes through the service, which
// validates and answers bad input with BAD_USER_INPUT / NOT_FOUND / FORBIDDEN.

import { badInput, CursorCodec, localId, notFound, pageSize, requireViewer, toConnection, type AccountRecord, type PageArgs } from '../../../core/index.ts';
import type { BoardRecord, NoteRecord } from '../contracts.ts';
import { decodePosition } from '../feed.ts';
import type { Notes } from '../service/index.ts';
import type { NoteInput } from '../service/write.ts';
import { ids, type Ctx } from './common.ts';

/** GraphQL input → service input: global ids to numbers; blocks as given (zod checks them). */
function noteInput(input: Record<string, any>): NoteInput {
  const out: Record<string, any> = { ...input };
  if (input.videoId !== undefined) {
    out.videoMediaId = input.videoId === null ? null : localId(input.videoId, 'Media');
    delete out.videoId;
  }
  if (input.images) out.images = input.images.map((i: any) => ({ mediaId: localId(i.mediaId, 'Media'), alt: i.alt ?? null }));
  if (input.blocks) {
    out.blocks = input.blocks.map((b: any) => {
      const base = { kind: b.kind, title: b.title ?? null };
      if (b.kind === 'tutorial') return { ...base, steps: (b.steps ?? []).map((s: any) => ({ ...s, mediaIds: ids(s.mediaIds, 'Media') })) };
      if (b.kind === 'checklist') return { ...base, items: b.items ?? [] };
      if (b.kind === 'pitfalls') return { ...base, entries: b.entries ?? [] };
      throw badInput(`Unknown block kind "${String(b.kind).slice(0, 40)}": use tutorial, checklist or pitfalls`, { field: 'blocks' });
    });
  }
  for (const key of Object.keys(out)) if (out[key] === null && key !== 'placeRef' && key !== 'videoMediaId' && key !== 'contentWarning' && key !== 'disclosure' && key !== 'language' && key !== 'scheduledAt') delete out[key];
  return out as NoteInput;
}

export function operationResolvers(notes: Notes) {
  const codec = new CursorCodec(notes.deps.ctx.secret);
  const position = (n: NoteRecord) => ({ publishedAt: n.publishedAt!.getTime(), noteId: n.id });
  const noteId = (id: string) => localId(id, 'Note');
  const fresh = async (id: number) => (await notes.reader.getById(id))!;
  const freshComment = async (id: number) => (await notes.comments.get(id))!;
  const viewerId = (gctx: Ctx) => gctx.viewer?.accountId ?? null;

  return {
    Account: {
      notes: async (a: AccountRecord, args: PageArgs, gctx: Ctx) => {
        const first = pageSize(args);
        const page = await notes.feeds.byAuthor(a.id, viewerId(gctx), first, decodePosition(codec, args.after));
        const loader = notes.reader.loader(gctx);
        for (const n of page.notes) loader.prime(n.id, n);
        const conn = toConnection(page.notes, first, codec, position);
        return { ...conn, pageInfo: { ...conn.pageInfo, hasNextPage: page.hasNextPage } };
      },
      // Batched: a list of accounts with their boards costs one query.
      boards: (a: AccountRecord, _: unknown, gctx: Ctx) =>
        gctx.loaders.get<number, BoardRecord[]>(`notes.boardsOf:${viewerId(gctx)}`, (owners) => notes.boards.listOfMany(owners, viewerId(gctx))).load(a.id),
    },
    Query: {
      // null (not an error) for notes that do not exist or that the viewer may not read.
      note: async (_: unknown, args: { id: string }, gctx: Ctx) =>
        notes.reader.readable(await notes.reader.getById(noteId(args.id)), viewerId(gctx), { includeOwnUnpublished: true }),
      followingFeed: async (_: unknown, args: PageArgs, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const first = pageSize(args);
        const page = await notes.feeds.following(viewer, first, decodePosition(codec, args.after));
        const loader = notes.reader.loader(gctx);
        for (const { note } of page.items) loader.prime(note.id, note);
        const edges = page.items.map(({ note, reason }) => ({ cursor: codec.encode(position(note)), node: note, reason }));
        return { edges, pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
      },
      discoverFeed: (_: unknown, args: { first?: number; exclude?: string[] }, gctx: Ctx) =>
        notes.feeds.discover(gctx.viewer, pageSize(args), ids(args.exclude, 'Note').slice(0, 500)),
      myDrafts: (_: unknown, args: { first?: number }, gctx: Ctx) => notes.feeds.unpublished(requireViewer(gctx).accountId, pageSize(args)),
      board: async (_: unknown, args: { id: string }, gctx: Ctx) => {
        const board = await notes.boards.get(localId(args.id, 'Board'));
        return board && (board.visibility === 'public' || board.ownerId === viewerId(gctx)) ? board : null;
      },
    },
    Mutation: {
      createNote: (_: unknown, { input }: { input: Record<string, any> }, gctx: Ctx) => notes.writer.create(requireViewer(gctx), noteInput(input)),
      updateNote: (_: unknown, { id, input }: { id: string; input: Record<string, any> }, gctx: Ctx) => notes.writer.update(requireViewer(gctx), noteId(id), noteInput(input)),
      publishNote: (_: unknown, args: { id: string; scheduledAt?: Date | null }, gctx: Ctx) => notes.writer.publish(requireViewer(gctx), noteId(args.id), args.scheduledAt),
      deleteNote: async (_: unknown, { id }: { id: string }, gctx: Ctx) => {
        await notes.writer.delete(requireViewer(gctx), noteId(id));
        return true;
      },
      likeNote: async (_: unknown, { id }: { id: string }, gctx: Ctx) => (await notes.engagement.like(requireViewer(gctx), noteId(id)), fresh(noteId(id))),
      unlikeNote: async (_: unknown, { id }: { id: string }, gctx: Ctx) => (await notes.engagement.unlike(requireViewer(gctx), noteId(id)), fresh(noteId(id))),
      shareNote: async (_: unknown, { id }: { id: string }, gctx: Ctx) => (await notes.engagement.share(requireViewer(gctx), noteId(id)), fresh(noteId(id))),
      unshareNote: async (_: unknown, { id }: { id: string }, gctx: Ctx) => (await notes.engagement.unshare(requireViewer(gctx), noteId(id)), fresh(noteId(id))),
      viewNote: async (_: unknown, { id }: { id: string }, gctx: Ctx) => (await notes.engagement.view(gctx.viewer, noteId(id)), fresh(noteId(id))),
      addComment: (_: unknown, args: { noteId: string; body: string; replyTo?: string | null }, gctx: Ctx) =>
        notes.comments.create(requireViewer(gctx), noteId(args.noteId), args.body, args.replyTo ? localId(args.replyTo, 'Comment') : null),
      deleteComment: async (_: unknown, { id }: { id: string }, gctx: Ctx) => {
        await notes.comments.delete(requireViewer(gctx), localId(id, 'Comment'));
        return true;
      },
      likeComment: async (_: unknown, { id }: { id: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const cid = localId(id, 'Comment');
        await notes.engagement.likeComment(viewer, cid, true, (c) => notes.comments.requireReadable(c, viewer.accountId));
        return freshComment(cid);
      },
      unlikeComment: async (_: unknown, { id }: { id: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const cid = localId(id, 'Comment');
        await notes.engagement.likeComment(viewer, cid, false, (c) => notes.comments.requireReadable(c, viewer.accountId));
        return freshComment(cid);
      },
      createBoard: (_: unknown, { input }: { input: Record<string, unknown> }, gctx: Ctx) => notes.boards.create(requireViewer(gctx), input),
      updateBoard: (_: unknown, { id, input }: { id: string; input: Record<string, unknown> }, gctx: Ctx) => notes.boards.update(requireViewer(gctx), localId(id, 'Board'), input),
      deleteBoard: async (_: unknown, { id }: { id: string }, gctx: Ctx) => {
        await notes.boards.delete(requireViewer(gctx), localId(id, 'Board'));
        return true;
      },
      collectNote: async (_: unknown, args: { noteId: string; boardId: string }, gctx: Ctx) => {
        const boardId = localId(args.boardId, 'Board');
        await notes.boards.collect(requireViewer(gctx), noteId(args.noteId), boardId);
        return notes.boards.get(boardId);
      },
      uncollectNote: async (_: unknown, args: { noteId: string; boardId: string }, gctx: Ctx) => {
        const boardId = localId(args.boardId, 'Board');
        await notes.boards.uncollect(requireViewer(gctx), noteId(args.noteId), boardId);
        return notes.boards.get(boardId);
      },
      reorderBoard: async (_: unknown, args: { id: string; noteIds: string[] }, gctx: Ctx) => {
        const boardId = localId(args.id, 'Board');
        await notes.boards.reorder(requireViewer(gctx), boardId, ids(args.noteIds, 'Note'));
        const board = await notes.boards.get(boardId);
        if (!board) throw notFound('The board');
        return board;
      },
    },
  };
}
