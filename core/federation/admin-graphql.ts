// GraphQL for the operator: known instances and their health, instance
// blocks, and the delivery queue (waiting, failing and dead deliveries,
// retried by hand). Admin role only — except the public list of blocks,
// which anyone may read (only blocks marked public, like Mastodon's
// /api/v1/instance/domain_blocks, also served by index.ts).

import type { Resolvers } from '../plugins/define.ts';
import { requireRole } from '../graphql/context.ts';
import { fromGlobalId, toGlobalId } from '../graphql/relay.ts';
import { badInput, notFound } from '../errors/errors.ts';
import type { FederationServiceImpl } from './service.ts';
import { normalizeDomain, type DomainBlockRecord, type DomainSeverity } from './domain-blocks.ts';
import type { InstanceRecord, InstanceState } from './instances.ts';
import type { DeadDelivery, PendingDelivery } from './delivery.ts';

export const federationAdminTypeDefs = /* GraphQL */ `
  enum FederatedInstanceState {
    "Deliveries go through."
    HEALTHY
    "Recent deliveries could not reach it; they are retried."
    FAILING
    "Unreachable for longer than the pause threshold: nothing is sent until it answers again."
    PAUSED
  }

  "Another instance this one has delivered to or heard from."
  type FederatedInstance {
    host: String!
    software: String
    softwareVersion: String
    state: FederatedInstanceState!
    firstSeenAt: DateTime!
    "Last delivery it accepted."
    lastSuccessAt: DateTime
    "Last activity it sent here."
    lastInboundAt: DateTime
    lastFailureAt: DateTime
    lastError: String
    consecutiveFailures: Int!
    failingSince: DateTime
    pausedAt: DateTime
    "The block on it (or on a domain above it), if any."
    block: DomainBlock
  }

  enum DomainBlockSeverity {
    "No restriction beyond rejectMedia."
    NONE
    "Content accepted but kept out of public and discovery feeds."
    SILENCE
    "Nothing delivered to it, nothing accepted from it, follows with it removed."
    SUSPEND
  }

  "An instance-level block, covering the domain's subdomains (a host:port block covers that port only)."
  type DomainBlock {
    domain: String!
    severity: DomainBlockSeverity!
    "Media from it is neither fetched nor shown."
    rejectMedia: Boolean!
    reason: String!
    "Listed in the public list of blocked instances."
    public: Boolean!
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  "A block as the public list shows it."
  type PublicDomainBlock {
    domain: String!
    severity: DomainBlockSeverity!
    rejectMedia: Boolean!
    reason: String!
  }

  input DomainBlockInput {
    "example.com, host:port, or a URL on it."
    domain: String!
    severity: DomainBlockSeverity = SUSPEND
    rejectMedia: Boolean = false
    reason: String = ""
    public: Boolean = false
  }

  input DomainBlockPatch {
    severity: DomainBlockSeverity
    rejectMedia: Boolean
    reason: String
    public: Boolean
  }

  enum FederationDeliveryState {
    "Waiting in the queue (first tries and retries)."
    PENDING
    "Waiting for a retry after failed tries."
    FAILING
    "Given up: retries exhausted, the inbox is gone (404/410), or the instance is paused."
    DEAD
  }

  enum DeadDeliveryReason {
    EXHAUSTED
    GONE
    PAUSED
  }

  "One activity on its way to one inbox (a shared inbox stands for all followers on that instance)."
  type FederationDelivery {
    "Retry or discard dead ones with this id."
    id: ID!
    state: FederationDeliveryState!
    host: String!
    inbox: String!
    activityType: String!
    activityId: String
    "Tries made so far."
    attempts: Int!
    lastError: String
    "When a waiting delivery is tried next."
    nextAttemptAt: DateTime
    deadReason: DeadDeliveryReason
    "HTTP status of the last answer, for dead ones that got one."
    statusCode: Int
    createdAt: DateTime!
  }

  type FederationDeliveryCounts {
    pending: Int!
    failing: Int!
    dead: Int!
  }

  extend type Query {
    "Admin: instances this one knows, by host."
    federatedInstances(state: FederatedInstanceState, first: Int = 50, offset: Int = 0): [FederatedInstance!]!
    "Admin: one instance, or null when it was never seen."
    federatedInstance(host: String!): FederatedInstance
    "Admin: every instance-level block."
    domainBlocks: [DomainBlock!]!
    "Anyone: the blocks marked public."
    publicDomainBlocks: [PublicDomainBlock!]!
    "Admin: the delivery queue."
    federationDeliveries(state: FederationDeliveryState!, host: String, first: Int = 50): [FederationDelivery!]!
    federationDeliveryCounts: FederationDeliveryCounts!
  }

  extend type Mutation {
    "Admin: blocks an instance. Suspending removes every follow with it."
    addDomainBlock(input: DomainBlockInput!): DomainBlock!
    "Admin: changes a block (only the fields given)."
    updateDomainBlock(domain: String!, patch: DomainBlockPatch!): DomainBlock!
    "Admin: lifts a block. False when there was none. Removed follows stay removed."
    removeDomainBlock(domain: String!): Boolean!
    "Admin: queues dead deliveries again, one by id or all of a host (sent even to a paused instance). Returns how many."
    retryFederationDeliveries(id: ID, host: String): Int!
    "Admin: forgets dead deliveries, one by id or all of a host. Returns how many."
    discardFederationDeliveries(id: ID, host: String): Int!
    "Admin: asks an instance for its NodeInfo now; resumes delivery to it when it answers."
    probeFederatedInstance(host: String!): FederatedInstance!
    "Admin: resumes delivery to a paused instance without waiting for it to answer."
    resumeFederatedInstance(host: String!): FederatedInstance!
  }
`;

