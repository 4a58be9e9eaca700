// What a plugin's code receives: its own name, settings, logger, the
// services it declared it depends on, the hook bus, the database and jobs.

import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { MeadowConfig } from '../config/schema.ts';
import type { Database, Tx } from '../data/database.ts';
import type { EventToken, FilterToken } from '../hooks/tokens.ts';
import type { EnqueueOptions } from '../jobs/queue.ts';
import type { ServiceRef } from './services.ts';
import type { PubSub } from '../graphql/pubsub.ts';
import type { InProcessGraphQL } from '../graphql/execute.ts';

export interface PluginContext<Settings = any> {
  readonly plugin: string;
  readonly config: MeadowConfig;
  readonly log: Logger;
  readonly db: Database;
  readonly pubsub: PubSub;
  /** The instance secret, for signing cursors and tokens. */
  readonly secret: string;
  /** Current settings (validated, admin-editable; changes apply at once). */
  settings(): Settings;
  services: {
    /** A service of this plugin or of one it depends on; throws otherwise. */
    get<T>(ref: ServiceRef<T>): T;
    /** A service of an optional dependency, or undefined when that plugin is off. */
    maybe<T>(ref: ServiceRef<T>): T | undefined;
  };
  hooks: {
    emit<P>(token: EventToken<P>, payload: P, tx?: Tx): Promise<void>;
    applyFilter<V, C>(token: FilterToken<V, C>, value: V, ...context: C extends undefined ? [] : [C]): Promise<V>;
  };
  jobs: {
    /** Enqueue one of this plugin's jobs (by its short name) or any "plugin.job". */
    enqueue(name: string, payload: unknown, options?: Omit<EnqueueOptions, 'db'> & { tx?: Tx | { db: Kysely<any> } }): Promise<number>;
    /** Many jobs of one name at once (batched inserts). */
    enqueueMany(name: string, payloads: readonly unknown[], options?: Omit<EnqueueOptions, 'db'> & { tx?: Tx | { db: Kysely<any> } }): Promise<void>;
  };
  /**
   * The composed GraphQL schema, executed in this process as a request's
   * viewer: `graphql.execute(query, variables, { headers, cookies })`.
   * Usable once the instance has started (routes, hooks, jobs; not in bootstrap).
   */
  readonly graphql: InProcessGraphQL;
  /** Is a plugin switched on right now? */
  isEnabled(plugin: string): boolean;
  /** Counts a hit against `key`; throws RATE_LIMITED past `max` per window (shared across nodes with Redis). */
  rateLimit(key: string, max: number, windowMs: number): Promise<void>;
}
