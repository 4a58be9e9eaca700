// Remote objects → notes and comments. Note, Article, Page, Question, Image,
// Video and Event from other instances become notes (title from `name` or
// the text's first line, sanitized HTML body, images with their remote
// URLs, hashtags, mentions, content warning, visibility from to/cc), or
// comments when they reply (inReplyTo) to a note or comment we have.
// Unknown parents and quoted notes are fetched from their own origin up to
// a small depth, so threads assemble.
//
// Trust [Mastodon CVE-2024-23832]: an object is taken only from the origin
// of its id, and only when its author (attributedTo) lives on that same
// origin. Callers hand in objects Fedify got from their own origin
// (getObject() re-fetches embedded objects of another origin).
//
// Failures: a parent or quoted note that cannot be fetched because of the
// network (timeout, connection refused, 5xx) throws, so the inbox job is
// retried; one that is gone (404, 410) or malformed is simply not there.

import { Article, Event, Hashtag, Image, Link, Mention, Note, Object as APObject, Page, PUBLIC_COLLECTION, Question, Video, Document } from '@fedify/vocab';
import {
  AccountsServiceRef, FederationServiceRef, escapeHtml, htmlToText,
  type AccountRecord, type FederationService, type ImportedObject, type PluginContext,
} from '../../../core/index.ts';
import type { CommentRecord, NoteMention, NoteRecord, RemoteImage, Visibility } from '../contracts.ts';
import { notesOf } from '../service/index.ts';
import type { NotesSettings } from '../service/deps.ts';
import type { RemoteNoteInput } from '../service/remote.ts';
import { localActorHandle, localTarget } from './local-uris.ts';
import { quoteOf } from './quotes.ts';

/** The object kinds that become notes. */
export const NOTE_TYPES = [Note, Article, Page, Question, Image, Video, Event];

/** How many parents (or quoted notes) one inbound object may pull in. */
export const MAX_FETCH_DEPTH = 3;
const TITLE_FROM_TEXT = 60;

/** What another helper adds to FederationService (domain blocks); read only when present. */
interface DomainPolicies {
  domainPolicy?(host: string): 'none' | 'silence' | 'suspend';
  rejectsMedia?(host: string): boolean;
}

type Fetcher = { fetchObject?(uri: string, options?: { rethrow?: (err: unknown) => boolean }): Promise<APObject | null> };

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT']);

/**
 * A failure worth retrying (the other side or the network: timeouts,
 * refused connections, 5xx, 429), not a bad or missing object (404, 410,
 * not ActivityStreams, a refused host).
 */
export function isNetworkFailure(err: unknown): boolean {
  for (let e: any = err, i = 0; e && i < 4; e = e.cause, i++) {
    const status = e.response instanceof Response ? e.response.status : null;
    if (status != null) return status >= 500 || status === 429 || status === 408;
    if (NETWORK_CODES.has(e.code) || e.name === 'AbortError' || e.name === 'TimeoutError') return true;
    if (e instanceof TypeError && /fetch failed/.test(e.message)) return true;
    // The bounded loader's own timeout (core/federation/loader.ts).
    if (e.name === 'FetchError' && /took longer than/.test(e.message)) return true;
  }
  return false;
}

export type Imported = { kind: 'note'; note: NoteRecord } | { kind: 'comment'; comment: CommentRecord };

const text = (v: unknown) => (v == null ? '' : String(v));

export class NotesImporter {
  private readonly ctx: PluginContext<NotesSettings>;
  constructor(ctx: PluginContext<NotesSettings>) {
    this.ctx = ctx;
  }

  get fed(): FederationService & DomainPolicies & Fetcher {
    return this.ctx.services.get(FederationServiceRef);
  }

  get notes() {
    return notesOf(this.ctx);
  }

  private log(reason: string, uri: string | null | undefined) {
    this.ctx.log.info({ uri }, `notes federation: ${reason}`);
  }

