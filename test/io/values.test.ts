import { parse as parseNode } from 'csv-parse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flattenRecord, normalizeDecimal, parseCalendarDate, parseDateTime, parseMoneyCell, readCsv, toCsv, type CsvRow } from '../../src/io';
import type { CsvParseFunction } from '../../src/io/csv-reader';
import { oracleReadCsv } from './_csv-oracle';

describe('parseDateTime', () => {
  it('reads the common locale formats, with and without a time', () => {
    expect(parseDateTime('05/03/2025', { format: 'dd/MM/yyyy', timeZone: 'UTC' }).toISOString()).toBe('2025-03-05T00:00:00.000Z');
    expect(parseDateTime('03/05/2025 2:30 PM', { format: 'MM/dd/yyyy', timeZone: 'America/New_York' }).toISOString()).toBe('2025-03-05T19:30:00.000Z');
    expect(parseDateTime('05.03.2025 14:30:15', { format: 'dd.MM.yyyy', timeZone: '+02:00' }).toISOString()).toBe('2025-03-05T12:30:15.000Z');
  });

  it('makes a date-only value local midnight of the timezone, across DST', () => {
    expect(parseDateTime('2025-01-15', { timeZone: 'Europe/Rome' }).toISOString()).toBe('2025-01-14T23:00:00.000Z');
    expect(parseDateTime('2025-07-15', { timeZone: 'Europe/Rome' }).toISOString()).toBe('2025-07-14T22:00:00.000Z');
  });

  it('gives back the wall clock it was given, in any zone and on any day (checked with Intl, by property)', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Chatham'];
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), (timeZone, at) => {
        // An instant's wall clock in the zone, by Intl: every wall clock that exists reads back to it.
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
            .formatToParts(new Date(Math.floor(at / 1000) * 1000))
            .map((p) => [p.type, p.value]),
        );
        const wall = `${pad(Number(parts['day']))}.${pad(Number(parts['month']))}.${parts['year']} ${pad(Number(parts['hour']))}:${pad(Number(parts['minute']))}:${pad(Number(parts['second']))}`;
        const parsed = parseDateTime(wall, { format: 'dd.MM.yyyy', timeZone });
        const back = Object.fromEntries(
          new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
            .formatToParts(parsed)
            .map((p) => [p.type, p.value]),
        );
        expect(back).toEqual(parts);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps an explicit offset and rejects impossible dates', () => {
    expect(parseDateTime('2025-03-05T10:00:00+05:30', { timeZone: 'UTC' }).toISOString()).toBe('2025-03-05T04:30:00.000Z');
    expect(() => parseDateTime('31/02/2025', { format: 'dd/MM/yyyy', timeZone: 'UTC' })).toThrow(/not a date/);
    expect(() => parseDateTime('2025-02-30', { timeZone: 'UTC' })).toThrow(/not a date/);
    expect(() => parseDateTime('2025-02-03', { timeZone: 'Mars/Olympus' })).toThrow(/timezone/);
  });

  it('rejects a two-digit year where the format asks for four, as any other malformed date', () => {
    expect(() => parseDateTime('05.03.25', { format: 'dd.MM.yyyy', timeZone: 'UTC' })).toThrow('"05.03.25" is not a date in the format dd.MM.yyyy');
    expect(() => parseDateTime('05.03.25 14:30', { format: 'dd.MM.yyyy', timeZone: 'UTC' })).toThrow(/not a date/);
    expect(() => parseCalendarDate('05.03.25', 'dd.MM.yyyy')).toThrow('"05.03.25" is not a date in the format dd.MM.yyyy');
    expect(() => parseCalendarDate('3/5/025', 'MM/dd/yyyy')).toThrow(/not a date/);
    // A format with a two-digit year still reads one.
    expect(parseCalendarDate('05/03/25', 'dd/MM/yy')).toBe('2025-03-05');
  });

  it('reads calendar dates without timezone arithmetic', () => {
    expect(parseCalendarDate('31.12.2024', 'dd.MM.yyyy')).toBe('2024-12-31');
    expect(parseCalendarDate('12/31/2024', 'MM/dd/yyyy')).toBe('2024-12-31');
  });
});

