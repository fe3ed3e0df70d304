/**
 * The statistics behind the incremental effect of an initiative (target vs control): the
 * two-proportion z-test and Welch's t-test. The distributions they use (normal, Student t) live
 * in src/_lib/distributions.ts.
 *
 * @module
 */
import { ValidationError, type ValidationIssue } from '../../errors';
import { normalQuantile, studentTQuantile, studentUpperTail, twoSidedNormalP } from '../../_lib/distributions';
import { issue, throwIfIssues } from '../../_lib/validation';

/** A confidence interval. */
export interface ConfidenceInterval {
  /** Lower bound. */
  readonly lower: number;
  /** Upper bound. */
  readonly upper: number;
  /** Confidence level, e.g. 0.95. */
  readonly level: number;
}

/** Options of the target-vs-control tests. */
export interface ComparisonOptions {
  /** Confidence level of the interval, in (0, 1); default 0.95. */
  readonly confidenceLevel?: number;
}

/** Target − control difference of two proportions, with its test and interval. */
export interface ProportionComparison {
  /** Successes and size of the target group, and its proportion. */
  readonly target: { readonly successes: number; readonly size: number; readonly proportion: number };
  /** Successes and size of the control group, and its proportion. */
  readonly control: { readonly successes: number; readonly size: number; readonly proportion: number };
  /** p_target − p_control. */
  readonly difference: number;
  /** Pooled standard error √(p̂(1−p̂)(1/n₁+1/n₂)), p̂ = (x₁+x₂)/(n₁+n₂), used by the test. */
  readonly pooledStandardError: number;
  /** z = difference / pooled SE; `null` when the pooled SE is 0 (both proportions 0 or both 1). */
  readonly z: number | null;
  /** Two-sided p-value 2·(1 − Φ(|z|)); `null` with z. */
  readonly pValue: number | null;
  /** Unpooled (Wald) standard error √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂), used by the interval. */
  readonly standardError: number;
  /** Wald interval: difference ± Φ⁻¹(1 − α/2)·unpooled SE. */
  readonly confidenceInterval: ConfidenceInterval;
}

function confidenceLevelOf(options: ComparisonOptions): number {
  const level = options.confidenceLevel ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new ValidationError('comparison options', [issue(['confidenceLevel'], `confidenceLevel lies in (0, 1), got ${level}`)]);
  }
  return level;
}

/**
 * Two-proportion z-test of target vs control (the incremental effect on a rate: redemption,
 * penetration, trial, retention).
 *
 * Formulas: p₁ = x₁/n₁, p₂ = x₂/n₂, d = p₁ − p₂. The **test** uses the pooled SE under H₀ (p₁ = p₂):
 * p̂ = (x₁+x₂)/(n₁+n₂), SE₀ = √(p̂(1−p̂)(1/n₁ + 1/n₂)), z = d/SE₀, two-sided p = 2(1 − Φ(|z|)).
 * The **interval** uses the unpooled Wald SE: SE = √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂),
 * CI = d ± Φ⁻¹(1 − α/2)·SE. This is the textbook pairing (e.g. Agresti, *Categorical Data
 * Analysis*, §1.4 and §3.1; R's `prop.test(correct = FALSE)` gives the same z² as its X-squared).
 *
 * @param target - successes and size of the target group
 * @param control - successes and size of the control group
 * @param options - `confidenceLevel` (default 0.95)
 * @returns the comparison, or `null` when a group is empty (a zero denominator)
 * @throws {@link ValidationError} for negative counts, successes above size, or a level outside (0, 1)
 *
 * @example
 * ```ts
 * import { twoProportionTest } from 'crmkit/kpi';
 * const c = twoProportionTest({ successes: 30, size: 100 }, { successes: 20, size: 100 });
 * c?.difference; //=> 0.09999999999999998  (0.3 − 0.2 in floating point)
 * c?.z;          //=> 1.6329931618554518  (0.1 / √(0.25·0.75·0.02))
 * ```
 */
export function twoProportionTest(
  target: { readonly successes: number; readonly size: number },
  control: { readonly successes: number; readonly size: number },
  options: ComparisonOptions = {},
): ProportionComparison | null {
  const level = confidenceLevelOf(options);
  const issues: ValidationIssue[] = [];
  for (const [name, group] of [['target', target], ['control', control]] as const) {
    if (!Number.isInteger(group.size) || group.size < 0) {
      issues.push(issue([name, 'size'], `size must be a non-negative integer, got ${group.size}`));
    }
    if (!Number.isInteger(group.successes) || group.successes < 0 || group.successes > group.size) {
      issues.push(issue([name, 'successes'], `successes must be an integer in [0, size], got ${group.successes}`));
    }
  }
  throwIfIssues('two-proportion test input', issues);
  if (target.size === 0 || control.size === 0) return null;
  const p1 = target.successes / target.size;
  const p2 = control.successes / control.size;
  const difference = p1 - p2;
  const pooled = (target.successes + control.successes) / (target.size + control.size);
  const pooledStandardError = Math.sqrt(pooled * (1 - pooled) * (1 / target.size + 1 / control.size));
  const z = pooledStandardError === 0 ? null : difference / pooledStandardError;
  const pValue = z === null ? null : twoSidedNormalP(z);
  const standardError = Math.sqrt((p1 * (1 - p1)) / target.size + (p2 * (1 - p2)) / control.size);
  const critical = normalQuantile(1 - (1 - level) / 2);
  return {
    target: { successes: target.successes, size: target.size, proportion: p1 },
    control: { successes: control.successes, size: control.size, proportion: p2 },
    difference,
    pooledStandardError,
    z,
    pValue,
    standardError,
    confidenceInterval: { lower: difference - critical * standardError, upper: difference + critical * standardError, level },
  };
}

