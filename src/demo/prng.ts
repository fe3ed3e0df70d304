/**
 * A small seeded pseudo-random generator (mulberry32) with the distributions the demo data set
 * needs. Same seed → same sequence, on every runtime: only 32-bit integer arithmetic
 * (`Math.imul`) and IEEE doubles are used, never `Math.random()`.
 *
 * @module
 */

/** 32-bit integer hash (a variant of the murmur3 finaliser): mixes `a` and `b` into a new seed. */
function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b ^ 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hashes a text label into a 32-bit integer (FNV-1a). */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A seeded random source: mulberry32 (Tommy Ettinger's 32-bit generator, period 2³²) plus the
 * sampling helpers the demo generator uses. Not for cryptography.
 *
 * @example
 * ```ts
 * import { SeededRandom } from 'crmkit/demo';
 * const a = new SeededRandom(42);
 * const b = new SeededRandom(42);
 * a.next() === b.next(); //=> true
 * ```
 */
export class SeededRandom {
  private state: number;

  /**
   * @param seed - any number; it is reduced to an unsigned 32-bit integer
   */
  constructor(seed: number) {
    this.state = mix(seed >>> 0, 0x2545f491);
  }

  /**
   * An independent generator derived from this one's seed and a label or index, without
   * advancing this generator: `fork('contact', 17)` always gives the same stream.
   *
   * @param parts - labels and/or integers identifying the sub-stream
   * @returns a new generator
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * new SeededRandom(1).fork('contact', 3).next() === new SeededRandom(1).fork('contact', 3).next(); //=> true
   * ```
   */
  fork(...parts: readonly (string | number)[]): SeededRandom {
    let seed = this.state;
    for (const part of parts) seed = mix(seed, typeof part === 'number' ? part >>> 0 : hashLabel(part));
    const child = new SeededRandom(0);
    child.state = seed;
    return child;
  }

  /**
   * A uniform number in [0, 1) (mulberry32 step).
   *
   * @returns the next number
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * const x = new SeededRandom(7).next();
   * x >= 0 && x < 1; //=> true
   * ```
   */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * A uniform integer in [min, max] (both inclusive).
   *
   * @param min - smallest value
   * @param max - largest value
   * @returns the integer
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * const d = new SeededRandom(7).int(1, 6);
   * d >= 1 && d <= 6; //=> true
   * ```
   */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /**
   * `true` with probability `p`.
   *
   * @param p - probability in [0, 1]
   * @returns the draw
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * new SeededRandom(7).chance(1); //=> true
   * ```
   */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * One element of a non-empty list, uniformly.
   *
   * @param items - the list
   * @returns an element
   * @throws `RangeError` when the list is empty
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * new SeededRandom(7).pick(['a']); //=> 'a'
   * ```
   */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /**
   * One key of a weight table, with probability proportional to its weight.
   *
   * @param weights - non-negative weights, at least one positive
   * @returns the chosen key
   * @throws `RangeError` when no weight is positive
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * new SeededRandom(7).weighted({ a: 0, b: 1 }); //=> 'b'
   * ```
   */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    let total = 0;
    for (const key in weights) total += weights[key];
    if (!(total > 0)) throw new RangeError('weighted pick needs a positive weight');
    let u = this.next() * total;
    let last: K | undefined;
    for (const key in weights) {
      const w = weights[key];
      if (w <= 0) continue;
      last = key;
      if (u < w) return key;
      u -= w;
    }
    return last as K;
  }

  /**
   * A standard normal draw (Box–Muller), scaled: `mean + sd · z`.
   *
   * @param mean - the mean (default 0)
   * @param sd - the standard deviation (default 1)
   * @returns the draw
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * Number.isFinite(new SeededRandom(7).normal(10, 2)); //=> true
   * ```
   */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * An exponential draw with the given rate (mean `1 / rate`).
   *
   * @param rate - events per unit of time, > 0
   * @returns the waiting time
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * new SeededRandom(7).exponential(2) > 0; //=> true
   * ```
   */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /**
   * A log-normal draw: `exp(normal(mu, sigma))`.
   *
   * @param mu - mean of the logarithm
   * @param sigma - standard deviation of the logarithm
   * @returns the draw (> 0)
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * new SeededRandom(7).logNormal(0, 1) > 0; //=> true
   * ```
   */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * A gamma draw with shape `k` and scale `theta` (Marsaglia–Tsang; shape < 1 by boosting).
   *
   * @param shape - shape k > 0
   * @param scale - scale θ > 0 (mean kθ)
   * @returns the draw (> 0)
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * new SeededRandom(7).gamma(2, 3) > 0; //=> true
   * ```
   */
  gamma(shape: number, scale: number): number {
    if (shape < 1) {
      const boosted = this.gamma(shape + 1, scale);
      return boosted * Math.pow(1 - this.next(), 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  }

  /**
   * A beta draw from two gamma draws.
   *
   * @param a - first shape, > 0
   * @param b - second shape, > 0
   * @returns the draw in (0, 1)
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * const p = new SeededRandom(7).beta(2, 5);
   * p > 0 && p < 1; //=> true
   * ```
   */
  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    const y = this.gamma(b, 1);
    return x / (x + y);
  }

  /**
   * A Poisson draw (Knuth's method for small means, a rounded normal for large ones).
   *
   * @param mean - the mean, ≥ 0
   * @returns a non-negative integer
   * @example
   * ```ts
   * import { SeededRandom } from 'crmkit/demo';
   * new SeededRandom(7).poisson(0); //=> 0
   * ```
   */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}
