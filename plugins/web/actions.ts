// The small POST routes behind the page's forms (/actions/<name>): like,
// share, follow, follow a topic, join a community, comment, pick a
// language, follow from another instance, collect to boards, answer follow
// requests, delete one's note. Each works as a plain form (303
// back to the page) and answers JSON to the actions island (Accept:
// application/json). Cross-site posts are refused; the session cookie is
// SameSite=Lax as well.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { FederationServiceRef, type PluginContext } from '../../core/index.ts';
import type { WebPageContext, WebPageResult } from './contracts.ts';
import { LOCALE_COOKIE, asLocale } from './i18n/index.ts';
import { WebGraphQLError } from './page-context.ts';
import { messageResult } from './serve.ts';
import { boardActions } from './pages/boards.ts';
import { requestActions } from './pages/requests.ts';
import { noteActions } from './pages/note-manage.ts';

export interface ActionOutcome {
  /** Where a plain form goes next. */
  redirect: string;
  /** What the island gets. */
  json: Record<string, unknown>;
}

type Action = (page: WebPageContext, form: URLSearchParams, io: { ctx: PluginContext; reply?: FastifyReply }) => Promise<ActionOutcome>;

/** A path on this site to go back to; anything else (//evil, https://…) becomes "/". */
export function safeNext(value: string | null, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\r\n]/.test(value)) return fallback;
  return value;
}

const on = (form: URLSearchParams) => form.get('on') !== '0';
const required = (form: URLSearchParams, name: string) => {
  const v = form.get(name);
  if (!v) throw new WebGraphQLError([{ message: `The form is missing "${name}"`, extensions: { code: 'BAD_USER_INPUT' } }]);
  return v;
};

const SIGNED_IN: Record<string, Action> = {
  like: async (page, form) => {
    const id = required(form, 'noteId');
    const field = on(form) ? 'likeNote' : 'unlikeNote';
    const data = await page.gql(`mutation($id: ID!) { r: ${field}(id: $id) { likesCount viewerHasLiked } }`, { id });
    return { redirect: safeNext(form.get('next')), json: { on: data.r.viewerHasLiked, count: data.r.likesCount } };
  },
  share: async (page, form) => {
    const id = required(form, 'noteId');
    const field = on(form) ? 'shareNote' : 'unshareNote';
    const data = await page.gql(`mutation($id: ID!) { r: ${field}(id: $id) { sharesCount viewerHasShared } }`, { id });
    return { redirect: safeNext(form.get('next')), json: { on: data.r.viewerHasShared, count: data.r.sharesCount } };
  },
  follow: async (page, form) => {
    const id = required(form, 'accountId');
    const field = on(form) ? 'follow' : 'unfollow';
    const data = await page.gql(`mutation($id: ID!) { r: ${field}(accountId: $id) { viewerFollows viewerRequestedFollow followersCount } }`, { id });
    return { redirect: safeNext(form.get('next')), json: { on: data.r.viewerFollows || data.r.viewerRequestedFollow, count: data.r.followersCount } };
  },
  block: async (page, form) => {
    const id = required(form, 'accountId');
    const data = await page.gql(`mutation($id: ID!) { r: ${on(form) ? 'block' : 'unblock'}(accountId: $id) { viewerBlocks } }`, { id });
    return { redirect: safeNext(form.get('next')), json: { on: data.r.viewerBlocks } };
  },
  mute: async (page, form) => {
    const id = required(form, 'accountId');
    const data = await page.gql(`mutation($id: ID!) { r: ${on(form) ? 'mute' : 'unmute'}(accountId: $id) { viewerMutes } }`, { id });
    return { redirect: safeNext(form.get('next')), json: { on: data.r.viewerMutes } };
  },
  'follow-topic': async (page, form) => {
    const name = required(form, 'name');
    const field = on(form) ? 'followTopic' : 'unfollowTopic';
    const data = await page.gql(`mutation($name: String!) { r: ${field}(name: $name) { viewerFollows followerCount } }`, { name });
    return { redirect: safeNext(form.get('next')), json: { on: data.r.viewerFollows, count: data.r.followerCount } };
  },
  join: async (page, form) => {
    const slug = required(form, 'slug');
    const field = on(form) ? 'joinCommunity' : 'leaveCommunity';
    const data = await page.gql(`mutation($slug: String!) { r: ${field}(slug: $slug) { viewerIsMember memberCount } }`, { slug });
    return { redirect: safeNext(form.get('next')), json: { on: data.r.viewerIsMember, count: data.r.memberCount } };
  },
  comment: async (page, form) => {
    const data = await page.gql(`mutation($noteId: ID!, $body: String!, $replyTo: ID) { addComment(noteId: $noteId, body: $body, replyTo: $replyTo) { id } }`, {
      noteId: required(form, 'noteId'),
      body: form.get('body') ?? '',
      replyTo: form.get('replyTo') || null,
    });
    const number = Buffer.from(String(data.addComment.id), 'base64url').toString().split(':')[1];
    const next = safeNext(form.get('next')).split('#')[0];
    return { redirect: `${next}#comment-${number}`, json: { id: data.addComment.id } };
  },
  // Collect to boards, edit/delete a board (pages/boards.ts); answer follow requests (pages/requests.ts); delete one's note (pages/note-manage.ts).
  ...boardActions(safeNext),
  ...requestActions,
  ...noteActions,
};

