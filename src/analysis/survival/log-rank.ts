/**
 * The log-rank test and the Harrington–Fleming G-ρ family for comparing survival curves of two or
 * more groups, as R's `survival::survdiff`.
 *
 * @module
 */
import { InvalidArgumentError, type ValidationIssue } from '../../errors';
import { chiSquareUpperTail } from '../../_lib/distributions';
import { trySolve } from '../../_lib/linalg';
import { checkArray, compareKeys, readObservations, type GroupKey } from './_shared';
import { issue, throwIfIssues } from '../../_lib/validation';
import type { GroupedSurvivalObservation } from './kaplan-meier';

/** Options of {@link logRankTest}. */
export interface LogRankOptions {
  /**
   * ρ of the G-ρ family: each event time is weighted by Ŝ(t−)^ρ, Ŝ the pooled Kaplan–Meier curve.
   * 0 (default) is the log-rank test; 1 the Peto–Peto modification of the Gehan–Wilcoxon test.
   */
  readonly rho?: number;
}

/** Observed and expected (weighted) events of one group in {@link LogRankResult}. */
export interface LogRankGroup<G extends GroupKey = GroupKey> {
  /** The group key. */
  readonly group: G;
  /** Number of subjects in the group. */
  readonly n: number;
  /** Σ w(t)·d_g(t): observed events, weighted by Ŝ(t−)^ρ (plain count when ρ = 0), as R's `obs`. */
  readonly observed: number;
  /** Σ w(t)·d(t)·n_g(t)/n(t): expected events under equal hazards, as R's `exp`. */
  readonly expected: number;
}

/** Result of {@link logRankTest}. */
export interface LogRankResult<G extends GroupKey = GroupKey> {
  /** Groups sorted (numbers ascending, then strings by code unit); `variance` follows this order. */
  readonly groups: readonly LogRankGroup<G>[];
  /** The test statistic (O − E)ᵀ V⁻ (O − E) over the groups with expected > 0, one dropped. */
  readonly chiSquare: number;
  /** Degrees of freedom: the number of groups with expected > 0, minus 1 (as `survdiff`). */
  readonly df: number;
  /** P(χ²_df > chiSquare); `null` when df = 0 (nothing to compare; R prints 0 there). */
  readonly pValue: number | null;
  /** The variance–covariance matrix V of O − E (R's `var`), in `groups` order. */
  readonly variance: readonly (readonly number[])[];
  /** The ρ used. */
  readonly rho: number;
}

const SUBJECT = 'log-rank input';

/**
 * Tests whether two or more groups have the same survival (hazard) function: the log-rank test,
 * or with `rho` the Harrington–Fleming G-ρ test, exactly as R's `survdiff`.
 *
 * At each distinct event time t with n(t) at risk and d(t) events, n_g(t) and d_g(t) in group g,
 * and weight w(t) = Ŝ(t−)^ρ (pooled Kaplan–Meier, left-continuous):
 * - O_g = Σ w·d_g, E_g = Σ w·d·n_g/n,
 * - V_gh = Σ w²·d·(n − d)/(n − 1) · (n_g/n)(δ_gh − n_h/n) (terms with n = 1 skipped),
 * - χ² = (O − E)ᵀ V⁻¹ (O − E) using the groups with E_g > 0 except the first (V has rank k − 1),
 *   df = #{g : E_g > 0} − 1, p = P(χ²_df > χ²).
 *
 * Source: Mantel (1966), Peto & Peto (1972), Harrington & Fleming (1982); numerics of R `survival`
 * 3.5 `survdiff` (`survdiff2.c`). The p-value uses the regularised incomplete gamma function
 * (relative error < 1e-12). Times are compared exactly (no `timefix`).
 *
 * @param observations - `{ time, event, group }` per subject; not mutated
 * @param options - {@link LogRankOptions}
 * @returns the statistic, df, p-value, observed/expected per group and the variance matrix
 * @throws {@link ValidationError} for bad observations or a non-finite `rho`
 * @throws {@link InvalidArgumentError} when there are fewer than two groups, or when the variance
 *   matrix is singular (e.g. every event time has n = d: all subjects at risk have the event),
 *   where R's `survdiff` fails as well
 *
 * @example
 * ```ts
 * import { logRankTest } from 'crmkit/analysis';
 * const test = logRankTest([
 *   { time: 1, event: 1, group: 'a' }, { time: 2, event: 1, group: 'a' },
 *   { time: 3, event: 1, group: 'b' }, { time: 4, event: 1, group: 'b' },
 * ]);
 * test.groups.map((g) => g.expected); //=> [0.8333333333333333, 3.1666666666666665]
 * test.chiSquare; //=> 2.8823529411764692
 * test.pValue; //=> 0.08955507441364274   (df 1)
 * ```
 */
