/**
 * Small dense linear algebra for the analyses: LU decomposition with partial pivoting, solves,
 * inverse, products, and Cholesky factor / solve / inverse for symmetric positive definite
 * matrices. Matrices are arrays of rows (`number[][]`). Sizes here are tens of states or
 * parameters, so plain O(n³) elimination is the right tool.
 *
 * Internal: not exported from the package.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';

/** A dense matrix as an array of rows. */
export type Matrix = number[][];

/** The result of {@link luDecompose}: `P·A = L·U` packed in one matrix. */
export interface LuDecomposition {
  /** L (unit lower, below the diagonal) and U (on and above the diagonal), packed. */
  readonly lu: Matrix;
  /** Row permutation: row `i` of `P·A` is row `perm[i]` of `A`. */
  readonly perm: number[];
  /** +1 or −1: the sign of the permutation (for determinants). */
  readonly sign: number;
}

/** Reads `m[i][j]`, throwing on a ragged matrix (never happens for well-formed input). */
export function at(m: readonly (readonly number[])[], i: number, j: number): number {
  const v = m[i]?.[j];
  if (v === undefined) throw new InvalidArgumentError(`matrix index (${i}, ${j}) out of range`);
  return v;
}

/**
 * An n×m matrix of zeros.
 *
 * @param n - rows
 * @param m - columns (default n)
 * @returns the zero matrix
 * @example
 * ```ts
 * zeros(2); //=> [[0, 0], [0, 0]]
 * ```
 */
export function zeros(n: number, m: number = n): Matrix {
  return Array.from({ length: n }, () => new Array<number>(m).fill(0));
}

/**
 * The n×n identity matrix.
 *
 * @param n - size
 * @returns I_n
 * @example
 * ```ts
 * identity(2); //=> [[1, 0], [0, 1]]
 * ```
 */
export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/**
 * Matrix product `A·B`.
 *
 * @param a - m×k
 * @param b - k×n
 * @returns the m×n product
 * @throws {@link InvalidArgumentError} when the inner sizes differ
 * @example
 * ```ts
 * matMul([[1, 2]], [[3], [4]]); //=> [[11]]
 * ```
 */
export function matMul(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): Matrix {
  const k = b.length;
  const n = b[0]?.length ?? 0;
  return a.map((row) => {
    if (row.length !== k) throw new InvalidArgumentError(`matMul: inner sizes differ (${row.length} vs ${k})`);
    const out = new Array<number>(n).fill(0);
    for (let p = 0; p < k; p++) {
      const x = row[p] ?? 0;
      if (x === 0) continue;
      const bp = b[p] ?? [];
      for (let j = 0; j < n; j++) out[j] = (out[j] ?? 0) + x * (bp[j] ?? 0);
    }
    return out;
  });
}

/**
 * Row vector times matrix, `v·A`.
 *
 * @param v - length n
 * @param a - n×m
 * @returns length m
 * @example
 * ```ts
 * vecMat([1, 0], [[0.5, 0.5], [0, 1]]); //=> [0.5, 0.5]
 * ```
 */
export function vecMat(v: readonly number[], a: readonly (readonly number[])[]): number[] {
  const m = a[0]?.length ?? 0;
  const out = new Array<number>(m).fill(0);
  v.forEach((x, i) => {
    if (x === 0) return;
    const row = a[i] ?? [];
    for (let j = 0; j < m; j++) out[j] = (out[j] ?? 0) + x * (row[j] ?? 0);
  });
  return out;
}

/**
 * Matrix times column vector, `A·v`.
 *
 * @param a - m×n
 * @param v - length n
 * @returns length m
 * @example
 * ```ts
 * matVec([[1, 2], [3, 4]], [1, 1]); //=> [3, 7]
 * ```
 */
export function matVec(a: readonly (readonly number[])[], v: readonly number[]): number[] {
  return a.map((row) => row.reduce((s, x, j) => s + x * (v[j] ?? 0), 0));
}

/**
 * LU decomposition with partial (row) pivoting, `P·A = L·U` (Doolittle, Golub & Van Loan §3.4).
 *
 * @param a - a square matrix (not modified)
 * @param tolerance - a pivot with absolute value at or below this makes the matrix singular (default 1e-12 × max |a_ij|)
 * @returns the packed factors, the permutation and its sign
 * @throws {@link InvalidArgumentError} when `a` is not square or is singular
 * @example
 * ```ts
 * luDecompose([[0, 1], [1, 0]]).perm; //=> [1, 0]
 * ```
 */
export function luDecompose(a: readonly (readonly number[])[], tolerance?: number): LuDecomposition {
  const d = luDecomposeOrNull(a, tolerance);
  if (d === null) throw new InvalidArgumentError('LU: the matrix is singular');
  return d;
}

