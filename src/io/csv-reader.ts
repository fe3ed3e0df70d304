/**
 * Streaming CSV reading on top of csv-parse (by default its platform-neutral build, so the core
 * runs in browsers, Deno, Bun and edge workers; `crmkit/io/node` plugs in csv-parse's Node build,
 * which uses Node's native `Buffer` and reads several times faster): text or byte chunks in, rows
 * with their line numbers out. Memory stays bounded by one chunk's records.
 *
 * @module
 */
import { parse, type Options as CsvParseOptions } from 'csv-parse/browser/esm';
import { InvalidArgumentError } from '../errors';

/** Where CSV text comes from: a whole string, or chunks of text or UTF-8 bytes (a file stream, a fetch body). */
export type CsvSource = string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** Options of {@link readCsv}. */
export interface CsvReadOptions {
  /** Field delimiter (default `','`; `';'` is common in locales with a decimal comma). */
  readonly delimiter?: string;
  /** Quote character (default `'"'`). */
  readonly quote?: string;
  /** Skip lines that are empty (default `true`). */
  readonly skipEmptyLines?: boolean;
  /**
   * csv-parse's `parse` function to read with: the platform-neutral build by default;
   * `crmkit/io/node` passes the Node build (`import { parse } from 'csv-parse'`), which is faster.
   * Any build of csv-parse 5 or 6 works; it must be csv-parse (line numbers rely on its `info`).
   */
  readonly csvParse?: CsvParseFunction;
}

/** The streaming `parse` function of a csv-parse build (`csv-parse` or `csv-parse/browser/esm`). */
export type CsvParseFunction = (options: CsvParseOptions) => {
  on(event: 'data', listener: (record: never) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  write(chunk: string): unknown;
  end(): unknown;
};

/** One data row of a CSV file. */
export interface CsvRow {
  /** 1-based line number in the file where the row starts (the header is line 1). */
  readonly line: number;
  /** The cells keyed by header; a missing trailing cell is `''`. */
  readonly cells: Readonly<Record<string, string>>;
  /** The cells in file order, as written. */
  readonly raw: readonly string[];
  /** A problem with the row's shape (a wrong number of cells), if any. */
  readonly shapeError?: string;
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number; readonly empty_lines: number; readonly comment_lines: number };
}

function toChunks(source: CsvSource): AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> {
  return typeof source === 'string' ? [source] : source;
}

/**
 * Reads CSV text as a stream of rows keyed by the header row. Quoted fields may contain
 * delimiters and line breaks; a byte-order mark is dropped; rows with the wrong number of cells
 * are returned with a `shapeError` (never silently merged or dropped). A malformed file (an
 * unclosed quote) throws.
 *
 * @param source - a string, or an (async) iterable of text or UTF-8 byte chunks
 * @param options - delimiter, quote, empty-line handling
 * @returns an async iterable of rows, and (once the first row is read) the headers via `headers()`
 * @throws {@link crmkit!InvalidArgumentError} when the file has no header row, duplicate headers, or broken quoting
 * @example
 * ```ts
 * import { readCsv } from 'crmkit/io';
 * const rows = [];
 * for await (const row of readCsv('Email,Name\nada@example.com,"Lovelace, Ada"\n')) rows.push(row);
 * rows[0].cells; //=> { Email: 'ada@example.com', Name: 'Lovelace, Ada' }
 * rows[0].line; //=> 2
 * ```
 */
export async function* readCsv(source: CsvSource, options: CsvReadOptions = {}): AsyncGenerator<CsvRow, void, undefined> {
  const parserOptions: CsvParseOptions = {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: options.skipEmptyLines ?? true,
    delimiter: options.delimiter ?? ',',
    quote: options.quote ?? '"',
  };
  const parser = (options.csvParse ?? (parse as unknown as CsvParseFunction))(parserOptions);
  const queue: ParsedRecord[] = [];
  let failure: unknown;
  parser.on('data', ((record: ParsedRecord) => queue.push(record)) as (record: never) => void);
  parser.on('error', (error: unknown) => {
    failure ??= error;
  });
  const finished = new Promise<void>((resolve) => {
    parser.on('end', () => resolve());
    parser.on('error', () => resolve());
  });
  let headers: string[] | undefined;
  let previousLines = 0;
  let previousSkipped = 0;
  // csv-parse counts a CRLF inside a quoted cell as two lines in `info.lines`; such a CRLF can
  // only be inside a quoted cell, so counting them in the cells read so far corrects the count.
  let quotedCrlf = 0;
  let wrote = false;
  const decoder = new TextDecoder('utf-8');
  // `stream: true` keeps a multi-byte character split across chunks intact (WHATWG Encoding).
  const decode = decoder.decode.bind(decoder) as (input: Uint8Array, options: { stream: boolean }) => string;

  function* drain(): Generator<CsvRow, void, undefined> {
    if (failure !== undefined) throw new InvalidArgumentError(`Malformed CSV: ${failure instanceof Error ? failure.message : String(failure)}`, { cause: failure });
    while (queue.length > 0) {
      const { record, info } = queue.shift() as ParsedRecord;
      const skipped = info.empty_lines + info.comment_lines;
      const line = previousLines + 1 + (skipped - previousSkipped);
      for (const cell of record) if (cell.includes('\r\n')) quotedCrlf += cell.split('\r\n').length - 1;
      previousLines = info.lines - quotedCrlf;
      previousSkipped = skipped;
      if (headers === undefined) {
        headers = record.map((header) => header.trim());
        const seen = new Set<string>();
        for (const header of headers) {
          if (seen.has(header)) throw new InvalidArgumentError(`Duplicate CSV header "${header}"`);
          seen.add(header);
        }
        continue;
      }
      const cells: Record<string, string> = {};
      headers.forEach((header, index) => {
        cells[header] = record[index] ?? '';
      });
      const row: { line: number; cells: Record<string, string>; raw: string[]; shapeError?: string } = { line, cells, raw: record };
      if (record.length !== headers.length) row.shapeError = `Expected ${headers.length} cells, found ${record.length}`;
      yield row;
    }
  }

  for await (const chunk of toChunks(source)) {
    const text = typeof chunk === 'string' ? chunk : decode(chunk, { stream: true });
    if (text.length > 0) {
      parser.write(text);
      wrote = true;
    }
    yield* drain();
  }
  // csv-parse's platform-neutral build throws from end() when it was never written to.
  if (wrote) {
    parser.end();
    // Records and errors found at the end of input (a quote closed wrongly on the last line)
    // may be emitted after end() returns: wait for the stream to finish.
    await finished;
  }
  yield* drain();
  if (headers === undefined) throw new InvalidArgumentError('The CSV has no header row');
}
