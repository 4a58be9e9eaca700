// The plugin-boundaries lint rule, checked with ESLint's RuleTester on
// made-up files under a fake project root.

import { describe, it, expect } from 'vitest';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import rule from '../../scripts/eslint-rules/plugin-boundaries.ts';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = '/project';
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2024, sourceType: 'module' } });
const file = (path: string) => `${root}/${path}`;
const options = [{ root }];

const ok = (path: string, code: string) => ({ filename: file(path), code, options });
const bad = (path: string, code: string, messageId: string) => ({ filename: file(path), code, options, errors: [{ messageId }] });

tester.run('meadow/plugin-boundaries', rule, {
  valid: [
    ok('plugins/shop/index.ts', "import { definePlugin } from '../../core/index.ts';"),
    ok('plugins/shop/graphql/resolvers.ts', "import { requireRole } from '../../../core/index.ts';"),
    ok('plugins/shop/index.ts', "import { definePlugin } from 'meadow';"),
    ok('plugins/shop/index.ts', "import { NotePublished } from '../notes/contracts.ts';"),
    ok('plugins/shop/index.ts', "import type { Note } from '../notes/contracts.ts';"),
    ok('plugins/shop/index.ts', "export { NotePublished } from '../notes/contracts.ts';"),
    ok('plugins/shop/routes/orders.ts', "import { OrderPaid } from '../contracts.ts';"),
    ok('plugins/shop/index.ts', "import { orders } from './data/orders.ts';"),
    ok('plugins/shop/index.ts', "import { z } from 'zod';"),
    ok('plugins/shop/index.ts', "import { readFile } from 'node:fs/promises';"),
    ok('plugins/shop/shop.test.ts', "import { startTestInstance } from '../../tests/helpers/instance.ts';"),
    ok('plugins/shop/index.ts', "const m = await import('../notes/contracts.ts');"),
    ok('core/kernel.ts', "import { Registry } from './plugins/registry.ts';"),
    ok('core/app.ts', "import { mountGraphQL } from './graphql/server.ts';"),
    ok('tests/core/x.test.ts', "import { x } from '../../plugins/shop/data/orders.ts';"),
    ok('bench/profile.ts', "import { createMeadow } from '../core/app.ts';"),
  ],
  invalid: [
    bad('plugins/shop/index.ts', "import { notes } from '../notes/data/notes.ts';", 'otherPlugin'),
    bad('plugins/shop/index.ts', "import plugin from '../notes/index.ts';", 'otherPlugin'),
    bad('plugins/shop/graphql/resolvers.ts', "import type { Note } from '../../notes/entities.ts';", 'otherPlugin'),
    bad('plugins/shop/index.ts', "export * from '../notes/internal.ts';", 'otherPlugin'),
    bad('plugins/shop/index.ts', "export { x } from '../notes/internal.ts';", 'otherPlugin'),
    bad('plugins/shop/index.ts', "const m = await import('../notes/data.ts');", 'otherPlugin'),
    bad('plugins/shop/index.ts', "import { x } from '../notes/sub/contracts.ts';", 'otherPlugin'),
    bad('plugins/shop/index.ts', "import { Database } from '../../core/data/database.ts';", 'coreInternals'),
    bad('plugins/shop/index.ts', "import { AccountsServiceRef } from '../../core/accounts/contracts.ts';", 'coreInternals'),
    bad('plugins/shop/index.ts', "import { x } from 'meadow/core/kernel.ts';", 'coreInternals'),
    bad('core/kernel.ts', "import { shopPlugin } from '../plugins/shop/index.ts';", 'coreImportsPlugin'),
    bad('core/graphql/compose.ts', "import { NotePublished } from '../../plugins/notes/contracts.ts';", 'coreImportsPlugin'),
    bad('core/builtins.ts', "export * from '../plugins/notes/contracts.ts';", 'coreImportsPlugin'),
  ],
});

// The project's own config turns the rule on (so `npm run lint` enforces it).
describe('eslint.config.js', () => {
  it('reports a plugin reaching into another plugin, and passes one using its contracts', async () => {
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({ cwd: process.cwd() });
    const [bad] = await eslint.lintText("import { x } from '../notes/data/notes.ts';\nexport const y = x;\n", { filePath: 'plugins/shop/index.ts' });
    expect(bad.messages.map((m) => m.ruleId)).toEqual(['meadow/plugin-boundaries']);
    const [good] = await eslint.lintText("import { x } from '../notes/contracts.ts';\nexport const y = x;\n", { filePath: 'plugins/shop/index.ts' });
    expect(good.messages).toEqual([]);
  });
});