  /** Instance-level blocks for a host (suspend, silence, reject media). */
  policyOf(url: URL): { suspended: boolean; silenced: boolean; rejectMedia: boolean } {
    const fed = this.fed;
    const severity = typeof fed.domainPolicy === 'function' ? fed.domainPolicy(url.host) : 'none';
    return { suspended: severity === 'suspend', silenced: severity === 'silence', rejectMedia: typeof fed.rejectsMedia === 'function' ? fed.rejectsMedia(url.host) : false };
  }

  /**
   * Fetches a remote object from its own origin (signed by the instance
   * when the service can). Null when it is not there; a network failure throws.
   */
  async fetch(uri: URL): Promise<APObject | null> {
    const fed = this.fed;
    if (this.policyOf(uri).suspended) return null;
    if (typeof fed.fetchObject === 'function') return fed.fetchObject(uri.href, { rethrow: isNetworkFailure });
    const context = fed.context();
    try {
      return await context.lookupObject(uri.href);
    } catch {
      return null;
    }
  }

  /** For FederationService.registerObjectImporter (lookup of a URL). */
  async importForLookup(object: APObject): Promise<ImportedObject | null> {
    let done: Imported | null;
    try {
      done = await this.import(object, { depth: MAX_FETCH_DEPTH });
    } catch (err) {
      // A person looking something up gets "not found" now rather than an error; inbox work retries.
      if (!isNetworkFailure(err)) throw err;
      this.log('lookup gave up on a network failure', object.id?.href);
      return null;
    }
    if (!done) return null;
    return done.kind === 'note' ? { type: 'Note', id: done.note.id } : { type: 'Comment', id: done.comment.id };
  }

  /** What we already have for a URI: a local note/comment or a stored remote one. */
  async known(uri: URL | null): Promise<Imported | null> {
    if (!uri) return null;
    const local = localTarget(this.fed.context(), uri);
    if (local) {
      if (local.kind === 'note') {
        const note = await this.notes.reader.getById(local.id);
        return note && note.status !== 'deleted' ? { kind: 'note', note } : null;
      }
      const comment = await this.notes.comments.get(local.id);
      return comment && !comment.deletedAt ? { kind: 'comment', comment } : null;
    }
    return this.notes.remote.findByUri(uri.href);
  }

  /** A known object, or fetched from its origin and imported while `depth` allows. */
  async resolve(uri: URL | null, depth: number): Promise<Imported | null> {
    const found = await this.known(uri);
    if (found || !uri || depth <= 0 || uri.origin === this.fed.context().origin) return found;
    const fetched = await this.fetch(uri);
    return fetched ? this.import(fetched, { depth: depth - 1 }) : null;
  }

