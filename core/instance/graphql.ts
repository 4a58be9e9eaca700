// The core's own GraphQL: scalars, Node, PageInfo, the instance (branding),
// and admin fields for plugins, settings, jobs and hook statistics.

import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { z } from 'zod';
import type { Kernel } from '../kernel.ts';
import type { Resolvers } from '../plugins/define.ts';
import type { PluginContext } from '../plugins/context.ts';
import { requireRole } from '../graphql/context.ts';
import { fromGlobalId, toGlobalId } from '../graphql/relay.ts';
import { NodeLookup, PluginToggled, SettingsChanged } from '../hooks/core-hooks.ts';
import { badInput, notFound } from '../errors/errors.ts';
import type { Branding } from './branding.ts';

export const instanceTypeDefs = /* GraphQL */ `
  "An ISO-8601 date and time."
  scalar DateTime
  "Any JSON value."
  scalar JSON

  "A mutation a suspended account may still use (appealing, signing out); every other mutation refuses them with FORBIDDEN."
  directive @whileSuspended on FIELD_DEFINITION

  interface Node {
    id: ID!
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type InstanceColors {
    primary: String!
    accent: String!
    background: String!
  }

  "This instance: its name, look and rules."
  type Instance {
    name: String!
    description: String!
    logoUrl: String
    colors: InstanceColors!
    defaultLocale: String!
    locales: [String!]!
    rules: [String!]!
    contactEmail: String
    contactUrl: String
    publicUrl: String!
    version: String!
    "Plugins switched on here (names only)."
    enabledPlugins: [String!]!
  }

  type PluginInfo {
    name: String!
    description: String
    version: String
    enabled: Boolean!
    builtin: Boolean!
    dependsOn: [String!]!
    "Current settings, or null when the plugin has none."
    settings: JSON
    "JSON Schema of the settings, for admin forms."
    settingsSchema: JSON
  }

  enum JobStatus {
    queued
    running
    done
    dead
  }

  type Job {
    id: ID!
    name: String!
    status: JobStatus!
    attempts: Int!
    maxAttempts: Int!
    lastError: String
    runAt: DateTime!
    createdAt: DateTime!
  }

  type JobCounts {
    queued: Int!
    running: Int!
    done: Int!
    dead: Int!
  }

  type HookHandlerStats {
    plugin: String!
    hook: String!
    calls: Int!
    failures: Int!
    timeouts: Int!
    lastError: String
  }

  input ColorsInput {
    primary: String
    accent: String
    background: String
  }

  input BrandingInput {
    name: String
    description: String
    logoUrl: String
    colors: ColorsInput
    defaultLocale: String
    rules: [String!]
    contactEmail: String
    contactUrl: String
  }

  type Query {
    "Any object by its global ID."
    node(id: ID!): Node
    instance: Instance!
    "Admin: every plugin with its state and settings."
    plugins: [PluginInfo!]!
    "Admin: jobs, newest first (dead ones are kept for inspection)."
    jobs(status: JobStatus, first: Int = 50): [Job!]!
    jobCounts: JobCounts!
    "Admin: how each hook handler has fared since start."
    hookStats: [HookHandlerStats!]!
  }

  type Mutation {
    "Admin: change branding (name, logo, colours, locale, rules, contact)."
    updateBranding(input: BrandingInput!): Instance!
    "Admin: change a plugin's settings (merged over the current ones, validated)."
    updatePluginSettings(plugin: String!, settings: JSON!): PluginInfo!
    "Admin: switch a plugin on or off; its hooks and fields go silent at once."
    setPluginEnabled(plugin: String!, enabled: Boolean!): PluginInfo!
    "Admin: queue a dead job again."
    retryJob(id: ID!): Boolean!
  }

  type Subscription {
    "Fires when an admin changes branding, so open pages can restyle."
    instanceUpdated: Instance!
  }
`;

const parseLiteralJSON = (ast: ValueNode): unknown => {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, parseLiteralJSON(f.value)]));
    case Kind.LIST:
      return ast.values.map(parseLiteralJSON);
    case Kind.NULL:
      return null;
    default:
      throw new GraphQLError('Variables inside JSON literals are not supported');
  }
};

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => (v instanceof Date ? v : new Date(v as string | number)).toISOString(),
  parseValue: (v) => {
    const d = new Date(v as string);
    if (typeof v !== 'string' || Number.isNaN(d.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return d;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || Number.isNaN(new Date(ast.value).getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return new Date(ast.value);
  },
});

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: parseLiteralJSON,
});

export const MEADOW_VERSION = '0.1.0';
export const INSTANCE_UPDATED = 'instance:updated';

