/**
 * SQLite specifics (JSON1, built into better-sqlite3): `json_extract` / `json_type` with the path
 * as a parameter, `json_each` for array elements, BINARY collation (code-unit order), `instr` /
 * `substr` instead of `LIKE` (which folds ASCII case in SQLite), ISO timestamps stored as TEXT.
 *
 * @module
 * @internal
 */
import { sql } from 'kysely';
import type { DriverLogEntry, StoreCapabilities, StoredRow } from '../../store/types';
import type { JsonKind, JsonScalar, Sql, SqlDialect } from '../sql/dialect';
import type { AnyKysely, SqlEngine, SqlScope } from '../sql/driver';

/**
 * A SQLite JSON path for a crmkit path; always sent as a parameter, never spliced into SQL.
 *
 * @param path - path segments
 * @returns the JSON path with every label quoted
 *
 * @example
 * ```ts
 * sqliteJsonPath(['customFields', 'tier']); //=> '$."customFields"."tier"'
 * ```
 */
export function sqliteJsonPath(path: readonly string[]): string {
  return `$${path.map((segment) => `.${JSON.stringify(segment)}`).join('')}`;
}

function type(path: readonly string[]): Sql {
  return sql`json_type(data, ${sqliteJsonPath(path)})`;
}

function isKind(path: readonly string[], kind: JsonKind): Sql {
  switch (kind) {
    case 'string':
      return sql`(${type(path)} = 'text')`;
    case 'number':
      return sql`(${type(path)} IN ('integer', 'real'))`;
    case 'boolean':
      return sql`(${type(path)} IN ('true', 'false'))`;
    case 'array':
      return sql`(${type(path)} = 'array')`;
  }
}

function elementMatches(value: JsonScalar): Sql {
  if (typeof value === 'boolean') return sql`e.type = ${value ? 'true' : 'false'}`;
  if (typeof value === 'number') return sql`(e.type IN ('integer', 'real') AND e.atom = ${value})`;
  return sql`(e.type = 'text' AND e.atom = ${value})`;
}

/**
 * Builds the SQLite fragment builders for one records table (needed to correlate `json_each`).
 *
 * @param recordsTable - the validated records table name
 * @returns the dialect
 *
 * @example
 * ```ts
 * sqliteDialect('crmkit_records').name; //=> 'sqlite'
 * ```
 */
export function sqliteDialect(recordsTable: string): SqlDialect {
  const data = sql.ref(`${recordsTable}.data`);
  return {
    name: 'sqlite',
    isNullish: (path) => sql`(COALESCE(${type(path)}, 'null') = 'null')`,
    isKind,
    text: (path) => sql`json_extract(data, ${sqliteJsonPath(path)})`,
    number: (path) => sql`(CASE WHEN ${isKind(path, 'number')} THEN json_extract(data, ${sqliteJsonPath(path)}) END)`,
    isBoolean: (path, value) => sql`(${type(path)} = ${value ? 'true' : 'false'})`,
    arrayHas: (path, value) =>
      sql`(CASE WHEN ${isKind(path, 'array')} THEN EXISTS (SELECT 1 FROM json_each(${data}, ${sqliteJsonPath(path)}) AS e WHERE ${elementMatches(value)}) END)`,
    textParam: (value) => sql`${value}`,
    contains: (expr, value) => sql`(instr(${expr}, ${value}) > 0)`,
    startsWith: (expr, value) => sql`(substr(${expr}, 1, length(${value})) = ${value})`,
    idColumn: sql`id`,
    versionColumn: sql`version`,
    timeColumn: (column) => ({ column: sql.ref(column), asText: sql.ref(column) }),
    timeParam: (iso) => sql`${iso}`,
  };
}

/** Options of {@link sqliteEngine}. */
export interface SqliteEngineOptions {
  /** Records table name (validated). */
  readonly recordsTable: string;
  /** False for an in-memory database (no other process can open it). */
  readonly multiProcess: boolean;
}

/**
 * Builds the SQLite engine of the shared SQL driver.
 *
 * @param options - the records table and whether the database is a shared file
 * @returns the engine
 *
 * @example
 * ```ts
 * sqliteEngine({ recordsTable: 'crmkit_records', multiProcess: false }).capabilities.multiProcess; //=> false
 * ```
 */
export function sqliteEngine(options: SqliteEngineOptions): SqlEngine {
  return {
    dialect: sqliteDialect(options.recordsTable),
    capabilities: Object.freeze({
      transactions: true,
      streaming: true,
      json: true,
      bulkInsert: true,
      multiProcess: options.multiProcess,
    }),
    insertChunkSize: 1000,
    failedStatementAbortsTransaction: false,
    recordColumns: sql`id, version, created_at, updated_at, external_id, data`,
    logColumns: sql`seq, entity, entity_id, kind, at, actor, data`,
    jsonParam: (json) => sql`${json}`,

    async insertChunk(db: AnyKysely, scope: SqlScope, entity: string, rows: readonly StoredRow[]): Promise<void> {
      await db
        .insertInto(scope.tables.records)
        .values(
          rows.map((row) => ({
            workspace_id: scope.workspaceId,
            entity,
            id: row.id,
            version: row.version,
            created_at: row.createdAt,
            updated_at: row.updatedAt,
            external_id: row.externalId,
            data: JSON.stringify(row.data),
          })),
        )
        .execute();
    },

    // SQLite has one writer at a time and holds the write lock until commit: `seq` is already in commit order.
    async lockLog(): Promise<void> {},

    async appendChunk(db: AnyKysely, scope: SqlScope, entries: readonly DriverLogEntry[]): Promise<number[]> {
      const rows = await db
        .insertInto(scope.tables.log)
        .values(
          entries.map((entry) => ({
            workspace_id: scope.workspaceId,
            entity: entry.entity,
            entity_id: entry.entityId,
            kind: entry.kind,
            at: entry.at,
            actor: entry.actor,
            data: JSON.stringify(entry.data),
          })),
        )
        .returning('seq')
        .execute();
      return rows.map((row) => Number((row as { seq: unknown }).seq)).sort((a, b) => a - b);
    },

    isUniqueViolation: (error) => {
      if (typeof error !== 'object' || error === null) return false;
      const { code } = error as { code?: unknown };
      return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
    },
  };
}
