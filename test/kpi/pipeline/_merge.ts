/** Helpers for the accumulator laws: merge of any split equals the whole. */
import fc from 'fast-check';
import { expect } from 'vitest';
import { type Accumulator, accumulate, foldState } from '../../../src/kpi/accumulator';

/** Splits `items` into consecutive parts at the given cut points (taken modulo length + 1). */
export function splitAt<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (items.length + 1)))].sort((a, b) => a - b);
  const parts: T[][] = [];
  let last = 0;
  for (const p of points) {
    parts.push(items.slice(last, p));
    last = p;
  }
  parts.push(items.slice(last));
  return parts;
}

/** Asserts, for random item lists and splits, that folding the parts and merging equals the whole, and that init() is a unit. */
export function checkMergeLaws<In, S, Out>(makeAccumulator: () => Accumulator<In, S, Out>, item: fc.Arbitrary<In>, numRuns = 100): void {
  fc.assert(
    fc.property(fc.array(item, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), (items, cuts, reverse) => {
      const acc = makeAccumulator();
      const whole = accumulate(acc, items);
      const parts = splitAt(items, cuts).map((part) => foldState(acc, part));
      if (reverse) parts.reverse();
      let state = acc.merge(acc.init(), acc.init());
      for (const part of parts) state = acc.merge(state, part);
      expect(acc.result(state)).toEqual(whole);
      expect(acc.result(acc.merge(acc.init(), foldState(acc, items)))).toEqual(whole);
    }),
    { numRuns },
  );
}
