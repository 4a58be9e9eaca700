// Inbound activities about notes: Create, Update and Delete of notes and
// comments, Like / EmojiReact and Announce of notes and comments with their
// Undo, and QuoteRequest. Objects become notes through the importer.
//
// Every handler is safe to run twice (duplicate deliveries change nothing:
// object and activity ids are unique) and never throws on bad input: what
// is invalid or refused is logged and dropped; only network failures are
// thrown, so the queue retries them.
//
// FEP-1b12: a Group (a Lemmy community) shares its members' activities as
// Announce(Create(Page)), Announce(Update …), Announce(Delete …),
// Announce(Like …). The inner activity is handled as if its own actor had
// sent it, once it is known to come from that actor's origin: Fedify's
// getObject() re-fetches an inner activity embedded from another origin
// than the Announce, and the inner activity's id must be on its actor's
// origin [Mastodon CVE-2024-23832]. The topics plugin files the note for
// the Group's local followers (plugins/topics/federation/groups.ts).

import { Activity, Announce, Create, Delete, EmojiReact, Like, QuoteRequest, Undo, Update, type Object as APObject } from '@fedify/vocab';
import { FederationServiceRef, type AccountRecord, type InboxHandler, type InboxInfo, type PluginContext } from '../../../core/index.ts';
import { notesOf } from '../service/index.ts';
import type { NotesSettings } from '../service/deps.ts';
import { isNetworkFailure, MAX_FETCH_DEPTH, NOTE_TYPES, NotesImporter, rawJson } from './importer.ts';
import { answerQuoteRequest, serveQuoteAuthorizations } from './quotes.ts';

export { isNetworkFailure };

type Json = Record<string, any>;

/** The object embedded in a payload under `key`, when it is the one with this id and lives on the trusted origin. */
function embedded(payload: unknown, key: 'object', id: URL | null, trustedOrigin: string): Json | null {
  if (!id || id.origin !== trustedOrigin || !payload || typeof payload !== 'object') return null;
  const inner = (payload as Json)[key];
  return inner && typeof inner === 'object' && !Array.isArray(inner) && inner.id === id.href ? inner : null;
}

