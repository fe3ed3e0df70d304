/**
 * Properties every correct implementation has, checked on random data with fast-check (no R
 * needed): monotone curves, the empirical survival function without censoring, intervals that
 * bracket the estimate, and log-rank invariances.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  kaplanMeier,
  logRankTest,
  survivalQuantiles,
  type ConfidenceType,
  type SurvivalObservation,
} from '../../../src/analysis/survival';

// integer-valued times give many ties; events as booleans or 0/1
const observation = fc.record({
  time: fc.integer({ min: 0, max: 20 }),
  event: fc.constantFrom<boolean | 0 | 1>(true, false, 1, 0),
});
const sample = fc.array(observation, { minLength: 1, maxLength: 60 });
const confType = fc.constantFrom<ConfidenceType>('log', 'log-log', 'plain');
const confLevel = fc.double({ min: 0.5, max: 0.999, noNaN: true });

describe('Kaplan–Meier properties', () => {
  it('keeps the survival estimate in [0, 1] and never increasing', () => {
    fc.assert(
      fc.property(sample, (data) => {
        const { table } = kaplanMeier(data);
        let previous = 1;
        for (const row of table) {
          expect(row.survival).toBeGreaterThanOrEqual(0);
          expect(row.survival).toBeLessThanOrEqual(previous);
          previous = row.survival;
        }
      }),
    );
  });

  it('equals the empirical survival function when nothing is censored', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 60 }), (times) => {
        const { table } = kaplanMeier(times.map((time) => ({ time, event: true })));
        for (const row of table) {
          const empirical = times.filter((t) => t > row.time).length / times.length;
          expect(row.survival).toBeCloseTo(empirical, 12);
        }
      }),
    );
  });

  it('brackets the estimate with its confidence interval wherever the interval exists', () => {
    fc.assert(
      fc.property(sample, confType, confLevel, (data, type, level) => {
        const { table } = kaplanMeier(data, { confType: type, confLevel: level });
        for (const row of table) {
          if (row.lower !== null) expect(row.lower).toBeLessThanOrEqual(row.survival + 1e-15);
          if (row.upper !== null) expect(row.upper).toBeGreaterThanOrEqual(row.survival - 1e-15);
          if (row.lower !== null) expect(row.lower).toBeGreaterThanOrEqual(0);
          if (row.upper !== null) expect(row.upper).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('orders quantile bounds around the quantile when all three exist', () => {
    fc.assert(
      fc.property(sample, confType, (data, type) => {
        const fit = kaplanMeier(data, { confType: type });
        for (const q of survivalQuantiles(fit, [0.25, 0.5, 0.75])) {
          if (q.time !== null && q.lower !== null) expect(q.lower).toBeLessThanOrEqual(q.time);
          if (q.time !== null && q.upper !== null) expect(q.upper).toBeGreaterThanOrEqual(q.time);
        }
      }),
    );
  });

  it('scales every time-valued output with the time unit', () => {
    fc.assert(
      fc.property(sample, fc.constantFrom(0.5, 2, 24, 7), (data, factor) => {
        const base = kaplanMeier(data);
        const scaled = kaplanMeier(data.map((o: SurvivalObservation) => ({ ...o, time: o.time * factor })));
        expect(scaled.table.map((r) => r.survival)).toEqual(base.table.map((r) => r.survival));
        if (base.median.time !== null) expect(scaled.median.time).toBeCloseTo(base.median.time * factor, 9);
        expect(scaled.rmean.estimate).toBeCloseTo(base.rmean.estimate * factor, 9);
      }),
    );
  });
});

describe('log-rank properties', () => {
  const grouped = fc.array(
    fc.record({
      time: fc.integer({ min: 1, max: 15 }),
      event: fc.boolean(),
      group: fc.constantFrom('a', 'b', 'c'),
    }),
    { minLength: 4, maxLength: 60 },
  ).filter((data) => {
    if (new Set(data.map((o) => o.group)).size < 2) return false;
    // a singular variance matrix (every event when all at risk have it) makes R's survdiff fail
    // too; logRankTest throws InvalidArgumentError there (tested in log-rank.test.ts)
    try {
      logRankTest(data);
      return true;
    } catch {
      return false;
    }
  });

  it('gives the same chi-square whatever the group labels are', () => {
    fc.assert(
      fc.property(grouped, fc.constantFrom(0, 1), (data, rho) => {
        const relabel: Record<string, string> = { a: 'z', b: 'm', c: 'b' };
        const base = logRankTest(data, { rho });
        const renamed = logRankTest(
          data.map((o) => ({ ...o, group: relabel[o.group] ?? o.group })),
          { rho },
        );
        expect(renamed.df).toBe(base.df);
        expect(renamed.chiSquare).toBeCloseTo(base.chiSquare, 8);
      }),
    );
  });

  it('gives the same chi-square when every time is multiplied by a positive constant', () => {
    fc.assert(
      fc.property(grouped, fc.constantFrom(0.1, 3, 1000), (data, factor) => {
        const base = logRankTest(data);
        const scaled = logRankTest(data.map((o) => ({ ...o, time: o.time * factor })));
        expect(scaled.chiSquare).toBeCloseTo(base.chiSquare, 10);
        expect(scaled.pValue).toBe(base.pValue);
      }),
    );
  });

  it('sums observed minus expected to zero and gives a p-value in [0, 1]', () => {
    fc.assert(
      fc.property(grouped, (data) => {
        const test = logRankTest(data);
        const total = test.groups.reduce((s, g) => s + g.observed - g.expected, 0);
        expect(Math.abs(total)).toBeLessThan(1e-9);
        if (test.pValue !== null) {
          expect(test.pValue).toBeGreaterThanOrEqual(0);
          expect(test.pValue).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
