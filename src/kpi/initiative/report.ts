/**
 * The initiative report: every initiative KPI for the target at the three moments (before,
 * during, after) side by side with the changes, the incremental effect against the control group
 * with tests and confidence intervals, and the ROI.
 *
 * @module
 */
import type { Campaign } from '../../model/campaign';
import type { Money } from '../../model/money';
import { type Accumulator, accumulate, accumulateAsync, ratio } from '../accumulator';
import { type AwarenessResult, awarenessOf, type RedemptionResult, redemptionOf, type RetentionResult, retentionOf } from './adhesion';
import {
  type AveragePurchaseResult,
  averagePurchaseOf,
  type FrequencyResult,
  frequencyOf,
  type PenetrationResult,
  penetrationOf,
  type TrialResult,
  trialOf,
} from './behaviour';
import { type CostPerAdhesionResult, costPerAdhesionOf, type MarginResult, marginOf, type RoiResult, roiOf, type SalesResult, salesOf } from './economic';
import { initiativeMoments, type InitiativeMoments, type InitiativeMomentsOptions } from './moments';
import { type ContactFacts, initiativePanelAccumulator, type InitiativePanelState, membersOf } from './panel';
import { type NpsResult, npsOf, type ScoreIndexResult, scoreIndexOf, type ShareResult, shareOf } from './relationship';
import { type MeanComparison, type ProportionComparison, twoProportionTest, welchTTest } from './stats';
import { type InitiativeData, type InitiativeDataAsync, type InitiativeRecord, initiativeRecords, initiativeRecordsAsync } from './types';
import type { Period } from '../period';

/** The campaign fields the report reads. */
export type InitiativeCampaign = Partial<Pick<Campaign, 'id' | 'startAt' | 'endAt' | 'categories' | 'actualCost'>>;

/** Options of {@link initiativeReport}. */
export interface InitiativeReportOptions extends InitiativeMomentsOptions {
  /** Categories that count; default `campaign.categories` when not empty, else every category. */
  readonly categories?: readonly string[];
  /** What the initiative cost; default `campaign.actualCost`. Without either, cost per adhesion and ROI are `null`. */
  readonly investment?: Money;
  /** The target's margin expected *during* the campaign without it; used for ROI instead of the control group or the before-window (scaled by length for the after-window). */
  readonly baselineMargin?: Money;
  /** The currency of every amount; default the first one seen. */
  readonly currency?: string;
  /** Confidence level of the target − control intervals; default 0.95. */
  readonly confidenceLevel?: number;
}

/** Everything the report needs: the campaign and its records. */
export interface InitiativeReportInput extends InitiativeData {
  /** The campaign (its id filters members when present). */
  readonly campaign: InitiativeCampaign;
}

/** Like {@link InitiativeReportInput}, with async sources allowed. */
export interface InitiativeReportInputAsync extends InitiativeDataAsync {
  /** The campaign. */
  readonly campaign: InitiativeCampaign;
}

/** Every initiative KPI of the target for one period. */
export interface MomentKpis {
  readonly period: Period;
  readonly redemption: RedemptionResult;
  readonly retention: RetentionResult;
  readonly awareness: AwarenessResult;
  readonly trial: TrialResult;
  readonly penetration: PenetrationResult;
  readonly averagePurchase: AveragePurchaseResult;
  readonly frequency: FrequencyResult;
  readonly satisfactionIndex: ScoreIndexResult;
  readonly netPromoterScore: NpsResult;
  readonly shareOfRequirements: ShareResult;
  readonly shareOfWallet: ShareResult;
  readonly affinityIndex: ScoreIndexResult;
  readonly sales: SalesResult;
  readonly margin: MarginResult;
  readonly costPerAdhesion: CostPerAdhesionResult | null;
}

/** A change from the before-moment: absolute difference and relative change. */
export interface Change {
  /** value − before; `null` when either is `null`. */
  readonly absolute: number | null;
  /** (value − before) / |before|; `null` when either is `null` or before is 0. */
  readonly relative: number | null;
}

/** One KPI at the three moments, with the changes against before. */
export interface KpiRow {
  readonly before: number | null;
  readonly during: number | null;
  readonly after: number | null;
  readonly duringVsBefore: Change;
  readonly afterVsBefore: Change;
}

