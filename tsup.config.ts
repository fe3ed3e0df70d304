import { defineConfig } from 'tsup';

/** One entry per public subpath of the package (see `exports` in package.json). */
export const entries = {
  index: 'src/index.ts',
  'model/index': 'src/model/index.ts',
  'lifecycle/index': 'src/lifecycle/index.ts',
  'crm/index': 'src/crm/index.ts',
  'kpi/index': 'src/kpi/index.ts',
  'analysis/index': 'src/analysis/index.ts',
  'store/index': 'src/store/index.ts',
  'adapters/postgres/index': 'src/adapters/postgres/index.ts',
  'adapters/mysql/index': 'src/adapters/mysql/index.ts',
  'adapters/sqlite/index': 'src/adapters/sqlite/index.ts',
  'testing/index': 'src/testing/index.ts',
  'demo/index': 'src/demo/index.ts',
  'io/index': 'src/io/index.ts',
  'io/node': 'src/io/node.ts',
  'io/report/index': 'src/io/report/index.ts',
};

/** Packages resolved at run time, never bundled: dependencies and (optional) peers. */
const external = ['pg', 'mysql2', 'better-sqlite3', 'kysely', 'fast-check', 'zod', 'date-fns', 'simple-statistics', 'libphonenumber-js', 'csv-parse', 'vega', 'vega-lite', 'commander', 'cli-progress'];

export default defineConfig([
  {
    entry: entries,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false, // `npm run build` empties dist/ first; two configs build in parallel
    splitting: true,
    treeshake: true,
    target: 'es2022',
    platform: 'neutral',
    external,
  },
  {
    // The `crmkit` command (package.json "bin"): ESM only, for Node.
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    splitting: false,
    treeshake: true,
    target: 'es2022',
    platform: 'node',
    // The CLI loads crmkit itself (models, store, adapters) from the package's own dist/ by
    // self-reference, so there is one copy of every class (errors are recognised by instanceof).
    external: [...external, /^crmkit(\/.*)?$/],
  },
]);
