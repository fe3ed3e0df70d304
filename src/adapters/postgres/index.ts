/**
 * crmkit/adapters/postgres — a {@link store!StoreDriver} and store for PostgreSQL (≥ 12) through
 * Kysely. Records live in one table, `<prefix>records` (JSONB `data`, optionally GIN-indexed), and the log
 * in `<prefix>log`; see the "SQL adapters" guide for the design.
 *
 * `pg` is an optional peer: it is only imported (lazily) when you pass a `connectionString`.
 *
 * @example
 * ```ts
 * import { createPostgresStore } from 'crmkit/adapters/postgres';
 * const store = await createPostgresStore({ connectionString: process.env.DATABASE_URL!, workspaceId: 'acme' });
 * await store.create('contact', { firstName: 'Ada' });
 * await store.close();
 * ```
 *
 * @module adapters/postgres
 */
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import type { EntityRegistry } from '../../store/types';
import type { CrmEntities } from '../../model/registry';
import { AdapterError, InvalidArgumentError } from '../../errors';
import { type AnyKysely, createSqlDriver, type SqlStoreDriver } from '../sql/driver';
import { type MigrateOptions, type MigrateResult, runMigrations } from '../sql/migrate';
import { checkWorkspaceId, tableNames } from '../sql/names';
import { buildSqlStore, type SqlStore, type SqlStoreOptions } from '../sql/store';
import { postgresEngine } from './dialect';
import { applyJsonIndex, postgresMigrations } from './migrations';

export type { MigrateOptions, MigrateResult } from '../sql/migrate';
export type { SqlStore, SqlStoreOptions } from '../sql/store';
export type { SqlStoreDriver } from '../sql/driver';

/** How to reach the database: your Kysely instance, your `pg` pool, or a connection string. */
export type PostgresConnectionOptions =
  | {
      /** A Kysely instance with a `PostgresDialect` (you keep ownership: `close()` leaves it open). */
      readonly db: AnyKysely;
    }
  | {
      /** A `pg` `Pool` (or a function returning one); you keep ownership. */
      readonly pool: PostgresPool | (() => Promise<PostgresPool>);
    }
  | {
      /** A connection string; the adapter imports `pg`, creates a pool and closes it in `close()`. */
      readonly connectionString: string;
      /** Pool size (default 10). */
      readonly max?: number;
    };

/** Options of {@link createPostgresDriver}. */
export type PostgresDriverOptions = PostgresConnectionOptions & {
  /** The workspace every statement is scoped to. */
  readonly workspaceId: string;
  /** Table prefix (default `crmkit_`); must match `/^[a-z_][a-z0-9_]*$/`. */
  readonly prefix?: string;
};

/** Options of the PostgreSQL {@link migrate}. */
export interface PostgresMigrateOptions extends MigrateOptions {
  /**
   * The GIN (`jsonb_path_ops`) index on `data`, which serves `eq` filters on domain fields:
   * `'gin'` creates it, `'none'` drops it, `undefined` (the default) leaves it as it is (new
   * databases are created without it). It costs about a third of the insert and update time,
   * and bulk inserts reach ≥ 50,000 rows/s only without it; create it when you filter large
   * workspaces on selective domain fields (e-mail, domain, owner). See decision 12.
   */
  readonly jsonIndex?: 'gin' | 'none';
}

/** Options of {@link createPostgresStore}. */
export type PostgresStoreOptions<R extends EntityRegistry = CrmEntities> = PostgresDriverOptions &
  SqlStoreOptions<R> & {
    /** Passed to {@link migrate} (when it runs). */
    readonly jsonIndex?: 'gin' | 'none';
  };

function connect(options: PostgresConnectionOptions): { db: AnyKysely; owned: boolean } {
  if ('db' in options) return { db: options.db, owned: false };
  if ('pool' in options) return { db: new Kysely({ dialect: new PostgresDialect({ pool: options.pool }) }), owned: false };
  const { connectionString, max } = options;
  const pool = async (): Promise<PostgresPool> => {
    const mod = (await import('pg')) as unknown as { default?: typeof import('pg') } & typeof import('pg');
    const pg = mod.default ?? mod;
    return new pg.Pool({ connectionString, max: max ?? 10 });
  };
  return { db: new Kysely({ dialect: new PostgresDialect({ pool }) }), owned: true };
}