/** The headline figures of the side-by-side table, one row each. */
export const INITIATIVE_KPI_NAMES = [
  'redemptionCount',
  'redemptionRate',
  'retentionRate',
  'awarenessProduct',
  'awarenessCategory',
  'awarenessBrand',
  'trialCount',
  'trialRate',
  'penetrationCount',
  'penetrationRate',
  'unitsPerAct',
  'valuePerActMinor',
  'frequency',
  'satisfactionIndex',
  'netPromoterScore',
  'shareOfRequirementsMeanOfRatios',
  'shareOfRequirementsRatioOfSums',
  'shareOfWalletMeanOfRatios',
  'shareOfWalletRatioOfSums',
  'affinityIndex',
  'salesMinor',
  'salesPerMemberMinor',
  'marginMinor',
  'marginPerMemberMinor',
  'costPerAdhesionMinor',
] as const;

/** A headline figure of the report. */
export type InitiativeKpiName = (typeof INITIATIVE_KPI_NAMES)[number];

/** Target − control at one moment. */
export interface IncrementalEffect {
  readonly redemption: ProportionComparison | null;
  readonly penetration: ProportionComparison | null;
  readonly trial: ProportionComparison | null;
  readonly retention: ProportionComparison | null;
  readonly salesPerMember: MeanComparison | null;
  readonly marginPerMember: MeanComparison | null;
}

/** The full initiative report. */
export interface InitiativeReport {
  readonly moments: InitiativeMoments;
  /** Currency of every amount, `null` when none was seen. */
  readonly currency: string | null;
  readonly targetSize: number;
  readonly controlSize: number;
  readonly before: MomentKpis;
  readonly during: MomentKpis;
  readonly after: MomentKpis;
  /** The headline figures side by side. */
  readonly table: Readonly<Record<InitiativeKpiName, KpiRow>>;
  /** Target − control per moment; `null` without control members. */
  readonly incremental: { readonly before: IncrementalEffect; readonly during: IncrementalEffect; readonly after: IncrementalEffect } | null;
  /** ROI during and after the campaign; `null` without an investment. */
  readonly roi: { readonly during: RoiResult; readonly after: RoiResult } | null;
}

/**
 * Change of a KPI against its before-value.
 *
 * Formula: absolute = value − before; relative = (value − before) / |before| (`null` when before is 0).
 *
 * @param before - the base value
 * @param value - the compared value
 * @returns the absolute and relative change
 *
 * @example
 * ```ts
 * import { kpiChange } from 'crmkit/kpi';
 * kpiChange(0.2, 0.3); //=> { absolute: 0.09999999999999998, relative: 0.4999999999999999 }
 * kpiChange(0, 0.3);   //=> { absolute: 0.3, relative: null }
 * ```
 */
export function kpiChange(before: number | null, value: number | null): Change {
  if (before === null || value === null) return { absolute: null, relative: null };
  const absolute = value - before;
  return { absolute, relative: ratio(absolute, Math.abs(before)) };
}

function precedingPeriod(period: Period): Period {
  const length = period.end.getTime() - period.start.getTime();
  return { start: new Date(period.start.getTime() - length), end: period.start };
}

function periodLength(period: Period): number {
  return period.end.getTime() - period.start.getTime();
}

// Window indices of the report panel.
const BEFORE = 0, DURING = 1, AFTER = 2, PRE_BEFORE = 3, PRE_DURING = 4, PRE_AFTER = 5;
const MOMENTS = [
  ['before', BEFORE, PRE_BEFORE],
  ['during', DURING, PRE_DURING],
  ['after', AFTER, PRE_AFTER],
] as const;

function perMemberValues(members: readonly ContactFacts[], w: number, field: 'valueMinor' | 'marginMinor'): number[] {
  return members.map((m) => m.windows[w]?.[field] ?? 0);
}

/**
 * The initiative report as a mergeable accumulator: fold shards with `foldState`, `merge` them,
 * take the `result`.
 *
 * @param campaign - the campaign (dates, id, categories, actual cost)
 * @param options - windows, categories, investment, baseline, currency, confidence level
 * @returns the accumulator over {@link InitiativeRecord}s
 * @throws {@link ValidationError} when the campaign has no valid dates or a window is invalid
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, initiativeReportAccumulator } from 'crmkit/kpi';
 * accumulate(initiativeReportAccumulator(campaign), initiativeRecords(data)).table.penetrationRate.during; //=> 0.5
 * ```
 */
