/**
 * The KPI suite over purchases: the initiative KPIs that apply to purchase records (penetration,
 * average purchase, frequency, sales, margin — for the target and the control group) and the
 * customer-value KPIs (historic CLV, average order value, repurchase rate, churn rate, cohort
 * retention), computed in **one pass** over one stream by composing the individual
 * accumulators. Each figure is exactly what the corresponding KPI function returns.
 *
 * @module
 */
import type { Accumulator } from './accumulator';
import { historicClvAccumulator, type HistoricClvEntry, averageOrderValueAccumulator, type AverageOrderValueEntry, repurchaseRateAccumulator, type RepurchaseRateResult, churnRateAccumulator, type ChurnRateResult, cohortRetentionAccumulator, type CohortRow } from './customer';
import type { PurchaseBasis } from './customer';
import { initiativePanelAccumulator, type InitiativePanelState } from './initiative/panel';
import { penetrationAccumulator, averagePurchaseAccumulator, purchaseFrequencyAccumulator, type PenetrationResult, type AveragePurchaseResult, type FrequencyResult } from './initiative/behaviour';
import { salesAccumulator, marginAccumulator, type SalesResult, type MarginResult } from './initiative/economic';
import type { InitiativeKpiOptions } from './initiative/shared';
import type { InitiativeRecord } from './initiative/types';
import type { Period } from './period';

/** Options of {@link kpiSuiteAccumulator}. */
export interface KpiSuiteOptions {
  /** The campaign window of the initiative KPIs, half-open [start, end). */
  readonly period: Period;
  /** Initiative KPIs: only purchase lines in these categories count (default every category). The customer KPIs use every line. */
  readonly categories?: readonly string[];
  /** Initiative KPIs: only members of this campaign count (default every member given). */
  readonly campaignId?: string;
  /** Initiative KPIs: the currency every amount must be in (default the first one seen). */
  readonly currency?: string;
  /** Historic CLV basis: `'margin'` (default, as `historicClv`) or `'value'`. */
  readonly clvBasis?: PurchaseBasis;
  /** Historic CLV and AOV: only purchases in this period (default the whole history). */
  readonly customerPeriod?: Period;
  /** Repurchase rate period (default `period`). */
  readonly repurchasePeriod?: Period;
  /** Churn rate period (default `period`). */
  readonly churnPeriod?: Period;
  /** Churn rate previous period (default: as `churnRate`, the same length immediately before). */
  readonly previousPeriod?: Period;
  /** Cohort retention: the instant of the analysis (injected clock). */
  readonly now: Date;
  /** Cohort retention: IANA time zone of the calendar months (default `'UTC'`). */
  readonly timeZone?: string;
}

/** The initiative KPIs of one group in the campaign window. */
export interface KpiSuiteGroupResult {
  /** As `penetration`. */
  readonly penetration: PenetrationResult;
  /** As `averagePurchase`. */
  readonly averagePurchase: AveragePurchaseResult;
  /** As `purchaseFrequency`. */
  readonly frequency: FrequencyResult;
  /** As `sales`. */
  readonly sales: SalesResult;
  /** As `margin`. */
  readonly margin: MarginResult;
}

/** Result of {@link kpiSuiteAccumulator}. */
export interface KpiSuiteResult {
  /** Initiative KPIs for the target and the control group. */
  readonly initiative: { readonly target: KpiSuiteGroupResult; readonly control: KpiSuiteGroupResult };
  /** Customer-value KPIs over every purchase of the stream. */
  readonly customer: {
    /** As `historicClv`. */
    readonly historicClv: Record<string, HistoricClvEntry>;
    /** As `averageOrderValue`. */
    readonly averageOrderValue: Record<string, AverageOrderValueEntry>;
    /** As `repurchaseRate`. */
    readonly repurchaseRate: RepurchaseRateResult;
    /** As `churnRate`. */
    readonly churnRate: ChurnRateResult;
    /** As `cohortRetention`. */
    readonly cohortRetention: CohortRow[];
  };
}

/** State of {@link kpiSuiteAccumulator}: the state of each composed accumulator (plain data). */
export interface KpiSuiteState {
  /** The initiative panel over the campaign window (shared by every initiative KPI). */
  panel: InitiativePanelState;
  /** Historic CLV state. */
  clv: ReturnType<ReturnType<typeof historicClvAccumulator>['init']>;
  /** AOV state. */
  aov: ReturnType<ReturnType<typeof averageOrderValueAccumulator>['init']>;
  /** Repurchase state. */
  repurchase: ReturnType<ReturnType<typeof repurchaseRateAccumulator>['init']>;
  /** Churn state. */
  churn: ReturnType<ReturnType<typeof churnRateAccumulator>['init']>;
  /** Cohort retention state. */
  cohorts: ReturnType<ReturnType<typeof cohortRetentionAccumulator>['init']>;
}

