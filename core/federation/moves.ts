// Account migration (Move), Mastodon's model.
//
// A person first names their other account as an alias on the account they
// move TO (addAccountAlias → alsoKnownAs on its actor). Then, on the account
// they move FROM, moveAccount(target): the target must list this account in
// its alsoKnownAs (fetched fresh when remote), and one move per
// MOVE_COOLDOWN_MS. The account gets movedTo (Update goes out), Move goes
// to its followers, and its local followers follow the target instead.
// Inbound: a Move by the source actor of itself is taken only when the
// target, fetched from its own origin, lists the source; local followers of
// the source then follow the target (Follow sent) and unfollow the source.

import { randomUUID } from 'node:crypto';
import { Move, isActor, type Actor } from '@fedify/vocab';
import type { Resolvers } from '../plugins/define.ts';
import { requireViewer } from '../graphql/context.ts';
import { badInput, conflict, notFound } from '../errors/errors.ts';
import type { AccountRecord } from '../accounts/contracts.ts';
import type { FederationServiceImpl } from './service.ts';

/** Time between two moves of one account (Mastodon uses 30 days too). */
export const MOVE_COOLDOWN_MS = 30 * 24 * 3600_000;
const MAX_ALIASES = 10;

export const movesTypeDefs = /* GraphQL */ `
  extend type Mutation {
    "Names another account of yours (user@host or its URL) as an alias, so it may move to this one. Returns this account."
    addAccountAlias(account: String!): Account!
    "Removes an alias (user@host, its URL, or the actor URI listed in alsoKnownAs)."
    removeAccountAlias(account: String!): Account!
    "Moves this account's followers to another account (user@host) that lists this one among its aliases. One move per 30 days."
    moveAccount(target: String!): Account!
  }
`;

/** The actor URI of a local or cached remote account. */
function actorUriOf(service: FederationServiceImpl, account: AccountRecord): string {
  return account.remote ? account.remote.actorUri : service.actorUri(account.handle).href;
}

async function resolveAccount(service: FederationServiceImpl, query: string, field: string): Promise<AccountRecord> {
  const q = String(query ?? '').trim();
  if (!q || q.length > 2048) throw badInput('Give user@host or the account\'s URL', { field });
  // An account of this instance: "name", "@name" or "name@this-host".
  const ownHost = new URL(service.ctx.config.publicUrl).host;
  const local = /^@?([^@\s/]+)(?:@([^@\s/]+))?$/.exec(q);
  if (local && (!local[2] || local[2].toLowerCase() === ownHost)) {
    const account = await service.accounts.getByHandle(local[1]!);
    if (account && !account.remote) return account;
    throw notFound(`No account ${q} on this instance`);
  }
  const found = await service.lookup(q);
  if (found?.kind !== 'account') throw notFound(`No account ${q} could be found`);
  return found.account;
}

/** Fresh aliases of the target (a remote one is fetched again from its origin, not from cache). */
async function aliasesOf(service: FederationServiceImpl, target: AccountRecord): Promise<{ aliases: string[]; document: Actor | null }> {
  if (!target.remote) return { aliases: target.alsoKnownAs, document: null };
  const found = await service.fetchObject(target.remote.actorUri);
  if (!isActor(found) || found.id?.href !== target.remote.actorUri) return { aliases: [], document: null };
  return { aliases: found.aliasIds.map((u) => u.href), document: found };
}

/** Local followers of `source` follow `target` (or ask to) and stop following `source`. */
async function moveLocalFollowers(service: FederationServiceImpl, source: AccountRecord, target: AccountRecord): Promise<number> {
  let moved = 0;
  for (const followerId of await service.accounts.localFollowerIds(source.id)) {
    if (followerId === target.id) continue;
    try {
      await service.accounts.followOrRequest(followerId, target.id);
      await service.accounts.unfollow(followerId, source.id);
      moved++;
    } catch (err) {
      // Blocked by the target, for one: that follower stays where they were.
      service.ctx.log.info({ err, followerId, target: target.handle }, 'federation: a follower could not be moved');
    }
  }
  return moved;
}

