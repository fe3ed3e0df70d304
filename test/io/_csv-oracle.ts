/**
 * TEST ORACLE (not shipped): an independent RFC 4180 tokenizer written for crmkit, used by
 * test/io/values.test.ts to check the csv-parse-based reader's records and line numbers.
 * Streaming CSV reading (RFC 4180, no dependencies, so the core runs in browsers, Deno, Bun and
 * edge workers): text or byte chunks in, rows with their line numbers out. Memory stays bounded
 * by one chunk's records. The tokenizer is crmkit's own: csv-parse's platform-neutral build
 * (which this reader used before, and which its tests compare against) ships a JavaScript
 * `Buffer` polyfill that made reading several times slower than the rest of an import.
 *
 * @module
 */
import { InvalidArgumentError } from '../../src/errors';
import type { CsvReadOptions, CsvRow, CsvSource } from '../../src/io/csv-reader';

/** One record of the tokenizer: its cells and the line it starts on. */
interface TokenizedRecord {
  readonly cells: string[];
  readonly line: number;
}

/** Thrown for malformed input (mapped to InvalidArgumentError by the reader). */
class CsvSyntaxError extends Error {}

const CR = 13;
const LF = 10;

/**
 * A streaming RFC 4180 tokenizer over text chunks: fields separated by `delimiter`, optionally
 * enclosed in `quote` (doubled inside), records ending at `\n`, `\r\n` or `\r` (the first one
 * seen is the file's). Holds only the text of the record it has not finished.
 */
class CsvTokenizer {
  private buffer = '';
  private position = 0;
  /** Line number of `buffer[position]`. */
  private line = 1;
  private terminator: '\n' | '\r\n' | '\r' | undefined;
  private started = false;
  private readonly delimiterCode: number;
  private readonly quoteCode: number;

  constructor(
    private readonly delimiter: string,
    private readonly quote: string,
    private readonly skipEmptyLines: boolean,
  ) {
    if (delimiter === '') throw new CsvSyntaxError('The delimiter must not be empty');
    this.delimiterCode = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
    this.quoteCode = quote.length === 1 ? quote.charCodeAt(0) : -1;
  }

  /** Adds text; returns the records it completes (the last one waits for more text unless `final`). */
  push(text: string, final: boolean): TokenizedRecord[] {
    if (!this.started && (text.length > 0 || final)) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length > 0) this.started = true;
    }
    this.buffer = this.position === 0 ? this.buffer + text : this.buffer.slice(this.position) + text;
    this.position = 0;
    const out: TokenizedRecord[] = [];
    while (this.position < this.buffer.length) {
      const record = this.record(final);
      if (record === undefined) break;
      if (record !== null) out.push(record);
    }
    return out;
  }

  /** Length of the record terminator at `i` (0 if none); -1 when undecidable before more text. */
  private terminatorAt(i: number, final: boolean): number {
    const b = this.buffer;
    const c = b.charCodeAt(i);
    if (c !== CR && c !== LF) return 0;
    if (this.terminator === undefined) {
      if (c === LF) this.terminator = '\n';
      else if (i + 1 < b.length) this.terminator = b.charCodeAt(i + 1) === LF ? '\r\n' : '\r';
      else if (final) this.terminator = '\r';
      else return -1;
    }
    const t = this.terminator;
    if (t === '\n') return c === LF ? 1 : 0;
    if (t === '\r') return c === CR ? 1 : 0;
    if (c !== CR) return 0;
    if (i + 1 >= b.length) return final ? 0 : -1;
    return b.charCodeAt(i + 1) === LF ? 2 : 0;
  }

  private isDelimiter(i: number): boolean {
    return this.delimiterCode >= 0 ? this.buffer.charCodeAt(i) === this.delimiterCode : this.buffer.startsWith(this.delimiter, i);
  }

  /**
   * Reads the record at `position`: the record, `null` for a skipped empty line, or `undefined`
   * when it needs more text (nothing is consumed then).
   */
  private record(final: boolean): TokenizedRecord | null | undefined {
    const b = this.buffer;
    const n = b.length;
    const startLine = this.line;
    let line = this.line;
    let i = this.position;
    const first = this.terminatorAt(i, final);
    if (first < 0) return undefined;
    if (first > 0) {
      this.position = i + first;
      this.line = line + 1;
      return this.skipEmptyLines ? null : { cells: [''], line: startLine };
    }
    const cells: string[] = [];
    for (;;) {
      // One field starting at i.
      if (this.quoteCode >= 0 && b.charCodeAt(i) === this.quoteCode) {
        let value = '';
        let from = i + 1;
        let j = from;
        for (;;) {
          const q = b.indexOf(this.quote, j);
          if (q < 0) {
            if (!final) return undefined;
            throw new CsvSyntaxError(`Quote Not Closed: the parsing is finished with an opening quote at line ${startLine}`);
          }
          if (q + 1 >= n && !final) return undefined;
          if (b.charCodeAt(q + 1) === this.quoteCode) {
            value += b.slice(from, q + 1);
            from = j = q + 2;
            continue;
          }
          value += b.slice(from, q);
          line += countLines(b, i + 1, q);
          i = q + 1;
          break;
        }
        cells.push(value);
        if (i >= n) {
          if (!final) return undefined;
          break;
        }
        if (this.isDelimiter(i)) {
          i += this.delimiter.length;
          continue;
        }
        const t = this.terminatorAt(i, final);
        if (t < 0) return undefined;
        if (t > 0) {
          i += t;
          line++;
          break;
        }
        throw new CsvSyntaxError(`Invalid Closing Quote: got "${b[i]}" at line ${line} instead of delimiter, record delimiter or end of file`);
      }
      // An unquoted field: up to the next delimiter or record terminator.
      const dc = this.delimiterCode;
      const qc = this.quoteCode;
      let j = i;
      let end = -1;
      let next = -1;
      let byDelimiter = false;
      while (j < n) {
        const c = b.charCodeAt(j);
        if (c === dc || (dc < 0 && b.startsWith(this.delimiter, j))) {
          end = j;
          next = j + this.delimiter.length;
          byDelimiter = true;
          break;
        }
        if (c === CR || c === LF) {
          const t = this.terminatorAt(j, final);
          if (t < 0) return undefined;
          if (t > 0) {
            end = j;
            next = j + t;
            break;
          }
        } else if (c === qc) {
          throw new CsvSyntaxError(`Invalid Opening Quote: a quote is found on field ${cells.length} at line ${line}, value is "${b.slice(i, j)}"`);
        }
        j++;
      }
      if (end < 0) {
        if (!final) return undefined;
        cells.push(b.slice(i, n));
        i = n;
        break;
      }
      cells.push(b.slice(i, end));
      i = next;
      if (!byDelimiter) {
        line++;
        break;
      }
    }
    this.position = i;
    this.line = line;
    return { cells, line: startLine };
  }

}

