// Collects what every plugin declares — hooks, services, GraphQL, jobs,
// routes, entities, migrations — and freezes it once all have registered.

import type { EntitySchema } from '@mikro-orm/core';
import { StartupError } from '../errors/errors.ts';
import type { HookBus } from '../hooks/bus.ts';
import type { Migration } from '../data/migrations.ts';
import type { SchemaPart } from '../graphql/compose.ts';
import type { PluginContext } from './context.ts';
import type { JobSpec, PluginDefinition, PluginRegistrar, Resolvers } from './define.ts';
import { ownerOf, type ServiceRef } from './services.ts';

export interface CollectedPlugin {
  def: PluginDefinition;
  ctx: PluginContext;
  typeDefs: string[];
  resolvers: (Resolvers | ((ctx: PluginContext) => Resolvers))[];
  routes: NonNullable<PluginDefinition['routes']>[];
}

export class Registry {
  readonly plugins = new Map<string, CollectedPlugin>();
  readonly entities: EntitySchema<any, any>[] = [];
  readonly migrations: { plugin: string; migrations: Migration[] }[] = [];
  readonly jobs = new Map<string, { plugin: string; spec: JobSpec }>();
  private readonly serviceFactories = new Map<string, { plugin: string; create: (ctx: PluginContext) => unknown }>();
  private readonly serviceInstances = new Map<string, unknown>();
  private frozen = false;
  private readonly bus: HookBus;
  /** Core modules: every plugin may use their services without declaring them. */
  private readonly builtins: ReadonlySet<string>;

  constructor(bus: HookBus, builtins: ReadonlySet<string>) {
    this.bus = bus;
    this.builtins = builtins;
  }

  /** Runs a plugin's declarative fields and its register(). */
  collect(def: PluginDefinition, ctx: PluginContext): void {
    const entry: CollectedPlugin = { def, ctx, typeDefs: [], resolvers: [], routes: [] };
    this.plugins.set(def.name, entry);
    const registrar = this.registrarFor(entry);
    for (const hook of def.hooks ?? []) {
      if (hook.kind === 'event') {
        if (hook.mode === 'in-transaction') registrar.onInTransaction(hook.token, hook.handler, hook);
        else registrar.on(hook.token, hook.handler, hook);
      } else registrar.filter(hook.token, hook.handler, hook);
    }
    for (const svc of def.provides ?? []) registrar.provide(svc.ref, svc.create);
    for (const job of def.jobs ?? []) registrar.job(job.name, job.handler, job);
    if (def.typeDefs) registrar.graphql(def.typeDefs, def.resolvers);
    else if (def.resolvers) entry.resolvers.push(def.resolvers);
    if (def.routes) entry.routes.push(def.routes);
    if (def.entities?.length) this.entities.push(...def.entities);
    if (def.migrations?.length) this.migrations.push({ plugin: def.name, migrations: def.migrations });
    try {
      def.register?.(registrar);
    } catch (err) {
      throw new StartupError(`Plugin "${def.name}" failed in register(): ${(err as Error).message}`);
    }
  }

  freeze(): void {
    this.frozen = true;
    this.bus.freeze();
  }

  schemaParts(): SchemaPart[] {
    const parts: SchemaPart[] = [];
    for (const entry of this.plugins.values()) {
      const resolvers: Resolvers = {};
      for (const r of entry.resolvers) {
        const value = typeof r === 'function' ? r(entry.ctx) : r;
        for (const [type, fields] of Object.entries(value)) {
          resolvers[type] = typeof fields === 'object' && fields && !('serialize' in fields) ? { ...(resolvers[type] as object), ...fields } : fields;
        }
      }
      parts.push({ plugin: entry.def.name, typeDefs: entry.typeDefs.join('\n'), resolvers });
    }
    return parts;
  }

  /** Resolves a service for `consumer`, which must own it or depend on its owner. */
  service<T>(consumer: string, ref: ServiceRef<T>, optional: boolean): T | undefined {
    const owner = ownerOf(ref);
    const consumerDef = this.plugins.get(consumer)?.def;
    const declared =
      owner === consumer ||
      consumerDef?.dependsOn?.includes(owner) ||
      consumerDef?.optionalDeps?.includes(owner) ||
      this.builtins.has(owner);
    if (!declared) {
      throw new Error(`Plugin "${consumer}" uses service ${ref.name} but does not list "${owner}" in dependsOn or optionalDeps`);
    }
    const factory = this.serviceFactories.get(ref.name);
    if (!factory) {
      if (optional) return undefined;
      throw new Error(`Service ${ref.name} is not provided: is plugin "${owner}" switched on?`);
    }
    if (!this.frozen) throw new Error(`Service ${ref.name} was asked for during register(); ask for services in bootstrap() or later`);
    if (!this.serviceInstances.has(ref.name)) {
      this.serviceInstances.set(ref.name, factory.create(this.plugins.get(factory.plugin)!.ctx));
    }
    return this.serviceInstances.get(ref.name) as T;
  }

  private registrarFor(entry: CollectedPlugin): PluginRegistrar {
    const plugin = entry.def.name;
    const ctx = entry.ctx;
    const open = () => {
      if (this.frozen) throw new Error(`Plugin "${plugin}" tried to register after start-up`);
    };
    return {
      name: plugin,
      on: (token, handler, options = {}) => {
        open();
        this.bus.onEvent({ plugin, token, mode: 'after-commit', priority: options.priority ?? 100, handle: (p) => handler(p, ctx) });
      },
      onInTransaction: (token, handler, options = {}) => {
        open();
        this.bus.onEvent({ plugin, token, mode: 'in-transaction', priority: options.priority ?? 100, handle: (p) => handler(p, ctx) });
      },
      filter: (token, handler, options = {}) => {
        open();
        this.bus.addFilter({ plugin, token, priority: options.priority ?? 100, apply: (v, c) => handler(v, c, ctx) });
      },
      provide: (ref, create) => {
        open();
        if (ownerOf(ref) !== plugin) {
          throw new StartupError(`Plugin "${plugin}" provides service ${ref.name}, whose name says it belongs to "${ownerOf(ref)}"`);
        }
        if (this.serviceFactories.has(ref.name)) throw new StartupError(`Service ${ref.name} is provided twice`);
        this.serviceFactories.set(ref.name, { plugin, create: create as (ctx: PluginContext) => unknown });
      },
      graphql: (typeDefs, resolvers) => {
        open();
        entry.typeDefs.push(typeDefs);
        if (resolvers) entry.resolvers.push(resolvers as Resolvers);
      },
      job: (name, handler, options = {}) => {
        open();
        const full = name.includes('.') ? name : `${plugin}.${name}`;
        if (this.jobs.has(full)) throw new StartupError(`Plugin "${plugin}": job "${full}" is registered twice`);
        this.jobs.set(full, { plugin, spec: { name: full, handler, maxAttempts: options.maxAttempts } });
      },
    };
  }
}
