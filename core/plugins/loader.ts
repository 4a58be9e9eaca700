// Finds plugins, checks each one, and sorts them by dependency. Any problem
// stops start-up with a message that names the plugin.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StartupError } from '../errors/errors.ts';
import { PLUGIN_API_VERSION, type PluginDefinition } from './define.ts';
import { checkMigrationIds } from '../data/migrations.ts';

const NAME = /^[a-z][a-z0-9-]{1,49}$/;

/** Imports every `plugins/<name>/index.ts` (or .js) under `dir`. */
export async function discoverPlugins(dir: string): Promise<PluginDefinition[]> {
  const root = resolve(dir);
  if (!existsSync(root)) return [];
  const out: PluginDefinition[] = [];
  for (const entry of readdirSync(root).sort()) {
    const folder = join(root, entry);
    if (!statSync(folder).isDirectory()) continue;
    const file = ['index.ts', 'index.js'].map((f) => join(folder, f)).find(existsSync);
    if (!file) continue;
    out.push(await importPlugin(file, `plugins/${entry}`, folder));
  }
  return out;
}

/** A path to a folder or file, or an npm package name, from the config's `plugins.extra`. */
export async function loadExtraPlugin(spec: string, cwd = process.cwd()): Promise<PluginDefinition> {
  const looksLikePath = spec.startsWith('.') || isAbsolute(spec);
  if (looksLikePath) {
    const path = resolve(cwd, spec);
    const file = existsSync(path) && statSync(path).isDirectory() ? ['index.ts', 'index.js'].map((f) => join(path, f)).find(existsSync) : path;
    if (!file || !existsSync(file)) throw new StartupError(`Plugin "${spec}" was not found at ${path}`);
    return importPlugin(file, spec, statSync(path).isDirectory() ? path : undefined);
  }
  try {
    const mod = await import(spec);
    return pickDefinition(mod, spec);
  } catch (err) {
    if (err instanceof StartupError) throw err;
    throw new StartupError(`Plugin package "${spec}" could not be loaded: ${(err as Error).message}`);
  }
}

async function importPlugin(file: string, label: string, dir?: string): Promise<PluginDefinition> {
  let mod: any;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    throw new StartupError(`Plugin ${label} failed to load: ${(err as Error).message}`);
  }
  const def = pickDefinition(mod, label);
  return dir && !def.dir ? { ...def, dir } : def;
}

function pickDefinition(mod: any, label: string): PluginDefinition {
  const def = mod?.default ?? mod?.plugin;
  if (!def || typeof def !== 'object') {
    throw new StartupError(`Plugin ${label} does not export a plugin: export default definePlugin({ ... })`);
  }
  return def;
}

/** Checks a definition's shape; returns the problems found. */
export function checkDefinition(def: PluginDefinition, builtin = false): string[] {
  const problems: string[] = [];
  if (typeof def.name !== 'string' || !(builtin ? /^[a-z][a-z0-9-]*$/ : NAME).test(def.name)) {
    problems.push(`name must be 2-50 lower-case letters, digits or dashes, starting with a letter`);
  }
  if (def.apiVersion !== PLUGIN_API_VERSION) {
    problems.push(`apiVersion is ${JSON.stringify(def.apiVersion)}, but this Meadow implements plugin API ${PLUGIN_API_VERSION}`);
  }
  for (const field of ['dependsOn', 'optionalDeps', 'entities', 'migrations', 'hooks', 'provides', 'jobs'] as const) {
    if (def[field] !== undefined && !Array.isArray(def[field])) problems.push(`${field} must be an array`);
  }
  for (const field of ['register', 'bootstrap', 'destroy', 'routes', 'seedDemo'] as const) {
    if (def[field] !== undefined && typeof def[field] !== 'function') problems.push(`${field} must be a function`);
  }
  if (def.typeDefs !== undefined && typeof def.typeDefs !== 'string') problems.push('typeDefs must be a string of GraphQL SDL');
  if (def.settings !== undefined && typeof (def.settings as any)?.safeParse !== 'function') {
    problems.push('settings must be a zod schema');
  }
  if (Array.isArray(def.migrations)) {
    const m = checkMigrationIds(def.name, def.migrations);
    if (m) problems.push(m);
  }
  return problems;
}

export interface ResolveOptions {
  builtins: PluginDefinition[];
  found: PluginDefinition[];
  enabled: 'all' | string[];
  disabled: string[];
}

/**
 * Checks every plugin, drops the switched-off ones, and returns the rest in
 * dependency order (built-ins first). Throws a StartupError naming the
 * plugin for: invalid definitions, duplicate names, missing dependencies,
 * cycles, and enabling a plugin that does not exist.
 */
export function resolvePlugins(options: ResolveOptions): PluginDefinition[] {
  const all = [...options.builtins.map((d) => ({ d, builtin: true })), ...options.found.map((d) => ({ d, builtin: false }))];
  const errors: string[] = [];
  const byName = new Map<string, PluginDefinition>();
  for (const { d, builtin } of all) {
    const label = typeof d?.name === 'string' ? d.name : '(unnamed)';
    for (const p of checkDefinition(d, builtin)) errors.push(`Plugin "${label}": ${p}`);
    if (byName.has(d.name)) errors.push(`Plugin "${d.name}" is defined twice: two plugins may not share a name`);
    byName.set(d.name, d);
  }
  if (errors.length) throw new StartupError(errors.join('\n'));

  const builtinNames = new Set(options.builtins.map((d) => d.name));
  for (const name of options.enabled === 'all' ? [] : options.enabled) {
    if (!byName.has(name)) throw new StartupError(`Plugin "${name}" is enabled in the configuration but no such plugin was found`);
  }
  for (const name of options.disabled) {
    if (builtinNames.has(name)) throw new StartupError(`Plugin "${name}" is part of the core and cannot be switched off`);
  }
  const on = (d: PluginDefinition) =>
    builtinNames.has(d.name) || ((options.enabled === 'all' || options.enabled.includes(d.name)) && !options.disabled.includes(d.name));
  const active = new Map([...byName].filter(([, d]) => on(d)));

  for (const d of active.values()) {
    for (const dep of d.dependsOn ?? []) {
      if (!active.has(dep)) {
        const why = byName.has(dep) ? 'which is switched off' : 'which is not installed';
        throw new StartupError(`Plugin "${d.name}" depends on "${dep}", ${why}`);
      }
    }
  }

  // Depth-first topological sort; a grey node reached again is a cycle.
  const state = new Map<string, 'grey' | 'black'>();
  const ordered: PluginDefinition[] = [];
  const visit = (d: PluginDefinition, path: string[]) => {
    const s = state.get(d.name);
    if (s === 'black') return;
    if (s === 'grey') {
      const cycle = [...path.slice(path.indexOf(d.name)), d.name].join(' -> ');
      throw new StartupError(`Plugin "${d.name}" is part of a dependency cycle: ${cycle}`);
    }
    state.set(d.name, 'grey');
    const deps = [...(d.dependsOn ?? []), ...(d.optionalDeps ?? []).filter((n) => active.has(n))];
    for (const dep of deps) visit(active.get(dep)!, [...path, d.name]);
    state.set(d.name, 'black');
    ordered.push(d);
  };
  for (const d of active.values()) if (builtinNames.has(d.name)) visit(d, []);
  for (const d of active.values()) visit(d, []);
  return ordered;
}
