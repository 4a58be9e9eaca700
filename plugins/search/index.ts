// The search plugin: a bilingual full-text index of notes (SQLite FTS5 or
// PostgreSQL tsvector behind one interface), query understanding with a
// lifestyle lexicon, ranked answers with sections and reasons, helpers
// (autocomplete, history, trending) and the personal discovery feed through
// notes' feed.candidates / feed.rank hooks, and — when the web plugin is
// on — the /search and /for-you pages (web/). It knows notes, topics and
// web only through their contracts.ts.

import { AccountCreated, PLUGIN_API_VERSION, ProfileUpdated, definePlugin, filter, on, provide } from '../../core/index.ts';
import {
  CommentCreated, CommentDeleted, FeedCandidates, FeedRank, NoteCollected, NoteDeleted, NoteLiked, NotePublished, NoteUncollected, NoteUpdated,
} from '../notes/contracts.ts';
import { SearchServiceRef } from './contracts.ts';
import { addFeedCandidates, rankFeed } from './feed.ts';
import { behaviourOf } from './behaviour.ts';
import { indexerOf } from './indexer.ts';
import { semanticOf } from './semantic.ts';
import { searchMigrations } from './migrations.ts';
import { searchResolvers } from './resolvers.ts';
import { searchTypeDefs } from './schema.ts';
import { indexPerson } from './people.ts';
import { personalOf } from './personal.ts';
import { searchServiceOf } from './service.ts';
import { reindexCommand } from './cli/reindex.ts';
import { searchSettings, type SearchSettings } from './settings.ts';
import { mountSearchAssets, searchWebHooks } from './web/index.ts';

/** Tags of an indexed note as stored ("#露营"), for learning affinities. */
async function tagsOfNote(ctx: any, noteId: number): Promise<string[]> {
  const row = await ctx.db.kysely().selectFrom('search_docs').select('tag_terms').where('note_id', '=', noteId).executeTakeFirst();
  return row ? [...new Set((row.tag_terms as string).split(' ').filter((t) => t.startsWith('#')))] : [];
}

export default definePlugin<SearchSettings>({
  name: 'search',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Search and discovery: bilingual full-text index, query understanding, ranked answers, personal discovery feed',
  dependsOn: ['accounts', 'notes'],
  optionalDeps: ['topics', 'federation', 'web'],
  settings: searchSettings as any,
  migrations: searchMigrations,
  typeDefs: searchTypeDefs,
  resolvers: searchResolvers,
  provides: [provide(SearchServiceRef, (ctx) => searchServiceOf(ctx))],
  hooks: [
    // Durable: the index must not miss a publish, edit or delete.
    on(NotePublished, async ({ note }, ctx) => void (await indexerOf(ctx).syncNotes([note.id]))),
    on(NoteUpdated, async ({ note }, ctx) => void (await indexerOf(ctx).syncNotes([note.id]))),
    on(NoteDeleted, ({ noteId }, ctx) => indexerOf(ctx).syncNotes([noteId])),
    // Engagement: counters for ranking, affinities for personalization.
    on(NoteLiked, async ({ noteId, accountId, liked }, ctx) => {
      await indexerOf(ctx).refreshCounts(noteId);
      await personalOf(ctx).learn(accountId, await tagsOfNote(ctx, noteId), 'like', liked ? 1 : -1);
    }),
    on(NoteCollected, async ({ noteId, accountId }, ctx) => {
      await indexerOf(ctx).refreshCounts(noteId);
      await personalOf(ctx).learn(accountId, await tagsOfNote(ctx, noteId), 'collect');
      if (await personalOf(ctx).personalizationOn(accountId)) await behaviourOf(ctx).recordCollect(accountId, noteId);
    }),
    on(NoteUncollected, async ({ noteId, accountId }, ctx) => {
      await indexerOf(ctx).refreshCounts(noteId);
      await personalOf(ctx).learn(accountId, await tagsOfNote(ctx, noteId), 'collect', -1);
    }),
    on(CommentCreated, async ({ comment }, ctx) => {
      await indexerOf(ctx).refreshCounts(comment.noteId);
      await personalOf(ctx).learn(comment.authorId, await tagsOfNote(ctx, comment.noteId), 'comment');
    }),
    on(CommentDeleted, ({ noteId }, ctx) => indexerOf(ctx).refreshCounts(noteId)),
    // The discovery feed (发现): candidates and ranking through notes' hooks.
    filter(FeedCandidates, (candidates, request, ctx) => addFeedCandidates(ctx, candidates, request)),
    filter(FeedRank, (candidates, request, ctx) => rankFeed(ctx, candidates, request)),
    on(AccountCreated, ({ account }, ctx) => indexPerson(ctx, account)),
    on(ProfileUpdated, ({ account }, ctx) => indexPerson(ctx, account)),
    // The search page, "For you" and navigation of the web site (plugins/search/web).
    ...searchWebHooks,
  ],
  routes: (app, ctx) => mountSearchAssets(app, ctx),
  cli: [reindexCommand],
  jobs: [
    // Vectors of indexed notes for the semantic option (retried if the provider is down).
    { name: 'embed', maxAttempts: 5, handler: async (payload: { noteIds: number[] }, ctx) => void (await semanticOf(ctx).embedNotes(payload.noteIds)) },
    // `meadow search reindex` calls the same function; the job lets an admin run it in the background.
    { name: 'reindex', handler: async (_payload, ctx) => void (await searchServiceOf(ctx).reindex((done, total) => ctx.log.info({ done, total }, 'search reindex'))) },
  ],
});
