/**
 * Time-in-stage statistics from the transition log: how long records stay in each stage, with
 * stays that are still going on treated as right-censored (never dropped, never counted as
 * finished).
 *
 * @module
 */
import { issue, throwIfIssues } from '../../_lib/validation';
import type { ValidationIssue } from '../../errors';
import { kaplanMeier, type KaplanMeierOptions, type KaplanMeierResult } from './kaplan-meier';
import { survivalQuantiles, type SurvivalQuantile } from './quantile';

/** One stay in a stage: its duration in milliseconds and whether it is still going on. */
export interface StageStay {
  /** The stage. */
  readonly stage: string;
  /** Milliseconds spent in the stage (until it was left, or until the analysis instant). */
  readonly durationMs: number;
  /** `true` when the record is still in the stage: the duration is censored. */
  readonly censored: boolean;
}

/** Options of {@link timeInStageStatistics}. */
export interface TimeInStageStatisticsOptions extends KaplanMeierOptions {
  /** Unit of the reported times (default `'days'`). */
  readonly unit?: 'hours' | 'days' | 'weeks';
  /** Probabilities of the reported quantiles (default `[0.25, 0.5, 0.75, 0.9]`). */
  readonly probs?: readonly number[];
  /** Only these stages (default: every stage present). */
  readonly stages?: readonly string[];
}

/** Time-in-stage statistics of one stage. */
export interface StageTimeStatistics {
  /** The stage. */
  readonly stage: string;
  /** Number of stays. */
  readonly stays: number;
  /** Stays that ended (the record left the stage). */
  readonly completed: number;
  /** Stays still going on at the analysis instant (censored). */
  readonly ongoing: number;
  /** Quantiles of the time spent, with confidence intervals (`null` where not reached). */
  readonly quantiles: readonly SurvivalQuantile[];
  /** The Kaplan–Meier fit of "still in the stage" over time. */
  readonly fit: KaplanMeierResult;
}

const UNIT_MS = { hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

/**
 * Median, percentiles and the Kaplan–Meier curve of the time records spend in each stage. A stay
 * is a visit of one record to one stage (a record that comes back to a stage makes a second
 * stay); stays still going on at the analysis instant are right-censored at that instant, so the
 * statistics are not biased towards short stays the way a plain median of finished stays is.
 *
 * Feed it the output of `timeInStage(entries, { now })` from `crmkit/lifecycle`.
 *
 * Estimator: for each stage, the Kaplan–Meier estimate of S(t) = P(still in the stage after t),
 * with quantile q the first time Ŝ(t) ≤ 1 − q (R's `quantile.survfit` rule, midpoint on a flat
 * stretch at exactly 1 − q), confidence intervals by the chosen transform (default `log`).
 *
 * @param stays - stage stays with durations and censoring flags
 * @param options - time unit, quantiles, stages, and Kaplan–Meier options (`confType`, `confLevel`)
 * @returns one entry per stage, sorted by stage name
 * @throws {@link ValidationError} for a negative or non-finite duration, or a bad option
 *
 * @example
 * ```ts
 * import { timeInStageStatistics } from 'crmkit/analysis';
 * const day = 86_400_000;
 * const [lead] = timeInStageStatistics([
 *   { stage: 'lead', durationMs: 2 * day, censored: false },
 *   { stage: 'lead', durationMs: 4 * day, censored: false },
 *   { stage: 'lead', durationMs: 5 * day, censored: true },
 *   { stage: 'lead', durationMs: 6 * day, censored: false },
 * ]);
 * lead.ongoing; //=> 1
 * lead.quantiles.find((q) => q.prob === 0.5)?.time; //=> 5
 * ```
 */
export function timeInStageStatistics(
  stays: readonly StageStay[],
  options: TimeInStageStatisticsOptions = {},
): StageTimeStatistics[] {
  const unit = options.unit ?? 'days';
  const probs = options.probs ?? [0.25, 0.5, 0.75, 0.9];
  const issues: ValidationIssue[] = [];
  if (!(unit in UNIT_MS)) issues.push(issue(['unit'], 'Expected hours, days or weeks'));
  const byStage = new Map<string, { time: number; event: boolean }[]>();
  const wanted = options.stages === undefined ? undefined : new Set(options.stages);
  stays.forEach((stay, index) => {
    if (!Number.isFinite(stay.durationMs) || stay.durationMs < 0) {
      issues.push(issue([index, 'durationMs'], 'Expected a finite duration ≥ 0'));
      return;
    }
    if (wanted !== undefined && !wanted.has(stay.stage)) return;
    let list = byStage.get(stay.stage);
    if (list === undefined) byStage.set(stay.stage, (list = []));
    list.push({ time: stay.durationMs / UNIT_MS[unit], event: !stay.censored });
  });
  throwIfIssues('time-in-stage input', issues);
  const km: KaplanMeierOptions = {
    ...(options.confType === undefined ? {} : { confType: options.confType }),
    ...(options.confLevel === undefined ? {} : { confLevel: options.confLevel }),
  };
  return [...byStage.keys()].sort().map((stage) => {
    const observations = byStage.get(stage) ?? [];
    const fit = kaplanMeier(observations, km);
    const completed = observations.filter((o) => o.event).length;
    return { stage, stays: observations.length, completed, ongoing: observations.length - completed, quantiles: survivalQuantiles(fit, probs), fit };
  });
}
