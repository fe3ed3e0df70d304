/**
 * The special functions behind the p-values and intervals.
 *
 * Source of every expected number: test/fixtures/survival/pchisq.csv and qnorm.csv, R 4.2.2
 * `pchisq(x, df, lower.tail = FALSE)` and `qnorm(p)` (make-fixtures.R).
 */
import { describe, expect, it } from 'vitest';
import { chiSquareUpperTail, normalQuantile, solveLinear } from '../../../src/analysis/survival/_math';
import { FIXTURE_DIR, num, readCsv } from './_helpers';

describe('survival special functions', () => {
  it('computes the chi-square upper tail to 1e-12 relative, deep tail included', () => {
    for (const row of readCsv(FIXTURE_DIR, 'pchisq.csv')) {
      const expected = num(row, 'upper');
      const actual = chiSquareUpperTail(num(row, 'x'), num(row, 'df'));
      expect(Math.abs(actual - expected), `x=${num(row, 'x')} df=${num(row, 'df')}`).toBeLessThanOrEqual(1e-12 * expected + 1e-300);
    }
  });

  it('computes the normal quantile to 1e-14 relative', () => {
    for (const row of readCsv(FIXTURE_DIR, 'qnorm.csv')) {
      const expected = num(row, 'q');
      const actual = normalQuantile(num(row, 'p'));
      expect(Math.abs(actual - expected), `p=${num(row, 'p')}`).toBeLessThanOrEqual(1e-14 * Math.abs(expected) + 1e-16);
    }
  });

  it('solves a linear system and reports a singular one as null', () => {
    expect(solveLinear([[2, 1], [1, 3]], [3, 5])?.map((x) => Number(x.toFixed(12)))).toEqual([0.8, 1.4]);
    expect(solveLinear([[1, 1], [1, 1]], [1, 2])).toBeNull();
  });
});
