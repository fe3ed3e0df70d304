import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^crmkit$/, replacement: `${src}/index.ts` },
      { find: /^crmkit\/io\/node$/, replacement: `${src}/io/node.ts` },
      { find: /^crmkit\/(.*)$/, replacement: `${src}/$1/index.ts` },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database adapter suites share one server per engine; run files in parallel but
    // each suite uses its own schema/table prefix.
    pool: 'forks',
    // Under CI also write a JSON summary; .ci/run prints its totals as a plain closing line.
    reporters: process.env.CI === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: '.tmp/vitest-results.json' },
  },
});
