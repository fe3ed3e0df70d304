/**
 * Initiative KPIs, class 2 — purchase behaviour: trial, penetration, average purchase, frequency.
 *
 * A **purchase act** is one Purchase record (one basket) with at least one line in the
 * categories; a **buyer** is a member with at least one purchase act in the period.
 *
 * @module
 */
import type { Accumulator } from '../accumulator';
import { ratio } from '../accumulator';
import { assertPeriods, type InitiativePanelState, membersOf } from './panel';
import { type InitiativeKpiOptions, projected, run, within } from './shared';
import type { InitiativeData, InitiativeRecord } from './types';
import type { Period } from '../period';

/** Trial: members whose first-ever purchase act falls in the period. */
export interface TrialResult {
  /** Members of the group. */
  readonly targetSize: number;
  /** Members who had never bought before the period (could try). */
  readonly eligible: number;
  /** Members whose first-ever purchase act is in the period. */
  readonly triers: number;
  /** triers / targetSize; `null` for an empty group. */
  readonly rate: number | null;
  /** triers / eligible; `null` when nobody was eligible. */
  readonly rateOfEligible: number | null;
}

/** @internal */
export function trialOf(state: InitiativePanelState, group: 'target' | 'control', period: Period): TrialResult {
  const members = membersOf(state, group);
  let eligible = 0;
  let triers = 0;
  for (const m of members) {
    if (m.firstPurchaseMs === null || m.firstPurchaseMs >= period.start.getTime()) eligible += 1;
    if (within(m.firstPurchaseMs, period)) triers += 1;
  }
  return { targetSize: members.length, eligible, triers, rate: ratio(triers, members.length), rateOfEligible: ratio(triers, eligible) };
}

/**
 * Accumulator of {@link trial}.
 *
 * @param options - period, group, categories
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, trialAccumulator } from 'crmkit/kpi';
 * accumulate(trialAccumulator({ period }), initiativeRecords(data)).triers; //=> 1
 * ```
 */
export function trialAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, TrialResult> {
  assertPeriods('trial options', [[options.period, ['period']]]);
  return projected(options, [], (state) => trialOf(state, options.group ?? 'target', options.period));
}

/**
 * Trial: the share of the group making its **first-ever** purchase act (in the categories) in the
 * period. Needs the purchase history before the period: a member whose earlier purchases are
 * missing from `data` would be counted as a trier.
 *
 * Formula: rate = |{m ∈ target : min(purchasedAt of m's acts) ∈ [start, end)}| / |target|;
 * also rateOfEligible = triers / |{m : no act before start}|. Source: trial rate of the CRM
 * initiative scorecard (issue 5).
 *
 * @param data - members and purchases, history included
 * @param options - period, group (default target), categories
 * @returns triers, eligible, rates (`null` for a zero denominator)
 * @throws {@link ValidationError} for an invalid period or purchase; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { trial } from 'crmkit/kpi';
 * // 4 members: c1 bought before and during, c2 first bought during, c3, c4 never
 * trial(data, { period }); //=> { targetSize: 4, eligible: 3, triers: 1, rate: 0.25, rateOfEligible: 0.3333333333333333 }
 * ```
 */
export function trial(data: InitiativeData, options: InitiativeKpiOptions): TrialResult {
  return run(trialAccumulator(options), data);
}

/** Penetration: buyers in the group, count and share. */
export interface PenetrationResult {
  /** Members of the group. */
  readonly targetSize: number;
  /** Members with at least one purchase act in the period. */
  readonly buyers: number;
  /** buyers / targetSize; `null` for an empty group. */
  readonly rate: number | null;
}

/** @internal */
export function penetrationOf(state: InitiativePanelState, group: 'target' | 'control', w: number): PenetrationResult {
  const members = membersOf(state, group);
  let buyers = 0;
  for (const m of members) if ((m.windows[w]?.acts ?? 0) > 0) buyers += 1;
  return { targetSize: members.length, buyers, rate: ratio(buyers, members.length) };
}

/**
 * Accumulator of {@link penetration}.
 *
 * @param options - period, group, categories
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, penetrationAccumulator } from 'crmkit/kpi';
 * accumulate(penetrationAccumulator({ period }), initiativeRecords(data)); //=> { targetSize: 4, buyers: 2, rate: 0.5 }
 * ```
 */
