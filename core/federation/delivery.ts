// Outbound delivery policy around Fedify's own outbox.
//
// Fedify does the work: fan-out to shared inboxes (one message per inbox),
// signing, retries with its exponential backoff (we pass the policy from
// the federation settings, jitter on), and 404/410 as permanent failures
// (no retry; our handler drops the followers behind that inbox). Fedify's
// own circuit breaker is switched off: its state lives in opaque KV keys,
// it holds messages for up to a week without showing them to anyone, and it
// cannot hear that an instance came back by sending us something. This
// module does that part instead, around each queued outbox message
// (JobMessageQueue calls `around`):
//   - suspended instances get nothing (the message is dropped);
//   - a paused instance (instances.ts) gets nothing either: the message
//     becomes a dead delivery unless a probe (NodeInfo, at most once per
//     `probeEveryMs`) shows it answers again;
//   - each outcome updates the instance's health; a message Fedify gives
//     up on (retries exhausted), one refused as gone, and one skipped for a
//     pause are kept in core_fed_dead_deliveries, where admins see and
//     retry them.
// Fedify's fetch has no deadline, so a receiver that never answers would
// hold a worker forever: while a delivery runs, fetch() gets an abort
// signal after `timeoutMs` (installFetchDeadline, scoped by
// AsyncLocalStorage, so no other fetch in the process is touched).

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { createExponentialBackoffPolicy, SendActivityError, validatePublicUrl, type RetryPolicy } from '@fedify/fedify';
import type { Activity } from '@fedify/vocab';
import type { InstanceTracker } from './instances.ts';
import type { DomainBlocks } from './domain-blocks.ts';

const HOUR = 3_600_000;

/** The `delivery` part of the federation plugin's settings (admin-editable). */
export const DeliverySettingsSchema = z
  .object({
    /** Tries per inbox, the first included. */
    attempts: z.number().int().min(1).max(30).default(10),
    /** Wait before the first retry; each next one doubles it (times 1–2 for jitter). */
    initialDelayMs: z.number().int().positive().default(60_000),
    maxDelayMs: z.number().int().positive().default(12 * HOUR),
    /** One POST to an inbox may take this long. */
    timeoutMs: z.number().int().positive().max(300_000).default(20_000),
    /** An instance failing this long with no success in between is paused. */
    pauseAfterMs: z.number().int().positive().default(7 * 24 * HOUR),
    /** A paused instance is probed (NodeInfo) at most this often, before a delivery to it. */
    probeEveryMs: z.number().int().positive().default(HOUR),
  })
  .prefault({});

export type DeliverySettings = z.output<typeof DeliverySettingsSchema>;

/** Fedify's retry policy, read from the settings at each failure (changes apply at once). */
export function deliveryRetryPolicy(settings: () => DeliverySettings): RetryPolicy {
  return (context) => {
    const s = settings();
    return createExponentialBackoffPolicy({
      // Fedify counts retries; the setting counts tries.
      maxAttempts: s.attempts - 1,
      initialDelay: { milliseconds: s.initialDelayMs },
      maxDelay: { milliseconds: s.maxDelayMs },
      jitter: true,
    })(context);
  };
}

export type DeadReason = 'exhausted' | 'gone' | 'paused';

export interface DeadDelivery {
  id: number;
  host: string;
  inbox: string;
  activityId: string | null;
  activityType: string;
  reason: DeadReason;
  statusCode: number | null;
  attempts: number;
  lastError: string;
  createdAt: Date;
}

export interface PendingDelivery {
  /** The core job's id. */
  jobId: number;
  host: string;
  inbox: string;
  activityId: string | null;
  activityType: string;
  /** Tries that failed so far. */
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  running: boolean;
  createdAt: Date;
}

/** Fedify's queued outbox message, as far as we read it. */
interface OutboxMessage {
  type: 'outbox';
  id: string;
  inbox: string;
  activityId?: string;
  activityType: string;
  actorIds?: string[];
  attempt: number;
  started: string;
  /** Ours: why the previous try failed (shown to admins while it waits). */
  meadowLastError?: string;
  /** Ours: an admin retried it; deliver even to a paused instance. */
  meadowForce?: boolean;
  [key: string]: unknown;
}

