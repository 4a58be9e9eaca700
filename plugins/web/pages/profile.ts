// A person's page at /@handle (the `url` of their actor document; /users/
// {handle} redirects here for browsers): avatar, bio, counts, follow
// button, their notes as a waterfall, and for visitors a "follow from your
// own instance" form.

import type { PluginContext } from '../../../core/index.ts';
import { WebProfileActions, type WebPageContext, type WebPageResult } from '../contracts.ts';
import { html, safeUrl, type SafeHtml } from '../render/html.ts';
import { CARD_FIELDS, authorName, avatar, renderCards, type CardNote } from '../render/cards.ts';
import { plainText } from './note.ts';

/** What the head of a profile page (its notes and its boards tab alike) shows. */
export const PROFILE_HEAD_FIELDS = `id handle displayName bio domain locked suspended followersCount followingCount viewerFollows viewerRequestedFollow viewerBlocks viewerMutes remoteUrl
  avatar { url(variant: small) } remoteAvatarUrl links { label url } boards { id }`;

const QUERY = `query WebProfile($handle: String!, $after: String) { account(handle: $handle) {
  ${PROFILE_HEAD_FIELDS}
  notes(first: 20, after: $after) { edges { node { ${CARD_FIELDS} } } pageInfo { hasNextPage endCursor } }
} }`;

export type ProfileHead = Omit<ProfileData, 'notes'>;