export function initiativeReportAccumulator(
  campaign: InitiativeCampaign,
  options: InitiativeReportOptions = {},
): Accumulator<InitiativeRecord, InitiativePanelState, InitiativeReport> {
  const moments = initiativeMoments(campaign, options);
  const windows = [moments.before, moments.during, moments.after, precedingPeriod(moments.before), precedingPeriod(moments.during), precedingPeriod(moments.after)];
  const categories = options.categories ?? (campaign.categories !== undefined && campaign.categories.length > 0 ? campaign.categories : undefined);
  const panel = initiativePanelAccumulator({ windows, categories, campaignId: campaign.id, currency: options.currency });
  const investment = options.investment ?? campaign.actualCost;
  const level = options.confidenceLevel ?? 0.95;

  const momentKpis = (state: InitiativePanelState, period: Period, w: number, pre: number): MomentKpis => {
    const redemption = redemptionOf(state, 'target', period);
    return {
      period,
      redemption,
      retention: retentionOf(state, 'target', pre, w),
      awareness: awarenessOf(state, 'target', w),
      trial: trialOf(state, 'target', period),
      penetration: penetrationOf(state, 'target', w),
      averagePurchase: averagePurchaseOf(state, 'target', w),
      frequency: frequencyOf(state, 'target', w),
      satisfactionIndex: scoreIndexOf(state, 'target', w, 'satisfaction'),
      netPromoterScore: npsOf(state, 'target', w),
      shareOfRequirements: shareOf(state, 'target', w, 'requirements'),
      shareOfWallet: shareOf(state, 'target', w, 'wallet'),
      affinityIndex: scoreIndexOf(state, 'target', w, 'affinity'),
      sales: salesOf(state, 'target', w),
      margin: marginOf(state, 'target', w),
      costPerAdhesion: investment === undefined ? null : costPerAdhesionOf(investment, redemption.responders),
    };
  };

  const headline = (k: MomentKpis): Record<InitiativeKpiName, number | null> => ({
    redemptionCount: k.redemption.responders,
    redemptionRate: k.redemption.rate,
    retentionRate: k.retention.rate,
    awarenessProduct: k.awareness.product.rate,
    awarenessCategory: k.awareness.category.rate,
    awarenessBrand: k.awareness.brand.rate,
    trialCount: k.trial.triers,
    trialRate: k.trial.rate,
    penetrationCount: k.penetration.buyers,
    penetrationRate: k.penetration.rate,
    unitsPerAct: k.averagePurchase.unitsPerAct,
    valuePerActMinor: k.averagePurchase.valuePerActMinor,
    frequency: k.frequency.frequency,
    satisfactionIndex: k.satisfactionIndex.index,
    netPromoterScore: k.netPromoterScore.nps,
    shareOfRequirementsMeanOfRatios: k.shareOfRequirements.meanOfRatios,
    shareOfRequirementsRatioOfSums: k.shareOfRequirements.ratioOfSums,
    shareOfWalletMeanOfRatios: k.shareOfWallet.meanOfRatios,
    shareOfWalletRatioOfSums: k.shareOfWallet.ratioOfSums,
    affinityIndex: k.affinityIndex.index,
    salesMinor: k.sales.valueMinor,
    salesPerMemberMinor: k.sales.perMemberMinor,
    marginMinor: k.margin.marginMinor,
    marginPerMemberMinor: k.margin.perMemberMinor,
    costPerAdhesionMinor: k.costPerAdhesion?.costPerAdhesionMinor ?? null,
  });

  const incrementalAt = (state: InitiativePanelState, period: Period, w: number, pre: number): IncrementalEffect => {
    const target = membersOf(state, 'target');
    const control = membersOf(state, 'control');
    const test = (t: { x: number; n: number }, c: { x: number; n: number }): ProportionComparison | null =>
      twoProportionTest({ successes: t.x, size: t.n }, { successes: c.x, size: c.n }, { confidenceLevel: level });
    const red = (g: 'target' | 'control') => { const r = redemptionOf(state, g, period); return { x: r.responders, n: r.targetSize }; };
    const pen = (g: 'target' | 'control') => { const r = penetrationOf(state, g, w); return { x: r.buyers, n: r.targetSize }; };
    const tri = (g: 'target' | 'control') => { const r = trialOf(state, g, period); return { x: r.triers, n: r.targetSize }; };
    const ret = (g: 'target' | 'control') => { const r = retentionOf(state, g, pre, w); return { x: r.retained, n: r.baseBuyers }; };
    return {
      redemption: test(red('target'), red('control')),
      penetration: test(pen('target'), pen('control')),
      trial: test(tri('target'), tri('control')),
      retention: test(ret('target'), ret('control')),
      salesPerMember: welchTTest(perMemberValues(target, w, 'valueMinor'), perMemberValues(control, w, 'valueMinor'), { confidenceLevel: level }),
      marginPerMember: welchTTest(perMemberValues(target, w, 'marginMinor'), perMemberValues(control, w, 'marginMinor'), { confidenceLevel: level }),
    };
  };

  const result = (state: InitiativePanelState): InitiativeReport => {
    const [before, during, after] = MOMENTS.map(([name, w, pre]) => momentKpis(state, moments[name], w, pre)) as [MomentKpis, MomentKpis, MomentKpis];
    const hb = headline(before), hd = headline(during), ha = headline(after);
    const table = {} as Record<InitiativeKpiName, KpiRow>;
    for (const name of INITIATIVE_KPI_NAMES) {
      table[name] = { before: hb[name], during: hd[name], after: ha[name], duringVsBefore: kpiChange(hb[name], hd[name]), afterVsBefore: kpiChange(hb[name], ha[name]) };
    }
    const controlSize = membersOf(state, 'control').length;
    const incremental =
      controlSize === 0
        ? null
        : {
            before: incrementalAt(state, moments.before, BEFORE, PRE_BEFORE),
            during: incrementalAt(state, moments.during, DURING, PRE_DURING),
            after: incrementalAt(state, moments.after, AFTER, PRE_AFTER),
          };
    const scaledBaseline = (period: Period): Money | undefined =>
      options.baselineMargin === undefined
        ? undefined
        : { currency: options.baselineMargin.currency, amountMinor: (options.baselineMargin.amountMinor * periodLength(period)) / periodLength(moments.during) };
    const roi =
      investment === undefined
        ? null
        : {
            during: roiOf(state, DURING, BEFORE, periodLength(moments.during) / periodLength(moments.before), investment, scaledBaseline(moments.during)),
            after: roiOf(state, AFTER, BEFORE, periodLength(moments.after) / periodLength(moments.before), investment, scaledBaseline(moments.after)),
          };
    return { moments, currency: state.currency, targetSize: before.redemption.targetSize, controlSize, before, during, after, table, incremental, roi };
  };

  return { init: panel.init, add: panel.add, merge: panel.merge, result };
}

