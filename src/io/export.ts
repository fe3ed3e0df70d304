/**
 * Export of records and analysis results to CSV and JSON, streaming. Nested objects are
 * flattened with dotted headers (`source.channel`, `emails.0.address`), `Date`s become ISO 8601,
 * money (`{ amountMinor, currency }`) becomes two columns, `<field>.amount` (major units) and
 * `<field>.currency`.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';
import { currencyExponent } from '../model/money';
import type { CrmEntities } from '../model/registry';
import type { Store, StreamOptions } from '../store/types';

/** Options of {@link toCsv}. */
export interface CsvWriteOptions {
  /** The columns, in order. Default: every flattened key of the first `sampleSize` rows, in first-seen order. */
  readonly columns?: readonly string[];
  /** Rows read ahead to discover the columns when `columns` is not given (default 1,000). Keys first seen later are dropped. */
  readonly sampleSize?: number;
  /** Field delimiter (default `','`). */
  readonly delimiter?: string;
  /** Line ending (default `'\n'`). */
  readonly newline?: '\n' | '\r\n';
}

function isMoney(value: unknown): value is { amountMinor: number; currency: string } {
  if (value === null || typeof value !== 'object') return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as { amountMinor?: unknown }).amountMinor === 'number' && typeof (value as { currency?: unknown }).currency === 'string';
}

function majorString(money: { amountMinor: number; currency: string }): string {
  let exponent = 2;
  try {
    exponent = currencyExponent(money.currency);
  } catch {
    // unknown currency: keep two decimals
  }
  if (exponent === 0) return String(money.amountMinor);
  const sign = money.amountMinor < 0 ? '-' : '';
  const digits = String(Math.abs(money.amountMinor)).padStart(exponent + 1, '0');
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * Flattens a value into dotted keys: nested objects and arrays by path, `Date`s as ISO strings,
 * money as `<key>.amount` + `<key>.currency`; empty arrays and objects disappear.
 *
 * @param value - a plain object (a record, an analysis row)
 * @returns a flat object of strings, numbers, booleans and nulls
 * @example
 * ```ts
 * import { flattenRecord } from 'crmkit/io';
 * flattenRecord({ name: 'Big deal', amount: { amountMinor: 123450, currency: 'EUR' }, source: { channel: 'email' }, at: new Date(0) });
 * //=> { name: 'Big deal', 'amount.amount': '1234.50', 'amount.currency': 'EUR', 'source.channel': 'email', at: '1970-01-01T00:00:00.000Z' }
 * ```
 */
export function flattenRecord(value: object): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  const visit = (item: unknown, prefix: string): void => {
    if (item === undefined) return;
    if (item === null || typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
      out[prefix] = item;
    } else if (typeof item === 'bigint') {
      out[prefix] = item.toString();
    } else if (item instanceof Date) {
      out[prefix] = Number.isNaN(item.getTime()) ? null : item.toISOString();
    } else if (isMoney(item)) {
      out[`${prefix}.amount`] = majorString(item);
      out[`${prefix}.currency`] = item.currency;
    } else if (Array.isArray(item)) {
      item.forEach((element, index) => visit(element, prefix === '' ? String(index) : `${prefix}.${index}`));
    } else if (typeof item === 'object') {
      for (const [key, child] of Object.entries(item as Record<string, unknown>)) visit(child, prefix === '' ? key : `${prefix}.${key}`);
    }
  };
  visit(value, '');
  return out;
}

/**
 * Quotes one CSV cell when needed (RFC 4180): cells with the delimiter, a quote, or a line
 * break are wrapped in quotes, inner quotes doubled.
 *
 * @param value - the cell value
 * @param delimiter - the delimiter (default `','`)
 * @returns the cell text
 * @example
 * ```ts
 * import { csvCell } from 'crmkit/io';
 * csvCell('Lovelace, Ada'); //=> '"Lovelace, Ada"'
 * csvCell(null); //=> ''
 * ```
 */