export function instanceResolvers(kernel: () => Kernel) {
  return (ctx: PluginContext<Branding>): Resolvers => {
    const instanceView = () => ({
      ...ctx.settings(),
      locales: ['zh-CN', 'en'],
      publicUrl: ctx.config.publicUrl,
      version: MEADOW_VERSION,
      enabledPlugins: kernel().plugins.filter((p) => kernel().state.isEnabled(p.name)).map((p) => p.name),
    });
    const pluginInfo = (name: string) => {
      const k = kernel();
      const def = k.plugins.find((p) => p.name === name);
      if (!def) throw notFound(`Plugin "${name}"`);
      const schema = k.state.schemaOf(name);
      return {
        name,
        description: def.description ?? null,
        version: def.version ?? null,
        enabled: k.state.isEnabled(name),
        builtin: BUILTIN_NAMES.has(name),
        dependsOn: def.dependsOn ?? [],
        settings: schema ? k.state.settingsOf(name) : null,
        settingsSchema: schema ? z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) : null,
      };
    };
    return {
      DateTime: DateTimeScalar,
      JSON: JSONScalar,
      Node: { __resolveType: (obj: { __typename?: string }) => obj.__typename ?? null },
      Query: {
        node: async (_: unknown, { id }: { id: string }, gctx) => {
          const { type, id: local } = fromGlobalId(id);
          return ctx.hooks.applyFilter(NodeLookup, null, { type, id: local, context: gctx });
        },
        instance: () => instanceView(),
        plugins: (_: unknown, __: unknown, gctx) => {
          requireRole(gctx, 'admin');
          return kernel().plugins.map((p) => pluginInfo(p.name));
        },
        jobs: async (_: unknown, args: { status?: 'queued' | 'running' | 'done' | 'dead'; first: number }, gctx) => {
          requireRole(gctx, 'admin');
          if (args.first < 1 || args.first > 200) throw badInput('first must be between 1 and 200');
          const jobs = await kernel().queue.list({ status: args.status, limit: args.first });
          return jobs.map((j) => ({ ...j, id: toGlobalId('Job', j.id) }));
        },
        jobCounts: (_: unknown, __: unknown, gctx) => {
          requireRole(gctx, 'admin');
          return kernel().queue.counts();
        },
        hookStats: (_: unknown, __: unknown, gctx) => {
          requireRole(gctx, 'admin', 'moderator');
          return kernel().bus.handlerStats();
        },
      },
      Mutation: {
        updateBranding: async (_: unknown, { input }: { input: Record<string, any> }, gctx) => {
          requireRole(gctx, 'admin');
          const current = ctx.settings();
          const patch = { ...input, ...(input.colors ? { colors: { ...current.colors, ...dropNulls(input.colors) } } : {}) };
          await kernel().state.updateSettings('instance', patch);
          await ctx.hooks.emit(SettingsChanged, { plugin: 'instance', settings: ctx.settings() });
          ctx.pubsub.publish(INSTANCE_UPDATED, {});
          return instanceView();
        },
        updatePluginSettings: async (_: unknown, args: { plugin: string; settings: Record<string, unknown> }, gctx) => {
          requireRole(gctx, 'admin');
          pluginInfo(args.plugin);
          const settings = await kernel().state.updateSettings(args.plugin, args.settings);
          await ctx.hooks.emit(SettingsChanged, { plugin: args.plugin, settings });
          if (args.plugin === 'instance') ctx.pubsub.publish(INSTANCE_UPDATED, {});
          return pluginInfo(args.plugin);
        },
        setPluginEnabled: async (_: unknown, args: { plugin: string; enabled: boolean }, gctx) => {
          requireRole(gctx, 'admin');
          pluginInfo(args.plugin);
          if (BUILTIN_NAMES.has(args.plugin)) throw badInput(`"${args.plugin}" is part of the core and cannot be switched off`);
          if (!args.enabled) {
            const dependents = kernel().plugins.filter((p) => p.dependsOn?.includes(args.plugin) && kernel().state.isEnabled(p.name));
            if (dependents.length) {
              throw badInput(`Switch off ${dependents.map((d) => `"${d.name}"`).join(', ')} first: they depend on "${args.plugin}"`);
            }
          } else {
            const missing = (kernel().plugins.find((p) => p.name === args.plugin)?.dependsOn ?? []).filter((d) => !kernel().state.isEnabled(d));
            if (missing.length) throw badInput(`Switch on ${missing.map((d) => `"${d}"`).join(', ')} first: "${args.plugin}" depends on them`);
          }
          await kernel().state.setEnabled(args.plugin, args.enabled);
          await ctx.hooks.emit(PluginToggled, { plugin: args.plugin, enabled: args.enabled });
          return pluginInfo(args.plugin);
        },
        retryJob: async (_: unknown, { id }: { id: string }, gctx) => {
          requireRole(gctx, 'admin');
          const n = Number(fromGlobalId(id, 'Job').id);
          if (!(await kernel().queue.retry(n))) throw notFound('A dead job with this ID');
          return true;
        },
      },
      Subscription: {
        instanceUpdated: {
          subscribe: () => ctx.pubsub.subscribe(INSTANCE_UPDATED),
          // The change may have been made on another node: read it fresh.
          resolve: async () => {
            await kernel().state.reload();
            return instanceView();
          },
        },
      },
    };
  };
}

const dropNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v != null));

export const BUILTIN_NAMES = new Set(['instance', 'accounts', 'media', 'federation', 'notifications']);
