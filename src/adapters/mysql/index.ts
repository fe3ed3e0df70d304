/**
 * crmkit/adapters/mysql — a {@link store!StoreDriver} and store for MySQL (≥ 8.0.17) and MariaDB
 * (≥ 10.9) through Kysely. Records live in one table, `<prefix>records` (JSON `data`), and the
 * log in `<prefix>log`; see the "SQL adapters" guide for the design.
 *
 * `mysql2` is an optional peer: it is only imported (lazily) when you pass a `connectionString`.
 *
 * @example
 * ```ts
 * import { createMysqlStore } from 'crmkit/adapters/mysql';
 * const store = await createMysqlStore({ connectionString: 'mysql://root@localhost/crm', workspaceId: 'acme' });
 * await store.create('contact', { firstName: 'Ada' });
 * await store.close();
 * ```
 *
 * @module adapters/mysql
 */
import { Kysely, MysqlDialect, type MysqlPool } from 'kysely';
import type { CrmEntities } from '../../model/registry';
import type { EntityRegistry } from '../../store/types';
import { type AnyKysely, createSqlDriver, type SqlStoreDriver } from '../sql/driver';
import { type MigrateOptions, type MigrateResult, runMigrations } from '../sql/migrate';
import { checkWorkspaceId, tableNames } from '../sql/names';
import { buildSqlStore, type SqlStore, type SqlStoreOptions } from '../sql/store';
import { mysqlEngine } from './dialect';
import { mysqlMigrations } from './migrations';

export type { MigrateOptions, MigrateResult } from '../sql/migrate';
export type { SqlStore, SqlStoreOptions } from '../sql/store';
export type { SqlStoreDriver } from '../sql/driver';

/** How to reach the database: your Kysely instance, your `mysql2` pool, or a connection string. */
export type MysqlConnectionOptions =
  | {
      /** A Kysely instance with a `MysqlDialect` (you keep ownership: `close()` leaves it open). */
      readonly db: AnyKysely;
    }
  | {
      /** A `mysql2` pool from `createPool` (the callback API, not `mysql2/promise`), or a function returning one; you keep ownership. */
      readonly pool: MysqlPool | (() => Promise<MysqlPool>);
    }
  | {
      /** A connection URI (`mysql://user:pass@host:3306/db`); the adapter imports `mysql2`, creates a pool and closes it in `close()`. */
      readonly connectionString: string;
      /** Pool size (default 10). */
      readonly connectionLimit?: number;
    };

/** Options of {@link createMysqlDriver}. */
export type MysqlDriverOptions = MysqlConnectionOptions & {
  /** The workspace every statement is scoped to. */
  readonly workspaceId: string;
  /** Table prefix (default `crmkit_`); must match `/^[a-z_][a-z0-9_]*$/`. */
  readonly prefix?: string;
};

/** Options of {@link createMysqlStore}. */
export type MysqlStoreOptions<R extends EntityRegistry = CrmEntities> = MysqlDriverOptions & SqlStoreOptions<R>;

function connect(options: MysqlConnectionOptions): { db: AnyKysely; owned: boolean } {
  if ('db' in options) return { db: options.db, owned: false };
  if ('pool' in options) return { db: new Kysely({ dialect: new MysqlDialect({ pool: options.pool }) }), owned: false };
  const { connectionString, connectionLimit } = options;
  const pool = async (): Promise<MysqlPool> => {
    const mod = (await import('mysql2')) as unknown as { default?: typeof import('mysql2') } & typeof import('mysql2');
    const mysql = mod.default ?? mod;
    return mysql.createPool({ uri: connectionString, connectionLimit: connectionLimit ?? 10, charset: 'utf8mb4' });
  };
  return { db: new Kysely({ dialect: new MysqlDialect({ pool }) }), owned: true };
}

/**
 * Builds the MySQL / MariaDB driver for one workspace. Does not touch the database until used;
 * run {@link migrate} once first (or use {@link createMysqlStore}, which does).
 *
 * @param options - a connection (`db`, `pool` or `connectionString`), the workspace and the table prefix
 * @returns the driver, with `db` (its Kysely instance) and `close()`
 * @throws InvalidArgumentError when the prefix or workspace id is invalid
 *
 * @example
 * ```ts
 * import { createPool } from 'mysql2';
 * import { createMysqlDriver, migrate } from 'crmkit/adapters/mysql';
 * import { createStore } from 'crmkit/store';
 * const driver = createMysqlDriver({ pool: createPool({ uri: 'mysql://root@localhost/crm' }), workspaceId: 'acme' });
 * await migrate(driver.db);
 * const store = createStore({ driver });
 * ```
 */
export function createMysqlDriver(options: MysqlDriverOptions): SqlStoreDriver {
  const tables = tableNames(options.prefix);
  const workspaceId = checkWorkspaceId(options.workspaceId);
  const { db, owned } = connect(options);
  return createSqlDriver({ db, engine: mysqlEngine, tables, workspaceId, close: owned ? () => db.destroy() : async () => {} });
}

/**
 * Creates (or brings up to date) the adapter's tables: `<prefix>records`, `<prefix>log`,
 * `<prefix>log_heads` and their indexes, recorded in `<prefix>migrations`. Idempotent and safe
 * to run concurrently (Kysely's migrator takes a lock).
 *
 * @param db - a Kysely instance on MySQL / MariaDB (e.g. `driver.db`)
 * @param options - the table prefix (default `crmkit_`)
 * @returns the names of the migrations applied by this call
 * @throws AdapterError when a migration fails; InvalidArgumentError for an invalid prefix
 *
 * @example
 * ```ts
 * import { migrate } from 'crmkit/adapters/mysql';
 * await migrate(db); //=> { applied: ['0001_initial'] } the first time, { applied: [] } after
 * ```
 */
export function migrate(db: AnyKysely, options: MigrateOptions = {}): Promise<MigrateResult> {
  return runMigrations('mysql', db, options.prefix, mysqlMigrations);
}

/**
 * Builds a MySQL / MariaDB-backed {@link SqlStore}: the driver, migrations (unless
 * `migrate: false`) and `createStore`.
 *
 * @param options - connection, workspace, prefix, and the store's entities / ids / clock
 * @returns the store, with `driver` and `close()`
 * @throws AdapterError when the database cannot be reached or migrating fails;
 *   InvalidArgumentError for an invalid prefix or workspace id
 *
 * @example
 * ```ts
 * import { createMysqlStore } from 'crmkit/adapters/mysql';
 * const store = await createMysqlStore({ connectionString: 'mysql://root@localhost/crm', workspaceId: 'acme' });
 * (await store.create('contact', { firstName: 'Ada' })).version; //=> 1
 * await store.close();
 * ```
 */
export function createMysqlStore<R extends EntityRegistry = CrmEntities>(options: MysqlStoreOptions<R>): Promise<SqlStore<R>> {
  const driver = createMysqlDriver(options);
  return buildSqlStore<R>(driver, options, (d) => migrate(d.db, options.prefix === undefined ? {} : { prefix: options.prefix }));
}
