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
};

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['pg', 'mysql2', 'better-sqlite3', 'kysely', 'fast-check', 'zod', 'date-fns', 'simple-statistics', 'libphonenumber-js', 'csv-parse'],
});
