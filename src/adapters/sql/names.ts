/**
 * Table names of the SQL adapters, derived from a configurable prefix and validated, so that an
 * identifier never carries anything but `[a-z0-9_]`.
 *
 * @module
 * @internal
 */
import { InvalidArgumentError } from '../../errors';

/** The default table prefix: tables are `crmkit_records`, `crmkit_log`, `crmkit_migrations`… */
export const DEFAULT_PREFIX = 'crmkit_';

/** What every identifier built from a prefix must match. */
export const IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_]*$/;

/** The tables of one prefix. */
export interface TableNames {
  /** The validated prefix. */
  readonly prefix: string;
  /** One row per record of every entity. */
  readonly records: string;
  /** The append-only log. */
  readonly log: string;
  /** Applied migrations (Kysely's `Migrator` table). */
  readonly migrations: string;
  /** The migration lock (Kysely's `Migrator` lock table). */
  readonly migrationLock: string;
  /** One row per workspace, locked by log appends (MySQL) to keep `seq` in commit order. */
  readonly logHeads: string;
}

/**
 * The table names for a prefix, after checking that each is a safe identifier.
 *
 * @param prefix - table prefix (default `crmkit_`): lower-case letters, digits and `_`, not starting with a digit, at most 32 characters
 * @returns the table names
 * @throws InvalidArgumentError when the prefix would make an invalid or unsafe identifier
 *
 * @example
 * ```ts
 * tableNames('acme_').records; //=> 'acme_records'
 * ```
 */
export function tableNames(prefix: string = DEFAULT_PREFIX): TableNames {
  const names: TableNames = {
    prefix,
    records: `${prefix}records`,
    log: `${prefix}log`,
    migrations: `${prefix}migrations`,
    migrationLock: `${prefix}migrations_lock`,
    logHeads: `${prefix}log_heads`,
  };
  if (prefix.length > 32) {
    throw new InvalidArgumentError(`invalid table prefix ${JSON.stringify(prefix)}: at most 32 characters`);
  }
  for (const name of [names.records, names.log, names.migrations, names.migrationLock, names.logHeads]) {
    if (!IDENTIFIER_PATTERN.test(name) || name.length > 63) {
      throw new InvalidArgumentError(
        `invalid table prefix ${JSON.stringify(prefix)}: table names must match ${String(IDENTIFIER_PATTERN)} and be at most 63 characters`,
      );
    }
  }
  return names;
}

/**
 * Checks a workspace id: any non-empty string of at most 255 characters.
 *
 * @param workspaceId - the workspace the driver is scoped to
 * @returns the same id
 * @throws InvalidArgumentError when empty or too long
 *
 * @example
 * ```ts
 * checkWorkspaceId('ws_1'); //=> 'ws_1'
 * ```
 */
export function checkWorkspaceId(workspaceId: string): string {
  if (typeof workspaceId !== 'string' || workspaceId.length === 0 || workspaceId.length > 255) {
    throw new InvalidArgumentError('workspaceId must be a non-empty string of at most 255 characters');
  }
  return workspaceId;
}
