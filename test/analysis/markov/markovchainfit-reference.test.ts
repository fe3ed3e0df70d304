/**
 * transitionMatrix against R's markovchain::markovchainFit (method "mle").
 *
 * Source of every expected number: test/fixtures/markov/markovchainfit.json, written by
 * test/fixtures/markov/make-fixtures.R with R 4.2.2 and markovchain 0.9.1 (see versions.txt).
 * Numbers are stored with 17 significant digits and compared to 1e-12 absolute.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transitionMatrix } from '../../../src/analysis/markov';

interface Fixture {
  name: string;
  sequences: string[][];
  confidencelevel: number;
  states: string[];
  counts: string[][];
  estimate: string[][];
  estimateSanitized: string[][];
  standardError: string[][];
  lowerEndpointMatrix: string[][];
  upperEndpointMatrix: string[][];
}

const fixtures = JSON.parse(
  readFileSync(new URL('../../fixtures/markov/markovchainfit.json', import.meta.url), 'utf8'),
) as Fixture[];
const num = (m: string[][]): number[][] => m.map((row) => row.map(Number));

function expectClose(
  actual: readonly (readonly (number | null)[])[],
  expected: number[][],
  emptyRows: ReadonlySet<number>,
  tolerance = 1e-12,
): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((row, i) => {
    row.forEach((value, j) => {
      const got = actual[i]?.[j];
      if (emptyRows.has(i)) {
        // markovchainFit reports 1 in rows with no data; crmkit reports null (nothing was estimated).
        expect(value).toBe(1);
        expect(got).toBeNull();
      } else {
        expect(got).not.toBeNull();
        expect(Math.abs((got as number) - value)).toBeLessThan(tolerance);
      }
    });
  });
}

describe('transitionMatrix reproduces markovchainFit', () => {
  it('has the four fixture sets', () => {
    expect(fixtures.map((f) => f.name)).toEqual(['single', 'list3', 'crm', 'rain']);
  });

  for (const fixture of fixtures) {
    describe(`on the "${fixture.name}" sequences`, () => {
      const zero = transitionMatrix(fixture.sequences, {
        emptyRow: 'zero',
        confidenceLevel: fixture.confidencelevel,
        markovchainCompatible: true,
      });
      const empty = new Set(zero.rowTotals.map((n, i) => (n === 0 ? i : -1)).filter((i) => i >= 0));

      it('finds the same states in the same order', () => {
        expect(zero.states).toEqual(fixture.states);
      });

      it('counts the same transitions, within sequences only', () => {
        expect(zero.counts).toEqual(num(fixture.counts));
      });

      it('estimates the same probabilities with empty rows as zeros (sanitize = FALSE)', () => {
        expectClose(zero.probabilities, num(fixture.estimate), new Set());
      });

      it('estimates the same probabilities with empty rows uniform (sanitize = TRUE)', () => {
        const uniform = transitionMatrix(fixture.sequences, { emptyRow: 'uniform' });
        expectClose(uniform.probabilities, num(fixture.estimateSanitized), new Set());
      });

      it('gives the same standard errors and interval bounds (z from the single-precision level, as R)', () => {
        expectClose(zero.standardError, num(fixture.standardError), empty);
        expectClose(zero.confidenceInterval.lower, num(fixture.lowerEndpointMatrix), empty);
        expectClose(zero.confidenceInterval.upper, num(fixture.upperEndpointMatrix), empty);
      });

      it('stays within 1e-6 of R with the exact normal quantile (the default)', () => {
        const exact = transitionMatrix(fixture.sequences, { emptyRow: 'zero', confidenceLevel: fixture.confidencelevel });
        expectClose(exact.confidenceInterval.lower, num(fixture.lowerEndpointMatrix), empty, 1e-6);
        expectClose(exact.confidenceInterval.upper, num(fixture.upperEndpointMatrix), empty, 1e-6);
      });

      it('makes never-left states absorbing by default and keeps every other row', () => {
        const fit = transitionMatrix(fixture.sequences, { confidenceLevel: fixture.confidencelevel });
        fit.probabilities.forEach((row, i) => {
          if (empty.has(i)) expect(row).toEqual(row.map((_, j) => (j === i ? 1 : 0)));
          else expect(row).toEqual(zero.probabilities[i]);
        });
        expect(fit.emptyStates).toEqual([...empty].map((i) => fixture.states[i]));
      });
    });
  }
});
