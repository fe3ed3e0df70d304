/**
 * Small numeric helpers for the models in this folder: log-gamma, the Gauss hypergeometric
 * series, the normal distribution, dense linear algebra (Cholesky, symmetric inverse), a
 * Nelder–Mead simplex, a damped Newton polish and a finite-difference Hessian.
 *
 * Internal: never exported from the package.
 *
 * @module
 */
import { InvalidArgumentError } from '../../errors';

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.91893853320467274178;

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ≈ 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx); only used for 0 < x < 0.5 here.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1 and c > 0.
 * Terms are summed until they no longer change the sum (relative 1e-16).
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new InvalidArgumentError(`hyp2f1 needs 0 ≤ z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 1_000_000; n++) {
    term *= ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) return sum;
    if (!Number.isFinite(sum)) break;
  }
  throw new InvalidArgumentError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
}

/** Standard normal cumulative distribution Φ(x), via erfc (W. J. Cody's rational approximations). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Two-sided normal p-value 2·(1 − Φ(|z|)), accurate in the far tail. */
export function twoSidedNormalP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Complementary error function erfc(x) = 1 − erf(x) by W. J. Cody's rational approximations (1969), relative error ≈ 1e-15. */
export function erfc(x: number): number {
  const ax = Math.abs(x);
  let result: number;
  if (ax < 0.5) {
    const t = x * x;
    const top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
    const bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
    return 1 - (x * top) / bot;
  } else if (ax < 4) {
    const p = [
      2.15311535474403846e-8, 0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131,
      881.95222124176909, 1712.04761263407058, 2051.07837782607147, 1230.33935479799725,
    ];
    const q = [
      1, 15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
      4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
    ];
    let top = p[0] as number;
    let bot = q[0] as number;
    for (let i = 1; i < 9; i++) {
      top = top * ax + (p[i] as number);
      bot = bot * ax + (q[i] as number);
    }
    result = Math.exp(-ax * ax) * (top / bot);
  } else {
    const p = [0.0163153871373020978, 0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 0.000658749161529837803];
    const q = [1, 2.56852019228982242, 1.87295284992346725, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
    const z = 1 / (ax * ax);
    let top = p[0] as number;
    let bot = q[0] as number;
    for (let i = 1; i < 6; i++) {
      top = top * z + (p[i] as number);
      bot = bot * z + (q[i] as number);
    }
    const r = (z * top) / bot;
    result = (Math.exp(-ax * ax) / ax) * (1 / Math.sqrt(Math.PI) - r);
  }
  return x < 0 ? 2 - result : result;
}

/** Standard normal quantile Φ⁻¹(p) (Acklam's approximation refined by one Halley step; ~1e-15). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new InvalidArgumentError(`normal quantile needs 0 < p < 1, got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  // Halley refinement.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** A dense matrix as an array of rows. */
export type Matrix = number[][];

/** An n×n matrix of zeros. */
export function zeros(n: number, m: number = n): Matrix {
  return Array.from({ length: n }, () => new Array<number>(m).fill(0));
}

/** Element (i, j) of a matrix (0 when out of range, which never happens in correct code). */
export function at(matrix: readonly (readonly number[])[], i: number, j: number): number {
  return matrix[i]?.[j] ?? 0;
}

/**
 * Cholesky factor L (lower triangular, A = L·Lᵀ) of a symmetric matrix, or `null` when A is not
 * (numerically) positive definite.
 */
export function cholesky(a: readonly (readonly number[])[]): Matrix | null {
  const n = a.length;
  const l = zeros(n);
  for (let j = 0; j < n; j++) {
    let diag = at(a, j, j);
    for (let k = 0; k < j; k++) diag -= at(l, j, k) ** 2;
    if (!(diag > 0) || !Number.isFinite(diag)) return null;
    const ljj = Math.sqrt(diag);
    (l[j] as number[])[j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = at(a, i, j);
      for (let k = 0; k < j; k++) s -= at(l, i, k) * at(l, j, k);
      (l[i] as number[])[j] = s / ljj;
    }
  }
  return l;
}

/** Solves A·x = b given the Cholesky factor L of A. */
export function choleskySolve(l: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= at(l, i, k) * (y[k] ?? 0);
    y[i] = s / at(l, i, i);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] ?? 0;
    for (let k = i + 1; k < n; k++) s -= at(l, k, i) * (x[k] ?? 0);
    x[i] = s / at(l, i, i);
  }
  return x;
}

