// The note page (/notes/{n}, the same URL federation serves as a Note):
// images as a carousel (a plain scrollable list without JavaScript), the
// body, structured blocks, hashtags, sections from plugins, like and share
// forms, the collect panel (pages/boards.ts), Edit/Delete for its author
// (pages/note-manage.ts), and comments with one level of replies.

import { toGlobalId, type PluginContext } from '../../../core/index.ts';
import { WebCommentActions, WebNoteSections, type WebNoteRef, type WebNoteSection, type WebPageContext, type WebPageResult } from '../contracts.ts';
import { html, raw, safeUrl, type SafeHtml } from '../render/html.ts';
import { avatar, authorName, noteRef, profilePath, topicPath, type AuthorFields } from '../render/cards.ts';
import { BLOCK_FIELDS, renderBlock, type NoteBlock } from '../render/blocks.ts';
import { collectPanel, viewerBoards } from './boards.ts';
import { noteManage } from './note-manage.ts';

const AUTHOR = 'handle displayName domain avatar { url(variant: small) } remoteAvatarUrl';
const COMMENT = `id bodyHtml createdAt likesCount remoteUrl author { ${AUTHOR} }`;

const QUERY = `query WebNote($id: ID!, $after: String) { note(id: $id) {
  id title body bodyHtml contentWarning hashtags createdAt publishedAt editedAt remoteUrl status
  likesCount collectsCount sharesCount commentsCount viewerHasLiked viewerHasShared disclosure commentPolicy viewerCanComment sensitive moderation { state holdReasons }
  author { id ${AUTHOR} }
  cover { url alt width height media { medium: url(variant: medium) } }
  images { url alt width height remote media { medium: url(variant: medium) large: url(variant: large) } }
  video { url mimeType width height alt poster { url } }
  ${BLOCK_FIELDS}
  sections { html kind plugin position }
  quote { id title author { handle displayName } }
  comments(first: 20, after: $after) { edges { node { ${COMMENT} repliesCount replies(first: 10) { edges { node { ${COMMENT} } } } } } pageInfo { hasNextPage endCursor } }
} }`;

interface CommentData {
  id: string;
  bodyHtml: string;
  createdAt: string;
  likesCount: number;
  remoteUrl: string | null;
  author: AuthorFields;
  repliesCount?: number;
  replies?: { edges: { node: CommentData }[] };
}

interface ImageData {
  url: string;
  alt: string;
  width: number | null;
  height: number | null;
  remote: boolean;
  media: { medium: string; large: string } | null;
}

