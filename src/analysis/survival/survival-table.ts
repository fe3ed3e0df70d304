/**
 * Streaming input for the Kaplan–Meier estimator and the log-rank test: a mergeable tally of
 * (group, time) → (events, censorings), whose memory is O(distinct times × groups) instead of
 * O(observations), and the estimators computed from it — identical to {@link kaplanMeier},
 * {@link kaplanMeierByGroup} and {@link logRankTest} on the same observations.
 *
 * @module analysis/survival
 */
import { InvalidArgumentError, ValidationError, type ValidationIssue } from '../../errors';
import { issue, throwIfIssues } from '../../_lib/validation';
import { checkEvent, checkTime, compareKeys, isGroupKey, type GroupKey } from './_shared';
import {
  kaplanMeierFromCounts,
  resolveOptions,
  type GroupedSurvivalObservation,
  type KaplanMeierByGroupOptions,
  type KaplanMeierGroupResult,
  type KaplanMeierOptions,
  type KaplanMeierResult,
  type SurvivalObservation,
} from './kaplan-meier';
import { logRankCore, type LogRankOptions, type LogRankResult } from './log-rank';

/**
 * Right-censored data tallied by distinct time and group: what {@link survivalTableAccumulator}
 * returns and the `*FromTable` estimators read. A plain, JSON-serialisable object.
 */
export interface SurvivalTable<G extends GroupKey = GroupKey> {
  /** Number of observations tallied. */
  readonly n: number;
  /** The distinct times, ascending (compared exactly, as the estimators do). */
  readonly times: readonly number[];
  /**
   * The groups, sorted as the estimators sort them (numbers ascending, then strings by code
   * unit); `null`, last, collects the observations added without a group.
   */
  readonly groups: readonly (G | null)[];
  /** `events[g][t]`: events at `times[t]` in `groups[g]`. */
  readonly events: readonly (readonly number[])[];
  /** `censored[g][t]`: censorings at `times[t]` in `groups[g]`. */
  readonly censored: readonly (readonly number[])[];
}

/**
 * A streaming, mergeable tally of survival observations (see {@link survivalTableAccumulator}).
 *
 * @example
 * ```ts
 * const a = survivalTableAccumulator<string>().addValues(1, 1, 'ads');
 * const b = survivalTableAccumulator<string>().add({ time: 2, event: 0, group: 'seo' });
 * a.merge(b).n; //=> 2
 * ```
 */
export interface SurvivalTableAccumulator<G extends GroupKey = GroupKey> {
  /**
   * Adds one observation; its `group`, when the property is present, must be a string or a
   * finite number (observations without one are tallied under the group `null`).
   * @throws {@link ValidationError} for a negative/non-finite time, an event that is not
   *   boolean/0/1 or a bad group (path `[index, field]`, index = number of observations added before)
   */
  add(observation: SurvivalObservation | GroupedSurvivalObservation<G>): this;
  /**
   * Adds `count` (default 1) identical observations from plain values, without building an
   * object (the fast path for parsed rows).
   * @throws {@link ValidationError} as `add`, or for a `count` that is not a non-negative integer
   */
  addValues(time: number, event: boolean | 0 | 1, group?: G, count?: number): this;
  /** Adds another accumulator's (or a table's) tallies to this one; the other is left unchanged. */
  merge(other: SurvivalTableAccumulator<G> | SurvivalTable<G>): this;
  /** Number of observations tallied so far. */
  readonly n: number;
  /** The tallies so far, times ascending and groups sorted. The accumulator stays usable. */
  result(): SurvivalTable<G>;
}

interface Column {
  events: Float64Array;
  censored: Float64Array;
}

class TableAccumulator<G extends GroupKey> implements SurvivalTableAccumulator<G> {
  /** Distinct time → slot (slots in order of first appearance). */
  private readonly slots = new Map<number, number>();
  private readonly slotTimes: number[] = [];
  private readonly columns = new Map<G | null, Column>();
  private capacity = 64;
  private lastGroup: G | null | undefined = undefined;
  private lastColumn: Column | undefined = undefined;
  private count = 0;

  get n(): number {
    return this.count;
  }

  add(observation: SurvivalObservation | GroupedSurvivalObservation<G>): this {
    const issues: ValidationIssue[] = [];
    const index = this.count;
    if (typeof observation !== 'object' || observation === null) {
      throw new ValidationError(SUBJECT, [issue([index], 'observation must be an object')]);
    }
    const time: unknown = observation.time;
    const okTime = checkTime(time, index, issues);
    const event = checkEvent(observation.event, index, issues);
    let group: G | null = null;
    if ('group' in observation) {
      const g: unknown = observation.group;
      if (!isGroupKey(g)) issues.push(issue([index, 'group'], 'group must be a string or a finite number'));
      else group = g as G;
    }
    throwIfIssues(SUBJECT, issues);
    if (okTime) this.tally(time as number, event, group, 1);
    return this;
  }