/** Inverse of a symmetric positive definite matrix from its Cholesky factor. */
export function choleskyInverse(l: readonly (readonly number[])[]): Matrix {
  const n = l.length;
  const inv = zeros(n);
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0);
    e[j] = 1;
    const col = choleskySolve(l, e);
    for (let i = 0; i < n; i++) (inv[i] as number[])[j] = col[i] ?? 0;
  }
  // Symmetrise against rounding.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const m = (at(inv, i, j) + at(inv, j, i)) / 2;
      (inv[i] as number[])[j] = m;
      (inv[j] as number[])[i] = m;
    }
  }
  return inv;
}

/** Result of {@link nelderMead}. */
export interface MinimizeResult {
  readonly x: number[];
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Minimises f by the Nelder–Mead simplex (Lagarias et al. 1998 coefficients 1, 2, ½, ½),
 * stopping when the simplex's function values and vertices agree to `tolerance`.
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: { maxIterations?: number; tolerance?: number; step?: number } = {},
): MinimizeResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 5000;
  const tolerance = options.tolerance ?? 1e-10;
  const step = options.step ?? 0.5;
  const safe = (x: readonly number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let simplex: { x: number[]; v: number }[] = [{ x: [...start], v: safe(start) }];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = (x[i] ?? 0) + step;
    simplex.push({ x, v: safe(x) });
  }
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((p, q) => p.v - q.v);
    const best = simplex[0] as { x: number[]; v: number };
    const worst = simplex[n] as { x: number[]; v: number };
    const second = simplex[n - 1] as { x: number[]; v: number };
    let spread = 0;
    for (const vertex of simplex) {
      for (let j = 0; j < n; j++) spread = Math.max(spread, Math.abs((vertex.x[j] ?? 0) - (best.x[j] ?? 0)));
    }
    if (Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + tolerance) && spread <= 1e-8) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) centroid[j] = (centroid[j] ?? 0) + ((simplex[i] as { x: number[] }).x[j] ?? 0) / n;
    }
    const along = (coef: number): number[] => centroid.map((c, j) => c + coef * (c - (worst.x[j] ?? 0)));
    const xr = along(1);
    const vr = safe(xr);
    if (vr < best.v) {
      const xe = along(2);
      const ve = safe(xe);
      simplex[n] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < second.v) {
      simplex[n] = { x: xr, v: vr };
    } else {
      const outside = vr < worst.v;
      const xc = along(outside ? 0.5 : -0.5);
      const vc = safe(xc);
      if (vc < (outside ? vr : worst.v)) {
        simplex[n] = { x: xc, v: vc };
      } else {
        simplex = simplex.map((vertex, i) => {
          if (i === 0) return vertex;
          const x = vertex.x.map((xi, j) => (best.x[j] ?? 0) + 0.5 * (xi - (best.x[j] ?? 0)));
          return { x, v: safe(x) };
        });
      }
    }
  }
  simplex.sort((p, q) => p.v - q.v);
  const best = simplex[0] as { x: number[]; v: number };
  return { x: best.x, value: best.v, iterations, converged };
}

/** Central-difference gradient of f at x with steps h·max(1, |xᵢ|). */
export function numericalGradient(f: (x: readonly number[]) => number, x: readonly number[], h = 1e-5): number[] {
  return x.map((xi, i) => {
    const d = h * Math.max(1, Math.abs(xi));
    const up = [...x];
    const down = [...x];
    up[i] = xi + d;
    down[i] = xi - d;
    return (f(up) - f(down)) / (2 * d);
  });
}

