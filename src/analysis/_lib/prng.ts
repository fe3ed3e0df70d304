/**
 * A seeded pseudo-random number generator for reproducible simulations.
 *
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state advanced by the Weyl increment
 * 0x6D2B79F5 and mixed with two xor-shift-multiply rounds. Period 2³²; fast and statistically
 * adequate for Monte Carlo projections of cohorts (it passes gjrand/PractRand to a few GB),
 * not for cryptography. The same seed always yields the same stream on every platform,
 * because it only uses 32-bit integer arithmetic (`Math.imul`).
 *
 * @module analysis/_lib/prng
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * Creates a mulberry32 generator.
 *
 * @param seed - any number; it is reduced to an unsigned 32-bit integer
 * @returns a function returning uniform doubles in [0, 1) (multiples of 2⁻³²)
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); //=> 0.6011037519201636
 * ```
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws an index from a discrete distribution by inversion (cumulative sum).
 *
 * @param random - a uniform source
 * @param probabilities - non-negative weights summing to 1 (rounding slack goes to the last positive entry)
 * @returns the drawn index
 * @example
 * ```ts
 * sampleIndex(() => 0.7, [0.5, 0.5]); //=> 1
 * ```
 */
export function sampleIndex(random: Random, probabilities: readonly number[]): number {
  const u = random();
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0;
    if (p <= 0) continue;
    last = i;
    cumulative += p;
    if (u < cumulative) return i;
  }
  return last;
}
