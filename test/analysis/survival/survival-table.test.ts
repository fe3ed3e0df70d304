/**
 * The streaming survival path (survivalTableAccumulator + *FromTable) gives the same results as
 * the array functions on the same observations, whatever the order of adds and merges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError } from '../../../src/errors';
import {
  kaplanMeier,
  kaplanMeierByGroup,
  kaplanMeierByGroupFromTable,
  kaplanMeierFromTable,
  logRankFromTable,
  logRankTest,
  survivalTableAccumulator,
  type ConfidenceType,
  type GroupedSurvivalObservation,
} from '../../../src/analysis/survival';

/** Deep equality with numbers equal to 1e-12 (relative for large values); null/strings exact. */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) return void expect(Number.isNaN(actual), path).toBe(true);
    if (!Number.isFinite(expected)) return void expect(actual, path).toBe(expected);
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((v, i) => expectClose((actual as unknown[])[i], v, `${path}[${i}]`));
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    return;
  }
  expect(actual, path).toBe(expected);
}

const time = fc.oneof(fc.integer({ min: 0, max: 15 }), fc.double({ min: 0, max: 50, noNaN: true, noDefaultInfinity: true }));
const grouped = fc.array(
  fc.record({
    time,
    event: fc.constantFrom<boolean | 0 | 1>(true, false, 1, 0),
    group: fc.oneof(fc.constantFrom('a', 'b', 'c', 'B'), fc.integer({ min: 0, max: 2 })),
  }),
  { minLength: 1, maxLength: 80 },
);
const options = fc.record({
  confType: fc.constantFrom<ConfidenceType>('log', 'log-log', 'plain', 'none'),
  confLevel: fc.double({ min: 0.5, max: 0.999, noNaN: true }),
});

/** Tallies `data` split at `cut` into two accumulators (one by add, one by addValues), then merged. */
function tally(data: readonly GroupedSurvivalObservation[], cut: number) {
  const left = survivalTableAccumulator();
  const right = survivalTableAccumulator();
  data.forEach((o, i) => {
    if (i < cut) left.add(o);
    else right.addValues(o.time, o.event, o.group);
  });
  return right.merge(left).result();
}

describe('survivalTableAccumulator + *FromTable', () => {
  it('equals kaplanMeier / kaplanMeierByGroup on the same data (1e-12)', () => {
    fc.assert(
      fc.property(grouped, fc.nat(), options, fc.constantFrom<'common' | 'individual' | 7>('common', 'individual', 7), (data, cut, opts, rmeanUpper) => {
        const table = tally(data, cut % (data.length + 1));
        expect(table.n).toBe(data.length);
        expectClose(kaplanMeierFromTable(table, opts), kaplanMeier(data, opts));
        expectClose(kaplanMeierByGroupFromTable(table, { ...opts, rmeanUpper }), kaplanMeierByGroup(data, { ...opts, rmeanUpper }));
      }),
      { numRuns: 300 },
    );
  });

  it('equals logRankTest on the same data, or throws the same error (1e-12)', () => {
    fc.assert(
      fc.property(grouped, fc.nat(), fc.constantFrom(0, 1, 0.5), (data, cut, rho) => {
        const table = tally(data, cut % (data.length + 1));
        let expected: unknown, error: unknown;
        try {
          expected = logRankTest(data, { rho });
        } catch (e) {
          error = e;
        }
        if (error !== undefined) {
          expect(() => logRankFromTable(table, { rho })).toThrow((error as Error).constructor as typeof Error);
          return;
        }
        expectClose(logRankFromTable(table, { rho }), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of adds', () => {
    fc.assert(
      fc.property(grouped, (data) => {
        const forward = survivalTableAccumulator();
        const backward = survivalTableAccumulator();
        for (const o of data) forward.add(o);
        for (const o of [...data].reverse()) backward.add(o);
        expect(backward.result()).toEqual(forward.result());
      }),
    );
  });

  it('reproduces the documented examples', () => {
    const acc = survivalTableAccumulator<string>();
    acc.add({ time: 1, event: 1, group: 'ads' }).add({ time: 3, event: 0, group: 'ads' });
    acc.addValues(2, true, 'seo').addValues(4, 1, 'seo');
    const table = acc.result();
    expect(table.times).toEqual([1, 2, 3, 4]);
    expect(kaplanMeierByGroupFromTable(table).map((fit) => fit.median.time)).toEqual([1, 3]);
    expect(kaplanMeierByGroupFromTable(table).map((fit) => fit.rmean.estimate)).toEqual([2.5, 3]);
    expect(logRankFromTable(table).df).toBe(1);
    const single = survivalTableAccumulator();
    for (const [t, e] of [[1, 1], [2, 0], [3, 1], [4, 1]] as const) single.addValues(t, e);
    expect(kaplanMeierFromTable(single.result()).table.map((row) => row.survival)).toEqual([0.75, 0.75, 0.375, 0]);
    const lr = survivalTableAccumulator<string>();
    lr.addValues(1, 1, 'a').addValues(2, 1, 'a').addValues(3, 1, 'b').addValues(4, 1, 'b');
    expect(logRankFromTable(lr.result()).chiSquare).toBe(2.8823529411764692);
    expect(survivalTableAccumulator<string>().addValues(2, 1, 'a').addValues(1, 0, 'a').addValues(2, 0, 'b').result()).toEqual({
      n: 3, times: [1, 2], groups: ['a', 'b'], events: [[0, 1], [0, 0]], censored: [[1, 0], [0, 1]],
    });
    const a = survivalTableAccumulator<string>().addValues(1, 1, 'ads');
    const b = survivalTableAccumulator<string>().add({ time: 2, event: 0, group: 'seo' });
    expect(a.merge(b).n).toBe(2);
    expect(b.n).toBe(1);
  });

  it('validates its input', () => {
    const acc = survivalTableAccumulator();
    expect(() => acc.add({ time: -1, event: 1 })).toThrow(ValidationError);
    expect(() => acc.addValues(Number.NaN, 1)).toThrow(ValidationError);
    expect(() => acc.addValues(1, 2 as 1)).toThrow(ValidationError);
    expect(() => acc.addValues(1, 1, 'a', 1.5)).toThrow(ValidationError);
    expect(acc.n).toBe(0);
    acc.addValues(1, 1).addValues(2, 1, 'a');
    expect(() => kaplanMeierByGroupFromTable(acc.result())).toThrow(ValidationError);
    expect(() => logRankFromTable(acc.result())).toThrow(ValidationError);
    expect(kaplanMeierFromTable(acc.result()).n).toBe(2);
    expect(() => kaplanMeierFromTable(survivalTableAccumulator().result())).toThrow(InvalidArgumentError);
    const one = survivalTableAccumulator().addValues(1, 1, 'a').result();
    expect(() => logRankFromTable(one)).toThrow(InvalidArgumentError);
  });
});
