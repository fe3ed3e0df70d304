/**
 * crmkit survival analysis: time-to-event estimates for CRM data (time to conversion, to churn,
 * to closing a deal) with right-censoring handled properly.
 *
 * - {@link kaplanMeier} / {@link kaplanMeierByGroup}: survival curve, Greenwood SEs, intervals,
 *   median, restricted mean.
 * - {@link survivalQuantiles} / {@link survivalQuantile}: quantiles with intervals.
 * - {@link logRankTest}: log-rank and G-ρ tests between groups.
 * - {@link survivalTableAccumulator} with {@link kaplanMeierFromTable},
 *   {@link kaplanMeierByGroupFromTable}, {@link logRankFromTable}: the same estimates from a
 *   streaming, mergeable tally (memory O(distinct times × groups)).
 * - {@link aalenJohansen}: cumulative incidence of competing outcomes (converted vs lost).
 * - {@link conversionTimes}: CRM records → observations.
 *
 * Every number matches R's `survival` package (3.5) to 1e-9; see docs/analyses (survival).
 *
 * @module analysis/survival
 */
export { kaplanMeier, kaplanMeierByGroup } from './kaplan-meier';
export type {
  GroupedSurvivalObservation,
  KaplanMeierByGroupOptions,
  KaplanMeierGroupResult,
  KaplanMeierOptions,
  KaplanMeierResult,
  KaplanMeierRow,
  RestrictedMean,
  SurvivalObservation,
  SurvivalTimeEstimate,
} from './kaplan-meier';
export { survivalQuantile, survivalQuantiles } from './quantile';
export type { SurvivalQuantile } from './quantile';
export { logRankTest } from './log-rank';
export type { LogRankGroup, LogRankOptions, LogRankResult } from './log-rank';
export { kaplanMeierByGroupFromTable, kaplanMeierFromTable, logRankFromTable, survivalTableAccumulator } from './survival-table';
export type { SurvivalTable, SurvivalTableAccumulator } from './survival-table';
export { aalenJohansen } from './aalen-johansen';
export type {
  AalenJohansenOptions,
  AalenJohansenResult,
  AalenJohansenRow,
  CompetingRisksObservation,
  StateProbability,
} from './aalen-johansen';
export { conversionTimes } from './conversion-times';
export type {
  ConversionObservation,
  ConversionTimesOptions,
  ConversionTimesResult,
  DateInput,
  DateSelector,
  DurationUnit,
} from './conversion-times';
export { CONFIDENCE_TYPES } from './_shared';
export type { ConfidenceType, GroupKey } from './_shared';
export { timeInStageStatistics } from './time-in-stage';
export type { StageStay, StageTimeStatistics, TimeInStageStatisticsOptions } from './time-in-stage';
