// ESLint flat config: JS and typescript-eslint recommended (syntax only, not
// type-aware, so it stays fast) plus Meadow's own plugin-boundaries rule.
// Node >= 22.18 strips the types of the rule file when ESLint loads it.

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import pluginBoundaries from './scripts/eslint-rules/plugin-boundaries.ts';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'schema/', '.test-output/', 'coverage/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
    plugins: { meadow: { rules: { 'plugin-boundaries': pluginBoundaries } } },
    rules: {
      'meadow/plugin-boundaries': 'error',
      // GraphQL resolvers and Fastify/Yoga glue use `any` on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      // `_`-prefixed names mark parameters kept for their position.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `catch {}` and empty hooks are deliberate in shutdown paths.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Input validation matches control characters on purpose, to refuse them.
      'no-control-regex': 'off',
      // Late binding (`let kernelRef!: Kernel` read by closures before it is set) is deliberate.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Browser-side code evaluated by Playwright in the page.
    files: ['tests/browser/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