const ANYONE: Record<string, Action> = {
  locale: async (page, form, { reply }) => {
    const locale = asLocale(form.get('locale'));
    if (!locale) throw new WebGraphQLError([{ message: 'Pick zh-CN or en', extensions: { code: 'BAD_USER_INPUT' } }]);
    reply?.setCookie(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 86_400, httpOnly: false });
    // A signed-in person's own setting wins over the cookie, so it changes too.
    if (page.viewer) await page.gql(`mutation($locale: String) { updateProfile(input: { locale: $locale }) { locale } }`, { locale });
    return { redirect: safeNext(form.get('next')), json: { locale } };
  },
  'remote-follow': async (page, form, { ctx }) => {
    const handle = required(form, 'handle');
    const acct = (form.get('acct') ?? '').trim().replace(/^@/, '');
    const m = /^([^@\s]{1,64})@([a-z0-9.-]{1,253}(?::\d{1,5})?)$/i.exec(acct);
    if (!m) throw new WebGraphQLError([{ message: page.t('profile.remoteFollowBad'), extensions: { code: 'BAD_USER_INPUT' } }]);
    const target = `${handle}@${new URL(page.instance.publicUrl).host}`;
    const template = await subscribeTemplate(ctx, acct);
    if (!template) throw new WebGraphQLError([{ message: `${m[2]} did not say where to confirm a follow; search for @${target} there.`, extensions: { code: 'BAD_USER_INPUT' } }]);
    const url = template.replace('{uri}', encodeURIComponent(`acct:${target}`));
    return { redirect: url, json: { url } };
  },
};

/** The remote instance's "follow this" page, from the person's WebFinger (OStatus subscribe template). */
async function subscribeTemplate(ctx: PluginContext, acct: string): Promise<string | null> {
  const federation = ctx.services.maybe(FederationServiceRef);
  if (!federation) return null;
  // Federation's bounded WebFinger (size and time limits, instance blocks respected).
  const jrd = await federation.webFinger(acct).catch(() => null);
  const link = (Array.isArray(jrd?.links) ? jrd.links : []).find((l) => l.rel === 'http://ostatus.org/schema/1.0/subscribe' && typeof l.template === 'string');
  const template = link?.template ?? null;
  return template && /^https?:\/\//.test(template) && template.includes('{uri}') ? template : null;
}

export const ACTION_NAMES = new Set([...Object.keys(SIGNED_IN), ...Object.keys(ANYONE)]);

/** Same-site forms only: a cross-site Origin or Sec-Fetch-Site is refused. */
export function crossSite(req: FastifyRequest, publicUrl: string): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  const allowed = new Set([new URL(publicUrl).origin, `${req.protocol}://${req.headers.host}`]);
  return !allowed.has(origin);
}

export type ActionResult = { kind: 'done'; outcome: ActionOutcome } | { kind: 'page'; result: WebPageResult; code: string; message: string };

export async function runAction(name: string, page: WebPageContext, form: URLSearchParams, io: { ctx: PluginContext; reply?: FastifyReply }): Promise<ActionResult> {
  const action = SIGNED_IN[name] ?? ANYONE[name];
  if (!action) return { kind: 'page', code: 'NOT_FOUND', message: 'No such action', result: messageResult(page, 404, page.t('error.notFound'), page.t('error.notFoundBody')) };
  if (SIGNED_IN[name] && !page.viewer) {
    return { kind: 'page', code: 'UNAUTHENTICATED', message: page.t('error.signInFirst'), result: messageResult(page, 401, page.t('error.title'), page.t('error.signInFirst')) };
  }
  try {
    return { kind: 'done', outcome: await action(page, form, io) };
  } catch (err) {
    if (!(err instanceof WebGraphQLError)) throw err;
    const status = err.code === 'NOT_FOUND' ? 404 : err.code === 'FORBIDDEN' ? 403 : err.code === 'UNAUTHENTICATED' ? 401 : err.code === 'RATE_LIMITED' ? 429 : 400;
    return { kind: 'page', code: err.code, message: err.message, result: messageResult(page, status, page.t('error.title'), err.message) };
  }
}
