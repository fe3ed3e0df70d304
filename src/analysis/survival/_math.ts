/**
 * Numerical helpers for the survival module: the normal quantile, the chi-square upper tail and a
 * small linear solver. Internal: not re-exported from the package.
 *
 * simple-statistics 7 has `probit` and a chi-square table, but neither is accurate to the 1e-9
 * this module promises against R, so the two special functions are implemented here.
 *
 * @module
 * @internal
 */

/**
 * Quantile of the standard normal distribution, lower tail: the x with Φ(x) = p.
 *
 * Algorithm AS 241 (Wichura 1988, PPND16), the algorithm behind R's `qnorm`; relative accuracy
 * about 1e-16 over (0, 1).
 *
 * @param p - a probability in (0, 1)
 * @returns Φ⁻¹(p); −Infinity at 0, Infinity at 1, NaN outside [0, 1]
 * @internal
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/** ln Γ(a) for a a positive multiple of ½, by exact recursion (no approximation error). */
function logGammaHalfInteger(a: number): number {
  // Γ(n) = (n−1)!, Γ(n + ½) = √π · ∏_{i=0}^{n−1} (i + ½)
  let sum = 0;
  if (Number.isInteger(a)) {
    for (let i = 2; i < a; i += 1) sum += Math.log(i);
    return sum;
  }
  sum = 0.5 * Math.log(Math.PI);
  for (let x = 0.5; x < a - 0.25; x += 1) sum += Math.log(x);
  return sum;
}

/**
 * Upper regularised incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) for a a positive multiple
 * of ½ (what a chi-square with an integer number of degrees of freedom needs).
 *
 * Series for P = 1 − Q when x < a + 1, Lentz's continued fraction for Q otherwise (Numerical
 * Recipes, 3rd ed., §6.2), so Q keeps its relative accuracy deep in the tail.
 */
function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  const logPrefactor = -x + a * Math.log(x) - logGammaHalfInteger(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n += 1) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    return 1 - sum * Math.exp(logPrefactor);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return Math.exp(logPrefactor) * h;
}

/**
 * Upper tail of the chi-square distribution, P(X > x) for X ~ χ²(df), as R's
 * `pchisq(x, df, lower.tail = FALSE)`.
 *
 * @param x - the statistic
 * @param df - a positive integer number of degrees of freedom
 * @returns the upper-tail probability; relative error below 1e-12 in the tests
 * @internal
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`df must be a positive integer, got ${df}`);
  return upperRegularizedGamma(df / 2, x / 2);
}

/**
 * Solves A·x = b by Gaussian elimination with partial pivoting (LAPACK `dgesv`'s method, as R's
 * `solve`).
 *
 * @returns x, or null when A is singular to working precision
 * @internal
 */
export function solveLinear(matrix: readonly (readonly number[])[], rhs: readonly number[]): number[] | null {
  const n = rhs.length;
  const a = matrix.map((row) => [...row]);
  const b = [...rhs];
  const at = (i: number, j: number): number => (a[i] as number[])[j] as number;
  let scale = 0;
  for (let i = 0; i < n; i += 1) for (let j = 0; j < n; j += 1) scale = Math.max(scale, Math.abs(at(i, j)));
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < n; row += 1) if (Math.abs(at(row, col)) > Math.abs(at(pivot, col))) pivot = row;
    if (Math.abs(at(pivot, col)) <= scale * n * Number.EPSILON) return null;
    if (pivot !== col) {
      [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
      [b[col], b[pivot]] = [b[pivot] as number, b[col] as number];
    }
    const pivotRow = a[col] as number[];
    for (let row = col + 1; row < n; row += 1) {
      const target = a[row] as number[];
      const factor = (target[col] as number) / (pivotRow[col] as number);
      if (factor === 0) continue;
      for (let j = col; j < n; j += 1) target[j] = (target[j] as number) - factor * (pivotRow[j] as number);
      b[row] = (b[row] as number) - factor * (b[col] as number);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row -= 1) {
    let sum = b[row] as number;
    for (let j = row + 1; j < n; j += 1) sum -= at(row, j) * (x[j] as number);
    x[row] = sum / at(row, row);
  }
  return x;
}

/**
 * A double-double number hi + lo (|lo| ≤ ½ulp(hi)), ~32 significant digits. Used where a sum of
 * squares is updated through many linear maps and would otherwise lose its small values to
 * cancellation (the Aalen–Johansen variance).
 * @internal
 */
export interface DoubleDouble {
  readonly hi: number;
  readonly lo: number;
}

/** @internal The double-double zero. */
export const DD_ZERO: DoubleDouble = { hi: 0, lo: 0 };

const SPLITTER = 134_217_729; // 2^27 + 1 (Dekker)

function split(a: number): [number, number] {
  const t = SPLITTER * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

function quickTwoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

/** @internal The exact product a·b as a double-double (Dekker's TwoProduct). */
export function ddProduct(a: number, b: number): DoubleDouble {
  const p = a * b;
  if (!Number.isFinite(p)) return { hi: p, lo: 0 };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  return { hi: p, lo: e };
}

/** @internal x + y in double-double arithmetic. */
export function ddAdd(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const s = x.hi + y.hi;
  const bb = s - x.hi;
  const e = x.hi - (s - bb) + (y.hi - bb);
  return quickTwoSum(s, e + x.lo + y.lo);
}

/** @internal x·b in double-double arithmetic, b a double. */
export function ddScale(x: DoubleDouble, b: number): DoubleDouble {
  const p = ddProduct(x.hi, b);
  return quickTwoSum(p.hi, p.lo + x.lo * b);
}
