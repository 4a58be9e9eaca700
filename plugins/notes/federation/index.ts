// Notes over ActivityPub: set up from the notes plugin's bootstrap().
// Inbound (inbound.ts, importer.ts, quotes.ts): remote notes, comments,
// likes and shares stored through the notes service's remote write path;
// a remote note has NoteRecord.remote set (comments: CommentRecord.remote).
// Outbound (outbound.ts, objects.ts, extensions.ts, collections.ts): local
// notes and comments served as Note at /notes/{id} and
// /notes/{noteId}/comments/{commentId}, Create/Update/Delete, Like,
// Announce and their Undo sent from the notes events, the outbox, and
// Meadow's JSON-LD context at /ns/meadow.

import type { PluginContext } from '../../../core/index.ts';
import type { NotesSettings } from '../service/deps.ts';
import { setUpInbound } from './inbound.ts';
import { outboundHooks, setUpOutbound } from './outbound.ts';
import { collectionHooks } from './collections.ts';
import { meadowContextRoute } from './context-route.ts';

/** Event and filter hooks of notes federation (the plugin lists them in `hooks`). */
export const notesFederationHooks = [...outboundHooks, ...collectionHooks];
/** HTTP routes of notes federation (the plugin's `routes`). */
export const notesFederationRoutes = meadowContextRoute;

export function setUpNotesFederation(ctx: PluginContext<NotesSettings>): void {
  setUpInbound(ctx);
  setUpOutbound(ctx);
}
