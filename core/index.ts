// Meadow's plugin API: everything a plugin may import from the core.
// (Plugins import this file and other plugins' contracts.ts, nothing else.)

export { createMeadow, startMeadow, type Meadow, type MeadowOptions } from './app.ts';
export { definePlugin, on, onInTransaction, filter, provide, PLUGIN_API_VERSION } from './plugins/define.ts';
export type { PluginDefinition, PluginRegistrar, Resolvers, DemoSeedContext, HookSpec, ServiceSpec, JobSpec } from './plugins/define.ts';
export type { PluginContext } from './plugins/context.ts';
export type { InProcessGraphQL, InProcessOptions, InProcessResult } from './graphql/execute.ts';
export { defineService, type ServiceRef } from './plugins/services.ts';
export { defineEvent, defineFilter, type EventToken, type FilterToken } from './hooks/tokens.ts';
export { RequestViewer, NodeLookup, SettingsChanged, PluginToggled } from './hooks/core-hooks.ts';
export { MeadowError, isMeadowError, HookVeto, StartupError, badInput, notFound, forbidden, unauthenticated, conflict, type ErrorCode } from './errors/errors.ts';
export { requireViewer, requireRole, isStaff, ROLES, type Role, type Viewer, type MeadowContext, Loaders } from './graphql/context.ts';
export { toGlobalId, fromGlobalId, localId, CursorCodec, toConnection, pageSize, type Connection, type PageArgs } from './graphql/relay.ts';
export { toDate, timestampValue, type Database, type Tx, type Dialect } from './data/database.ts';
export type { Migration, MigrationContext } from './data/migrations.ts';
export type { MeadowConfig, MeadowConfigInput } from './config/schema.ts';
export * from './accounts/contracts.ts';
export * from './media/contracts.ts';
export * from './federation/contracts.ts';
export * from './notifications/contracts.ts';
export * from './text/index.ts';
