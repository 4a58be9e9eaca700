// Resolvers of the personal tools: every field is about the signed-in
// viewer's own mutes and hidden notes (UNAUTHENTICATED otherwise).

import {
  CursorCodec, badInput, localId, pageSize, requireViewer, toGlobalId, type MeadowContext, type PluginContext, type Resolvers,
} from '../../../core/index.ts';
import { NotesServiceRef, type NoteRecord } from '../../notes/contracts.ts';
import { HiddenNotes } from './hidden.ts';
import { Mutes, type MutedWordRecord, type MuteWordInput } from './mutes.ts';

const byCtx = new WeakMap<object, { mutes: Mutes; hidden: HiddenNotes }>();

export function personalOf(ctx: PluginContext) {
  let parts = byCtx.get(ctx);
  if (!parts) byCtx.set(ctx, (parts = { mutes: new Mutes(ctx), hidden: new HiddenNotes(ctx) }));
  return parts;
}

export function personalResolvers(ctx: PluginContext): Resolvers {
  const { mutes, hidden } = personalOf(ctx);
  const codec = new CursorCodec(ctx.secret);
  const notes = () => ctx.services.get(NotesServiceRef);
  const LIST = 'hidden-notes';

  const afterRow = (after: string | null | undefined): number | null => {
    if (!after) return null;
    const raw = codec.decode<unknown>(after);
    if (!Array.isArray(raw) || raw[0] !== LIST || !Number.isSafeInteger(raw[1])) throw badInput('This cursor belongs to another list; start again from the first page');
    return raw[1] as number;
  };

  return {
    MutedWord: {
      id: (w: MutedWordRecord) => toGlobalId('MutedWord', w.id),
    },
    Note: {
      viewerHidden: (note: NoteRecord, _: unknown, gctx: MeadowContext) => {
        const viewer = gctx.viewer;
        if (!viewer) return false;
        return gctx.loaders
          .get<number, boolean>(`trust.hidden:${viewer.accountId}`, async (ids) => {
            const found = await hidden.hiddenAmong(viewer.accountId, ids);
            return ids.map((id) => found.has(id));
          })
          .load(note.id);
      },
    },
    Query: {
      mutedWords: (_: unknown, __: unknown, gctx: MeadowContext) => mutes.words(requireViewer(gctx).accountId),
      mutedTopics: (_: unknown, __: unknown, gctx: MeadowContext) => mutes.topics(requireViewer(gctx).accountId),
      hiddenNotes: async (_: unknown, args: { first?: number | null; after?: string | null }, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        const first = pageSize(args);
        const rows = await hidden.page(viewer.accountId, first + 1, afterRow(args.after));
        const page = rows.slice(0, first);
        const readable = await notes().listByIds(page.map((r) => r.noteId), viewer.accountId);
        const byId = new Map(readable.map((n) => [n.id, n]));
        const edges = page.flatMap((r) => {
          const node = byId.get(r.noteId);
          return node ? [{ cursor: codec.encode([LIST, r.id]), node, hiddenAt: r.createdAt }] : [];
        });
        // The last row read, even when its note is gone, so paging goes on from there.
        const last = page.at(-1);
        return {
          edges,
          pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: last ? codec.encode([LIST, last.id]) : null },
        };
      },
    },
    Mutation: {
      muteWord: (_: unknown, args: { input: MuteWordInput }, gctx: MeadowContext) => mutes.muteWord(requireViewer(gctx).accountId, args.input),
      unmuteWord: (_: unknown, args: { id: string }, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        return mutes.unmuteWord(viewer.accountId, localId(args.id, 'MutedWord'));
      },
      muteTopic: (_: unknown, args: { tag: string }, gctx: MeadowContext) => mutes.muteTopic(requireViewer(gctx).accountId, args.tag),
      unmuteTopic: (_: unknown, args: { tag: string }, gctx: MeadowContext) => mutes.unmuteTopic(requireViewer(gctx).accountId, args.tag),
      hideNote: async (_: unknown, args: { noteId: string }, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        const noteId = localId(args.noteId, 'Note');
        await hidden.hide(viewer.accountId, noteId);
        return notes().getById(noteId);
      },
      unhideNote: (_: unknown, args: { noteId: string }, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        return hidden.unhide(viewer.accountId, localId(args.noteId, 'Note'));
      },
    },
  };
}