  /**
   * Stores (or refreshes) a remote object as a note or comment. `author`,
   * when given, is the account that sent it, which must be its author.
   * Returns null when refused (logged with the reason).
   */
  async import(object: APObject, options: { depth: number; author?: AccountRecord | null; raw?: Record<string, any> | null }): Promise<Imported | null> {
    const id = object.id;
    if (!id || (id.protocol !== 'https:' && id.protocol !== 'http:')) return this.log('object without an http(s) id refused', id?.href), null;
    if (!NOTE_TYPES.some((t) => object instanceof t)) return null;
    const context = this.fed.context();
    if (id.origin === context.origin) return this.known(id);
    const attribution = object.attributionId;
    if (!attribution) return this.log('object without attributedTo refused', id.href), null;
    if (attribution.origin !== id.origin) return this.log(`object attributed to another origin (${attribution.origin}) refused`, id.href), null;
    const policy = this.policyOf(id);
    if (policy.suspended) return this.log('object from a suspended instance dropped', id.href), null;
    if (options.author && options.author.remote?.actorUri !== attribution.href) return this.log('object not by the actor that sent it refused', id.href), null;
    const author = options.author ?? (await this.fed.remoteAccount(attribution));
    if (!author?.remote) return this.log('author of the object could not be fetched', id.href), null;

    const visibility = visibilityOf(object);
    if (!visibility) return this.log('direct message not stored (notes have no direct messages)', id.href), null;
    const mentions = await this.mentionsOf(object);
    const published = object.published ? new Date(object.published.epochMilliseconds) : null;
    const url = urlOf(object);

    const replyTo = object.replyTargetId;
    if (replyTo) {
      const parent = await this.resolve(replyTo, options.depth);
      if (!parent) return this.log('reply to something unknown here not stored', id.href), null;
      const note = parent.kind === 'note' ? parent.note : await this.notes.reader.getById(parent.comment.noteId);
      if (!note || note.status !== 'published') return null;
      const input = { uri: id.href, url, html: contentHtml(object), mentions, publishedAt: published };
      const existing = await this.notes.remote.findByUri(id.href);
      if (existing?.kind === 'comment') {
        if (existing.comment.authorId !== author.id) return this.log('update of a comment by another author refused', id.href), null;
        await this.notes.remote.updateComment(existing.comment, input);
        return { kind: 'comment', comment: (await this.notes.comments.get(existing.comment.id))! };
      }
      const comment = await this.notes.remote.createComment(author.id, note, parent.kind === 'comment' ? parent.comment : null, input);
      return comment ? { kind: 'comment', comment } : null;
    }

    const input = await this.noteInput(object, options.raw ?? (await rawJson(object)), { uri: id.href, url, visibility: policy.silenced && visibility === 'public' ? 'unlisted' : visibility, mentions, published });
    if (policy.rejectMedia) input.images = [];
    await this.keepBlurhashes(id.href, input);
    const quote = await quoteOf(object);
    if (quote) {
      const quoted = quote.href === id.href ? null : await this.resolve(quote, options.depth);
      input.quote = { noteId: quoted?.kind === 'note' ? quoted.note.id : null, uri: quote.href };
    }
    const stored = await this.notes.remote.upsertNote(author.id, input);
    if (!stored) return this.log('object id already used by another author or kind', id.href), null;
    if (stored.created) await this.notes.remote.linkQuotes(id.href, stored.note.id);
    return { kind: 'note', note: stored.note };
  }

  /**
   * A copy of the object without the sender's extra fields (fetched for a
   * lookup or a Group's share after the Create came) keeps the blurhash
   * each image already has: the image at a URL does not change.
   */
  private async keepBlurhashes(uri: string, input: RemoteNoteInput): Promise<void> {
    if (input.images.every((i) => i.remote.blurhash)) return;
    const existing = await this.notes.remote.findByUri(uri);
    if (existing?.kind !== 'note') return;
    const known = new Map(existing.note.images.flatMap((i) => (i.remote?.blurhash ? [[i.remote.url, i.remote.blurhash] as const] : [])));
    for (const image of input.images) image.remote.blurhash ??= known.get(image.remote.url) ?? null;
  }

