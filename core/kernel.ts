// The kernel boots an instance: find and sort plugins, collect what they
// declare, open the database, migrate, load state, compose the schema,
// bootstrap. The Fastify app (app.ts) is built on top of it.

import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import type { GraphQLSchema } from 'graphql';
import type { MeadowConfig } from './config/schema.ts';
import { StartupError, MeadowError } from './errors/errors.ts';
import { HookBus } from './hooks/bus.ts';
import { Database } from './data/database.ts';
import { runMigrations, type MigrationProgress } from './data/migrations.ts';
import { composeSchema } from './graphql/compose.ts';
import { createMeadowPubSub, type PubSub } from './graphql/pubsub.ts';
import { createInProcessGraphQL, type InProcessGraphQL } from './graphql/execute.ts';
import { DatabaseJobQueue, jobMigrations, type JobQueue } from './jobs/queue.ts';
import { JobWorker } from './jobs/worker.ts';
import { discoverPlugins, loadExtraPlugin, resolvePlugins } from './plugins/loader.ts';
import { Registry } from './plugins/registry.ts';
import type { PluginContext } from './plugins/context.ts';
import type { PluginDefinition } from './plugins/define.ts';
import { InstanceState, instanceMigrations } from './instance/state.ts';
import { createRateLimiter, type RateLimiter } from './ops/rate-limit.ts';

export const DURABLE_HOOK_JOB = 'core.hook-deliver';
const STATE_CHANGED = 'core:state-changed';
/** The plugins/ folder next to core/, whatever the working directory. */
const BUNDLED_PLUGINS_DIR = fileURLToPath(new URL('../plugins', import.meta.url));

export interface KernelOptions {
  /** Core modules (accounts, media, instance…): always on. */
  builtins: PluginDefinition[];
  /** Plugins given directly (tests, embedding); added to those found. */
  plugins?: PluginDefinition[];
  /** Skip discovery under config.plugins.dir. */
  discover?: boolean;
  logger?: Logger;
  onMigration?: MigrationProgress;
}

export interface Kernel {
  config: MeadowConfig;
  log: Logger;
  db: Database;
  bus: HookBus;
  registry: Registry;
  state: InstanceState;
  queue: JobQueue;
  worker: JobWorker;
  pubsub: PubSub;
  schema: GraphQLSchema;
  limiter: RateLimiter;
  plugins: PluginDefinition[];
  contextOf(plugin: string): PluginContext;
  close(): Promise<void>;
}

