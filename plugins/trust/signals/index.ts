// The automatic signals as a part of the trust plugin: a hold before a note
// becomes public (note.review), evaluation of stored notes and comments,
// demotion in search and the discovery feed, and moderators' GraphQL.

import { filter, on, type HookSpec } from '../../../core/index.ts';
import { CommentCreated, FeedRank, NoteDeleted, NoteHeld, NotePublished, NoteReview, NoteUpdated } from '../../notes/contracts.ts';
import { SearchAdjustScore } from '../../search/contracts.ts';
import type { TrustModule } from '../modules.ts';
import { signalTypeDefs, signalResolvers } from './graphql.ts';
import { signalMigrations } from './migrations.ts';
import { processStored, reviewHolds, signalIndexOf } from './process.ts';
import { signalQueueOf } from './queue.ts';
import { demoteCandidates, demoteHits } from './ranking.ts';
import { authorOf, commentSubject, noteSubject, storedNoteSubject } from './subjects.ts';

export const signalHooks: HookSpec[] = [
  // Before a note is public: hold it for review when a signal is strong enough.
  filter(NoteReview, async (verdict, { author, draft, text, noteId }, ctx) => {
    const holds = await reviewHolds(ctx, noteSubject({ id: author.id, handle: author.handle, createdAt: author.createdAt ? new Date(author.createdAt).getTime() : null }, draft, text, noteId, Date.now()));
    return holds.length ? { holds: [...verdict.holds, ...holds] } : verdict;
  }),
  on(NotePublished, async ({ note, text }, ctx) => {
    await processStored(ctx, storedNoteSubject(await authorOf(ctx, note.authorId), note, text));
  }),
  // A held note waits for a moderator: when trust held it, it is queued whatever the scores.
  on(NoteHeld, async ({ note, text, holds }, ctx) => {
    await processStored(ctx, storedNoteSubject(await authorOf(ctx, note.authorId), note, text), holds.some((h) => h.plugin === 'trust'));
  }),
  on(NoteUpdated, async ({ note, text }, ctx) => {
    await processStored(ctx, { ...storedNoteSubject(await authorOf(ctx, note.authorId), note, text), at: new Date(note.editedAt ?? note.updatedAt).getTime() });
  }),
  on(CommentCreated, async ({ comment }, ctx) => {
    await processStored(ctx, commentSubject(await authorOf(ctx, comment.authorId), comment));
  }),
  // A deleted note is no longer something others copy or push with; its signals stay as history.
  on(NoteDeleted, async ({ noteId }, ctx) => {
    await signalIndexOf(ctx).remove('Note', noteId);
  }),
  filter(SearchAdjustScore, async (hits, _context, ctx) => {
    const settings = ctx.settings().signals;
    if (!settings.enabled || !hits.length) return hits;
    return demoteHits(hits, await signalQueueOf(ctx).demotions(hits.map((h) => h.noteId)), settings.demoteFactor);
  }),
  // After the rankers (priority 100) have ordered the feed.
  filter(FeedRank, async (candidates, _request, ctx) => {
    const settings = ctx.settings().signals;
    if (!settings.enabled || !candidates.length) return candidates;
    return demoteCandidates(candidates, await signalQueueOf(ctx).demotions(candidates.map((c) => c.noteId)), settings.demoteFactor);
  }, { priority: 200 }),
];

export const signalsModule: TrustModule = {
  name: 'signals',
  typeDefs: signalTypeDefs,
  resolvers: signalResolvers,
  hooks: signalHooks,
  migrations: signalMigrations,
};