/** Target − control difference of two means (Welch), with its test and interval. */
export interface MeanComparison {
  /** Size, mean and sample variance (n − 1) of the target group. */
  readonly target: { readonly size: number; readonly mean: number; readonly variance: number };
  /** Size, mean and sample variance (n − 1) of the control group. */
  readonly control: { readonly size: number; readonly mean: number; readonly variance: number };
  /** mean_target − mean_control. */
  readonly difference: number;
  /** √(s₁²/n₁ + s₂²/n₂). */
  readonly standardError: number;
  /** Welch–Satterthwaite degrees of freedom; `null` when the SE is 0. */
  readonly df: number | null;
  /** t = difference / SE; `null` when the SE is 0 (both groups constant). */
  readonly t: number | null;
  /** Two-sided p-value 2·P(T_df > |t|); `null` with t. */
  readonly pValue: number | null;
  /** difference ± t_{1−α/2, df}·SE; `null` with t. */
  readonly confidenceInterval: ConfidenceInterval | null;
}

/**
 * Welch's two-sample t-test of target vs control (the incremental effect on a value per member:
 * sales per member, margin per member), not assuming equal variances.
 *
 * Formulas: d = x̄₁ − x̄₂; SE = √(s₁²/n₁ + s₂²/n₂) with sample variances (n − 1);
 * Welch–Satterthwaite df ν = SE⁴ / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)); t = d/SE;
 * two-sided p = 2·P(T_ν > |t|); CI = d ± t_{1−α/2, ν}·SE with {@link studentTQuantile}.
 * Source: Welch (1947), Satterthwaite (1946); identical to R's `t.test(x, y)` (var.equal = FALSE).
 *
 * @param target - the values of the target members (one per member, 0 for a non-buyer)
 * @param control - the values of the control members
 * @param options - `confidenceLevel` (default 0.95)
 * @returns the comparison, or `null` when a group has fewer than 2 values
 * @throws {@link ValidationError} for a non-finite value or a level outside (0, 1)
 *
 * @example
 * ```ts
 * import { welchTTest } from 'crmkit/kpi';
 * welchTTest([1, 2, 3, 4], [1, 1, 2, 2])?.df; //=> 4.153846153846153  (R: t.test(c(1,2,3,4), c(1,1,2,2))$parameter)
 * ```
 */
export function welchTTest(
  target: readonly number[],
  control: readonly number[],
  options: ComparisonOptions = {},
): MeanComparison | null {
  const level = confidenceLevelOf(options);
  const issues: ValidationIssue[] = [];
  for (const [name, values] of [['target', target], ['control', control]] as const) {
    values.forEach((value, index) => {
      if (!Number.isFinite(value)) issues.push(issue([name, index], `Expected a finite number, got ${value}`));
    });
  }
  throwIfIssues('Welch test input', issues);
  if (target.length < 2 || control.length < 2) return null;
  const a = describe(target);
  const b = describe(control);
  const va = a.variance / a.size;
  const vb = b.variance / b.size;
  const standardError = Math.sqrt(va + vb);
  const difference = a.mean - b.mean;
  if (standardError === 0) {
    return { target: a, control: b, difference, standardError, df: null, t: null, pValue: null, confidenceInterval: null };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.size - 1) + vb ** 2 / (b.size - 1));
  const t = difference / standardError;
  const pValue = Math.min(1, 2 * studentUpperTail(Math.abs(t), df));
  const critical = studentTQuantile(1 - (1 - level) / 2, df);
  return {
    target: a,
    control: b,
    difference,
    standardError,
    df,
    t,
    pValue,
    confidenceInterval: { lower: difference - critical * standardError, upper: difference + critical * standardError, level },
  };
}

/** Size, mean and sample variance, with the two-pass algorithm (no cancellation). */
function describe(values: readonly number[]): { size: number; mean: number; variance: number } {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let squares = 0;
  let correction = 0;
  for (const value of values) {
    squares += (value - mean) ** 2;
    correction += value - mean;
  }
  const variance = (squares - (correction * correction) / values.length) / (values.length - 1);
  return { size: values.length, mean, variance };
}
