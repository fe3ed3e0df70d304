/**
 * Transition counting for {@link transitionMatrix}: state names are interned to small integers
 * once and transitions are tallied in a flat k×k typed array, so counting costs one hash lookup
 * per visited state and no allocation. The same counter backs the streaming, mergeable
 * {@link transitionCountsAccumulator} (memory O(k²), whatever the number of sequences).
 *
 * @module analysis/markov
 */
import { InvalidArgumentError, ValidationError, type ValidationIssue } from '../../errors';
import { normalQuantile } from '../_lib';
import type { TransitionMatrixOptions, TransitionMatrixResult } from './transition-matrix';

/** @internal Sorts state names by UTF-16 code unit (markovchainFit's order for ASCII names). */
export function sortStates(states: Iterable<string>): string[] {
  return [...states].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * @internal Interned states and a flat, growable count matrix indexed by intern id
 * (`counts[from * capacity + to]`). Ids are given in order of first appearance.
 */
export class TransitionCounter {
  /** Intern table: state name → id. */
  readonly ids = new Map<string, number>();
  /** Id → state name. */
  readonly names: string[] = [];
  /** Row stride of `counts` (≥ names.length). */
  capacity = 8;
  /** n_ij by intern id, row-major with stride `capacity`. */
  counts = new Float64Array(64);
  /** Number of sequences read. */
  sequenceCount = 0;
  /** Number of transitions counted. */
  transitionCount = 0;

  /** Returns the id of `state`, interning it on first sight (no validation). */
  intern(state: string): number {
    const known = this.ids.get(state);
    if (known !== undefined) return known;
    const id = this.names.length;
    this.ids.set(state, id);
    this.names.push(state);
    if (id >= this.capacity) this.grow();
    return id;
  }

  private grow(): void {
    const old = this.capacity;
    const capacity = old * 2;
    const counts = new Float64Array(capacity * capacity);
    for (let i = 0; i < old; i++) counts.set(this.counts.subarray(i * old, (i + 1) * old), i * capacity);
    this.capacity = capacity;
    this.counts = counts;
  }

  /**
   * Counts the steps of one sequence; invalid states are reported in `issues` (path
   * `[index, position]`) and break the chain at that point.
   */
  addSequence(sequence: readonly string[], index: number, issues: ValidationIssue[]): void {
    this.sequenceCount++;
    const length = sequence.length;
    const names = this.names;
    let counts = this.counts;
    let capacity = this.capacity;
    let transitions = 0;
    let previous = -1;
    for (let t = 0; t < length; t++) {
      const state = sequence[t];
      // Few states (CRM stages, channels): a linear scan by reference beats hashing.
      let id = -1;
      const k = names.length;
      if (k <= 16) {
        for (let i = 0; i < k; i++) {
          if (names[i] === state) {
            id = i;
            break;
          }
        }
      }
      if (id < 0) {
        if (typeof state !== 'string' || state === '') {
          issues.push({ code: 'invalid_state', path: [index, t], message: 'a state must be a non-empty string' });
          previous = -1;
          continue;
        }
        id = this.ids.get(state) ?? this.intern(state);
        counts = this.counts;
        capacity = this.capacity;
      }
      if (previous >= 0) {
        const cell = previous * capacity + id;
        counts[cell] = (counts[cell] as number) + 1;
        transitions++;
      }
      previous = id;
    }
    this.transitionCount += transitions;
  }

  /** The id of a valid state: a linear scan by reference for few states, else a hash lookup. */
  idOf(state: string): number {
    const names = this.names;
    const k = names.length;
    if (k <= 16) {
      for (let i = 0; i < k; i++) if (names[i] === state) return i;
      return this.intern(state);
    }
    return this.ids.get(state) ?? this.intern(state);
  }

  /** Adds `count` steps from → to (states already validated). */
  addStep(from: string, to: string, count: number): void {
    const i = this.idOf(from);
    const j = this.idOf(to);
    const cell = i * this.capacity + j;
    this.counts[cell] = (this.counts[cell] as number) + count;
    this.transitionCount += count;
  }

  /** Adds another counter's counts, sequences and states to this one. */
  merge(other: TransitionCounter): void {
    const ids = other.names.map((name) => this.intern(name));
    const stride = other.capacity;
    for (let i = 0; i < ids.length; i++) {
      const row = (ids[i] as number) * this.capacity;
      for (let j = 0; j < ids.length; j++) {
        const n = other.counts[i * stride + j] as number;
        const cell = row + (ids[j] as number);
        if (n !== 0) this.counts[cell] = (this.counts[cell] as number) + n;
      }
    }
    this.sequenceCount += other.sequenceCount;
    this.transitionCount += other.transitionCount;
  }

  /** Pushes the issues of `options.states` (duplicates, observed states missing); returns the state order. */
  stateIssues(options: TransitionMatrixOptions, issues: ValidationIssue[]): string[] {
    const seen = sortStates(this.names);
    if (options.states === undefined) return seen;
    const states = [...options.states];
    const given = new Set<string>();
    states.forEach((state, k) => {
      if (given.has(state)) issues.push({ code: 'duplicate_state', path: ['states', k], message: `state "${state}" is listed twice` });
      given.add(state);
    });
    for (const state of seen) {
      if (!given.has(state)) issues.push({ code: 'unknown_state', path: ['states'], message: `observed state "${state}" is not in options.states` });
    }
    return states;
  }

  /** The fit: counts re-indexed to the final state order, probabilities, SEs and intervals. */
  result(options: TransitionMatrixOptions): TransitionMatrixResult {
    const issues: ValidationIssue[] = [];
    const states = this.stateIssues(options, issues);
    if (issues.length > 0) throw new ValidationError('state sequences', issues);
    if (states.length === 0) throw new InvalidArgumentError('transitionMatrix: there are no states');
    const level = options.confidenceLevel ?? 0.95;
    if (!(level > 0 && level < 1)) throw new InvalidArgumentError(`confidenceLevel must be in (0, 1), got ${level}`);
    const emptyRow = options.emptyRow ?? 'absorbing';

    const k = states.length;
    // final index → intern id (−1 for a listed state never observed)
    const source = states.map((state) => this.ids.get(state) ?? -1);
    const stride = this.capacity;
    const counts: number[][] = new Array<number[]>(k);
    const rowTotals: number[] = new Array<number>(k);
    for (let i = 0; i < k; i++) {
      const row = new Array<number>(k).fill(0);
      const from = source[i] as number;
      let total = 0;
      if (from >= 0) {
        for (let j = 0; j < k; j++) {
          const to = source[j] as number;
          if (to >= 0) {
            const n = this.counts[from * stride + to] as number;
            row[j] = n;
            total += n;
          }
        }
      }
      counts[i] = row;
      rowTotals[i] = total;
    }
    const emptyStates: string[] = [];
    const probabilities = counts.map((row, i) => {
      const total = rowTotals[i] as number;
      if (total > 0) return row.map((n) => n / total);
      emptyStates.push(states[i] as string);
      if (emptyRow === 'zero') return row.map(() => 0);
      if (emptyRow === 'uniform') return row.map(() => 1 / k);
      return row.map((_, j) => (j === i ? 1 : 0));
    });
    const tail = (1 + level) / 2;
    const z = normalQuantile(options.markovchainCompatible === true ? Math.fround(tail) : tail);
    const standardError = counts.map((row, i) =>
      (rowTotals[i] as number) === 0 ? row.map(() => null) : row.map((n, j) => (n === 0 ? 0 : (probabilities[i]?.[j] as number) / Math.sqrt(n))),
    );
    const bound = (sign: 1 | -1) =>
      counts.map((row, i) =>
        (rowTotals[i] as number) === 0
          ? row.map(() => null)
          : row.map((n, j) => {
              if (n === 0) return 0;
              const v = (probabilities[i]?.[j] as number) + sign * z * (standardError[i]?.[j] as number);
              return Math.min(1, Math.max(0, v));
            }),
      );
    return {
      states,
      counts,
      probabilities,
      rowTotals,
      emptyStates,
      emptyRow,
      sequenceCount: this.sequenceCount,
      transitionCount: this.transitionCount,
      standardError,
      confidenceInterval: { confidenceLevel: level, z, lower: bound(-1), upper: bound(1) },
    };
  }
}

/**
 * A streaming, mergeable tally of state transitions (see {@link transitionCountsAccumulator}).
 * Memory is O(k²) for k states, whatever the number of sequences or transitions added.
 *
 * @example
 * ```ts
 * const acc = transitionCountsAccumulator();
 * for (const [from, to, first] of [['new', 'won', true], ['new', 'lost', true]] as const) acc.add(from, to, first);
 * acc.result().probabilities[1]; //=> [0.5, 0, 0.5] (states: lost, new, won)
 * ```
 */
export interface TransitionCountsAccumulator {
  /**
   * Adds one whole sequence (counts its steps and one sequence; its states join the state set
   * even when it has a single state).
   * @throws {@link ValidationError} when a state is not a non-empty string (nothing is added then)
   */
  add(sequence: readonly string[]): this;
  /**
   * Adds a single step `from → to` (e.g. one row of a transition log). Set `startsSequence` on the
   * first step of each record so that `sequenceCount` counts records as {@link transitionMatrix}
   * counts sequences.
   * @throws {@link ValidationError} when `from` or `to` is not a non-empty string
   */
  add(from: string, to: string, startsSequence?: boolean): this;
  /** Adds another accumulator's tallies to this one (the other is left unchanged). */
  merge(other: TransitionCountsAccumulator): this;
  /** Number of sequences added so far. */
  readonly sequenceCount: number;
  /** Number of transitions added so far. */
  readonly transitionCount: number;
  /** The states seen so far, sorted. */
  readonly states: readonly string[];
  /**
   * The fit, exactly as {@link transitionMatrix} on the same sequences (same options). The
   * accumulator stays usable afterwards.
   * @throws as {@link transitionMatrix}
   */
  result(): TransitionMatrixResult;
}

class Accumulator implements TransitionCountsAccumulator {
  readonly counter = new TransitionCounter();
  private added = 0;
  constructor(private readonly options: TransitionMatrixOptions) {}

  add(sequence: readonly string[]): this;
  add(from: string, to: string, startsSequence?: boolean): this;
  add(first: readonly string[] | string, to?: string, startsSequence = false): this {
    const index = this.added;
    if (typeof first === 'string' && typeof to === 'string' && first !== '' && to !== '') {
      this.counter.addStep(first, to, 1);
      if (startsSequence) this.counter.sequenceCount++;
    } else if (typeof first === 'string' || to !== undefined) {
      const issues: ValidationIssue[] = [];
      if (typeof first !== 'string' || first === '') issues.push({ code: 'invalid_state', path: [index, 'from'], message: 'a state must be a non-empty string' });
      if (typeof to !== 'string' || to === '') issues.push({ code: 'invalid_state', path: [index, 'to'], message: 'a state must be a non-empty string' });
      throw new ValidationError('transition', issues);
    } else {
      if (!Array.isArray(first)) throw new ValidationError('state sequences', [{ code: 'invalid_sequence', path: [index], message: 'a sequence must be an array of states' }]);
      for (let t = 0; t < first.length; t++) {
        const state: unknown = first[t];
        if (typeof state !== 'string' || state === '') {
          throw new ValidationError('state sequences', [{ code: 'invalid_state', path: [index, t], message: 'a state must be a non-empty string' }]);
        }
      }
      this.counter.addSequence(first, index, []);
    }
    this.added++;
    return this;
  }

  merge(other: TransitionCountsAccumulator): this {
    if (!(other instanceof Accumulator)) throw new InvalidArgumentError('merge: not a transitionCountsAccumulator');
    if (other === this) {
      const copy = new TransitionCounter();
      copy.merge(this.counter);
      this.counter.merge(copy);
    } else this.counter.merge(other.counter);
    this.added += other.added;
    return this;
  }

  get sequenceCount(): number {
    return this.counter.sequenceCount;
  }

  get transitionCount(): number {
    return this.counter.transitionCount;
  }

  get states(): readonly string[] {
    return sortStates(this.counter.names);
  }

  result(): TransitionMatrixResult {
    return this.counter.result(this.options);
  }
}

/**
 * Creates a streaming, mergeable transition-count accumulator: feed it sequences (or single
 * `from → to` steps, e.g. rows of a stage log read from a file or a cursor) one at a time, merge
 * accumulators filled in parallel (per file, per worker, per shard), then call `result()` for the
 * same fit {@link transitionMatrix} gives on all the sequences at once. Memory is O(k²) for k
 * states: nothing per sequence is kept.
 *
 * Counts are exact integers, so `result()` does not depend on the order of `add` and `merge`
 * calls; the state order follows `options.states` or the sorted state names, as
 * {@link transitionMatrix}.
 *
 * @param options - as {@link transitionMatrix} (state order, empty-row rule, confidence level), applied by `result()`
 * @returns an empty accumulator
 * @example
 * ```ts
 * const acc = transitionCountsAccumulator();
 * acc.add(['lead', 'mql', 'won']);          // a whole sequence
 * acc.add('lead', 'lost', true);            // or step by step: first step of a new record…
 * const other = transitionCountsAccumulator().add(['lead', 'mql']);
 * const fit = acc.merge(other).result();
 * fit.states; //=> ['lead', 'lost', 'mql', 'won']
 * fit.counts[0]; //=> [0, 1, 2, 0]
 * fit.sequenceCount; //=> 3
 * // same as transitionMatrix([['lead', 'mql', 'won'], ['lead', 'lost'], ['lead', 'mql']])
 * ```
 */
export function transitionCountsAccumulator(options: TransitionMatrixOptions = {}): TransitionCountsAccumulator {
  return new Accumulator({ ...options, ...(options.states !== undefined ? { states: [...options.states] } : {}) });
}
