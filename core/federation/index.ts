// The built-in "federation" module: ActivityPub through Fedify.
//
// Design
// - One Fedify `Federation` per instance, made here and owned by core
//   (service.ts). Its origin is config.publicUrl, so every URI it mints is
//   the public one whatever address the request came in on.
// - Fastify bridge (adapter.ts): for each path Fedify serves, a Fastify
//   route turns the request into a Web `Request` (public URL, raw body bytes
//   kept so Digest and HTTP signatures verify) and sends Fedify's `Response`
//   back. Browsers asking for an actor URL get the FederationHtmlFallback
//   filter's answer (the web plugin's page) or 406.
// - Storage on Meadow's own database: Fedify's KvStore in core_fed_kv
//   (kv.ts); its MessageQueue rides on the core job queue as
//   "federation.message" jobs (queue.ts), so outbound delivery and inbound
//   processing are durable and shared by every node on one database.
// - Actors (actors.ts): accounts as Person, brand/official as Organization,
//   the instance as Application ("/users/instance"); actor URLs are
//   /users/:handle. Keys (keys.ts): RSA-2048 for HTTP signatures and
//   Ed25519 for Object Integrity Proofs, made once per actor and stored.
// - Inbox: one Fedify listener for every Activity; Fedify has verified the
//   signature and that the key belongs to the actor. It routes the activity
//   to each handler registered for a matching type (core's Follow, Accept,
//   Undo in follows.ts; plugins' through FederationService.onInbox).
// - Remote actors become cached accounts (remote-accounts.ts, Mastodon's
//   model): notes, comments, likes and follows point at accounts whatever
//   instance they live on; follows across instances are mirrored into the
//   accounts graph, so feeds and counts need no federation code.
// - Account-level activities (account-activities.ts, moves.ts, flags.ts):
//   locked accounts with follow requests, Block, Update(Person),
//   Delete(Person) (sent before the account's rows go; its actor answers
//   410), Move with alsoKnownAs checks and a cooldown, Flag from the
//   instance actor (inbound ones become federation.flag-received).
// - Plugins add actors of their own (topics as Group) with
//   registerActorKind, and importers that turn remote objects into theirs.
// - Plugins never reach into this folder: they use contracts.ts
//   (FederationServiceRef, hook tokens); core knows none of their types.
// - Remote fetches of private and loopback addresses are refused unless
//   config.federation.allowPrivateAddresses (tests, local demos).

import { definePlugin, on, PLUGIN_API_VERSION } from '../plugins/define.ts';
import { AccountFollowed, AccountUnfollowed } from '../accounts/contracts.ts';
import type { Kernel } from '../kernel.ts';
import { FederationHtmlFallback, FederationServiceRef } from './contracts.ts';
import { FederationServiceImpl } from './service.ts';
import { federationMigrations } from './migrations.ts';
import { federationResolvers, federationTypeDefs } from './graphql.ts';
import { mountFederationRoutes } from './adapter.ts';
import { MESSAGE_JOB } from './queue.ts';
import { accountActivityHooks, accountActivityMigrations } from './account-activities.ts';
import { movesResolvers, movesTypeDefs } from './moves.ts';
import { FederationSettingsSchema } from './operations.ts';
import { federationAdminResolvers, federationAdminTypeDefs, mergeResolvers } from './admin-graphql.ts';
import { mastodonDomainBlockList } from './domain-blocks.ts';

export function federationPlugin(kernel: () => Kernel) {
  let service: FederationServiceImpl | undefined;
  let stopQueue: AbortController | undefined;
  const get = () => {
    if (!service) throw new Error('The federation service is used before the instance has started');
    return service;
  };
  const jsonError = (status: number, code: string, message: string) =>
    Response.json({ error: { code, message } }, { status, headers: { vary: 'Accept' } });

  return definePlugin({
    name: 'federation',
    apiVersion: PLUGIN_API_VERSION,
    description: 'ActivityPub federation (Fedify): actors, WebFinger, NodeInfo, inboxes, follows across instances',
    dependsOn: ['accounts', 'media'],
    migrations: [...federationMigrations, ...accountActivityMigrations],
    // Delivery policy (retries, timeouts, pausing dead instances), editable by admins.
    settings: FederationSettingsSchema,
    typeDefs: federationTypeDefs + federationAdminTypeDefs + movesTypeDefs,
    resolvers: mergeResolvers(federationResolvers(get), federationAdminResolvers(get), movesResolvers(get)),
    hooks: [
      // Following a remote account through the accounts graph sends Follow / Undo(Follow).
      on(AccountFollowed, (event) => get().remoteAccounts.onFollowed(event)),
      on(AccountUnfollowed, (event) => get().remoteAccounts.onUnfollowed(event)),
      // Locked accounts, Block, Update(Person), Delete(Person) (account-activities.ts).
      ...accountActivityHooks(get),
    ],
    jobs: [{ name: MESSAGE_JOB, handler: (message) => get().queue.deliver(message), maxAttempts: 20 }],
    provides: [
      {
        ref: FederationServiceRef,
        create: (ctx) => {
          service = new FederationServiceImpl({
            ctx,
            instanceName: () => kernel().state.settingsOf<{ name?: string }>('instance')?.name ?? 'Meadow',
            enabledPlugins: () => kernel().plugins.map((p) => p.name).filter((name) => kernel().state.isEnabled(name)),
          });
          return service;
        },
      },
    ],
    bootstrap: async (ctx) => {
      const s = ctx.services.get(FederationServiceRef) as FederationServiceImpl;
      await s.operations.start();
      stopQueue = new AbortController();
      void s.federation.startQueue(undefined, { signal: stopQueue.signal });
    },
    destroy: () => {
      stopQueue?.abort();
      service?.redisQueue?.close();
    },
    routes: (app, ctx) => {
      const s = get();
      s.startServing();
      // The public list of blocked instances, in Mastodon's shape (only blocks marked public).
      app.get('/api/v1/instance/domain_blocks', async () => mastodonDomainBlockList(await s.operations.blocks.list({ publicOnly: true })));
      mountFederationRoutes(app, s.paths, ctx.config.publicUrl, async (request) => {
        // Suspended instances are answered 202 and dropped before anything is fetched from them.
        const dropped = await s.operations.gateRequest(request);
        if (dropped) return dropped;
        // Inbound POSTs pass Meadow's own signature checks first (inbox-guard.ts).
        const refused = await s.inboxGuard.refusal(request);
        if (refused) return jsonError(401, 'UNAUTHENTICATED', refused);
        const response = await s.federation.fetch(request, {
          contextData: undefined,
          onNotFound: () => jsonError(404, 'NOT_FOUND', `Nothing federated at ${new URL(request.url).pathname}`),
          onNotAcceptable: async () =>
            (await ctx.hooks.applyFilter(FederationHtmlFallback, null, { request })) ??
            jsonError(406, 'NOT_ACCEPTABLE', 'This URL serves ActivityStreams JSON; ask with Accept: application/activity+json'),
          onUnauthorized: () => jsonError(401, 'UNAUTHENTICATED', 'The request signature is missing or does not verify'),
        });
        // Fedify's inbox answers 401 in plain text; every Meadow error is JSON.
        if (response.status === 401 && !response.headers.get('content-type')?.includes('json')) {
          const reason = (await response.text()).trim();
          return jsonError(401, 'UNAUTHENTICATED', reason && reason !== 'Unauthorized' ? reason : 'The request signature is missing or does not verify');
        }
        return response;
      });
    },
  });
}
