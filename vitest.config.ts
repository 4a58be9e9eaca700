import { defineConfig } from 'vitest/config';

// Suites: the default (`npm test`) runs everything that needs no outside
// service; MEADOW_SUITE=redis and MEADOW_SUITE=browser run those suites.
// MEADOW_TEST_DB=postgres runs the default suites on PostgreSQL.
const suite = process.env.MEADOW_SUITE ?? 'default';
const special = ['tests/redis/**', 'tests/browser/**'];
const include =
  suite === 'redis' ? ['tests/redis/**/*.test.ts'] : suite === 'browser' ? ['tests/browser/**/*.test.ts'] : ['tests/**/*.test.ts', 'plugins/**/*.test.ts', 'examples/**/*.test.ts'];

export default defineConfig({
  test: {
    include,
    exclude: ['node_modules/**', 'data/**', ...(suite === 'default' ? special : [])],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.MEADOW_JSON_REPORT ? ['default', ['json', { outputFile: process.env.MEADOW_JSON_REPORT }]] : ['default'],
  },
});