  addValues(time: number, event: boolean | 0 | 1, group?: G, count = 1): this {
    const index = this.count;
    // Fast path for well-formed values; full checks otherwise.
    if (!(typeof time === 'number' && time >= 0 && time < Number.POSITIVE_INFINITY) || (event !== true && event !== false && event !== 1 && event !== 0) || !(Number.isInteger(count) && count >= 0) || (group !== undefined && !isGroupKey(group))) {
      const issues: ValidationIssue[] = [];
      checkTime(time, index, issues);
      checkEvent(event, index, issues);
      if (group !== undefined && !isGroupKey(group)) issues.push(issue([index, 'group'], 'group must be a string or a finite number'));
      if (!(Number.isInteger(count) && count >= 0)) issues.push(issue([index, 'count'], `count must be an integer ≥ 0, got ${String(count)}`));
      throwIfIssues(SUBJECT, issues);
    }
    this.tally(time, event === true || event === 1, group ?? null, count);
    return this;
  }

  private column(group: G | null): Column {
    if (group === this.lastGroup && this.lastColumn !== undefined) return this.lastColumn;
    let column = this.columns.get(group);
    if (column === undefined) {
      column = { events: new Float64Array(this.capacity), censored: new Float64Array(this.capacity) };
      this.columns.set(group, column);
    }
    this.lastGroup = group;
    this.lastColumn = column;
    return column;
  }

  private slot(time: number): number {
    let slot = this.slots.get(time);
    if (slot === undefined) {
      slot = this.slotTimes.length;
      this.slots.set(time, slot);
      this.slotTimes.push(time);
      if (slot >= this.capacity) {
        const capacity = this.capacity * 2;
        for (const column of this.columns.values()) {
          const events = new Float64Array(capacity);
          events.set(column.events);
          const censored = new Float64Array(capacity);
          censored.set(column.censored);
          column.events = events;
          column.censored = censored;
        }
        this.capacity = capacity;
      }
    }
    return slot;
  }

  private tally(time: number, event: boolean, group: G | null, count: number): void {
    const slot = this.slot(time);
    const column = this.column(group);
    const target = event ? column.events : column.censored;
    target[slot] = (target[slot] as number) + count;
    this.count += count;
  }

  merge(other: SurvivalTableAccumulator<G> | SurvivalTable<G>): this {
    const table = other instanceof TableAccumulator ? (other as TableAccumulator<G>).result() : isTable(other) ? other : null;
    if (table === null) throw new InvalidArgumentError('merge: not a survival table or survivalTableAccumulator');
    table.groups.forEach((group, g) => {
      table.times.forEach((time, t) => {
        const events = table.events[g]?.[t] ?? 0;
        const censored = table.censored[g]?.[t] ?? 0;
        if (events > 0) this.tally(time, true, group, events);
        if (censored > 0) this.tally(time, false, group, censored);
      });
    });
    return this;
  }

  result(): SurvivalTable<G> {
    const m = this.slotTimes.length;
    const bySlot = Array.from({ length: m }, (_, i) => i).sort((a, b) => (this.slotTimes[a] as number) - (this.slotTimes[b] as number));
    const groups = [...this.columns.keys()].sort((a, b) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : compareKeys(a, b)));
    const pick = (values: Float64Array) => bySlot.map((slot) => values[slot] as number);
    return {
      n: this.count,
      times: bySlot.map((slot) => this.slotTimes[slot] as number),
      groups,
      events: groups.map((group) => pick((this.columns.get(group) as Column).events)),
      censored: groups.map((group) => pick((this.columns.get(group) as Column).censored)),
    };
  }
}

const SUBJECT = 'survival table input';

function isTable(value: unknown): value is SurvivalTable<never> {
  return typeof value === 'object' && value !== null && Array.isArray((value as SurvivalTable).times) && Array.isArray((value as SurvivalTable).groups);
}