  private async noteInput(
    object: APObject,
    raw: Record<string, any>,
    base: { uri: string; url: string | null; visibility: Visibility; mentions: NoteMention[]; published: Date | null },
  ): Promise<RemoteNoteInput> {
    const name = object.name ? htmlToText(text(object.name)).replace(/\s+/g, ' ').trim() : '';
    let html = withoutTitleParagraph(contentHtml(object), name);
    const summary = object.summary ? htmlToText(text(object.summary)) : '';
    // Mastodon and Misskey use summary as the content warning of a Note; on an
    // Article it is the abstract, a warning only when marked sensitive.
    const warns = !!summary && (object.sensitive === true || object instanceof Note || object instanceof Question);
    if (summary && !warns) html = `<p>${escapeHtml(summary)}</p>${html}`;
    html += await fallbackHtml(object);
    const plain = htmlToText(html);
    const firstLine = plain.split('\n').find((l) => l.trim())?.trim() ?? '';
    const title = name || [...firstLine].slice(0, TITLE_FROM_TEXT).join('');
    const images = await imagesOf(object, raw);
    const hashtags: string[] = [];
    for await (const tag of object.getTags({ suppressError: true })) {
      if (tag instanceof Hashtag && tag.name) hashtags.push(text(tag.name).replace(/^#/, ''));
    }
    return {
      uri: base.uri,
      url: base.url,
      title,
      html,
      images,
      hashtags,
      mentions: base.mentions,
      visibility: base.visibility,
      language: languageOf(object),
      contentWarning: warns ? summary : object.sensitive ? 'Sensitive' : null,
      publishedAt: base.published,
      quote: null,
    };
  }

  private async mentionsOf(object: APObject): Promise<NoteMention[]> {
    const out: NoteMention[] = [];
    const context = this.fed.context();
    const accounts = this.ctx.services.get(AccountsServiceRef);
    for await (const tag of object.getTags({ suppressError: true })) {
      if (!(tag instanceof Mention) || !tag.href || out.length >= 20) continue;
      const local = localActorHandle(context, tag.href);
      if (local) {
        const account = await accounts.getByHandle(local);
        if (account && !account.remote) out.push({ handle: account.handle, domain: null, accountId: account.id });
        continue;
      }
      const m = /^@?([^@\s]+)(?:@([^@\s]+))?$/.exec(text(tag.name));
      if (m) out.push({ handle: m[1]!.slice(0, 100), domain: (m[2] ?? tag.href.host).slice(0, 255), accountId: null });
    }
    return out;
  }
}

/** public / unlisted / followers from to and cc; null for a direct message. */
export function visibilityOf(object: APObject): Visibility | null {
  const isPublic = (u: URL) => u.href === PUBLIC_COLLECTION.href || u.href === 'as:Public' || u.href === 'Public';
  const to = object.toIds;
  const cc = object.ccIds;
  if (to.some(isPublic)) return 'public';
  if (cc.some(isPublic)) return 'unlisted';
  // Objects fetched without addressing (some software omits it on fetch): by link only.
  if (!to.length && !cc.length) return 'unlisted';
  if ([...to, ...cc].some((u) => /\/followers\/?$/.test(u.pathname))) return 'followers';
  return null;
}

function urlOf(object: APObject): string | null {
  for (const u of object.urls) {
    const href = u instanceof URL ? u : u.href;
    if (!href) continue;
    const type = u instanceof Link ? u.mediaType : null;
    if (!type || type.startsWith('text/html')) return href.href;
  }
  return null;
}

function contentHtml(object: APObject): string {
  const content = object.content ?? object.contents[0] ?? '';
  const source = text(content);
  // Content is HTML in ActivityStreams; a bare string without tags is text.
  return /<[a-z][\s\S]*>/i.test(source) ? source : source.split(/\n{2,}/).filter(Boolean).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
}

/**
 * Meadow (and some others) start the content with the title as its own
 * paragraph, for software that hides `name`; with the title shown from
 * `name`, that paragraph would say it twice.
 */
export function withoutTitleParagraph(html: string, name: string): string {
  if (!name) return html;
  const first = /^\s*<p(?:\s[^>]*)?>([\s\S]*?)<\/p>\s*/i.exec(html);
  if (!first) return html;
  const said = htmlToText(first[1]).replace(/\s+/g, ' ').trim();
  return said === name ? html.slice(first[0].length) : html;
}

function languageOf(object: APObject): string | null {
  const content = object.content ?? object.contents[0];
  const locale = content && typeof content === 'object' && 'locale' in content ? (content as { locale: Intl.Locale }).locale : null;
  return locale?.baseName ?? null;
}

/** The readable part of kinds notes do not have: a poll's options, an event's time and place, a video's page. */
async function fallbackHtml(object: APObject): Promise<string> {
  const parts: string[] = [];
  if (object instanceof Question) {
    const options: string[] = [];
    const add = async (list: AsyncIterable<APObject>) => {
      for await (const option of list) {
        const votes = (await option.getReplies({ suppressError: true }).catch(() => null))?.totalItems;
        options.push(`${htmlToText(text(option.name))}${votes != null ? ` (${votes})` : ''}`);
      }
    };
    await add(object.getExclusiveOptions({ suppressError: true }));
    await add(object.getInclusiveOptions({ suppressError: true }));
    if (options.length) parts.push(`<p>Poll:</p><ul>${options.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul>`);
    if (object.endTime) parts.push(`<p>Closes: ${escapeHtml(object.endTime.toString())}</p>`);
  }
  if (object instanceof Event) {
    if (object.startTime) parts.push(`<p>Starts: ${escapeHtml(object.startTime.toString())}</p>`);
    if (object.endTime) parts.push(`<p>Ends: ${escapeHtml(object.endTime.toString())}</p>`);
    const place = await object.getLocation({ suppressError: true }).catch(() => null);
    if (place?.name) parts.push(`<p>Where: ${escapeHtml(htmlToText(text(place.name)))}</p>`);
  }
  if (object instanceof Video || object instanceof Page || object instanceof Event) {
    const page = urlOf(object) ?? object.id?.href;
    if (page) parts.push(`<p><a href="${escapeHtml(page)}">${escapeHtml(page)}</a></p>`);
  }
  return parts.join('');
}

/** The object's JSON as received (for fields the vocabulary does not model, such as blurhash). */
export async function rawJson(object: APObject): Promise<Record<string, any>> {
  try {
    const json = await object.toJsonLd();
    return json && typeof json === 'object' ? (json as Record<string, any>) : {};
  } catch {
    return {};
  }
}

function rawAttachment(raw: Record<string, any>, href: string): Record<string, any> | null {
  const list = raw.attachment ?? raw['as:attachment'] ?? [];
  for (const item of Array.isArray(list) ? list : [list]) {
    if (!item || typeof item !== 'object') continue;
    const url = typeof item.url === 'string' ? item.url : typeof item.url?.href === 'string' ? item.url.href : Array.isArray(item.url) ? (item.url[0]?.href ?? item.url[0]) : null;
    if (url === href) return item;
  }
  return null;
}

/** Image attachments (and an Image object itself) with their remote URL, size, alt text and blurhash. */
async function imagesOf(object: APObject, raw: Record<string, any>): Promise<{ alt: string | null; remote: RemoteImage }[]> {
  const out: { alt: string | null; remote: RemoteImage }[] = [];
  const add = (doc: Document | Link | APObject, fallbackType: string | null) => {
    let href: URL | null = null;
    let mediaType = (doc as { mediaType?: string | null }).mediaType ?? fallbackType;
    let width = (doc as { width?: number | null }).width ?? null;
    let height = (doc as { height?: number | null }).height ?? null;
    if (doc instanceof Link) href = doc.href;
    else {
      const first = doc.urls[0] ?? null;
      if (first instanceof URL) href = first;
      else if (first instanceof Link) {
        href = first.href;
        mediaType = mediaType ?? first.mediaType;
        width = width ?? first.width;
        height = height ?? first.height;
      }
    }
    if (!href || (href.protocol !== 'https:' && href.protocol !== 'http:')) return;
    const isImage = mediaType ? mediaType.startsWith('image/') : doc instanceof Image;
    if (!isImage) return;
    const extra = rawAttachment(raw, href.href);
    const blurhash = typeof extra?.blurhash === 'string' ? extra.blurhash : null;
    const alt = doc instanceof Link ? null : doc.name ? htmlToText(text(doc.name)) || null : null;
    out.push({ alt, remote: { url: href.href, mediaType, width, height, blurhash } });
  };
  for await (const item of object.getAttachments({ suppressError: true })) {
    if (item instanceof Document || item instanceof Link || item instanceof Image) add(item, null);
  }
  if (object instanceof Image && !out.length) add(object, null);
  // A video page's preview (PeerTube's icon) shows as its image.
  if (object instanceof Video && !out.length) {
    const icon = await object.getIcon({ suppressError: true }).catch(() => null);
    if (icon) add(icon, 'image/jpeg');
  }
  return out;
}