interface DeliveryRun {
  error: unknown;
  permanentStatus: number | null;
  requeued: boolean;
}

const runs = new AsyncLocalStorage<DeliveryRun>();
const deadlines = new AsyncLocalStorage<number>();
const FETCH_PATCHED = Symbol.for('meadow.federation.fetch-deadline');

/** Gives fetch() calls made during a delivery an abort signal after the delivery timeout. */
export function installFetchDeadline(): void {
  const g = globalThis as typeof globalThis & { [FETCH_PATCHED]?: boolean };
  if (g[FETCH_PATCHED]) return;
  g[FETCH_PATCHED] = true;
  const original = globalThis.fetch;
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const ms = deadlines.getStore();
    if (!ms) return original(input, init);
    const own = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const timeout = AbortSignal.timeout(ms);
    return original(input, { ...init, signal: own ? AbortSignal.any([own, timeout]) : timeout });
  };
}

const isOutbox = (message: any): message is OutboxMessage => message?.type === 'outbox' && typeof message.inbox === 'string';

/** What went wrong, in a line an admin can act on. */
export function describeDeliveryError(error: unknown, timeoutMs?: number): string {
  if (error instanceof SendActivityError) {
    const body = (error.responseBody ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
    return `HTTP ${error.statusCode}${body ? `: ${body}` : ''}`;
  }
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError') return `No answer within ${timeoutMs ?? '?'} ms (timed out)`;
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `${err?.message ?? String(error)}${cause ? ` (${cause})` : ''}`.slice(0, 2000);
}

export interface DeliveryDeps {
  db: () => Kysely<any>;
  instances: InstanceTracker;
  blocks: DomainBlocks;
  settings: () => DeliverySettings;
  allowPrivateAddresses: boolean;
  userAgent: string;
  log: { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };
  /** Puts a Fedify message back on the queue (retrying a dead delivery). */
  enqueue: (message: unknown) => Promise<void>;
  /** Forgets the remote followers (actor URIs) behind an inbox that answered 404/410. */
  dropFollowers: (actorUris: string[]) => Promise<void>;
}

export class DeliveryTracker {
  private readonly deps: DeliveryDeps;

  constructor(deps: DeliveryDeps) {
    this.deps = deps;
    installFetchDeadline();
  }

  /** Runs one queued Fedify message (`run` hands it to Fedify) with the policy above. */
  async around(message: unknown, run: () => Promise<void>): Promise<void> {
    if (!isOutbox(message)) return run();
    const { instances, blocks, log } = this.deps;
    const settings = this.deps.settings();
    const host = new URL(message.inbox).host.toLowerCase();
    await blocks.fresh();
    if (blocks.isSuspended(host)) {
      log.info({ inbox: message.inbox, activityId: message.activityId }, 'federation: not delivered, the instance is suspended');
      return;
    }
    if (!message.meadowForce) {
      const instance = await instances.get(host);
      if (instance?.state === 'paused' && !(await this.probeIfDue(host, instance.lastProbeAt, settings))) {
        await this.recordDead(message, 'paused', null, `Not sent: delivery to ${host} is paused (unreachable since ${instance.failingSince?.toISOString() ?? 'long ago'})`);
        return;
      }
    }
    const state: DeliveryRun = { error: null, permanentStatus: null, requeued: false };
    await runs.run(state, () => deadlines.run(settings.timeoutMs, run));
    if (state.error == null) {
      await instances.recordSuccess(host);
      return;
    }
    const description = describeDeliveryError(state.error, settings.timeoutMs);
    if (state.permanentStatus != null) {
      await instances.recordRefusal(host, description);
      await this.recordDead(message, 'gone', state.permanentStatus, description);
      return;
    }
    const status = state.error instanceof SendActivityError ? state.error.statusCode : null;
    const reachable = status != null && status < 500 && status !== 408 && status !== 429;
    if (reachable) await instances.recordRefusal(host, description);
    else await instances.recordFailure(host, description, settings.pauseAfterMs);
    if (!state.requeued) await this.recordDead(message, 'exhausted', status, description);
  }

  /** JobMessageQueue passes each message it enqueues: a retry carries the error of the try before. */
  enqueued<M>(message: M): M {
    const state = runs.getStore();
    if (!state || !isOutbox(message) || state.error == null) return message;
    state.requeued = true;
    const { meadowForce: _force, ...rest } = message;
    return { ...rest, meadowLastError: describeDeliveryError(state.error, this.deps.settings().timeoutMs) } as M;
  }

  /** Fedify's onOutboxError: called for every failed try, before it decides to retry. */
  onOutboxError = (error: Error, _activity: Activity | null): void => {
    const state = runs.getStore();
    if (state) state.error = error;
  };

  /** Fedify's permanent-failure handler (404/410): the followers behind that inbox are gone. */
  onPermanentFailure = async (values: { inbox: URL; statusCode: number; actorIds: readonly URL[]; reason: string }): Promise<void> => {
    const state = runs.getStore();
    if (state) state.permanentStatus = values.statusCode || null;
    if (values.reason !== 'http') return;
    this.deps.log.info({ inbox: values.inbox.href, status: values.statusCode }, 'federation: inbox is gone; its followers are dropped');
    await this.deps.dropFollowers(values.actorIds.map((u) => u.href));
  };

  /** Asks a paused instance for its NodeInfo; true (and resumed) when it answers. */
  async probeIfDue(host: string, lastProbeAt: Date | null, settings: DeliverySettings): Promise<boolean> {
    if (lastProbeAt && Date.now() - lastProbeAt.getTime() < settings.probeEveryMs) return false;
    return this.probe(host, settings.timeoutMs);
  }

  async probe(host: string, timeoutMs = this.deps.settings().timeoutMs): Promise<boolean> {
    const { instances } = this.deps;
    try {
      const software = await this.fetchNodeInfo(host, timeoutMs);
      await instances.recordProbe(host, software);
      await instances.recordSuccess(host);
      return true;
    } catch (err) {
      await instances.recordProbe(host, null);
      this.deps.log.info({ host, err: describeDeliveryError(err, timeoutMs) }, 'federation: paused instance still does not answer');
      return false;
    }
  }

  private async fetchNodeInfo(host: string, timeoutMs: number): Promise<{ name: string; version: string } | null> {
    const get = async (url: URL) => {
      if (!this.deps.allowPrivateAddresses) await validatePublicUrl(url.href);
      const res = await fetch(url, { headers: { accept: 'application/json', 'user-agent': this.deps.userAgent }, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`${url.href} answered HTTP ${res.status}`);
      return res.json() as Promise<any>;
    };
    const index = await get(new URL(`https://${host}/.well-known/nodeinfo`));
    const link = (Array.isArray(index?.links) ? index.links : []).find((l: any) => typeof l?.href === 'string' && /nodeinfo\.diaspora\.software\/ns\/schema\/2\.[01]$/.test(l.rel ?? ''));
    if (!link) return null;
    const href = new URL(link.href);
    // The document must be on the instance itself (no probing elsewhere).
    if (href.host.toLowerCase() !== host) return null;
    const doc = await get(href);
    const name = typeof doc?.software?.name === 'string' ? doc.software.name : null;
    return name ? { name, version: String(doc.software.version ?? '') } : null;
  }

  private async recordDead(message: OutboxMessage, reason: DeadReason, statusCode: number | null, error: string): Promise<void> {
    const { meadowLastError: _e, meadowForce: _f, ...stored } = message;
    await this.deps.db()
      .insertInto('core_fed_dead_deliveries')
      .values({
        host: new URL(message.inbox).host.toLowerCase(),
        inbox: message.inbox.slice(0, 2048),
        activity_id: message.activityId?.slice(0, 2048) ?? null,
        activity_type: shortType(message.activityType),
        reason,
        status_code: statusCode,
        attempts: reason === 'paused' ? message.attempt : message.attempt + 1,
        last_error: error.slice(0, 4000),
        message: JSON.stringify(stored),
        created_at: Date.now(),
      })
      .execute();
  }

  async listDead(options: { host?: string; limit: number }): Promise<DeadDelivery[]> {
    let q = this.deps.db().selectFrom('core_fed_dead_deliveries').select(['id', 'host', 'inbox', 'activity_id', 'activity_type', 'reason', 'status_code', 'attempts', 'last_error', 'created_at']).orderBy('id', 'desc').limit(options.limit);
    if (options.host) q = q.where('host', '=', options.host.toLowerCase());
    return (await q.execute()).map((r: any) => ({
      id: Number(r.id),
      host: r.host,
      inbox: r.inbox,
      activityId: r.activity_id ?? null,
      activityType: r.activity_type,
      reason: r.reason,
      statusCode: r.status_code == null ? null : Number(r.status_code),
      attempts: Number(r.attempts),
      lastError: r.last_error,
      createdAt: new Date(Number(r.created_at)),
    }));
  }

  async countDead(): Promise<number> {
    const row = await this.deps.db().selectFrom('core_fed_dead_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Queues dead deliveries again (by id, or all of a host); returns how many. */
  async retryDead(filter: { id?: number; host?: string }): Promise<number> {
    let q = this.deps.db().selectFrom('core_fed_dead_deliveries').select(['id', 'message']).orderBy('id');
    if (filter.id != null) q = q.where('id', '=', filter.id);
    if (filter.host) q = q.where('host', '=', filter.host.toLowerCase());
    const rows = await q.execute();
    let n = 0;
    for (const row of rows) {
      const message = JSON.parse(row.message) as OutboxMessage;
      // A fresh message: Fedify's retry count and elapsed time start again.
      await this.deps.enqueue({ ...message, id: randomUUID(), attempt: 0, started: new Date().toISOString(), meadowForce: true });
      await this.deps.db().deleteFrom('core_fed_dead_deliveries').where('id', '=', row.id).execute();
      n++;
    }
    return n;
  }

  async discardDead(filter: { id?: number; host?: string }): Promise<number> {
    let q = this.deps.db().deleteFrom('core_fed_dead_deliveries');
    if (filter.id != null) q = q.where('id', '=', filter.id);
    if (filter.host) q = q.where('host', '=', filter.host.toLowerCase());
    return Number((await q.executeTakeFirst()).numDeletedRows);
  }

  /** Outbox messages waiting in the job queue (first tries and retries). */
  async listPending(options: { failingOnly?: boolean; host?: string; limit: number }): Promise<PendingDelivery[]> {
    const out: PendingDelivery[] = [];
    let offset = 0;
    const page = Math.max(options.limit, 100);
    // The JSON prefilter is loose (an inbound activity could contain the words); the type check below is exact.
    for (;;) {
      const rows = await this.deps.db()
        .selectFrom('core_job')
        .select(['id', 'payload', 'status', 'run_at', 'created_at'])
        .where('name', '=', 'federation.message')
        .where('status', 'in', ['queued', 'running'])
        .where('payload', 'like', '%"type":"outbox"%')
        .orderBy('run_at')
        .orderBy('id')
        .limit(page)
        .offset(offset)
        .execute();
      for (const row of rows) {
        const message = JSON.parse(row.payload);
        if (!isOutbox(message)) continue;
        const host = new URL(message.inbox).host.toLowerCase();
        if (options.host && host !== options.host.toLowerCase()) continue;
        if (options.failingOnly && !(message.attempt > 0)) continue;
        out.push({
          jobId: Number(row.id),
          host,
          inbox: message.inbox,
          activityId: message.activityId ?? null,
          activityType: shortType(message.activityType),
          attempts: message.attempt,
          lastError: message.meadowLastError ?? null,
          nextAttemptAt: new Date(Number(row.run_at)),
          running: row.status === 'running',
          createdAt: new Date(Number(row.created_at)),
        });
        if (out.length >= options.limit) return out;
      }
      if (rows.length < page) return out;
      offset += page;
    }
  }
}

/** "https://www.w3.org/ns/activitystreams#Create" → "Create". */
function shortType(typeId: string): string {
  return String(typeId ?? '').replace(/^.*[#/]/, '').slice(0, 100) || 'Activity';
}
