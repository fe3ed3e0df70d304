/**
 * PostgreSQL specifics: JSONB operators for `data`, `COLLATE "C"` for code-unit string order,
 * `unnest` for bulk inserts, a per-workspace advisory lock for the log.
 *
 * @module
 * @internal
 */
import { sql } from 'kysely';
import type { DriverLogEntry, StoreCapabilities, StoredRow } from '../../store/types';
import type { JsonKind, JsonScalar, Sql, SqlDialect } from '../sql/dialect';
import type { AnyKysely, SqlEngine, SqlScope } from '../sql/driver';
import { escapeLike } from '../sql/where';
import { copyRecords } from './copy';

const NUMERIC_SEGMENT = /^-?\d+$/;

/** ISO text of a timestamptz column, exactly as `toISOString()` writes it. */
function isoText(column: Sql): Sql {
  return sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * The JSON value at a path. `#>` would index arrays with numeric segments; crmkit paths only
 * descend through objects, so such paths are guarded by checking each parent is an object.
 */
function at(path: readonly string[]): Sql {
  const value = sql`(data #> ${[...path]}::text[])`;
  const guards: Sql[] = [];
  path.forEach((segment, index) => {
    if (index > 0 && NUMERIC_SEGMENT.test(segment)) {
      guards.push(sql`jsonb_typeof(data #> ${path.slice(0, index)}::text[]) = 'object'`);
    }
  });
  if (guards.length === 0) return value;
  return sql`(CASE WHEN ${sql.join(guards, sql` AND `)} THEN ${value} END)`;
}

function nest(path: readonly string[], value: JsonScalar): unknown {
  let out: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) out = { [path[i] as string]: out };
  return out;
}

const KIND: Record<JsonKind, string> = { string: 'string', number: 'number', boolean: 'boolean', array: 'array' };

/** The PostgreSQL fragment builders. */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  isNullish: (path) => sql`(COALESCE(jsonb_typeof(${at(path)}), 'null') = 'null')`,
  isKind: (path, kind) => sql`(jsonb_typeof(${at(path)}) = ${sql.lit(KIND[kind])})`,
  text: (path) => sql`((${at(path)} #>> '{}') COLLATE "C")`,
  number: (path) => sql`(CASE WHEN jsonb_typeof(${at(path)}) = 'number' THEN (${at(path)})::numeric END)`,
  isBoolean: (path, value) => sql`(${at(path)} = ${JSON.stringify(value)}::jsonb)`,
  arrayHas: (path, value) => sql`(jsonb_typeof(${at(path)}) = 'array' AND ${at(path)} @> ${JSON.stringify([value])}::jsonb)`,
  indexableEq: (path, value) => {
    if (path.some((segment) => NUMERIC_SEGMENT.test(segment))) return undefined;
    return sql`(data @> ${JSON.stringify(nest(path, value))}::jsonb)`;
  },
  textParam: (value) => sql`${value}`,
  contains: (expr, value) => sql`(${expr} LIKE ${`%${escapeLike(value)}%`} ESCAPE '!')`,
  startsWith: (expr, value) => sql`(${expr} LIKE ${`${escapeLike(value)}%`} ESCAPE '!')`,
  idColumn: sql`id`,
  versionColumn: sql`version`,
  timeColumn: (column) => ({ column: sql.ref(column), asText: sql`(${isoText(sql.ref(column))} COLLATE "C")` }),
  timeParam: (iso) => sql`${iso}::timestamptz`,
};

const CAPABILITIES: StoreCapabilities = Object.freeze({
  transactions: true,
  streaming: true,
  json: true,
  bulkInsert: true,
  multiProcess: true,
});

/** The per-workspace advisory lock serialising log appends (held until the transaction ends). */
function logLock(scope: SqlScope): Sql {
  return sql`pg_advisory_xact_lock(hashtextextended(${`crmkit:log:${scope.tables.log}:${scope.workspaceId}`}, 0))`;
}

/**
 * Inserts log entries and returns their `seq` in order. With `lock`, the log lock is taken in the
 * same statement: a CTE calling a volatile function is never inlined and is evaluated before the
 * first row is produced, so before any `seq` default is drawn.
 */
