// The notes plugin: notes with images and structured blocks, drafts and
// scheduling, edits with history, likes, boards, comments, shares, views,
// and the profile, following and discovery feeds.

import { z } from 'zod';
import { AccountDeleted, definePlugin, filter, NodeLookup, on, PLUGIN_API_VERSION, provide } from '../../core/index.ts';
import { NotesServiceRef } from './contracts.ts';
import { notesMigrations } from './migrations.ts';
import { notesResolvers } from './resolvers/index.ts';
import { notesTypeDefs } from './schema.ts';
import { notesOf } from './service/index.ts';
import { removeAccountContent } from './service/account-cleanup.ts';
import type { NotesSettings } from './service/deps.ts';
import { seedDemoNotes } from './seed.ts';
import { notesFederationHooks, notesFederationRoutes, setUpNotesFederation } from './federation/index.ts';
import { notesNotificationHooks } from './notifications.ts';

const NODE_TYPES = ['Note', 'Comment', 'Board'] as const;

export default definePlugin<NotesSettings>({
  name: 'notes',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Notes with images and structured blocks, boards, comments and feeds',
  dependsOn: ['accounts', 'media', 'federation'],
  settings: z.object({ purgeAfterDays: z.number().int().min(0).max(365).default(30) }) as z.ZodType<NotesSettings>,
  migrations: notesMigrations,
  typeDefs: notesTypeDefs,
  resolvers: notesResolvers,
  provides: [provide(NotesServiceRef, (ctx) => notesOf(ctx).publicService())],
  hooks: [
    filter(NodeLookup, async (found, { type, id, context }, ctx) => {
      if (found || !(NODE_TYPES as readonly string[]).includes(type)) return found;
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n <= 0) return null;
      const notes = notesOf(ctx);
      const viewerId = context.viewer?.accountId ?? null;
      if (type === 'Note') {
        const note = await notes.reader.readable(await notes.reader.getById(n), viewerId, { includeOwnUnpublished: true });
        return note && { ...note, __typename: 'Note' };
      }
      if (type === 'Comment') {
        const comment = await notes.comments.requireReadable(n, viewerId).catch(() => null);
        return comment && { ...comment, __typename: 'Comment' };
      }
      const board = await notes.boards.requireVisible(n, viewerId).catch(() => null);
      return board && { ...board, __typename: 'Board' };
    }),
    ...notesFederationHooks,
    // Likes, comments, replies and mentions notify (core's notifications module).
    ...notesNotificationHooks,
    // A deleted account's notes, comments, likes and boards go with it.
    on(AccountDeleted, ({ accountId }, ctx) => removeAccountContent(notesOf(ctx).deps, accountId).then(() => {})),
  ],
  routes: notesFederationRoutes,
  jobs: [
    { name: 'publish', handler: (payload: { noteId: number }, ctx) => notesOf(ctx).writer.publishDue(payload.noteId) },
    { name: 'purge', handler: (payload: { noteId: number }, ctx) => notesOf(ctx).writer.purge(payload.noteId) },
  ],
  bootstrap: (ctx) => setUpNotesFederation(ctx),
  seedDemo: seedDemoNotes,
});
