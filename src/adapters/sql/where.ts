/**
 * Compiles driver-level filters and sort keys ({@link DriverWhere}, {@link DriverSortKey}) into
 * SQL through a {@link SqlDialect}, reproducing the semantics documented on `Condition` in
 * `src/store/types.ts` exactly:
 *
 * - every leaf is two-valued (never SQL NULL), so `not`, `ne` and `notIn` match missing fields;
 * - comparisons are type-directed by the value: a number matches only numbers, a string only
 *   strings (by code unit), a boolean only booleans;
 * - `contains` is a substring test on strings and an element test on arrays;
 * - sort: missing/null first ascending (last descending), then booleans, numbers, strings,
 *   with `id` ascending as the final tie-break;
 * - a path only descends through objects (a numeric segment never indexes an array).
 *
 * @module
 * @internal
 */
import { sql } from 'kysely';
import type { DriverCondition, DriverSortKey, DriverWhere } from '../../store/types';
import type { CompareOp, JsonScalar, MetaColumn, Sql, SqlDialect } from './dialect';

const TRUE: Sql = sql`(1 = 1)`;
const FALSE: Sql = sql`(1 = 0)`;

/** `toISOString()` format: compares as an instant in the database and as a string alike. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const META: ReadonlySet<string> = new Set<MetaColumn>(['id', 'version', 'createdAt', 'updatedAt']);

function and(parts: readonly Sql[]): Sql {
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0] as Sql;
  return sql`(${sql.join(parts, sql` AND `)})`;
}

function or(parts: readonly Sql[]): Sql {
  if (parts.length === 0) return FALSE;
  if (parts.length === 1) return parts[0] as Sql;
  return sql`(${sql.join(parts, sql` OR `)})`;
}

/** Turns a possibly-NULL predicate into a two-valued one. */
function definite(predicate: Sql): Sql {
  return sql`(CASE WHEN ${predicate} THEN 1 ELSE 0 END = 1)`;
}

function compare(left: Sql, op: CompareOp, right: Sql): Sql {
  return sql`(${left} ${sql.raw(op)} ${right})`;
}

const OPS: Record<'lt' | 'lte' | 'gt' | 'gte', CompareOp> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

function isMetaPath(path: readonly string[]): path is readonly [MetaColumn] {
  return path.length === 1 && META.has(path[0] as string);
}

// ---------------------------------------------------------------------------------------------
// Leaves on `data`
// ---------------------------------------------------------------------------------------------

function jsonEq(d: SqlDialect, path: readonly string[], value: JsonScalar | null): Sql {
  if (value === null) return d.isNullish(path);
  let exact: Sql;
  if (typeof value === 'string') exact = and([d.isKind(path, 'string'), compare(d.text(path), '=', d.textParam(value))]);
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return FALSE;
    exact = and([d.isKind(path, 'number'), compare(d.number(path), '=', sql`${value}`)]);
  } else exact = d.isBoolean(path, value);
  // `externalId` is also a unique-indexed column (the string `data.externalId`, else NULL): a
  // conjunct on it lets that index serve external-id look-ups, with the exact check kept.
  if (typeof value === 'string' && path.length === 1 && path[0] === 'externalId') {
    return and([sql`(external_id IS NOT NULL)`, compare(sql`external_id`, '=', d.textParam(value)), definite(exact)]);
  }
  const fast = d.indexableEq?.(path, value);
  return fast === undefined ? definite(exact) : and([fast, definite(exact)]);
}

/**
 * `in` on `data`: one `IN (…)` list of bound parameters where an indexed column or a plain text
 * comparison can serve it (string values), the per-value `eq` terms for the rest. An `OR` chain of
 * hundreds of terms keeps SQLite (and MySQL) from using the `external_id` index; `IN` does not.
 */
function jsonIn(d: SqlDialect, path: readonly string[], values: readonly (JsonScalar | null)[]): Sql {
  const strings = [...new Set(values.filter((v): v is string => typeof v === 'string'))];
  const others = values.filter((v) => typeof v !== 'string');
  if (strings.length < 2) return or(values.map((v) => jsonEq(d, path, v)));
  const list = sql.join(strings.map((v) => d.textParam(v)));
  const exact = definite(and([d.isKind(path, 'string'), sql`(${d.text(path)} IN (${list}))`]));
  const hit =
    path.length === 1 && path[0] === 'externalId'
      ? and([sql`(external_id IS NOT NULL)`, sql`(external_id IN (${list}))`, exact])
      : exact;
  return or([hit, ...others.map((v) => jsonEq(d, path, v))]);
}

