/**
 * crmkit/adapters/sqlite — a {@link store!StoreDriver} and store for SQLite (JSON1; better-sqlite3 ≥ 11)
 * through Kysely. Records live in one table, `<prefix>records` (JSON text `data`), and the log in
 * `<prefix>log`; see the "SQL adapters" guide for the design.
 *
 * `better-sqlite3` is an optional peer: it is only imported (lazily) when you pass a `filename`.
 *
 * @example
 * ```ts
 * import { createSqliteStore } from 'crmkit/adapters/sqlite';
 * const store = await createSqliteStore({ filename: 'crm.db', workspaceId: 'acme' });
 * await store.create('contact', { firstName: 'Ada' });
 * await store.close();
 * ```
 *
 * @module adapters/sqlite
 */
import { Kysely, type SqliteDatabase, SqliteDialect } from 'kysely';
import { InvalidArgumentError } from '../../errors';
import type { CrmEntities } from '../../model/registry';
import type { EntityRegistry } from '../../store/types';
import { type AnyKysely, createSqlDriver, type SqlStoreDriver } from '../sql/driver';
import { type MigrateOptions, type MigrateResult, runMigrations } from '../sql/migrate';
import { checkWorkspaceId, tableNames } from '../sql/names';
import { buildSqlStore, type SqlStore, type SqlStoreOptions } from '../sql/store';
import { sqliteEngine } from './dialect';
import { sqliteMigrations } from './migrations';

export type { MigrateOptions, MigrateResult } from '../sql/migrate';
export type { SqlStore, SqlStoreOptions } from '../sql/store';
export type { SqlStoreDriver } from '../sql/driver';

/**
 * SQLite's `synchronous` setting: when a commit waits for the disk. `'normal'` in WAL mode (what
 * the adapter sets for a file it opens) survives a crash of the application or of SQLite, and
 * never corrupts the database, but may lose the last transactions on a power loss or OS crash;
 * `'full'` (SQLite's default) waits for the disk on every commit; `'off'` never waits; `'extra'`
 * is `'full'` plus a sync of the directory. See decision 13 in docs/decisions.md.
 */
export type SqliteSynchronous = 'off' | 'normal' | 'full' | 'extra';

/** How to reach the database: your Kysely instance, your better-sqlite3 `Database`, or a file name. */
export type SqliteConnectionOptions =
  | {
      /** A Kysely instance with a `SqliteDialect` (you keep ownership: `close()` leaves it open). */
      readonly db: AnyKysely;
      /** Not with `db`: run `PRAGMA synchronous` on your connection yourself. */
      readonly synchronous?: never;
    }
  | {
      /** A better-sqlite3 `Database` (or a function returning one); you keep ownership. */
      readonly database: SqliteDatabase | (() => Promise<SqliteDatabase>);
      /**
       * Sets `PRAGMA synchronous` on your database when given; default: your database's setting
       * is left as it is.
       */
      readonly synchronous?: SqliteSynchronous;
    }
  | {
      /** A database file (`':memory:'` for a private in-memory database); the adapter imports better-sqlite3, opens it (a file in WAL mode) and closes it in `close()`. */
      readonly filename: string;
      /** `PRAGMA synchronous` (default `'normal'`: with WAL, durable across application crashes; see {@link SqliteSynchronous}). */
      readonly synchronous?: SqliteSynchronous;
    };

/** Options of {@link createSqliteDriver}. */
export type SqliteDriverOptions = SqliteConnectionOptions & {
  /** The workspace every statement is scoped to. */
  readonly workspaceId: string;
  /** Table prefix (default `crmkit_`); must match `/^[a-z_][a-z0-9_]*$/`. */
  readonly prefix?: string;
  /**
   * Whether other processes can share the database (the `multiProcess` capability). Default:
   * `false` for `':memory:'` (or a `Database` whose `memory` is true), `true` otherwise.
   */
  readonly multiProcess?: boolean;
};

/** Options of {@link createSqliteStore}. */
export type SqliteStoreOptions<R extends EntityRegistry = CrmEntities> = SqliteDriverOptions & SqlStoreOptions<R>;

function isMemory(options: SqliteConnectionOptions): boolean {
  if ('filename' in options) return options.filename === ':memory:' || options.filename === '';
  if ('database' in options && typeof options.database !== 'function') {
    return (options.database as { memory?: unknown }).memory === true;
  }
  return false;
}

/** Prepared statements kept per database (Kysely prepares every statement anew otherwise). */
const STATEMENT_CACHE_SIZE = 200;

/**
 * A better-sqlite3 database whose `prepare` reuses statements by SQL text. Kysely runs one
 * statement at a time per connection (and reads every result before the next), so a cached
 * statement is never in use twice; SQLite re-prepares it by itself after a schema change.
 */
