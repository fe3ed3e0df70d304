/**
 * MySQL (≥ 8.0.17) and MariaDB (≥ 10.9) specifics: `JSON_EXTRACT` with the path as a parameter,
 * binary comparison (`CAST(… AS BINARY)`, `VARBINARY` keys) for code-unit string order without
 * PAD SPACE surprises, `JSON_OVERLAPS` for array elements, `DATETIME(3)` in UTC, and a
 * per-workspace row lock for the log.
 *
 * @module
 * @internal
 */
import { sql } from 'kysely';
import type { DriverLogEntry, StoreCapabilities, StoredRow } from '../../store/types';
import type { JsonKind, Sql, SqlDialect } from '../sql/dialect';
import type { AnyKysely, SqlEngine, SqlScope } from '../sql/driver';
import { escapeLike } from '../sql/where';

/**
 * A MySQL JSON path for a crmkit path; always sent as a parameter, never spliced into SQL.
 *
 * @param path - path segments
 * @returns the JSON path with every member quoted
 *
 * @example
 * ```ts
 * mysqlJsonPath(['source', 'channel']); //=> '$."source"."channel"'
 * ```
 */
export function mysqlJsonPath(path: readonly string[]): string {
  return `$${path.map((segment) => `.${JSON.stringify(segment)}`).join('')}`;
}

function at(path: readonly string[]): Sql {
  return sql`JSON_EXTRACT(data, ${mysqlJsonPath(path)})`;
}

const NUMBER_TYPES = sql`('INTEGER', 'DOUBLE', 'DECIMAL', 'UNSIGNED INTEGER')`;

function isKind(path: readonly string[], kind: JsonKind): Sql {
  switch (kind) {
    case 'string':
      return sql`(JSON_TYPE(${at(path)}) = 'STRING')`;
    case 'number':
      return sql`(JSON_TYPE(${at(path)}) IN ${NUMBER_TYPES})`;
    case 'boolean':
      return sql`(JSON_TYPE(${at(path)}) = 'BOOLEAN')`;
    case 'array':
      return sql`(JSON_TYPE(${at(path)}) = 'ARRAY')`;
  }
}

/**
 * An ISO instant as the UTC wall time a `DATETIME(3)` column stores.
 *
 * @param iso - an ISO 8601 instant
 * @returns `YYYY-MM-DD HH:MM:SS.mmm` in UTC
 *
 * @example
 * ```ts
 * toMysqlDatetime('2025-01-02T03:04:05.678Z'); //=> '2025-01-02 03:04:05.678'
 * ```
 */
export function toMysqlDatetime(iso: string): string {
  const canonical = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(iso) ? iso : new Date(iso).toISOString();
  return `${canonical.slice(0, 10)} ${canonical.slice(11, 23)}`;
}

/** ISO text of a `DATETIME(3)` column, exactly as `toISOString()` writes it. */
function isoText(column: Sql): Sql {
  return sql`CONCAT(LEFT(DATE_FORMAT(${column}, '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z')`;
}

/** The MySQL / MariaDB fragment builders. */
export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  isNullish: (path) => sql`(COALESCE(JSON_TYPE(${at(path)}), 'NULL') = 'NULL')`,
  isKind,
  text: (path) => sql`CAST(JSON_UNQUOTE(${at(path)}) AS BINARY)`,
  number: (path) => sql`(CASE WHEN ${isKind(path, 'number')} THEN JSON_UNQUOTE(${at(path)}) + 0e0 END)`,
  isBoolean: (path, value) => sql`(JSON_TYPE(${at(path)}) = 'BOOLEAN' AND JSON_UNQUOTE(${at(path)}) = ${value ? 'true' : 'false'})`,
  arrayHas: (path, value) => sql`(CASE WHEN ${isKind(path, 'array')} THEN JSON_OVERLAPS(${at(path)}, ${JSON.stringify([value])}) END)`,
  textParam: (value) => sql`CAST(${value} AS BINARY)`,
  contains: (expr, value) => sql`(${expr} LIKE CAST(${`%${escapeLike(value)}%`} AS BINARY) ESCAPE '!')`,
  startsWith: (expr, value) => sql`(${expr} LIKE CAST(${`${escapeLike(value)}%`} AS BINARY) ESCAPE '!')`,
  idColumn: sql`id`,
  versionColumn: sql`version`,
  timeColumn: (column) => ({ column: sql.ref(column), asText: sql`CAST(${isoText(sql.ref(column))} AS BINARY)` }),
  timeParam: (iso) => sql`${toMysqlDatetime(iso)}`,
};

const CAPABILITIES: StoreCapabilities = Object.freeze({
  transactions: true,
  streaming: true,
  json: true,
  bulkInsert: true,
  multiProcess: true,
});

/** The MySQL / MariaDB engine of the shared SQL driver. */
export const mysqlEngine: SqlEngine = {
  dialect: mysqlDialect,
  capabilities: CAPABILITIES,
  insertChunkSize: 1000,
  failedStatementAbortsTransaction: false,
  recordColumns: sql`id, version, ${isoText(sql.ref('created_at'))} AS created_at, ${isoText(sql.ref('updated_at'))} AS updated_at, external_id, data`,
  logColumns: sql`seq, entity, entity_id, kind, ${isoText(sql.ref('at'))} AS at, actor, data`,
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
          created_at: toMysqlDatetime(row.createdAt),
          updated_at: toMysqlDatetime(row.updatedAt),
          external_id: row.externalId,
          data: JSON.stringify(row.data),
        })),
      )
      .execute();
  },

  async lockLog(db: AnyKysely, scope: SqlScope): Promise<void> {
    // Writing the workspace's head row takes an exclusive row lock held until commit, so appends
    // of one workspace get their AUTO_INCREMENT `seq` values in commit order.
    await sql`INSERT INTO ${sql.table(scope.tables.logHeads)} (workspace_id, appends) VALUES (${scope.workspaceId}, 1)
ON DUPLICATE KEY UPDATE appends = appends + 1`.execute(db);
  },

  async appendChunk(db: AnyKysely, scope: SqlScope, entries: readonly DriverLogEntry[]): Promise<number[]> {
    const result = await db
      .insertInto(scope.tables.log)
      .values(
        entries.map((entry) => ({
          workspace_id: scope.workspaceId,
          entity: entry.entity,
          entity_id: entry.entityId,
          kind: entry.kind,
          at: toMysqlDatetime(entry.at),
          actor: entry.actor,
          data: JSON.stringify(entry.data),
        })),
      )
      .executeTakeFirst();
    const first = result.insertId;
    if (first === undefined) throw new Error('the log insert returned no AUTO_INCREMENT id');
    // Under the workspace lock, this workspace's rows from `first` on are exactly the ones just inserted.
    const rows = await sql<{ seq: unknown }>`SELECT seq FROM ${sql.table(scope.tables.log)} WHERE workspace_id = ${scope.workspaceId} AND seq >= ${first.toString()} ORDER BY seq LIMIT ${entries.length}`.execute(db);
    if (rows.rows.length !== entries.length) throw new Error('could not read back the log sequence numbers');
    return rows.rows.map((row) => Number(row.seq));
  },

  isUniqueViolation: (error) => {
    if (typeof error !== 'object' || error === null) return false;
    const { errno, code } = error as { errno?: unknown; code?: unknown };
    return errno === 1062 || code === 'ER_DUP_ENTRY';
  },
};
