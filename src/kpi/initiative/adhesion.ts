/**
 * Initiative KPIs, class 1 — adhesion of the target: redemption, retention, awareness.
 *
 * @module
 */
import type { Accumulator } from '../accumulator';
import { ratio } from '../accumulator';
import { assertPeriods, type InitiativePanelState, membersOf } from './panel';
import { type InitiativeKpiOptions, projected, run, within } from './shared';
import type { InitiativeData, InitiativeRecord } from './types';
import type { Period } from '../period';

/** Redemption: how many members responded (adhered), of how many. */
export interface RedemptionResult {
  /** Members of the group (the denominator). */
  readonly targetSize: number;
  /** Members who responded (in the period, when one is given). */
  readonly responders: number;
  /** responders / targetSize; `null` for an empty group. */
  readonly rate: number | null;
}

/** Options of {@link redemption}: like {@link InitiativeKpiOptions} but the period is optional. */
export type RedemptionOptions = Omit<InitiativeKpiOptions, 'period'> & {
  /** Count only first responses in this period; default every response. */
  readonly period?: Period;
};

/** @internal */
export function redemptionOf(state: InitiativePanelState, group: 'target' | 'control', period: Period | null): RedemptionResult {
  const members = membersOf(state, group);
  let responders = 0;
  for (const m of members) if (m.responded && (period === null || within(m.respondedAtMs, period))) responders += 1;
  return { targetSize: members.length, responders, rate: ratio(responders, members.length) };
}

/**
 * Accumulator of {@link redemption}.
 *
 * @param options - period (optional), group, campaign
 * @returns the accumulator over {@link InitiativeRecord}s
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, redemptionAccumulator } from 'crmkit/kpi';
 * accumulate(redemptionAccumulator({}), initiativeRecords({ members })); //=> { targetSize: 4, responders: 1, rate: 0.25 }
 * ```
 */
export function redemptionAccumulator(options: RedemptionOptions = {}): Accumulator<InitiativeRecord, InitiativePanelState, RedemptionResult> {
  const period = options.period ?? null;
  if (period !== null) assertPeriods('redemption options', [[period, ['period']]]);
  return projected(options, [], (state) => redemptionOf(state, options.group ?? 'target', period));
}

/**
 * Redemption (adhesion): the number and share of the target's members who responded to the
 * campaign — took the coupon, joined, answered.
 *
 * Formula: rate = |{m ∈ target : m.responded (and m.firstRespondedAt ∈ [start, end) when a
 * period is given)}| / |target|. A **responder** is a member with `responded: true`
 * (CampaignMember). Source: the classic CRM initiative scorecard (redemption rate of a
 * promotion); issue 5.
 *
 * @param data - the members (other records are ignored)
 * @param options - optional period, group (default target), campaign
 * @returns count, denominator and rate (`null` for an empty group)
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { redemption } from 'crmkit/kpi';
 * redemption({ members: [responder, nonResponder, nonResponder, nonResponder] });
 * //=> { targetSize: 4, responders: 1, rate: 0.25 }
 * ```
 */
export function redemption(data: InitiativeData, options: RedemptionOptions = {}): RedemptionResult {
  return run(redemptionAccumulator(options), data);
}

/** Retention: of the group's buyers in a base period, how many still buy in the following one. */
export interface RetentionResult {
  /** Members who bought in the base period (the denominator). */
  readonly baseBuyers: number;
  /** Of them, those who also bought in the following period. */
  readonly retained: number;
  /** retained / baseBuyers; `null` when nobody bought in the base period. */
  readonly rate: number | null;
}

/** Options of {@link retention}. */
export type RetentionOptions = InitiativeKpiOptions & {
  /** The following period; default the period of the same length right after `period`. */
  readonly followingPeriod?: Period;
};

/** @internal */
export function retentionOf(state: InitiativePanelState, group: 'target' | 'control', base: number, following: number): RetentionResult {
  let baseBuyers = 0;
  let retained = 0;
  for (const m of membersOf(state, group)) {
    if ((m.windows[base]?.acts ?? 0) === 0) continue;
    baseBuyers += 1;
    if ((m.windows[following]?.acts ?? 0) > 0) retained += 1;
  }
  return { baseBuyers, retained, rate: ratio(retained, baseBuyers) };
}

/**
 * The period of the same length right after `period`: [end, end + (end − start)).
 *
 * @param period - a period
 * @returns the following period
 *
 * @example
 * ```ts
 * import { followingPeriod } from 'crmkit/kpi';
 * followingPeriod({ start: new Date('2025-01-01'), end: new Date('2025-02-01') });
 * //=> { start: 2025-02-01, end: 2025-03-04 } (31 days later)
 * ```
 */
export function followingPeriod(period: Period): Period {
  const length = period.end.getTime() - period.start.getTime();
  return { start: period.end, end: new Date(period.end.getTime() + length) };
}

