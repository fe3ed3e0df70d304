/**
 * Quantiles of a Kaplan–Meier curve with confidence intervals, as R's `quantile.survfit`.
 *
 * @module
 */
import type { ValidationIssue } from '../../errors';
import { issue, throwIfIssues } from '../../_lib/validation';
import type { KaplanMeierRow, SurvivalTimeEstimate } from './kaplan-meier';

/** One quantile of the survival-time distribution, from {@link survivalQuantiles}. */
export interface SurvivalQuantile extends SurvivalTimeEstimate {
  /** The probability p: the time by which a fraction p of subjects had the event (Ŝ(t) ≤ 1 − p). */
  readonly prob: number;
}

const TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * R's `approx(x, y, v, method = "constant", f = 1, rule = 1)` after `regularize.values`: knots sorted
 * by value; below the first or above the last knot → null; on a knot → its index; strictly between
 * two knots → the index of the right one.
 */
function approxConstantRight(knots: readonly { value: number; index: number }[], v: number): number | null {
  const first = knots[0];
  const last = knots[knots.length - 1];
  if (first === undefined || last === undefined || v < first.value || v > last.value) return null;
  let i = 0;
  let j = knots.length - 1;
  while (i < j - 1) {
    const ij = Math.floor((i + j) / 2);
    if (v < (knots[ij] as { value: number }).value) j = ij;
    else i = ij;
  }
  const right = knots[j] as { value: number; index: number };
  const left = knots[i] as { value: number; index: number };
  if (v === right.value) return right.index;
  if (v === left.value) return left.index;
  return right.index;
}

/**
 * R's `survival:::findq`: for a cumulative distribution `y` (non-decreasing for the estimate, not
 * necessarily for a confidence curve) at times `x`, the times where it reaches each p, taking the
 * midpoint when y equals p (within √ε) on a flat stretch.
 */
function findq(x: readonly number[], y: readonly (number | null)[], probs: readonly number[]): (number | null)[] {
  let maxY = Number.NEGATIVE_INFINITY;
  for (const value of y) if (value !== null && value > maxY) maxY = value;
  if (maxY < Math.min(...probs)) return probs.map(() => null);
  const xmax = x[x.length - 1] as number;
  // drop duplicated y values (the first occurrence stays), as R's duplicated()
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  const seen = new Set<number | null>();
  y.forEach((value, i) => {
    if (seen.has(value)) return;
    seen.add(value);
    xs.push(x[i] as number);
    ys.push(value);
  });
  const n = ys.length;
  const knots = (shift: number): { value: number; index: number }[] =>
    ys
      .map((value, index) => (value === null ? null : { value: value + shift, index }))
      .filter((knot): knot is { value: number; index: number } => knot !== null)
      .sort((a, b) => a.value - b.value);
  const upperKnots = knots(TOLERANCE);
  const lowerKnots = knots(-TOLERANCE);
  const lastY = ys[n - 1];
  return probs.map((p) => {
    const indx1 = approxConstantRight(upperKnots, p);
    const indx2 = approxConstantRight(lowerKnots, p);
    let quant = indx1 === null || indx2 === null ? null : ((xs[indx1] as number) + (xs[indx2] as number)) / 2;
    if (p === 0) quant = xs[0] as number;
    if (lastY !== null && lastY !== undefined && Math.abs(p - lastY) < TOLERANCE) {
      quant = indx1 === null ? null : ((xs[indx1] as number) + xmax) / 2;
    }
    return quant;
  });
}

/**
 * Quantiles of the survival-time distribution from a Kaplan–Meier fit, with confidence intervals:
 * the p-quantile is the first time t with Ŝ(t) ≤ 1 − p; when Ŝ equals 1 − p on a flat stretch,
 * the midpoint of that stretch (R: "the midpoint of the horizontal segment"). The interval applies
 * the same rule to the lower and upper confidence curves. `null` means not reached (R's NA).
 *
 * This is R's `quantile.survfit` exactly, including its corner cases: Ŝ flat at 1 − p until the
 * last observed time gives the midpoint with that last time (where `print.survfit`'s median,
 * {@link KaplanMeierResult.median}, gives the start of the stretch), and all quantiles are `null`
 * when the curve never reaches the smallest requested p.
 *
 * Source: R `survival` 3.5 `quantile.survfit` (`findq`); Brookmeyer & Crowley (1982) for the
 * interval.
 *
 * @param fit - a {@link kaplanMeier} result (only its `table` is read)
 * @param probs - probabilities in [0, 1]; default `[0.25, 0.5, 0.75]`
 * @returns one {@link SurvivalQuantile} per probability, in the order given
 * @throws {@link ValidationError} when a probability is not a number in [0, 1] (path `['probs', i]`)
 *
 * @example
 * ```ts
 * import { kaplanMeier, survivalQuantiles } from 'crmkit/analysis';
 * const fit = kaplanMeier([
 *   { time: 1, event: 1 }, { time: 2, event: 1 }, { time: 3, event: 0 }, { time: 4, event: 1 },
 * ]);
 * survivalQuantiles(fit, [0.5]);
 * //=> [{ prob: 0.5, time: 3, lower: 1, upper: null }]   (Ŝ = ½ on [2, 4): midpoint 3)
 * ```
 */
export function survivalQuantiles(
  fit: { readonly table: readonly KaplanMeierRow[] },
  probs: readonly number[] = [0.25, 0.5, 0.75],
): SurvivalQuantile[] {
  const issues: ValidationIssue[] = [];
  probs.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      issues.push(issue(['probs', i], `probability must be a number in [0, 1], got ${String(p)}`));
    }
  });
  throwIfIssues('survival quantile request', issues);
  if (probs.length === 0) return [];
  const x = [0, ...fit.table.map((row) => row.time)];
  const cdf = (values: readonly (number | null)[]): (number | null)[] => [
    0,
    ...values.map((v) => (v === null ? null : 1 - v)),
  ];
  const estimate = findq(
    x,
    cdf(fit.table.map((row) => row.survival)),
    probs,
  );
  const lower = findq(
    x,
    cdf(fit.table.map((row) => row.lower)),
    probs,
  );
  const upper = findq(
    x,
    cdf(fit.table.map((row) => row.upper)),
    probs,
  );
  return probs.map((prob, i) => ({
    prob,
    time: estimate[i] ?? null,
    lower: lower[i] ?? null,
    upper: upper[i] ?? null,
  }));
}

/**
 * One quantile: `survivalQuantiles(fit, [p])[0]`.
 *
 * Source: R `quantile.survfit(fit, probs = p)`.
 *
 * @param fit - a {@link kaplanMeier} result
 * @param p - a probability in [0, 1] (0.5: the median by `quantile.survfit`'s rule)
 * @returns the time by which a fraction p had the event, with its interval
 * @throws {@link ValidationError} when p is not in [0, 1]
 *
 * @example
 * ```ts
 * import { kaplanMeier, survivalQuantile } from 'crmkit/analysis';
 * const fit = kaplanMeier([{ time: 1, event: 1 }, { time: 2, event: 1 }, { time: 5, event: 0 }]);
 * survivalQuantile(fit, 0.25).time; //=> 1
 * survivalQuantile(fit, 0.9).time; //=> null   (Ŝ never falls to 0.1)
 * ```
 */
export function survivalQuantile(fit: { readonly table: readonly KaplanMeierRow[] }, p: number): SurvivalQuantile {
  return survivalQuantiles(fit, [p])[0] as SurvivalQuantile;
}
