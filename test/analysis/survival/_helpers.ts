/**
 * Test helpers for the survival tests: CSV fixtures written by R and a 1e-9 comparison.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** /work/shared/reference/: reference outputs from R (see its README.md); sits beside the repo. */
export const REFERENCE_DIR = new URL('../../../../shared/reference/', import.meta.url);
/** test/fixtures/survival/: outputs of make-fixtures.R (R 4.2.2, survival 3.5-3). */
export const FIXTURE_DIR = new URL('../../fixtures/survival/', import.meta.url);

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

/**
 * Reads a CSV written by R's write.csv: header row, optional double quotes, empty = NA (null),
 * `Inf`/`-Inf` = ±Infinity, numbers as numbers, anything else as a string.
 */
export function readCsv(dir: URL, name: string): Row[] {
  const url = new URL(name, dir);
  const path = fileURLToPath(url);
  if (!existsSync(path)) throw new Error(`Missing reference file ${path}`);
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const split = (line: string): string[] => line.split(',').map((cell) => cell.replace(/^"(.*)"$/, '$1'));
  const header = split(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = split(line);
    const row: Row = {};
    header.forEach((name, i) => {
      const raw = cells[i] ?? '';
      let value: Cell;
      if (raw === '' || raw === 'NA' || raw === 'NaN') value = null;
      else if (raw === 'Inf') value = Number.POSITIVE_INFINITY;
      else if (raw === '-Inf') value = Number.NEGATIVE_INFINITY;
      else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) value = Number(raw);
      else value = raw;
      row[name] = value;
    });
    return row;
  });
}

/** Relative tolerance of every comparison with R. */
export const RELATIVE = 1e-9;
/** Absolute floor, for values R reports as 0 that are rounding noise on our side (or R's). */
export const ABSOLUTE = 1e-14;

/** Whether `actual` agrees with R's `expected` to 1e-9 (null = NA on both sides). */
export function agrees(actual: number | null | undefined, expected: Cell): boolean {
  if (expected === null) return actual === null;
  if (typeof expected !== 'number' || typeof actual !== 'number') return false;
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= RELATIVE * Math.abs(expected) + ABSOLUTE;
}

/** Asserts agreement with a message naming the value. */
export function expectAgrees(actual: number | null | undefined, expected: Cell, what: string): void {
  if (!agrees(actual, expected)) {
    expect.fail(`${what}: got ${String(actual)}, R gives ${String(expected)}`);
  }
}

/** The number in a cell (fails on NA or a string). */
export function num(row: Row, key: string): number {
  const value = row[key];
  if (typeof value !== 'number') throw new Error(`Column ${key} is not a number: ${String(value)}`);
  return value;
}

/** The string in a cell. */
export function str(row: Row, key: string): string {
  const value = row[key];
  return String(value);
}