function cachingDatabase(database: SqliteDatabase): SqliteDatabase {
  const cache = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement === undefined) {
        statement = database.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

const SYNCHRONOUS: ReadonlySet<string> = new Set<SqliteSynchronous>(['off', 'normal', 'full', 'extra']);

function checkSynchronous(value: unknown): SqliteSynchronous | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !SYNCHRONOUS.has(value)) {
    throw new InvalidArgumentError(`synchronous must be one of ${[...SYNCHRONOUS].join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as SqliteSynchronous;
}

/** Runs `PRAGMA synchronous` (a checked keyword, never user text) on a better-sqlite3 database. */
function setSynchronous(database: SqliteDatabase, synchronous: SqliteSynchronous | undefined): SqliteDatabase {
  if (synchronous !== undefined) database.prepare(`PRAGMA synchronous = ${synchronous.toUpperCase()}`).run([]);
  return database;
}

function connect(options: SqliteConnectionOptions): { db: AnyKysely; owned: boolean } {
  if ('db' in options) {
    if ((options as { synchronous?: unknown }).synchronous !== undefined) {
      throw new InvalidArgumentError('synchronous cannot be set with db: run PRAGMA synchronous on your connection yourself');
    }
    return { db: options.db, owned: false };
  }
  const synchronous = checkSynchronous(options.synchronous);
  if ('database' in options) {
    const given = options.database;
    const database =
      typeof given === 'function'
        ? async () => cachingDatabase(setSynchronous(await given(), synchronous))
        : cachingDatabase(setSynchronous(given, synchronous));
    return { db: new Kysely({ dialect: new SqliteDialect({ database }) }), owned: false };
  }
  const { filename } = options;
  const database = async (): Promise<SqliteDatabase> => {
    const mod = (await import('better-sqlite3')) as unknown as { default: typeof import('better-sqlite3') };
    const Database = mod.default;
    const db = new Database(filename);
    db.pragma('busy_timeout = 5000');
    if (filename !== ':memory:' && filename !== '') db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${(synchronous ?? 'normal').toUpperCase()}`);
    return cachingDatabase(db);
  };
  return { db: new Kysely({ dialect: new SqliteDialect({ database }) }), owned: true };
}

/**
 * Builds the SQLite driver for one workspace. Does not touch the database until used; run
 * {@link migrate} once first (or use {@link createSqliteStore}, which does).
 *
 * @param options - a connection (`db`, `database` or `filename`), the workspace and the table prefix
 * @returns the driver, with `db` (its Kysely instance) and `close()`
 * @throws InvalidArgumentError when the prefix or workspace id is invalid
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { createSqliteDriver, migrate } from 'crmkit/adapters/sqlite';
 * import { createStore } from 'crmkit/store';
 * const driver = createSqliteDriver({ database: new Database(':memory:'), workspaceId: 'acme' });
 * await migrate(driver.db);
 * driver.capabilities.multiProcess; //=> false
 * const store = createStore({ driver });
 * ```
 */
export function createSqliteDriver(options: SqliteDriverOptions): SqlStoreDriver {
  const tables = tableNames(options.prefix);
  const workspaceId = checkWorkspaceId(options.workspaceId);
  const { db, owned } = connect(options);
  const engine = sqliteEngine({ recordsTable: tables.records, multiProcess: options.multiProcess ?? !isMemory(options) });
  return createSqlDriver({ db, engine, tables, workspaceId, close: owned ? () => db.destroy() : async () => {} });
}

/**
 * Creates (or brings up to date) the adapter's tables: `<prefix>records`, `<prefix>log` and
 * their indexes, recorded in `<prefix>migrations`. Idempotent.
 *
 * @param db - a Kysely instance on SQLite (e.g. `driver.db`)
 * @param options - the table prefix (default `crmkit_`)
 * @returns the names of the migrations applied by this call
 * @throws AdapterError when a migration fails; InvalidArgumentError for an invalid prefix
 *
 * @example
 * ```ts
 * import { migrate } from 'crmkit/adapters/sqlite';
 * await migrate(db); //=> { applied: ['0001_initial'] } the first time, { applied: [] } after
 * ```
 */
export function migrate(db: AnyKysely, options: MigrateOptions = {}): Promise<MigrateResult> {
  return runMigrations('sqlite', db, options.prefix, sqliteMigrations);
}

/**
 * Builds a SQLite-backed {@link SqlStore}: the driver, migrations (unless `migrate: false`) and
 * `createStore`.
 *
 * @param options - connection, workspace, prefix, and the store's entities / ids / clock
 * @returns the store, with `driver` and `close()`
 * @throws AdapterError when the database cannot be opened or migrating fails;
 *   InvalidArgumentError for an invalid prefix or workspace id
 *
 * @example
 * ```ts
 * import { createSqliteStore } from 'crmkit/adapters/sqlite';
 * const store = await createSqliteStore({ filename: ':memory:', workspaceId: 'acme' });
 * (await store.create('contact', { firstName: 'Ada' })).version; //=> 1
 * await store.close();
 * ```
 */
export function createSqliteStore<R extends EntityRegistry = CrmEntities>(options: SqliteStoreOptions<R>): Promise<SqlStore<R>> {
  const driver = createSqliteDriver(options);
  return buildSqlStore<R>(driver, options, (d) => migrate(d.db, options.prefix === undefined ? {} : { prefix: options.prefix }));
}
