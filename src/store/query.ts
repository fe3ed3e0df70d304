/**
 * Pure query helpers shared by every store: translation of a typed {@link Where} into a
 * {@link DriverWhere} (with validation that reports every bad condition), the reference
 * evaluator {@link matchesWhere} and comparator {@link compareRows} that define the exact
 * semantics every adapter must reproduce, and the opaque keyset-pagination cursor.
 *
 * @module
 */
import { ValidationError, type ValidationIssue } from '../errors';
import type {
  DriverCondition,
  DriverSortKey,
  DriverWhere,
  Json,
  SortKey,
  StoredRow,
  Where,
} from './types';
import { WHERE_OPERATORS } from './types';

/** Record-metadata fields that drivers store as columns (paths of length one). */
export const META_COLUMNS = ['id', 'version', 'createdAt', 'updatedAt'] as const;

/** A record-metadata column name. */
export type MetaColumn = (typeof META_COLUMNS)[number];

const META_SET: ReadonlySet<string> = new Set(META_COLUMNS);
const OPERATOR_SET: ReadonlySet<string> = new Set(WHERE_OPERATORS);

/** A JSON scalar as it appears in driver conditions. */
type Scalar = string | number | boolean | null;

/**
 * A condition that every row matches (`id` is never missing). Used instead of `{ and: [] }` so
 * drivers never receive empty combinators.
 */
export const MATCH_ALL: DriverCondition = Object.freeze({ path: Object.freeze(['id']), op: 'isNull', value: false });

/** A condition that no row matches. Used instead of `{ or: [] }` and `in: []`. */
export const MATCH_NONE: DriverCondition = Object.freeze({ path: Object.freeze(['id']), op: 'isNull', value: true });

/** Options of {@link toDriverWhere} and {@link toDriverSort}. */
export interface QueryTranslationOptions {
  /**
   * Names of the entity's domain fields. When given, a path whose first segment is neither one
   * of them nor a metadata field is reported as an unknown field.
   */
  readonly fields?: Iterable<string>;
  /** What is validated, used in the error message (default `'query'`). */
  readonly subject?: string;
}

// ---------------------------------------------------------------------------------------------
// Where → DriverWhere
// ---------------------------------------------------------------------------------------------

