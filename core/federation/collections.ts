// The collections of local actors: followers, following and outbox, with
// their counters and authorized-fetch checks. Followers are the delivery
// list as well as a public collection; a person who hides their lists gets
// no items served over HTTP while deliveries still expand them.

import type { Context } from '@fedify/fedify';
import { FederationOutboxItems } from './contracts.ts';
import { toRecipient, type FederationServiceImpl } from './service.ts';

/** Outbox items per page. */
const OUTBOX_PAGE = 20;

export function setUpCollections(service: FederationServiceImpl): void {
  const local = async (identifier: string) => service.accountByIdentifier(identifier);
  service.federation
    .setFollowersDispatcher('/users/{identifier}/followers', async (fctx, identifier) => {
      if (service.kindOf(identifier)) return { items: (await service.store.actorFollowers(identifier)).map(toRecipient) };
      const account = await local(identifier);
      if (!account) return null;
      // A hidden list is served without items; delivery (no HTTP request) still gets them all.
      if (account.hideNetwork && servedOverHttp(fctx)) return { items: [] };
      // Items are the remote followers (the delivery list); local ones are counted only.
      return { items: (await service.store.followers(account.id)).map(toRecipient) };
    })
    .setCounter(async (_fctx, identifier) => {
      if (service.kindOf(identifier)) return service.store.countActorFollowers(identifier);
      // Remote followers are mirrored into the accounts graph, so this counts both.
      return (await local(identifier))?.followersCount ?? null;
    })
    .authorize((fctx, identifier) => service.signedFetchAllowed(fctx, identifier));
  service.federation
    .setFollowingDispatcher('/users/{identifier}/following', async (fctx, identifier) => {
      const account = await local(identifier);
      if (!account) return null;
      if (account.hideNetwork && servedOverHttp(fctx)) return { items: [] };
      const following = await service.store.following(account.id);
      return { items: following.filter((f) => f.state === 'accepted').map((f) => new URL(f.actor.uri)) };
    })
    .setCounter(async (_fctx, identifier) => (await local(identifier))?.followingCount ?? null)
    .authorize((fctx, identifier) => service.signedFetchAllowed(fctx, identifier));
  // Pages of OUTBOX_PAGE items from the FederationOutboxItems filter; the cursor is the filter's own.
  const outbox = async (identifier: string, cursor: string | null, limit: number) => {
    const account = await local(identifier);
    if (!account) return null;
    return service.ctx.hooks.applyFilter(FederationOutboxItems, { items: [], nextCursor: null, totalItems: 0 }, { accountId: account.id, identifier, cursor, limit });
  };
  service.federation
    .setOutboxDispatcher('/users/{identifier}/outbox', async (_fctx, identifier, cursor) => {
      const page = await outbox(identifier, cursor || null, cursor == null ? 0 : OUTBOX_PAGE);
      return page && { items: page.items, nextCursor: page.nextCursor };
    })
    .setCounter(async (_fctx, identifier) => (await outbox(identifier, null, 0))?.totalItems ?? null)
    .setFirstCursor(async (_fctx, identifier) => ((await local(identifier)) ? '' : null))
    .authorize((fctx, identifier) => service.signedFetchAllowed(fctx, identifier));
}

/** Is Fedify serving this collection to an HTTP client (not expanding it for a delivery)? */
function servedOverHttp(fctx: Context<void>): boolean {
  const request = (fctx as Context<void> & { request?: Request }).request;
  return request instanceof Request && request.method === 'GET';
}