/** {@link luDecompose}, returning `null` instead of throwing when the matrix is singular. */
function luDecomposeOrNull(a: readonly (readonly number[])[], tolerance?: number): LuDecomposition | null {
  const n = a.length;
  const lu = a.map((row) => {
    if (row.length !== n) throw new InvalidArgumentError(`LU: matrix is not square (${n}×${row.length})`);
    return [...row];
  });
  const scale = lu.reduce((m, row) => Math.max(m, ...row.map(Math.abs)), 0);
  const tol = tolerance ?? 1e-12 * (scale === 0 ? 1 : scale);
  const perm = Array.from({ length: n }, (_, i) => i);
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(at(lu, k, k));
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(at(lu, i, k));
      if (v > max) {
        max = v;
        p = i;
      }
    }
    if (max <= tol) return null;
    if (p !== k) {
      const rk = lu[k] as number[];
      lu[k] = lu[p] as number[];
      lu[p] = rk;
      const t = perm[k] as number;
      perm[k] = perm[p] as number;
      perm[p] = t;
      sign = -sign;
    }
    const rowK = lu[k] as number[];
    const pivot = rowK[k] as number;
    for (let i = k + 1; i < n; i++) {
      const rowI = lu[i] as number[];
      const f = (rowI[k] as number) / pivot;
      rowI[k] = f;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) rowI[j] = (rowI[j] as number) - f * (rowK[j] as number);
    }
  }
  return { lu, perm, sign };
}

/**
 * Solves `A·x = b` from an LU decomposition (forward then back substitution).
 *
 * @param d - the output of {@link luDecompose}
 * @param b - right-hand side, length n
 * @returns x
 * @example
 * ```ts
 * luSolve(luDecompose([[2, 0], [0, 4]]), [2, 4]); //=> [1, 1]
 * ```
 */
export function luSolve(d: LuDecomposition, b: readonly number[]): number[] {
  const { lu, perm } = d;
  const n = lu.length;
  const y = perm.map((p) => b[p] ?? 0);
  for (let i = 0; i < n; i++) {
    const row = lu[i] as number[];
    let s = y[i] as number;
    for (let j = 0; j < i; j++) s -= (row[j] as number) * (y[j] as number);
    y[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    const row = lu[i] as number[];
    let s = y[i] as number;
    for (let j = i + 1; j < n; j++) s -= (row[j] as number) * (y[j] as number);
    y[i] = s / (row[i] as number);
  }
  return y;
}

/**
 * Solves `A·x = b` by LU with partial pivoting.
 *
 * @param a - square, non-singular
 * @param b - right-hand side
 * @returns x
 * @throws {@link InvalidArgumentError} when `a` is singular
 * @example
 * ```ts
 * solve([[1, 1], [1, -1]], [2, 0]); //=> [1, 1]
 * ```
 */
export function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  return luSolve(luDecompose(a), b);
}

/**
 * Solves `A·x = b` by Gaussian elimination with partial pivoting (LAPACK `dgesv`'s method, as R's
 * `solve`), returning `null` instead of throwing when A is singular to working precision: a pivot
 * at or below n·ε·max |a_ij|.
 *
 * @param a - square
 * @param b - right-hand side
 * @returns x, or `null` when `a` is singular
 * @example
 * ```ts
 * trySolve([[2, 1], [1, 3]], [3, 5]); //=> [0.8, 1.4] (to rounding)
 * trySolve([[1, 1], [1, 1]], [1, 2]); //=> null
 * ```
 */
export function trySolve(a: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const n = a.length;
  const scale = a.reduce((m, row) => Math.max(m, ...row.map(Math.abs)), 0);
  const d = luDecomposeOrNull(a, scale * n * Number.EPSILON);
  return d === null ? null : luSolve(d, b);
}

/**
 * Inverse of a square matrix by LU with partial pivoting (solving for each unit vector).
 *
 * @param a - square, non-singular
 * @returns A⁻¹
 * @throws {@link InvalidArgumentError} when `a` is singular
 * @example
 * ```ts
 * inverse([[2, 0], [0, 4]]); //=> [[0.5, 0], [0, 0.25]]
 * ```
 */
export function inverse(a: readonly (readonly number[])[]): Matrix {
  const d = luDecompose(a);
  const n = a.length;
  const cols = Array.from({ length: n }, (_, j) => luSolve(d, Array.from({ length: n }, (_, i) => (i === j ? 1 : 0))));
  return Array.from({ length: n }, (_, i) => cols.map((col) => col[i] as number));
}

/**
 * Cholesky factor L (lower triangular, A = L·Lᵀ) of a symmetric matrix, or `null` when A is not
 * (numerically) positive definite.
 *
 * @param a - symmetric, n×n
 * @returns L, or `null`
 * @example
 * ```ts
 * cholesky([[4, 2], [2, 3]]); //=> [[2, 0], [1, 1.4142135623730951]]
 * ```
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

/**
 * Solves A·x = b given the Cholesky factor L of A (forward then back substitution).
 *
 * @param l - the output of {@link cholesky}
 * @param b - right-hand side
 * @returns x
 * @example
 * ```ts
 * choleskySolve([[2, 0], [1, 1]], [4, 3]); //=> [0.5, 1] (A = [[4, 2], [2, 2]])
 * ```
 */
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

/**
 * Inverse of a symmetric positive definite matrix from its Cholesky factor, symmetrised against
 * rounding.
 *
 * @param l - the output of {@link cholesky}
 * @returns A⁻¹
 * @example
 * ```ts
 * choleskyInverse([[2, 0], [0, 1]]); //=> [[0.25, 0], [0, 1]]
 * ```
 */
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
