/**
 * Mergeable accumulators: every KPI is also available as `init / add / merge / result`, so the
 * same figure can be computed over an array, over a stream, over shards in parallel or in worker
 * threads, and `merge` of any split equals the whole.
 *
 * States are plain data (numbers, strings, arrays, plain objects, Maps of those), so they can
 * cross a `postMessage` boundary with the structured clone algorithm.
 *
 * @module
 */

/**
 * A mergeable accumulator from items of type `In` to a result of type `Out`.
 *
 * Laws (checked by property tests for every KPI): `merge(init(), s) ≡ s`; `merge` is
 * associative; for any split of the items into parts, `result(merge(fold(part1), fold(part2), …))`
 * equals `result(fold(all))`, where `fold` runs `add` over a part starting from `init()`.
 */
export interface Accumulator<In, State, Out> {
  /** A fresh, empty state. */
  init(): State;
  /** Adds one item; may update `state` in place, and returns the state to use next. */
  add(state: State, item: In): State;
  /** Combines two states (of disjoint item sets); may reuse either argument. */
  merge(a: State, b: State): State;
  /** The figure for the items added so far. */
  result(state: State): Out;
}

/**
 * Runs an accumulator over a synchronous iterable.
 *
 * @param accumulator - the KPI accumulator
 * @param items - the items (an array, a generator…)
 * @returns the accumulator's result
 *
 * @example
 * ```ts
 * import { accumulate } from 'crmkit/kpi';
 * const sum = { init: () => 0, add: (s: number, x: number) => s + x, merge: (a: number, b: number) => a + b, result: (s: number) => s };
 * accumulate(sum, [1, 2, 3]); //=> 6
 * ```
 */
export function accumulate<In, State, Out>(accumulator: Accumulator<In, State, Out>, items: Iterable<In>): Out {
  let state = accumulator.init();
  for (const item of items) state = accumulator.add(state, item);
  return accumulator.result(state);
}

/**
 * Runs an accumulator over an async iterable (a store stream, a CSV reader) without holding the
 * items in memory.
 *
 * @param accumulator - the KPI accumulator
 * @param items - an async or sync iterable
 * @returns a promise of the result
 *
 * @example
 * ```ts
 * import { accumulateAsync } from 'crmkit/kpi';
 * const count = { init: () => 0, add: (s: number) => s + 1, merge: (a: number, b: number) => a + b, result: (s: number) => s };
 * await accumulateAsync(count, store.stream('purchase')); //=> number of purchases
 * ```
 */
export async function accumulateAsync<In, State, Out>(
  accumulator: Accumulator<In, State, Out>,
  items: AsyncIterable<In> | Iterable<In>,
): Promise<Out> {
  let state = accumulator.init();
  for await (const item of items) state = accumulator.add(state, item);
  return accumulator.result(state);
}

/**
 * Folds a part of the items into a state, for sharded or parallel computation: fold each shard
 * (in a worker, say), then `merge` the states and take the `result`.
 *
 * @param accumulator - the KPI accumulator
 * @param items - one shard of the items
 * @returns the shard's state
 *
 * @example
 * ```ts
 * import { foldState } from 'crmkit/kpi';
 * const sum = { init: () => 0, add: (s: number, x: number) => s + x, merge: (a: number, b: number) => a + b, result: (s: number) => s };
 * sum.result(sum.merge(foldState(sum, [1, 2]), foldState(sum, [3]))); //=> 6
 * ```
 */
export function foldState<In, State, Out>(accumulator: Accumulator<In, State, Out>, items: Iterable<In>): State {
  let state = accumulator.init();
  for (const item of items) state = accumulator.add(state, item);
  return state;
}

/**
 * A ratio whose denominator may be zero: `null` then, never `NaN` or a silent 0.
 *
 * @param numerator - the numerator
 * @param denominator - the denominator
 * @returns `numerator / denominator`, or `null` when the denominator is 0
 *
 * @example
 * ```ts
 * import { ratio } from 'crmkit/kpi';
 * ratio(1, 4); //=> 0.25
 * ratio(1, 0); //=> null
 * ```
 */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