/** Central-difference Hessian of f at x (four-point formula for off-diagonal terms). */
export function numericalHessian(f: (x: readonly number[]) => number, x: readonly number[], h = 1e-4): Matrix {
  const n = x.length;
  const hess = zeros(n);
  const f0 = f(x);
  const d = x.map((xi) => h * Math.max(1, Math.abs(xi)));
  const shifted = (i: number, si: number, j: number, sj: number): number => {
    const y = [...x];
    y[i] = (y[i] ?? 0) + si * (d[i] ?? 0);
    y[j] = (y[j] ?? 0) + sj * (d[j] ?? 0);
    return f(y);
  };
  for (let i = 0; i < n; i++) {
    const di = d[i] ?? 0;
    const up = [...x];
    const down = [...x];
    up[i] = (up[i] ?? 0) + di;
    down[i] = (down[i] ?? 0) - di;
    (hess[i] as number[])[i] = (f(up) - 2 * f0 + f(down)) / (di * di);
    for (let j = i + 1; j < n; j++) {
      const dj = d[j] ?? 0;
      const value = (shifted(i, 1, j, 1) - shifted(i, 1, j, -1) - shifted(i, -1, j, 1) + shifted(i, -1, j, -1)) / (4 * di * dj);
      (hess[i] as number[])[j] = value;
      (hess[j] as number[])[i] = value;
    }
  }
  return hess;
}

/**
 * Polishes a minimum of f by damped Newton steps on a finite-difference gradient and Hessian,
 * halving the step until f decreases; stops when the step is below `tolerance` (max-norm).
 */
export function newtonPolish(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: { maxIterations?: number; tolerance?: number } = {},
): MinimizeResult {
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  let x = [...start];
  let value = f(x);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gradient = numericalGradient(f, x);
    const hessian = numericalHessian(f, x);
    const l = cholesky(hessian);
    // Not positive definite: fall back to a scaled gradient step.
    const direction = l === null ? gradient.map((g) => -g * 1e-3) : choleskySolve(l, gradient).map((s) => -s);
    let scale = 1;
    let improved = false;
    for (let halving = 0; halving < 40; halving++) {
      const candidate = x.map((xi, i) => xi + scale * (direction[i] ?? 0));
      const v = f(candidate);
      if (Number.isFinite(v) && v <= value) {
        const stepSize = Math.max(...direction.map((di) => Math.abs(scale * di)));
        x = candidate;
        const previous = value;
        value = v;
        improved = true;
        if (stepSize < tolerance || previous - v < 1e-15 * Math.abs(v)) {
          return { x, value, iterations: iteration + 1, converged: l !== null };
        }
        break;
      }
      scale /= 2;
    }
    if (!improved) return { x, value, iterations: iteration + 1, converged: l !== null };
  }
  return { x, value, iterations: maxIterations, converged: false };
}

/**
 * Finite-difference Hessian with one Richardson extrapolation step, (4·H(h/2) − H(h)) / 3,
 * which cancels the O(h²) truncation error while keeping h large enough to avoid cancellation.
 */
export function richardsonHessian(f: (x: readonly number[]) => number, x: readonly number[], h = 4e-3): Matrix {
  const coarse = numericalHessian(f, x, h);
  const fine = numericalHessian(f, x, h / 2);
  return fine.map((row, i) => row.map((v, j) => (4 * v - at(coarse, i, j)) / 3));
}

/** Result of {@link householderLeastSquares}. */
export interface LeastSquaresResult {
  /** The solution, in column order. */
  readonly coefficients: number[];
  /** (AᵀA)⁻¹ = R⁻¹R⁻ᵀ, in column order. */
  readonly unscaledCovariance: Matrix;
}

/**
 * Least squares min ‖A·x − b‖ by Householder QR (A is m×p, column-major access through rows,
 * m ≥ p, full column rank assumed: call {@link aliasedColumns} first).
 */
