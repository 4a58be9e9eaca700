// Note cards of the waterfall grids (discovery, profile, topic, community):
// cover with its size and alt text, title, author and like count, plus the
// lines other plugins add through web.card-sections. Each page of cards is
// its own masonry block, so loading more never reshuffles what is shown.

import { localId, type PluginContext } from '../../../core/index.ts';
import { WebCardSections, type WebNoteRef, type WebPageContext } from '../contracts.ts';
import { html, safeUrl, type SafeHtml } from './html.ts';
import { whyThis } from './why.ts';

/** The fields a card needs; spread into any Note selection. */
export const CARD_FIELDS = `id title likesCount hashtags disclosure
  author { handle displayName domain avatar { url(variant: small) } remoteAvatarUrl }
  cover { url alt width height remote media { small: url(variant: small) medium: url(variant: medium) } }
  video { id }`;

export interface CardNote {
  id: string;
  title: string;
  likesCount: number;
  hashtags: string[];
  /** A paid-promotion label (sponsored, promoted), shown on the card. */
  disclosure?: string | null;
  author: AuthorFields;
  cover: { url: string; alt: string; width: number | null; height: number | null; remote: boolean; media: { small: string; medium: string } | null } | null;
  video: { id: string } | null;
}

export interface AuthorFields {
  handle: string;
  displayName: string;
  domain: string | null;
  avatar: { url: string } | null;
  remoteAvatarUrl: string | null;
}

export const notePath = (globalId: string) => `/notes/${localId(globalId, 'Note')}`;
/** Local accounts at /@handle; accounts of other instances at /@user@host. */
export const profilePath = (handle: string) => `/@${handle}`;
export const topicPath = (tag: string) => `/tags/${encodeURIComponent(tag)}`;

export function noteRef(note: { id: string; title: string; hashtags: string[]; author: { handle: string } }): WebNoteRef {
  return { id: note.id, localId: localId(note.id, 'Note'), title: note.title, authorHandle: note.author.handle, hashtags: note.hashtags };
}

export function avatar(author: AuthorFields, size: number): SafeHtml {
  const src = author.avatar?.url ?? author.remoteAvatarUrl;
  const initial = [...(author.displayName || author.handle)][0]?.toUpperCase() ?? '?';
  return src && safeUrl(src) !== '#'
    ? html`<img class="avatar" src="${safeUrl(src)}" alt="" width="${size}" height="${size}" loading="lazy">`
    : html`<span class="avatar avatar-initial" aria-hidden="true" style="width:${size}px;height:${size}px">${initial}</span>`;
}

export function authorName(author: AuthorFields): string {
  return author.displayName || author.handle;
}

function cover(note: CardNote, eager: boolean): SafeHtml {
  const c = note.cover;
  if (!c) return html`<div class="card-cover card-cover-empty" aria-hidden="true"></div>`;
  const src = safeUrl(c.media?.small ?? c.url);
  const srcset = c.media && c.media.small !== c.media.medium ? html` srcset="${safeUrl(c.media.small)} 400w, ${safeUrl(c.media.medium)} 1080w" sizes="(min-width: 60rem) 240px, 50vw"` : '';
  const size = c.width && c.height ? html` width="${c.width}" height="${c.height}"` : '';
  return html`<img class="card-cover" src="${src}"${srcset}${size} alt="${c.alt}"${eager ? '' : html` loading="lazy"`} decoding="async">`;
}

export interface CardOptions {
  /** How many covers load eagerly (the first row or two). */
  eager?: number;
  /** The card titles' heading level: 2 when the grid sits right under the page's h1, 3 under an h2. */
  level?: 2 | 3;
  /** Why each note is in the feed (discoverFeed's reasons), by note id: shown as "Why this". */
  reasons?: ReadonlyMap<string, string[]>;
}

export async function renderCards(ctx: PluginContext, page: WebPageContext, notes: CardNote[], options: CardOptions = {}): Promise<SafeHtml> {
  const level = options.level ?? 3;
  const cards = await Promise.all(
    notes.map(async (note, i) => {
      const reasons = options.reasons?.get(note.id);
      const extra = await ctx.hooks.applyFilter(WebCardSections, [], { note: noteRef(note), locale: page.locale, viewer: page.viewer, ...(reasons ? { reasons } : {}) });
      const title = level === 2 ? html`<h2 class="card-title" id="card-${note.id}">${note.title}</h2>` : html`<h3 class="card-title" id="card-${note.id}">${note.title}</h3>`;
      return html`<li class="card">
  <article aria-labelledby="card-${note.id}">
    <a class="card-link" href="${notePath(note.id)}">${cover(note, i < (options.eager ?? 4))}${note.video ? html`<span class="card-badge">${page.t('card.video')}</span>` : ''}${note.disclosure ? html`<span class="disclosure-label card-disclosure">${page.t(`disclosure.${note.disclosure}`)}</span>` : ''}
      ${title}</a>
    ${extra.length ? html`<div class="card-extra">${extra}</div>` : ''}
    ${whyThis(page, reasons)}
    <p class="card-meta"><a class="card-author" href="${profilePath(note.author.handle)}">${avatar(note.author, 20)}<span>${authorName(note.author)}</span></a>
      <span class="card-likes"><span aria-hidden="true">♥ ${note.likesCount}</span><span class="visually-hidden">${page.t('card.likes', { count: note.likesCount })}</span></span></p>
  </article>
</li>`;
    }),
  );
  return html`<ul class="grid" role="list">${cards}</ul>`;
}