function issue(path: readonly PropertyKey[], message: string): ValidationIssue {
  return { code: 'custom', path: [...path], message };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Resolves a dotted field name into a driver path, pushing issues for bad names.
 * @internal
 */
export function resolveFieldPath(
  field: unknown,
  at: readonly PropertyKey[],
  issues: ValidationIssue[],
  fields: ReadonlySet<string> | undefined,
): string[] | undefined {
  if (typeof field !== 'string' || field === '') {
    issues.push(issue(at, 'Expected a non-empty field name'));
    return undefined;
  }
  const segments = field.split('.');
  if (segments.some((segment) => segment === '')) {
    issues.push(issue(at, `Invalid field path "${field}"`));
    return undefined;
  }
  const first = segments[0] as string;
  if (first === 'workspaceId') {
    issues.push(issue(at, 'A store is scoped to one workspace: workspaceId cannot be filtered or sorted on'));
    return undefined;
  }
  if (META_SET.has(first)) {
    if (segments.length > 1) {
      issues.push(issue(at, `"${first}" is a scalar metadata field; it has no nested fields`));
      return undefined;
    }
    return segments;
  }
  if (fields !== undefined && !fields.has(first)) {
    issues.push(issue(at, `Unknown field "${first}"`));
    return undefined;
  }
  return segments;
}

/** Converts a condition value to a JSON scalar; `undefined` means invalid (issue pushed). */
function scalarValue(
  value: unknown,
  at: readonly PropertyKey[],
  issues: ValidationIssue[],
  allowed: { readonly null?: boolean; readonly boolean?: boolean; readonly number?: boolean; readonly date?: boolean },
  expected: string,
): Scalar | undefined {
  if (value === null) {
    if (allowed.null) return null;
  } else if (typeof value === 'string') {
    return value;
  } else if (typeof value === 'number') {
    if (allowed.number) {
      if (Number.isFinite(value)) return value;
      issues.push(issue(at, 'Expected a finite number'));
      return undefined;
    }
  } else if (typeof value === 'boolean') {
    if (allowed.boolean) return value;
  } else if (value instanceof Date) {
    if (allowed.date) {
      if (Number.isNaN(value.getTime())) {
        issues.push(issue(at, 'Invalid Date'));
        return undefined;
      }
      return value.toISOString();
    }
  }
  issues.push(issue(at, `Expected ${expected}`));
  return undefined;
}

const SCALAR = { null: true, boolean: true, number: true, date: true } as const;
const ORDERABLE = { number: true, date: true } as const;
const CONTAINABLE = { number: true, boolean: true } as const;

function translateCondition(
  node: Record<string, unknown>,
  at: readonly PropertyKey[],
  issues: ValidationIssue[],
  fields: ReadonlySet<string> | undefined,
): DriverWhere | undefined {
  const before = issues.length;
  for (const key of Object.keys(node)) {
    if (key !== 'field' && key !== 'op' && key !== 'value') issues.push(issue([...at, key], `Unknown key "${key}" in a condition`));
  }
  const path = resolveFieldPath(node['field'], [...at, 'field'], issues, fields);
  const op = node['op'];
  const valueAt = [...at, 'value'];
  const raw = node['value'];
  if (typeof op !== 'string' || !OPERATOR_SET.has(op)) {
    issues.push(issue([...at, 'op'], `Unknown operator ${JSON.stringify(op)}; expected one of ${WHERE_OPERATORS.join(', ')}`));
    return undefined;
  }
  if (!('value' in node)) {
    issues.push(issue(valueAt, 'Missing value'));
    return undefined;
  }
  let condition: DriverWhere | undefined;
  switch (op) {
    case 'eq':
    case 'ne': {
      const value = scalarValue(raw, valueAt, issues, SCALAR, 'a string, a finite number, a boolean, a Date or null');
      if (value !== undefined && path) condition = { path, op, value };
      break;
    }
    case 'in':
    case 'notIn': {
      if (!Array.isArray(raw)) {
        issues.push(issue(valueAt, 'Expected an array of values'));
        break;
      }
      const values: Scalar[] = [];
      raw.forEach((element: unknown, index) => {
        const value = scalarValue(element, [...valueAt, index], issues, SCALAR, 'a string, a finite number, a boolean, a Date or null');
        if (value !== undefined) values.push(value);
      });
      if (path && values.length === raw.length) {
        if (values.length === 0) condition = op === 'in' ? MATCH_NONE : MATCH_ALL;
        else condition = { path, op, value: values };
      }
      break;
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const value = scalarValue(raw, valueAt, issues, ORDERABLE, 'a string, a finite number or a Date');
      if (value !== undefined && value !== null && typeof value !== 'boolean' && path) condition = { path, op, value };
      break;
    }
    case 'contains': {
      const value = scalarValue(raw, valueAt, issues, CONTAINABLE, 'a string, a finite number or a boolean');
      if (value !== undefined && value !== null && path) condition = { path, op, value };
      break;
    }
    case 'startsWith': {
      if (typeof raw !== 'string') issues.push(issue(valueAt, 'Expected a string'));
      else if (path) condition = { path, op, value: raw };
      break;
    }
    case 'isNull': {
      if (typeof raw !== 'boolean') issues.push(issue(valueAt, 'Expected a boolean'));
      else if (path) condition = { path, op, value: raw };
      break;
    }
  }
  return issues.length === before ? condition : undefined;
}

/**
 * Translates a filter, pushing every problem into `issues` instead of throwing.
 * @internal
 */
export function translateWhere(
  where: unknown,
  at: readonly PropertyKey[],
  issues: ValidationIssue[],
  fields: ReadonlySet<string> | undefined,
  depth = 0,
): DriverWhere | undefined {
  if (depth > 64) {
    issues.push(issue(at, 'Filter is nested too deeply (more than 64 levels)'));
    return undefined;
  }
  if (!isPlainObject(where)) {
    issues.push(issue(at, 'Expected a condition object or { and }, { or }, { not }'));
    return undefined;
  }
  const keys = Object.keys(where);
  const combinator = keys.find((key) => key === 'and' || key === 'or' || key === 'not');
  if (combinator !== undefined) {
    if (keys.length !== 1) {
      issues.push(issue(at, `A "${combinator}" node must have no other keys (found ${keys.join(', ')})`));
      return undefined;
    }
    if (combinator === 'not') {
      const inner = translateWhere(where['not'], [...at, 'not'], issues, fields, depth + 1);
      return inner === undefined ? undefined : { not: inner };
    }
    const list = where[combinator];
    if (!Array.isArray(list)) {
      issues.push(issue([...at, combinator], 'Expected an array of filters'));
      return undefined;
    }
    const before = issues.length;
    const parts: DriverWhere[] = [];
    list.forEach((child: unknown, index) => {
      const translated = translateWhere(child, [...at, combinator, index], issues, fields, depth + 1);
      if (translated !== undefined) parts.push(translated);
    });
    if (issues.length !== before) return undefined;
    if (parts.length === 0) return combinator === 'and' ? MATCH_ALL : MATCH_NONE;
    if (parts.length === 1) return parts[0];
    return combinator === 'and' ? { and: parts } : { or: parts };
  }
  return translateCondition(where, at, issues, fields);
}

function fieldSet(fields: Iterable<string> | undefined): ReadonlySet<string> | undefined {
  if (fields === undefined) return undefined;
  return fields instanceof Set ? (fields as ReadonlySet<string>) : new Set(fields);
}

/**
 * Translates a typed filter into the driver-level form: field names split on `.` into paths,
 * `Date`s turned into ISO 8601 strings, metadata fields (`id`, `version`, `createdAt`,
 * `updatedAt`) kept as one-segment column paths. Empty `and` / `or` / `in` / `notIn` are
 * replaced by {@link MATCH_ALL} / {@link MATCH_NONE}, so drivers never see empty lists.
 *
 * @param where - the filter (untrusted: it is fully validated)
 * @param options - the entity's field names, to report unknown fields
 * @returns the driver-level filter
 * @throws {@link ValidationError} listing every bad condition, with paths such as
 *   `['where', 'and', 1, 'value']`
 *
 * @example
 * ```ts
 * import { toDriverWhere } from 'crmkit/store';
 * toDriverWhere({ and: [
 *   { field: 'source.channel', op: 'eq', value: 'email' },
 *   { field: 'createdAt', op: 'gte', value: new Date('2025-01-01T00:00:00Z') },
 * ] });
 * //=> { and: [
 * //     { path: ['source', 'channel'], op: 'eq', value: 'email' },
 * //     { path: ['createdAt'], op: 'gte', value: '2025-01-01T00:00:00.000Z' } ] }
 * ```
 */
export function toDriverWhere(where: Where<any>, options: QueryTranslationOptions = {}): DriverWhere {
  const issues: ValidationIssue[] = [];
  const result = translateWhere(where, ['where'], issues, fieldSet(options.fields));
  if (issues.length > 0 || result === undefined) throw new ValidationError(options.subject ?? 'query', issues);
  return result;
}

/**
 * Translates sort keys, pushing problems into `issues`. Keys after an `id` key are dropped
 * (`id` is unique, so they could never matter).
 * @internal
 */
export function translateSort(
  sort: unknown,
  at: readonly PropertyKey[],
  issues: ValidationIssue[],
  fields: ReadonlySet<string> | undefined,
): DriverSortKey[] {
  if (sort === undefined) return [];
  if (!Array.isArray(sort)) {
    issues.push(issue(at, 'Expected an array of sort keys'));
    return [];
  }
  const keys: DriverSortKey[] = [];
  let sawId = false;
  sort.forEach((key: unknown, index) => {
    if (!isPlainObject(key)) {
      issues.push(issue([...at, index], 'Expected { field, direction? }'));
      return;
    }
    for (const name of Object.keys(key)) {
      if (name !== 'field' && name !== 'direction') issues.push(issue([...at, index, name], `Unknown key "${name}" in a sort key`));
    }
    const path = resolveFieldPath(key['field'], [...at, index, 'field'], issues, fields);
    const direction = key['direction'] ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') {
      issues.push(issue([...at, index, 'direction'], 'Expected "asc" or "desc"'));
      return;
    }
    if (path && !sawId) {
      keys.push({ path, direction });
      if (path.length === 1 && path[0] === 'id') sawId = true;
    }
  });
  return keys;
}

