// Note cards of the search page and the "For you" feed: the site's card
// markup (the web plugin's stylesheet styles .grid/.card), the lines other
// plugins add through web.card-sections, and what only search knows — why
// the note is here, and a label on promoted results.

import { localId, type PluginContext } from '../../../core/index.ts';
import { WebCardSections, html, safeUrl, type SafeHtml, type WebPageContext } from '../../web/contracts.ts';
import { explain } from './words.ts';

/** The Note fields a card needs. */
export const NOTE_CARD = `id title likesCount hashtags disclosure
  author { handle displayName avatar { url(variant: small) } remoteAvatarUrl }
  cover { url alt width height media { small: url(variant: small) } }`;

export interface CardNote {
  id: string;
  title: string;
  likesCount: number;
  hashtags: string[];
  /** The author's paid-promotion label (sponsored, promoted). */
  disclosure?: 'sponsored' | 'promoted' | null;
  author: { handle: string; displayName: string; avatar: { url: string } | null; remoteAvatarUrl: string | null };
  cover: { url: string; alt: string; width: number | null; height: number | null; media: { small: string } | null } | null;
}

export interface CardExtras {
  reasons: string[];
  promoted?: { label: string; by: string } | null;
}

export const notePath = (id: string) => `/notes/${localId(id, 'Note')}`;

function avatar(author: CardNote['author']): SafeHtml {
  const src = author.avatar?.url ?? author.remoteAvatarUrl;
  if (src && safeUrl(src) !== '#') return html`<img class="avatar" src="${safeUrl(src)}" alt="" width="20" height="20" loading="lazy">`;
  const initial = [...(author.displayName || author.handle)][0]?.toUpperCase() ?? '?';
  return html`<span class="avatar avatar-initial" aria-hidden="true" style="width:20px;height:20px">${initial}</span>`;
}

function cover(note: CardNote): SafeHtml {
  const c = note.cover;
  if (!c) return html`<div class="card-cover card-cover-empty" aria-hidden="true"></div>`;
  const size = c.width && c.height ? html` width="${c.width}" height="${c.height}"` : '';
  return html`<img class="card-cover" src="${safeUrl(c.media?.small ?? c.url)}"${size} alt="${c.alt}" loading="lazy" decoding="async">`;
}

/** The note's own paid-promotion label, styled like the web plugin's cards. */
function disclosureLabel(page: WebPageContext, note: CardNote): SafeHtml | '' {
  if (!note.disclosure) return '';
  const label = note.disclosure === 'sponsored' ? page.text({ en: 'Sponsored', 'zh-CN': '合作' }) : page.text({ en: 'Promoted', 'zh-CN': '广告' });
  return html`<span class="disclosure-label card-disclosure">${label}</span>`;
}

/** "Why am I seeing this": open by default when asked (`open`), a disclosure otherwise. */
export function whyLines(page: WebPageContext, reasons: string[], options: { open?: boolean } = {}): SafeHtml | '' {
  if (!reasons.length) return '';
  const items = html`<ul>${reasons.map((r) => html`<li>${explain(r, page.locale)}</li>`)}</ul>`;
  if (options.open) return html`<div class="why"><span class="visually-hidden">${page.text({ en: 'Why it matched:', 'zh-CN': '匹配原因：' })}</span>${items}</div>`;
  return html`<details class="why"><summary>${page.text({ en: 'Why am I seeing this?', 'zh-CN': '为什么推荐给我？' })}</summary>${items}</details>`;
}

export async function renderNoteCards(ctx: PluginContext, page: WebPageContext, items: { note: CardNote; extras: CardExtras }[], options: { openWhy?: boolean } = {}): Promise<SafeHtml> {
  const cards = await Promise.all(items.map(async ({ note, extras }) => {
    const ref = { id: note.id, localId: localId(note.id, 'Note'), title: note.title, authorHandle: note.author.handle, hashtags: note.hashtags };
    const lines = await ctx.hooks.applyFilter(WebCardSections, [], { note: ref, locale: page.locale, viewer: page.viewer });
    const promoted = extras.promoted
      ? html`<p class="card-promoted"><strong>${page.text({ en: 'Promoted', 'zh-CN': '推广' })}</strong> · ${extras.promoted.label}${extras.promoted.by ? html` · ${extras.promoted.by}` : ''}</p>`
      : '';
    return html`<li class="card${extras.promoted ? ' card-is-promoted' : ''}">
  <article aria-labelledby="s-card-${note.id}">
    <a class="card-link" href="${notePath(note.id)}">${cover(note)}${disclosureLabel(page, note)}<h3 class="card-title" id="s-card-${note.id}">${note.title}</h3></a>
    ${promoted}
    ${lines.length ? html`<div class="card-extra">${lines}</div>` : ''}
    ${whyLines(page, extras.reasons, { open: options.openWhy })}
    <p class="card-meta"><a class="card-author" href="/@${note.author.handle}">${avatar(note.author)}<span>${note.author.displayName || note.author.handle}</span></a>
      <span class="card-likes" aria-label="${page.text({ en: `${note.likesCount} likes`, 'zh-CN': `${note.likesCount} 个赞` })}"><span aria-hidden="true">♥ ${note.likesCount}</span></span></p>
  </article>
</li>`;
  }));
  return html`<ul class="grid" role="list">${cards}</ul>`;
}
