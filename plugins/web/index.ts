// The web plugin: the instance's own site, server-rendered in its brand.
//
// - Pages are TypeScript functions returning html`…` (render/html.ts
//   escapes every interpolation), wrapped by render/layout.ts; data comes
//   from the GraphQL schema executed in-process as the request's viewer
//   (ctx.graphql), so this plugin knows no other plugin's internals.
// - The same URLs as federation: browsers asking for /notes/{n} or an actor
//   URL get HTML through FederationHtmlFallback (fallback.ts); /@handle,
//   /tags/<tag> and /communities/<slug> are routes of this plugin.
// - Small client islands (plain ES modules under client/, no build step)
//   add infinite scroll, the carousel's buttons and keys, and like/follow
//   without reloading; every page works without them.
// - Other plugins add pages, navigation and note/card sections through the
//   hooks in contracts.ts (docs/plugins.md, "Web pages").
// Decision record: docs/decisions/0006-web-rendering.md.

import { FederationHtmlFallback, FederationWebFingerLinks, PLUGIN_API_VERSION, definePlugin, filter } from '../../core/index.ts';
import { Assets } from './assets.ts';
import { htmlFallback } from './fallback.ts';
import { mountWebRoutes } from './routes.ts';
import { WebNav, WebPages } from './contracts.ts';
import { notificationsNav, notificationsPages } from './pages/notifications.ts';
import { adminNav } from './pages/admin.ts';

let assets: Assets | undefined;
const assetsOf = () => (assets ??= new Assets());

export default definePlugin({
  name: 'web',
  apiVersion: PLUGIN_API_VERSION,
  description: 'The branded web site: discovery feed, note pages, profiles, topics and communities, server-rendered',
  dependsOn: ['accounts', 'notes'],
  optionalDeps: ['topics', 'federation'],
  hooks: [
    filter(FederationHtmlFallback, async (response, { request }, ctx) => response ?? (await htmlFallback(ctx, assetsOf(), request))),
    // Other instances' "follow from your own instance" forms send people to /authorize_interaction.
    filter(FederationWebFingerLinks, (links, _context, ctx) => [...links, { rel: 'http://ostatus.org/schema/1.0/subscribe', template: `${ctx.config.publicUrl}/authorize_interaction?uri={uri}` }]),
    // The header's "Admin" entry, for admins only.
    filter(WebNav, (entries, context) => adminNav(entries, context)),
    // /notifications (live through the notificationAdded subscription) and its header entry with the unread count.
    filter(WebPages, (pages, _context, ctx) => [...pages, ...notificationsPages(ctx)]),
    filter(WebNav, (entries, context, ctx) => notificationsNav(ctx, entries, context)),
  ],
  routes: (app, ctx) => mountWebRoutes(app, ctx, assetsOf()),
});