/**
 * Every initiative KPI of the target at the three moments, side by side with the changes, the
 * incremental effect against the control group, and the ROI.
 *
 * Moments: {@link initiativeMoments}. At each moment M the KPIs are those of the family
 * functions with `period = M` (redemption counts first responses in M; retention takes the period
 * of the same length right before M as the base and M as the following period; cost per
 * adhesion divides the whole investment by M's responders). Changes: {@link kpiChange} of
 * during and after against before. Incremental effect (when control members exist), per moment:
 * two-proportion z-test (pooled SE for z, unpooled Wald SE for the CI) on redemption,
 * penetration, trial and retention; Welch's t-test with Welch–Satterthwaite df and a t interval
 * on sales and margin per member (0 for a member who bought nothing). ROI: see `roi` (explicit
 * baseline, else control group scaled to the target size, else the before-window scaled by
 * length); an explicit `baselineMargin` is for the during-window and is scaled by length for the
 * after-window.
 *
 * @param input - the campaign and its records (members, purchases with history, surveys, external spend)
 * @param options - windows, categories, investment, baseline, currency, confidence level
 * @returns the report
 * @throws {@link ValidationError} for an invalid campaign, window or record; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { initiativeReport } from 'crmkit/kpi';
 * const report = initiativeReport({ campaign, members, purchases });
 * report.table.penetrationRate; //=> { before: 0.25, during: 0.5, after: 0.25, duringVsBefore: { absolute: 0.25, relative: 1 }, afterVsBefore: { absolute: 0, relative: 0 } }
 * ```
 */
export function initiativeReport(input: InitiativeReportInput, options: InitiativeReportOptions = {}): InitiativeReport {
  return accumulate(initiativeReportAccumulator(input.campaign, options), initiativeRecords(input));
}

/**
 * {@link initiativeReport} over async sources (store streams, CSV readers), without holding the
 * records in memory (the state is per contact).
 *
 * @param input - the campaign and its records as sync or async iterables
 * @param options - as {@link initiativeReport}
 * @returns a promise of the report
 * @throws {@link ValidationError}; {@link CurrencyMismatchError} (as a rejected promise)
 *
 * @example
 * ```ts
 * import { initiativeReportAsync } from 'crmkit/kpi';
 * const report = await initiativeReportAsync({ campaign, members: store.stream('campaignMember'), purchases: store.stream('purchase') });
 * report.table.salesMinor.during; //=> 4000
 * ```
 */
export async function initiativeReportAsync(input: InitiativeReportInputAsync, options: InitiativeReportOptions = {}): Promise<InitiativeReport> {
  return accumulateAsync(initiativeReportAccumulator(input.campaign, options), initiativeRecordsAsync(input));
}
