/**
 * Kaplan–Meier estimation of a survival curve S(t) = P(T > t) from right-censored durations,
 * with Greenwood standard errors, pointwise confidence intervals, the median with its interval
 * and the restricted mean — each computed as R's `survival` package does (`survfit`,
 * `print.survfit`), so numbers agree with R to 1e-9.
 *
 * @module
 */
import { InvalidArgumentError, type ValidationIssue } from '../../errors';
import { checkArray, checkConfidence, compareKeys, confidenceBounds, finiteOrNull, readObservations, zValue, type ConfidenceType, type GroupKey } from './_shared';
import { issue, throwIfIssues } from '../../_lib/validation';

/**
 * One subject's follow-up: how long it was observed and whether the event (e.g. conversion)
 * happened at the end of it. `event: false` (or `0`) means right-censored: the event had not
 * happened when observation stopped.
 */
export interface SurvivalObservation {
  /** Follow-up time, finite and ≥ 0, in any unit (the results use the same unit). */
  readonly time: number;
  /** `true`/`1`: the event happened at `time`; `false`/`0`: censored at `time`. */
  readonly event: boolean | 0 | 1;
}

/** A {@link SurvivalObservation} that belongs to a group (a cohort, a channel, an arm…). */
export interface GroupedSurvivalObservation<G extends GroupKey = GroupKey> extends SurvivalObservation {
  /** The group key: a string or a finite number. */
  readonly group: G;
}

/** Options of {@link kaplanMeier}. */
export interface KaplanMeierOptions {
  /** Confidence-interval transform; R's default `'log'`. */
  readonly confType?: ConfidenceType;
  /** Confidence level of the pointwise intervals and the median's interval; default 0.95. */
  readonly confLevel?: number;
  /**
   * Upper limit τ of the restricted mean ∫₀^τ S(t) dt. Default: the largest observed time (R's
   * `print.survfit(fit, rmean = "common")` / `summary(fit)$table` for a single curve).
   */
  readonly rmeanUpper?: number;
}

/** Options of {@link kaplanMeierByGroup}. */
export interface KaplanMeierByGroupOptions extends Omit<KaplanMeierOptions, 'rmeanUpper'> {
  /**
   * Upper limit of each group's restricted mean: `'common'` (default, as R's `summary.survfit`):
   * the largest time over all groups; `'individual'`: each group's own largest time; a number:
   * that time for every group.
   */
  readonly rmeanUpper?: number | 'common' | 'individual';
}

/** One row of the Kaplan–Meier table: one distinct observed time (event or censoring). */
export interface KaplanMeierRow {
  /** The distinct time. */
  readonly time: number;
  /** Subjects at risk just before `time`: those with time ≥ `time` (R's `n.risk`). */
  readonly nRisk: number;
  /** Events at `time` (R's `n.event`). */
  readonly nEvent: number;
  /** Subjects censored at `time` (R's `n.censor`); they count as at risk at `time`. */
  readonly nCensor: number;
  /** Ŝ(time), the Kaplan–Meier estimate (right-continuous). */
  readonly survival: number;
  /** Standard error of Ŝ: Ŝ·√Greenwood (R's `summary(fit)$std.err`); `null` once Ŝ = 0. */
  readonly stdErr: number | null;
  /**
   * Standard error of log Ŝ, √Σ dᵢ/(nᵢ(nᵢ−dᵢ)) (Greenwood; R's `fit$std.err`); `null` once
   * every subject at risk has had the event (R reports `Inf`).
   */
  readonly stdErrLogS: number | null;
  /** Lower pointwise confidence bound; `null` where R gives NA (Ŝ = 0, or Ŝ = 1 for log-log, or `'none'`). */
  readonly lower: number | null;
  /** Upper pointwise confidence bound; `null` where R gives NA. */
  readonly upper: number | null;
}

/** A median (or other quantile) survival time with its confidence interval. */
export interface SurvivalTimeEstimate {
  /** The estimate; `null` when the curve never falls that far ("not reached", R's NA). */
  readonly time: number | null;
  /** Lower confidence limit; `null` when not reached. */
  readonly lower: number | null;
  /** Upper confidence limit; `null` when not reached (common: the upper curve stays above ½). */
  readonly upper: number | null;
}

/** The restricted mean survival time ∫₀^τ Ŝ(t) dt and its standard error (R's `rmean`, `se(rmean)`). */
export interface RestrictedMean {
  /** The upper limit τ. */
  readonly upper: number;
  /** ∫₀^τ Ŝ(t) dt. */
  readonly estimate: number;
  /** √Σ_{event times tᵢ ≤ τ} (∫_{tᵢ}^τ Ŝ)² dᵢ/(nᵢ(nᵢ−dᵢ)), terms with nᵢ = dᵢ dropped, as R. */
  readonly stdErr: number;
}

