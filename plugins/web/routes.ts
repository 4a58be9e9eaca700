// The web plugin's HTTP routes. Its own fixed pages are Fastify routes;
// pages other plugins add (web.pages) and the 404 page are served by one
// catch-all route, so a plugin switched off at run time simply stops
// having pages, and nobody can register a route federation already serves.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PluginContext } from '../../core/index.ts';
import { mountAdminRoutes } from './pages/admin-routes.ts';
import { mountInteractRoutes } from './pages/interact.ts';
import type { Assets } from './assets.ts';
import { buildPageContext, type IncomingRequest } from './page-context.ts';
import { renderResult, servePage, type PageHandler, type WebReply } from './serve.ts';
import { discoverPage } from './pages/discover.ts';
import { profilePage } from './pages/profile.ts';
import { boardPage, boardsPage } from './pages/boards.ts';
import { communityPage, topicPage } from './pages/topics.ts';
import { manifest, profileFeed, topicFeed } from './feeds.ts';
import { crossSite, runAction } from './actions.ts';
import { mountSignedInRoutes } from './signed-in-routes.ts';
import { findPluginPage } from './plugin-pages.ts';

export function incomingOf(req: FastifyRequest, reply: FastifyReply, publicUrl: string): IncomingRequest {
  return { url: new URL(req.url, publicUrl + '/'), headers: req.headers, cookies: (req as any).cookies ?? {}, request: req, reply };
}

function send(reply: FastifyReply, out: WebReply): FastifyReply {
  reply.status(out.status).headers(out.headers);
  return reply.send(out.body);
}

const wantsHtml = (req: FastifyRequest) => /text\/html|application\/xhtml\+xml/.test(String(req.headers.accept ?? ''));
const wantsJson = (req: FastifyRequest) => /application\/json/.test(String(req.headers.accept ?? '')) && !wantsHtml(req);

export async function mountWebRoutes(app: FastifyInstance, ctx: PluginContext, assets: Assets): Promise<void> {
  const publicUrl = ctx.config.publicUrl;
  type Req = FastifyRequest<{ Params: Record<string, string> }>;
  const page = (handler: (req: Req) => PageHandler) => async (req: FastifyRequest, reply: FastifyReply) =>
    send(reply, await servePage(ctx, assets, incomingOf(req, reply, publicUrl), handler(req as Req), (req.params ?? {}) as Record<string, string>));

  // Switched off at run time: nothing here answers (the routes stay mounted).
  app.addHook('onRequest', async (req, reply) => {
    if (!ctx.isEnabled('web')) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.url.split('?')[0]}` } });
  });
  // Forms post application/x-www-form-urlencoded.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, new URLSearchParams(String(body))));

  app.get<{ Params: { file: string } }>('/assets/:file', async (req, reply) => {
    const asset = assets.file(req.params.file);
    if (!asset) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No such asset' } });
    return reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
  });

  app.get('/manifest.webmanifest', async (req, reply) => {
    const p = await buildPageContext(ctx, assets, incomingOf(req, reply, publicUrl));
    return reply.type('application/manifest+json; charset=utf-8').header('cache-control', 'public, max-age=3600').send(JSON.stringify(manifest(p)));
  });

  app.get('/', page(() => (p) => discoverPage(ctx, p)));
  app.get('/@:handle', page((req) => (p) => profilePage(ctx, p, req.params.handle!)));
  app.get('/@:handle/boards', page((req) => (p) => boardsPage(p, req.params.handle!)));
  app.get('/@:handle/boards/:board', page((req) => (p) => boardPage(ctx, p, req.params.handle!, req.params.board!)));
  app.get('/tags/:tag', page((req) => (p) => topicPage(ctx, p, req.params.tag!)));
  app.get('/communities/:slug', page((req) => (p) => communityPage(ctx, p, req.params.slug!)));
  // Sign-up/in/out, settings, compose, drafts, following (multipart forms are parsed in this scope).
  await mountSignedInRoutes(app, ctx, async (req, reply, handler) => send(reply, await servePage(ctx, assets, incomingOf(req, reply, publicUrl), handler)));

  const feed = (make: (req: Req, p: Awaited<ReturnType<typeof buildPageContext>>) => Promise<string | null>) => async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await buildPageContext(ctx, assets, incomingOf(req, reply, publicUrl));
    const xml = await make(req as Req, p).catch(() => null);
    if (xml === null) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No such feed' } });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  };
  app.get('/@:handle/feed.atom', feed((req, p) => profileFeed(p, req.params.handle!)));
  app.get('/tags/:tag/feed.atom', feed((req, p) => topicFeed(p, req.params.tag!)));

  // Admin pages (/admin/*) and the remote-interaction page other instances send people to.
  const serveHandler = async (req: FastifyRequest, reply: FastifyReply, handler: PageHandler) => send(reply, await servePage(ctx, assets, incomingOf(req, reply, publicUrl), handler));
  mountAdminRoutes(app, publicUrl, serveHandler);
  mountInteractRoutes(app, publicUrl, serveHandler);

  app.post<{ Params: { action: string } }>('/actions/:action', async (req, reply) => {
    const json = wantsJson(req);
    if (crossSite(req, publicUrl)) {
      return reply.status(403).send({ error: { code: 'FORBIDDEN', message: 'Forms of this site are only accepted from this site' } });
    }
    const form = req.body instanceof URLSearchParams ? req.body : new URLSearchParams(req.body && typeof req.body === 'object' ? (req.body as Record<string, string>) : {});
    const incoming = incomingOf(req, reply, publicUrl);
    const p = await buildPageContext(ctx, assets, incoming);
    const outcome = await runAction(req.params.action, p, form, { ctx, reply });
    if (outcome.kind === 'done') {
      if (json) return reply.header('cache-control', 'no-store').send({ ok: true, ...outcome.outcome.json });
      return reply.status(303).header('location', outcome.outcome.redirect).header('cache-control', 'no-store').send();
    }
    const status = 'status' in outcome.result ? (outcome.result.status ?? 400) : 400;
    if (json) return reply.status(status).send({ error: { code: outcome.code, message: outcome.message } });
    return send(reply, await renderResult(ctx, p, outcome.result));
  });

  // Pages of other plugins, then the 404 page (HTML for browsers, JSON otherwise).
  const pluginPage = (pathname: string) => findPluginPage(ctx, pathname);
  const notFoundJson = (req: FastifyRequest, reply: FastifyReply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.url.split('?')[0]}` } });

  app.get('/*', async (req, reply) => {
    const incoming = incomingOf(req, reply, publicUrl);
    const found = await pluginPage(incoming.url.pathname);
    if (!found && !wantsHtml(req)) return notFoundJson(req, reply);
    return send(reply, await servePage(ctx, assets, incoming, found ? (p) => found.spec.render(p) : async () => null, found?.params ?? {}));
  });
  app.post('/*', async (req, reply) => {
    const incoming = incomingOf(req, reply, publicUrl);
    const found = await pluginPage(incoming.url.pathname);
    if (!found?.spec.action) return notFoundJson(req, reply);
    if (crossSite(req, publicUrl)) return reply.status(403).send({ error: { code: 'FORBIDDEN', message: 'Forms of this site are only accepted from this site' } });
    const form = req.body instanceof URLSearchParams ? req.body : new URLSearchParams();
    const action = found.spec.action;
    return send(reply, await servePage(ctx, assets, incoming, (p) => action(p, form), found.params));
  });
}
