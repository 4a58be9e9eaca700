// Resolvers of Comment and Board.

import { badInput, CursorCodec, pageSize, toConnection, toGlobalId, type PageArgs } from '../../../core/index.ts';
import type { BoardRecord, CommentRecord } from '../contracts.ts';
import type { Notes } from '../service/index.ts';
import { decodeId, viewerHas, type Ctx } from './common.ts';

export function commentAndBoardResolvers(notes: Notes) {
  const codec = new CursorCodec(notes.deps.ctx.secret);
  const accounts = () => notes.deps.accounts();

  /** The first replies of many comments in one query (the usual page shape). */
  const firstReplies = (gctx: Ctx, limit: number) =>
    gctx.loaders.get<number, CommentRecord[]>(`notes.replies:${limit}`, async (parentIds) => {
      const byParent = await notes.comments.firstReplies(parentIds, limit, gctx.viewer?.accountId ?? null);
      return parentIds.map((id) => byParent.get(id) ?? []);
    });

  return {
    Comment: {
      id: (c: CommentRecord) => toGlobalId('Comment', c.id),
      note: (c: CommentRecord, _: unknown, gctx: Ctx) => notes.reader.loader(gctx).load(c.noteId),
      author: (c: CommentRecord, _: unknown, gctx: Ctx) => accounts().loader(gctx).load(c.authorId),
      parent: (c: CommentRecord, _: unknown, gctx: Ctx) => (c.parentId ? gctx.loaders.get<number, CommentRecord>('notes.comments', (keys) => notes.comments.getByIds(keys)).load(c.parentId) : null),
      viewerHasLiked: (c: CommentRecord, _: unknown, gctx: Ctx) => viewerHas(notes, gctx, 'notes_comment_like', c.id),
      remoteUrl: (c: CommentRecord) => (c.remote ? (c.remote.url ?? c.remote.uri) : null),
      replies: async (c: CommentRecord, args: PageArgs, gctx: Ctx) => {
        const first = pageSize(args, 3);
        if (c.parentId !== null) return toConnection([], first, codec, () => 0);
        const after = decodeId(codec, args.after);
        const rows = after === null
          ? ((await firstReplies(gctx, first + 1).load(c.id)) ?? [])
          : await notes.comments.page(c.noteId, c.id, gctx.viewer?.accountId ?? null, first + 1, after);
        return toConnection(rows, first, codec, (r) => r.id);
      },
    },
    Board: {
      id: (b: BoardRecord) => toGlobalId('Board', b.id),
      owner: (b: BoardRecord, _: unknown, gctx: Ctx) => accounts().loader(gctx).load(b.ownerId),
      notes: async (b: BoardRecord, args: PageArgs, gctx: Ctx) => {
        const first = pageSize(args);
        const after = args.after ? codec.decode<[number, number]>(args.after) : null;
        if (after && !(Array.isArray(after) && after.length === 2 && after.every(Number.isFinite))) throw badInput('This cursor does not belong to this list');
        const items = await notes.boards.items(b.id, first + 1, after);
        const readable = new Map((await notes.reader.listByIds(items.map((i) => i.noteId), gctx.viewer?.accountId ?? null)).map((n) => [n.id, n]));
        const loader = notes.reader.loader(gctx);
        for (const n of readable.values()) loader.prime(n.id, n);
        const conn = toConnection(items, first, codec, (i) => [i.position, i.noteId]);
        return {
          pageInfo: conn.pageInfo,
          edges: conn.edges.filter((e) => readable.has(e.node.noteId)).map((e) => ({ cursor: e.cursor, node: readable.get(e.node.noteId), reason: null })),
        };
      },
    },
  };
}