function jsonCompare(d: SqlDialect, path: readonly string[], op: CompareOp, value: string | number): Sql {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return FALSE;
    if (value === Infinity) return op === '<' || op === '<=' ? definite(d.isKind(path, 'number')) : FALSE;
    if (value === -Infinity) return op === '>' || op === '>=' ? definite(d.isKind(path, 'number')) : FALSE;
    return definite(and([d.isKind(path, 'number'), compare(d.number(path), op, sql`${value}`)]));
  }
  return definite(and([d.isKind(path, 'string'), compare(d.text(path), op, d.textParam(value))]));
}

function jsonLeaf(d: SqlDialect, c: DriverCondition): Sql {
  const { path } = c;
  switch (c.op) {
    case 'eq':
      return jsonEq(d, path, c.value);
    case 'ne':
      return sql`NOT ${jsonEq(d, path, c.value)}`;
    case 'in':
      return jsonIn(d, path, c.value);
    case 'notIn':
      return sql`NOT ${jsonIn(d, path, c.value)}`;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return jsonCompare(d, path, OPS[c.op], c.value);
    case 'contains': {
      const inArray = and([d.isKind(path, 'array'), d.arrayHas(path, c.value)]);
      if (typeof c.value !== 'string') return definite(inArray);
      return definite(or([and([d.isKind(path, 'string'), d.contains(d.text(path), c.value)]), inArray]));
    }
    case 'startsWith':
      return definite(and([d.isKind(path, 'string'), d.startsWith(d.text(path), c.value)]));
    case 'isNull':
      return c.value ? d.isNullish(path) : sql`NOT ${d.isNullish(path)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Leaves on metadata columns (never missing, never null)
// ---------------------------------------------------------------------------------------------

/** A metadata column seen as a string (`id`, the timestamps) or a number (`version`). */
interface MetaOperand {
  readonly type: 'string' | 'number';
  /** `left op value` for a value of the operand's type. */
  compare(op: CompareOp, value: string | number): Sql;
  /** The column as comparable text (strings only). */
  readonly text?: Sql;
}

function metaOperand(d: SqlDialect, column: MetaColumn): MetaOperand {
  if (column === 'id') {
    return { type: 'string', text: d.idColumn, compare: (op, v) => compare(d.idColumn, op, d.textParam(String(v))) };
  }
  if (column === 'version') {
    return { type: 'number', compare: (op, v) => compare(d.versionColumn, op, sql`${v}`) };
  }
  const time = d.timeColumn(column === 'createdAt' ? 'created_at' : 'updated_at');
  return {
    type: 'string',
    text: time.asText,
    compare: (op, v) => {
      const s = String(v);
      // A canonical instant compares on the column itself (indexable); any other string
      // compares with the ISO text by code unit, exactly as in memory.
      return CANONICAL_ISO.test(s) ? compare(time.column, op, d.timeParam(s)) : compare(time.asText, op, d.textParam(s));
    },
  };
}

function metaEq(m: MetaOperand, value: JsonScalar | null): Sql {
  if (value === null || typeof value !== m.type) return FALSE;
  if (typeof value === 'number' && !Number.isFinite(value)) return FALSE;
  return m.compare('=', value as string | number);
}

/** `in` on a metadata column: `id` and `version` as one `IN (…)` list of bound parameters. */
function metaIn(d: SqlDialect, column: MetaColumn, m: MetaOperand, values: readonly (JsonScalar | null)[]): Sql {
  if (column === 'id') {
    const ids = [...new Set(values.filter((v): v is string => typeof v === 'string'))];
    if (ids.length === 0) return FALSE;
    if (ids.length === 1) return metaEq(m, ids[0] as string);
    return sql`(${d.idColumn} IN (${sql.join(ids.map((v) => d.textParam(v)))}))`;
  }
  if (column === 'version') {
    const versions = [...new Set(values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)))];
    if (versions.length === 0) return FALSE;
    if (versions.length === 1) return metaEq(m, versions[0] as number);
    return sql`(${d.versionColumn} IN (${sql.join(versions)}))`;
  }
  return or(values.map((v) => metaEq(m, v)));
}

function metaLeaf(d: SqlDialect, column: MetaColumn, c: DriverCondition): Sql {
  const m = metaOperand(d, column);
  switch (c.op) {
    case 'eq':
      return metaEq(m, c.value);
    case 'ne':
      return sql`NOT ${metaEq(m, c.value)}`;
    case 'in':
      return metaIn(d, column, m, c.value);
    case 'notIn':
      return sql`NOT ${metaIn(d, column, m, c.value)}`;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const v = c.value;
      if (typeof v !== m.type) return FALSE;
      if (typeof v === 'number') {
        if (Number.isNaN(v)) return FALSE;
        if (v === Infinity) return c.op === 'lt' || c.op === 'lte' ? TRUE : FALSE;
        if (v === -Infinity) return c.op === 'gt' || c.op === 'gte' ? TRUE : FALSE;
      }
      return m.compare(OPS[c.op], v);
    }
    case 'contains':
      return typeof c.value === 'string' && m.text !== undefined ? d.contains(m.text, c.value) : FALSE;
    case 'startsWith':
      return m.text !== undefined ? d.startsWith(m.text, c.value) : FALSE;
    case 'isNull':
      return c.value ? FALSE : TRUE;
  }
}

// ---------------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------------

/**
 * Compiles a driver-level filter into a two-valued SQL predicate.
 *
 * @param dialect - the database's fragment builders
 * @param where - the filter (`undefined` matches everything)
 * @returns a SQL predicate; every value in it is a bound parameter
 *
 * @example
 * ```ts
 * compileWhere(postgresDialect, { path: ['lifecycleStage'], op: 'eq', value: 'lead' });
 * ```
 */
export function compileWhere(dialect: SqlDialect, where: DriverWhere | undefined): Sql {
  if (where === undefined) return TRUE;
  if ('and' in where) return and(where.and.map((w) => compileWhere(dialect, w)));
  if ('or' in where) return or(where.or.map((w) => compileWhere(dialect, w)));
  if ('not' in where) return sql`NOT ${compileWhere(dialect, where.not)}`;
  return isMetaPath(where.path) ? metaLeaf(dialect, where.path[0], where) : jsonLeaf(dialect, where);
}

/**
 * Compiles sort keys into an `ORDER BY` list, appending `id` ascending as the final tie-break.
 * For a path into `data` each key expands to: type rank (missing/null 0, boolean 1, number 2,
 * string 3, other 4), then the boolean, the number and the string (by code unit) — the order of
 * `compareValues` in `src/store/query.ts`.
 *
 * @param dialect - the database's fragment builders
 * @param sort - sort keys, most significant first
 * @returns the `ORDER BY` items (without the keyword)
 *
 * @example
 * ```ts
 * compileOrderBy(sqliteDialect, [{ path: ['score'], direction: 'desc' }]);
 * ```
 */
export function compileOrderBy(dialect: SqlDialect, sort: readonly DriverSortKey[]): Sql {
  const items: Sql[] = [];
  for (const key of sort) {
    const dir = sql.raw(key.direction === 'desc' ? 'DESC' : 'ASC');
    const { path } = key;
    if (isMetaPath(path)) {
      const column = path[0];
      if (column === 'id') {
        items.push(sql`${dialect.idColumn} ${dir}`);
        break; // id is unique: nothing after it can matter
      }
      if (column === 'version') items.push(sql`${dialect.versionColumn} ${dir}`);
      else items.push(sql`${dialect.timeColumn(column === 'createdAt' ? 'created_at' : 'updated_at').column} ${dir}`);
      continue;
    }
    // Same order as `compareValues` in src/store/query.ts: missing/null, booleans, numbers, strings, the rest.
    const rank = sql`(CASE WHEN ${dialect.isNullish(path)} THEN 0 WHEN ${dialect.isKind(path, 'boolean')} THEN 1 WHEN ${dialect.isKind(path, 'number')} THEN 2 WHEN ${dialect.isKind(path, 'string')} THEN 3 ELSE 4 END)`;
    items.push(sql`${rank} ${dir}`);
    items.push(sql`(CASE WHEN ${dialect.isBoolean(path, true)} THEN 1 WHEN ${dialect.isBoolean(path, false)} THEN 0 END) ${dir}`);
    items.push(sql`${dialect.number(path)} ${dir}`);
    items.push(sql`(CASE WHEN ${dialect.isKind(path, 'string')} THEN ${dialect.text(path)} END) ${dir}`);
  }
  if (!sort.some((key) => key.path.length === 1 && key.path[0] === 'id')) items.push(sql`${dialect.idColumn} ASC`);
  return sql.join(items);
}

/**
 * Escapes `%`, `_` and the escape character `!` for a `LIKE … ESCAPE '!'` pattern.
 *
 * @param value - the literal text
 * @returns the text with every special character escaped
 *
 * @example
 * ```ts
 * escapeLike('50%_off!'); //=> '50!%!_off!!'
 * ```
 */
export function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (ch) => `!${ch}`);
}
