/**
 * Customer value KPIs: historic CLV, average order value, repurchase rate, churn rate, cohort
 * retention, RFM scores and segments, customer profitability. Each KPI is a pure function and a
 * mergeable accumulator.
 *
 * @module
 */
export type { PurchaseBasis, PurchaseLike } from './_purchase';
export {
  averageOrderValue,
  averageOrderValueAccumulator,
  churnRate,
  churnRateAccumulator,
  historicClv,
  historicClvAccumulator,
  repurchaseRate,
  repurchaseRateAccumulator,
  type AverageOrderValueEntry,
  type AverageOrderValueOptions,
  type AverageOrderValueState,
  type ChurnRateOptions,
  type ChurnRateResult,
  type ChurnRateState,
  type HistoricClvEntry,
  type HistoricClvOptions,
  type HistoricClvState,
  type RepurchaseRateOptions,
  type RepurchaseRateResult,
  type RepurchaseRateState,
} from './value';
export {
  cohortRetention,
  cohortRetentionAccumulator,
  type CohortRetentionOptions,
  type CohortRetentionState,
  type CohortRow,
} from './cohorts';
export {
  RFM_SEGMENTS,
  rfmAccumulator,
  rfmScores,
  rfmSegment,
  type RfmOptions,
  type RfmRow,
  type RfmSegment,
  type RfmState,
} from './rfm';
export {
  customerProfitability,
  customerProfitabilityAccumulator,
  type CustomerCost,
  type CustomerProfitabilityOptions,
  type CustomerProfitabilityRow,
  type CustomerProfitabilityState,
  type ProfitabilityItem,
  type ServiceActivity,
} from './profitability';
