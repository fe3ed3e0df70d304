/**
 * Initiative KPIs, class 4 — economic: sales, margin, cost per adhesion, ROI.
 *
 * Amounts are integer minor units of one currency (every amount seen must share it, else
 * {@link CurrencyMismatchError}); averages are not rounded.
 *
 * @module
 */
import { CurrencyMismatchError, ValidationError } from '../../errors';
import type { Money } from '../../model/money';
import type { Accumulator } from '../accumulator';
import { ratio } from '../accumulator';
import { redemptionOf, type RedemptionOptions } from './adhesion';
import { assertPeriods, type InitiativePanelState, membersOf } from './panel';
import { type InitiativeKpiOptions, projected, run } from './shared';
import type { InitiativeData, InitiativeRecord } from './types';
import type { Period } from '../period';

/** Sales of the group in the period. */
export interface SalesResult {
  /** Currency of the amounts, `null` when none was seen. */
  readonly currency: string | null;
  /** Members of the group. */
  readonly targetSize: number;
  /** Σ value of the members' purchase lines in the categories, minor units. */
  readonly valueMinor: number;
  /** valueMinor / targetSize (non-buyers count as 0); `null` for an empty group. */
  readonly perMemberMinor: number | null;
}

/** @internal */
export function salesOf(state: InitiativePanelState, group: 'target' | 'control', w: number): SalesResult {
  const members = membersOf(state, group);
  let valueMinor = 0;
  for (const m of members) valueMinor += m.windows[w]?.valueMinor ?? 0;
  return { currency: state.currency, targetSize: members.length, valueMinor, perMemberMinor: ratio(valueMinor, members.length) };
}

/**
 * Accumulator of {@link sales}.
 *
 * @param options - period, group, categories, currency
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, salesAccumulator } from 'crmkit/kpi';
 * accumulate(salesAccumulator({ period }), initiativeRecords(data)).valueMinor; //=> 4000
 * ```
 */
