// One page request, from either door: a Fastify route of the web plugin or
// a browser asking federation for an ActivityPub URL (a Web Request). The
// handler returns a WebPageResult; this builds the page context, adds the
// navigation, wraps the document, and turns errors into 404/500 pages.

import type { PluginContext } from '../../core/index.ts';
import { WebNav, type WebNavEntry, type WebPageContext, type WebPageResult } from './contracts.ts';
import { renderDocument } from './render/layout.ts';
import { html } from './render/html.ts';
import { buildPageContext, WebGraphQLError, type IncomingRequest } from './page-context.ts';
import type { Assets } from './assets.ts';
import { accountNav } from './pages/auth.ts';
import { followRequestsNav } from './pages/requests.ts';

export interface WebReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type PageHandler = (page: WebPageContext) => Promise<WebPageResult | null>;

const HTML_HEADERS = { 'content-type': 'text/html; charset=utf-8', vary: 'Accept, Accept-Language, Cookie' };

function ownNav(page: WebPageContext): WebNavEntry[] {
  const entries: WebNavEntry[] = [{ id: 'discover', href: '/', label: page.t('nav.discover'), order: 10 }];
  if (page.viewer) entries.push({ id: 'profile', href: `/@${page.viewer.handle}`, label: page.t('nav.profile'), order: 90, audience: 'signed-in' });
  entries.push(...accountNav(page));
  return entries;
}

export async function navOf(ctx: PluginContext, page: WebPageContext): Promise<WebNavEntry[]> {
  // "Requests" shows only while someone waits for the viewer's approval.
  return ctx.hooks.applyFilter(WebNav, [...ownNav(page), ...(await followRequestsNav(page))], { viewer: page.viewer, locale: page.locale });
}

export function notFoundResult(page: WebPageContext): WebPageResult & { title: string } {
  return {
    title: page.t('error.notFound'),
    status: 404,
    body: html`<section class="message" aria-labelledby="error-title"><h1 id="error-title">${page.t('error.notFound')}</h1><p>${page.t('error.notFoundBody')}</p><p><a href="/">${page.t('error.backHome')}</a></p></section>`,
    meta: { noindex: true },
  };
}

export function messageResult(page: WebPageContext, status: number, title: string, message: string): WebPageResult {
  return {
    title,
    status,
    body: html`<section class="message" aria-labelledby="error-title"><h1 id="error-title">${title}</h1><p>${message}</p><p><a href="/">${page.t('error.backHome')}</a></p></section>`,
    meta: { noindex: true },
  };
}

export async function renderResult(ctx: PluginContext, page: WebPageContext, result: WebPageResult): Promise<WebReply> {
  if ('redirect' in result) return { status: result.status ?? 302, headers: { location: result.redirect, 'cache-control': 'no-store' }, body: '' };
  const body = renderDocument(page, { ...result, nav: await navOf(ctx, page) });
  return {
    status: result.status ?? 200,
    headers: { ...HTML_HEADERS, 'cache-control': page.viewer ? 'private, no-cache' : 'public, max-age=0, must-revalidate' },
    body,
  };
}

/** Runs a page handler for a request; never throws (errors become pages). */
export async function servePage(ctx: PluginContext, assets: Assets, incoming: IncomingRequest, handler: PageHandler, params: Record<string, string> = {}): Promise<WebReply> {
  let page: WebPageContext;
  try {
    page = await buildPageContext(ctx, assets, incoming, params);
  } catch (err) {
    ctx.log.error({ err }, 'web: the page shell could not be loaded');
    return { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Something went wrong on our side; it was logged' };
  }
  let result: WebPageResult | null;
  try {
    result = await handler(page);
  } catch (err) {
    const code = err instanceof WebGraphQLError ? err.code : null;
    if (code === 'NOT_FOUND' || code === 'BAD_USER_INPUT') result = null;
    else if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') result = messageResult(page, code === 'FORBIDDEN' ? 403 : 401, page.t('error.title'), (err as Error).message);
    else {
      ctx.log.error({ err, url: incoming.url.pathname }, 'web: a page failed to render');
      result = messageResult(page, 500, page.t('error.title'), page.t('error.body'));
    }
  }
  return renderResult(ctx, page, result ?? notFoundResult(page));
}

export function toWebResponse(reply: WebReply): Response {
  return new Response(reply.status === 302 || reply.status === 301 || reply.status === 303 ? null : reply.body, { status: reply.status, headers: reply.headers });
}