/** Line breaks (any style) in `text[from, to)`. */
function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) lines++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) lines++;
  }
  return lines;
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
 * @throws {@link InvalidArgumentError} when the file has no header row, duplicate headers, or broken quoting
 * @example
 * ```ts
 * import { readCsv } from 'crmkit/io';
 * const rows = [];
 * for await (const row of readCsv('Email,Name\nada@example.com,"Lovelace, Ada"\n')) rows.push(row);
 * rows[0].cells; //=> { Email: 'ada@example.com', Name: 'Lovelace, Ada' }
 * rows[0].line; //=> 2
 * ```
 */
export async function* oracleReadCsv(source: CsvSource, options: CsvReadOptions = {}): AsyncGenerator<CsvRow, void, undefined> {
  let tokenizer: CsvTokenizer;
  try {
    tokenizer = new CsvTokenizer(options.delimiter ?? ',', options.quote ?? '"', options.skipEmptyLines ?? true);
  } catch (error) {
    throw new InvalidArgumentError(`Malformed CSV: ${(error as Error).message}`, { cause: error });
  }
  let headers: string[] | undefined;
  const decoder = new TextDecoder('utf-8');
  // `stream: true` keeps a multi-byte character split across chunks intact (WHATWG Encoding).
  const decode = decoder.decode.bind(decoder) as (input?: Uint8Array, options?: { stream: boolean }) => string;

  function* rows(text: string, final: boolean): Generator<CsvRow, void, undefined> {
    let records: TokenizedRecord[];
    try {
      records = tokenizer.push(text, final);
    } catch (error) {
      if (error instanceof CsvSyntaxError) throw new InvalidArgumentError(`Malformed CSV: ${error.message}`, { cause: error });
      throw error;
    }
    for (const { cells: record, line } of records) {
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
      for (let index = 0; index < headers.length; index++) cells[headers[index] as string] = record[index] ?? '';
      const row: { line: number; cells: Record<string, string>; raw: string[]; shapeError?: string } = { line, cells, raw: record };
      if (record.length !== headers.length) row.shapeError = `Expected ${headers.length} cells, found ${record.length}`;
      yield row;
    }
  }

  for await (const chunk of toChunks(source)) {
    const text = typeof chunk === 'string' ? chunk : decode(chunk, { stream: true });
    if (text.length > 0) yield* rows(text, false);
  }
  yield* rows(decode(), true);
  if (headers === undefined) throw new InvalidArgumentError('The CSV has no header row');
}
