/**
 * The part of every SQL adapter's `create…Store` factory that is the same for all databases:
 * optionally migrate, then hand the driver to `createStore`.
 *
 * @module
 * @internal
 */
import type { Clock } from '../../model/clock';
import type { IdGenerator } from '../../model/ids';
import type { CrmEntities } from '../../model/registry';
import { createStore, type CreateStoreOptions } from '../../store/create-store';
import type { EntityRegistry, Store } from '../../store/types';
import type { SqlStoreDriver } from './driver';

/** Store options shared by the SQL adapters' `create…Store` factories. */
export interface SqlStoreOptions<R extends EntityRegistry = CrmEntities> {
  /** Entity definitions (default: the built-in `CRM_ENTITIES`). */
  readonly entities?: R;
  /** Id generator (default: UUID v7). */
  readonly ids?: IdGenerator;
  /** Clock (default: the system clock). */
  readonly clock?: Clock;
  /** Run the adapter's migrations before returning the store (default `true`; idempotent). */
  readonly migrate?: boolean;
}

/** A store built by a SQL adapter: the {@link Store}, its driver, and `close()`. */
export type SqlStore<R extends EntityRegistry = CrmEntities> = Store<R> & {
  /** The driver underneath (its Kysely instance is `driver.db`). */
  readonly driver: SqlStoreDriver;
  /** Releases the pool/database if the adapter created it (see {@link SqlStoreDriver.close}). */
  close(): Promise<void>;
};

/**
 * Migrates (unless told not to) and builds the store.
 *
 * @param driver - the adapter's driver
 * @param options - store options
 * @param migrate - the adapter's migration function
 * @returns the store with `driver` and `close`
 * @throws AdapterError when migrating fails (the driver is closed first)
 *
 * @example
 * ```ts
 * const store = await buildSqlStore(driver, { clock }, (db) => migrate(db, { prefix }));
 * ```
 */
export async function buildSqlStore<R extends EntityRegistry = CrmEntities>(
  driver: SqlStoreDriver,
  options: SqlStoreOptions<R>,
  migrate: (driver: SqlStoreDriver) => Promise<unknown>,
): Promise<SqlStore<R>> {
  if (options.migrate !== false) {
    try {
      await migrate(driver);
    } catch (error) {
      await driver.close().catch(() => {});
      throw error;
    }
  }
  const storeOptions: { -readonly [K in keyof CreateStoreOptions<R>]: CreateStoreOptions<R>[K] } = { driver };
  if (options.entities !== undefined) storeOptions.entities = options.entities;
  if (options.ids !== undefined) storeOptions.ids = options.ids;
  if (options.clock !== undefined) storeOptions.clock = options.clock;
  const store = createStore<R>(storeOptions);
  return Object.assign(store, { driver, close: () => driver.close() }) as SqlStore<R>;
}
