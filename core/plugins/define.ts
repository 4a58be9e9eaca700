// definePlugin: the one shape every plugin — built-in or third-party — has.
// A plugin declares (register), then wires up after migrations (bootstrap).
// Nothing a plugin declares can change once the instance has started.

import type { FastifyInstance } from 'fastify';
import type { IResolvers } from '@graphql-tools/utils';
import type { EntitySchema } from '@mikro-orm/core';
import type { ZodType } from 'zod';
import type { EventToken, FilterToken } from '../hooks/tokens.ts';
import type { ServiceRef } from './services.ts';
import type { Migration } from '../data/migrations.ts';
import type { PluginContext } from './context.ts';
import type { MeadowContext } from '../graphql/context.ts';

/** The plugin API this core implements. A plugin names the one it was written for. */
export const PLUGIN_API_VERSION = 1;

export type Resolvers = IResolvers<any, MeadowContext>;

export interface EventHookSpec<P = any> {
  kind: 'event';
  token: EventToken<P>;
  mode: 'after-commit' | 'in-transaction';
  priority: number;
  handler: (payload: P, ctx: PluginContext<any>) => unknown;
}

export interface FilterHookSpec<V = any, C = any> {
  kind: 'filter';
  token: FilterToken<V, C>;
  priority: number;
  handler: (value: V, context: C, ctx: PluginContext<any>) => V | Promise<V>;
}

export type HookSpec = EventHookSpec | FilterHookSpec;

export interface ServiceSpec<T = any> {
  ref: ServiceRef<T>;
  create: (ctx: PluginContext<any>) => T;
}

export interface JobSpec<P = any> {
  name: string;
  handler: (payload: P, ctx: PluginContext<any>) => Promise<void> | void;
  maxAttempts?: number;
}

export interface DemoSeedContext {
  ctx: PluginContext<any>;
  /** Reports progress of a long seeding step. */
  progress: (done: number, total: number, label: string) => void;
  locale: 'zh-CN' | 'en';
}

/**
 * A command the plugin adds to the `meadow` CLI, run as `meadow <plugin> <name>`
 * (docs/plugins.md, "Commands"). The CLI parses the flags, boots the instance
 * (migrations included, no HTTP server) and calls `run` with the plugin's context.
 */
export interface PluginCommandSpec<Settings = any> {
  /** One word: lower-case letters, digits and dashes. */
  name: string;
  summary: string;
  /** Defaults to "meadow <plugin> <name>". */
  usage?: string;
  /** What it does, each flag, examples. */
  help?: string;
  /** node:util parseArgs options; --help is added. */
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  /** Names of the positional arguments, in order (all required). */
  positionals?: string[];
  /** Returns the exit code (default 0); throw to fail with a message. */
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }, ctx: PluginContext<Settings>): Promise<number | void>;
}

export interface PluginDefinition<Settings = any> {
  name: string;
  apiVersion: number;
  description?: string;
  version?: string;
  dependsOn?: string[];
  optionalDeps?: string[];
  /** A zod object schema with defaults; the stored value is validated against it. */
  settings?: ZodType<Settings>;
  entities?: EntitySchema<any, any>[];
  migrations?: Migration[];
  typeDefs?: string;
  resolvers?: Resolvers | ((ctx: PluginContext<Settings>) => Resolvers);
  provides?: ServiceSpec[];
  hooks?: HookSpec[];
  jobs?: JobSpec[];
  /** Encapsulated Fastify scope for the plugin's HTTP routes. */
  routes?: (app: FastifyInstance, ctx: PluginContext<Settings>) => Promise<void> | void;
  /** Directory of the plugin's files; set by the loader for found plugins (enables routes/ autoload). */
  dir?: string;
  /** Declare more (hooks, services, GraphQL) from code. No database here. */
  register?: (reg: PluginRegistrar<Settings>) => void;
  /** After migrations: wire up, warm caches. */
  bootstrap?: (ctx: PluginContext<Settings>) => Promise<void> | void;
  destroy?: (ctx: PluginContext<Settings>) => Promise<void> | void;
  /** Adds the plugin's part of `meadow seed demo`. */
  seedDemo?: (seed: DemoSeedContext) => Promise<void>;
  /** Commands added to the `meadow` CLI as `meadow <plugin> <name>`. */
  cli?: PluginCommandSpec<Settings>[];
}

/** What `register` may declare: the same things as the declarative fields. */
export interface PluginRegistrar<Settings = any> {
  readonly name: string;
  on<P>(token: EventToken<P>, handler: EventHookSpec<P>['handler'], options?: { priority?: number }): void;
  onInTransaction<P>(token: EventToken<P>, handler: EventHookSpec<P>['handler'], options?: { priority?: number }): void;
  filter<V, C>(token: FilterToken<V, C>, handler: FilterHookSpec<V, C>['handler'], options?: { priority?: number }): void;
  provide<T>(ref: ServiceRef<T>, create: (ctx: PluginContext<Settings>) => T): void;
  graphql(typeDefs: string, resolvers?: PluginDefinition<Settings>['resolvers']): void;
  job<P>(name: string, handler: JobSpec<P>['handler'], options?: { maxAttempts?: number }): void;
}

export function definePlugin<Settings = undefined>(definition: PluginDefinition<Settings>): PluginDefinition<Settings> {
  return definition;
}

// Small builders for the declarative `hooks` and `provides` lists.

export function on<P>(
  token: EventToken<P>,
  handler: EventHookSpec<P>['handler'],
  options: { priority?: number } = {},
): EventHookSpec<P> {
  return { kind: 'event', token, mode: 'after-commit', priority: options.priority ?? 100, handler };
}

export function onInTransaction<P>(
  token: EventToken<P>,
  handler: EventHookSpec<P>['handler'],
  options: { priority?: number } = {},
): EventHookSpec<P> {
  return { kind: 'event', token, mode: 'in-transaction', priority: options.priority ?? 100, handler };
}

export function filter<V, C>(
  token: FilterToken<V, C>,
  handler: FilterHookSpec<V, C>['handler'],
  options: { priority?: number } = {},
): FilterHookSpec<V, C> {
  return { kind: 'filter', token, priority: options.priority ?? 100, handler };
}

export function provide<T>(ref: ServiceRef<T>, create: (ctx: PluginContext<any>) => T): ServiceSpec<T> {
  return { ref, create };
}