export async function moveAccount(service: FederationServiceImpl, accountId: number, targetQuery: string): Promise<AccountRecord> {
  const me = await service.accounts.getById(accountId);
  if (!me || me.remote) throw notFound('The account');
  if (me.movedAt && Date.now() - me.movedAt.getTime() < MOVE_COOLDOWN_MS) {
    const next = new Date(me.movedAt.getTime() + MOVE_COOLDOWN_MS);
    throw conflict(`This account moved on ${me.movedAt.toISOString().slice(0, 10)}; it can move again from ${next.toISOString().slice(0, 10)}`);
  }
  const target = await resolveAccount(service, targetQuery, 'target');
  if (target.id === me.id) throw badInput('An account cannot move to itself', { field: 'target' });
  const myUri = actorUriOf(service, me);
  const { aliases, document } = await aliasesOf(service, target);
  if (!aliases.includes(myUri)) {
    throw badInput(`${target.handle} does not list this account among its aliases (alsoKnownAs); add ${myUri} there first`, { field: 'target' });
  }
  if (document) await service.saveActor(document);
  const targetUri = actorUriOf(service, target);
  const moved = await service.accounts.setMovedTo(me.id, targetUri);
  const meUrl = new URL(myUri);
  await service.sendActivity({ accountId: me.id }, 'followers', new Move({
    id: new URL(`#moves/${randomUUID()}`, meUrl), actor: meUrl, object: meUrl, target: new URL(targetUri),
    ccs: [service.context().getFollowersUri(me.handle)],
  }));
  await moveLocalFollowers(service, me, target);
  return moved;
}

async function changeAliases(service: FederationServiceImpl, accountId: number, query: string, add: boolean): Promise<AccountRecord> {
  const me = await service.accounts.getById(accountId);
  if (!me || me.remote) throw notFound('The account');
  let uri: string;
  if (!add && me.alsoKnownAs.includes(String(query ?? '').trim())) uri = String(query).trim();
  else {
    const other = await resolveAccount(service, query, 'account');
    if (other.id === me.id) throw badInput('An account cannot be its own alias', { field: 'account' });
    uri = actorUriOf(service, other);
  }
  const rest = me.alsoKnownAs.filter((u) => u !== uri);
  if (!add) {
    if (rest.length === me.alsoKnownAs.length) throw notFound(`${query} is not an alias of this account`);
    return service.accounts.setAlsoKnownAs(me.id, rest);
  }
  if (rest.length !== me.alsoKnownAs.length) return me;
  if (rest.length >= MAX_ALIASES) throw badInput(`At most ${MAX_ALIASES} aliases`, { field: 'account' });
  return service.accounts.setAlsoKnownAs(me.id, [...rest, uri]);
}

export function movesResolvers(get: () => FederationServiceImpl): Resolvers {
  const limited = async (viewerId: number, action: string) => get().ctx.rateLimit(`${action}:${viewerId}`, 10, 60_000);
  return {
    Mutation: {
      addAccountAlias: async (_: unknown, args: { account: string }, gctx) => {
        const viewer = requireViewer(gctx);
        await limited(viewer.accountId, 'alias');
        return changeAliases(get(), viewer.accountId, args.account, true);
      },
      removeAccountAlias: async (_: unknown, args: { account: string }, gctx) => {
        const viewer = requireViewer(gctx);
        return changeAliases(get(), viewer.accountId, args.account, false);
      },
      moveAccount: async (_: unknown, args: { target: string }, gctx) => {
        const viewer = requireViewer(gctx);
        await limited(viewer.accountId, 'move');
        return moveAccount(get(), viewer.accountId, args.target);
      },
    },
  };
}

export function registerMoveHandler(service: FederationServiceImpl): void {
  service.onInbox(Move, async (move, { context }) => {
    // Only an actor moving itself (the signature is its key's).
    if (!move.actorId || move.objectId?.href !== move.actorId.href || !move.targetId) return;
    const sourceUri = move.actorId.href;
    const targetUri = move.targetId.href;
    const source = await service.accounts.getByActorUri(sourceUri);
    if (!source?.remote || targetUri === sourceUri) return;
    if (source.movedAt && source.movedTo !== targetUri && Date.now() - source.movedAt.getTime() < MOVE_COOLDOWN_MS) {
      service.ctx.log.info({ source: sourceUri, target: targetUri }, 'federation: Move within the cooldown of the last one; ignored');
      return;
    }
    // The target, from its own origin (never from the activity), must list the source.
    let target: AccountRecord | null;
    const local = context.parseUri(move.targetId);
    if (local?.type === 'actor' && move.targetId.origin === context.origin) {
      target = await service.accounts.getByHandle(local.identifier);
      if (!target || target.remote || !target.alsoKnownAs.includes(sourceUri)) return;
    } else {
      const found = await service.fetchObject(targetUri);
      if (!isActor(found) || found.id?.href !== targetUri || !found.aliasIds.some((u) => u.href === sourceUri)) {
        service.ctx.log.info({ source: sourceUri, target: targetUri }, 'federation: Move whose target does not list the source; ignored');
        return;
      }
      target = await service.saveActor(found);
    }
    if (!target) return;
    await service.accounts.setMovedTo(source.id, targetUri);
    await moveLocalFollowers(service, source, target);
  });
}