/**
 * Translates sort keys into the driver-level form (paths split on `.`). Keys after an `id` key
 * are dropped, since `id` is unique.
 *
 * @param sort - the sort keys (untrusted: fully validated)
 * @param options - the entity's field names, to report unknown fields
 * @returns driver sort keys (without the implicit final `id` tie-breaker)
 * @throws {@link ValidationError} listing every bad key, with paths such as `['sort', 0, 'direction']`
 *
 * @example
 * ```ts
 * import { toDriverSort } from 'crmkit/store';
 * toDriverSort([{ field: 'leadScore', direction: 'desc' }, { field: 'source.channel' }]);
 * //=> [{ path: ['leadScore'], direction: 'desc' }, { path: ['source', 'channel'], direction: 'asc' }]
 * ```
 */
export function toDriverSort(sort: readonly SortKey<any>[] | undefined, options: QueryTranslationOptions = {}): DriverSortKey[] {
  const issues: ValidationIssue[] = [];
  const keys = translateSort(sort, ['sort'], issues, fieldSet(options.fields));
  if (issues.length > 0) throw new ValidationError(options.subject ?? 'query', issues);
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Reference semantics: matchesWhere / compareRows
// ---------------------------------------------------------------------------------------------

/**
 * The value at a driver path in a row: a metadata column for `['id']`, `['version']`,
 * `['createdAt']`, `['updatedAt']`, otherwise a walk through `row.data` that only descends into
 * objects (anything else on the way yields `undefined`, i.e. missing).
 *
 * @param row - a stored row
 * @param path - a driver path
 * @returns the JSON value there, or `undefined` when missing
 *
 * @throws never
 * @example
 * ```ts
 * import { valueAtPath } from 'crmkit/store';
 * const row = { id: 'c1', version: 1, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z',
 *   externalId: null, data: { source: { channel: 'email' } } };
 * valueAtPath(row, ['source', 'channel']); //=> 'email'
 * valueAtPath(row, ['version']); //=> 1
 * ```
 */
export function valueAtPath(row: StoredRow, path: readonly string[]): Json | undefined {
  const first = path[0];
  if (path.length === 1 && first !== undefined && META_SET.has(first)) return row[first as MetaColumn];
  let current: unknown = row.data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current as Json | undefined;
}

function isMissing(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function equalsScalar(actual: unknown, expected: Scalar): boolean {
  return expected === null ? isMissing(actual) : actual === expected;
}

function matchesCondition(row: StoredRow, condition: DriverCondition): boolean {
  const actual = valueAtPath(row, condition.path);
  switch (condition.op) {
    case 'eq':
      return equalsScalar(actual, condition.value);
    case 'ne':
      return !equalsScalar(actual, condition.value);
    case 'in':
      return condition.value.some((value) => equalsScalar(actual, value));
    case 'notIn':
      return !condition.value.some((value) => equalsScalar(actual, value));
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const expected = condition.value;
      if (typeof actual !== typeof expected || (typeof actual !== 'number' && typeof actual !== 'string')) return false;
      const a = actual as number | string;
      if (condition.op === 'lt') return a < expected;
      if (condition.op === 'lte') return a <= expected;
      if (condition.op === 'gt') return a > expected;
      return a >= expected;
    }
    case 'contains': {
      const expected = condition.value;
      if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
      if (Array.isArray(actual)) return actual.some((element) => element === expected);
      return false;
    }
    case 'startsWith':
      return typeof actual === 'string' && actual.startsWith(condition.value);
    case 'isNull':
      return condition.value ? isMissing(actual) : !isMissing(actual);
  }
}

/**
 * The reference evaluator of a driver-level filter: the exact semantics every adapter must
 * reproduce (the memory store uses it; SQL adapters are checked against it by the conformance
 * suite). Two-valued logic: a condition is true or false, never unknown, so `not` is plain
 * negation.
 *
 * - `eq` / `ne` / `in` / `notIn`: strict, type-sensitive equality of JSON scalars (`1` ≠ `'1'`);
 *   `null` in the value matches a missing or `null` field; arrays and objects never equal a
 *   scalar; `ne` and `notIn` are the exact negations of `eq` and `in`, so they match missing fields.
 * - `lt` `lte` `gt` `gte`: only when field and value are both numbers (numeric order) or both
 *   strings (UTF-16 code-unit order, i.e. binary collation); otherwise — missing included — false.
 * - `contains`: a string field containing the string value (case-sensitive), or an array field
 *   with an element strictly equal to the value.
 * - `startsWith`: a string field starting with the value (case-sensitive, `%` and `_` literal).
 * - `isNull`: `true` matches a missing or `null` field; `false` a present, non-null one.
 * - `{ and: [] }` matches everything, `{ or: [] }` nothing.
 *
 * @param row - a stored row
 * @param where - a driver-level filter (`undefined` matches everything)
 * @returns whether the row matches
 *
 * @throws never
 * @example
 * ```ts
 * import { matchesWhere } from 'crmkit/store';
 * const row = { id: 'c1', version: 1, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z',
 *   externalId: null, data: { tags: ['vip'], name: 'Ada' } };
 * matchesWhere(row, { path: ['tags'], op: 'contains', value: 'vip' }); //=> true
 * matchesWhere(row, { path: ['score'], op: 'ne', value: 3 }); //=> true (missing field)
 * matchesWhere(row, { not: { path: ['name'], op: 'startsWith', value: 'A' } }); //=> false
 * ```
 */
export function matchesWhere(row: StoredRow, where: DriverWhere | undefined): boolean {
  if (where === undefined) return true;
  if ('and' in where) {
    for (const part of where.and) if (!matchesWhere(row, part)) return false;
    return true;
  }
  if ('or' in where) {
    for (const part of where.or) if (matchesWhere(row, part)) return true;
    return false;
  }
  if ('not' in where) return !matchesWhere(row, where.not);
  return matchesCondition(row, where);
}

function typeRank(value: unknown): number {
  if (isMissing(value)) return 0;
  switch (typeof value) {
    case 'boolean':
      return 1;
    case 'number':
      return 2;
    case 'string':
      return 3;
    default:
      return 4;
  }
}

/**
 * Compares two JSON values in ascending sort order: missing/`null` first, then booleans
 * (`false` < `true`), numbers (numeric), strings (UTF-16 code units), then arrays and objects
 * (by their JSON text). Only the order within one scalar type, and the place of missing values,
 * is part of the adapter contract; sorting a field whose values mix types is unspecified.
 *
 * @param a - first value
 * @param b - second value
 * @returns a negative number, zero or a positive number
 *
 * @throws never
 * @example
 * ```ts
 * import { compareValues } from 'crmkit/store';
 * [3, null, 1].sort(compareValues); //=> [null, 1, 3]
 * compareValues(null, 'a'); //=> -1
 * ```
 */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
    case 2:
    case 3:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    default: {
      const ja = JSON.stringify(a);
      const jb = JSON.stringify(b);
      return ja < jb ? -1 : ja > jb ? 1 : 0;
    }
  }
}

