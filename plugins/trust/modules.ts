// The trust plugin is made of parts (reports and actions, appeals, signals,
// personal tools, federation, statistics), each bringing its own GraphQL,
// hooks and migrations. This joins them; index.ts declares the plugin.

import type { HookSpec, Migration, PluginContext, Resolvers } from '../../core/index.ts';
import type { TrustSettings } from './settings.ts';

export interface TrustModule {
  name: string;
  typeDefs?: string;
  resolvers?: (ctx: PluginContext<TrustSettings>) => Resolvers;
  hooks?: HookSpec[];
  /** Append-only, like every migration list; ids are unique across modules. */
  migrations?: Migration[];
}

/** One resolver map from many: fields of the same type from different parts are merged. */
export function mergeResolvers(maps: Resolvers[]): Resolvers {
  const out: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) out[type] = { ...(out[type] ?? {}), ...(fields as Record<string, unknown>) };
  }
  return out as Resolvers;
}

export function joinModules(modules: TrustModule[]) {
  return {
    typeDefs: modules.map((m) => m.typeDefs ?? '').join('\n'),
    resolvers: (ctx: PluginContext<TrustSettings>) => mergeResolvers(modules.flatMap((m) => (m.resolvers ? [m.resolvers(ctx)] : []))),
    hooks: modules.flatMap((m) => m.hooks ?? []),
    migrations: modules.flatMap((m) => m.migrations ?? []),
  };
}