/**
 * Accumulator of {@link retention}.
 *
 * @param options - base period, optional following period, group, categories
 * @returns the accumulator
 * @throws {@link ValidationError} when a period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, retentionAccumulator } from 'crmkit/kpi';
 * accumulate(retentionAccumulator({ period: q1 }), initiativeRecords(data)); //=> { baseBuyers: 2, retained: 1, rate: 0.5 }
 * ```
 */
export function retentionAccumulator(options: RetentionOptions): Accumulator<InitiativeRecord, InitiativePanelState, RetentionResult> {
  const following = options.followingPeriod ?? followingPeriod(options.period);
  assertPeriods('retention options', [[options.period, ['period']], [following, ['followingPeriod']]]);
  return projected(options, [options.period, following], (state) => retentionOf(state, options.group ?? 'target', 0, 1));
}

/**
 * Retention: the share of the group's **buyers** in a period who **still buy** in the following
 * period.
 *
 * Formula: B = {m ∈ target : m made ≥ 1 purchase act in `period`}; rate = |{m ∈ B : m made ≥ 1
 * purchase act in `followingPeriod`}| / |B|. The following period defaults to the same length
 * right after `period`. A **purchase act** is one Purchase record with at least one line in the
 * categories. Source: repeat-buying retention as used in the CRM initiative scorecard (issue 5);
 * in {@link initiativeReport} the retention shown at a moment M takes M as the following period
 * and the period of the same length right before M as the base.
 *
 * @param data - members and purchases
 * @param options - base period, optional following period, group (default target), categories
 * @returns base buyers, retained and rate (`null` when nobody bought in the base period)
 * @throws {@link ValidationError} for an invalid period or purchase; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { retention } from 'crmkit/kpi';
 * // c1 and c2 bought in January, only c1 bought again in February
 * retention(data, { period: january, followingPeriod: february }); //=> { baseBuyers: 2, retained: 1, rate: 0.5 }
 * ```
 */
export function retention(data: InitiativeData, options: RetentionOptions): RetentionResult {
  return run(retentionAccumulator(options), data);
}

/** Awareness for one object (product, category or brand). */
export interface AwarenessShare {
  /** Responses saying aware. */
  readonly aware: number;
  /** Responses answering the question (the denominator). */
  readonly surveyed: number;
  /** aware / surveyed; `null` when nobody answered. */
  readonly rate: number | null;
}

/** Awareness of product, category and brand among the surveyed members. */
export interface AwarenessResult {
  readonly product: AwarenessShare;
  readonly category: AwarenessShare;
  readonly brand: AwarenessShare;
}

/** @internal */
export function awarenessOf(state: InitiativePanelState, group: 'target' | 'control', w: number): AwarenessResult {
  let ap = 0, sp = 0, ac = 0, sc = 0, ab = 0, sb = 0;
  for (const m of membersOf(state, group)) {
    const f = m.windows[w];
    if (f === undefined) continue;
    ap += f.awareProduct; sp += f.surveyedProduct;
    ac += f.awareCategory; sc += f.surveyedCategory;
    ab += f.awareBrand; sb += f.surveyedBrand;
  }
  return {
    product: { aware: ap, surveyed: sp, rate: ratio(ap, sp) },
    category: { aware: ac, surveyed: sc, rate: ratio(ac, sc) },
    brand: { aware: ab, surveyed: sb, rate: ratio(ab, sb) },
  };
}

/**
 * Accumulator of {@link awareness}.
 *
 * @param options - period, group
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, awarenessAccumulator, initiativeRecords } from 'crmkit/kpi';
 * accumulate(awarenessAccumulator({ period }), initiativeRecords(data)).brand.rate; //=> 0.5
 * ```
 */
export function awarenessAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, AwarenessResult> {
  assertPeriods('awareness options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => awarenessOf(state, options.group ?? 'target', 0));
}

/**
 * Awareness: the share of surveyed members aware of the product, the category and the brand,
 * from `SurveyResponse.aware`.
 *
 * Formula (per object X ∈ {product, category, brand}): rate_X = |responses with aware.X = true| /
 * |responses with aware.X answered|, over responses of the group's members with `respondedAt` in
 * the period. Each response is one observation (deduplicate upstream if a contact answered twice).
 * Source: awareness as measured by survey in the CRM initiative scorecard (issue 5).
 *
 * @param data - members and survey responses
 * @param options - period, group (default target)
 * @returns aware, surveyed and rate for each object (`null` when nobody answered)
 * @throws {@link ValidationError} for an invalid period or survey response
 *
 * @example
 * ```ts
 * import { awareness } from 'crmkit/kpi';
 * // two responses: { brand: true, product: false } and { brand: false }
 * awareness(data, { period }).brand; //=> { aware: 1, surveyed: 2, rate: 0.5 }
 * awareness(data, { period }).product; //=> { aware: 0, surveyed: 1, rate: 0 }
 * ```
 */
export function awareness(data: InitiativeData, options: InitiativeKpiOptions): AwarenessResult {
  return run(awarenessAccumulator(options), data);
}
