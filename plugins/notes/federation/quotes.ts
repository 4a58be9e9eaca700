// Quote posts, inbound. Which note an object quotes, in every form the
// fediverse uses: FEP-044f `quote`, the older `quoteUrl`, Misskey's
// `_misskey_quote` and Fedibird's `quoteUri` (Fedify reads those three as
// quoteUrl), and FEP-e232 object links (a Link tag whose mediaType is
// ActivityStreams). And the answer to a QuoteRequest for a local note:
// public and unlisted notes may be quoted by anyone (Meadow has no
// per-note quote policy yet), so the author accepts with a
// QuoteAuthorization, served at its id so the quoting side can check it
// (/notes/{noteId}/quote-authorizations/{id}); other notes get Reject.

import { Accept, Hashtag, Link, Mention, Note, QuoteAuthorization, QuoteRequest, Reject, type Object as APObject } from '@fedify/vocab';
import { FederationServiceRef, type InboxInfo, type PluginContext } from '../../../core/index.ts';
import { notesOf } from '../service/index.ts';
import type { NotesSettings } from '../service/deps.ts';
import { localTarget } from './local-uris.ts';

const AS_MEDIA_TYPE = /^application\/(activity\+json|ld\+json\s*;\s*profile="?https:\/\/www\.w3\.org\/ns\/activitystreams"?)/i;

/** The id of the object this one quotes, or null. */
export async function quoteOf(object: APObject): Promise<URL | null> {
  const typed = object as APObject & { quoteId?: URL | null; quoteUrl?: URL | null };
  const direct = typed.quoteId ?? typed.quoteUrl ?? null;
  if (direct) return direct;
  for await (const tag of object.getTags({ suppressError: true })) {
    if (tag instanceof Link && !(tag instanceof Mention) && !(tag instanceof Hashtag) && tag.href && tag.mediaType && AS_MEDIA_TYPE.test(tag.mediaType)) return tag.href;
  }
  return null;
}

const AUTHORIZATION_PATH = '/notes/{noteId}/quote-authorizations/{id}';

/** Serves the QuoteAuthorizations this instance granted (while the note is still quotable). */
export function serveQuoteAuthorizations(ctx: PluginContext<NotesSettings>): void {
  const fed = ctx.services.get(FederationServiceRef);
  fed.registerObjectType({
    type: QuoteAuthorization,
    path: AUTHORIZATION_PATH,
    dispatch: async (fctx, values) => {
      const noteId = Number(values.noteId);
      const grant = await notesOf(ctx).remote.quoteGrant(Number(values.id), noteId);
      const note = grant ? await notesOf(ctx).reader.getById(noteId) : null;
      if (!grant || !note || note.remote || note.status !== 'published' || (note.visibility !== 'public' && note.visibility !== 'unlisted')) return null;
      const author = await notesOf(ctx).deps.accounts().getById(note.authorId);
      if (!author) return null;
      return new QuoteAuthorization({
        id: fctx.getObjectUri(QuoteAuthorization, { noteId: String(noteId), id: String(values.id) }),
        attribution: fctx.getActorUri(author.handle),
        interactingObject: new URL(grant.quotingUri),
        interactionTarget: noteUri(fctx, noteId),
      });
    },
  });
}

/** A local note's URI as the outbound half serves it. */
function noteUri(fctx: { getObjectUri: (type: typeof Note, values: Record<string, string>) => URL; origin: string }, noteId: number): URL {
  try {
    return fctx.getObjectUri(Note, { id: String(noteId) });
  } catch {
    return new URL(`/notes/${noteId}`, fctx.origin);
  }
}

/** Answers a QuoteRequest for one of our notes (Accept with a QuoteAuthorization, or Reject). */
export async function answerQuoteRequest(ctx: PluginContext<NotesSettings>, request: QuoteRequest, info: InboxInfo): Promise<void> {
  const fed = ctx.services.get(FederationServiceRef);
  const target = localTarget(info.context, request.objectId);
  if (!target || target.kind !== 'note' || !request.id || !request.actorId) return;
  const notes = notesOf(ctx);
  const note = await notes.reader.getById(target.id);
  if (!note || note.remote || note.status !== 'published') return;
  const requester = await info.actorAccount();
  const actor = requester ? await fed.remoteActorOf(requester) : null;
  if (!actor) return;
  const author = await fed.context().getActorUri((await notes.deps.accounts().getById(note.authorId))!.handle);
  const quotable = note.visibility === 'public' || note.visibility === 'unlisted';
  const answerId = new URL(`#quote-${quotable ? 'accept' : 'reject'}/${encodeURIComponent(request.id.href)}`, request.objectId!);
  const quoting = request.instrumentId;
  let answer: Accept | Reject;
  if (quotable && quoting) {
    const grant = await notes.remote.grantQuote(requester!.id, note.id, quoting.href);
    const context = fed.context();
    answer = new Accept({
      id: answerId,
      actor: author,
      object: request,
      result: new QuoteAuthorization({
        id: context.getObjectUri(QuoteAuthorization, { noteId: String(note.id), id: String(grant) }),
        attribution: author,
        interactingObject: quoting,
        interactionTarget: request.objectId,
      }),
    });
  } else {
    answer = new Reject({ id: answerId, actor: author, object: request });
  }
  await fed.sendActivity({ accountId: note.authorId }, actor, answer);
}
