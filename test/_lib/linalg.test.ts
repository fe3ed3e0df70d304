/**
 * The shared dense linear algebra (src/_lib/linalg.ts): properties with fast-check and a few
 * systems solved by R.
 *
 * Reference values: R 4.x, `Rscript -e 'print(solve(matrix(c(4, -2, 1, -2, 4, -2, 1, -2, 4), 3), c(11, -16, 17)), digits = 17)'`
 * and `Rscript -e 'print(solve(matrix(c(4, -2, 1, -2, 4, -2, 1, -2, 4), 3)), digits = 17)'`,
 * `Rscript -e 'print(t(chol(matrix(c(4, 2, 2, 3), 2))), digits = 17)'`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  at,
  cholesky,
  choleskyInverse,
  choleskySolve,
  identity,
  inverse,
  luDecompose,
  luSolve,
  matMul,
  matVec,
  solve,
  trySolve,
  vecMat,
  zeros,
} from '../../src/_lib/linalg';
import { InvalidArgumentError } from '../../src/errors';

const maxAbsDiff = (a: readonly number[], b: readonly number[]): number => a.reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] ?? Number.NaN))), 0);

/** A random n×n matrix made strictly diagonally dominant (hence well conditioned), and a right-hand side. */
const wellConditioned = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.tuple(
    fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
    fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
    fc.boolean(),
  ).map(([rows, b, permute]) => {
    const a = rows.map((row, i) => {
      const offDiagonal = row.reduce((s, x, j) => (j === i ? s : s + Math.abs(x)), 0);
      return row.map((x, j) => (j === i ? offDiagonal + 1 + Math.abs(x) : x));
    });
    // Reversing the rows keeps the conditioning but forces row exchanges in the pivoting.
    return { a: permute ? [...a].reverse() : a, b };
  }),
);

/** A random symmetric positive definite matrix Mᵀ·M + n·I. */
const spd = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }).map((m) => {
    const mt = m[0]?.map((_, j) => m.map((row) => row[j] ?? 0)) ?? [];
    return matMul(mt, m).map((row, i) => row.map((x, j) => (i === j ? x + n : x)));
  }),
);

describe('LU solve and inverse', () => {
  it('A·solve(A, b) ≈ b for well-conditioned random A (with and without row exchanges)', () => {
    fc.assert(
      fc.property(wellConditioned, ({ a, b }) => {
        const x = solve(a, b);
        const scale = Math.max(1, ...b.map(Math.abs));
        expect(maxAbsDiff(matVec(a, x), b)).toBeLessThanOrEqual(1e-12 * scale);
        expect(trySolve(a, b)).toEqual(x);
        expect(luSolve(luDecompose(a), b)).toEqual(x);
      }),
      { numRuns: 300 },
    );
  });

  it('A·inverse(A) ≈ I', () => {
    fc.assert(
      fc.property(wellConditioned, ({ a }) => {
        const product = matMul(a, inverse(a));
        const id = identity(a.length);
        for (let i = 0; i < a.length; i++) expect(maxAbsDiff(product[i] ?? [], id[i] ?? [])).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('the permutation sign is the determinant’s sign of P', () => {
    expect(luDecompose([[0, 1], [1, 0]])).toMatchObject({ perm: [1, 0], sign: -1 });
    expect(luDecompose([[2, 0], [0, 3]])).toMatchObject({ perm: [0, 1], sign: 1 });
  });

  it('matches R’s solve on a 3×3 system', () => {
    const a = [
      [4, -2, 1],
      [-2, 4, -2],
      [1, -2, 4],
    ];
    // R: solve(matrix(c(4, -2, 1, -2, 4, -2, 1, -2, 4), 3), c(11, -16, 17)) → 1 -2 3
    expect(maxAbsDiff(solve(a, [11, -16, 17]), [1, -2, 3])).toBeLessThanOrEqual(1e-14);
    // R: solve(matrix(c(4, -2, 1, -2, 4, -2, 1, -2, 4), 3))
    const expected = [
      [0.33333333333333331, 0.16666666666666669, 0],
      [0.16666666666666666, 0.41666666666666669, 0.16666666666666666],
      [0, 0.16666666666666666, 0.33333333333333331],
    ];
    const inv = inverse(a);
    for (let i = 0; i < 3; i++) expect(maxAbsDiff(inv[i] ?? [], expected[i] ?? [])).toBeLessThanOrEqual(1e-15);
  });

  it('reports a singular matrix: solve and inverse throw, trySolve returns null', () => {
    const singular = [
      [1, 2],
      [2, 4],
    ];
    expect(() => solve(singular, [1, 2])).toThrow(InvalidArgumentError);
    expect(() => inverse(singular)).toThrow(InvalidArgumentError);
    expect(trySolve(singular, [1, 2])).toBeNull();
    expect(trySolve([[0]], [1])).toBeNull();
    expect(() => luDecompose([[1, 2]])).toThrow(InvalidArgumentError);
  });
});

describe('Cholesky', () => {
  it('L·Lᵀ = A, A·choleskySolve(L, b) ≈ b and A·choleskyInverse(L) ≈ I for random SPD A', () => {
    fc.assert(
      fc.property(spd, fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 }), (a, rhs) => {
        const n = a.length;
        const l = cholesky(a);
        expect(l).not.toBeNull();
        if (l === null) return;
        const lt = l[0]?.map((_, j) => l.map((row) => row[j] ?? 0)) ?? [];
        const llt = matMul(l, lt);
        const scale = Math.max(1, ...a.flat().map(Math.abs));
        for (let i = 0; i < n; i++) expect(maxAbsDiff(llt[i] ?? [], a[i] ?? [])).toBeLessThanOrEqual(1e-13 * scale);
        const b = rhs.slice(0, n);
        expect(maxAbsDiff(matVec(a, choleskySolve(l, b)), b)).toBeLessThanOrEqual(1e-11);
        const product = matMul(a, choleskyInverse(l));
        const id = identity(n);
        for (let i = 0; i < n; i++) expect(maxAbsDiff(product[i] ?? [], id[i] ?? [])).toBeLessThanOrEqual(1e-11);
      }),
      { numRuns: 200 },
    );
  });

  it('matches R’s chol and rejects a matrix that is not positive definite', () => {
    // R: t(chol(matrix(c(4, 2, 2, 3), 2))) → [[2, 0], [1, 1.4142135623730951]]
    expect(cholesky([[4, 2], [2, 3]])).toEqual([[2, 0], [1, 1.4142135623730951]]);
    expect(cholesky([[1, 2], [2, 1]])).toBeNull();
  });
});

describe('products and helpers', () => {
  it('multiply as documented', () => {
    expect(matMul([[1, 2]], [[3], [4]])).toEqual([[11]]);
    expect(vecMat([1, 0], [[0.5, 0.5], [0, 1]])).toEqual([0.5, 0.5]);
    expect(matVec([[1, 2], [3, 4]], [1, 1])).toEqual([3, 7]);
    expect(identity(2)).toEqual([[1, 0], [0, 1]]);
    expect(zeros(2, 3)).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(at([[1, 2]], 0, 1)).toBe(2);
    expect(() => at([[1, 2]], 1, 0)).toThrow(InvalidArgumentError);
    expect(() => matMul([[1, 2]], [[1]])).toThrow(InvalidArgumentError);
  });
});
