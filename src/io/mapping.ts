/**
 * Column mappings: which CSV column goes to which field of a record, and how its text becomes
 * a value. A mapping is plain data plus optional per-column transforms, so presets (HubSpot,
 * Salesforce) and user mappings are the same thing.
 *
 * @module
 */
import type { ValidationIssue } from '../errors';
import { InvalidArgumentError } from '../errors';
import { parseCalendarDate, parseDateTime, parseDecimal, parseMoneyCell, type DateFormat, type NumberParseOptions } from './values';

/** Entities the CSV importer writes. */
export const IMPORT_ENTITIES = ['contact', 'company', 'deal', 'activity', 'touchpoint', 'purchase', 'campaignMember'] as const;

/** An entity the CSV importer writes. */
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/**
 * How a cell's text becomes a value:
 * - `string` (default): the trimmed text;
 * - `number` / `integer`: with the import's decimal and thousands separators;
 * - `boolean`: `true/false`, `yes/no`, `1/0`, `y/n` (any case);
 * - `datetime`: an instant, with the import's date format and timezone;
 * - `date`: a calendar date `YYYY-MM-DD`;
 * - `money`: `{ amountMinor, currency }` from a major-unit amount, the currency from
 *   `currencyColumn` or the import's `currency`;
 * - `list`: the text split on `;` (or `separator`), trimmed, empties dropped.
 */
export type ColumnType = 'string' | 'number' | 'integer' | 'boolean' | 'datetime' | 'date' | 'money' | 'list';

/** What a transform receives besides the cell text. */
export interface TransformContext {
  /** Every cell of the row, keyed by header. */
  readonly row: Readonly<Record<string, string>>;
  /** The row's line number. */
  readonly line: number;
  /** The import's value options (formats, separators, currency, timezone). */
  readonly values: ValueOptions;
}

/** One column → one field. */
export interface ColumnMapping {
  /** The CSV header. */
  readonly column: string;
  /** The target field path, dotted; numeric segments index arrays: `emails.0.address`, `source.channel`. */
  readonly field: string;
  /** How the text is read (default `string`); ignored when `transform` is given. */
  readonly type?: ColumnType;
  /**
   * Custom conversion of the (trimmed, non-empty) cell. Return the value, or `undefined` to leave
   * the field unset; throw an `Error` to reject the row with its message as the issue.
   */
  readonly transform?: (value: string, context: TransformContext) => unknown;
  /** For `money`: the column holding the ISO 4217 code (Salesforce `CurrencyIsoCode`). */
  readonly currencyColumn?: string;
  /** For `list`: the separator (default `;`). */
  readonly separator?: string;
  /** An empty cell is an issue (default `false`: an empty cell leaves the field unset). */
  readonly required?: boolean;
  /**
   * The cell is the external id of a record of this entity (an `AccountId` on a contact): the
   * importer replaces it with that record's id, and rejects the row when no such record exists.
   * Import the referenced file first.
   */
  readonly reference?: ImportEntity | 'owner' | 'campaign' | 'product' | 'pipeline';
}

/** A cell that names another record by its external id, to be resolved by the importer. */
export interface PendingReference {
  /** The field path. */
  readonly path: string;
  /** The referenced entity. */
  readonly entity: string;
  /** The external id in the cell. */
  readonly externalId: string;
  /** The column it came from. */
  readonly column: string;
}

/** How the rows of one file become records of one entity. */
export interface EntityMapping {
  /** The entity written. */
  readonly entity: ImportEntity;
  /** The column holding the source system's record id, stored as `externalId` and used to find the record on re-runs. */
  readonly externalIdColumn: string;
  /** Column mappings. Columns of the file that no mapping names are ignored. */
  readonly columns: readonly ColumnMapping[];
  /** Field values set on every record before the columns are applied (e.g. `{ pipelineId: 'p1' }`). */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /**
   * Last step before validation: derive fields from others (a deal's status from `IsWon`), or
   * add issues. Return the record to validate.
   */
  readonly finalize?: (record: Record<string, unknown>, context: TransformContext & { readonly issues: ValidationIssue[] }) => Record<string, unknown>;
}

/** The value-reading options of an import (never guessed per row). */
export interface ValueOptions extends NumberParseOptions {
  /** Date format of date and date-time columns (default `'iso'`). */
  readonly dateFormat?: DateFormat;
  /** Timezone of date-times without an offset, and of date-only values read as instants. Required. */
  readonly timeZone: string;
  /** Currency of money columns without a currency column. */
  readonly currency?: string;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'ja', 'si', 'sì', 'oui']);
