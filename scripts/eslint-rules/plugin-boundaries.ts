// ESLint rule `meadow/plugin-boundaries`: keeps plugins and the core apart.
//  - a file under plugins/<a>/ may import another plugin only through
//    plugins/<b>/contracts.ts;
//  - plugins reach the core only through core/index.ts (or the package
//    self-name `meadow`), never its internals;
//  - core/** never imports from plugins/** (the core must not know them).
// Relative paths are resolved against the importing file; the project root
// is ESLint's cwd unless the `root` option says otherwise.

import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Rule } from 'eslint';

type Area = { kind: 'plugin'; name: string; rest: string } | { kind: 'core'; rest: string } | { kind: 'other' };

/** Where a root-relative, slash-separated path lies. */
function areaOf(path: string): Area {
  const parts = path.split('/');
  if (parts[0] === 'plugins' && parts.length >= 2) return { kind: 'plugin', name: parts[1], rest: parts.slice(2).join('/') };
  if (parts[0] === 'core') return { kind: 'core', rest: parts.slice(1).join('/') };
  return { kind: 'other' };
}

const toPosix = (p: string) => p.split(sep).join('/');

const rule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Plugins import other plugins only via contracts.ts and the core only via core/index.ts; the core never imports plugins' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      otherPlugin: 'Plugin "{{from}}" may import plugin "{{to}}" only through plugins/{{to}}/contracts.ts, not "{{source}}".',
      coreInternals: 'Plugins use the core only through core/index.ts (or "meadow"), not "{{source}}".',
      coreImportsPlugin: 'The core must not import from plugins/ ("{{source}}"): expose a hook or service instead.',
    },
  },
  create(context) {
    const options = (context.options[0] ?? {}) as { root?: string };
    const root = resolve(options.root ?? context.cwd);
    const filename = context.filename;
    if (!isAbsolute(filename)) return {};
    const fromPath = toPosix(relative(root, filename));
    if (fromPath.startsWith('..')) return {};
    const from = areaOf(fromPath);
    if (from.kind === 'other') return {};

    function check(node: Rule.Node, source: unknown) {
      if (typeof source !== 'string') return;
      // The package self-name: `meadow` is core/index.ts; `meadow/…` would be an internal.
      if (source === 'meadow' || source.startsWith('meadow/')) {
        if (from.kind === 'plugin' && source !== 'meadow') context.report({ node, messageId: 'coreInternals', data: { source } });
        return;
      }
      if (!source.startsWith('.') && !source.startsWith('/')) return; // a package
      const target = toPosix(relative(root, resolve(dirname(filename), source)));
      if (target.startsWith('..')) return;
      const to = areaOf(target);
      if (from.kind === 'core') {
        if (to.kind === 'plugin' || target === 'plugins') context.report({ node, messageId: 'coreImportsPlugin', data: { source } });
        return;
      }
      if (from.kind !== 'plugin') return;
      if (to.kind === 'core' && to.rest !== 'index.ts') context.report({ node, messageId: 'coreInternals', data: { source } });
      if (to.kind === 'plugin' && to.name !== from.name && to.rest !== 'contracts.ts') {
        context.report({ node, messageId: 'otherPlugin', data: { from: from.name, to: to.name, source } });
      }
    }

    const fromSource = (node: Rule.Node & { source?: { value?: unknown } | null }) => {
      if (node.source) check(node, node.source.value);
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value);
      },
    };
  },
};

export default rule;
