// `meadow plugin new`: writes a working plugin folder from the templates
// in templates/plugin, with import paths that fit where it is written.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CliFailure, UsageError } from './command.ts';

export const PLUGIN_NAME = /^[a-z][a-z0-9-]{1,49}$/;
/** Core modules are plugins too; a plugin may not take their names. */
export const RESERVED_NAMES = new Set(['instance', 'accounts', 'media', 'core', 'meadow']);

const MEADOW_ROOT = resolve(import.meta.dirname, '../..');
const TEMPLATES = join(import.meta.dirname, 'templates', 'plugin');
const FILES: [template: string, target: (name: string) => string][] = [
  ['index.ts.tmpl', () => 'index.ts'],
  ['contracts.ts.tmpl', () => 'contracts.ts'],
  ['entities.ts.tmpl', () => 'entities.ts'],
  ['migrations.ts.tmpl', () => 'migrations.ts'],
  ['service.ts.tmpl', () => 'service.ts'],
  ['test.ts.tmpl', (name) => `${name}.test.ts`],
  ['README.md.tmpl', () => 'README.md'],
];

export function checkPluginName(name: string): void {
  if (!PLUGIN_NAME.test(name)) {
    throw new UsageError(
      `"${name}" is not a valid plugin name: use 2-50 lower-case letters, digits or dashes, starting with a letter (for example "guestbook" or "city-walks")`,
      'plugin new',
    );
  }
  if (RESERVED_NAMES.has(name)) throw new UsageError(`"${name}" is reserved: the core uses that name`, 'plugin new');
}

const toPosix = (p: string) => p.split(sep).join('/');

/** A relative import from `fromDir` to a file inside Meadow (./ or ../ prefixed). */
function importPath(fromDir: string, file: string): string {
  const rel = toPosix(relative(fromDir, join(MEADOW_ROOT, file)));
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export function templateValues(name: string, folder: string, cwd: string): Record<string, string> {
  const words = name.split('-');
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  // Inside a node_modules folder Node does not strip types, so a relative
  // path into it would not run; there the package's own name does.
  const installed = MEADOW_ROOT.split(sep).includes('node_modules');
  return {
    __name__: name,
    __Pascal__: pascal,
    __camel__: pascal[0].toLowerCase() + pascal.slice(1),
    __table__: words.join('_'),
    __core__: installed ? 'meadow' : importPath(folder, 'core/index.ts'),
    __helpers__: importPath(folder, 'tests/helpers/instance.ts'),
    __testPath__: toPosix(relative(cwd, join(folder, `${name}.test.ts`))),
  };
}

export function render(template: string, values: Record<string, string>): string {
  return template.replace(/__(name|Pascal|camel|table|core|helpers|testPath)__/g, (token) => values[token]);
}

/** Writes the plugin; returns the folder and the files written. */
export function scaffoldPlugin(name: string, parentDir: string, cwd = process.cwd()): { folder: string; files: string[] } {
  checkPluginName(name);
  const folder = resolve(cwd, parentDir, name);
  if (existsSync(folder)) throw new CliFailure(`${folder} already exists; choose another name or remove that folder first`);
  const values = templateValues(name, folder, cwd);
  mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  for (const [template, target] of FILES) {
    const path = join(folder, target(name));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, render(readFileSync(join(TEMPLATES, template), 'utf8'), values));
    files.push(path);
  }
  return { folder, files };
}
