import { describe, it, expect } from 'vitest';
import { definePlugin, PLUGIN_API_VERSION, StartupError, type PluginDefinition } from '../../core/index.ts';
import { resolvePlugins } from '../../core/plugins/loader.ts';
import { startTestInstance } from '../helpers/instance.ts';

const plugin = (name: string, extra: Partial<PluginDefinition> = {}) => definePlugin({ name, apiVersion: PLUGIN_API_VERSION, ...extra });
const resolve = (found: PluginDefinition[], more: { enabled?: 'all' | string[]; disabled?: string[] } = {}) =>
  resolvePlugins({ builtins: [plugin('core-a')], found, enabled: more.enabled ?? 'all', disabled: more.disabled ?? [] });

describe('plugin loader', () => {
  it('orders plugins after their dependencies, built-ins first', () => {
    const order = resolve([plugin('shop', { dependsOn: ['notes'] }), plugin('notes'), plugin('live', { dependsOn: ['shop'], optionalDeps: ['search'] }), plugin('search')]).map((p) => p.name);
    expect(order[0]).toBe('core-a');
    expect(order.indexOf('notes')).toBeLessThan(order.indexOf('shop'));
    expect(order.indexOf('shop')).toBeLessThan(order.indexOf('live'));
    expect(order.indexOf('search')).toBeLessThan(order.indexOf('live'));
  });

  it('stops on a missing dependency, naming both plugins', () => {
    expect(() => resolve([plugin('shop', { dependsOn: ['notes'] })])).toThrow(/Plugin "shop" depends on "notes", which is not installed/);
  });

  it('stops when a dependency is switched off', () => {
    expect(() => resolve([plugin('shop', { dependsOn: ['notes'] }), plugin('notes')], { disabled: ['notes'] })).toThrow(
      /"shop" depends on "notes", which is switched off/,
    );
  });

  it('stops on a cycle and prints it', () => {
    expect(() => resolve([plugin('a-a', { dependsOn: ['b-b'] }), plugin('b-b', { dependsOn: ['c-c'] }), plugin('c-c', { dependsOn: ['a-a'] })])).toThrow(
      /dependency cycle: a-a -> b-b -> c-c -> a-a/,
    );
  });

  it('stops on a duplicate name', () => {
    expect(() => resolve([plugin('notes'), plugin('notes')])).toThrow(/Plugin "notes" is defined twice/);
  });

  it('stops on an invalid plugin, naming it and the problem', () => {
    expect(() => resolve([{ name: 'Bad Name', apiVersion: PLUGIN_API_VERSION } as PluginDefinition])).toThrow(/Plugin "Bad Name": name must be/);
    expect(() => resolve([{ name: 'old', apiVersion: 0 } as PluginDefinition])).toThrow(/Plugin "old": apiVersion is 0/);
    expect(() => resolve([plugin('weird', { hooks: 'nope' as never })])).toThrow(/Plugin "weird": hooks must be an array/);
  });

  it('refuses to switch off a core module or enable an unknown plugin', () => {
    expect(() => resolve([], { disabled: ['core-a'] })).toThrow(/part of the core/);
    expect(() => resolve([], { enabled: ['ghost'] })).toThrow(/"ghost" is enabled in the configuration but no such plugin was found/);
  });

  it('leaves out switched-off plugins', () => {
    expect(resolve([plugin('notes'), plugin('live')], { disabled: ['live'] }).map((p) => p.name)).toEqual(['core-a', 'notes']);
    expect(resolve([plugin('notes'), plugin('live')], { enabled: ['notes'] }).map((p) => p.name)).toEqual(['core-a', 'notes']);
  });
});

describe('schema composition at start-up', () => {
  it('stops when two plugins define the same GraphQL field', async () => {
    const a = plugin('alpha', { typeDefs: 'extend type Query { hello: String }', resolvers: { Query: { hello: () => 'a' } } });
    const b = plugin('beta', { typeDefs: 'extend type Query { hello: String }', resolvers: { Query: { hello: () => 'b' } } });
    await expect(startTestInstance({ plugins: [a, b] })).rejects.toThrow(/GraphQL field Query.hello is defined by both "alpha" and "beta"/);
  });

  it('stops on a resolver for a field no plugin declares', async () => {
    const a = plugin('alpha', { typeDefs: 'extend type Query { hello: String }', resolvers: { Query: { hello: () => 'a', goodbye: () => 'x' } } });
    await expect(startTestInstance({ plugins: [a] })).rejects.toThrow(/Plugin "alpha" has a resolver for Query.goodbye, which no plugin declares/);
  });

  it('stops on a resolver for another plugin\'s field', async () => {
    const a = plugin('alpha', { typeDefs: 'extend type Query { hello: String }', resolvers: { Query: { hello: () => 'a' } } });
    const b = plugin('beta', { dependsOn: ['alpha'], resolvers: { Query: { hello: () => 'b' } } });
    await expect(startTestInstance({ plugins: [a, b] })).rejects.toThrow(/Plugin "beta" has a resolver for Query.hello, which belongs to "alpha"/);
  });

  it('stops on typeDefs that do not parse, naming the plugin', async () => {
    await expect(startTestInstance({ plugins: [plugin('alpha', { typeDefs: 'extend type Query { hello: }' })] })).rejects.toThrow(
      /Plugin "alpha": its GraphQL typeDefs do not parse/,
    );
  });

  it('is a StartupError, so the CLI can print it without a stack', async () => {
    const err = await startTestInstance({ plugins: [plugin('alpha', { typeDefs: 'type Query { x: Int }' })] }).catch((e) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect(err.message).toMatch(/GraphQL type Query is defined by both "instance" and "alpha"/);
  });

  it('lets a plugin extend the schema and answer through its resolvers', async () => {
    const a = plugin('alpha', { typeDefs: 'extend type Query { hello(name: String!): String! }', resolvers: { Query: { hello: (_: unknown, { name }: { name: string }) => `hi ${name}` } } });
    const meadow = await startTestInstance({ plugins: [a] });
    try {
      expect((await meadow.gql('{ hello(name: "草") }')).data).toEqual({ hello: 'hi 草' });
    } finally {
      await meadow.close();
    }
  });

  it('refuses a service used without declaring the dependency', async () => {
    const { defineService, provide } = await import('../../core/index.ts');
    const Ref = defineService<{ n: number }>('alpha.counter');
    const a = plugin('alpha', { provides: [provide(Ref, () => ({ n: 1 }))] });
    let seen: unknown;
    const b = plugin('beta', {
      bootstrap: (ctx) => {
        try {
          ctx.services.get(Ref);
        } catch (err) {
          seen = err;
        }
      },
    });
    const meadow = await startTestInstance({ plugins: [a, b] });
    await meadow.close();
    expect(String(seen)).toMatch(/Plugin "beta" uses service alpha.counter but does not list "alpha" in dependsOn/);
  });
});