/** Result of {@link kaplanMeier}. */
export interface KaplanMeierResult {
  /** Number of observations. */
  readonly n: number;
  /** Number of events. */
  readonly events: number;
  /** The confidence transform used. */
  readonly confType: ConfidenceType;
  /** The confidence level used. */
  readonly confLevel: number;
  /** One row per distinct time, ascending. */
  readonly table: readonly KaplanMeierRow[];
  /** Median survival time with its interval, by `print.survfit`'s rule (see {@link kaplanMeier}). */
  readonly median: SurvivalTimeEstimate;
  /** Restricted mean survival time. */
  readonly rmean: RestrictedMean;
}

/** Result of {@link kaplanMeierByGroup} for one group. */
export interface KaplanMeierGroupResult<G extends GroupKey = GroupKey> extends KaplanMeierResult {
  /** The group key. */
  readonly group: G;
}

const SUBJECT = 'Kaplan–Meier input';

/** @internal Validated confidence options. */
export interface Resolved {
  readonly confType: ConfidenceType;
  readonly confLevel: number;
}

/** @internal Validates the options, pushing issues. */
export function resolveOptions(
  options: KaplanMeierOptions | KaplanMeierByGroupOptions,
  issues: ValidationIssue[],
  grouped: boolean,
): Resolved {
  const confType = options.confType ?? 'log';
  const confLevel = options.confLevel ?? 0.95;
  checkConfidence(confType, confLevel, issues);
  const upper = options.rmeanUpper;
  const keyword = grouped && (upper === 'common' || upper === 'individual');
  if (upper !== undefined && !keyword && !(typeof upper === 'number' && Number.isFinite(upper) && upper >= 0)) {
    const expected = grouped ? "a finite number ≥ 0, 'common' or 'individual'" : 'a finite number ≥ 0';
    issues.push(issue(['rmeanUpper'], `must be ${expected}, got ${String(upper)}`));
  }
  return { confType, confLevel };
}

/** @internal The core estimator on validated, unsorted (time, event) pairs. */
export function kaplanMeierCore(
  times: readonly number[],
  events: readonly boolean[],
  resolved: Resolved,
  rmeanUpper: number | undefined,
): KaplanMeierResult {
  const n = times.length;
  if (n === 0) throw new InvalidArgumentError('Kaplan–Meier needs at least one observation');
  const order = times.map((_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number));
  const distinct: number[] = [];
  const eventCounts: number[] = [];
  const censorCounts: number[] = [];
  for (let i = 0; i < n; ) {
    const time = times[order[i] as number] as number;
    let nEvent = 0;
    let nCensor = 0;
    let j = i;
    for (; j < n && times[order[j] as number] === time; j += 1) {
      if (events[order[j] as number]) nEvent += 1;
      else nCensor += 1;
    }
    distinct.push(time);
    eventCounts.push(nEvent);
    censorCounts.push(nCensor);
    i = j;
  }
  return kaplanMeierFromCounts(distinct, eventCounts, censorCounts, resolved, rmeanUpper);
}

/**
 * @internal The core estimator on tallies: ascending distinct `times` with the number of events
 * and censorings at each (entries with neither are skipped).
 */
export function kaplanMeierFromCounts(
  times: ArrayLike<number>,
  eventCounts: ArrayLike<number>,
  censorCounts: ArrayLike<number>,
  resolved: Resolved,
  rmeanUpper: number | undefined,
): KaplanMeierResult {
  let n = 0;
  for (let i = 0; i < times.length; i += 1) n += (eventCounts[i] as number) + (censorCounts[i] as number);
  if (n === 0) throw new InvalidArgumentError('Kaplan–Meier needs at least one observation');
  const z = resolved.confType === 'none' ? Number.NaN : zValue(resolved.confLevel);
  const table: KaplanMeierRow[] = [];
  const hh: number[] = [];
  let survival = 1;
  let greenwood = 0;
  let atRisk = n;
  let totalEvents = 0;
  for (let i = 0; i < times.length; i += 1) {
    const time = times[i] as number;
    const nEvent = eventCounts[i] as number;
    const nCensor = censorCounts[i] as number;
    if (nEvent + nCensor === 0) continue;
    if (nEvent > 0) {
      survival *= (atRisk - nEvent) / atRisk;
      greenwood += atRisk === nEvent ? Number.POSITIVE_INFINITY : nEvent / (atRisk * (atRisk - nEvent));
    }
    hh.push(atRisk === nEvent ? 0 : nEvent / (atRisk * (atRisk - nEvent)));
    const seLog = Math.sqrt(greenwood);
    const bounds = confidenceBounds(survival, seLog, true, resolved.confType, z);
    table.push({
      time,
      nRisk: atRisk,
      nEvent,
      nCensor,
      survival,
      stdErr: finiteOrNull(survival * seLog),
      stdErrLogS: finiteOrNull(seLog),
      lower: finiteOrNull(bounds.lower),
      upper: finiteOrNull(bounds.upper),
    });
    totalEvents += nEvent;
    atRisk -= nEvent + nCensor;
  }
  const lastTime = (table[table.length - 1] as KaplanMeierRow).time;
  return {
    n,
    events: totalEvents,
    confType: resolved.confType,
    confLevel: resolved.confLevel,
    table,
    median: medianOf(table),
    rmean: restrictedMean(table, hh, rmeanUpper ?? lastTime),
  };
}

