/**
 * Double-double arithmetic for the survival module (the Aalen–Johansen variance). Internal: not
 * re-exported from the package. The normal quantile, the chi-square upper tail and the linear
 * solver live in src/_lib; they are re-exported here under their former names for the survival
 * tests.
 *
 * @module
 * @internal
 */
export { chiSquareUpperTail, normalQuantile } from '../../_lib/distributions';
export { trySolve as solveLinear } from '../../_lib/linalg';

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
