/**
 * First-order Markov transition matrices estimated by maximum likelihood from state sequences,
 * with markovchainFit-style confidence intervals, stratification and a homogeneity test.
 *
 * @module analysis/markov
 */
import { InvalidArgumentError, ValidationError, type ValidationIssue } from '../../errors';
import { chiSquareUpperTail } from '../_lib';
import { sortStates, TransitionCounter } from './transition-counts';

/** A discrete-time Markov chain: state names and a row-stochastic matrix over them (`probabilities[i][j]` = P(i → j)). */
export interface MarkovChain {
  /** State names, in matrix order. */
  readonly states: readonly string[];
  /** Transition probabilities by row: `probabilities[i][j]` is P(next = states[j] | now = states[i]). */
  readonly probabilities: readonly (readonly number[])[];
}

/**
 * What to put in the row of a state that was never left (no outgoing transition observed):
 * - `'absorbing'` (default): a self-loop of probability 1 — the state is treated as terminal
 *   (won, lost, churned), which keeps the matrix stochastic and is what
 *   {@link absorbingAnalysis} expects;
 * - `'zero'`: a row of zeros — what `markovchain::markovchainFit` (0.9.1) returns by default
 *   (`sanitize = FALSE`); the result is then not a stochastic matrix;
 * - `'uniform'`: 1/k in every column — `markovchainFit(..., sanitize = TRUE)`.
 */
export type EmptyRowRule = 'absorbing' | 'zero' | 'uniform';

/** Options of {@link transitionMatrix}. */
export interface TransitionMatrixOptions {
  /**
   * The states and their order. Default: every state seen, sorted by code unit (as
   * markovchainFit sorts them for ASCII names). When given it must contain every observed
   * state; extra states get an empty row (see `emptyRow`), like markovchainFit's `possibleStates`.
   */
  readonly states?: readonly string[];
  /** Row of a state with no outgoing transitions; default `'absorbing'`. */
  readonly emptyRow?: EmptyRowRule;
  /** Two-sided confidence level of the intervals, in (0, 1); default 0.95 (markovchainFit's `confidencelevel`). */
  readonly confidenceLevel?: number;
  /**
   * Reproduce markovchainFit's z bit for bit (default `false`). markovchain 0.9.1 rounds
   * (1 + level)/2 to single precision before taking Φ⁻¹ (e.g. 0.975 → 0.97500002384…), which
   * moves z by about 4e-7 (1.9599643925 instead of 1.9599639845 at 95%). crmkit uses the exact
   * quantile unless this is set.
   */
  readonly markovchainCompatible?: boolean;
}

/** Per-cell normal-approximation intervals, as markovchainFit reports them for `method = "mle"`. */
export interface TransitionConfidenceInterval {
  /** The confidence level used. */
  readonly confidenceLevel: number;
  /** The normal quantile z = Φ⁻¹((1 + level)/2) (see `markovchainCompatible`). */
  readonly z: number;
  /** max(0, p̂ − z·SE), capped at 1; `null` for a row with no observed transitions. */
  readonly lower: readonly (readonly (number | null)[])[];
  /** min(1, p̂ + z·SE), floored at 0; `null` for a row with no observed transitions. */
  readonly upper: readonly (readonly (number | null)[])[];
}

/** The result of {@link transitionMatrix}. */
export interface TransitionMatrixResult extends MarkovChain {
  /** Transition counts n_ij. */
  readonly counts: readonly (readonly number[])[];
  /** Row totals n_i = Σ_j n_ij (transitions out of each state). */
  readonly rowTotals: readonly number[];
  /** States with no outgoing transition (their row follows `emptyRow`). */
  readonly emptyStates: readonly string[];
  /** The rule applied to empty rows. */
  readonly emptyRow: EmptyRowRule;
  /** Number of sequences read. */
  readonly sequenceCount: number;
  /** Total number of transitions counted, Σ n_ij. */
  readonly transitionCount: number;
  /** SE_ij = p̂_ij / √n_ij (0 when n_ij = 0); `null` for a row with no observed transitions. */
  readonly standardError: readonly (readonly (number | null)[])[];
  /** Normal-approximation intervals per cell. */
  readonly confidenceInterval: TransitionConfidenceInterval;
}