/**
 * R's `survmean` median rule (`minmin` in `print.survfit`): the first time the curve is ≤ ½; if it
 * equals ½ (within √ε) and drops later, the midpoint between that time and the next drop.
 */
function firstBelowHalf(times: readonly number[], values: readonly (number | null)[]): number | null {
  const tolerance = Math.sqrt(Number.EPSILON);
  const keptX: number[] = [];
  const keptY: number[] = [];
  values.forEach((y, i) => {
    if (y !== null && y < 0.5 + tolerance) {
      keptX.push(times[i] as number);
      keptY.push(y);
    }
  });
  const y0 = keptY[0];
  const x0 = keptX[0];
  if (y0 === undefined || x0 === undefined) return null;
  if (Math.abs(y0 - 0.5) < tolerance) {
    const next = keptY.findIndex((y) => y < y0);
    if (next >= 0) return (x0 + (keptX[next] as number)) / 2;
  }
  return x0;
}

function medianOf(table: readonly KaplanMeierRow[]): SurvivalTimeEstimate {
  const times = table.map((row) => row.time);
  return {
    time: firstBelowHalf(
      times,
      table.map((row) => row.survival),
    ),
    lower: firstBelowHalf(
      times,
      table.map((row) => row.lower),
    ),
    upper: firstBelowHalf(
      times,
      table.map((row) => row.upper),
    ),
  };
}

/** R's `survmean` (`pfun`) restricted mean and its standard error, start time 0. */
function restrictedMean(table: readonly KaplanMeierRow[], hazardTerms: readonly number[], upper: number): RestrictedMean {
  const keep = table.map((row, i) => ({ row, h: hazardTerms[i] as number })).filter(({ row }) => row.time <= upper);
  if (keep.length === 0) return { upper, estimate: upper, stdErr: 0 };
  const last = keep[keep.length - 1] as { row: KaplanMeierRow; h: number };
  const temptime = [...keep.map(({ row }) => row.time), upper];
  const tempsurv = [...keep.map(({ row }) => row.survival), last.row.survival];
  const hh = [...keep.map(({ h }) => h), 0];
  const m = temptime.length;
  const rectangles: number[] = [];
  let previous = 0;
  for (let i = 0; i < m; i += 1) {
    const t = temptime[i] as number;
    rectangles.push((t - previous) * (i === 0 ? 1 : (tempsurv[i - 1] as number)));
    previous = t;
  }
  let estimate = 0;
  for (const r of rectangles) estimate += r;
  let variance = 0;
  let tail = 0;
  for (let j = m - 2; j >= 0; j -= 1) {
    tail += rectangles[j + 1] as number;
    variance += tail * tail * (hh[j] as number);
  }
  return { upper, estimate, stdErr: Math.sqrt(variance) };
}

function maxOf(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > max) max = value;
  return max;
}


