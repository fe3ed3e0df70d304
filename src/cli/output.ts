/**
 * Output of the commands: aligned terminal tables (numbers right-aligned, headers bold on a
 * colour terminal), CSV (raw values, one table after another) and stable JSON.
 *
 * @module
 */
import { csvCell } from 'crmkit/io';

/** One cell: text, a number, a flag, or nothing (shown as `—`, empty in CSV, `null` in JSON). */
export type Cell = string | number | boolean | null | undefined;

/**
 * How a column's values are shown in a terminal table (CSV and JSON always carry the raw value):
 * `text`; `int` (grouped: `10,000`); `number` (`digits` decimals, default 2; whole numbers grouped, without decimals); `percent` (a ratio
 * shown as `42.1 %`); `days` (one decimal).
 */
export type ColumnFormat = 'text' | 'int' | 'number' | 'percent' | 'days';

/** A column of a {@link Table}. */
export interface Column {
  /** The row property. */
  readonly key: string;
  /** The header (also the CSV header). */
  readonly header: string;
  /** Display format (default: `number` for numbers, `text` otherwise). */
  readonly format?: ColumnFormat;
  /** Decimals for `number` and `percent`. */
  readonly digits?: number;
}

/** A table: a title for the terminal, columns and rows. */
export interface Table {
  /** Shown above the table in the terminal, and as a `# title` line in multi-table CSV. */
  readonly title?: string;
  /** The columns in order. */
  readonly columns: readonly Column[];
  /** The rows, keyed by column key. */
  readonly rows: ReadonlyArray<Readonly<Record<string, Cell>>>;
}

/** What a command prints: tables (terminal / CSV), a JSON value (`--json`), and notes (terminal only). */
export interface CommandOutput {
  /** Tables, in order. */
  readonly tables: readonly Table[];
  /** The machine-readable result for `--json`. */
  readonly json: unknown;
  /** Lines printed before the tables in the terminal (not in CSV or JSON). */
  readonly notes?: readonly string[];
}

/** The output format a command was asked for. */
export type OutputFormat = 'table' | 'json' | 'csv';

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A cell as shown in a terminal table.
 *
 * @param value - the raw value
 * @param column - the column (its format)
 * @returns the text
 * @example
 * ```ts
 * formatCell(0.4213, { key: 'rate', header: 'rate', format: 'percent' }); //=> '42.1 %'
 * formatCell(10000, { key: 'n', header: 'n', format: 'int' }); //=> '10,000'
 * ```
 */
export function formatCell(value: Cell, column: Column): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  switch (column.format ?? 'number') {
    case 'int':
      return GROUPED.format(value);
    case 'percent':
      return `${(value * 100).toFixed(column.digits ?? 1)} %`;
    case 'days':
      return value.toFixed(column.digits ?? 1);
    case 'text':
      return String(value);
    default:
      return Number.isInteger(value) ? GROUPED.format(value) : value.toFixed(column.digits ?? 2);
  }
}

function width(text: string): number {
  return [...text].length;
}

function isNumeric(table: Table, column: Column): boolean {
  if (column.format !== undefined) return column.format !== 'text';
  return table.rows.some((row) => typeof row[column.key] === 'number');
}

/**
 * Renders a table with aligned columns: numbers right-aligned, text left-aligned, a rule under
 * the header; headers in bold when `color` is on.
 *
 * @param table - the table
 * @param options - `color`: ANSI bold headers (only on a colour terminal)
 * @returns the text, ending with a newline
 * @example
 * ```ts
 * renderTable({ columns: [{ key: 'stage', header: 'stage' }, { key: 'n', header: 'n', format: 'int' }], rows: [{ stage: 'lead', n: 1200 }] });
 * //=> 'stage  n    \n-----  -----\nlead   1,200\n' (numbers right-aligned)
 * ```
 */
export function renderTable(table: Table, options: { readonly color?: boolean } = {}): string {
  const numeric = table.columns.map((column) => isNumeric(table, column));
  const cells = table.rows.map((row) => table.columns.map((column) => formatCell(row[column.key], column)));
  const widths = table.columns.map((column, i) => Math.max(width(column.header), ...cells.map((row) => width(row[i] ?? ''))));
  const pad = (text: string, i: number): string => {
    const gap = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(text)));
    return numeric[i] === true ? gap + text : text + gap;
  };
  const line = (parts: string[]): string => parts.join('  ').replace(/\s+$/, '');
  const header = line(table.columns.map((column, i) => pad(column.header, i)));
  const out: string[] = [];
  if (table.title !== undefined) out.push(options.color === true ? `\x1b[1m${table.title}\x1b[22m` : table.title);
  out.push(options.color === true ? `\x1b[1m${header}\x1b[22m` : header);
  out.push(line(widths.map((w) => '-'.repeat(w))));
  for (const row of cells) out.push(line(row.map((text, i) => pad(text, i))));
  if (table.rows.length === 0) out.push('(no rows)');
  return `${out.join('\n')}\n`;
}

/**
 * Renders tables as CSV: raw values (numbers unformatted, ratios as ratios), RFC 4180 quoting.
 * With several tables, each is preceded by a `# title` line and separated by a blank line.
 *
 * @param tables - the tables
 * @returns the CSV text
 * @example
 * ```ts
 * renderCsv([{ columns: [{ key: 'a', header: 'a' }], rows: [{ a: 'x,y' }] }]); //=> 'a\n"x,y"\n'
 * ```
 */
export function renderCsv(tables: readonly Table[]): string {
  const parts = tables.map((table) => {
    const lines = [table.columns.map((column) => csvCell(column.header)).join(',')];
    for (const row of table.rows) lines.push(table.columns.map((column) => csvCell(row[column.key] ?? null)).join(','));
    const body = `${lines.join('\n')}\n`;
    return tables.length > 1 ? `# ${table.title ?? ''}\n${body}` : body;
  });
  return parts.join('\n');
}

/**
 * Stable JSON for scripts: two-space indentation, `Date`s as ISO 8601, non-finite numbers as `null`.
 *
 * @param value - any JSON-serialisable value
 * @returns the text, ending with a newline
 * @example
 * ```ts
 * renderJson({ rate: Number.NaN }); //=> '{\n  "rate": null\n}\n'
 * ```
 */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? null : item), 2) ?? 'null'}\n`;
}

/**
 * Renders a command's output in the requested format.
 *
 * @param output - the command's output
 * @param format - `table`, `json` or `csv`
 * @param options - `color` for terminal tables
 * @returns the text to write to stdout
 * @example
 * ```ts
 * renderOutput({ tables: [], json: { ok: true } }, 'json'); //=> '{\n  "ok": true\n}\n'
 * ```
 */
export function renderOutput(output: CommandOutput, format: OutputFormat, options: { readonly color?: boolean } = {}): string {
  if (format === 'json') return renderJson(output.json);
  if (format === 'csv') return renderCsv(output.tables);
  const parts: string[] = [];
  if (output.notes !== undefined && output.notes.length > 0) parts.push(`${output.notes.join('\n')}\n`);
  for (const table of output.tables) parts.push(renderTable(table, options));
  return parts.join('\n');
}
