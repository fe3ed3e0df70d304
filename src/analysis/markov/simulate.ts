/**
 * Monte Carlo projection of a cohort through a Markov chain, with a seeded generator.
 *
 * @module analysis/markov
 */
import { InvalidArgumentError, ValidationError, type ValidationIssue } from '../../errors';
import { mulberry32, sampleIndex } from '../_lib';
import { validateChain } from './chain';
import type { MarkovChain } from './transition-matrix';

/** Options of {@link simulateCohort}. */
export interface SimulateCohortOptions {
  /** Head counts at period 0 by state (non-negative integers; missing states = 0). */
  readonly initial: Readonly<Record<string, number>>;
  /** Number of periods (steps) to project, an integer ≥ 1. */
  readonly periods: number;
  /** Seed of the mulberry32 generator; the same seed gives the same output. */
  readonly seed: number;
  /** Number of simulated cohorts (default 1,000). */
  readonly runs?: number;
  /** Percentiles of the bands, in [0, 1] (default `[0.05, 0.5, 0.95]`). */
  readonly percentiles?: readonly number[];
  /** States whose new arrivals count as conversions (default: the absorbing states, p_ii = 1). */
  readonly targets?: readonly string[];
}

/** Mean and percentiles of a simulated quantity across runs. */
export interface Band {
  /** Mean across runs. */
  readonly mean: number;
  /** The percentiles asked for, in the same order (R's type 7: linear interpolation between order statistics). */
  readonly percentiles: readonly number[];
}

/** One projected period. */
export interface CohortPeriod {
  /** Period number, 1..periods. */
  readonly period: number;
  /** Head count in each state at the end of the period. */
  readonly occupancy: Readonly<Record<string, Band>>;
  /** Arrivals into each target during the period (were elsewhere at the start, are in it at the end). */
  readonly arrivals: Readonly<Record<string, Band>>;
  /** Arrivals into each target summed over periods 1..period. */
  readonly cumulativeArrivals: Readonly<Record<string, Band>>;
}

/** The result of {@link simulateCohort}. */
export interface SimulateCohortResult {
  /** The chain's states. */
  readonly states: readonly string[];
  /** The target states. */
  readonly targets: readonly string[];
  /** Runs simulated. */
  readonly runs: number;
  /** The seed used. */
  readonly seed: number;
  /** The percentiles of every band. */
  readonly percentiles: readonly number[];
  /** Periods 1..periods. */
  readonly periods: readonly CohortPeriod[];
}

/** Type-7 quantile of sorted values. */
function quantileSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] as number;
  return a + (h - lo) * ((sorted[hi] as number) - a);
}

function band(values: number[], percentiles: readonly number[]): Band {
  const sorted = [...values].sort((a, b) => a - b);
  return { mean: values.reduce((a, b) => a + b, 0) / values.length, percentiles: percentiles.map((p) => quantileSorted(sorted, p)) };
}

/**
 * Simulates `runs` cohorts moving through a chain for `periods` steps and summarises, per
 * period, the head count in each state and the arrivals into each target (conversions) with
 * their mean and percentile bands.
 *
 * Each individual moves independently: from state i it draws its next state from row i by
 * inversion of a uniform from mulberry32(seed) (one generator for the whole simulation, used
 * in a fixed order: run, period, state in chain order, individual). The output is therefore a
 * pure function of the arguments. The mean converges to the exact expectation
 * x_0·Pⁿ ({@link nStepDistribution}) at rate 1/√runs. Cost O(runs × periods × cohort size).
 *
 * @param chain - a row-stochastic chain
 * @param options - initial counts, periods, seed, runs, percentiles, targets
 * @returns the per-period bands
 * @throws {@link ValidationError} for a malformed chain, unknown states or non-integer counts
 * @throws {@link InvalidArgumentError} for periods / runs that are not positive integers, or percentiles outside [0, 1]
 * @example
 * ```ts
 * const chain = { states: ['lead', 'won'], probabilities: [[0.9, 0.1], [0, 1]] };
 * const sim = simulateCohort(chain, { initial: { lead: 100 }, periods: 3, seed: 7, runs: 500 });
 * sim.periods[0].arrivals.won.mean; //=> close to 10 (exactly 100 × 0.1 in expectation)
 * ```
 */
