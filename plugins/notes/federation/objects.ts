// Local notes and comments as ActivityStreams `Note`s, in the plain form
// Mastodon, Misskey and Pixelfed read: title (`name`, and a first bold
// paragraph of `content` since Mastodon does not show `name`), sanitized
// HTML with the structured blocks as headings and lists, attachments with
// size, blurhash and focal point, Hashtag and Mention tags, content
// warning as `summary` + `sensitive`, to/cc per visibility. Meadow's own
// fields ride along as extensions (extensions.ts).
//
// Only what a stranger may read is ever built: published notes by local
// accounts that are not private. Remote notes are never served as ours.

import type { Context } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';
import {
  Hashtag, Image, LanguageString, Mention, Note, PUBLIC_COLLECTION, Tombstone, Video, type Object as APObject,
} from '@fedify/vocab';
import {
  escapeHtml, FederationServiceRef, type AccountRecord, type MediaRecord, type PluginContext,
} from '../../../core/index.ts';
import { NoteFederatedFields, NoteRender, type CommentRecord, type Disclosure, type NoteBlock, type NoteMention, type NoteRecord, type Visibility } from '../contracts.ts';
import { hashtagHref, inlineMarkup, titleOf } from '../render/html.ts';
import type { NotesSettings } from '../service/deps.ts';
import { joinSections, notesOf } from '../service/index.ts';
import { decorateObject, extended, fullPublicAudience, MEADOW_NS, withExtensionContext, withPatch, type AttachmentExtras, type ObjectExtras } from './extensions.ts';

type Ctx = PluginContext<NotesSettings>;

/** Notes are served at /notes/{id} (the same URL as the web page). */
export const NOTE_PATH = '/notes/{id}';
/** Comments at /notes/{noteId}/comments/{commentId}. */
export const COMMENT_PATH = '/notes/{noteId}/comments/{commentId}';

/**
 * Fedify keys object routes by vocabulary class, one route per class; a
 * comment is a `Note` too, so its route is registered under this subclass
 * (never serialized: the objects served are plain `Note`s).
 */
export class CommentRoute extends Note {
  static override get typeId(): URL {
    return new URL(`${MEADOW_NS}CommentRoute`);
  }
}

/** A Note whose JSON carries the extension fields. */
export const ExtendedNote = extended(Note);

export const toInstant = (d: Date) => Temporal.Instant.fromEpochMilliseconds(d.getTime());

export function noteUri(fctx: Context<void>, noteId: number): URL {
  return fctx.getObjectUri(Note, { id: String(noteId) });
}

export function commentUri(fctx: Context<void>, noteId: number, commentId: number): URL {
  return fctx.getObjectUri(CommentRoute, { noteId: String(noteId), commentId: String(commentId) });
}

/** The id of a note as the fediverse knows it: its origin's for a remote note, ours otherwise. */
export function noteIdOf(fctx: Context<void>, note: NoteRecord): URL {
  return note.remote ? new URL(note.remote.uri) : noteUri(fctx, note.id);
}

export function commentIdOf(fctx: Context<void>, comment: CommentRecord): URL {
  return comment.remote ? new URL(comment.remote.uri) : commentUri(fctx, comment.noteId, comment.id);
}

/** Visibilities that leave the instance (private is the author's alone). */
export const federatedVisibility = (v: Visibility) => v !== 'private';

/** A local account (remote cached accounts never act through us). */
export async function localAuthor(ctx: Ctx, accountId: number): Promise<AccountRecord | null> {
  const account = await notesOf(ctx).deps.accounts().getById(accountId);
  return account && !account.remote ? account : null;
}