/**
 * Kaplan–Meier estimate of the survival function S(t) = P(T > t) from right-censored data, with
 * Greenwood standard errors, pointwise confidence intervals, the median and the restricted mean.
 *
 * - Product-limit: Ŝ(t) = ∏_{tᵢ ≤ t} (1 − dᵢ/nᵢ), with dᵢ events among the nᵢ subjects whose
 *   time is ≥ tᵢ. At a tied time events come before censorings: a subject censored at tᵢ is at
 *   risk at tᵢ.
 * - Greenwood: Var(log Ŝ(t)) = Σ_{tᵢ ≤ t} dᵢ/(nᵢ(nᵢ − dᵢ)); se(Ŝ) = Ŝ·se(log Ŝ).
 * - Intervals: see {@link ConfidenceType}; z = Φ⁻¹(1 − (1 − confLevel)/2).
 * - Median: the first time Ŝ ≤ ½; when Ŝ is exactly ½ on a flat stretch, the midpoint of that
 *   time and the next time Ŝ drops. Its interval applies the same rule to the lower and upper
 *   curves (Brookmeyer–Crowley style, as R's `print.survfit`). `null` = not reached.
 * - Restricted mean: ∫₀^τ Ŝ(t) dt, τ = `rmeanUpper` (default: the last observed time), with R's
 *   standard error Σ (∫_{tᵢ}^τ Ŝ)² dᵢ/(nᵢ(nᵢ−dᵢ)).
 *
 * Times are compared exactly: R's `survfit` first merges times that differ by rounding error
 * (`timefix`); crmkit does not.
 *
 * Source: Kaplan & Meier (1958), Greenwood (1926); numerics of R `survival` 3.5 (`survfitKM`,
 * `survfit_confint`, `survmean`), checked to 1e-9 against R on the `aml` data and our fixtures.
 *
 * @param observations - `{ time, event }` per subject; not mutated
 * @param options - {@link KaplanMeierOptions}
 * @returns the table per distinct time, the median and the restricted mean
 * @throws {@link ValidationError} for a non-array, a negative/non-finite time, an event that is not
 *   boolean/0/1, or a bad option (each issue with its path, e.g. `[3, 'time']`)
 * @throws {@link InvalidArgumentError} when there are no observations
 *
 * @example
 * ```ts
 * import { kaplanMeier } from 'crmkit/analysis';
 * const fit = kaplanMeier([
 *   { time: 1, event: 1 }, { time: 2, event: 0 }, { time: 3, event: 1 }, { time: 4, event: 1 },
 * ]);
 * fit.table.map((row) => row.survival); //=> [0.75, 0.75, 0.375, 0]
 * fit.median; //=> { time: 3, lower: 1, upper: null }
 * fit.rmean.estimate; //=> 2.875
 * ```
 */
export function kaplanMeier(
  observations: readonly SurvivalObservation[],
  options: KaplanMeierOptions = {},
): KaplanMeierResult {
  checkArray(SUBJECT, observations);
  const issues: ValidationIssue[] = [];
  const resolved = resolveOptions(options, issues, false);
  const { times, events } = readObservations(observations, issues, false);
  throwIfIssues(SUBJECT, issues);
  return kaplanMeierCore(times, events, resolved, options.rmeanUpper);
}

/**
 * {@link kaplanMeier} for each group separately (R's `survfit(Surv(time, event) ~ group)`), one
 * result per group, groups sorted (numbers ascending, then strings by code unit).
 *
 * The restricted mean uses by default a common upper limit, the largest time over all groups
 * (R's `summary.survfit` default `rmean = "common"`), so groups are comparable.
 *
 * Source: as {@link kaplanMeier}; R `survfit` with strata.
 *
 * @param observations - `{ time, event, group }` per subject; not mutated
 * @param options - {@link KaplanMeierByGroupOptions}
 * @returns one {@link KaplanMeierGroupResult} per group present in the data
 * @throws {@link ValidationError} for bad observations (including a missing group key) or options
 * @throws {@link InvalidArgumentError} when there are no observations
 *
 * @example
 * ```ts
 * import { kaplanMeierByGroup } from 'crmkit/analysis';
 * const fits = kaplanMeierByGroup([
 *   { time: 1, event: 1, group: 'ads' }, { time: 3, event: 0, group: 'ads' },
 *   { time: 2, event: 1, group: 'seo' }, { time: 4, event: 1, group: 'seo' },
 * ]);
 * fits.map((fit) => [fit.group, fit.median.time]); //=> [['ads', 1], ['seo', 3]]
 * fits.map((fit) => fit.rmean.estimate); //=> [2.5, 3]
 * ```
 */
export function kaplanMeierByGroup<G extends GroupKey>(
  observations: readonly GroupedSurvivalObservation<G>[],
  options: KaplanMeierByGroupOptions = {},
): KaplanMeierGroupResult<G>[] {
  checkArray(SUBJECT, observations);
  const issues: ValidationIssue[] = [];
  const resolved = resolveOptions(options, issues, true);
  const { times, events, groups } = readObservations(observations, issues, true);
  throwIfIssues(SUBJECT, issues);
  if (times.length === 0) throw new InvalidArgumentError('Kaplan–Meier needs at least one observation');
  const byGroup = new Map<G, { times: number[]; events: boolean[] }>();
  groups.forEach((group, i) => {
    const key = group as G;
    let bucket = byGroup.get(key);
    if (bucket === undefined) {
      bucket = { times: [], events: [] };
      byGroup.set(key, bucket);
    }
    bucket.times.push(times[i] as number);
    bucket.events.push(events[i] as boolean);
  });
  const keys = [...byGroup.keys()].sort(compareKeys);
  const common = maxOf(times);
  return keys.map((group) => {
    const bucket = byGroup.get(group) as { times: number[]; events: boolean[] };
    const upper =
      options.rmeanUpper === 'individual'
        ? maxOf(bucket.times)
        : options.rmeanUpper === undefined || options.rmeanUpper === 'common'
          ? common
          : options.rmeanUpper;
    return { group, ...kaplanMeierCore(bucket.times, bucket.events, resolved, upper) };
  });
}