const MAX_FIRST = 500;

function first(n: number | undefined): number {
  const value = n ?? 50;
  if (!Number.isInteger(value) || value < 1 || value > MAX_FIRST) throw badInput(`first must be between 1 and ${MAX_FIRST}`, { field: 'first' });
  return value;
}

function hostArg(raw: string, field = 'host'): string {
  const host = normalizeDomain(raw);
  if (!host) throw badInput(`"${raw}" is not a host name; write it as example.com (or host:port)`, { field });
  return host;
}

const upper = (s: string) => s.toUpperCase();
const severityIn = (s: string | null | undefined): DomainSeverity | undefined => (s == null ? undefined : (s.toLowerCase() as DomainSeverity));

function blockOut(b: DomainBlockRecord) {
  return { ...b, severity: upper(b.severity) };
}

/** Dead delivery ids are "DeadDelivery:<n>"; waiting ones carry their job id. */
function deadId(id: string): number {
  const n = Number(fromGlobalId(id, 'DeadDelivery').id);
  if (!Number.isInteger(n) || n <= 0) throw badInput(`"${id}" is not a dead delivery id`, { field: 'id' });
  return n;
}

function pendingOut(p: PendingDelivery) {
  return {
    id: toGlobalId('Job', p.jobId),
    state: p.attempts > 0 ? 'FAILING' : 'PENDING',
    host: p.host,
    inbox: p.inbox,
    activityType: p.activityType,
    activityId: p.activityId,
    attempts: p.attempts,
    lastError: p.lastError,
    nextAttemptAt: p.nextAttemptAt,
    deadReason: null,
    statusCode: null,
    createdAt: p.createdAt,
  };
}

function deadOut(d: DeadDelivery) {
  return {
    id: toGlobalId('DeadDelivery', d.id),
    state: 'DEAD',
    host: d.host,
    inbox: d.inbox,
    activityType: d.activityType,
    activityId: d.activityId,
    attempts: d.attempts,
    lastError: d.lastError,
    nextAttemptAt: null,
    deadReason: upper(d.reason),
    statusCode: d.statusCode,
    createdAt: d.createdAt,
  };
}

