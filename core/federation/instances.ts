// Known instances and their health, as seen from deliveries: one row per
// remote host (host:port when not 443) in core_fed_instances.
//
// healthy → failing on the first delivery that cannot reach it (timeout,
// refused connection, 5xx); failing → paused once it has been failing for
// `pauseAfterMs` (days by default) with no success in between. A paused
// instance gets no deliveries (they become dead deliveries an admin can
// retry) until it answers again: any activity it sends us, a successful
// probe (delivery.ts probes before a delivery when one is due) or a
// delivery an admin retries. An instance that answers with a 4xx is
// reachable: the delivery failed, the instance is not dead.

import type { Kysely } from 'kysely';

export type InstanceState = 'healthy' | 'failing' | 'paused';

export interface InstanceRecord {
  host: string;
  software: string | null;
  softwareVersion: string | null;
  state: InstanceState;
  firstSeenAt: Date;
  /** Last delivery it accepted. */
  lastSuccessAt: Date | null;
  /** Last activity it sent us. */
  lastInboundAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** Start of the current run of failures. */
  failingSince: Date | null;
  pausedAt: Date | null;
  lastProbeAt: Date | null;
}

/** Inbound activity is recorded at most this often per host (the inbox is a hot path). */
const INBOUND_WRITE_EVERY_MS = 60_000;

export class InstanceTracker {
  private readonly db: () => Kysely<any>;
  /** host → when inbound activity was last written, and the state then. */
  private readonly inboundSeen = new Map<string, { at: number; state: InstanceState }>();

  constructor(db: () => Kysely<any>) {
    this.db = db;
  }

  async get(host: string): Promise<InstanceRecord | null> {
    const row = await this.db().selectFrom('core_fed_instances').selectAll().where('host', '=', host.toLowerCase()).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async list(options: { state?: InstanceState; limit: number; offset?: number }): Promise<InstanceRecord[]> {
    let q = this.db().selectFrom('core_fed_instances').selectAll().orderBy('host').limit(options.limit).offset(options.offset ?? 0);
    if (options.state) q = q.where('state', '=', options.state);
    return (await q.execute()).map(toRecord);
  }

  /** A delivery went through: the instance is healthy. */
  async recordSuccess(host: string): Promise<void> {
    const now = Date.now();
    await this.upsert(host, {
      state: 'healthy',
      last_success_at: now,
      consecutive_failures: 0,
      failing_since: null,
      paused_at: null,
    });
    this.inboundSeen.delete(host);
  }

  /** It answered, but refused this delivery (4xx): reachable, so not failing. */
  async recordRefusal(host: string, error: string): Promise<void> {
    await this.upsert(host, {
      state: 'healthy',
      last_failure_at: Date.now(),
      last_error: error.slice(0, 2000),
      consecutive_failures: 0,
      failing_since: null,
      paused_at: null,
    });
    this.inboundSeen.delete(host);
  }

  /**
   * It could not be reached. Returns the new state: "paused" once it has
   * been failing for `pauseAfterMs` with no success since.
   */
  async recordFailure(host: string, error: string, pauseAfterMs: number): Promise<InstanceState> {
    const key = host.toLowerCase();
    const now = Date.now();
    await this.db()
      .insertInto('core_fed_instances')
      .values({ host: key, first_seen_at: now, state: 'failing', consecutive_failures: 0 })
      .onConflict((oc) => oc.column('host').doNothing())
      .execute();
    // Atomic: deliveries to one host fail side by side.
    await this.db()
      .updateTable('core_fed_instances')
      .set((eb) => ({
        last_failure_at: now,
        last_error: error.slice(0, 2000),
        consecutive_failures: eb('consecutive_failures', '+', 1),
        failing_since: eb.fn.coalesce('failing_since', eb.val(now)),
      }))
      .where('host', '=', key)
      .execute();
    const current = (await this.get(key))!;
    const paused = current.state === 'paused' || now - (current.failingSince?.getTime() ?? now) >= pauseAfterMs;
    const state: InstanceState = paused ? 'paused' : 'failing';
    await this.db()
      .updateTable('core_fed_instances')
      .set({ state, paused_at: paused ? (current.pausedAt?.getTime() ?? now) : null })
      .where('host', '=', key)
      .execute();
    this.inboundSeen.delete(key);
    return state;
  }

  /** It sent us an activity: alive. Cheap when nothing changes (written once a minute per host). */
  async recordInbound(host: string): Promise<void> {
    const key = host.toLowerCase();
    const seen = this.inboundSeen.get(key);
    const now = Date.now();
    if (seen && seen.state === 'healthy' && now - seen.at < INBOUND_WRITE_EVERY_MS) return;
    const current = await this.get(key);
    const revive = current != null && current.state !== 'healthy';
    await this.upsert(
      key,
      revive ? { last_inbound_at: now, state: 'healthy', consecutive_failures: 0, failing_since: null, paused_at: null } : { last_inbound_at: now },
    );
    this.inboundSeen.set(key, { at: now, state: 'healthy' });
  }

  async recordProbe(host: string, software: { name: string; version: string } | null): Promise<void> {
    const values: Record<string, unknown> = { last_probe_at: Date.now() };
    if (software) {
      values.software = software.name.slice(0, 100);
      values.software_version = software.version.slice(0, 100);
    }
    await this.upsert(host, values);
  }

  /** An admin resumes delivery by hand. */
  async resume(host: string): Promise<InstanceRecord | null> {
    await this.db()
      .updateTable('core_fed_instances')
      .set({ state: 'healthy', consecutive_failures: 0, failing_since: null, paused_at: null })
      .where('host', '=', host.toLowerCase())
      .execute();
    this.inboundSeen.delete(host.toLowerCase());
    return this.get(host);
  }

  private async upsert(host: string, values: Record<string, unknown>): Promise<void> {
    const key = host.toLowerCase();
    const now = Date.now();
    await this.db()
      .insertInto('core_fed_instances')
      .values({ host: key, first_seen_at: now, state: 'healthy', consecutive_failures: 0, ...values })
      .onConflict((oc) => oc.column('host').doUpdateSet(values))
      .execute();
  }
}

const date = (v: unknown) => (v == null ? null : new Date(Number(v)));

function toRecord(row: any): InstanceRecord {
  return {
    host: row.host,
    software: row.software ?? null,
    softwareVersion: row.software_version ?? null,
    state: row.state,
    firstSeenAt: new Date(Number(row.first_seen_at)),
    lastSuccessAt: date(row.last_success_at),
    lastInboundAt: date(row.last_inbound_at),
    lastFailureAt: date(row.last_failure_at),
    lastError: row.last_error ?? null,
    consecutiveFailures: Number(row.consecutive_failures ?? 0),
    failingSince: date(row.failing_since),
    pausedAt: date(row.paused_at),
    lastProbeAt: date(row.last_probe_at),
  };
}