/** Our own HTML uses site-relative links; elsewhere they must be absolute. */
export function absolutize(html: string, origin: string): string {
  return html.replace(/(\s(?:href|src|poster)=")\/(?!\/)/g, `$1${origin}/`);
}

/** Structured blocks for plain-HTML readers: a heading each, steps numbered, checklist boxes, pitfalls as warnings. */
export function blocksHtml(blocks: NoteBlock[], language: string | null): string {
  return blocks.map((block) => {
    const heading = `<h3>${escapeHtml(titleOf(block, language))}</h3>`;
    switch (block.kind) {
      case 'tutorial':
        return `${heading}<ol>${block.steps.map((s) => `<li>${inlineMarkup(s.text)}</li>`).join('')}</ol>`;
      case 'checklist':
        return `${heading}<ul>${block.items.map((i) => {
          const name = i.link ? `<a href="${escapeHtml(i.link)}" rel="nofollow noopener noreferrer" target="_blank">${escapeHtml(i.name)}</a>` : escapeHtml(i.name);
          return `<li>☐ ${name}${i.note ? ` — ${inlineMarkup(i.note)}` : ''}</li>`;
        }).join('')}</ul>`;
      case 'pitfalls':
        return heading + block.entries.map((e) => `<p>⚠️ <strong>${escapeHtml(e.warning)}</strong> — ${inlineMarkup(e.reason)}</p>`).join('');
    }
  }).join('');
}

/** The note's HTML for the fediverse: title, body, blocks and other plugins' sections. */
/** How a paid-promotion label reads in federated content (both languages: readers elsewhere may read either). */
export const DISCLOSURE_LINES: Record<Disclosure, string> = { sponsored: '合作 · Sponsored', promoted: '广告 · Promoted' };

export async function noteContent(ctx: Ctx, fctx: Context<void>, note: NoteRecord): Promise<string> {
  const base = { html: note.bodyHtml + blocksHtml(note.blocks, note.language), sections: [] };
  const rendered = await ctx.hooks.applyFilter(NoteRender, base, { note, viewer: null });
  const title = note.title.trim() ? `<p><strong>${escapeHtml(note.title.trim())}</strong></p>` : '';
  // The label travels as a visible line: plain fediverse servers show content, not Meadow's fields.
  const label = note.disclosure ? `<p>[${DISCLOSURE_LINES[note.disclosure]}]</p>` : '';
  return absolutize(label + title + joinSections(rendered, note.bodyHtml), fctx.origin);
}

interface AudienceTargets {
  to: URL[];
  cc: URL[];
}

/** to/cc as Mastodon reads them: public → to Public; unlisted → cc Public; followers → followers only. */
export function audience(visibility: Visibility, followers: URL, mentioned: URL[], extraTo: URL[] = []): AudienceTargets {
  switch (visibility) {
    case 'public':
      return { to: [PUBLIC_COLLECTION, ...extraTo], cc: [followers, ...mentioned] };
    case 'unlisted':
      return { to: [followers, ...extraTo], cc: [PUBLIC_COLLECTION, ...mentioned] };
    default:
      return { to: [followers, ...extraTo], cc: mentioned };
  }
}

export interface MentionTarget {
  /** "@user@host" */
  name: string;
  href: URL;
  /** Set for a remote account (delivery goes to it). */
  account: AccountRecord | null;
}

/**
 * Actor URIs of the mentioned accounts: local ones by handle, remote ones
 * from their cached accounts; `resolve` looks unknown remote handles up
 * (WebFinger) — done before sending, never while serving a GET.
 */
export async function mentionTargets(ctx: Ctx, fctx: Context<void>, mentions: NoteMention[], resolve: boolean): Promise<MentionTarget[]> {
  const accounts = notesOf(ctx).deps.accounts();
  const fed = ctx.services.maybe(FederationServiceRef);
  const host = new URL(fctx.origin).host;
  const out: MentionTarget[] = [];
  const seen = new Set<string>();
  for (const m of mentions) {
    let target: MentionTarget | null = null;
    if (!m.domain || m.domain === host) {
      const local = await accounts.getByHandle(m.handle);
      if (local && !local.remote) target = { name: `@${local.handle}@${host}`, href: fctx.getActorUri(local.handle), account: null };
    } else {
      const handle = `${m.handle}@${m.domain}`;
      let account = await accounts.getByHandle(handle);
      if (!account && resolve && fed) {
        account = await fed.resolveRemoteActor(handle).then((actor) => accounts.getByActorUri(actor.uri)).catch(() => null);
      }
      if (account?.remote) target = { name: `@${handle}`, href: new URL(account.remote.actorUri), account };
    }
    if (target && !seen.has(target.href.href)) {
      seen.add(target.href.href);
      out.push(target);
    }
  }
  return out;
}

/** Images and the video of a note as attachments, with their extras by URL. */
async function attachmentsOf(ctx: Ctx, note: NoteRecord): Promise<{ list: APObject[]; extras: Map<string, AttachmentExtras> }> {
  const media = notesOf(ctx).deps.media();
  const ids = [...note.images.map((i) => i.mediaId).filter((id) => id > 0), ...(note.videoMediaId ? [note.videoMediaId] : [])];
  const records = new Map<number, MediaRecord>();
  for (const m of ids.length ? await media.getByIds(ids) : []) if (m) records.set(m.id, m);
  const posterIds = [...records.values()].map((m) => m.posterMediaId).filter((id): id is number => id != null);
  for (const m of posterIds.length ? await media.getByIds(posterIds) : []) if (m) records.set(m.id, m);

  const list: APObject[] = [];
  const extras = new Map<string, AttachmentExtras>();
  const add = (m: MediaRecord, alt: string | null) => {
    const url = new URL(media.urlOf(m));
    const poster = m.posterMediaId ? records.get(m.posterMediaId) : undefined;
    const values = {
      url,
      mediaType: m.mimeType,
      name: alt || m.alt || null,
      width: m.width,
      height: m.height,
      ...(poster ? { icon: new Image({ url: new URL(media.urlOf(poster, 'medium')), mediaType: poster.mimeType, width: poster.width, height: poster.height }) } : {}),
    };
    list.push(m.kind === 'video' ? new Video(values) : new Image(values));
    const blurhash = m.blurhash || poster?.blurhash || null;
    extras.set(url.href, { blurhash, focalPoint: [m.focalPoint.x, m.focalPoint.y] });
  };
  for (const image of note.images) {
    const m = records.get(image.mediaId);
    if (m) add(m, image.alt);
  }
  const video = note.videoMediaId ? records.get(note.videoMediaId) : undefined;
  if (video) add(video, null);
  return { list, extras };
}

/** A copy without null fields, nested (blocks keep only what is set). */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v != null).map(([k, v]) => [k, withoutNulls(v)])) as T;
}