/**
 * Estimates a first-order transition matrix by maximum likelihood from state sequences.
 *
 * Formula: n_ij counts the steps i → j *within* each sequence (never from the end of one
 * sequence to the start of the next); p̂_ij = n_ij / n_i with n_i = Σ_j n_ij. Rows with n_i = 0
 * follow `emptyRow`. Standard errors and intervals follow `markovchain::markovchainFit`
 * (method `"mle"`) exactly: SE_ij = p̂_ij/√n_ij, interval p̂_ij ∓ z·SE_ij clipped to [0, 1],
 * z = Φ⁻¹((1 + level)/2) (markovchainFit rounds (1 + level)/2 to single precision first;
 * set `markovchainCompatible` to do the same); cells with n_ij = 0 in an observed row get SE 0 and interval [0, 0].
 * Where markovchainFit reports 1 for SE and both bounds in a row with no data, crmkit reports
 * `null` (nothing was estimated).
 *
 * Source: Anderson & Goodman (1957), "Statistical inference about Markov chains", Ann. Math.
 * Statist. 28; Spedicato (2017), "Discrete time Markov chains with R", The R Journal 9(2).
 *
 * @param sequences - one array of state names per record (a contact, a deal), in time order
 * @param options - state order, empty-row rule, confidence level
 * @returns states, counts, probabilities, standard errors and intervals
 * @throws {@link ValidationError} when a state name is not a non-empty string, or `states` misses an observed state or repeats one
 * @throws {@link InvalidArgumentError} when `confidenceLevel` is not in (0, 1) or there is no state at all
 * @example
 * ```ts
 * const fit = transitionMatrix([['lead', 'mql', 'won'], ['lead', 'lost']]);
 * fit.states; //=> ['lead', 'lost', 'mql', 'won']
 * fit.probabilities[0]; //=> [0, 0.5, 0.5, 0]
 * fit.probabilities[1]; //=> [0, 1, 0, 0] (never left: absorbing)
 * ```
 */
export function transitionMatrix(
  sequences: readonly (readonly string[])[],
  options: TransitionMatrixOptions = {},
): TransitionMatrixResult {
  const counter = new TransitionCounter();
  const issues: ValidationIssue[] = [];
  for (let s = 0; s < sequences.length; s++) counter.addSequence(sequences[s] as readonly string[], s, issues);
  if (issues.length > 0) {
    // Report every issue, and the unknown/duplicate states too, as before.
    counter.stateIssues(options, issues);
    throw new ValidationError('state sequences', issues);
  }
  return counter.result(options);
}

/** A state sequence with the stratum it belongs to (a segment, a source, an owner, a cohort…). */
export interface StratifiedSequence {
  /** The stratum key. */
  readonly stratum: string;
  /** The states, in time order. */
  readonly states: readonly string[];
}

/** One stratum's fit in {@link transitionMatrixByStratum}. */
export interface StratumTransitionMatrix {
  /** The stratum key. */
  readonly stratum: string;
  /** The fit on that stratum's sequences, over the common state set. */
  readonly fit: TransitionMatrixResult;
}

/**
 * Fits one transition matrix per stratum over a common state set (the union of all strata,
 * or `options.states`), so the matrices are directly comparable.
 *
 * @param sequences - sequences tagged with their stratum
 * @param options - as {@link transitionMatrix}; `states` defaults to every state seen in any stratum
 * @returns one fit per stratum, strata sorted by key
 * @throws {@link ValidationError} / {@link InvalidArgumentError} as {@link transitionMatrix}
 * @example
 * ```ts
 * const fits = transitionMatrixByStratum([
 *   { stratum: 'ads', states: ['lead', 'won'] },
 *   { stratum: 'seo', states: ['lead', 'lost'] },
 * ]);
 * fits.map((f) => f.stratum); //=> ['ads', 'seo']
 * fits[0].fit.states; //=> ['lead', 'lost', 'won']
 * ```
 */
export function transitionMatrixByStratum(
  sequences: readonly StratifiedSequence[],
  options: TransitionMatrixOptions = {},
): StratumTransitionMatrix[] {
  const all = new Set<string>();
  const groups = new Map<string, (readonly string[])[]>();
  for (const { stratum, states } of sequences) {
    for (const s of states) all.add(s);
    const list = groups.get(stratum) ?? [];
    list.push(states);
    groups.set(stratum, list);
  }
  const states = options.states ?? sortStates(all);
  return sortStates(groups.keys()).map((stratum) => ({
    stratum,
    fit: transitionMatrix(groups.get(stratum) ?? [], { ...options, states }),
  }));
}

