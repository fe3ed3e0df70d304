/**
 * What differs between the SQL databases, as small builders of Kysely `sql` fragments. The
 * shared where/sort compiler ({@link compileWhere}) and the shared driver are written once
 * against this interface; each adapter supplies one implementation.
 *
 * Every builder takes values as arguments and must pass them as bound parameters (`${value}` in
 * a `sql` template), never as SQL text.
 *
 * @module
 * @internal
 */
import type { RawBuilder } from 'kysely';

/** A SQL fragment. */
export type Sql = RawBuilder<unknown>;

/** A JSON scalar as conditions carry it. */
export type JsonScalar = string | number | boolean;

/** A JSON type a condition can test for at a path. */
export type JsonKind = 'string' | 'number' | 'boolean' | 'array';

/** Comparison operators. */
export type CompareOp = '=' | '<' | '<=' | '>' | '>=';

/** The metadata columns a path may name. */
export type MetaColumn = 'id' | 'version' | 'createdAt' | 'updatedAt';

/** How one dialect builds the fragments the compiler needs. */
export interface SqlDialect {
  /** Adapter name used in errors (`postgres`, `mysql`, `sqlite`). */
  readonly name: string;

  // --- values inside `data` at a path (the path is always a bound parameter) -------------------
  /** True when the value at `path` is missing or JSON `null`. Never SQL NULL. */
  isNullish(path: readonly string[]): Sql;
  /** True when the value at `path` has this JSON type (may be SQL NULL when the path is missing). */
  isKind(path: readonly string[], kind: JsonKind): Sql;
  /** The string at `path`, comparable by code unit (only meaningful when it is a string). */
  text(path: readonly string[]): Sql;
  /** The number at `path` (SQL NULL unless it is a number). */
  number(path: readonly string[]): Sql;
  /** True when the value at `path` is the JSON boolean `value`. */
  isBoolean(path: readonly string[], value: boolean): Sql;
  /** True when the value at `path` is an array with an element equal to `value` (same type). */
  arrayHas(path: readonly string[], value: JsonScalar): Sql;
  /**
   * An optional extra conjunct for `eq` that an index can serve (PostgreSQL: `data @> …` for
   * the GIN index); `undefined` when the dialect has none.
   */
  indexableEq?(path: readonly string[], value: JsonScalar): Sql | undefined;

  // --- strings ----------------------------------------------------------------------------------
  /** A string parameter, in the form {@link text} compares with (e.g. `CAST(? AS BINARY)`). */
  textParam(value: string): Sql;
  /** True when `expr` (from {@link text} or a text column) contains `value` (case-sensitive). */
  contains(expr: Sql, value: string): Sql;
  /** True when `expr` starts with `value` (case-sensitive). */
  startsWith(expr: Sql, value: string): Sql;

  // --- metadata columns ---------------------------------------------------------------------------
  /** The `id` column, comparable by code unit with {@link textParam}. */
  readonly idColumn: Sql;
  /** The `version` column. */
  readonly versionColumn: Sql;
  /**
   * A timestamp column (`created_at`, `updated_at`): `column` for comparison with
   * {@link timeParam} and sorting, `asText` its value as the ISO string it was given,
   * comparable with {@link textParam}.
   */
  timeColumn(column: 'created_at' | 'updated_at'): { readonly column: Sql; readonly asText: Sql };
  /** A canonical ISO 8601 instant as a parameter comparable with {@link timeColumn}'s `column`. */
  timeParam(iso: string): Sql;
}