/**
 * Builds the PostgreSQL driver for one workspace. Does not touch the database until used; run
 * {@link migrate} once first (or use {@link createPostgresStore}, which does).
 *
 * @param options - a connection (`db`, `pool` or `connectionString`), the workspace and the table prefix
 * @returns the driver, with `db` (its Kysely instance) and `close()`
 * @throws InvalidArgumentError when the prefix or workspace id is invalid
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresDriver, migrate } from 'crmkit/adapters/postgres';
 * import { createStore } from 'crmkit/store';
 * const driver = createPostgresDriver({ pool: new pg.Pool({ connectionString }), workspaceId: 'acme' });
 * await migrate(driver.db);
 * const store = createStore({ driver });
 * ```
 */
export function createPostgresDriver(options: PostgresDriverOptions): SqlStoreDriver {
  const tables = tableNames(options.prefix);
  const workspaceId = checkWorkspaceId(options.workspaceId);
  const { db, owned } = connect(options);
  return createSqlDriver({ db, engine: postgresEngine, tables, workspaceId, close: owned ? () => db.destroy() : async () => {} });
}

/**
 * Creates (or brings up to date) the adapter's tables: `<prefix>records`, `<prefix>log` and
 * their indexes, recorded in `<prefix>migrations`. Idempotent and safe to run concurrently.
 *
 * @param db - a Kysely instance on PostgreSQL (e.g. `driver.db`)
 * @param options - the table prefix (default `crmkit_`) and whether to keep a GIN index on `data` (`jsonIndex`)
 * @returns the names of the migrations applied by this call
 * @throws AdapterError when a migration fails; InvalidArgumentError for an invalid prefix
 *
 * @example
 * ```ts
 * import { migrate } from 'crmkit/adapters/postgres';
 * await migrate(db); //=> { applied: ['0001_initial', '0002_json_index_optional'] } the first time, { applied: [] } after
 * await migrate(db, { jsonIndex: 'gin' }); // adds the GIN index on data (eq filters on domain fields)
 * ```
 */
export async function migrate(db: AnyKysely, options: PostgresMigrateOptions = {}): Promise<MigrateResult> {
  const result = await runMigrations('postgres', db, options.prefix, postgresMigrations);
  const { jsonIndex } = options;
  if (jsonIndex !== undefined) {
    if (jsonIndex !== 'gin' && jsonIndex !== 'none') throw new InvalidArgumentError(`jsonIndex must be 'gin' or 'none', not ${JSON.stringify(jsonIndex)}`);
    try {
      await applyJsonIndex(db, tableNames(options.prefix), jsonIndex);
    } catch (error) {
      throw new AdapterError('postgres', `creating or dropping the GIN index failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return result;
}

/**
 * Builds a PostgreSQL-backed {@link SqlStore}: the driver, migrations (unless `migrate: false`)
 * and `createStore`.
 *
 * @param options - connection, workspace, prefix, and the store's entities / ids / clock
 * @returns the store, with `driver` and `close()`
 * @throws AdapterError when the database cannot be reached or migrating fails;
 *   InvalidArgumentError for an invalid prefix or workspace id
 *
 * @example
 * ```ts
 * import { createPostgresStore } from 'crmkit/adapters/postgres';
 * const store = await createPostgresStore({ connectionString: 'postgres://localhost/crm', workspaceId: 'acme' });
 * const ada = await store.create('contact', { firstName: 'Ada' });
 * ada.version; //=> 1
 * await store.close();
 * ```
 */
export function createPostgresStore<R extends EntityRegistry = CrmEntities>(options: PostgresStoreOptions<R>): Promise<SqlStore<R>> {
  const driver = createPostgresDriver(options);
  return buildSqlStore<R>(driver, options, (d) =>
    migrate(d.db, { ...(options.prefix !== undefined && { prefix: options.prefix }), ...(options.jsonIndex !== undefined && { jsonIndex: options.jsonIndex }) }),
  );
}