/** Meadow's structured fields; local media ids become URLs. */
async function meadowFields(ctx: Ctx, note: NoteRecord): Promise<Record<string, unknown>> {
  const media = notesOf(ctx).deps.media();
  const stepMedia = note.blocks.flatMap((b) => (b.kind === 'tutorial' ? b.steps.flatMap((s) => s.mediaIds) : []));
  const urls = new Map<number, string>();
  for (const m of stepMedia.length ? await media.getByIds(stepMedia) : []) if (m) urls.set(m.id, media.urlOf(m));
  const blocks = note.blocks.map((b) => (b.kind !== 'tutorial' ? withoutNulls(b) : {
    ...b,
    steps: b.steps.map(({ mediaIds, ...step }) => ({ ...withoutNulls(step), media: mediaIds.map((id) => urls.get(id)).filter(Boolean) })),
  }));
  const productRefs = [...new Set(note.blocks.flatMap((b) => (b.kind === 'tutorial' ? b.steps.map((s) => s.productRef).filter((r): r is string => !!r) : [])))];
  return { 'meadow:blocks': blocks.length ? blocks : null, 'meadow:placeRef': note.placeRef, 'meadow:productRefs': productRefs, 'meadow:disclosure': note.disclosure };
}

export interface BuiltObject {
  object: Note;
  extras: ObjectExtras;
  mentions: MentionTarget[];
}

/** A published, non-private note by a local account as a Note; null when it may not leave. */
export async function buildNote(ctx: Ctx, fctx: Context<void>, note: NoteRecord, options: { resolveMentions?: boolean } = {}): Promise<BuiltObject | null> {
  if (note.remote || note.status !== 'published' || note.moderation.state !== 'visible' || !federatedVisibility(note.visibility)) return null;
  const author = await localAuthor(ctx, note.authorId);
  if (!author) return null;
  const mentions = await mentionTargets(ctx, fctx, note.mentions, options.resolveMentions ?? false);
  const { to, cc } = audience(note.visibility, fctx.getFollowersUri(author.handle), mentions.map((m) => m.href));
  const { list, extras: attachmentExtras } = await attachmentsOf(ctx, note);
  const content = await noteContent(ctx, fctx, note);
  const id = noteUri(fctx, note.id);
  const more = await ctx.hooks.applyFilter(NoteFederatedFields, { fields: {}, terms: {} }, { note });
  const extras: ObjectExtras = { attachments: attachmentExtras, fields: { ...more.fields, ...(await meadowFields(ctx, note)) }, terms: more.terms };
  const object = new ExtendedNote({
    id,
    url: id,
    attribution: fctx.getActorUri(author.handle),
    name: note.title.trim() || null,
    contents: note.language ? [content, new LanguageString(content, note.language)] : [content],
    summary: note.contentWarning,
    sensitive: !!note.contentWarning || note.moderation.sensitive,
    attachments: list,
    tags: [
      ...note.hashtags.map((tag) => new Hashtag({ name: `#${tag}`, href: new URL(hashtagHref(tag), fctx.origin) })),
      ...mentions.map((m) => new Mention({ name: m.name, href: m.href })),
    ],
    tos: to,
    ccs: cc,
    published: toInstant(note.publishedAt ?? note.createdAt),
    updated: note.editedAt ? toInstant(note.editedAt) : null,
    quoteUrl: note.quote?.uri ? new URL(note.quote.uri) : null,
  });
  withPatch(object, (json) => {
    decorateObject(json, extras);
    fullPublicAudience(json);
    json['@context'] = withExtensionContext(json['@context'], extras.terms);
    return json;
  });
  return { object, extras, mentions };
}

