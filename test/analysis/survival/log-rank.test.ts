/**
 * Log-rank and G-ρ tests against R.
 *
 * Source of every expected number: test/fixtures/survival/logrank*.csv, written by
 * test/fixtures/survival/make-fixtures.R with R 4.2.2 and survival 3.5-3 (`survdiff`, and
 * `pchisq(chisq, df, lower.tail = FALSE)` for the p-value). Compared to 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError } from '../../../src/errors';
import { logRankTest } from '../../../src/analysis/survival';
import { expectAgrees, FIXTURE_DIR, num, readCsv, str } from './_helpers';

function dataset(name: string): { time: number; event: boolean; group: string }[] {
  return readCsv(FIXTURE_DIR, 'logrank_input.csv')
    .filter((row) => row.dataset === name)
    .map((row) => ({ time: num(row, 'time'), event: num(row, 'event') === 1, group: str(row, 'group') }));
}

describe('logRankTest against R survdiff', () => {
  const reference = readCsv(FIXTURE_DIR, 'logrank.csv');
  const variances = readCsv(FIXTURE_DIR, 'logrank_variance.csv');

  for (const name of ['grouped', 'zero_expected']) {
    for (const rho of [0, 0.5, 1]) {
      it(`reproduces chi-square, df, p-value, observed, expected and variance for ${name} with rho = ${rho}`, () => {
        const test = logRankTest(dataset(name), { rho });
        const rows = reference.filter((row) => row.dataset === name && row.rho === rho);
        expect(test.groups.map((g) => g.group)).toEqual(rows.map((row) => row.group));
        rows.forEach((row, i) => {
          const group = test.groups[i];
          const where = `${name} rho=${rho} ${String(row.group)}`;
          expectAgrees(group?.n, row.n ?? null, `${where} n`);
          expectAgrees(group?.observed, row.observed ?? null, `${where} observed`);
          expectAgrees(group?.expected, row.expected ?? null, `${where} expected`);
          expectAgrees(test.chiSquare, row.chisq ?? null, `${where} chisq`);
          expectAgrees(test.df, row.df ?? null, `${where} df`);
          expectAgrees(test.pValue, row['p.value'] ?? null, `${where} p`);
        });
        const labels = test.groups.map((g) => g.group);
        for (const row of variances.filter((r) => r.dataset === name && r.rho === rho)) {
          const i = labels.indexOf(str(row, 'row'));
          const j = labels.indexOf(str(row, 'col'));
          expectAgrees(test.variance[i]?.[j], row.var ?? null, `${name} rho=${rho} var[${i}][${j}]`);
        }
      });
    }
  }

  it('counts only groups with expected > 0 in the degrees of freedom', () => {
    const test = logRankTest(dataset('zero_expected'));
    expect(test.groups.find((g) => g.group === 'late')?.expected).toBe(0);
    expect(test.df).toBe(1);
  });

  it('reports df 0 and a null p-value when fewer than two groups have expected events', () => {
    const test = logRankTest([
      { time: 1, event: 1, group: 'a' },
      { time: 2, event: 1, group: 'a' },
      { time: 0.5, event: 0, group: 'b' },
    ]);
    expect(test).toMatchObject({ chiSquare: 0, df: 0, pValue: null });
  });

  it('refuses a singular variance matrix with InvalidArgumentError, where R survdiff fails too', () => {
    // at t = 15 both subjects at risk have the event: n − d = 0, so V = 0
    const data = [
      { time: 1, event: false, group: 'a' },
      { time: 15, event: true, group: 'a' },
      { time: 15, event: true, group: 'c' },
    ];
    expect(() => logRankTest(data)).toThrow(InvalidArgumentError);
  });

  it('refuses a single group with InvalidArgumentError', () => {
    expect(() => logRankTest([{ time: 1, event: 1, group: 'a' }])).toThrow(InvalidArgumentError);
  });

  it('rejects bad observations and a non-finite rho with paths', () => {
    expect(() => logRankTest([{ time: 1, event: 1, group: 'a' }], { rho: Number.NaN })).toThrow(/rho/);
    try {
      logRankTest([
        { time: 1, event: 1, group: 'a' },
        { time: -2, event: 1, group: 'b' },
      ]);
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toEqual([1, 'time']);
    }
  });
});
