/**
 * Distributions of a chain over time: n-step distributions and stationary distributions.
 *
 * @module analysis/markov
 */
import { InvalidArgumentError, ValidationError } from '../../errors';
import { solve, vecMat } from '../_lib';
import { communicatingClasses, validateChain } from './chain';
import type { MarkovChain } from './transition-matrix';

/** An initial distribution (or counts): a vector aligned with `chain.states`, or weights by state name (missing = 0). */
export type StateVector = readonly number[] | Readonly<Record<string, number>>;

function toVector(chain: MarkovChain, initial: StateVector): number[] {
  const k = chain.states.length;
  let v: number[];
  if (Array.isArray(initial)) {
    const arr = initial as readonly number[];
    if (arr.length !== k) throw new ValidationError('initial distribution', [{ code: 'shape', path: [], message: `expected ${k} entries` }]);
    v = [...arr];
  } else {
    const rec = initial as Readonly<Record<string, number>>;
    const unknown = Object.keys(rec).filter((s) => !chain.states.includes(s));
    if (unknown.length > 0) {
      throw new ValidationError('initial distribution', unknown.map((s) => ({ code: 'unknown_state', path: [s], message: `"${s}" is not a state` })));
    }
    v = chain.states.map((s) => rec[s] ?? 0);
  }
  const bad = v.map((x, i) => [x, i] as const).filter(([x]) => !Number.isFinite(x) || x < 0);
  if (bad.length > 0) {
    throw new ValidationError('initial distribution', bad.map(([, i]) => ({ code: 'invalid_weight', path: [chain.states[i] ?? i], message: 'weights must be finite and ≥ 0' })));
  }
  return v;
}

/**
 * The distribution after n steps: x_n = x_0 · Pⁿ (n repeated vector–matrix products, so
 * O(n·k²)). Being linear, counts in give expected counts out.
 *
 * @param chain - a row-stochastic chain
 * @param initial - x_0, as a vector or by state name
 * @param n - number of steps, an integer ≥ 0
 * @returns x_n aligned with `chain.states`
 * @throws {@link ValidationError} for a malformed chain or initial vector
 * @throws {@link InvalidArgumentError} when n is not a non-negative integer
 * @example
 * ```ts
 * const chain = { states: ['a', 'b'], probabilities: [[0.5, 0.5], [0, 1]] };
 * nStepDistribution(chain, { a: 1 }, 2); //=> [0.25, 0.75]
 * ```
 */
export function nStepDistribution(chain: MarkovChain, initial: StateVector, n: number): number[] {
  validateChain(chain);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`n must be an integer ≥ 0, got ${n}`);
  let x = toVector(chain, initial);
  for (let step = 0; step < n; step++) x = vecMat(x, chain.probabilities);
  return x;
}

function stationaryOn(chain: MarkovChain, members: readonly number[]): number[] {
  // Solve π(P_C − I) = 0 with Σπ = 1: transpose, replace the last equation by the normalisation.
  const m = members.length;
  const a = members.map((_, r) =>
    members.map((col, c) => {
      if (r === m - 1) return 1;
      const row = members[r] as number;
      return (chain.probabilities[col]?.[row] as number) - (c === r ? 1 : 0);
    }),
  );
  const b = members.map((_, r) => (r === m - 1 ? 1 : 0));
  const pi = solve(a, b).map((v) => Math.max(0, v));
  const s = pi.reduce((x, y) => x + y, 0);
  const full = chain.states.map(() => 0);
  members.forEach((i, r) => (full[i] = (pi[r] as number) / s));
  return full;
}

/**
 * The stationary distribution π = π·P, Σπ = 1, of an irreducible chain (one communicating
 * class), solved exactly by LU. For a periodic irreducible chain π still exists and is unique,
 * but x_0·Pⁿ need not converge to it.
 *
 * @param chain - a row-stochastic chain
 * @returns π aligned with `chain.states`
 * @throws {@link ValidationError} for a malformed chain
 * @throws {@link InvalidArgumentError} when the chain is not irreducible (the message names the classes); use {@link stationaryDistributions} then
 * @example
 * ```ts
 * steadyState({ states: ['a', 'b'], probabilities: [[0.9, 0.1], [0.5, 0.5]] }); //=> [0.8333333333333334, 0.16666666666666663]
 * ```
 */
export function steadyState(chain: MarkovChain): number[] {
  validateChain(chain);
  const classes = communicatingClasses(chain.probabilities);
  if (classes.length !== 1) {
    const names = classes.map((c) => `{${c.members.map((i) => chain.states[i]).join(', ')}}${c.closed ? ' (closed)' : ''}`);
    throw new InvalidArgumentError(`steadyState needs an irreducible chain; its communicating classes are ${names.join(', ')}`);
  }
  return stationaryOn(chain, classes[0]?.members ?? []);
}

/**
 * Every extreme stationary distribution of a chain: one per closed communicating class
 * (supported on that class, zero elsewhere). Any stationary distribution is a convex
 * combination of these. An irreducible chain has exactly one, equal to {@link steadyState}.
 *
 * @param chain - a row-stochastic chain
 * @returns the distributions with the states of their class, ordered by the class's first state
 * @throws {@link ValidationError} for a malformed chain
 * @example
 * ```ts
 * stationaryDistributions({ states: ['won', 'open', 'lost'], probabilities: [[1, 0, 0], [0.2, 0.5, 0.3], [0, 0, 1]] });
 * //=> [{ states: ['won'], distribution: [1, 0, 0] }, { states: ['lost'], distribution: [0, 0, 1] }]
 * ```
 */
export function stationaryDistributions(chain: MarkovChain): { states: string[]; distribution: number[] }[] {
  validateChain(chain);
  return communicatingClasses(chain.probabilities)
    .filter((c) => c.closed)
    .map((c) => ({ states: c.members.map((i) => chain.states[i] as string), distribution: stationaryOn(chain, c.members) }));
}