/** A comment by a local account on a note the fediverse may read, as a Note replying to the note or comment. */
export async function buildComment(ctx: Ctx, fctx: Context<void>, comment: CommentRecord, options: { resolveMentions?: boolean } = {}): Promise<(BuiltObject & { note: NoteRecord; noteAuthor: AccountRecord | null }) | null> {
  if (comment.remote || comment.deletedAt) return null;
  const notes = notesOf(ctx);
  const note = await notes.reader.getById(comment.noteId);
  if (!note || note.status !== 'published' || !federatedVisibility(note.visibility)) return null;
  const author = await localAuthor(ctx, comment.authorId);
  if (!author) return null;
  const noteAuthor = await notes.deps.accounts().getById(note.authorId);
  const parent = comment.parentId ? await notes.comments.get(comment.parentId) : null;
  const replyTo = parent && !parent.deletedAt ? commentIdOf(fctx, parent) : noteIdOf(fctx, note);
  const mentions = await mentionTargets(ctx, fctx, comment.mentions, options.resolveMentions ?? false);
  // The note's author is addressed (Mastodon notifies them of the reply), unless they wrote the comment.
  const noteActor = noteAuthor && noteAuthor.id !== author.id ? (noteAuthor.remote ? new URL(noteAuthor.remote.actorUri) : fctx.getActorUri(noteAuthor.handle)) : null;
  const others = mentions.map((m) => m.href).filter((u) => u.href !== noteActor?.href);
  const { to, cc } = audience(note.visibility, fctx.getFollowersUri(author.handle), others, noteActor ? [noteActor] : []);
  const id = commentUri(fctx, note.id, comment.id);
  const object = new ExtendedNote({
    id,
    url: id,
    attribution: fctx.getActorUri(author.handle),
    content: absolutize(comment.bodyHtml, fctx.origin),
    replyTarget: replyTo,
    tags: [
      ...comment.hashtags.map((tag) => new Hashtag({ name: `#${tag}`, href: new URL(hashtagHref(tag), fctx.origin) })),
      ...mentions.map((m) => new Mention({ name: m.name, href: m.href })),
    ],
    tos: to,
    ccs: cc,
    published: toInstant(comment.createdAt),
  });
  withPatch(object, (json) => {
    fullPublicAudience(json);
    return json;
  });
  return { object, extras: { attachments: new Map(), fields: {} }, mentions, note, noteAuthor };
}

/** What GET /notes/{id} answers: the Note, a Tombstone once deleted, or nothing. */
export async function dispatchNote(ctx: Ctx, fctx: Context<void>, rawId: string): Promise<APObject | null> {
  const id = Number(rawId);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const note = await notesOf(ctx).reader.getById(id);
  if (!note || note.remote) return null;
  if (note.status === 'deleted') {
    if (!note.publishedAt || !federatedVisibility(note.visibility) || !(await localAuthor(ctx, note.authorId))) return null;
    return new Tombstone({ id: noteUri(fctx, note.id), formerType: Note, deleted: note.deletedAt ? toInstant(note.deletedAt) : null });
  }
  // Followers-only notes are delivered to followers, never served to anyone who asks.
  if (note.visibility === 'followers') return null;
  return (await buildNote(ctx, fctx, note))?.object ?? null;
}

export async function dispatchComment(ctx: Ctx, fctx: Context<void>, values: Record<string, string>): Promise<APObject | null> {
  const noteId = Number(values.noteId);
  const commentId = Number(values.commentId);
  if (!Number.isSafeInteger(noteId) || !Number.isSafeInteger(commentId) || commentId <= 0) return null;
  const comment = await notesOf(ctx).comments.get(commentId);
  if (!comment || comment.noteId !== noteId || comment.remote) return null;
  if (comment.deletedAt) return (await localAuthor(ctx, comment.authorId)) ? new Tombstone({ id: commentUri(fctx, noteId, commentId), formerType: Note, deleted: toInstant(comment.deletedAt) }) : null;
  const built = await buildComment(ctx, fctx, comment);
  if (!built || built.note.visibility === 'followers') return null;
  return built.object;
}