export function penetrationAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, PenetrationResult> {
  assertPeriods('penetration options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => penetrationOf(state, options.group ?? 'target', 0));
}

/**
 * Penetration: the number of buyers in the group and their share of it.
 *
 * Formula: buyers = |{m ∈ target : ≥ 1 purchase act in [start, end)}|; rate = buyers / |target|.
 * Source: penetration of the CRM initiative scorecard (issue 5).
 *
 * @param data - members and purchases
 * @param options - period, group (default target), categories
 * @returns buyers, denominator, rate (`null` for an empty group)
 * @throws {@link ValidationError} for an invalid period or purchase; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { penetration } from 'crmkit/kpi';
 * penetration(data, { period }); //=> { targetSize: 4, buyers: 2, rate: 0.5 }
 * ```
 */
export function penetration(data: InitiativeData, options: InitiativeKpiOptions): PenetrationResult {
  return run(penetrationAccumulator(options), data);
}

/** Average purchase: units and value per purchase act. */
export interface AveragePurchaseResult {
  /** The currency of the values, `null` when no amount was seen. */
  readonly currency: string | null;
  /** Purchase acts of the group's members in the period. */
  readonly acts: number;
  /** Units bought in them. */
  readonly units: number;
  /** Value bought in them, minor units. */
  readonly valueMinor: number;
  /** units / acts; `null` when there is no act. */
  readonly unitsPerAct: number | null;
  /** valueMinor / acts (minor units, not rounded); `null` when there is no act. */
  readonly valuePerActMinor: number | null;
}

/** @internal */
export function averagePurchaseOf(state: InitiativePanelState, group: 'target' | 'control', w: number): AveragePurchaseResult {
  let acts = 0, units = 0, valueMinor = 0;
  for (const m of membersOf(state, group)) {
    const f = m.windows[w];
    if (f === undefined) continue;
    acts += f.acts; units += f.units; valueMinor += f.valueMinor;
  }
  return { currency: state.currency, acts, units, valueMinor, unitsPerAct: ratio(units, acts), valuePerActMinor: ratio(valueMinor, acts) };
}

/**
 * Accumulator of {@link averagePurchase}.
 *
 * @param options - period, group, categories, currency
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, averagePurchaseAccumulator, initiativeRecords } from 'crmkit/kpi';
 * accumulate(averagePurchaseAccumulator({ period }), initiativeRecords(data)).unitsPerAct; //=> 2
 * ```
 */
export function averagePurchaseAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, AveragePurchaseResult> {
  assertPeriods('average purchase options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => averagePurchaseOf(state, options.group ?? 'target', 0));
}

/**
 * Average purchase: units and value per purchase act of the group's members in the period.
 *
 * Formulas: unitsPerAct = Σ line quantities / number of acts; valuePerAct = Σ line values / number
 * of acts (only lines in the categories). Source: average basket of the CRM initiative scorecard
 * (issue 5).
 *
 * @param data - members and purchases
 * @param options - period, group (default target), categories, currency
 * @returns totals and averages (`null` when there is no act)
 * @throws {@link ValidationError} for an invalid period or purchase; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { averagePurchase } from 'crmkit/kpi';
 * // acts: 3 units / €30.00, 1 unit / €10.00
 * averagePurchase(data, { period });
 * //=> { currency: 'EUR', acts: 2, units: 4, valueMinor: 4000, unitsPerAct: 2, valuePerActMinor: 2000 }
 * ```
 */
export function averagePurchase(data: InitiativeData, options: InitiativeKpiOptions): AveragePurchaseResult {
  return run(averagePurchaseAccumulator(options), data);
}

/** Frequency: purchase acts per buyer. */
export interface FrequencyResult {
  /** Members with at least one act in the period. */
  readonly buyers: number;
  /** Their purchase acts in the period. */
  readonly acts: number;
  /** acts / buyers; `null` when there is no buyer. */
  readonly frequency: number | null;
}

/** @internal */
export function frequencyOf(state: InitiativePanelState, group: 'target' | 'control', w: number): FrequencyResult {
  let buyers = 0, acts = 0;
  for (const m of membersOf(state, group)) {
    const a = m.windows[w]?.acts ?? 0;
    if (a > 0) { buyers += 1; acts += a; }
  }
  return { buyers, acts, frequency: ratio(acts, buyers) };
}

/**
 * Accumulator of {@link purchaseFrequency}.
 *
 * @param options - period, group, categories
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, purchaseFrequencyAccumulator } from 'crmkit/kpi';
 * accumulate(purchaseFrequencyAccumulator({ period }), initiativeRecords(data)).frequency; //=> 1.5
 * ```
 */
export function purchaseFrequencyAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, FrequencyResult> {
  assertPeriods('frequency options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => frequencyOf(state, options.group ?? 'target', 0));
}

/**
 * Purchase frequency: purchase acts per buyer of the group in the period.
 *
 * Formula: frequency = Σ acts of buyers / number of buyers. Source: purchase frequency of the
 * CRM initiative scorecard (issue 5).
 *
 * @param data - members and purchases
 * @param options - period, group (default target), categories
 * @returns buyers, acts, frequency (`null` when there is no buyer)
 * @throws {@link ValidationError} for an invalid period or purchase; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { purchaseFrequency } from 'crmkit/kpi';
 * // c1 bought twice, c2 once
 * purchaseFrequency(data, { period }); //=> { buyers: 2, acts: 3, frequency: 1.5 }
 * ```
 */
export function purchaseFrequency(data: InitiativeData, options: InitiativeKpiOptions): FrequencyResult {
  return run(purchaseFrequencyAccumulator(options), data);
}
