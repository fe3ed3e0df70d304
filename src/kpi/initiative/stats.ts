/**
 * The statistics behind the incremental effect of an initiative (target vs control): the
 * standard normal and Student t distributions (CDF and quantile, accurate to about 1e-12
 * against R's `pnorm`/`qnorm`/`pt`/`qt`), the two-proportion z-test and Welch's t-test.
 *
 * Implemented here rather than taken from simple-statistics 7, whose `cumulativeStdNormalProbability`
 * is a 2-decimal table and which has no Student t distribution.
 *
 * @module
 */
import { ValidationError, type ValidationIssue } from '../../errors';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error about 1e-15). */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (z + i);
  const t = z + 7.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The Stirling series remainder of ln Γ(x) for x ≥ 10. */
function stirlingRemainder(x: number): number {
  const x2 = x * x;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * x2)) / x2) / x2) / x2) / x;
}

/** ln B(a, b), with a cancellation-free path for B(a, 1/2) with large a (the t distribution). */
function logBeta(a: number, b: number): number {
  if (b === 0.5 && a >= 10) {
    // ln Γ(a + ½) − ln Γ(a) by Stirling, written so that nothing large cancels.
    const ratio = a * Math.log1p(1 / (2 * a)) + 0.5 * Math.log(a) - 0.5 + stirlingRemainder(a + 0.5) - stirlingRemainder(a);
    return logGamma(0.5) - ratio;
  }
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b).
 *
 * Evaluated by the continued fraction of Numerical Recipes (§6.4) with the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) so that the fraction always converges fast. `y = 1 − x` may be
 * passed separately when it is known more precisely than `1 − x`.
 *
 * @param x - the point, in [0, 1]
 * @param a - first shape, > 0
 * @param b - second shape, > 0
 * @param y - `1 − x`, when known exactly (default `1 − x`)
 * @returns I_x(a, b), in [0, 1]
 * @throws {@link ValidationError} when x is outside [0, 1] or a shape is not positive
 *
 * @example
 * ```ts
 * import { regularizedIncompleteBeta } from 'crmkit/kpi';
 * regularizedIncompleteBeta(0.5, 2, 3); //=> 0.6875000000000007  (R: pbeta(0.5, 2, 3) = 0.6875)
 * ```
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, y: number = 1 - x): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) {
    throw new ValidationError('incomplete beta arguments', [
      { code: 'custom', path: [], message: `Need 0 ≤ x ≤ 1, a > 0, b > 0; got x=${x}, a=${a}, b=${b}` },
    ]);
  }
  if (x === 0) return 0;
  if (y === 0 || x === 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a;
  }
  return 1 - (Math.exp(logFront) * betaContinuedFraction(b, a, y)) / b;
}

/** Regularized lower incomplete gamma P(a, x) and upper Q(a, x) (Numerical Recipes §6.2). */
function incompleteGamma(a: number, x: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  const logFront = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    const lower = sum * Math.exp(logFront);
    return { lower, upper: 1 - lower };
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const upper = Math.exp(logFront) * h;
  return { lower: 1 - upper, upper };
}

/** P(Z > z) for z ≥ 0, accurate in the far tail: ½·erfc(z/√2) = ½·Q(½, z²/2). */
function normalUpperTail(z: number): number {
  return 0.5 * incompleteGamma(0.5, (z * z) / 2).upper;
}

/**
 * The standard normal cumulative distribution function Φ(z) = P(Z ≤ z).
 *
 * Computed as ½·erfc(−z/√2) through the regularized incomplete gamma function, so the tails keep
 * full relative precision (matches R's `pnorm` to about 1e-15).
 *
 * @param z - any number
 * @returns Φ(z), in [0, 1]
 *
 * @example
 * ```ts
 * import { normalCdf } from 'crmkit/kpi';
 * normalCdf(1.959963984540054); //=> 0.975  (R: pnorm(1.959963984540054))
 * ```
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === 0) return 0.5;
  return z > 0 ? 1 - normalUpperTail(z) : normalUpperTail(-z);
}

/** Solves `tail(t) = target` for t ≥ 0, where `tail` decreases from ½ at 0 to 0; bisection to the last bit. */
function solveUpperTail(tail: (t: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  while (tail(hi) > target) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) return Number.POSITIVE_INFINITY;
  }
  for (let i = 0; i < 2_000; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (tail(mid) > target) lo = mid;
    else hi = mid;
  }
  return lo + (hi - lo) / 2;
}

/**
 * The standard normal quantile Φ⁻¹(p): the z with Φ(z) = p.
 *
 * Found by bisection on the accurate upper tail of {@link normalCdf} to the last floating-point
 * bit (matches R's `qnorm` to about 1e-14 relative).
 *
 * @param p - a probability in [0, 1]
 * @returns the quantile; −Infinity at 0 and Infinity at 1
 * @throws {@link ValidationError} when p is outside [0, 1]
 *
 * @example
 * ```ts
 * import { normalQuantile } from 'crmkit/kpi';
 * normalQuantile(0.975); //=> 1.9599639845400554  (R: qnorm(0.975) = 1.9599639845400536)
 * ```
 */
