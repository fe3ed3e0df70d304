import { describe, expect, it } from 'vitest';
import { parseDatabase, redactUrl } from '../../src/cli/database';
import { classifyError, missingPackage } from '../../src/cli/errors';
import { EXIT_CODES } from '../../src/cli/exit-codes';
import { formatCell, renderCsv, renderJson, renderTable, type Table } from '../../src/cli/output';
import { parseDateOption, parseSize } from '../../src/cli/run';

const table: Table = {
  title: 'Stages',
  columns: [
    { key: 'stage', header: 'stage', format: 'text' },
    { key: 'n', header: 'n', format: 'int' },
    { key: 'rate', header: 'rate', format: 'percent' },
  ],
  rows: [
    { stage: 'lead', n: 12000, rate: 1 },
    { stage: 'customer', n: 7, rate: null },
  ],
};

describe('terminal tables', () => {
  it('right-align numbers, left-align text, and show a missing value as a dash', () => {
    expect(renderTable(table)).toBe(['Stages', 'stage          n     rate', '--------  ------  -------', 'lead      12,000  100.0 %', 'customer       7        —', ''].join('\n'));
  });

  it('bold the title and headers only when colour is on', () => {
    expect(renderTable(table)).not.toContain('\x1b[');
    expect(renderTable(table, { color: true })).toContain('\x1b[1mstage');
  });

  it('format cells by column', () => {
    expect(formatCell(0.4213, { key: 'r', header: 'r', format: 'percent' })).toBe('42.1 %');
    expect(formatCell(3.14159, { key: 'x', header: 'x', format: 'number', digits: 3 })).toBe('3.142');
    expect(formatCell(215, { key: 'x', header: 'x', format: 'number', digits: 3 })).toBe('215');
    expect(formatCell(true, { key: 'x', header: 'x' })).toBe('yes');
    expect(formatCell(undefined, { key: 'x', header: 'x' })).toBe('—');
  });
});

describe('CSV and JSON', () => {
  it('CSV carries raw values and quotes what needs quoting', () => {
    expect(renderCsv([{ columns: [{ key: 'a', header: 'a, b' }, { key: 'n', header: 'n' }], rows: [{ a: 'say "hi"', n: 0.5 }, { a: null, n: 2 }] }])).toBe('"a, b",n\n"say ""hi""",0.5\n,2\n');
  });

  it('several tables are separated by a blank line, each with a # title line', () => {
    expect(renderCsv([table, { ...table, title: 'Again' }]).split('\n\n').map((block) => block.split('\n')[0])).toEqual(['# Stages', '# Again']);
  });

  it('JSON is indented, and non-finite numbers become null', () => {
    expect(renderJson({ a: Number.NaN, b: [1] })).toBe('{\n  "a": null,\n  "b": [\n    1\n  ]\n}\n');
  });
});

describe('--db', () => {
  it.each([
    ['memory', { kind: 'memory' }],
    [':memory:', { kind: 'memory' }],
    ['crm.db', { kind: 'sqlite', filename: '/app/crm.db' }],
    ['data/crm.sqlite', { kind: 'sqlite', filename: '/app/data/crm.sqlite' }],
    ['sqlite:/var/crm', { kind: 'sqlite', filename: '/var/crm' }],
    ['sqlite://rel/crm', { kind: 'sqlite', filename: '/app/rel/crm' }],
    ['postgres://u:p@h/db', { kind: 'postgres', connectionString: 'postgres://u:p@h/db' }],
    ['postgresql://h/db', { kind: 'postgres', connectionString: 'postgresql://h/db' }],
    ['mysql://root@h/db', { kind: 'mysql', connectionString: 'mysql://root@h/db' }],
    ['mariadb://root@h/db', { kind: 'mysql', connectionString: 'mysql://root@h/db' }],
  ])('%s', (value, expected) => {
    expect(parseDatabase(value, '/app')).toEqual(expected);
  });

  it('anything else is a usage error', () => {
    expect(() => parseDatabase('redis://h', '/app')).toThrow(/Unsupported --db/);
    expect(() => parseDatabase('crm.txt', '/app')).toThrow(/Unsupported --db/);
  });

  it('passwords are redacted in messages', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/crm')).toBe('postgres://app:***@db:5432/crm');
    expect(redactUrl('mysql://root@db/crm')).toBe('mysql://root@db/crm');
  });
});

describe('option parsers', () => {
  it('--size takes the demo sizes or a number of contacts', () => {
    expect(parseSize('small')).toBe('small');
    expect(parseSize('2_000')).toEqual({ contacts: 2000 });
    expect(() => parseSize('0')).toThrow();
  });

  it('--cutoff takes a calendar date (midnight UTC) or a date-time with an offset, nothing ambiguous', () => {
    expect(parseDateOption('2025-06-30').toISOString()).toBe('2025-06-30T00:00:00.000Z');
    expect(parseDateOption('2025-06-30T12:00:00+02:00').toISOString()).toBe('2025-06-30T10:00:00.000Z');
    expect(() => parseDateOption('2025-02-30')).toThrow();
    expect(() => parseDateOption('2025-06-30T12:00')).toThrow();
  });
});

describe('error classification', () => {
  it('maps file, connection, driver and crmkit errors to exit codes', () => {
    expect(classifyError(Object.assign(new Error('ENOENT'), { code: 'ENOENT', path: 'x.csv' }))).toEqual({ exitCode: EXIT_CODES.input, message: 'No such file or directory: x.csv' });
    expect(classifyError(new Error('wrapped', { cause: new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })]) })).exitCode).toBe(EXIT_CODES.database);
    expect(classifyError(Object.assign(new Error('x'), { code: 'VALIDATION_FAILED', issues: [{ path: ['emails', 0], message: 'bad' }] })).message).toContain('emails.0: bad');
    expect(classifyError(new TypeError('boom')).exitCode).toBe(EXIT_CODES.error);
  });

  it('finds the missing package of ESM and CommonJS errors, never of relative paths', () => {
    expect(missingPackage(Object.assign(new Error("Cannot find package '@scope/pkg' imported from /a.js"), { code: 'ERR_MODULE_NOT_FOUND' }))).toBe('@scope/pkg');
    expect(missingPackage(Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: 'MODULE_NOT_FOUND' }))).toBe('better-sqlite3');
    expect(missingPackage(Object.assign(new Error("Cannot find module './x.js'"), { code: 'MODULE_NOT_FOUND' }))).toBeUndefined();
  });
});