export interface NoteData {
  id: string;
  title: string;
  body: string;
  bodyHtml: string;
  contentWarning: string | null;
  hashtags: string[];
  createdAt: string;
  publishedAt: string | null;
  editedAt: string | null;
  remoteUrl: string | null;
  likesCount: number;
  collectsCount: number;
  sharesCount: number;
  commentsCount: number;
  viewerHasLiked: boolean;
  viewerHasShared: boolean;
  disclosure: 'sponsored' | 'promoted' | null;
  commentPolicy: 'everyone' | 'followers' | 'following' | 'nobody';
  viewerCanComment: boolean;
  sensitive: boolean;
  /** For the author and staff only: held for review or hidden by moderators. */
  moderation: { state: 'visible' | 'held' | 'hidden'; holdReasons: string[] } | null;
  author: AuthorFields & { id?: string };
  cover: { url: string; alt: string; width: number | null; height: number | null; media: { medium: string } | null } | null;
  images: ImageData[];
  video: { url: string; mimeType: string; width: number | null; height: number | null; alt: string; poster: { url: string } | null } | null;
  blocks: NoteBlock[];
  sections: { html: string; kind: string; plugin: string; position: string }[];
  quote: { id: string; title: string; author: { handle: string; displayName: string } } | null;
  comments: { edges: { node: CommentData }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Plain text of the body for meta descriptions (markup marks dropped). */
export function plainText(markup: string, max = 200): string {
  const text = markup.replace(/[*_`>#~[\]]+/g, '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function time(iso: string | null, locale: string): SafeHtml {
  if (!iso) return html``;
  const date = new Date(iso);
  return html`<time datetime="${date.toISOString()}">${date.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' })}</time>`;
}

function carousel(note: NoteData, page: WebPageContext): SafeHtml {
  if (note.video) {
    const v = note.video;
    return html`<figure class="note-video"><video controls preload="metadata"${v.poster ? html` poster="${safeUrl(v.poster.url)}"` : ''}${v.width && v.height ? html` width="${v.width}" height="${v.height}"` : ''}><source src="${safeUrl(v.url)}" type="${v.mimeType}"><a href="${safeUrl(v.url)}">${v.alt || page.t('card.video')}</a></video></figure>`;
  }
  if (!note.images.length) return html``;
  const total = note.images.length;
  return html`<section class="carousel" aria-roledescription="carousel" aria-label="${page.t('note.images')}" data-carousel data-prev="${page.t('note.previous')}" data-next="${page.t('note.next')}">
  <ul class="carousel-track" tabindex="0" aria-label="${page.t('note.images')}">${note.images.map((img, i) => {
    const src = safeUrl(img.media?.medium ?? img.url);
    const srcset = img.media && img.media.medium !== img.media.large ? html` srcset="${safeUrl(img.media.medium)} 1080w, ${safeUrl(img.media.large)} 2048w" sizes="(min-width: 60rem) 36rem, 100vw"` : '';
    return html`<li class="carousel-slide" id="image-${i + 1}" aria-roledescription="slide" aria-label="${page.t('note.imageOf', { n: i + 1, total })}"><img src="${src}"${srcset}${img.width && img.height ? html` width="${img.width}" height="${img.height}"` : ''} alt="${img.alt}"${i ? html` loading="lazy"` : ''} decoding="async"></li>`;
  })}</ul>
  ${total > 1 ? html`<p class="carousel-count" aria-hidden="true"><span data-current>1</span> / ${total}</p>` : ''}
</section>`;
}

/** Other plugins' actions under each comment shown (web.comment-actions), by comment id. */
type CommentActions = Map<string, SafeHtml[]>;

async function commentActions(ctx: PluginContext, page: WebPageContext, note: NoteData, ref: WebNoteRef): Promise<CommentActions> {
  const shown = note.comments.edges.flatMap((e) => [e.node, ...(e.node.replies?.edges.map((r) => r.node) ?? [])]);
  const lists = await Promise.all(shown.map((c) => ctx.hooks.applyFilter(WebCommentActions, [], { comment: { id: c.id, authorHandle: c.author.handle, note: ref }, page })));
  return new Map(shown.map((c, i) => [c.id, lists[i]!]));
}

function comment(c: CommentData, note: NoteData, page: WebPageContext, topLevel: boolean, more: CommentActions): SafeHtml {
  const id = toLocal(c.id);
  const extra = more.get(c.id) ?? [];
  const back = `${page.url.pathname}#comment-${id}`;
  return html`<li class="comment" id="comment-${id}">
  <article>
    <header class="comment-head"><a href="${profilePath(c.author.handle)}">${avatar(c.author, 28)}<span class="comment-author">${authorName(c.author)}</span></a> ${time(c.createdAt, page.locale)}</header>
    <div class="comment-body">${raw(c.bodyHtml)}</div>
    ${extra.length ? html`<footer class="comment-actions">${extra}</footer>` : ''}
    ${topLevel && page.viewer && note.viewerCanComment ? html`<details class="reply"><summary>${page.t('comments.reply')}</summary>
      <form method="post" action="/actions/comment">
        <input type="hidden" name="noteId" value="${note.id}"><input type="hidden" name="replyTo" value="${c.id}"><input type="hidden" name="next" value="${back}">
        <label for="reply-${id}">${page.t('comments.replyTo', { name: authorName(c.author) })}</label>
        <textarea id="reply-${id}" name="body" rows="2" required maxlength="5000"></textarea>
        <button type="submit">${page.t('comments.send')}</button>
      </form></details>` : ''}
  </article>
  ${c.replies?.edges.length ? html`<ul class="replies" aria-label="${page.t('comments.replies', { count: c.repliesCount ?? c.replies.edges.length })}">${c.replies.edges.map((e) => comment(e.node, note, page, false, more))}</ul>` : ''}
</li>`;
}

/** Why there is no comment form: the note's comment policy (signed-out people see it only when comments are off). */
function commentsClosed(note: NoteData, page: WebPageContext): SafeHtml | '' {
  if (note.viewerCanComment || (!page.viewer && note.commentPolicy !== 'nobody')) return '';
  return html`<p class="hint comments-closed">${page.t(`comments.closed.${note.commentPolicy}`, { name: authorName(note.author) })}</p>`;
}

const toLocal = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1] ?? globalId;

function actions(note: NoteData, page: WebPageContext, boards: Awaited<ReturnType<typeof viewerBoards>>): SafeHtml {
  const { t } = page;
  const back = page.url.pathname;
  if (!page.viewer) {
    return html`<section class="note-actions" aria-label="${t('note.actions')}">
  <p class="counts"><span>${t('note.likes', { count: note.likesCount })}</span> <span>${t('note.collects', { count: note.collectsCount })}</span> <span>${t('note.shares', { count: note.sharesCount })}</span></p>
  <p class="hint">${t('note.signInToAct')}</p>
</section>`;
  }
  const toggle = (action: string, on: boolean, labelOn: string, labelOff: string, count: number) => html`<form method="post" action="/actions/${action}" data-action="${action}">
    <input type="hidden" name="noteId" value="${note.id}"><input type="hidden" name="next" value="${back}"><input type="hidden" name="on" value="${on ? '0' : '1'}">
    <button type="submit" aria-pressed="${on ? 'true' : 'false'}" data-on="${labelOn}" data-off="${labelOff}"><span data-label>${on ? labelOn : labelOff}</span> <span data-count>${count}</span></button>
  </form>`;
  return html`<section class="note-actions" aria-label="${t('note.actions')}">
  ${toggle('like', note.viewerHasLiked, t('note.unlike'), t('note.like'), note.likesCount)}
  ${toggle('share', note.viewerHasShared, t('note.unshare'), t('note.share'), note.sharesCount)}
  ${collectPanel(page, note, boards)}
</section>`;
}

export async function notePage(ctx: PluginContext, page: WebPageContext, noteNumber: string): Promise<WebPageResult | null> {
  if (!/^\d{1,15}$/.test(noteNumber)) return null;
  const after = page.url.searchParams.get('comments');
  const data = await page.gql<{ note: NoteData | null }>(QUERY, { id: toGlobalId('Note', noteNumber), after: after || null });
  const note = data.note;
  if (!note) return null;
  const { t } = page;
  const ref = noteRef(note);
  const boards = await viewerBoards(page, note.id);
  const more = await commentActions(ctx, page, note, ref);
  const extra: WebNoteSection[] = (await ctx.hooks.applyFilter(WebNoteSections, [], { note: ref, page })).sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  const sectionsAt = (position: string) => note.sections.filter((s) => s.position === position).map((s) => html`<div class="section section-${s.kind}">${raw(s.html)}</div>`);
  const webSectionsAt = (position: WebNoteSection['position']) => extra.filter((s) => s.position === position).map((s) => html`<div class="section" data-section="${s.id}">${s.html}</div>`);
  const body = html`${note.contentWarning ? html`<details class="content-warning"><summary>${t('note.contentWarning', { text: note.contentWarning })} — ${t('note.showContent')}</summary>` : ''}
<article class="note" aria-labelledby="note-title">
  ${carousel(note, page)}
  <div class="note-main">
    <header class="note-head">
      <a class="note-author" href="${profilePath(note.author.handle)}">${avatar(note.author, 40)}<span>${authorName(note.author)}</span></a>
    </header>
    ${note.moderation?.state === 'held' ? html`<p class="form-alert" role="status">${t('note.held')}${note.moderation.holdReasons.length ? html` ${note.moderation.holdReasons.join('; ')}` : ''}</p>` : ''}
    ${note.moderation?.state === 'hidden' ? html`<p class="form-alert" role="status">${t('note.hiddenByModerators')} <a href="/moderation/mine">${t('note.whyLink')}</a></p>` : ''}
    ${note.disclosure ? html`<p class="note-disclosure"><span class="disclosure-label">${t(`disclosure.${note.disclosure}`)}</span></p>` : ''}
    <h1 id="note-title">${note.title}</h1>
    ${sectionsAt('before-body')}
    <div class="note-body">${raw(note.bodyHtml)}</div>
    ${sectionsAt('after-body')}
    ${note.blocks.map((b, i) => renderBlock(b, i, page))}
    ${sectionsAt('after-blocks')}
    ${webSectionsAt('after-body')}
    ${note.quote ? html`<aside class="quote"><p>${t('note.quote')}</p><a href="/notes/${toLocal(note.quote.id)}">${note.quote.title || note.quote.author.displayName}</a></aside>` : ''}
    ${note.hashtags.length ? html`<nav class="note-tags" aria-label="${t('note.topics')}"><ul>${note.hashtags.map((tag) => html`<li><a href="${topicPath(tag)}" rel="tag">#${tag}</a></li>`)}</ul></nav>` : ''}
    <p class="note-date">${time(note.publishedAt ?? note.createdAt, page.locale)}${note.editedAt ? html` · ${t('note.edited')}` : ''}${note.remoteUrl ? html` · <a href="${safeUrl(note.remoteUrl)}" rel="nofollow noopener">${t('note.remote')}</a>` : ''}</p>
    ${actions(note, page, boards)}
    ${noteManage(page, note)}
    ${webSectionsAt('before-comments')}
    <section class="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">${t('comments.title', { count: note.commentsCount })}</h2>
      ${note.comments.edges.length ? html`<ul class="comment-list">${note.comments.edges.map((e) => comment(e.node, note, page, true, more))}</ul>` : html`<p class="empty">${t('comments.empty')}</p>`}
      ${note.comments.pageInfo.hasNextPage && note.comments.pageInfo.endCursor ? html`<p><a href="${page.url.pathname}?comments=${encodeURIComponent(note.comments.pageInfo.endCursor)}#comments-title">${t('comments.more')}</a></p>` : ''}
      ${commentsClosed(note, page)}
      ${page.viewer && note.viewerCanComment ? html`<form class="comment-form" method="post" action="/actions/comment">
        <input type="hidden" name="noteId" value="${note.id}"><input type="hidden" name="next" value="${page.url.pathname}">
        <label for="comment-body">${t('comments.write')}</label>
        <textarea id="comment-body" name="body" rows="3" required maxlength="5000"></textarea>
        <button type="submit">${t('comments.send')}</button>
      </form>` : ''}
    </section>
  </div>
</article>
${note.contentWarning ? html`</details>` : ''}`;
  const coverUrl = note.cover ? (note.cover.media?.medium ?? note.cover.url) : null;
  return {
    title: note.title || plainText(note.body, 60),
    body,
    meta: { type: 'article', description: note.contentWarning ?? plainText(note.body), image: note.contentWarning ? null : coverUrl, imageAlt: note.cover?.alt },
    scripts: [page.asset('carousel.js'), ...(page.viewer ? [page.asset('actions.js')] : [])],
  };
}