/**
 * Creates a streaming, mergeable survival tally: add observations one at a time (from a file,
 * a cursor, several workers), merge accumulators, then pass `result()` to
 * {@link kaplanMeierFromTable}, {@link kaplanMeierByGroupFromTable} or {@link logRankFromTable}.
 * Memory is O(distinct times × groups), not O(observations). Times are compared exactly (no
 * rounding, as the estimators; `-0` and `0` are the same time), counts are exact integers, so the
 * results do not depend on the order of `add`/`merge` calls and equal those of the array
 * functions on the same observations.
 *
 * @typeParam G - the group key type
 * @returns an empty accumulator
 * @example
 * ```ts
 * const acc = survivalTableAccumulator<string>();
 * acc.add({ time: 1, event: 1, group: 'ads' }).add({ time: 3, event: 0, group: 'ads' });
 * acc.addValues(2, true, 'seo').addValues(4, 1, 'seo');
 * const table = acc.result();
 * table.times; //=> [1, 2, 3, 4]
 * kaplanMeierByGroupFromTable(table).map((fit) => fit.median.time); //=> [1, 3]
 * logRankFromTable(table).df; //=> 1
 * ```
 */
export function survivalTableAccumulator<G extends GroupKey = GroupKey>(): SurvivalTableAccumulator<G> {
  return new TableAccumulator<G>();
}

function readTable<G extends GroupKey>(table: SurvivalTable<G>): SurvivalTable<G> {
  if (!isTable(table) || !Array.isArray(table.events) || !Array.isArray(table.censored)) {
    throw new ValidationError(SUBJECT, [issue([], 'expected a SurvivalTable (survivalTableAccumulator().result())')]);
  }
  return table;
}

function requireGroups<G extends GroupKey>(table: SurvivalTable<G>): G[] {
  const g = table.groups.indexOf(null);
  if (g >= 0 && table.times.some((_, t) => (table.events[g]?.[t] ?? 0) + (table.censored[g]?.[t] ?? 0) > 0)) {
    throw new ValidationError(SUBJECT, [issue(['groups', g], 'observations without a group: group must be a string or a finite number')]);
  }
  return table.groups.filter((group): group is G => group !== null);
}

function column(values: readonly (readonly number[])[], g: number, m: number): readonly number[] {
  return values[g] ?? new Array<number>(m).fill(0);
}

/**
 * {@link kaplanMeier} on a {@link SurvivalTable}: one curve over all the tallied observations
 * (groups pooled). Identical to `kaplanMeier` on the observations that were tallied.
 *
 * @param table - from {@link survivalTableAccumulator}
 * @param options - {@link KaplanMeierOptions}
 * @returns as {@link kaplanMeier}
 * @throws {@link ValidationError} for a bad option or something that is not a table
 * @throws {@link InvalidArgumentError} when the table is empty
 * @example
 * ```ts
 * const acc = survivalTableAccumulator();
 * for (const [time, event] of [[1, 1], [2, 0], [3, 1], [4, 1]] as const) acc.addValues(time, event);
 * kaplanMeierFromTable(acc.result()).table.map((row) => row.survival); //=> [0.75, 0.75, 0.375, 0]
 * ```
 */
export function kaplanMeierFromTable(table: SurvivalTable, options: KaplanMeierOptions = {}): KaplanMeierResult {
  readTable(table);
  const issues: ValidationIssue[] = [];
  const resolved = resolveOptions(options, issues, false);
  throwIfIssues('Kaplan–Meier input', issues);
  const m = table.times.length;
  const events = new Array<number>(m).fill(0);
  const censored = new Array<number>(m).fill(0);
  table.groups.forEach((_, g) => {
    const e = column(table.events, g, m);
    const c = column(table.censored, g, m);
    for (let t = 0; t < m; t += 1) {
      events[t] = (events[t] as number) + (e[t] as number);
      censored[t] = (censored[t] as number) + (c[t] as number);
    }
  });
  return kaplanMeierFromCounts(table.times, events, censored, resolved, options.rmeanUpper);
}

/**
 * {@link kaplanMeierByGroup} on a {@link SurvivalTable}: one curve per group, groups sorted,
 * restricted means with the same `rmeanUpper` rule. Identical to `kaplanMeierByGroup` on the
 * observations that were tallied.
 *
 * @param table - from {@link survivalTableAccumulator}; every observation must have had a group
 * @param options - {@link KaplanMeierByGroupOptions}
 * @returns one {@link KaplanMeierGroupResult} per group with at least one observation
 * @throws {@link ValidationError} for a bad option, or observations tallied without a group
 * @throws {@link InvalidArgumentError} when the table is empty
 * @example
 * ```ts
 * const acc = survivalTableAccumulator<string>();
 * acc.addValues(1, 1, 'ads').addValues(3, 0, 'ads').addValues(2, 1, 'seo').addValues(4, 1, 'seo');
 * kaplanMeierByGroupFromTable(acc.result()).map((fit) => fit.rmean.estimate); //=> [2.5, 3]
 * ```
 */
