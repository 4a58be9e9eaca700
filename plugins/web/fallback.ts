// Browsers at the URLs federation serves as ActivityStreams JSON (the
// FederationHtmlFallback filter): /notes/{n} is rendered as the note page;
// a comment goes to its place on the note page; actor URLs redirect to the
// profile, topic or community page their actor documents name as `url`;
// a URL another plugin also has a page at (the shop's /products/{id}) gets
// that page.

import type { PluginContext } from '../../core/index.ts';
import type { Assets } from './assets.ts';
import { parseCookieHeader } from './page-context.ts';
import { servePage, toWebResponse, type PageHandler } from './serve.ts';
import { notePage } from './pages/note.ts';
import { findPluginPage } from './plugin-pages.ts';

const redirect = (location: string) => new Response(null, { status: 302, headers: { location, vary: 'Accept', 'cache-control': 'no-store' } });

export async function htmlFallback(ctx: PluginContext, assets: Assets, request: Request): Promise<Response | null> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const url = new URL(request.url);
  const path = url.pathname;
  const serve = async (handler: PageHandler, params: Record<string, string>) => {
    const headers = Object.fromEntries(request.headers);
    const response = toWebResponse(await servePage(ctx, assets, { url, headers, cookies: parseCookieHeader(headers.cookie) }, handler, params));
    response.headers.set('vary', 'Accept, Accept-Language, Cookie');
    return response;
  };
  let m = /^\/notes\/(\d{1,15})\/?$/.exec(path);
  if (m) {
    const number = m[1]!;
    return serve((page) => notePage(ctx, page, number), { id: number });
  }
  if ((m = /^\/notes\/(\d{1,15})\/comments\/(\d{1,15})\/?$/.exec(path))) return redirect(`/notes/${m[1]}#comment-${m[2]}`);
  m = /^\/users\/([^/]+)(?:\/(?:outbox|followers|following))?\/?$/.exec(path);
  if (m) {
    const identifier = decodeURIComponent(m[1]!);
    if (identifier === 'instance') return redirect('/');
    if (identifier.startsWith('t.')) return redirect(`/tags/${encodeURIComponent(identifier.slice(2))}`);
    if (identifier.startsWith('c.')) return redirect(`/communities/${encodeURIComponent(identifier.slice(2))}`);
    if (/^[a-z0-9_]{1,30}$/.test(identifier)) return redirect(`/@${identifier}`);
  }
  const found = await findPluginPage(ctx, path);
  return found ? serve((page) => found.spec.render(page), found.params) : null;
}
