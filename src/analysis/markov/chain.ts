/**
 * Validation and structure of Markov chains: stochastic-matrix checks and communicating classes.
 *
 * @module analysis/markov
 */
import { ValidationError, type ValidationIssue } from '../../errors';
import type { MarkovChain } from './transition-matrix';

/** Row sums must be within this of 1. */
export const STOCHASTIC_TOLERANCE = 1e-9;

/**
 * Checks that a chain is square, non-negative, finite and row-stochastic (rows sum to 1 ± 1e-9),
 * with unique state names.
 *
 * @param chain - the chain
 * @throws {@link ValidationError} listing every problem with its path
 *
 * @example
 * ```ts
 * import { validateChain } from 'crmkit/analysis';
 * validateChain({ states: ['a', 'b'], probabilities: [[0.5, 0.5], [0, 1]] }); // passes
 * validateChain({ states: ['a', 'b'], probabilities: [[0.5, 0.4], [0, 1]] });
 * //=> throws ValidationError: Invalid Markov chain: probabilities[0]: row "a" sums to 0.9, not 1
 * ```
 */
export function validateChain(chain: MarkovChain): void {
  const issues: ValidationIssue[] = [];
  const k = chain.states.length;
  if (k === 0) issues.push({ code: 'empty', path: ['states'], message: 'a chain needs at least one state' });
  if (new Set(chain.states).size !== k) issues.push({ code: 'duplicate_state', path: ['states'], message: 'state names must be unique' });
  if (chain.probabilities.length !== k) issues.push({ code: 'shape', path: ['probabilities'], message: `expected ${k} rows` });
  chain.probabilities.forEach((row, i) => {
    if (row.length !== k) {
      issues.push({ code: 'shape', path: ['probabilities', i], message: `expected ${k} columns` });
      return;
    }
    let sum = 0;
    row.forEach((p, j) => {
      if (!Number.isFinite(p) || p < 0) issues.push({ code: 'invalid_probability', path: ['probabilities', i, j], message: 'a probability must be finite and ≥ 0' });
      sum += p;
    });
    if (Math.abs(sum - 1) > STOCHASTIC_TOLERANCE) {
      issues.push({ code: 'not_stochastic', path: ['probabilities', i], message: `row "${chain.states[i] ?? i}" sums to ${sum}, not 1` });
    }
  });
  if (issues.length > 0) throw new ValidationError('Markov chain', issues);
}

/** A communicating class of a chain. */
export interface CommunicatingClass {
  /** State indices, ascending. */
  readonly members: number[];
  /** Whether no probability leaves the class (a recurrent class in a finite chain). */
  readonly closed: boolean;
}

/**
 * The communicating classes of a chain (strongly connected components of the graph with an
 * edge i → j when p_ij > 0), each marked closed or not. Tarjan's algorithm, O(k²) on a dense matrix.
 *
 * @param probabilities - a square matrix
 * @returns the classes, ordered by their smallest member
 * @example
 * ```ts
 * communicatingClasses([[0.5, 0.5], [0, 1]]);
 * //=> [{ members: [0], closed: false }, { members: [1], closed: true }]
 * ```
 */
export function communicatingClasses(probabilities: readonly (readonly number[])[]): CommunicatingClass[] {
  const k = probabilities.length;
  const index = new Array<number>(k).fill(-1);
  const low = new Array<number>(k).fill(0);
  const onStack = new Array<boolean>(k).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const strongConnect = (v: number): void => {
    index[v] = counter;
    low[v] = counter;
    counter++;
    stack.push(v);
    onStack[v] = true;
    const row = probabilities[v] ?? [];
    for (let w = 0; w < k; w++) {
      if (!((row[w] ?? 0) > 0)) continue;
      if (index[w] === -1) {
        strongConnect(w);
        low[v] = Math.min(low[v] as number, low[w] as number);
      } else if (onStack[w]) low[v] = Math.min(low[v] as number, index[w] as number);
    }
    if (low[v] === index[v]) {
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop() as number;
        onStack[w] = false;
        component.push(w);
      } while (w !== v);
      components.push(component.sort((a, b) => a - b));
    }
  };
  for (let v = 0; v < k; v++) if (index[v] === -1) strongConnect(v);
  return components
    .map((members) => {
      const set = new Set(members);
      const closed = members.every((i) => (probabilities[i] ?? []).every((p, j) => !(p > 0) || set.has(j)));
      return { members, closed };
    })
    .sort((a, b) => (a.members[0] as number) - (b.members[0] as number));
}
