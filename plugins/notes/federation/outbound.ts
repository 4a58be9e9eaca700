// Activities out: what local accounts do to notes and comments, sent to
// the remote accounts that should hear of it. Remote content is never
// sent again (its own instance did that); private notes never leave.
//
//   note.published  → Create(Note)        to the author's remote followers and mentioned remote accounts
//   note.updated    → Update(Note)        (Create when it stops being private, Delete when it becomes private)
//   note.deleted    → Delete(Tombstone)
//   note.liked      → Like / Undo(Like)   to the author of a remote note
//   note.shared     → Announce            to the sharer's followers and the note's remote author
//   note.unshared   → Undo(Announce)
//   comment.created → Create(Note inReplyTo) to the note's remote author, the commenter's followers (public and unlisted notes) and mentioned accounts
//   comment.deleted → Delete(Tombstone)
//
// One sendActivity per activity with every recipient in one list, so an
// instance with many followers gets one request at its shared inbox.

import type { Context } from '@fedify/fedify';
import { Announce, Create, Delete, Like, Note, PUBLIC_COLLECTION, Tombstone, Undo, Update, type Activity } from '@fedify/vocab';
import { FederationServiceRef, on, type AccountRecord, type HookSpec, type PluginContext, type RemoteActorRecord } from '../../../core/index.ts';
import {
  CommentCreated, CommentDeleted, NoteDeleted, NoteLiked, NotePublished, NoteShared, NoteUnshared, NoteUpdated,
  type NoteRecord,
} from '../contracts.ts';
import type { NotesSettings } from '../service/deps.ts';
import { notesOf } from '../service/index.ts';
import { decorateObject, extended, withExtensionContext, withPatch, type ObjectExtras } from './extensions.ts';
import {
  buildComment, buildNote, COMMENT_PATH, commentIdOf, CommentRoute, dispatchComment, dispatchNote, federatedVisibility, NOTE_PATH, localAuthor, mentionTargets, noteIdOf, noteUri, toInstant, type BuiltObject,
} from './objects.ts';

type Ctx = PluginContext<NotesSettings>;

const ExtendedCreate = extended(Create);
const ExtendedUpdate = extended(Update);

/** Puts the object's extension fields into the activity's JSON. */
function carrying<A extends Activity>(activity: A, extras: ObjectExtras): A {
  return withPatch(activity, (json) => {
    if (json.object && typeof json.object === 'object') decorateObject(json.object, extras);
    json['@context'] = withExtensionContext(json['@context'], extras.terms);
    return json;
  });
}

/** Who hears of an activity: the actor's remote followers and some remote accounts. */
async function deliver(ctx: Ctx, sender: AccountRecord, activity: Activity, to: { followers: boolean; accounts: (AccountRecord | null)[] }): Promise<void> {
  const fed = ctx.services.maybe(FederationServiceRef);
  if (!fed) return;
  const recipients = new Map<string, RemoteActorRecord>();
  if (to.followers) for (const actor of await fed.remoteFollowers(sender.id)) recipients.set(actor.uri, actor);
  for (const account of to.accounts) {
    if (!account?.remote) continue;
    const actor = await fed.remoteActorOf(account);
    if (actor) recipients.set(actor.uri, actor);
  }
  if (recipients.size) await fed.sendActivity({ accountId: sender.id }, [...recipients.values()], activity);
}

function fedContext(ctx: Ctx): Context<void> | null {
  return ctx.services.maybe(FederationServiceRef)?.context() ?? null;
}

const remoteAccounts = (built: BuiltObject) => built.mentions.map((m) => m.account);

/**
 * Create (or Update) of a note by a local account, with the object's
 * extension fields; null when the note may not leave. Ids: `/notes/{id}#create`
 * (a note made visible again later gets `#create-<time>`), `#update-<time>`.
 */
export async function noteActivity(ctx: Ctx, fctx: Context<void>, note: NoteRecord, kind: 'create' | 'update', options: { stamp?: number; resolveMentions?: boolean } = {}): Promise<{ activity: Create | Update; built: BuiltObject; author: AccountRecord } | null> {
  const built = await buildNote(ctx, fctx, note, { resolveMentions: options.resolveMentions });
  const author = built && (await localAuthor(ctx, note.authorId));
  if (!built || !author) return null;
  const base = noteUri(fctx, note.id);
  const { stamp } = options;
  const values = { actor: fctx.getActorUri(author.handle), object: built.object, tos: built.object.toIds, ccs: built.object.ccIds };
  const activity = kind === 'create'
    ? new ExtendedCreate({ ...values, id: new URL(stamp ? `#create-${stamp}` : '#create', base), published: built.object.published })
    : new ExtendedUpdate({ ...values, id: new URL(`#update-${stamp ?? Date.now()}`, base), published: built.object.updated ?? toInstant(new Date()) });
  return { activity: carrying(activity, built.extras), built, author };
}

