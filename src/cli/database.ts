/**
 * `--db`: which store a command opens. The SQL adapters are imported only when asked for, by
 * their public subpath (`crmkit/adapters/sqlite`…), so a missing optional driver (`kysely`,
 * `better-sqlite3`, `pg`, `mysql2`) fails only the command that needs it, with the
 * `npm install` line that fixes it.
 *
 * @module
 */
import { isAbsolute, resolve } from 'node:path';
import type { CrmEntities } from 'crmkit/model';
import { createMemoryStore, type Store } from 'crmkit/store';
import { CliError, innermostMessage, isConnectionError, missingPackage } from './errors';
import { EXIT_CODES } from './exit-codes';

/** The database a `--db` value names. */
export type DatabaseTarget =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly filename: string }
  | { readonly kind: 'postgres'; readonly connectionString: string }
  | { readonly kind: 'mysql'; readonly connectionString: string };

/** The default `--db`: an SQLite file in the working directory. */
export const DEFAULT_DATABASE = 'crmkit.db';

/** The default `--workspace`: the one `crmkit demo` fills, so `crmkit demo && crmkit funnel` just works. */
export const DEFAULT_WORKSPACE = 'demo';

/**
 * Parses a `--db` value.
 *
 * - `memory` (or `:memory:`): a fresh in-memory store, gone when the command ends;
 * - `sqlite:<path>`, `sqlite://<path>`, or a path ending `.db`, `.sqlite`, `.sqlite3`: an SQLite file (relative to `cwd`);
 * - `postgres://…`, `postgresql://…`: PostgreSQL;
 * - `mysql://…`, `mariadb://…`: MySQL / MariaDB.
 *
 * @param value - the option's value
 * @param cwd - the directory relative paths are resolved against
 * @returns the target
 * @throws {@link CliError} (usage) for anything else
 * @example
 * ```ts
 * parseDatabase('postgres://localhost/crm', '/app'); //=> { kind: 'postgres', connectionString: 'postgres://localhost/crm' }
 * parseDatabase('data/crm.db', '/app'); //=> { kind: 'sqlite', filename: '/app/data/crm.db' }
 * ```
 */