describe('numbers and money', () => {
  it('uses exactly the declared separators', () => {
    expect(normalizeDecimal('1.234.567,89', { decimalSeparator: ',', thousandsSeparator: '.' })).toBe('1234567.89');
    expect(normalizeDecimal('1,234.5', { thousandsSeparator: ',' })).toBe('1234.5');
    expect(normalizeDecimal("1'234.5", { thousandsSeparator: "'" })).toBe('1234.5');
    expect(normalizeDecimal('-12 345,6', { decimalSeparator: ',', thousandsSeparator: ' ' })).toBe('-12345.6');
    expect(() => normalizeDecimal('1,234.5')).toThrow(/not a number/); // no thousands separator declared
    expect(() => normalizeDecimal('12,34', { thousandsSeparator: ',' })).toThrow(/not a number/); // bad grouping
  });

  it('reads money with symbols or codes around the amount', () => {
    expect(parseMoneyCell('€ 1.234,50', 'EUR', { decimalSeparator: ',', thousandsSeparator: '.' })).toEqual({ amountMinor: 123_450, currency: 'EUR' });
    expect(parseMoneyCell('1500 JPY', 'JPY')).toEqual({ amountMinor: 1500, currency: 'JPY' });
  });
});

describe('CSV reading and writing', () => {
  it('reports the starting line of rows that span lines, and rows with the wrong shape', async () => {
    const rows = [];
    for await (const row of readCsv(['a,b\n1,"x\n', 'y"\n\n3\n'])) rows.push(row);
    expect(rows.map((r) => [r.line, r.raw, r.shapeError])).toEqual([
      [2, ['1', 'x\ny'], undefined],
      [5, ['3'], 'Expected 2 cells, found 1'],
    ]);
  });

  it('flattens nested objects, dates and money, and quotes cells that need it', async () => {
    expect(flattenRecord({ a: { b: 1 }, m: { amountMinor: -5, currency: 'EUR' }, t: [{ x: 'y' }] })).toEqual({ 'a.b': 1, 'm.amount': '-0.05', 'm.currency': 'EUR', 't.0.x': 'y' });
    let text = '';
    for await (const chunk of toCsv([{ name: 'Lovelace, Ada', note: 'say "hi"' }])) text += chunk;
    expect(text).toBe('name,note\n"Lovelace, Ada","say ""hi"""\n');
  });
});

describe('the csv-parse reader against an independent tokenizer', () => {
  type Read = (chunks: string[], options: { delimiter?: string; skipEmptyLines?: boolean }) => AsyncIterable<CsvRow>;
  /** Rows as [line, cells], or 'error' for a malformed file. */
  async function rows(read: Read, chunks: string[], options: { delimiter?: string; skipEmptyLines?: boolean } = {}): Promise<unknown> {
    const out: unknown[] = [];
    try {
      for await (const row of read(chunks, options)) out.push([row.line, [...row.raw]]);
    } catch (error) {
      if (error instanceof Error && /has no header row/.test(error.message)) return [];
      return 'error';
    }
    return out;
  }
  const browserBuild: Read = (chunks, options) => readCsv(chunks, options);
  const nodeBuild: Read = (chunks, options) => readCsv(chunks, { ...options, csvParse: parseNode as unknown as CsvParseFunction });
  const oracle: Read = (chunks, options) => oracleReadCsv(chunks, options);

  // One line-ending style per file (with mixed endings csv-parse's own line count is erratic).
  const pieces = ['a', 'b', 'é', ' ', ',', '"', '""', 'NL', ';'];
  const splitAt = (text: string, cuts: number[]) => {
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
    const out: string[] = [];
    let from = 0;
    for (const p of points) {
      out.push(text.slice(from, p));
      from = p;
    }
    out.push(text.slice(from));
    return out;
  };

  it('reads the same records and line numbers as the oracle, with either csv-parse build, however the text is split into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), fc.constantFrom(',', ';'), fc.constantFrom('\n', '\r\n'), async (parts, cuts, skipEmptyLines, delimiter, newline) => {
        const text = parts.map((part) => (part === 'NL' ? newline : part)).join('');
        const chunks = splitAt(text, cuts);
        const expected = await rows(oracle, [text], { skipEmptyLines, delimiter });
        expect(await rows(browserBuild, chunks, { skipEmptyLines, delimiter })).toEqual(expected);
        expect(await rows(nodeBuild, chunks, { skipEmptyLines, delimiter })).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('numbers lines physically across quoted CRLF line breaks (csv-parse counts each as two)', async () => {
    const rows = [];
    for await (const row of readCsv(['h\r\n"x\r\ny"\r\na\r\n'])) rows.push([row.line, row.raw]);
    expect(rows).toEqual([
      [2, ['x\r\ny']],
      [4, ['a']],
    ]);
  });

  it('rejects broken quoting as malformed, whatever the chunking', async () => {
    const read = async (chunks: string[]) => {
      for await (const _ of readCsv(chunks));
    };
    await expect(read(['a,b\n"x', 'y,2\n'])).rejects.toThrow(/Malformed CSV: Quote Not Closed/);
    await expect(read(['a,b\n"x"', 'y,2\n'])).rejects.toThrow(/Malformed CSV: Invalid Closing Quote/);
    await expect(read(['a,b\nx"', 'y,2\n'])).rejects.toThrow(/Malformed CSV: Invalid Opening Quote/);
  });
});