export function setUpInbound(ctx: PluginContext<NotesSettings>): void {
  const fed = ctx.services.get(FederationServiceRef);
  const importer = new NotesImporter(ctx);
  const notes = () => notesOf(ctx);

  fed.registerObjectImporter({ types: NOTE_TYPES, import: (object) => importer.importForLookup(object) });
  serveQuoteAuthorizations(ctx);

  /** Whether an activity may be acted on as its actor's: not from a suspended instance, its id on its actor's origin. */
  const acceptable = (name: string, activity: Activity, requireId: boolean): boolean => {
    const actor = activity.actorId;
    if (!actor) return false;
    if (importer.policyOf(actor).suspended) return false;
    if (requireId && !activity.id) return false;
    // The id of an activity lives on its actor's origin, or it is not the actor's [CVE-2024-23832].
    if (activity.id && activity.id.origin !== actor.origin) {
      ctx.log.info({ activity: activity.id.href, actor: actor.href }, `notes federation: ${name} whose id is not on its actor's origin dropped`);
      return false;
    }
    return true;
  };

  const guarded = <A extends Activity>(name: string, handler: InboxHandler<A>): InboxHandler<A> => async (activity, info) => {
    try {
      if (!acceptable(name, activity, false)) return;
      await handler(activity, info);
    } catch (err) {
      if (isNetworkFailure(err)) throw err;
      ctx.log.warn({ err, activity: activity.id?.href }, `notes federation: ${name} dropped (invalid or refused)`);
    }
  };

  const loaders = (info: InboxInfo) => ({ documentLoader: info.context.documentLoader, contextLoader: info.context.contextLoader, suppressError: true });

  /** The activity's object as its own origin serves it (Fedify re-fetches embedded objects of another origin). */
  const objectOf = async (activity: Create | Update | Announce, info: InboxInfo): Promise<APObject | null> => {
    const object = await activity.getObject(loaders(info));
    if (object || !activity.objectId) return object;
    return importer.fetch(activity.objectId);
  };

  const remoteSender = async (info: InboxInfo): Promise<AccountRecord | null> => {
    const account = await info.actorAccount();
    return account?.remote ? account : null;
  };

  // Create and Update: a note, or a comment when it replies to something we have.
  const upsert = (name: string) => async (activity: Create | Update, info: InboxInfo) => {
    const object = await objectOf(activity, info);
    if (!object || !NOTE_TYPES.some((t) => object instanceof t)) return;
    if (object.attributionId?.href !== activity.actorId!.href) {
      ctx.log.info({ object: object.id?.href, actor: activity.actorId!.href }, `notes federation: ${name} of an object by someone else dropped`);
      return;
    }
    const author = await remoteSender(info);
    if (!author) return;
    // The object as the sender wrote it (blurhash, focalPoint and other fields Fedify does not model), when embedded.
    const payload = info.rawJson() ?? (await rawJson(activity));
    const raw = embedded(payload, 'object', object.id, activity.actorId!.origin);
    await importer.import(object, { depth: MAX_FETCH_DEPTH, author, raw });
  };
  fed.onInbox(Create, guarded('Create', upsert('Create')));
  fed.onInbox(Update, guarded('Update', upsert('Update')));

  // Delete: only by the author; a Tombstone or a bare id.
  const remove = async (activity: Delete) => {
    const uri = activity.objectId;
    if (!uri) return;
    const found = await notes().remote.findByUri(uri.href);
    if (!found) return;
    const authorId = found.kind === 'note' ? found.note.authorId : found.comment.authorId;
    const author = await notes().deps.accounts().getById(authorId);
    if (author?.remote?.actorUri !== activity.actorId!.href) {
      ctx.log.info({ object: uri.href, actor: activity.actorId!.href }, 'notes federation: Delete by someone other than the author dropped');
      return;
    }
    if (found.kind === 'note') await notes().remote.deleteNote(found.note);
    else await notes().remote.deleteComment(found.comment);
  };
  fed.onInbox(Delete, guarded('Delete', remove));

  // Like (and Pleroma's EmojiReact) of a note or comment we have.
  const like = async (activity: Like | EmojiReact, info: InboxInfo) => {
    const target = await importer.known(activity.objectId);
    if (!target) return;
    const account = await remoteSender(info);
    if (!account) return;
    if (target.kind === 'note') await notes().remote.likeNote(account.id, target.note.id, true, activity.id?.href ?? null);
    else await notes().remote.likeComment(account.id, target.comment, true, activity.id?.href ?? null);
  };
  fed.onInbox(Like, guarded('Like', like));
  fed.onInbox(EmojiReact, guarded('EmojiReact', like));

  // Announce: a share of a local note counts as one; a remote note is brought in from its origin;
  // an activity (FEP-1b12, a Group relaying its members) is handled as its own actor's.
  fed.onInbox(Announce, guarded('Announce', async (activity: Announce, info) => {
    let target = await importer.known(activity.objectId);
    if (!target) {
      const object = await objectOf(activity, info);
      if (object instanceof Activity) return relayed(activity, object, info);
      if (!object || !NOTE_TYPES.some((t) => object instanceof t)) return;
      target = await importer.import(object, { depth: MAX_FETCH_DEPTH });
    }
    if (target?.kind !== 'note') return;
    const account = await remoteSender(info);
    if (account) await notes().remote.shareNote(account.id, target.note.id, true, activity.id?.href ?? null);
  }));

  // Undo of a Like, EmojiReact or Announce, named by id or embedded.
  const undo = async (activity: Undo, info: InboxInfo) => {
    const account = await remoteSender(info);
    if (!account) return;
    let kind: string | null = null;
    let targetUri: URL | null = null;
    const remembered = activity.objectId ? await notes().remote.activity(activity.objectId.href) : null;
    if (remembered) {
      if (remembered.accountId !== account.id) return;
      const remote = notes().remote;
      if (remembered.noteId != null) {
        if (remembered.kind === 'like') await remote.likeNote(account.id, remembered.noteId, false, null);
        else if (remembered.kind === 'announce') await remote.shareNote(account.id, remembered.noteId, false, null);
      } else if (remembered.commentId != null) {
        const comment = await notes().comments.get(remembered.commentId);
        if (comment) await remote.likeComment(account.id, comment, false, null);
      }
      return;
    }
    const inner = await activity.getObject(loaders(info));
    if (!(inner instanceof Like || inner instanceof EmojiReact || inner instanceof Announce)) return;
    if (inner.actorId?.href !== activity.actorId!.href) return;
    kind = inner instanceof Announce ? 'announce' : 'like';
    targetUri = inner.objectId;
    const target = await importer.known(targetUri);
    if (!target) return;
    if (target.kind === 'note') {
      if (kind === 'like') await notes().remote.likeNote(account.id, target.note.id, false, null);
      else await notes().remote.shareNote(account.id, target.note.id, false, null);
    } else if (kind === 'like') {
      await notes().remote.likeComment(account.id, target.comment, false, null);
    }
  };
  fed.onInbox(Undo, guarded('Undo', undo));

  /** What an activity relayed inside an Announce may be, and who handles it. */
  const relayable = (inner: Activity): ((inner: any, info: InboxInfo) => Promise<void>) | null => {
    if (inner instanceof Create) return upsert('Create');
    if (inner instanceof Update) return upsert('Update');
    if (inner instanceof Delete) return remove;
    if (inner instanceof Like || inner instanceof EmojiReact) return like;
    if (inner instanceof Undo) return undo;
    return null;
  };

  /**
   * FEP-1b12: the inner activity of a Group's Announce, handled as if its
   * own actor had sent it. `inner` came through getObject(), so an inner
   * activity embedded from another origin than the Announce was fetched
   * from its own; its id must still be on its actor's origin (which
   * acceptable() checks), so a Group cannot speak for someone elsewhere.
   */
  const relayed = async (announce: Announce, inner: Activity, info: InboxInfo): Promise<void> => {
    const handle = relayable(inner);
    if (!handle) return;
    const name = `${inner.constructor.name} relayed by ${announce.actorId!.href}`;
    if (!acceptable(name, inner, true)) return;
    const innerActor = inner.actorId!;
    let account: Promise<AccountRecord | null> | null = null;
    // Embedded fields the vocabulary drops, only for an inner activity of the Group's own origin.
    const raw = embedded(info.rawJson(), 'object', inner.id, announce.actorId!.origin);
    await handle(inner, {
      context: info.context,
      recipientHandle: info.recipientHandle,
      actorAccount: () => (account ??= fed.remoteAccount(innerActor)),
      rawJson: () => raw,
    });
  };

  fed.onInbox(QuoteRequest, guarded('QuoteRequest', (activity: QuoteRequest, info) => answerQuoteRequest(ctx, activity, info)));
}