/**
 * The reference comparator of rows for a driver sort: each key in turn (missing/`null` first
 * when ascending, last when descending), then `id` ascending as the final tie-breaker, so the
 * order is total.
 *
 * @param a - first row
 * @param b - second row
 * @param sort - driver sort keys (without the implicit `id` tie-breaker)
 * @returns a negative number, zero (same id) or a positive number
 *
 * @throws never
 * @example
 * ```ts
 * import { compareRows } from 'crmkit/store';
 * const row = (id: string, score?: number) => ({ id, version: 1, createdAt: '', updatedAt: '', externalId: null,
 *   data: score === undefined ? {} : { score } });
 * [row('a', 2), row('b'), row('c', 5)].sort((x, y) => compareRows(x, y, [{ path: ['score'], direction: 'desc' }])).map((r) => r.id);
 * //=> ['c', 'a', 'b']
 * ```
 */
export function compareRows(a: StoredRow, b: StoredRow, sort: readonly DriverSortKey[]): number {
  for (const key of sort) {
    const c = compareValues(valueAtPath(a, key.path), valueAtPath(b, key.path));
    if (c !== 0) return key.direction === 'desc' ? -c : c;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Keyset pagination
// ---------------------------------------------------------------------------------------------

/** The sort keys actually used for paging: the given ones up to `id`, then `id` ascending. */
function pagingKeys(sort: readonly DriverSortKey[]): DriverSortKey[] {
  const keys: DriverSortKey[] = [];
  for (const key of sort) {
    keys.push(key);
    if (key.path.length === 1 && key.path[0] === 'id') return keys;
  }
  keys.push({ path: ['id'], direction: 'asc' });
  return keys;
}

function sortSignature(sort: readonly DriverSortKey[]): string {
  return pagingKeys(sort)
    .map((key) => `${key.path.join('.')}:${key.direction === 'desc' ? 'd' : 'a'}`)
    .join(',');
}

/** The decoded content of a cursor. */
export interface CursorPosition {
  /** Entity the cursor was made for. */
  readonly entity: string;
  /** Signature of the sort it was made for. */
  readonly sort: string;
  /** The last row's values of the paging keys (sort keys, then id), `null` for missing. */
  readonly values: readonly Json[];
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * Encodes the position after `row` in a result sorted by `sort` as an opaque base64url string
 * (the row's sort values and id, plus the entity and sort so a cursor cannot be replayed on
 * another query shape).
 *
 * @param entity - entity name
 * @param sort - the driver sort keys of the query
 * @param row - the last row of the page
 * @returns an opaque cursor
 *
 * @throws never
 * @example
 * ```ts
 * import { encodeCursor, decodeCursor } from 'crmkit/store';
 * const row = { id: 'c9', version: 1, createdAt: '', updatedAt: '', externalId: null, data: { score: 7 } };
 * const cursor = encodeCursor('contact', [{ path: ['score'], direction: 'desc' }], row);
 * decodeCursor(cursor, 'contact', [{ path: ['score'], direction: 'desc' }]).values; //=> [7, 'c9']
 * ```
 */
export function encodeCursor(entity: string, sort: readonly DriverSortKey[], row: StoredRow): string {
  const values = pagingKeys(sort).map((key) => valueAtPath(row, key.path) ?? null);
  return toBase64Url(JSON.stringify({ v: 1, e: entity, s: sortSignature(sort), k: values }));
}

/**
 * Decodes a cursor made by {@link encodeCursor}, checking that it belongs to this entity and sort.
 *
 * @param cursor - the opaque cursor
 * @param entity - entity of the query
 * @param sort - driver sort keys of the query
 * @returns the decoded position
 * @throws {@link ValidationError} (path `['cursor']`) when the cursor is malformed or was made for another query
 *
 * @example
 * ```ts
 * import { decodeCursor } from 'crmkit/store';
 * try { decodeCursor('garbage!', 'contact', []); } catch (error) { (error as Error).name; } //=> 'ValidationError'
 * ```
 */
export function decodeCursor(cursor: string, entity: string, sort: readonly DriverSortKey[]): CursorPosition {
  const fail = (message: string): never => {
    throw new ValidationError('cursor', [issue(['cursor'], message)]);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(cursor));
  } catch {
    return fail('Malformed cursor');
  }
  if (!isPlainObject(parsed) || parsed['v'] !== 1 || typeof parsed['e'] !== 'string' || typeof parsed['s'] !== 'string' || !Array.isArray(parsed['k'])) {
    return fail('Malformed cursor');
  }
  const signature = sortSignature(sort);
  if (parsed['e'] !== entity || parsed['s'] !== signature) return fail('The cursor was made for another entity or sort order');
  const values = parsed['k'] as Json[];
  if (values.length !== pagingKeys(sort).length || typeof values[values.length - 1] !== 'string') return fail('Malformed cursor');
  return { entity, sort: signature, values };
}

function scalarOf(value: Json, at: number): Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new ValidationError('cursor', [
    issue(['cursor'], `Cannot paginate on sort key ${at}: its value is an array or object (sort on scalar fields)`),
  ]);
}

function equalTo(key: DriverSortKey, value: Scalar): DriverWhere {
  return value === null ? { path: key.path, op: 'isNull', value: true } : { path: key.path, op: 'eq', value };
}

/** Rows strictly after `value` on one key, or `undefined` when none can be. */
function afterOn(key: DriverSortKey, value: Scalar): DriverWhere | undefined {
  const missing: DriverWhere = { path: key.path, op: 'isNull', value: true };
  if (key.direction === 'asc') {
    if (value === null) return { path: key.path, op: 'isNull', value: false };
    if (typeof value === 'boolean') return value ? undefined : { path: key.path, op: 'eq', value: true };
    return { path: key.path, op: 'gt', value };
  }
  if (value === null) return undefined;
  if (typeof value === 'boolean') return value ? { or: [{ path: key.path, op: 'eq', value: false }, missing] } : missing;
  return { or: [{ path: key.path, op: 'lt', value }, missing] };
}

/**
 * The filter selecting the rows that come strictly after a position in a sort order: the
 * keyset condition `(k1, …, kn, id) > (v1, …, vn, id0)` expanded into plain conditions,
 * honouring mixed directions and the rule that missing/`null` sorts first ascending and last
 * descending. Drivers therefore only need `where` + `sort` + `limit` to paginate.
 *
 * @param sort - driver sort keys of the query
 * @param values - the position: values of the sort keys then the id (see {@link CursorPosition.values})
 * @returns a driver filter
 * @throws {@link ValidationError} when a sort value is an array or object
 *
 * @example
 * ```ts
 * import { cursorWhere } from 'crmkit/store';
 * cursorWhere([{ path: ['score'], direction: 'asc' }], [5, 'c3']);
 * //=> { or: [ { path: ['score'], op: 'gt', value: 5 },
 * //           { and: [ { path: ['score'], op: 'eq', value: 5 }, { path: ['id'], op: 'gt', value: 'c3' } ] } ] }
 * ```
 */
export function cursorWhere(sort: readonly DriverSortKey[], values: readonly Json[]): DriverWhere {
  const keys = pagingKeys(sort);
  const scalars = keys.map((_, index) => scalarOf(values[index] ?? null, index));
  const branches: DriverWhere[] = [];
  for (let i = 0; i < keys.length; i++) {
    const after = afterOn(keys[i] as DriverSortKey, scalars[i] as Scalar);
    if (after === undefined) continue;
    const parts: DriverWhere[] = [];
    for (let j = 0; j < i; j++) parts.push(equalTo(keys[j] as DriverSortKey, scalars[j] as Scalar));
    parts.push(after);
    branches.push(parts.length === 1 ? (parts[0] as DriverWhere) : { and: parts });
  }
  if (branches.length === 0) return MATCH_NONE;
  return branches.length === 1 ? (branches[0] as DriverWhere) : { or: branches };
}

/**
 * The filter selecting rows strictly after `row` in the order `sort` (see {@link cursorWhere}).
 *
 * @param sort - driver sort keys
 * @param row - a row of the result
 * @returns a driver filter
 * @throws {@link ValidationError} when a sort value of the row is an array or object
 *
 * @example
 * ```ts
 * import { afterRowWhere } from 'crmkit/store';
 * const row = { id: 'c3', version: 1, createdAt: '', updatedAt: '', externalId: null, data: {} };
 * afterRowWhere([], row); //=> { path: ['id'], op: 'gt', value: 'c3' }
 * ```
 */
export function afterRowWhere(sort: readonly DriverSortKey[], row: StoredRow): DriverWhere {
  return cursorWhere(
    sort,
    pagingKeys(sort).map((key) => valueAtPath(row, key.path) ?? null),
  );
}