/** The homogeneity test for one origin state in {@link compareStrata}. */
export interface RowHomogeneity {
  /** The origin state. */
  readonly state: string;
  /** Pearson X² over the strata × destination table of that row. */
  readonly statistic: number;
  /** (strata with data − 1) × (destinations observed − 1). */
  readonly df: number;
  /** P(χ²_df ≥ X²); `null` when df = 0 (nothing to compare). */
  readonly pValue: number | null;
}

/** The result of {@link compareStrata}. */
export interface StrataComparison {
  /** The strata compared, sorted. */
  readonly strata: readonly string[];
  /** The common state set. */
  readonly states: readonly string[];
  /** One test per origin state. */
  readonly rows: readonly RowHomogeneity[];
  /** Σ of the row statistics. */
  readonly statistic: number;
  /** Σ of the row degrees of freedom. */
  readonly df: number;
  /** P(χ²_df ≥ X²) for the whole matrix; `null` when df = 0. */
  readonly pValue: number | null;
}

/**
 * Tests whether strata share the same transition matrix: the chi-square test of homogeneity of
 * transition rows (Anderson & Goodman 1957, §3.3).
 *
 * Formula: for origin state i, with n_ij^(s) the counts of stratum s, n_i^(s) its row total,
 * n_ij the pooled count and n_i the pooled row total, E_ij^(s) = n_i^(s)·n_ij/n_i and
 * X²_i = Σ_s Σ_j (n_ij^(s) − E_ij^(s))² / E_ij^(s) over cells with E > 0, with
 * df_i = (S_i − 1)(J_i − 1), S_i the strata that left i at least once and J_i the destinations
 * reached from i in the pooled data. The overall statistic is Σ_i X²_i on Σ_i df_i degrees
 * of freedom. The chi-square approximation needs expected counts of about 5 or more; with
 * sparse rows read the p-value as indicative only.
 *
 * @param sequences - sequences tagged with their stratum
 * @param options - `states` to fix the state set (else every state seen)
 * @returns per-row and overall statistics, degrees of freedom and p-values
 * @throws {@link InvalidArgumentError} when fewer than two strata are given
 * @example
 * ```ts
 * const test = compareStrata([
 *   { stratum: 'a', states: ['x', 'y', 'x', 'y'] },
 *   { stratum: 'b', states: ['x', 'x', 'x', 'y'] },
 * ]);
 * test.df; //=> 1 (row x: 2 strata × 2 destinations; row y: only one destination)
 * ```
 */
export function compareStrata(
  sequences: readonly StratifiedSequence[],
  options: Pick<TransitionMatrixOptions, 'states'> = {},
): StrataComparison {
  const fits = transitionMatrixByStratum(sequences, options);
  if (fits.length < 2) throw new InvalidArgumentError('compareStrata needs at least two strata');
  const states = fits[0]?.fit.states ?? [];
  const rows: RowHomogeneity[] = states.map((state, i) => {
    const tables = fits.map((f) => f.fit.counts[i] as readonly number[]);
    const rowTotals = tables.map((row) => row.reduce((a, b) => a + b, 0));
    const pooled = states.map((_, j) => tables.reduce((sum, row) => sum + (row[j] as number), 0));
    const total = pooled.reduce((a, b) => a + b, 0);
    let statistic = 0;
    if (total > 0) {
      tables.forEach((row, s) => {
        row.forEach((n, j) => {
          const expected = ((rowTotals[s] as number) * (pooled[j] as number)) / total;
          if (expected > 0) statistic += (n - expected) ** 2 / expected;
        });
      });
    }
    const strataWithData = rowTotals.filter((n) => n > 0).length;
    const destinations = pooled.filter((n) => n > 0).length;
    const df = Math.max(0, strataWithData - 1) * Math.max(0, destinations - 1);
    return { state, statistic, df, pValue: df === 0 ? null : chiSquareUpperTail(statistic, df) };
  });
  const statistic = rows.reduce((a, r) => a + r.statistic, 0);
  const df = rows.reduce((a, r) => a + r.df, 0);
  return {
    strata: fits.map((f) => f.stratum),
    states,
    rows,
    statistic,
    df,
    pValue: df === 0 ? null : chiSquareUpperTail(statistic, df),
  };
}