export function parseDatabase(value: string, cwd: string): DatabaseTarget {
  const text = value.trim();
  const file = (path: string): DatabaseTarget => ({ kind: 'sqlite', filename: path === ':memory:' ? path : isAbsolute(path) ? path : resolve(cwd, path) });
  if (text === 'memory' || text === ':memory:') return { kind: 'memory' };
  if (/^postgres(ql)?:\/\//i.test(text)) return { kind: 'postgres', connectionString: text };
  if (/^mysql:\/\//i.test(text)) return { kind: 'mysql', connectionString: text };
  if (/^mariadb:\/\//i.test(text)) return { kind: 'mysql', connectionString: text.replace(/^mariadb:/i, 'mysql:') };
  if (/^sqlite:\/\//i.test(text)) return file(text.slice('sqlite://'.length));
  if (/^sqlite:/i.test(text)) return file(text.slice('sqlite:'.length));
  if (/\.(db|sqlite|sqlite3)$/i.test(text) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return file(text);
  throw new CliError(EXIT_CODES.usage, `Unsupported --db "${value}".`, {
    hint: 'Use memory, a file ending .db/.sqlite (or sqlite:<path>), postgres://…, mysql://… or mariadb://….',
  });
}

/** The packages each kind needs (besides crmkit), for the "npm install …" hint. */
export const DRIVER_PACKAGES = {
  memory: [],
  sqlite: ['kysely', 'better-sqlite3'],
  postgres: ['kysely', 'pg'],
  mysql: ['kysely', 'mysql2'],
} as const satisfies Record<DatabaseTarget['kind'], readonly string[]>;

/** An open store and how to release it. */
export interface OpenStore {
  /** The store, scoped to the workspace. */
  readonly store: Store<CrmEntities>;
  /** The target it was opened on. */
  readonly target: DatabaseTarget;
  /** Releases connections (nothing for memory). */
  readonly close: () => Promise<void>;
  /**
   * Deletes every record and log entry of the workspace (the demo's re-run), or `undefined`
   * where that is not needed (a fresh memory store).
   */
  readonly clearWorkspace?: () => Promise<void>;
}

/** Loads a module by specifier; injectable so tests can simulate a missing driver. */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

/**
 * The default loader: a dynamic `import()` with a specifier the bundler cannot see, so the
 * adapters (and the drivers they import) stay out of the CLI bundle and resolve at run time
 * (the package's own `exports`, or the tsconfig paths when running from source).
 *
 * @param specifier - a module specifier
 * @returns the module namespace
 * @example
 * ```ts
 * const sqlite = await defaultModuleLoader('crmkit/adapters/sqlite');
 * ```
 */
export const defaultModuleLoader: ModuleLoader = (specifier) => import(/* @vite-ignore */ specifier);

interface SqlStoreLike extends Store<CrmEntities> {
  readonly driver: { readonly db: KyselyLike; readonly tables: { readonly records: string; readonly log: string } };
  close(): Promise<void>;
}

/** The few Kysely query-builder methods the workspace reset needs (no import of kysely itself). */
interface KyselyLike {
  deleteFrom(table: string): { where(column: string, op: '=', value: string): { execute(): Promise<unknown> } };
  transaction(): { execute<T>(fn: (trx: KyselyLike) => Promise<T>): Promise<T> };
}

type StoreFactory = (options: Record<string, unknown>) => Promise<SqlStoreLike>;

const ADAPTERS = {
  sqlite: { specifier: 'crmkit/adapters/sqlite', factory: 'createSqliteStore', label: 'SQLite' },
  postgres: { specifier: 'crmkit/adapters/postgres', factory: 'createPostgresStore', label: 'PostgreSQL' },
  mysql: { specifier: 'crmkit/adapters/mysql', factory: 'createMysqlStore', label: 'MySQL' },
} as const;

function driverMissing(kind: Exclude<DatabaseTarget['kind'], 'memory'>, pkg: string | undefined, cause: unknown): CliError {
  const packages = DRIVER_PACKAGES[kind].join(' ');
  const which = pkg === undefined ? `the ${ADAPTERS[kind].label} driver` : `"${pkg}"`;
  return new CliError(EXIT_CODES.database, `Cannot use ${ADAPTERS[kind].label}: ${which} is not installed.`, {
    hint: `Install the driver with: npm install ${packages}   (or run with --db memory, which needs no driver)`,
    cause,
  });
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** A target for messages (passwords redacted). */
export function describeTarget(target: DatabaseTarget): string {
  switch (target.kind) {
    case 'memory':
      return 'memory';
    case 'sqlite':
      return target.filename;
    default:
      return redactUrl(target.connectionString);
  }
}

/**
 * Opens the store a `--db` target names, for one workspace, running the adapter's migrations.
 *
 * @param target - from {@link parseDatabase}
 * @param workspaceId - the workspace
 * @param load - how modules are loaded (tests inject a failing loader)
 * @returns the store and `close`
 * @throws {@link CliError} (database) when a driver is missing or the database cannot be reached
 * @example
 * ```ts
 * const { store, close } = await openStore({ kind: 'memory' }, 'demo');
 * await store.count('contact'); //=> 0
 * await close();
 * ```
 */
export async function openStore(target: DatabaseTarget, workspaceId: string, load: ModuleLoader = defaultModuleLoader): Promise<OpenStore> {
  if (target.kind === 'memory') {
    return { store: createMemoryStore({ workspaceId }), target, close: async () => {} };
  }
  const adapter = ADAPTERS[target.kind];
  let factory: StoreFactory;
  try {
    const mod = (await load(adapter.specifier)) as Record<string, unknown>;
    const found = mod[adapter.factory];
    if (typeof found !== 'function') throw new Error(`${adapter.specifier} has no ${adapter.factory}`);
    factory = found as StoreFactory;
  } catch (error) {
    throw driverMissing(target.kind, missingPackage(error), error);
  }
  const options: Record<string, unknown> =
    target.kind === 'sqlite' ? { filename: target.filename, workspaceId } : { connectionString: target.connectionString, workspaceId, ...(target.kind === 'postgres' ? { max: 4 } : {}) };
  let store: SqlStoreLike;
  try {
    store = await factory(options);
  } catch (error) {
    const pkg = missingPackage(error);
    if (pkg !== undefined) throw driverMissing(target.kind, pkg, error);
    if (isConnectionError(error) || (error as { code?: unknown }).code === 'ADAPTER_FAILURE') {
      const detail = innermostMessage(error);
      throw new CliError(EXIT_CODES.database, `Cannot open the database ${describeTarget(target)}: ${detail}`, {
        hint: target.kind === 'sqlite' ? 'Check that the directory exists and is writable, or use --db memory.' : 'Check the address, the credentials and that the server is running, or use --db memory.',
        cause: error,
      });
    }
    throw error;
  }
  const { db, tables } = store.driver;
  return {
    store,
    target,
    close: () => store.close(),
    clearWorkspace: () =>
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom(tables.records).where('workspace_id', '=', workspaceId).execute();
        await trx.deleteFrom(tables.log).where('workspace_id', '=', workspaceId).execute();
      }),
  };
}
