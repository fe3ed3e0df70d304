/**
 * Runs an adapter's migrations with Kysely's `Migrator`, recording them in
 * `<prefix>migrations` (lock table `<prefix>migrations_lock`), so migrating is versioned,
 * idempotent and safe to run from several processes at once.
 *
 * @module
 * @internal
 */
import { type Migration, Migrator } from 'kysely';
import { AdapterError } from '../../errors';
import type { AnyKysely } from './driver';
import { tableNames } from './names';

/** Options of every adapter's `migrate`. */
export interface MigrateOptions {
  /** Table prefix (default `crmkit_`), as given to the driver. */
  readonly prefix?: string;
}

/** What a migration run did. */
export interface MigrateResult {
  /** Names of the migrations applied by this run, in order (empty when already up to date). */
  readonly applied: readonly string[];
}

/**
 * Applies every pending migration of an adapter.
 *
 * @param adapter - adapter name for errors
 * @param db - the Kysely instance
 * @param prefix - table prefix
 * @param build - the adapter's migrations for the prefix's table names, keyed by ordered name
 * @returns the names applied
 * @throws AdapterError when a migration fails (`cause` holds the database error)
 *
 * @example
 * ```ts
 * await runMigrations('sqlite', db, 'crmkit_', (tables) => sqliteMigrations(tables));
 * ```
 */
export async function runMigrations(
  adapter: string,
  db: AnyKysely,
  prefix: string | undefined,
  build: (tables: ReturnType<typeof tableNames>) => Record<string, Migration>,
): Promise<MigrateResult> {
  const tables = tableNames(prefix);
  const migrations = build(tables);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: tables.migrations,
    migrationLockTableName: tables.migrationLock,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    const message = error instanceof Error ? error.message : String(error);
    throw new AdapterError(adapter, `migration${failed ? ` ${failed.migrationName}` : ''} failed: ${message}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