export function simulateCohort(chain: MarkovChain, options: SimulateCohortOptions): SimulateCohortResult {
  validateChain(chain);
  const { states, probabilities } = chain;
  const runs = options.runs ?? 1000;
  const percentiles = options.percentiles ?? [0.05, 0.5, 0.95];
  if (!Number.isInteger(options.periods) || options.periods < 1) throw new InvalidArgumentError(`periods must be an integer ≥ 1, got ${options.periods}`);
  if (!Number.isInteger(runs) || runs < 1) throw new InvalidArgumentError(`runs must be an integer ≥ 1, got ${runs}`);
  if (percentiles.some((p) => !(p >= 0 && p <= 1))) throw new InvalidArgumentError('percentiles must be in [0, 1]');
  const issues: ValidationIssue[] = [];
  for (const [name, count] of Object.entries(options.initial)) {
    if (!states.includes(name)) issues.push({ code: 'unknown_state', path: ['initial', name], message: `"${name}" is not a state` });
    if (!Number.isInteger(count) || count < 0) issues.push({ code: 'invalid_count', path: ['initial', name], message: 'counts must be integers ≥ 0' });
  }
  const targets = options.targets ?? states.filter((_, i) => probabilities[i]?.[i] === 1);
  targets.forEach((t, k) => {
    if (!states.includes(t)) issues.push({ code: 'unknown_state', path: ['targets', k], message: `"${t}" is not a state` });
  });
  if (issues.length > 0) throw new ValidationError('cohort simulation options', issues);

  const k = states.length;
  const targetIdx = targets.map((t) => states.indexOf(t));
  const random = mulberry32(options.seed);
  const start = states.map((s) => options.initial[s] ?? 0);
  // samples[period][quantity][run]
  const occ = Array.from({ length: options.periods }, () => states.map(() => new Array<number>(runs).fill(0)));
  const arr = Array.from({ length: options.periods }, () => targets.map(() => new Array<number>(runs).fill(0)));
  const cum = Array.from({ length: options.periods }, () => targets.map(() => new Array<number>(runs).fill(0)));
  for (let run = 0; run < runs; run++) {
    let counts = [...start];
    const total = targets.map(() => 0);
    for (let period = 0; period < options.periods; period++) {
      const next = new Array<number>(k).fill(0);
      const moved = new Array<number>(k).fill(0); // arrivals from a different state
      for (let i = 0; i < k; i++) {
        const row = probabilities[i] as readonly number[];
        const c = counts[i] as number;
        for (let n = 0; n < c; n++) {
          const j = sampleIndex(random, row);
          next[j] = (next[j] as number) + 1;
          if (j !== i) moved[j] = (moved[j] as number) + 1;
        }
      }
      counts = next;
      for (let i = 0; i < k; i++) (occ[period]?.[i] as number[])[run] = next[i] as number;
      targetIdx.forEach((j, t) => {
        total[t] = (total[t] as number) + (moved[j] as number);
        (arr[period]?.[t] as number[])[run] = moved[j] as number;
        (cum[period]?.[t] as number[])[run] = total[t] as number;
      });
    }
  }
  const periods: CohortPeriod[] = occ.map((o, p) => ({
    period: p + 1,
    occupancy: Object.fromEntries(states.map((s, i) => [s, band(o[i] as number[], percentiles)])),
    arrivals: Object.fromEntries(targets.map((s, t) => [s, band(arr[p]?.[t] as number[], percentiles)])),
    cumulativeArrivals: Object.fromEntries(targets.map((s, t) => [s, band(cum[p]?.[t] as number[], percentiles)])),
  }));
  return { states, targets, runs, seed: options.seed, percentiles, periods };
}