const FALSE = new Set(['false', 'no', 'n', '0', '', 'nein', 'non']);

function cellValue(mapping: ColumnMapping, text: string, context: TransformContext): unknown {
  if (mapping.transform !== undefined) return mapping.transform(text, context);
  const { values } = context;
  switch (mapping.type ?? 'string') {
    case 'string':
      return text;
    case 'number':
      return parseDecimal(text, values);
    case 'integer': {
      const n = parseDecimal(text, values);
      if (!Number.isInteger(n)) throw new InvalidArgumentError(`"${text}" is not a whole number`);
      return n;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw new InvalidArgumentError(`"${text}" is not a yes/no value`);
    }
    case 'datetime':
      return parseDateTime(text, { format: values.dateFormat ?? 'iso', timeZone: values.timeZone });
    case 'date':
      return parseCalendarDate(text, values.dateFormat ?? 'iso');
    case 'money': {
      const code = mapping.currencyColumn === undefined ? values.currency : context.row[mapping.currencyColumn]?.trim() || values.currency;
      if (code === undefined || code === '') throw new InvalidArgumentError('No currency: set the currency option or a currencyColumn');
      return parseMoneyCell(text, code, values);
    }
    case 'list':
      return text
        .split(mapping.separator ?? ';')
        .map((part) => part.trim())
        .filter((part) => part !== '');
  }
}

/**
 * Sets a value at a dotted path, creating objects and arrays on the way (`emails.0.address`).
 *
 * @param target - the object to write into
 * @param path - the dotted path
 * @param value - the value
 * @returns `target`
 * @throws {@link crmkit!InvalidArgumentError} for an empty path or a segment `__proto__`, `prototype` or `constructor`
 * @example
 * ```ts
 * import { setPath } from 'crmkit/io';
 * setPath({}, 'emails.0.address', 'ada@example.com'); //=> { emails: [{ address: 'ada@example.com' }] }
 * ```
 */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const segments = path.split('.');
  if (segments.some((s) => s === '' || s === '__proto__' || s === 'prototype' || s === 'constructor')) throw new InvalidArgumentError(`Invalid field path "${path}"`);
  let node: Record<string, unknown> | unknown[] = target;
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    const key: string | number = /^\d+$/.test(segment) ? Number(segment) : segment;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(segments[index + 1] ?? '');
    let child = container[key];
    if (child === undefined || child === null || typeof child !== 'object') {
      child = nextIsIndex ? [] : {};
      container[key] = child;
    }
    node = child as Record<string, unknown> | unknown[];
  });
  return target;
}

/** Removes holes left by sparse array indexes (`phones.1` without `phones.0`). */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compact);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = compact(item);
    return out;
  }
  return value;
}

/** The result of mapping one row. */
export interface MappedRow {
  /** The record input (before schema validation). */
  readonly record: Record<string, unknown>;
  /** The external id, if the cell was not empty. */
  readonly externalId: string | undefined;
  /** Problems found while reading cells (the schema's issues come later). */
  readonly issues: ValidationIssue[];
  /** References to resolve (cells of columns with `reference`). */
  readonly references: PendingReference[];
}

/**
 * Applies a mapping to one row: reads every mapped cell, sets the fields, runs `finalize`. Every
 * problem becomes an issue whose path is the target field; nothing throws.
 *
 * @param mapping - the entity mapping
 * @param row - the row's cells keyed by header
 * @param line - the row's line number
 * @param values - value-reading options
 * @returns the record input, the external id and the issues
 * @example
 * ```ts
 * import { mapRow } from 'crmkit/io';
 * const mapping = { entity: 'contact', externalIdColumn: 'Id', columns: [{ column: 'Email', field: 'emails.0.address' }] } as const;
 * mapRow(mapping, { Id: '7', Email: 'ada@example.com' }, 2, { timeZone: 'UTC' }).record;
 * //=> { emails: [{ address: 'ada@example.com' }], externalId: '7' }
 * ```
 */
export function mapRow(mapping: EntityMapping, row: Readonly<Record<string, string>>, line: number, values: ValueOptions): MappedRow {
  return mapCompiledRow(compileMapping(mapping), row, line, values);
}