/**
 * The full initiative + customer-value KPI suite over purchases, as one mergeable accumulator.
 *
 * Items are {@link InitiativeRecord}s (`member` records give the target/control groups,
 * `purchase` records feed every KPI; survey and external-spend records only reach the panel).
 * The suite runs the initiative panel once over `[period]` and projects it with the
 * `penetration`, `averagePurchase`, `purchaseFrequency`, `sales` and `margin` accumulators for
 * both groups; every purchase also goes to the `historicClv`, `averageOrderValue`,
 * `repurchaseRate`, `churnRate` and `cohortRetention` accumulators. So each figure equals the
 * one of the individual KPI function with the corresponding options, and `merge` of shard
 * states equals the whole, as for every accumulator.
 *
 * Memory grows with the number of customers (per-customer facts, purchase months), not with the
 * number of purchases: run it with `accumulateAsync` over a store stream or a CSV reader.
 *
 * @param options - campaign window and filters, customer-KPI periods, CLV basis, clock
 * @returns the accumulator
 * @throws {@link ValidationError} for invalid periods, basis, `now` or time zone; from `add`, as the
 *   composed accumulators (malformed purchase, a line without margin with basis `'margin'`,
 *   a contact in both groups); {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { accumulateAsync, initiativeRecordsAsync } from 'crmkit/kpi';
 * import { kpiSuiteAccumulator } from 'crmkit/kpi';
 * const period = { start: new Date('2025-01-01'), end: new Date('2025-04-01') };
 * const suite = await accumulateAsync(
 *   kpiSuiteAccumulator({ period, now: new Date('2025-07-01') }),
 *   initiativeRecordsAsync({ members: store.stream('campaignMember'), purchases: store.stream('purchase') }),
 * );
 * suite.initiative.target.penetration.rate; //=> e.g. 0.42
 * suite.initiative.control.sales.perMemberMinor; //=> e.g. 1834.5
 * suite.customer.churnRate.rate; //=> e.g. 0.31
 * ```
 */
export function kpiSuiteAccumulator(options: KpiSuiteOptions): Accumulator<InitiativeRecord, KpiSuiteState, KpiSuiteResult> {
  const filters = {
    ...(options.categories !== undefined ? { categories: options.categories } : {}),
    ...(options.campaignId !== undefined ? { campaignId: options.campaignId } : {}),
    ...(options.currency !== undefined ? { currency: options.currency } : {}),
  };
  const panel = initiativePanelAccumulator({ windows: [options.period], ...filters });
  const group = (g: 'target' | 'control') => {
    const kpi: InitiativeKpiOptions = { period: options.period, group: g, ...filters };
    return {
      penetration: penetrationAccumulator(kpi),
      averagePurchase: averagePurchaseAccumulator(kpi),
      frequency: purchaseFrequencyAccumulator(kpi),
      sales: salesAccumulator(kpi),
      margin: marginAccumulator(kpi),
    };
  };
  const target = group('target');
  const control = group('control');
  const clv = historicClvAccumulator({
    ...(options.clvBasis !== undefined ? { basis: options.clvBasis } : {}),
    ...(options.customerPeriod !== undefined ? { period: options.customerPeriod } : {}),
  });
  const aov = averageOrderValueAccumulator(options.customerPeriod !== undefined ? { period: options.customerPeriod } : {});
  const repurchase = repurchaseRateAccumulator({ period: options.repurchasePeriod ?? options.period });
  const churn = churnRateAccumulator({
    period: options.churnPeriod ?? options.period,
    ...(options.previousPeriod !== undefined ? { previousPeriod: options.previousPeriod } : {}),
  });
  const cohorts = cohortRetentionAccumulator({ now: options.now, ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}) });
  const project = (state: InitiativePanelState, g: ReturnType<typeof group>): KpiSuiteGroupResult => ({
    penetration: g.penetration.result(state),
    averagePurchase: g.averagePurchase.result(state),
    frequency: g.frequency.result(state),
    sales: g.sales.result(state),
    margin: g.margin.result(state),
  });
  return {
    init: () => ({ panel: panel.init(), clv: clv.init(), aov: aov.init(), repurchase: repurchase.init(), churn: churn.init(), cohorts: cohorts.init() }),
    add(state, item) {
      state.panel = panel.add(state.panel, item);
      if (item.kind === 'purchase') {
        const purchase = item.record;
        state.clv = clv.add(state.clv, purchase);
        state.aov = aov.add(state.aov, purchase);
        state.repurchase = repurchase.add(state.repurchase, purchase);
        state.churn = churn.add(state.churn, purchase);
        state.cohorts = cohorts.add(state.cohorts, purchase);
      }
      return state;
    },
    merge(a, b) {
      return {
        panel: panel.merge(a.panel, b.panel),
        clv: clv.merge(a.clv, b.clv),
        aov: aov.merge(a.aov, b.aov),
        repurchase: repurchase.merge(a.repurchase, b.repurchase),
        churn: churn.merge(a.churn, b.churn),
        cohorts: cohorts.merge(a.cohorts, b.cohorts),
      };
    },
    result(state) {
      return {
        initiative: { target: project(state.panel, target), control: project(state.panel, control) },
        customer: {
          historicClv: clv.result(state.clv),
          averageOrderValue: aov.result(state.aov),
          repurchaseRate: repurchase.result(state.repurchase),
          churnRate: churn.result(state.churn),
          cohortRetention: cohorts.result(state.cohorts),
        },
      };
    },
  };
}
