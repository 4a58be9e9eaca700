// The topics plugin: hashtags as topics (pages, following, trending, related),
// staff curation (feature, hide, merge synonyms) and vertical communities.
// It knows notes only through plugins/notes/contracts.ts: the notes events
// keep its link table current, the notes service resolves note objects, and
// the following-feed filter lets followed tags join the FOLLOWING feed.
// With the federation module, topics and communities are also Group actors
// (federation/): remote people follow and post to them.

import { NodeLookup, PLUGIN_API_VERSION, definePlugin, filter, isStaff, on, provide, type PluginContext } from '../../core/index.ts';
import { CommentCreated, CommentDeleted, FollowingFeedSources, NoteCollected, NoteDeleted, NoteLiked, NotePublished, NoteUncollected, NoteUpdated } from '../notes/contracts.ts';
import { TopicsServiceRef } from './contracts.ts';
import { communitiesOf } from './communities.ts';
import { topicsEntities } from './entities.ts';
import { topicsMigrations } from './migrations.ts';
import { topicsResolvers } from './resolvers.ts';
import { topicsTypeDefs } from './schema.ts';
import { seedDemoTopics } from './seed.ts';
import { topicsSettings } from './settings.ts';
import { storeOf } from './store.ts';
import { TREND_WEIGHTS } from './trending.ts';
import { bootstrapTopicsFederation, groupsOf, registerTopicsFederation, topicsFederationMigrations } from './federation/index.ts';

/** Links first, then the topic and community Groups announce (or take back) the note. */
async function noteChanged(ctx: PluginContext<any>, noteId: number): Promise<void> {
  await storeOf(ctx).syncNoteById(noteId);
  await groupsOf(ctx).syncAnnouncements(noteId);
}

export default definePlugin({
  name: 'topics',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Hashtag topics: topic pages, following, trending, related topics, curation and vertical communities',
  dependsOn: ['accounts', 'notes'],
  optionalDeps: ['federation'],
  settings: topicsSettings,
  entities: topicsEntities,
  migrations: [...topicsMigrations, ...topicsFederationMigrations],
  typeDefs: topicsTypeDefs,
  resolvers: topicsResolvers,
  provides: [provide(TopicsServiceRef, (ctx) => storeOf(ctx))],
  hooks: [
    // Each handler makes the links match the note as it is now (read back
    // through the notes service), so redelivered or reordered events end in
    // the same state.
    on(NotePublished, ({ note }, ctx) => noteChanged(ctx, note.id)),
    on(NoteUpdated, ({ note }, ctx) => noteChanged(ctx, note.id)),
    on(NoteDeleted, ({ noteId }, ctx) => noteChanged(ctx, noteId)),
    on(NoteLiked, ({ noteId, liked }, ctx) => storeOf(ctx).noteEngaged(noteId, liked ? TREND_WEIGHTS.like : 0)),
    on(NoteCollected, ({ noteId }, ctx) => storeOf(ctx).noteEngaged(noteId, TREND_WEIGHTS.collect)),
    // Taking engagement back lowers the note's hot score; what it added to trending decays anyway.
    on(NoteUncollected, ({ noteId }, ctx) => storeOf(ctx).noteEngaged(noteId, 0)),
    on(CommentDeleted, ({ noteId }, ctx) => storeOf(ctx).noteEngaged(noteId, 0)),
    on(CommentCreated, async ({ comment, noteVisibility, text }, ctx) => {
      const store = storeOf(ctx);
      await store.noteEngaged(comment.noteId, TREND_WEIGHTS.comment);
      if (noteVisibility === 'public') await store.commentTagged(comment.hashtags, text);
    }),
    filter(FollowingFeedSources, (sources, _context, ctx) => [
      ...sources,
      { name: 'topics.followed-tags', next: ({ viewerId, after, limit }) => storeOf(ctx).followedTagsFeed(viewerId, after, limit) },
    ]),
    filter(NodeLookup, async (found, { type, id, context }, ctx) => {
      if (found || (type !== 'Topic' && type !== 'Community')) return found;
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n <= 0) return null;
      if (type === 'Topic') {
        const topic = await storeOf(ctx).loader(context).load(n);
        return topic && (!topic.hidden || isStaff(context.viewer)) ? { ...topic, __typename: 'Topic' } : null;
      }
      const [community] = await communitiesOf(ctx).getByIds([n]);
      return community ? { ...community, __typename: 'Community' } : null;
    }),
  ],
  register: registerTopicsFederation,
  bootstrap: bootstrapTopicsFederation,
  seedDemo: seedDemoTopics,
});