/** A column with its field path split up once. */
interface CompiledColumn {
  readonly mapping: ColumnMapping;
  /** The path's segments (array indexes as numbers), or `undefined` when the path is invalid (then `setPath` reports it). */
  readonly segments: readonly (string | number)[] | undefined;
  /** Whether the container below each segment is an array. */
  readonly nextIsIndex: readonly boolean[];
  /** The path as issue path. */
  readonly issuePath: readonly string[];
}

/** A mapping prepared for many rows: paths split and checked once (see {@link compileMapping}). */
export interface CompiledMapping {
  readonly mapping: EntityMapping;
  readonly columns: readonly CompiledColumn[];
  readonly hasDefaults: boolean;
}

const INDEX = /^\d+$/;

/**
 * Prepares a mapping for {@link mapCompiledRow}: splits and checks every field path once
 * instead of once per row.
 *
 * @param mapping - the entity mapping (not copied: do not change it while it is in use)
 * @returns the prepared mapping
 * @internal
 */
export function compileMapping(mapping: EntityMapping): CompiledMapping {
  const columns = mapping.columns.map((column): CompiledColumn => {
    const parts = column.field.split('.');
    const valid = !parts.some((s) => s === '' || s === '__proto__' || s === 'prototype' || s === 'constructor');
    return {
      mapping: column,
      segments: valid ? parts.map((part) => (INDEX.test(part) ? Number(part) : part)) : undefined,
      nextIsIndex: parts.map((_, index) => INDEX.test(parts[index + 1] ?? '')),
      issuePath: parts,
    };
  });
  return { mapping, columns, hasDefaults: mapping.defaults !== undefined && Object.keys(mapping.defaults).length > 0 };
}

/** {@link setPath} with the path already split and checked. */
function setSegments(target: Record<string, unknown>, column: CompiledColumn, value: unknown): void {
  const segments = column.segments;
  if (segments === undefined) {
    setPath(target, column.mapping.field, value);
    return;
  }
  let node = target as Record<string | number, unknown>;
  const last = segments.length - 1;
  for (let index = 0; index < last; index++) {
    const key = segments[index] as string | number;
    let child = node[key];
    if (child === undefined || child === null || typeof child !== 'object') {
      child = column.nextIsIndex[index] === true ? [] : {};
      node[key] = child;
    }
    node = child as Record<string | number, unknown>;
  }
  node[segments[last] as string | number] = value;
}

/**
 * {@link mapRow} with a mapping prepared by {@link compileMapping} (what the importer uses).
 *
 * @param compiled - the prepared mapping
 * @param row - the row's cells keyed by header
 * @param line - the row's line number
 * @param values - value-reading options
 * @returns the record input, the external id and the issues
 * @internal
 */
export function mapCompiledRow(compiled: CompiledMapping, row: Readonly<Record<string, string>>, line: number, values: ValueOptions): MappedRow {
  const { mapping } = compiled;
  const issues: ValidationIssue[] = [];
  const references: PendingReference[] = [];
  const record: Record<string, unknown> = compiled.hasDefaults ? structuredClone({ ...mapping.defaults }) : {};
  const context: TransformContext = { row, line, values };
  for (const compiledColumn of compiled.columns) {
    const column = compiledColumn.mapping;
    const text = (row[column.column] ?? '').trim();
    if (text === '') {
      if (column.required === true) issues.push({ code: 'required', path: [...compiledColumn.issuePath], message: `Column "${column.column}" is empty` });
      continue;
    }
    if (column.reference !== undefined && column.transform === undefined) {
      references.push({ path: column.field, entity: column.reference, externalId: text, column: column.column });
      setSegments(record, compiledColumn, text);
      continue;
    }
    try {
      const value = cellValue(column, text, context);
      if (value !== undefined) setSegments(record, compiledColumn, value);
    } catch (error) {
      issues.push({ code: 'invalid_cell', path: [...compiledColumn.issuePath], message: `Column "${column.column}": ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const externalText = (row[mapping.externalIdColumn] ?? '').trim();
  const externalId = externalText === '' ? undefined : externalText;
  if (externalId === undefined) issues.push({ code: 'required', path: ['externalId'], message: `Column "${mapping.externalIdColumn}" (the external id) is empty` });
  else record['externalId'] = externalId;
  let result = compact(record) as Record<string, unknown>;
  if (mapping.finalize !== undefined) {
    try {
      result = mapping.finalize(result, { ...context, issues });
    } catch (error) {
      issues.push({ code: 'custom', path: [], message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { record: result, externalId, issues, references };
}
