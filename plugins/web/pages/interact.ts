// /authorize_interaction?uri=… — where another instance sends someone who
// pressed "follow from your own instance" (the OStatus subscribe template
// this instance publishes in WebFinger). The uri (acct:user@host, an actor
// URL or a post URL) is resolved through lookupRemote; an account gets a
// Follow button (followRemote for remote accounts, follow for local ones),
// a post an "Open" link to its copy here. Signed-out visitors are asked to
// sign in and come back.

import type { FastifyInstance } from 'fastify';
import { localId } from '../../../core/index.ts';
import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html, safeUrl } from '../render/html.ts';
import { avatar, authorName } from '../render/cards.ts';
import { hidden } from '../render/forms.ts';
import { messageResult } from '../serve.ts';
import { crossSite } from '../actions.ts';
import { messageOf } from './admin.ts';
import type { ServePage } from './admin-routes.ts';

const PATH = '/authorize_interaction';

interface FoundAccount {
  id: string;
  handle: string;
  displayName: string;
  domain: string | null;
  bio: string;
  locked: boolean;
  viewerFollows: boolean;
  viewerRequestedFollow: boolean;
  avatar: { url: string } | null;
  remoteAvatarUrl: string | null;
}

const LOOKUP = `query WebInteract($q: String!) { lookupRemote(query: $q) {
  account { id handle displayName domain bio locked viewerFollows viewerRequestedFollow avatar { url(variant: small) } remoteAvatarUrl }
  objectId objectType
} }`;

/** What lookupRemote understands: acct:user@host → user@host; URLs and @user@host as they are. */
export function lookupQuery(uri: string): string {
  const trimmed = uri.trim();
  return /^acct:/i.test(trimmed) ? trimmed.slice(5).replace(/^@/, '') : trimmed;
}

/** user@host of an account as followRemote wants it, or null for a local account. */
const remoteHandle = (a: FoundAccount) => (a.domain ? (a.handle.includes('@') ? a.handle : `${a.handle}@${a.domain}`) : null);

export async function interactPage(page: WebPageContext, signInPage: boolean, error: string | null = null): Promise<WebPageResult> {
  const { t, instance } = page;
  const uri = (page.url.searchParams.get('uri') ?? '').trim();
  const title = t('interact.title', { name: instance.name });
  if (!uri || uri.length > 2048) return messageResult(page, 400, title, t('interact.missing'));
  if (!page.viewer) {
    const signIn = `/signin?next=${encodeURIComponent(page.url.pathname + page.url.search)}`;
    return {
      title,
      status: 401,
      meta: { noindex: true },
      body: html`<section class="message" aria-labelledby="interact-title"><h1 id="interact-title">${title}</h1><p>${t('interact.signIn', { name: instance.name })}</p><p class="hint">${uri}</p>${signInPage ? html`<p><a class="button primary" href="${signIn}">${t('admin.signIn')}</a></p>` : ''}</section>`,
    };
  }
  const data = await page.gql<{ lookupRemote: { account: FoundAccount | null; objectId: string | null; objectType: string | null } | null }>(LOOKUP, { q: lookupQuery(uri) });
  const found = data.lookupRemote;
  if (!found || (!found.account && found.objectType !== 'Note')) return messageResult(page, 404, title, t('interact.notFound', { uri }));

  let body;
  if (found.account) {
    const a = found.account;
    const full = remoteHandle(a) ?? `${a.handle}@${new URL(instance.publicUrl).host}`;
    const self = page.viewer.id === a.id;
    const state = a.viewerFollows ? t('interact.following', { handle: `@${full}` }) : a.viewerRequestedFollow ? t('interact.requested', { handle: `@${full}` }) : null;
    body = html`<section class="interact profile" aria-labelledby="interact-title">
  <h1 id="interact-title">${t('interact.account', { name: authorName(a) })}</h1>
  <div class="profile-head">${avatar(a, 64)}<div><p><strong>${authorName(a)}</strong></p><p class="handle">@${full}</p></div></div>
  ${a.bio ? html`<p class="bio">${a.bio}</p>` : ''}
  ${error ? html`<p class="form-error" role="alert">${error}</p>` : ''}
  ${state ? html`<p role="status">${state}</p>` : ''}
  ${self
    ? html`<p>${t('interact.self')}</p>`
    : html`<form method="post" action="${PATH}">
    ${hidden('uri', uri)}${hidden('accountId', a.id)}${hidden('on', a.viewerFollows || a.viewerRequestedFollow ? '0' : '1')}
    <button type="submit" class="${a.viewerFollows || a.viewerRequestedFollow ? 'secondary' : 'primary'}">${a.viewerFollows || a.viewerRequestedFollow ? t('interact.unfollow') : t('interact.follow')}</button>
  </form>`}
  <p><a href="/@${full}">${t('interact.openProfile')}</a></p>
</section>`;
  } else {
    const number = localId(found.objectId!, 'Note');
    body = html`<section class="interact message" aria-labelledby="interact-title">
  <h1 id="interact-title">${t('interact.note')}</h1>
  <p class="hint">${uri}</p>
  <p><a class="button primary" href="${safeUrl(`/notes/${number}`)}">${t('interact.open')}</a></p>
</section>`;
  }
  return { title, body, meta: { noindex: true } };
}

/** The Follow button: followRemote for someone elsewhere, follow for someone here; back to the page. */
export async function interactFollow(page: WebPageContext, form: URLSearchParams, signInPage: boolean): Promise<WebPageResult> {
  const uri = form.get('uri') ?? '';
  const back = `${PATH}?uri=${encodeURIComponent(uri)}`;
  const reload = () => interactPage({ ...page, url: new URL(back, page.instance.publicUrl) }, signInPage);
  if (!page.viewer) return reload();
  const on = form.get('on') !== '0';
  try {
    const data = await page.gql<{ lookupRemote: { account: FoundAccount | null } | null }>(LOOKUP, { q: lookupQuery(uri) });
    const account = data.lookupRemote?.account;
    if (!account || account.id !== form.get('accountId')) return reload();
    const handle = remoteHandle(account);
    if (handle) {
      const field = on ? 'followRemote(handle: $handle) { state }' : 'unfollowRemote(handle: $handle)';
      await page.gql(`mutation($handle: String!) { r: ${field} }`, { handle });
    } else {
      await page.gql(`mutation($id: ID!) { r: ${on ? 'follow' : 'unfollow'}(accountId: $id) { id } }`, { id: account.id });
    }
  } catch (err) {
    const message = messageOf(err);
    const shown = await interactPage({ ...page, url: new URL(back, page.instance.publicUrl) }, signInPage, message);
    return 'body' in shown ? { ...shown, status: 400 } : shown;
  }
  return { redirect: back, status: 303 };
}

export function mountInteractRoutes(app: FastifyInstance, publicUrl: string, serve: ServePage): void {
  const signInPage = () => app.hasRoute({ method: 'GET', url: '/signin' });
  app.get(PATH, (req, reply) => serve(req, reply, (p) => interactPage(p, signInPage())));
  app.post(PATH, async (req, reply) => {
    if (crossSite(req, publicUrl)) return reply.status(403).send({ error: { code: 'FORBIDDEN', message: 'Forms of this site are only accepted from this site' } });
    const form = req.body instanceof URLSearchParams ? req.body : new URLSearchParams();
    return serve(req, reply, (p) => interactFollow(p, form, signInPage()));
  });
}
