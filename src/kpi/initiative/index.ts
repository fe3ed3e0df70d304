/**
 * Initiative KPIs (issue 5): the four classes used to judge a CRM initiative — adhesion,
 * purchase behaviour, relationship, economic — at three moments (before, during, after), with
 * the incremental effect against a control group. Every KPI is a pure function over arrays and a
 * mergeable accumulator over {@link InitiativeRecord}s.
 *
 * @module
 */
export { initiativeRecords, initiativeRecordsAsync } from './types';
export type {
  InitiativeData,
  InitiativeDataAsync,
  InitiativeExternalSpend,
  InitiativeMember,
  InitiativePurchase,
  InitiativeRecord,
  InitiativeSurveyResponse,
} from './types';
export type { Period } from '../period';
export { initiativePanelAccumulator } from './panel';
export type { ContactFacts, InitiativePanelOptions, InitiativePanelState, WindowFacts } from './panel';
export type { InitiativeKpiOptions } from './shared';
export {
  awareness,
  awarenessAccumulator,
  followingPeriod,
  redemption,
  redemptionAccumulator,
  retention,
  retentionAccumulator,
} from './adhesion';
export type { AwarenessResult, AwarenessShare, RedemptionOptions, RedemptionResult, RetentionOptions, RetentionResult } from './adhesion';
export {
  averagePurchase,
  averagePurchaseAccumulator,
  penetration,
  penetrationAccumulator,
  purchaseFrequency,
  purchaseFrequencyAccumulator,
  trial,
  trialAccumulator,
} from './behaviour';
export type { AveragePurchaseResult, FrequencyResult, PenetrationResult, TrialResult } from './behaviour';
export {
  affinityIndex,
  affinityIndexAccumulator,
  netPromoterScore,
  netPromoterScoreAccumulator,
  satisfactionIndex,
  satisfactionIndexAccumulator,
  shareOfRequirements,
  shareOfRequirementsAccumulator,
  shareOfWallet,
  shareOfWalletAccumulator,
} from './relationship';
export type { CustomerShare, NpsResult, ScoreIndexResult, ShareResult } from './relationship';
export {
  costPerAdhesion,
  costPerAdhesionAccumulator,
  margin,
  marginAccumulator,
  returnOnInvestment,
  roi,
  roiAccumulator,
  sales,
  salesAccumulator,
} from './economic';
export type {
  CostPerAdhesionOptions,
  CostPerAdhesionResult,
  IncrementalMarginMethod,
  MarginResult,
  RoiOptions,
  RoiResult,
  SalesResult,
} from './economic';
export { addMonthsUtc, initiativeMoments } from './moments';
export type { InitiativeMoments, InitiativeMomentsOptions } from './moments';
export {
  INITIATIVE_KPI_NAMES,
  initiativeReport,
  initiativeReportAccumulator,
  initiativeReportAsync,
  kpiChange,
} from './report';
export type {
  Change,
  IncrementalEffect,
  InitiativeCampaign,
  InitiativeKpiName,
  InitiativeReport,
  InitiativeReportInput,
  InitiativeReportInputAsync,
  InitiativeReportOptions,
  KpiRow,
  MomentKpis,
} from './report';
export { normalCdf, normalQuantile, regularizedIncompleteBeta, studentTCdf, studentTQuantile } from '../../_lib/distributions';
export { twoProportionTest, welchTTest } from './stats';
export type { ComparisonOptions, ConfidenceInterval, MeanComparison, ProportionComparison } from './stats';