export function normalQuantile(p: number): number {
  checkProbability(p);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const z = solveUpperTail(normalUpperTail, p < 0.5 ? p : 1 - p);
  return p < 0.5 ? -z : z;
}

/** P(T > t) for t ≥ 0 with `df` degrees of freedom: ½·I_{df/(df+t²)}(df/2, ½). */
function studentUpperTail(t: number, df: number): number {
  if (!Number.isFinite(df)) return normalUpperTail(t);
  const t2 = t * t;
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  return 0.5 * regularizedIncompleteBeta(x, df / 2, 0.5, y);
}

function checkDf(df: number): void {
  if (!(df > 0)) {
    throw new ValidationError('degrees of freedom', [
      { code: 'custom', path: ['df'], message: `Degrees of freedom must be positive, got ${df}` },
    ]);
  }
}

function checkProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new ValidationError('probability', [
      { code: 'custom', path: ['p'], message: `A probability lies in [0, 1], got ${p}` },
    ]);
  }
}

/**
 * The cumulative distribution function of Student's t distribution with `df` degrees of freedom
 * (non-integer df allowed, as Welch's test needs): P(T ≤ t).
 *
 * Formula: for t > 0, P(T > t) = ½·I_{df/(df+t²)}(df/2, ½) with I the regularized incomplete beta
 * function ({@link regularizedIncompleteBeta}); P(T ≤ t) = 1 − P(T > t), and symmetry for t < 0.
 * `df = Infinity` gives the standard normal. Checked against R's `pt` to 1e-12.
 *
 * @param t - the point
 * @param df - degrees of freedom, > 0 (may be fractional or Infinity)
 * @returns P(T ≤ t)
 * @throws {@link ValidationError} when df is not positive
 *
 * @example
 * ```ts
 * import { studentTCdf } from 'crmkit/kpi';
 * studentTCdf(2.228138851986274, 10); //=> 0.975  (R: pt(2.228138851986274, 10))
 * ```
 */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === 0) return 0.5;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  return t > 0 ? 1 - studentUpperTail(t, df) : studentUpperTail(-t, df);
}

/**
 * The quantile function of Student's t distribution: the t with P(T ≤ t) = p.
 *
 * Closed forms for df = 1 (Cauchy: tan(π(p − ½))) and df = 2 (t = u·√(2/(1 − u²)), u = 2p − 1);
 * otherwise bisection on the upper tail of {@link studentTCdf} to the last floating-point bit.
 * Checked against R's `qt` to 1e-10 relative.
 *
 * @param p - a probability in [0, 1]
 * @param df - degrees of freedom, > 0
 * @returns the quantile; ±Infinity at 0 and 1
 * @throws {@link ValidationError} when p is outside [0, 1] or df is not positive
 *
 * @example
 * ```ts
 * import { studentTQuantile } from 'crmkit/kpi';
 * studentTQuantile(0.975, 10); //=> 2.2281388519862757  (R: qt(0.975, 10) = 2.2281388519862739)
 * ```
 */
export function studentTQuantile(p: number, df: number): number {
  checkProbability(p);
  checkDf(df);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const target = p < 0.5 ? p : 1 - p;
  let t: number;
  if (df === 1) t = 1 / Math.tan(Math.PI * target);
  else if (df === 2) {
    const u = 1 - 2 * target;
    t = u * Math.sqrt(2 / ((1 - u) * (1 + u)));
  } else t = solveUpperTail((x) => studentUpperTail(x, df), target);
  return p < 0.5 ? -t : t;
}

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
    throw new ValidationError('comparison options', [
      { code: 'custom', path: ['confidenceLevel'], message: `confidenceLevel lies in (0, 1), got ${level}` },
    ]);
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
      issues.push({ code: 'custom', path: [name, 'size'], message: `size must be a non-negative integer, got ${group.size}` });
    }
    if (!Number.isInteger(group.successes) || group.successes < 0 || group.successes > group.size) {
      issues.push({ code: 'custom', path: [name, 'successes'], message: `successes must be an integer in [0, size], got ${group.successes}` });
    }
  }
  if (issues.length > 0) throw new ValidationError('two-proportion test input', issues);
  if (target.size === 0 || control.size === 0) return null;
  const p1 = target.successes / target.size;
  const p2 = control.successes / control.size;
  const difference = p1 - p2;
  const pooled = (target.successes + control.successes) / (target.size + control.size);
  const pooledStandardError = Math.sqrt(pooled * (1 - pooled) * (1 / target.size + 1 / control.size));
  const z = pooledStandardError === 0 ? null : difference / pooledStandardError;
  const pValue = z === null ? null : Math.min(1, 2 * normalUpperTail(Math.abs(z)));
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
      if (!Number.isFinite(value)) issues.push({ code: 'custom', path: [name, index], message: `Expected a finite number, got ${value}` });
    });
  }
  if (issues.length > 0) throw new ValidationError('Welch test input', issues);
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
