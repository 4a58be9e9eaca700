// Composes the GraphQL schema from core and plugins. @graphql-tools would
// silently let a later definition win; here a field defined twice, a type
// defined twice, or a resolver for a field nobody declares stops start-up
// with the plugins named.

import { GraphQLScalarType, Kind, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { StartupError } from '../errors/errors.ts';
import type { Resolvers } from '../plugins/define.ts';

export interface SchemaPart {
  plugin: string;
  typeDefs: string;
  resolvers: Resolvers;
}

const DEFINITION_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
]);

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

export interface ComposeOptions {
  /** Wraps each entry-point resolver, e.g. to silence a switched-off plugin. */
  wrap?: (plugin: string, typeName: string, fieldName: string, resolve: (...args: any[]) => unknown) => (...args: any[]) => unknown;
}

export function composeSchema(parts: SchemaPart[], options: ComposeOptions = {}): GraphQLSchema {
  const typeOwner = new Map<string, string>();
  const fieldOwner = new Map<string, string>();
  const docs: DocumentNode[] = [];
  const errors: string[] = [];

  for (const part of parts) {
    if (!part.typeDefs.trim()) continue;
    let doc: DocumentNode;
    try {
      doc = parse(part.typeDefs);
    } catch (err) {
      throw new StartupError(`Plugin "${part.plugin}": its GraphQL typeDefs do not parse: ${(err as Error).message}`);
    }
    docs.push(doc);
    for (const def of doc.definitions) {
      if (!('name' in def) || !def.name) continue;
      const typeName = def.name.value;
      if (DEFINITION_KINDS.has(def.kind)) {
        const prev = typeOwner.get(typeName);
        if (prev) errors.push(`GraphQL type ${typeName} is defined by both "${prev}" and "${part.plugin}"`);
        typeOwner.set(typeName, part.plugin);
      }
      const fields = 'fields' in def ? (def.fields ?? []) : 'values' in def ? (def.values ?? []) : [];
      for (const field of fields as readonly { name: { value: string } }[]) {
        const key = `${typeName}.${field.name.value}`;
        const prev = fieldOwner.get(key);
        if (prev) errors.push(`GraphQL field ${key} is defined by both "${prev}" and "${part.plugin}"`);
        fieldOwner.set(key, part.plugin);
      }
    }
  }

  const merged: Record<string, any> = {};
  for (const part of parts) {
    for (const [typeName, fields] of Object.entries(part.resolvers ?? {})) {
      if (fields instanceof GraphQLScalarType) {
        if (typeOwner.get(typeName) !== part.plugin) errors.push(`Plugin "${part.plugin}" implements scalar ${typeName}, which it does not define`);
        merged[typeName] = fields;
        continue;
      }
      const target = (merged[typeName] ??= {});
      for (const [fieldName, resolver] of Object.entries(fields as Record<string, any>)) {
        if (fieldName.startsWith('__')) {
          target[fieldName] = resolver;
          continue;
        }
        const owner = fieldOwner.get(`${typeName}.${fieldName}`);
        if (!owner) {
          errors.push(`Plugin "${part.plugin}" has a resolver for ${typeName}.${fieldName}, which no plugin declares`);
          continue;
        }
        if (owner !== part.plugin) {
          errors.push(`Plugin "${part.plugin}" has a resolver for ${typeName}.${fieldName}, which belongs to "${owner}"`);
          continue;
        }
        // Entry points are root fields and fields a plugin adds to others' types;
        // fields of its own types are reached only through those, so only
        // entry points are wrapped (keeping per-field cost off hot lists).
        const entryPoint = ROOT_TYPES.has(typeName) || typeOwner.get(typeName) !== part.plugin;
        target[fieldName] = entryPoint && options.wrap ? wrapResolver(resolver, (fn) => options.wrap!(part.plugin, typeName, fieldName, fn)) : resolver;
      }
    }
  }
  if (errors.length) throw new StartupError(errors.join('\n'));

  try {
    return makeExecutableSchema({
      typeDefs: docs,
      resolvers: merged,
      resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
    });
  } catch (err) {
    throw new StartupError(`The composed GraphQL schema is invalid: ${(err as Error).message}`);
  }
}

/** Resolvers are either functions or { resolve, subscribe } objects. */
function wrapResolver(resolver: any, wrap: (fn: (...a: any[]) => unknown) => (...a: any[]) => unknown) {
  if (typeof resolver === 'function') return wrap(resolver);
  if (resolver && typeof resolver === 'object') {
    const out = { ...resolver };
    if (typeof out.resolve === 'function') out.resolve = wrap(out.resolve);
    if (typeof out.subscribe === 'function') out.subscribe = wrap(out.subscribe);
    return out;
  }
  return resolver;
}