export function kaplanMeierByGroupFromTable<G extends GroupKey>(
  table: SurvivalTable<G>,
  options: KaplanMeierByGroupOptions = {},
): KaplanMeierGroupResult<G>[] {
  readTable(table);
  const issues: ValidationIssue[] = [];
  const resolved = resolveOptions(options, issues, true);
  throwIfIssues('Kaplan–Meier input', issues);
  const groups = requireGroups(table);
  const m = table.times.length;
  const present = (g: number) => table.times.some((_, t) => (table.events[g]?.[t] ?? 0) + (table.censored[g]?.[t] ?? 0) > 0);
  const indices = groups.map((group) => table.groups.indexOf(group)).filter(present);
  if (indices.length === 0) throw new InvalidArgumentError('Kaplan–Meier needs at least one observation');
  let common = Number.NEGATIVE_INFINITY;
  for (const g of indices) {
    for (let t = m - 1; t >= 0; t -= 1) {
      if ((table.events[g]?.[t] ?? 0) + (table.censored[g]?.[t] ?? 0) > 0) {
        if ((table.times[t] as number) > common) common = table.times[t] as number;
        break;
      }
    }
  }
  return indices.map((g) => {
    const e = column(table.events, g, m);
    const c = column(table.censored, g, m);
    let own = Number.NEGATIVE_INFINITY;
    for (let t = m - 1; t >= 0; t -= 1) {
      if ((e[t] as number) + (c[t] as number) > 0) {
        own = table.times[t] as number;
        break;
      }
    }
    const upper =
      options.rmeanUpper === 'individual'
        ? own
        : options.rmeanUpper === undefined || options.rmeanUpper === 'common'
          ? common
          : options.rmeanUpper;
    return { group: table.groups[g] as G, ...kaplanMeierFromCounts(table.times, e, c, resolved, upper) };
  });
}

/**
 * {@link logRankTest} on a {@link SurvivalTable}: the log-rank (or G-ρ) test between its groups.
 * Identical to `logRankTest` on the observations that were tallied.
 *
 * @param table - from {@link survivalTableAccumulator}; every observation must have had a group
 * @param options - {@link LogRankOptions}
 * @returns as {@link logRankTest}
 * @throws {@link ValidationError} for a non-finite `rho`, or observations tallied without a group
 * @throws {@link InvalidArgumentError} as {@link logRankTest} (fewer than two groups, singular variance)
 * @example
 * ```ts
 * const acc = survivalTableAccumulator<string>();
 * acc.addValues(1, 1, 'a').addValues(2, 1, 'a').addValues(3, 1, 'b').addValues(4, 1, 'b');
 * logRankFromTable(acc.result()).chiSquare; //=> 2.8823529411764692
 * ```
 */
export function logRankFromTable<G extends GroupKey>(table: SurvivalTable<G>, options: LogRankOptions = {}): LogRankResult<G> {
  readTable(table);
  const rho = options.rho ?? 0;
  if (typeof rho !== 'number' || !Number.isFinite(rho)) {
    throw new ValidationError('log-rank input', [issue(['rho'], `rho must be a finite number, got ${String(rho)}`)]);
  }
  const groups = requireGroups(table);
  const m = table.times.length;
  const indices = groups.map((group) => table.groups.indexOf(group));
  const cols = indices.map((g) => ({ e: column(table.events, g, m), c: column(table.censored, g, m) }));
  const counts = cols.map(({ e, c }) => {
    let n = 0;
    for (let t = 0; t < m; t += 1) n += (e[t] as number) + (c[t] as number);
    return n;
  });
  const keep = counts.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0);
  const keys = keep.map((i) => groups[i] as G);
  if (keys.length < 2) throw new InvalidArgumentError(`The log-rank test needs at least two groups, got ${keys.length}`);
  const k = keys.length;
  return logRankCore(
    keys,
    keep.map((i) => counts[i] as number),
    rho,
    (visit) => {
      const deaths = new Array<number>(k).fill(0);
      const leaving = new Array<number>(k).fill(0);
      for (let t = 0; t < m; t += 1) {
        for (let g = 0; g < k; g += 1) {
          const col = cols[keep[g] as number] as { e: readonly number[]; c: readonly number[] };
          const d = col.e[t] as number;
          deaths[g] = d;
          leaving[g] = d + (col.c[t] as number);
        }
        visit(deaths, leaving);
      }
    },
  );
}