async function sendNote(ctx: Ctx, note: NoteRecord, kind: 'create' | 'update', stamp?: number): Promise<void> {
  const fctx = fedContext(ctx);
  const made = fctx && (await noteActivity(ctx, fctx, note, kind, { stamp, resolveMentions: true }));
  if (made) await deliver(ctx, made.author, made.activity, { followers: true, accounts: remoteAccounts(made.built) });
}

/** Delete(Tombstone) of a note to the audience it had. */
async function sendNoteDelete(ctx: Ctx, note: NoteRecord, idSuffix: string): Promise<void> {
  const fctx = fedContext(ctx);
  const author = await localAuthor(ctx, note.authorId);
  if (!fctx || !author || note.remote || !note.publishedAt) return;
  const mentions = await mentionTargets(ctx, fctx, note.mentions, false);
  const id = noteUri(fctx, note.id);
  const activity = new Delete({
    id: new URL(idSuffix, id),
    actor: fctx.getActorUri(author.handle),
    object: new Tombstone({ id }),
    to: PUBLIC_COLLECTION,
    ccs: [fctx.getFollowersUri(author.handle), ...mentions.map((m) => m.href)],
  });
  await deliver(ctx, author, activity, { followers: true, accounts: mentions.map((m) => m.account) });
}

/** Durable event payloads went through JSON (dates are strings): read the note as it is now. */
const current = (ctx: Ctx, noteId: number) => notesOf(ctx).reader.getById(noteId);

async function onPublished(ctx: Ctx, noteId: number): Promise<void> {
  const note = await current(ctx, noteId);
  if (note) await sendNote(ctx, note, 'create');
}

async function onUpdated(ctx: Ctx, noteId: number, previous: NoteRecord['visibility']): Promise<void> {
  const note = await current(ctx, noteId);
  if (!note || note.status !== 'published') return;
  const stamp = (note.editedAt ?? note.updatedAt).getTime();
  const was = federatedVisibility(previous);
  const is = federatedVisibility(note.visibility);
  if (!was && is) await sendNote(ctx, note, 'create', stamp);
  else if (was && !is) await sendNoteDelete(ctx, note, `#delete-${stamp}`);
  else if (is) await sendNote(ctx, note, 'update', stamp);
}

async function onDeleted(ctx: Ctx, noteId: number, visibility: NoteRecord['visibility']): Promise<void> {
  if (!federatedVisibility(visibility)) return;
  const note = await current(ctx, noteId);
  if (note) await sendNoteDelete(ctx, note, '#delete');
}

/** A local account liked or unliked a note from another instance: tell its author. */
async function onLiked(ctx: Ctx, noteId: number, accountId: number, liked: boolean): Promise<void> {
  const fctx = fedContext(ctx);
  const liker = await localAuthor(ctx, accountId);
  if (!fctx || !liker) return;
  const notes = notesOf(ctx);
  const note = await notes.reader.getById(noteId);
  if (!note?.remote) return;
  const author = await notes.deps.accounts().getById(note.authorId);
  if (!author?.remote) return;
  const actor = fctx.getActorUri(liker.handle);
  const object = new URL(note.remote.uri);
  const likeRow = await notes.deps.db().selectFrom('notes_like').select('created_at').where('note_id', '=', noteId).where('account_id', '=', accountId).executeTakeFirst();
  const at = likeRow ? Number(likeRow.created_at) : Date.now();
  const likeId = new URL(`#likes/${note.id}/${at}`, actor);
  const like = new Like({ id: liked ? likeId : null, actor, object, to: new URL(author.remote.actorUri) });
  const activity = liked ? like : new Undo({ id: new URL(`#likes/${note.id}/undo/${Date.now()}`, actor), actor, object: like, to: new URL(author.remote.actorUri) });
  await deliver(ctx, liker, activity, { followers: false, accounts: [author] });
}