export function householderLeastSquares(a: readonly (readonly number[])[], b: readonly number[]): LeastSquaresResult {
  const m = a.length;
  const p = a[0]?.length ?? 0;
  // Work on columns for locality.
  const cols: number[][] = Array.from({ length: p }, (_, j) => a.map((row) => row[j] ?? 0));
  const y = [...b];
  for (let k = 0; k < p; k++) {
    const col = cols[k] as number[];
    let norm = 0;
    for (let i = k; i < m; i++) norm += (col[i] ?? 0) ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) throw new InvalidArgumentError('Singular design matrix');
    const alpha = (col[k] ?? 0) > 0 ? -norm : norm;
    const v = new Array<number>(m).fill(0);
    for (let i = k; i < m; i++) v[i] = col[i] ?? 0;
    v[k] = (v[k] ?? 0) - alpha;
    let vnorm2 = 0;
    for (let i = k; i < m; i++) vnorm2 += (v[i] ?? 0) ** 2;
    if (vnorm2 === 0) continue;
    const apply = (target: number[]): void => {
      let dot = 0;
      for (let i = k; i < m; i++) dot += (v[i] ?? 0) * (target[i] ?? 0);
      const f = (2 * dot) / vnorm2;
      for (let i = k; i < m; i++) target[i] = (target[i] ?? 0) - f * (v[i] ?? 0);
    };
    for (let j = k; j < p; j++) apply(cols[j] as number[]);
    apply(y);
  }
  // R is the upper p×p block: r[i][j] = cols[j][i].
  const r = (i: number, j: number): number => cols[j]?.[i] ?? 0;
  const coefficients = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i] ?? 0;
    for (let j = i + 1; j < p; j++) s -= r(i, j) * (coefficients[j] ?? 0);
    coefficients[i] = s / r(i, i);
  }
  // R⁻¹ (upper triangular), then R⁻¹R⁻ᵀ.
  const rinv = zeros(p);
  for (let j = 0; j < p; j++) {
    (rinv[j] as number[])[j] = 1 / r(j, j);
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += r(i, k) * at(rinv, k, j);
      (rinv[i] as number[])[j] = -s / r(i, i);
    }
  }
  const cov = zeros(p);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let k = j; k < p; k++) s += at(rinv, i, k) * at(rinv, j, k);
      (cov[i] as number[])[j] = s;
      (cov[j] as number[])[i] = s;
    }
  }
  return { coefficients, unscaledCovariance: cov };
}

/**
 * Indices of columns that are (numerically) linear combinations of earlier columns: Gram–Schmidt
 * in column order (twice, for stability), a column being aliased when the norm of what is left
 * after projecting out the kept columns is below `tolerance` × its own norm — the rule of R's
 * limited-pivoting QR (LINPACK dqrdc2), which keeps the earlier column and flags the later one.
 */
export function aliasedColumns(a: readonly (readonly number[])[], tolerance = 1e-7): number[] {
  const m = a.length;
  const p = a[0]?.length ?? 0;
  const kept: number[][] = [];
  const aliased: number[] = [];
  for (let j = 0; j < p; j++) {
    const col = a.map((row) => row[j] ?? 0);
    const original = Math.sqrt(col.reduce((s, v) => s + v * v, 0));
    const residual = [...col];
    for (let pass = 0; pass < 2; pass++) {
      for (const q of kept) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += (q[i] ?? 0) * (residual[i] ?? 0);
        for (let i = 0; i < m; i++) residual[i] = (residual[i] ?? 0) - dot * (q[i] ?? 0);
      }
    }
    const norm = Math.sqrt(residual.reduce((s, v) => s + v * v, 0));
    if (original === 0 || norm < tolerance * original) {
      aliased.push(j);
    } else {
      kept.push(residual.map((v) => v / norm));
    }
  }
  return aliased;
}