export function logRankTest<G extends GroupKey>(
  observations: readonly GroupedSurvivalObservation<G>[],
  options: LogRankOptions = {},
): LogRankResult<G> {
  checkArray(SUBJECT, observations);
  const rho = options.rho ?? 0;
  const issues: ValidationIssue[] = [];
  if (typeof rho !== 'number' || !Number.isFinite(rho)) {
    issues.push(issue(['rho'], `rho must be a finite number, got ${String(rho)}`));
  }
  const read = readObservations(observations, issues, true);
  const { times, events } = read;
  const groups = read.groups as G[];
  throwIfIssues(SUBJECT, issues);

  const keys = [...new Set(groups)].sort(compareKeys);
  if (keys.length < 2) throw new InvalidArgumentError(`The log-rank test needs at least two groups, got ${keys.length}`);
  const k = keys.length;
  const indexOf = new Map<G, number>(keys.map((key, i) => [key, i]));
  const groupIndex = groups.map((g) => indexOf.get(g) as number);
  const n = times.length;
  const order = times.map((_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number));
  const counts = new Array<number>(k).fill(0);
  for (const g of groupIndex) counts[g] = (counts[g] as number) + 1;
  return logRankCore(keys, counts, rho, (visit) => {
    const deathsByGroup = new Array<number>(k).fill(0);
    const leavingByGroup = new Array<number>(k).fill(0);
    for (let i = 0; i < n; ) {
      const time = times[order[i] as number] as number;
      deathsByGroup.fill(0);
      leavingByGroup.fill(0);
      let j = i;
      for (; j < n && times[order[j] as number] === time; j += 1) {
        const subject = order[j] as number;
        const g = groupIndex[subject] as number;
        if (events[subject]) deathsByGroup[g] = (deathsByGroup[g] as number) + 1;
        leavingByGroup[g] = (leavingByGroup[g] as number) + 1;
      }
      visit(deathsByGroup, leavingByGroup);
      i = j;
    }
  });
}

/**
 * @internal The G-ρ test on tallies. `forEachTime` calls `visit` once per distinct time, in
 * ascending order, with the events and the subjects leaving the risk set (events + censorings)
 * at that time in each group (indexed as `keys`); `counts` are the group sizes.
 */
export function logRankCore<G extends GroupKey>(
  keys: readonly G[],
  counts: readonly number[],
  rho: number,
  forEachTime: (visit: (deathsByGroup: ArrayLike<number>, leavingByGroup: ArrayLike<number>) => void) => void,
): LogRankResult<G> {
  const k = keys.length;
  const atRisk = [...counts];
  let nRisk = 0;
  for (const c of counts) nRisk += c;
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let km = 1;
  forEachTime((deathsByGroup, leavingByGroup) => {
    let deaths = 0;
    let leaving = 0;
    for (let g = 0; g < k; g += 1) {
      deaths += deathsByGroup[g] as number;
      leaving += leavingByGroup[g] as number;
    }
    if (leaving === 0) return;
    const weight = rho === 0 ? 1 : km ** rho;
    if (deaths > 0) {
      for (let g = 0; g < k; g += 1) {
        observed[g] = (observed[g] as number) + (deathsByGroup[g] as number) * weight;
        expected[g] = (expected[g] as number) + (weight * deaths * (atRisk[g] as number)) / nRisk;
      }
      if (nRisk > 1) {
        const w2 = weight * weight;
        for (let g = 0; g < k; g += 1) {
          const tmp = (w2 * deaths * (atRisk[g] as number) * (nRisk - deaths)) / (nRisk * (nRisk - 1));
          const row = variance[g] as number[];
          row[g] = (row[g] as number) + tmp;
          for (let h = 0; h < k; h += 1) row[h] = (row[h] as number) - (tmp * (atRisk[h] as number)) / nRisk;
        }
      }
      km *= (nRisk - deaths) / nRisk;
    }
    for (let g = 0; g < k; g += 1) atRisk[g] = (atRisk[g] as number) - (leavingByGroup[g] as number);
    nRisk -= leaving;
  });

  const kept = keys.map((_, g) => g).filter((g) => (expected[g] as number) > 0);
  let chiSquare = 0;
  if (kept.length >= 2) {
    const rest = kept.slice(1);
    const diff = rest.map((g) => (observed[g] as number) - (expected[g] as number));
    const sub = rest.map((g) => rest.map((h) => (variance[g] as number[])[h] as number));
    const solution = trySolve(sub, diff);
    if (solution === null) {
      throw new InvalidArgumentError('The log-rank variance matrix is singular; the groups cannot be compared');
    }
    chiSquare = solution.reduce((sum, value, i) => sum + value * (diff[i] as number), 0);
  }
  const df = kept.length - 1;
  return {
    groups: keys.map((group, g) => ({
      group,
      n: counts[g] as number,
      observed: observed[g] as number,
      expected: expected[g] as number,
    })),
    chiSquare,
    df: Math.max(df, 0),
    pValue: df >= 1 ? chiSquareUpperTail(chiSquare, df) : null,
    variance,
    rho,
  };
}