/** Announce (or its Undo) of a note shared by a local account. */
async function onShared(ctx: Ctx, noteId: number, accountId: number, shareId: number, shared: boolean): Promise<void> {
  const fctx = fedContext(ctx);
  const sharer = await localAuthor(ctx, accountId);
  if (!fctx || !sharer) return;
  const notes = notesOf(ctx);
  const note = await notes.reader.getById(noteId);
  if (!note || note.status !== 'published' || (note.visibility !== 'public' && note.visibility !== 'unlisted')) return;
  // A local note is announced only once the fediverse can fetch it.
  const noteAuthor = await notes.deps.accounts().getById(note.authorId);
  if (!noteAuthor) return;
  const actor = fctx.getActorUri(sharer.handle);
  const authorActor = noteAuthor.remote ? new URL(noteAuthor.remote.actorUri) : fctx.getActorUri(noteAuthor.handle);
  const announce = new Announce({
    id: new URL(`#announces/${shareId}`, actor),
    actor,
    object: noteIdOf(fctx, note),
    to: PUBLIC_COLLECTION,
    ccs: [fctx.getFollowersUri(sharer.handle), authorActor],
    published: toInstant(new Date()),
  });
  const activity = shared ? announce : new Undo({ id: new URL(`#announces/${shareId}/undo`, actor), actor, object: announce, to: PUBLIC_COLLECTION });
  await deliver(ctx, sharer, activity, { followers: true, accounts: [noteAuthor] });
}

async function onCommentCreated(ctx: Ctx, commentId: number): Promise<void> {
  const fctx = fedContext(ctx);
  const comment = await notesOf(ctx).comments.get(commentId);
  if (!fctx || !comment || comment.remote) return;
  const built = await buildComment(ctx, fctx, comment, { resolveMentions: true });
  const author = built && (await localAuthor(ctx, comment.authorId));
  if (!built || !author) return;
  const activity = new Create({
    id: new URL('#create', built.object.id!),
    actor: fctx.getActorUri(author.handle),
    object: built.object,
    tos: built.object.toIds,
    ccs: built.object.ccIds,
    published: built.object.published,
  });
  const everyone = built.note.visibility === 'public' || built.note.visibility === 'unlisted';
  await deliver(ctx, author, activity, { followers: everyone, accounts: [built.noteAuthor, ...remoteAccounts(built)] });
}

async function onCommentDeleted(ctx: Ctx, commentId: number): Promise<void> {
  const fctx = fedContext(ctx);
  const notes = notesOf(ctx);
  const comment = await notes.comments.get(commentId);
  if (!fctx || !comment || comment.remote) return;
  const author = await localAuthor(ctx, comment.authorId);
  const note = await notes.reader.getById(comment.noteId);
  if (!author || !note || !federatedVisibility(note.visibility) || !note.publishedAt) return;
  const noteAuthor = await notes.deps.accounts().getById(note.authorId);
  const mentions = await mentionTargets(ctx, fctx, comment.mentions, false);
  const id = commentIdOf(fctx, comment);
  const activity = new Delete({
    id: new URL('#delete', id),
    actor: fctx.getActorUri(author.handle),
    object: new Tombstone({ id }),
    to: PUBLIC_COLLECTION,
    ccs: [fctx.getFollowersUri(author.handle), ...(noteAuthor?.remote ? [new URL(noteAuthor.remote.actorUri)] : []), ...mentions.map((m) => m.href)],
  });
  const everyone = note.visibility === 'public' || note.visibility === 'unlisted';
  await deliver(ctx, author, activity, { followers: everyone, accounts: [noteAuthor, ...mentions.map((m) => m.account)] });
}

/** The notes plugin's outbound hooks (listed in its `hooks`). */
export const outboundHooks: HookSpec[] = [
  on(NotePublished, ({ note }, ctx) => onPublished(ctx, note.id)),
  on(NoteUpdated, ({ note, previous }, ctx) => onUpdated(ctx, note.id, previous.visibility)),
  on(NoteDeleted, ({ noteId, visibility }, ctx) => onDeleted(ctx, noteId, visibility)),
  on(NoteLiked, ({ noteId, accountId, liked }, ctx) => onLiked(ctx, noteId, accountId, liked)),
  on(NoteShared, ({ noteId, accountId, shareId }, ctx) => onShared(ctx, noteId, accountId, shareId, true)),
  on(NoteUnshared, ({ noteId, accountId, shareId }, ctx) => onShared(ctx, noteId, accountId, shareId, false)),
  on(CommentCreated, ({ comment }, ctx) => onCommentCreated(ctx, comment.id)),
  on(CommentDeleted, ({ commentId }, ctx) => onCommentDeleted(ctx, commentId)),
];

/** Serves local notes and comments as objects (from bootstrap, through setUpNotesFederation). */
export function setUpOutbound(ctx: Ctx): void {
  const fed = ctx.services.maybe(FederationServiceRef);
  if (!fed) return;
  fed.registerObjectType({ type: Note, path: NOTE_PATH, dispatch: (fctx, { id }) => dispatchNote(ctx, fctx, id!) as Promise<Note | null> });
  fed.registerObjectType({ type: CommentRoute, path: COMMENT_PATH, dispatch: (fctx, values) => dispatchComment(ctx, fctx, values) as Promise<CommentRoute | null> });
}