async function appendLog(db: AnyKysely, scope: SqlScope, entries: readonly DriverLogEntry[], lock: boolean): Promise<number[]> {
  const locked = lock ? sql`WITH log_lock AS MATERIALIZED (SELECT ${logLock(scope)} AS locked)
` : sql``;
  const from = lock ? sql`log_lock, ` : sql``;
  const table = sql.table(scope.tables.log);
  const columns = sql`(workspace_id, entity, entity_id, kind, at, actor, data)`;
  let result: { rows: Array<{ seq: string | number }> };
  if (entries.length === 1) {
    // The common case (a service transition): plain parameters plan and run faster than arrays.
    const e = entries[0] as DriverLogEntry;
    const select = lock
      ? sql`SELECT ${scope.workspaceId}, ${e.entity}, ${e.entityId}, ${e.kind}, ${e.at}::timestamptz, ${e.actor}, ${JSON.stringify(e.data)}::jsonb FROM log_lock`
      : sql`VALUES (${scope.workspaceId}, ${e.entity}, ${e.entityId}, ${e.kind}, ${e.at}::timestamptz, ${e.actor}, ${JSON.stringify(e.data)}::jsonb)`;
    result = await sql<{ seq: string | number }>`${locked}INSERT INTO ${table} ${columns} ${select} RETURNING seq`.execute(db);
  } else {
    result = await sql<{ seq: string | number }>`${locked}INSERT INTO ${table} ${columns}
SELECT ${scope.workspaceId}, u.entity, u.entity_id, u.kind, u.at, u.actor, u.data
FROM ${from}unnest(${entries.map((e) => e.entity)}::text[], ${entries.map((e) => e.entityId)}::text[], ${entries.map((e) => e.kind)}::text[],
  ${entries.map((e) => e.at)}::timestamptz[], ${entries.map((e) => e.actor)}::text[], ${entries.map((e) => JSON.stringify(e.data))}::jsonb[])
  WITH ORDINALITY AS u(entity, entity_id, kind, at, actor, data, n)
ORDER BY u.n
RETURNING seq`.execute(db);
  }
  return result.rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
}

/** The PostgreSQL engine of the shared SQL driver. */
export const postgresEngine: SqlEngine = {
  dialect: postgresDialect,
  capabilities: CAPABILITIES,
  insertChunkSize: 2000,
  failedStatementAbortsTransaction: true,
  recordColumns: sql`id, version, ${isoText(sql.ref('created_at'))} AS created_at, ${isoText(sql.ref('updated_at'))} AS updated_at, external_id, data`,
  logColumns: sql`seq, entity, entity_id, kind, ${isoText(sql.ref('at'))} AS at, actor, data`,
  jsonParam: (json) => sql`${json}::jsonb`,

  async insertChunk(db: AnyKysely, scope: SqlScope, entity: string, rows: readonly StoredRow[]): Promise<void> {
    // One JSON document per chunk: a single parameter, parsed by the server once, straight into
    // `jsonb` (json_to_recordset would parse each `data` member a second time).
    let payload = '[';
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as StoredRow;
      payload += `${i === 0 ? '' : ','}{"id":${JSON.stringify(r.id)},"version":${JSON.stringify(r.version)},"created_at":${JSON.stringify(r.createdAt)},"updated_at":${JSON.stringify(r.updatedAt)},"external_id":${JSON.stringify(r.externalId)},"data":${JSON.stringify(r.data)}}`;
    }
    payload += ']';
    await sql`INSERT INTO ${sql.table(scope.tables.records)} (workspace_id, entity, id, version, created_at, updated_at, external_id, data)
SELECT ${scope.workspaceId}, ${entity}, r.id, r.version, r.created_at, r.updated_at, r.external_id, r.data
FROM jsonb_to_recordset(${payload}::jsonb) AS r(id text, version int, created_at timestamptz, updated_at timestamptz, external_id text, data jsonb)`.execute(db);
  },

  copyChunks: copyRecords,

  async lockLog(db: AnyKysely, scope: SqlScope): Promise<void> {
    // Held until the transaction ends: appends of one workspace take `seq` values in commit order.
    await sql`SELECT ${logLock(scope)}`.execute(db);
  },

  appendChunk: (db: AnyKysely, scope: SqlScope, entries: readonly DriverLogEntry[]): Promise<number[]> => appendLog(db, scope, entries, false),

  lockAndAppendChunk: (db: AnyKysely, scope: SqlScope, entries: readonly DriverLogEntry[]): Promise<number[]> => appendLog(db, scope, entries, true),

  isUniqueViolation: (error) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505',
};
