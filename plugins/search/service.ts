// The search service: the engine's ranked list filtered to what the viewer
// may read (blocks, mutes, deletions that the index has not seen yet), with
// the viewer's affinities when they leave personalization on.

import { AccountsServiceRef, type PluginContext } from '../../core/index.ts';
import { FeedForViewer, NotesServiceRef } from '../notes/contracts.ts';
import type { SearchOutcome, SearchService } from './contracts.ts';
import { resolveContext } from './context.ts';
import { engineOf } from './engine.ts';
import type { SearchSettings } from './settings.ts';
import { indexerOf } from './indexer.ts';
import { findPeople, findTopics } from './people-topics.ts';
import { personalOf } from './personal.ts';

/** The hits the viewer may read and has not filtered out themselves (muted words and topics, hidden notes: `feed.for-viewer`). */
async function readableFor(ctx: PluginContext, ids: number[], viewerId: number | null | undefined): Promise<Set<number>> {
  let notes = await ctx.services.get(NotesServiceRef).listByIds(ids, viewerId ?? null);
  // A note whose reach a moderator limited is found only by its author and their followers.
  if (notes.some((n) => n.moderation.reachLimited && n.authorId !== viewerId)) {
    const following = new Set(viewerId == null ? [] : await ctx.services.get(AccountsServiceRef).followingIds(viewerId));
    notes = notes.filter((n) => !n.moderation.reachLimited || n.authorId === viewerId || following.has(n.authorId));
  }
  if (viewerId == null) return new Set(notes.map((n) => n.id));
  const others = notes.filter((n) => n.authorId !== viewerId);
  const kept = others.length ? await ctx.hooks.applyFilter(FeedForViewer, others, { viewerId, surface: 'search' }) : [];
  return new Set([...notes.filter((n) => n.authorId === viewerId), ...kept].map((n) => n.id));
}

export function searchServiceOf(ctx: PluginContext): SearchService {
  return {
    async search(query, { viewerId, first, offset = 0, context, sort }): Promise<SearchOutcome> {
      const engine = engineOf(ctx);
      const resolved = await resolveContext(ctx as PluginContext<SearchSettings>, viewerId, context, engine.clock());
      const affinities = viewerId ? await personalOf(ctx).affinitiesFor(viewerId) : undefined;
      // Ask for a little more than the page: some hits may be unreadable for this viewer.
      const outcome = await engine.run(query, { first: first + 10, offset, viewerId, affinities, context: resolved, sort });
      const ids = outcome.hits.map((h) => h.noteId);
      const visible = ids.length ? await readableFor(ctx, ids, viewerId) : new Set<number>();
      return {
        intents: outcome.intents,
        slots: outcome.slots,
        sections: outcome.sections.map((s) => ({ ...s, noteIds: s.noteIds.filter((id) => visible.has(id)) })).filter((s) => s.noteIds.length),
        hits: outcome.hits.filter((h) => visible.has(h.noteId)).slice(0, first),
        total: outcome.total,
        context: outcome.context,
        people: offset === 0 ? await findPeople(ctx, outcome.plan, viewerId, 5) : [],
        topics: offset === 0 ? await findTopics(ctx, outcome.plan, 5) : [],
      };
    },
    reindex: async (progress) => {
      const result = await indexerOf(ctx).reindex(progress);
      engineOf(ctx).invalidate();
      return result;
    },
  };
}