export function federationAdminResolvers(get: () => FederationServiceImpl): Resolvers {
  const ops = () => get().operations;
  const instanceOut = (i: InstanceRecord) => ({ ...i, state: upper(i.state) });
  const oneTarget = (args: { id?: string | null; host?: string | null }) => {
    if ((args.id == null) === (args.host == null)) throw badInput('Give either id or host', { field: 'id' });
    return args.id != null ? { id: deadId(args.id) } : { host: hostArg(args.host!) };
  };
  return {
    FederatedInstance: {
      block: (instance: InstanceRecord) => {
        const block = ops().blocks.blockFor(instance.host);
        return block ? blockOut(block) : null;
      },
    },
    Query: {
      federatedInstances: async (_: unknown, args: { state?: string; first?: number; offset?: number }, gctx) => {
        requireRole(gctx, 'admin');
        const offset = args.offset ?? 0;
        if (!Number.isInteger(offset) || offset < 0) throw badInput('offset must be 0 or more', { field: 'offset' });
        await ops().blocks.fresh();
        const list = await ops().instances.list({ state: args.state?.toLowerCase() as InstanceState | undefined, limit: first(args.first), offset });
        return list.map(instanceOut);
      },
      federatedInstance: async (_: unknown, args: { host: string }, gctx) => {
        requireRole(gctx, 'admin');
        const found = await ops().instances.get(hostArg(args.host));
        return found ? instanceOut(found) : null;
      },
      domainBlocks: async (_: unknown, _args: unknown, gctx) => {
        requireRole(gctx, 'admin');
        return (await ops().blocks.list()).map(blockOut);
      },
      publicDomainBlocks: async () => (await ops().blocks.list({ publicOnly: true })).map((b) => ({ domain: b.domain, severity: upper(b.severity), rejectMedia: b.rejectMedia, reason: b.reason })),
      federationDeliveries: async (_: unknown, args: { state: string; host?: string; first?: number }, gctx) => {
        requireRole(gctx, 'admin');
        const limit = first(args.first);
        const host = args.host == null ? undefined : hostArg(args.host);
        if (args.state === 'DEAD') return (await ops().delivery.listDead({ host, limit })).map(deadOut);
        return (await ops().delivery.listPending({ host, limit, failingOnly: args.state === 'FAILING' })).map(pendingOut);
      },
      federationDeliveryCounts: async (_: unknown, _args: unknown, gctx) => {
        requireRole(gctx, 'admin');
        const pending = await ops().delivery.listPending({ limit: 100_000 });
        return { pending: pending.length, failing: pending.filter((p) => p.attempts > 0).length, dead: await ops().delivery.countDead() };
      },
    },
    Mutation: {
      addDomainBlock: async (_: unknown, { input }: { input: { domain: string; severity?: string; rejectMedia?: boolean; reason?: string; public?: boolean } }, gctx) => {
        requireRole(gctx, 'admin');
        const block = await ops().addBlock({ ...input, severity: severityIn(input.severity) });
        get().ctx.log.info({ domain: block.domain, severity: block.severity, by: gctx.viewer?.handle }, 'federation: instance blocked');
        return blockOut(block);
      },
      updateDomainBlock: async (_: unknown, args: { domain: string; patch: { severity?: string; rejectMedia?: boolean; reason?: string; public?: boolean } }, gctx) => {
        requireRole(gctx, 'admin');
        const patch = Object.fromEntries(Object.entries(args.patch ?? {}).filter(([, v]) => v !== null));
        if (Object.keys(patch).length === 0) throw badInput('Give at least one field to change', { field: 'patch' });
        return blockOut(await ops().updateBlock(hostArg(args.domain, 'domain'), { ...patch, severity: severityIn(patch.severity as string | undefined) }));
      },
      removeDomainBlock: async (_: unknown, args: { domain: string }, gctx) => {
        requireRole(gctx, 'admin');
        return ops().blocks.remove(args.domain);
      },
      retryFederationDeliveries: async (_: unknown, args: { id?: string; host?: string }, gctx) => {
        requireRole(gctx, 'admin');
        const target = oneTarget(args);
        const n = await ops().delivery.retryDead(target);
        if (n === 0 && 'id' in target) throw notFound(`Dead delivery ${args.id}`);
        return n;
      },
      discardFederationDeliveries: async (_: unknown, args: { id?: string; host?: string }, gctx) => {
        requireRole(gctx, 'admin');
        const target = oneTarget(args);
        const n = await ops().delivery.discardDead(target);
        if (n === 0 && 'id' in target) throw notFound(`Dead delivery ${args.id}`);
        return n;
      },
      probeFederatedInstance: async (_: unknown, args: { host: string }, gctx) => {
        requireRole(gctx, 'admin');
        const host = hostArg(args.host);
        if (!(await ops().instances.get(host))) throw notFound(`An instance ${host}`);
        await ops().delivery.probe(host);
        return instanceOut((await ops().instances.get(host))!);
      },
      resumeFederatedInstance: async (_: unknown, args: { host: string }, gctx) => {
        requireRole(gctx, 'admin');
        const host = hostArg(args.host);
        const resumed = await ops().instances.resume(host);
        if (!resumed) throw notFound(`An instance ${host}`);
        return instanceOut(resumed);
      },
    },
  };
}

/** Resolver maps side by side (one type's fields from several maps). */
export function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const out: Record<string, any> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map as Record<string, any>)) {
      const plain = (v: unknown) => v != null && Object.getPrototypeOf(v) === Object.prototype;
      out[type] = plain(fields) && plain(out[type]) ? { ...out[type], ...fields } : fields;
    }
  }
  return out as Resolvers;
}
