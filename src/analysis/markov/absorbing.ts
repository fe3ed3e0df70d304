/**
 * Absorbing-chain analysis: fundamental matrix, absorption probabilities, expected steps and
 * time to absorption.
 *
 * @module analysis/markov
 */
import { InvalidArgumentError, ValidationError, type ValidationIssue } from '../../errors';
import { identity, inverse, matMul, matVec } from '../_lib';
import { validateChain } from './chain';
import type { MarkovChain } from './transition-matrix';

/** Options of {@link absorbingAnalysis}. */
export interface AbsorbingAnalysisOptions {
  /**
   * The absorbing states. Default: every state with p_ii = 1. A listed state is treated as
   * absorbing whatever its row says (the analysis stops there), so "won" can be declared
   * terminal even if a few records moved on.
   */
  readonly absorbing?: readonly string[];
  /**
   * Mean time spent per visit in each transient state (any unit: days, weeks). When given,
   * `expectedTime` = N·m; every transient state needs a value.
   */
  readonly meanTimeInState?: Readonly<Record<string, number>>;
}

/** The result of {@link absorbingAnalysis}. */
export interface AbsorbingAnalysisResult {
  /** Transient states, in the chain's order (rows of N, B, t). */
  readonly transient: readonly string[];
  /** Absorbing states, in the chain's order (columns of B). */
  readonly absorbing: readonly string[];
  /** Fundamental matrix N = (I − Q)⁻¹: N_ij = expected visits to j starting from i. */
  readonly fundamental: readonly (readonly number[])[];
  /** B = N·R: B_ik = P(absorbed in k | start in transient i). */
  readonly absorptionProbabilities: readonly (readonly number[])[];
  /** t = N·1: expected number of steps before absorption from each transient state. */
  readonly expectedSteps: readonly number[];
  /** Var = (2N − I)·t − t∘t: variance of the number of steps (Grinstead & Snell, Thm 11.5). */
  readonly stepsVariance: readonly number[];
  /** N·m: expected time to absorption with the given mean times per visit; `null` without `meanTimeInState`. */
  readonly expectedTime: readonly number[] | null;
}

/**
 * Analyses an absorbing Markov chain in canonical form P = [[Q, R], [0, I]].
 *
 * Formulas (Grinstead & Snell, *Introduction to Probability*, §11.2): N = (I − Q)⁻¹,
 * t = N·1, B = N·R, Var(steps) = (2N − I)t − t_sq, and with mean times per visit m,
 * expected time to absorption N·m. N is computed by LU with partial pivoting.
 *
 * Absorption must be certain from every transient state: crmkit checks reachability (every
 * transient state must reach an absorbing state through positive probabilities) before
 * inverting, so a closed class of transient states (e.g. `a ⇄ b` never leading anywhere) is
 * reported by name rather than as a singular matrix.
 *
 * @param chain - a row-stochastic chain
 * @param options - absorbing states, mean time per visit
 * @returns N, B, t, its variance and the expected time
 * @throws {@link ValidationError} for a malformed chain, an unknown absorbing state or a missing / negative mean time
 * @throws {@link InvalidArgumentError} when there is no absorbing or no transient state, or absorption is impossible from some transient state
 * @example
 * ```ts
 * // drunkard's walk on 0..4, 0 and 4 absorbing (Grinstead & Snell, Example 11.13)
 * const walk = {
 *   states: ['0', '1', '2', '3', '4'],
 *   probabilities: [[1, 0, 0, 0, 0], [0.5, 0, 0.5, 0, 0], [0, 0.5, 0, 0.5, 0], [0, 0, 0.5, 0, 0.5], [0, 0, 0, 0, 1]],
 * };
 * absorbingAnalysis(walk).expectedSteps; //=> [3, 4, 3]
 * absorbingAnalysis(walk).absorptionProbabilities[0]; //=> [0.75, 0.25]
 * ```
 */
export function absorbingAnalysis(chain: MarkovChain, options: AbsorbingAnalysisOptions = {}): AbsorbingAnalysisResult {
  validateChain(chain);
  const { states, probabilities } = chain;
  const issues: ValidationIssue[] = [];
  let absorbingSet: Set<number>;
  if (options.absorbing !== undefined) {
    absorbingSet = new Set();
    options.absorbing.forEach((name, k) => {
      const i = states.indexOf(name);
      if (i < 0) issues.push({ code: 'unknown_state', path: ['absorbing', k], message: `"${name}" is not a state of the chain` });
      else absorbingSet.add(i);
    });
  } else {
    absorbingSet = new Set(states.map((_, i) => i).filter((i) => probabilities[i]?.[i] === 1));
  }
  const transientIdx = states.map((_, i) => i).filter((i) => !absorbingSet.has(i));
  const absorbingIdx = states.map((_, i) => i).filter((i) => absorbingSet.has(i));
  const meanTime = options.meanTimeInState;
  if (meanTime !== undefined) {
    for (const i of transientIdx) {
      const name = states[i] as string;
      const m = meanTime[name];
      if (m === undefined || !Number.isFinite(m) || m < 0) {
        issues.push({ code: 'invalid_mean_time', path: ['meanTimeInState', name], message: 'every transient state needs a finite mean time ≥ 0' });
      }
    }
  }
  if (issues.length > 0) throw new ValidationError('absorbing analysis options', issues);
  if (absorbingIdx.length === 0) throw new InvalidArgumentError('the chain has no absorbing state (no state with p_ii = 1, and none given)');
  if (transientIdx.length === 0) throw new InvalidArgumentError('every state is absorbing: there is nothing to analyse');

  // Reachability of an absorbing state from each transient state (reverse search from the absorbing set).
  const reaches = new Set<number>(absorbingIdx);
  let grew = true;
  while (grew) {
    grew = false;
    for (const i of transientIdx) {
      if (reaches.has(i)) continue;
      const row = probabilities[i] as readonly number[];
      if (row.some((p, j) => p > 0 && reaches.has(j))) {
        reaches.add(i);
        grew = true;
      }
    }
  }
  const stuck = transientIdx.filter((i) => !reaches.has(i)).map((i) => states[i] as string);
  if (stuck.length > 0) {
    throw new InvalidArgumentError(
      `absorption is impossible from ${stuck.map((s) => `"${s}"`).join(', ')}: no absorbing state is reachable (closed class of transient states)`,
    );
  }

  const q = transientIdx.map((i) => transientIdx.map((j) => probabilities[i]?.[j] as number));
  const r = transientIdx.map((i) => absorbingIdx.map((j) => probabilities[i]?.[j] as number));
  const iMinusQ = identity(q.length).map((row, i) => row.map((v, j) => v - (q[i]?.[j] as number)));
  const n = inverse(iMinusQ);
  const b = matMul(n, r);
  const ones = transientIdx.map(() => 1);
  const t = matVec(n, ones);
  const twoNminusI = n.map((row, i) => row.map((v, j) => 2 * v - (i === j ? 1 : 0)));
  const variance = matVec(twoNminusI, t).map((v, i) => v - (t[i] as number) ** 2);
  const expectedTime = meanTime === undefined ? null : matVec(n, transientIdx.map((i) => meanTime[states[i] as string] as number));
  return {
    transient: transientIdx.map((i) => states[i] as string),
    absorbing: absorbingIdx.map((i) => states[i] as string),
    fundamental: n,
    absorptionProbabilities: b,
    expectedSteps: t,
    stepsVariance: variance,
    expectedTime,
  };
}