export interface ProfileData {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  domain: string | null;
  locked: boolean;
  followersCount: number;
  followingCount: number;
  viewerFollows: boolean;
  viewerRequestedFollow: boolean;
  viewerBlocks: boolean;
  viewerMutes: boolean;
  suspended: boolean;
  remoteUrl: string | null;
  avatar: { url: string } | null;
  remoteAvatarUrl: string | null;
  links: { label: string; url: string }[];
  boards: { id: string }[];
  notes: { edges: { node: CardNote }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export const HANDLE = /^[a-z0-9_]{1,30}(@[a-z0-9.-]{1,253}(:\d{1,5})?)?$/i;

export async function loadProfile(page: WebPageContext, handle: string, after: string | null = null): Promise<ProfileData | null> {
  if (!HANDLE.test(handle)) return null;
  const data = await page.gql<{ account: ProfileData | null }>(QUERY, { handle, after });
  return data.account;
}

export async function profilePage(ctx: PluginContext, page: WebPageContext, handle: string): Promise<WebPageResult | null> {
  const account = await loadProfile(page, handle, page.url.searchParams.get('after'));
  if (!account) return null;
  const { t } = page;
  const name = authorName(account);
  const path = `/@${account.handle}`;
  const notes = account.notes.edges.map((e) => e.node);
  // After deleting a note from its page, its author lands here.
  const deleted = page.url.searchParams.get('deleted') === '1' && page.viewer?.id === account.id;
  const more = await ctx.hooks.applyFilter(WebProfileActions, [], { account: { id: account.id, handle: account.handle, domain: account.domain }, page });
  const body = html`${deleted ? html`<p class="form-saved" role="status">${t('noteAdmin.deleted')}</p>` : ''}${profileHeader(page, account, more)}
${profileTabs(page, account, 'notes')}
<section aria-labelledby="profile-notes">
  <h2 id="profile-notes" class="visually-hidden">${t('profile.notes')}</h2>
  <div class="feed" data-feed>
    ${notes.length ? await renderCards(ctx, page, notes) : html`<p class="empty">${t('profile.empty')}</p>`}
    <nav class="pager" aria-label="${t('pagination.more')}">${account.notes.pageInfo.hasNextPage && account.notes.pageInfo.endCursor ? html`<a class="more" rel="next" data-more href="${path}?after=${encodeURIComponent(account.notes.pageInfo.endCursor)}">${t('pagination.more')}</a>` : ''}</nav>
  </div>
</section>`;
  const feedTitle = t('profile.feed', { name });
  return {
    title: `${name} (@${account.handle})`,
    body,
    meta: {
      type: 'profile',
      description: account.bio ? plainText(account.bio) : `@${account.handle}`,
      image: account.avatar?.url ?? null,
      alternates: account.domain ? [] : [{ type: 'application/atom+xml', href: `${path}/feed.atom`, title: feedTitle }],
      noindex: !!account.domain,
    },
    scripts: [page.asset('feed.js'), ...(page.viewer ? [page.asset('actions.js')] : [])],
  };
}

/** Avatar, name, bio, links, counts, follow button, "follow from your own instance" and other plugins' actions (web.profile-actions). */
export function profileHeader(page: WebPageContext, account: ProfileHead, more: SafeHtml[] = []): SafeHtml {
  const { t } = page;
  const name = authorName(account);
  const self = page.viewer?.handle === account.handle;
  const path = `/@${account.handle}`;
  const followForm = page.viewer && !self
    ? html`<form method="post" action="/actions/follow" data-action="follow">
        <input type="hidden" name="accountId" value="${account.id}"><input type="hidden" name="next" value="${path}">
        <input type="hidden" name="on" value="${account.viewerFollows || account.viewerRequestedFollow ? '0' : '1'}">
        <button type="submit" class="${account.viewerFollows ? 'secondary' : 'primary'}" aria-pressed="${account.viewerFollows ? 'true' : 'false'}" data-on="${account.locked ? t('profile.requested') : t('profile.unfollow')}" data-off="${t('profile.follow')}">${account.viewerFollows ? t('profile.unfollow') : account.viewerRequestedFollow ? t('profile.requested') : t('profile.follow')}</button>
      </form>`
    : '';
  // Block and mute: plain forms, tucked away; their lists and undo live on /settings/blocks.
  const relation = (kind: 'block' | 'mute', on: boolean) => html`<form method="post" action="/actions/${kind}">
        <input type="hidden" name="accountId" value="${account.id}"><input type="hidden" name="next" value="${path}">
        <input type="hidden" name="on" value="${on ? '0' : '1'}"><button type="submit" class="secondary">${t(`profile.${on ? 'un' : ''}${kind}`)}</button></form>`;
  const safety = page.viewer && !self
    ? html`<details class="profile-safety"><summary>${t('profile.safety')}</summary>${relation('mute', account.viewerMutes)}${relation('block', account.viewerBlocks)}</details>`
    : '';
  const remoteFollow = !page.viewer && !account.domain
    ? html`<details class="remote-follow"><summary>${t('profile.remoteFollow')}</summary>
        <form method="post" action="/actions/remote-follow">
          <p>${t('profile.remoteFollowHelp')}</p>
          <input type="hidden" name="handle" value="${account.handle}">
          <label for="remote-acct">${t('profile.remoteFollowLabel')}</label>
          <input id="remote-acct" name="acct" type="text" inputmode="email" autocomplete="username" required pattern="@?[^@\\s]+@[^@\\s]+" placeholder="you@mastodon.social">
          <button type="submit">${t('profile.remoteFollowButton')}</button>
        </form></details>`
    : '';
  return html`<section class="profile" aria-labelledby="profile-name">
  <div class="profile-head">
    ${avatar(account, 80)}
    <div>
      <h1 id="profile-name">${name}</h1>
      <p class="handle">@${account.handle}${account.domain ? '' : html`@${new URL(page.instance.publicUrl).host}`}</p>
    </div>
  </div>
  ${account.bio ? html`<p class="bio">${account.bio}</p>` : ''}
  ${account.links.length ? html`<ul class="profile-links">${account.links.map((l) => html`<li><a href="${safeUrl(l.url)}" rel="me nofollow noopener">${l.label || l.url}</a></li>`)}</ul>` : ''}
  <p class="profile-counts"><span>${t('profile.followers', { count: account.followersCount })}</span> <span>${t('profile.following', { count: account.followingCount })}</span></p>
  ${account.domain ? html`<p>${t('profile.remote', { domain: account.domain })}${account.remoteUrl ? html` <a href="${safeUrl(account.remoteUrl)}" rel="nofollow noopener">${account.remoteUrl}</a>` : ''}</p>` : ''}
  ${account.locked ? html`<p class="hint">${t('profile.locked')}</p>` : ''}
  ${account.suspended ? html`<p class="hint" role="status">${t('profile.suspended')}</p>` : ''}
  <div class="profile-actions">${followForm}${remoteFollow}${more}${safety}</div>
</section>`;
}

/** Notes | Boards (n): the profile's two tabs, plain links. */
export function profileTabs(page: WebPageContext, account: ProfileHead, current: 'notes' | 'boards'): SafeHtml {
  const { t } = page;
  const path = `/@${account.handle}`;
  const tab = (href: string, label: string, on: boolean) => html`<li><a href="${href}"${on ? html` aria-current="page"` : ''}>${label}</a></li>`;
  return html`<nav class="tabs" aria-label="${t('boards.tabs')}"><ul>${tab(path, t('boards.notesTab'), current === 'notes')}${tab(`${path}/boards`, t('boards.tab', { count: account.boards.length }), current === 'boards')}</ul></nav>`;
}
