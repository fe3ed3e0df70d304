/**
 * Small numeric helpers for the models in this folder: the Gauss hypergeometric series, a
 * Nelder–Mead simplex, a damped Newton polish, finite-difference Hessians and Householder least
 * squares. Distributions and dense linear algebra live in src/_lib.
 *
 * Internal: never exported from the package.
 *
 * @module
 */
import { InvalidArgumentError } from '../../errors';
import { at, cholesky, choleskySolve, type Matrix, zeros } from '../../_lib/linalg';

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