export async function bootKernel(config: MeadowConfig, options: KernelOptions): Promise<Kernel> {
  const log = options.logger ?? pino({ level: config.logLevel });
  const found = [
    ...(options.discover === false ? [] : await discoverPlugins(config.plugins.dir ?? BUNDLED_PLUGINS_DIR)),
    ...(await Promise.all(config.plugins.extra.map((spec) => loadExtraPlugin(spec)))),
    ...(options.plugins ?? []),
  ];
  const plugins = resolvePlugins({
    builtins: options.builtins,
    found,
    enabled: config.plugins.enabled,
    disabled: config.plugins.disabled,
  });
  const order = new Map(plugins.map((p, i) => [p.name, i]));

  // Late-bound pieces: contexts are made before the database opens, and
  // only use it once the kernel is up.
  let db!: Database;
  let queue!: JobQueue;
  let pubsub!: PubSub;
  // Keys and topics in a shared Redis carry the instance's host, so two
  // instances on one Redis never count or hear each other.
  const redisPrefix = `meadow:${new URL(config.publicUrl).host}:`;
  const limiter = await createRateLimiter(config.redisUrl, redisPrefix);
  const state = new InstanceState(() => db.kysely());

  const bus = new HookBus({
    isEnabled: (p) => state.isEnabled(p),
    pluginOrder: (p) => order.get(p) ?? Number.MAX_SAFE_INTEGER,
    logError: (err, info) => log.error({ err, ...info }, `hook handler of plugin "${info.plugin}" for ${info.hook} failed`),
    enqueueDurable: (key, event, payload) => queue.enqueue(DURABLE_HOOK_JOB, { key, event, payload }).then(() => {}),
    handlerTimeoutMs: config.hooks.handlerTimeoutMs,
  });
  const registry = new Registry(bus, new Set(options.builtins.map((d) => d.name)));

  // Plugins' in-process GraphQL reads the kernel (schema, bus, db) once it is up.
  let kernelRef: Kernel | undefined;
  const graphql = createInProcessGraphQL(() => {
    if (!kernelRef) throw new Error('GraphQL is used before the instance has started');
    return kernelRef;
  });

  const contexts = new Map<string, PluginContext>();
  for (const def of plugins) {
    const ctx = makeContext(def, {
      config,
      log: log.child({ plugin: def.name }),
      registry,
      bus,
      state,
      db: () => db,
      queue: () => queue,
      pubsub: () => pubsub,
      limiter,
      graphql,
    });
    contexts.set(def.name, ctx);
    registry.collect(def, ctx);
  }
  registry.freeze();

  db = await Database.open({
    url: config.databaseUrl,
    entities: registry.entities,
    enqueueDurable: async (kysely, key, event, payload) => {
      await queue.enqueue(DURABLE_HOOK_JOB, { key, event, payload }, { db: kysely });
    },
  });
  try {
    queue = new DatabaseJobQueue(() => db.kysely(), db.dialect);
    await runMigrations(
      db.kysely(),
      db.dialect,
      [{ plugin: 'core', migrations: [...instanceMigrations, ...jobMigrations] }, ...registry.migrations],
      options.onMigration,
    );
    const pub = await createMeadowPubSub({ redisUrl: config.redisUrl, prefix: redisPrefix, log });
    pubsub = pub.pubsub;
    await state.load(plugins, config.secret);
    // Switches and settings are cached per node; a change on one node tells the others to reload.
    const stateChanges = pubsub.subscribe(STATE_CHANGED);
    state.onChange = () => pubsub.publish(STATE_CHANGED, {});
    // close() waits for a reload still running: closing the pool under its query hangs on PostgreSQL.
    let reloading: Promise<void> = Promise.resolve();
    void (async () => {
      for await (const _ of stateChanges) {
        reloading = state.reload().catch((err) => log.error({ err }, 'reloading instance state failed'));
        await reloading;
      }
    })();

    const schema = composeSchema(registry.schemaParts(), {
      wrap: (plugin, _type, _field, resolve) => (...args: any[]) => {
        if (!state.isEnabled(plugin)) throw new MeadowError('NOT_FOUND', `This feature is switched off on this instance (plugin "${plugin}")`);
        return resolve(...args);
      },
    });

    const worker = new JobWorker(queue, { pollMs: config.jobs.pollMs, concurrency: config.jobs.concurrency, log });
    worker.register(DURABLE_HOOK_JOB, (p: { key: string; payload: unknown }) => bus.deliverDurable(p.key, p.payload));
    for (const [name, { plugin, spec }] of registry.jobs) {
      worker.register(name, (payload) => spec.handler(payload, contexts.get(plugin)!));
    }

    for (const def of plugins) {
      try {
        await def.bootstrap?.(contexts.get(def.name)!);
      } catch (err) {
        throw new StartupError(`Plugin "${def.name}" failed in bootstrap(): ${(err as Error).message}`);
      }
    }

    kernelRef = {
      config,
      log,
      db,
      bus,
      registry,
      state,
      queue,
      worker,
      pubsub,
      schema,
      limiter,
      plugins,
      contextOf: (name) => {
        const ctx = contexts.get(name);
        if (!ctx) throw new Error(`No plugin named "${name}" is running`);
        return ctx;
      },
      async close() {
        await worker.stop();
        await bus.drain();
        for (const def of [...plugins].reverse()) {
          await Promise.resolve(def.destroy?.(contexts.get(def.name)!)).catch((err) =>
            log.error({ err, plugin: def.name }, 'plugin destroy() failed'),
          );
        }
        await stateChanges.return?.();
        await reloading;
        await pub.close();
        await limiter.close();
        await db.close();
      },
    };
    return kernelRef;
  } catch (err) {
    await db.close().catch(() => {});
    await limiter.close();
    throw err;
  }
}

interface ContextDeps {
  config: MeadowConfig;
  log: Logger;
  registry: Registry;
  bus: HookBus;
  state: InstanceState;
  db: () => Database;
  queue: () => JobQueue;
  pubsub: () => PubSub;
  limiter: RateLimiter;
  graphql: InProcessGraphQL;
}

function makeContext(def: PluginDefinition, deps: ContextDeps): PluginContext {
  const { registry, bus, state } = deps;
  return {
    plugin: def.name,
    config: deps.config,
    log: deps.log,
    get db() {
      return deps.db();
    },
    get pubsub() {
      return deps.pubsub();
    },
    get secret() {
      return state.secret;
    },
    settings: () => state.settingsOf(def.name),
    services: {
      get: (ref) => registry.service(def.name, ref, false)!,
      maybe: (ref) => {
        const owner = ref.name.slice(0, ref.name.indexOf('.'));
        if (!state.isEnabled(owner)) return undefined;
        return registry.service(def.name, ref, true);
      },
    },
    hooks: {
      emit: (token, payload, tx) => bus.emit(token, payload, tx?.scope),
      applyFilter: (token, value, ...context) => bus.applyFilter(token, value, ...context),
    },
    jobs: {
      enqueue: (name, payload, options = {}) => {
        const full = name.includes('.') ? name : `${def.name}.${name}`;
        const { tx, ...rest } = options;
        const maxAttempts = rest.maxAttempts ?? registry.jobs.get(full)?.spec.maxAttempts;
        return deps.queue().enqueue(full, payload, { ...rest, maxAttempts, db: tx?.db });
      },
      enqueueMany: (name, payloads, options = {}) => {
        const full = name.includes('.') ? name : `${def.name}.${name}`;
        const { tx, ...rest } = options;
        const maxAttempts = rest.maxAttempts ?? registry.jobs.get(full)?.spec.maxAttempts;
        return deps.queue().enqueueMany(full, payloads, { ...rest, maxAttempts, db: tx?.db });
      },
    },
    graphql: deps.graphql,
    isEnabled: (plugin) => state.isEnabled(plugin),
    rateLimit: (key, max, windowMs) => deps.limiter.hit(`${def.name}:${key}`, max, windowMs),
  };
}
