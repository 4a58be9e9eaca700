// The shop is one plugin made of modules (catalogue, tags, payments, later
// checkout), in the spirit of isolated commerce modules: each owns its
// tables (migration ids prefixed with its name, e.g. "catalogue_0001_…",
// "pay_0001_…"), its GraphQL, routes, hooks, jobs and settings, and talks to
// the others through small exported functions. index.ts composes them.

import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { DemoSeedContext, HookSpec, JobSpec, Migration, PluginContext, Resolvers } from '../../core/index.ts';

export interface ShopModule {
  /** Short name; every migration id starts with `${migrationPrefix ?? name}_`. */
  name: string;
  migrationPrefix?: string;
  migrations?: Migration[];
  /** Setting fields (zod, with defaults) merged into the plugin's settings. */
  settings?: z.ZodRawShape;
  typeDefs?: string;
  resolvers?: Resolvers | ((ctx: PluginContext<any>) => Resolvers);
  hooks?: HookSpec[];
  jobs?: JobSpec[];
  routes?: (app: FastifyInstance, ctx: PluginContext<any>) => Promise<void> | void;
  bootstrap?: (ctx: PluginContext<any>) => Promise<void> | void;
  seedDemo?: (seed: DemoSeedContext) => Promise<void>;
}

/** Fails at start-up when a module's migration id lacks its prefix (ids must not collide across modules). */
export function modulesMigrations(modules: readonly ShopModule[]): Migration[] {
  return modules.flatMap((m) => {
    const prefix = `${m.migrationPrefix ?? m.name}_`;
    for (const migration of m.migrations ?? []) {
      if (!migration.id.startsWith(prefix)) throw new Error(`shop module "${m.name}": migration "${migration.id}" must start with "${prefix}"`);
    }
    return m.migrations ?? [];
  });
}

/** One resolver map from every module's; a field resolved by two modules is a start-up error. */
export function modulesResolvers(modules: readonly ShopModule[]) {
  return (ctx: PluginContext<any>): Resolvers => {
    const merged: Record<string, Record<string, unknown>> = {};
    for (const m of modules) {
      const own = typeof m.resolvers === 'function' ? m.resolvers(ctx) : (m.resolvers ?? {});
      for (const [type, fields] of Object.entries(own as Record<string, Record<string, unknown>>)) {
        const target = (merged[type] ??= {});
        for (const [field, resolver] of Object.entries(fields)) {
          if (field in target) throw new Error(`shop module "${m.name}" resolves ${type}.${field}, which another shop module already resolves`);
          target[field] = resolver;
        }
      }
    }
    return merged as Resolvers;
  };
}

export function modulesRoutes(modules: readonly ShopModule[]) {
  return async (app: FastifyInstance, ctx: PluginContext<any>) => {
    for (const m of modules) await m.routes?.(app, ctx);
  };
}

export function modulesSeed(modules: readonly ShopModule[]) {
  return async (seed: DemoSeedContext) => {
    for (const m of modules) await m.seedDemo?.(seed);
  };
}

export function modulesBootstrap(modules: readonly ShopModule[]) {
  return async (ctx: PluginContext<any>) => {
    for (const m of modules) await m.bootstrap?.(ctx);
  };
}