export function salesAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, SalesResult> {
  assertPeriods('sales options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => salesOf(state, options.group ?? 'target', 0));
}

/**
 * Sales: the value bought by the group's members in the period, in total and per member.
 *
 * Formula: sales = Σ line.value over the members' purchase acts in [start, end), lines in the
 * categories; perMember = sales / |group|. Source: CRM initiative scorecard (issue 5).
 *
 * @param data - members and purchases
 * @param options - period, group (default target), categories, currency
 * @returns total and per-member value in minor units
 * @throws {@link ValidationError} for an invalid period or purchase; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { sales } from 'crmkit/kpi';
 * // 4 members, acts of €30.00 and €10.00
 * sales(data, { period }); //=> { currency: 'EUR', targetSize: 4, valueMinor: 4000, perMemberMinor: 1000 }
 * ```
 */
export function sales(data: InitiativeData, options: InitiativeKpiOptions): SalesResult {
  return run(salesAccumulator(options), data);
}

/** Margin of the group in the period. */
export interface MarginResult {
  /** Currency of the amounts, `null` when none was seen. */
  readonly currency: string | null;
  /** Members of the group. */
  readonly targetSize: number;
  /** Σ line.margin over acts whose every counted line has a margin, minor units. */
  readonly marginMinor: number;
  /** Acts left out of `marginMinor` because a counted line has no margin. */
  readonly actsWithoutMargin: number;
  /** marginMinor / targetSize; `null` for an empty group. */
  readonly perMemberMinor: number | null;
}

/** @internal */
export function marginOf(state: InitiativePanelState, group: 'target' | 'control', w: number): MarginResult {
  const members = membersOf(state, group);
  let marginMinor = 0, actsWithoutMargin = 0;
  for (const m of members) {
    marginMinor += m.windows[w]?.marginMinor ?? 0;
    actsWithoutMargin += m.windows[w]?.actsWithoutMargin ?? 0;
  }
  return { currency: state.currency, targetSize: members.length, marginMinor, actsWithoutMargin, perMemberMinor: ratio(marginMinor, members.length) };
}

/**
 * Accumulator of {@link margin}.
 *
 * @param options - period, group, categories, currency
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, marginAccumulator } from 'crmkit/kpi';
 * accumulate(marginAccumulator({ period }), initiativeRecords(data)).marginMinor; //=> 1200
 * ```
 */
export function marginAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, MarginResult> {
  assertPeriods('margin options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => marginOf(state, options.group ?? 'target', 0));
}

/**
 * Margin: the gross margin of the group's purchase acts in the period (like `purchaseMargin`, an
 * act with a counted line lacking a margin is left out and counted in `actsWithoutMargin`).
 *
 * Formula: margin = Σ line.margin over the members' acts in [start, end) with every counted line
 * carrying a margin; perMember = margin / |group|. Source: CRM initiative scorecard (issue 5).
 *
 * @param data - members and purchases
 * @param options - period, group (default target), categories, currency
 * @returns total and per-member margin in minor units
 * @throws {@link ValidationError} for an invalid period or purchase; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { margin } from 'crmkit/kpi';
 * // 4 members, acts with margins €9.00 and €3.00
 * margin(data, { period }); //=> { currency: 'EUR', targetSize: 4, marginMinor: 1200, actsWithoutMargin: 0, perMemberMinor: 300 }
 * ```
 */
export function margin(data: InitiativeData, options: InitiativeKpiOptions): MarginResult {
  return run(marginAccumulator(options), data);
}

/** Cost per adhesion. */
export interface CostPerAdhesionResult {
  /** Currency of the investment. */
  readonly currency: string;
  /** The investment, minor units. */
  readonly investmentMinor: number;
  /** Responders (adhesions). */
  readonly adhesions: number;
  /** investmentMinor / adhesions; `null` when nobody adhered. */
  readonly costPerAdhesionMinor: number | null;
}

function checkInvestment(investment: Money, path: readonly PropertyKey[]): void {
  if (!Number.isSafeInteger(investment.amountMinor) || investment.amountMinor < 0) {
    throw new ValidationError('investment', [{ code: 'custom', path, message: `An investment is a non-negative integer of minor units, got ${investment.amountMinor}` }]);
  }
}

/** Options of {@link costPerAdhesion}. */
export type CostPerAdhesionOptions = RedemptionOptions & {
  /** What the initiative cost (typically `campaign.actualCost`); not negative. */
  readonly investment: Money;
};

/** @internal */
export function costPerAdhesionOf(investment: Money, adhesions: number): CostPerAdhesionResult {
  return { currency: investment.currency, investmentMinor: investment.amountMinor, adhesions, costPerAdhesionMinor: ratio(investment.amountMinor, adhesions) };
}

/**
 * Accumulator of {@link costPerAdhesion}.
 *
 * @param options - investment, optional period, group
 * @returns the accumulator
 * @throws {@link ValidationError} for a negative investment or an invalid period
 *
 * @example
 * ```ts
 * import { accumulate, costPerAdhesionAccumulator, initiativeRecords } from 'crmkit/kpi';
 * accumulate(costPerAdhesionAccumulator({ investment: { amountMinor: 10000, currency: 'EUR' } }), initiativeRecords({ members })).costPerAdhesionMinor; //=> 10000
 * ```
 */
export function costPerAdhesionAccumulator(options: CostPerAdhesionOptions): Accumulator<InitiativeRecord, InitiativePanelState, CostPerAdhesionResult> {
  checkInvestment(options.investment, ['investment', 'amountMinor']);
  const period = options.period ?? null;
  if (period !== null) assertPeriods('cost per adhesion options', [[period, ['period']]]);
  return projected(options, [], (state) => costPerAdhesionOf(options.investment, redemptionOf(state, options.group ?? 'target', period).responders));
}

/**
 * Cost per adhesion: what the initiative cost per member who responded.
 *
 * Formula: investment / responders, responders as in `redemption` (members with
 * `responded: true`, first response in the period when one is given). Source: cost per
 * redemption of the CRM initiative scorecard (issue 5).
 *
 * @param data - the members
 * @param options - investment, optional period, group (default target)
 * @returns investment, adhesions and the cost per adhesion (`null` when nobody adhered)
 * @throws {@link ValidationError} for a negative investment or an invalid period
 *
 * @example
 * ```ts
 * import { costPerAdhesion } from 'crmkit/kpi';
 * // €100.00 spent, 1 responder of 4 members
 * costPerAdhesion({ members }, { investment: { amountMinor: 10000, currency: 'EUR' } });
 * //=> { currency: 'EUR', investmentMinor: 10000, adhesions: 1, costPerAdhesionMinor: 10000 }
 * ```
 */
export function costPerAdhesion(data: InitiativeData, options: CostPerAdhesionOptions): CostPerAdhesionResult {
  return run(costPerAdhesionAccumulator(options), data);
}

/** How the incremental margin was obtained. */
export type IncrementalMarginMethod = 'explicit-baseline' | 'control-group' | 'before-period';

/** Return on investment of an initiative. */
export interface RoiResult {
  /** How the incremental margin was obtained. */
  readonly method: IncrementalMarginMethod;
  /** Currency of the amounts. */
  readonly currency: string;
  /** Margin of the target in the period, minor units. */
  readonly targetMarginMinor: number;
  /** The margin the target would have made without the initiative, minor units (not rounded). */
  readonly baselineMarginMinor: number;
  /** targetMargin − baselineMargin. */
  readonly incrementalMarginMinor: number;
  /** The investment, minor units. */
  readonly costMinor: number;
  /** (incremental margin − cost) / cost; `null` when the cost is 0. */
  readonly roi: number | null;
}

/**
 * ROI from an incremental margin and a cost.
 *
 * Formula: ROI = (incremental margin − cost) / cost. Source: CRM initiative scorecard (issue 5).
 *
 * @param incrementalMarginMinor - the margin due to the initiative, minor units
 * @param costMinor - what it cost, minor units, not negative
 * @returns the ROI, `null` when the cost is 0
 * @throws {@link ValidationError} for a negative or non-finite cost
 *
 * @example
 * ```ts
 * import { returnOnInvestment } from 'crmkit/kpi';
 * returnOnInvestment(15000, 10000); //=> 0.5
 * returnOnInvestment(15000, 0);     //=> null
 * ```
 */
export function returnOnInvestment(incrementalMarginMinor: number, costMinor: number): number | null {
  if (!Number.isFinite(costMinor) || costMinor < 0) {
    throw new ValidationError('ROI input', [{ code: 'custom', path: ['costMinor'], message: `A cost is a non-negative number, got ${costMinor}` }]);
  }
  return ratio(incrementalMarginMinor - costMinor, costMinor);
}

/** Options of {@link roi}. */
export type RoiOptions = Omit<InitiativeKpiOptions, 'group'> & {
  /** What the initiative cost (typically `campaign.actualCost`). */
  readonly investment: Money;
  /** The margin the target would have made in `period` without the initiative; wins over every other method. */
  readonly baselineMargin?: Money;
  /** Baseline period when there is no control group and no explicit baseline; default the same length right before `period`. */
  readonly baselinePeriod?: Period;
};

/** @internal */
export function roiOf(
  state: InitiativePanelState,
  w: number,
  baselineW: number,
  lengthRatio: number,
  investment: Money,
  baselineMargin: Money | undefined,
): RoiResult {
  const currency = state.currency ?? investment.currency;
  for (const money of [investment, baselineMargin]) {
    if (money !== undefined && money.currency.toUpperCase() !== currency) throw new CurrencyMismatchError([currency, money.currency]);
  }
  const target = marginOf(state, 'target', w);
  const control = marginOf(state, 'control', w);
  let method: IncrementalMarginMethod;
  let baselineMarginMinor: number;
  if (baselineMargin !== undefined) {
    method = 'explicit-baseline';
    baselineMarginMinor = baselineMargin.amountMinor;
  } else if (control.targetSize > 0) {
    method = 'control-group';
    baselineMarginMinor = (control.marginMinor * target.targetSize) / control.targetSize;
  } else {
    method = 'before-period';
    baselineMarginMinor = marginOf(state, 'target', baselineW).marginMinor * lengthRatio;
  }
  const incrementalMarginMinor = target.marginMinor - baselineMarginMinor;
  return {
    method,
    currency,
    targetMarginMinor: target.marginMinor,
    baselineMarginMinor,
    incrementalMarginMinor,
    costMinor: investment.amountMinor,
    roi: returnOnInvestment(incrementalMarginMinor, investment.amountMinor),
  };
}

/**
 * Accumulator of {@link roi}.
 *
 * @param options - period, investment, optional baseline margin or period, categories
 * @returns the accumulator
 * @throws {@link ValidationError} for a negative investment or an invalid period
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, roiAccumulator } from 'crmkit/kpi';
 * accumulate(roiAccumulator({ period, investment }), initiativeRecords(data)).roi; //=> 0.5
 * ```
 */
export function roiAccumulator(options: RoiOptions): Accumulator<InitiativeRecord, InitiativePanelState, RoiResult> {
  checkInvestment(options.investment, ['investment', 'amountMinor']);
  const length = options.period.end.getTime() - options.period.start.getTime();
  const baselinePeriod = options.baselinePeriod ?? { start: new Date(options.period.start.getTime() - length), end: options.period.start };
  assertPeriods('ROI options', [[options.period, ['period']], [baselinePeriod, ['baselinePeriod']]]);
  const lengthRatio = length / (baselinePeriod.end.getTime() - baselinePeriod.start.getTime());
  return projected(options, [options.period, baselinePeriod], (state) =>
    roiOf(state, 0, 1, lengthRatio, options.investment, options.baselineMargin),
  );
}

/**
 * Return on investment of the initiative over a period.
 *
 * Formula: ROI = (incremental margin − cost) / cost, incremental margin = target margin −
 * baseline margin, the baseline chosen in this order:
 * 1. `baselineMargin` when the caller passes one (`explicit-baseline`);
 * 2. else, when control members exist, control margin × |target| / |control| — the control's
 *    margin scaled to the target's size (`control-group`);
 * 3. else the target's margin in `baselinePeriod` (default: same length right before `period`)
 *    × length(period) / length(baselinePeriod) (`before-period`).
 * The control group is preferred to a before/after comparison because it removes seasonality
 * and market trends. Margin as in {@link margin}. Source: CRM initiative scorecard (issue 5).
 *
 * @param data - members (target and control) and purchases
 * @param options - period, investment, optional explicit baseline or baseline period, categories
 * @returns method, margins, cost and ROI (`null` when the cost is 0)
 * @throws {@link ValidationError} for invalid periods or records; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { roi } from 'crmkit/kpi';
 * // target (4 members) margin €300.00; control (2 members) margin €50.00 → baseline 50 × 4/2 = €100.00
 * // incremental €200.00, cost €100.00 → (200 − 100) / 100
 * roi(data, { period, investment: { amountMinor: 10000, currency: 'EUR' } }).roi; //=> 1
 * ```
 */
export function roi(data: InitiativeData, options: RoiOptions): RoiResult {
  return run(roiAccumulator(options), data);
}