export function csvCell(value: string | number | boolean | null | undefined, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

async function* iterate<T>(rows: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* rows;
}

/**
 * Streams rows (records or analysis results) as CSV text chunks: the header line, then one
 * chunk per row. Rows are flattened with {@link flattenRecord}.
 *
 * @param rows - plain objects, sync or async
 * @param options - columns, sample size, delimiter, line ending
 * @returns an async iterable of CSV text chunks
 * @throws {@link crmkit!InvalidArgumentError} for an empty column list or a bad sample size
 * @example
 * ```ts
 * import { toCsv } from 'crmkit/io';
 * let text = '';
 * for await (const chunk of toCsv([{ stage: 'lead', rate: 0.25 }, { stage: 'customer', rate: null }])) text += chunk;
 * text; //=> 'stage,rate\nlead,0.25\ncustomer,\n'
 * ```
 */
export async function* toCsv(rows: Iterable<object> | AsyncIterable<object>, options: CsvWriteOptions = {}): AsyncGenerator<string, void, undefined> {
  const delimiter = options.delimiter ?? ',';
  const newline = options.newline ?? '\n';
  const sampleSize = options.sampleSize ?? 1_000;
  if (!Number.isInteger(sampleSize) || sampleSize < 1) throw new InvalidArgumentError(`sampleSize must be a positive integer, got ${sampleSize}`);
  const iterator = iterate(rows);
  const buffered: Record<string, string | number | boolean | null>[] = [];
  let columns = options.columns;
  if (columns === undefined) {
    const seen = new Set<string>();
    while (buffered.length < sampleSize) {
      const next = await iterator.next();
      if (next.done === true) break;
      const flat = flattenRecord(next.value);
      buffered.push(flat);
      for (const key of Object.keys(flat)) seen.add(key);
    }
    columns = [...seen];
  }
  if (columns.length === 0 && buffered.length > 0) throw new InvalidArgumentError('No columns to export');
  const line = (flat: Record<string, string | number | boolean | null>): string => columns.map((column) => csvCell(flat[column], delimiter)).join(delimiter) + newline;
  yield columns.map((column) => csvCell(column, delimiter)).join(delimiter) + newline;
  for (const flat of buffered) yield line(flat);
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    yield line(flattenRecord(next.value));
  }
}

/**
 * Streams rows as a JSON array, one chunk per row (`Date`s as ISO strings, money as is).
 *
 * @param rows - plain objects, sync or async
 * @returns an async iterable of JSON text chunks that concatenate to one array
 * @example
 * ```ts
 * import { toJson } from 'crmkit/io';
 * let text = '';
 * for await (const chunk of toJson([{ a: 1 }, { a: 2 }])) text += chunk;
 * JSON.parse(text); //=> [{ a: 1 }, { a: 2 }]
 * ```
 */
export async function* toJson(rows: Iterable<object> | AsyncIterable<object>): AsyncGenerator<string, void, undefined> {
  let first = true;
  yield '[';
  for await (const row of iterate(rows)) {
    yield (first ? '\n' : ',\n') + JSON.stringify(row);
    first = false;
  }
  yield first ? ']' : '\n]\n';
}

/** Options of {@link exportEntity}. */
export interface ExportEntityOptions extends CsvWriteOptions {
  /** `csv` (default) or `json`. */
  readonly format?: 'csv' | 'json';
  /** Filter and sort, as for `store.stream`. */
  readonly query?: StreamOptions;
  /** Leave out record metadata other than `id` (`workspaceId`, `version`, `updatedAt`; default `false`). */
  readonly omitMeta?: boolean;
}

/**
 * Streams every record of an entity (through `store.stream`, in bounded batches) as CSV or JSON.
 *
 * @param store - the store
 * @param entity - the entity name
 * @param options - format, filter, columns
 * @returns an async iterable of text chunks
 * @throws {@link crmkit!InvalidArgumentError} as {@link toCsv}; store errors (`ValidationError` for a bad filter) while iterating
 * @example
 * ```ts
 * import { exportEntity } from 'crmkit/io';
 * import { createMemoryStore } from 'crmkit/store';
 * const store = createMemoryStore();
 * await store.create('company', { name: 'Acme' });
 * let csv = '';
 * for await (const chunk of exportEntity(store, 'company', { omitMeta: true, columns: ['name'] })) csv += chunk;
 * csv; //=> 'name\nAcme\n'
 * ```
 */
export function exportEntity(store: Store<CrmEntities>, entity: keyof CrmEntities & string, options: ExportEntityOptions = {}): AsyncGenerator<string, void, undefined> {
  const stream = store.stream(entity, (options.query ?? {}) as never) as AsyncIterable<Record<string, unknown>>;
  const rows = options.omitMeta === true ? stripMeta(stream) : stream;
  return options.format === 'json' ? toJson(rows) : toCsv(rows, options);
}

async function* stripMeta(rows: AsyncIterable<Record<string, unknown>>): AsyncGenerator<Record<string, unknown>> {
  for await (const row of rows) {
    const { workspaceId: _w, version: _v, updatedAt: _u, ...rest } = row;
    yield rest;
  }
}
