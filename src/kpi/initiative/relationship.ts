/**
 * Initiative KPIs, class 3 — relationship: customer satisfaction index, NPS, share of
 * requirements, share of wallet, affinity index.
 *
 * @module
 */
import type { Accumulator } from '../accumulator';
import { ratio } from '../accumulator';
import { assertPeriods, type InitiativePanelState, membersOf } from './panel';
import { type InitiativeKpiOptions, projected, run } from './shared';
import type { InitiativeData, InitiativeRecord } from './types';

/** A 0–100 index from survey scores. */
export interface ScoreIndexResult {
  /** Responses with a score in the period. */
  readonly responses: number;
  /** Mean rescaled score, 0–100; `null` when there is no response. */
  readonly index: number | null;
}

/** @internal */
export function scoreIndexOf(state: InitiativePanelState, group: 'target' | 'control', w: number, which: 'satisfaction' | 'affinity'): ScoreIndexResult {
  let sum = 0, n = 0;
  for (const m of membersOf(state, group)) {
    const f = m.windows[w];
    if (f === undefined) continue;
    if (which === 'satisfaction') { sum += f.satisfactionSum; n += f.satisfactionCount; }
    else { sum += f.affinitySum; n += f.affinityCount; }
  }
  return { responses: n, index: ratio(sum, n) };
}

/**
 * Accumulator of {@link satisfactionIndex}.
 *
 * @param options - period, group
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, satisfactionIndexAccumulator } from 'crmkit/kpi';
 * accumulate(satisfactionIndexAccumulator({ period }), initiativeRecords(data)).index; //=> 75
 * ```
 */
export function satisfactionIndexAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, ScoreIndexResult> {
  assertPeriods('satisfaction options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => scoreIndexOf(state, options.group ?? 'target', 0, 'satisfaction'));
}

/**
 * Customer satisfaction index: the mean satisfaction of the group's survey responses in the
 * period, each rescaled from its own declared scale to 0–100.
 *
 * Formula: CSI = mean over responses of 100 · (value − scaleMin) / (scaleMax − scaleMin), so a 4
 * on 1–5 and a 7.5 on 0–10 both give 75. Source: customer satisfaction index of the CRM initiative
 * scorecard (issue 5); linear rescaling as in ACSI-style 0–100 indices.
 *
 * @param data - members and survey responses
 * @param options - period, group (default target)
 * @returns responses counted and the index (`null` when none)
 * @throws {@link ValidationError} for an invalid period, or a score outside its scale
 *
 * @example
 * ```ts
 * import { satisfactionIndex } from 'crmkit/kpi';
 * // 4 on 1–5 → 75; 10 on 0–10 → 100; 1 on 1–5 → 0
 * satisfactionIndex(data, { period }); //=> { responses: 3, index: 58.333333333333336 }
 * ```
 */
export function satisfactionIndex(data: InitiativeData, options: InitiativeKpiOptions): ScoreIndexResult {
  return run(satisfactionIndexAccumulator(options), data);
}

/**
 * Accumulator of {@link affinityIndex}.
 *
 * @param options - period, group
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, affinityIndexAccumulator, initiativeRecords } from 'crmkit/kpi';
 * accumulate(affinityIndexAccumulator({ period }), initiativeRecords(data)).index; //=> 50
 * ```
 */
export function affinityIndexAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, ScoreIndexResult> {
  assertPeriods('affinity options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => scoreIndexOf(state, options.group ?? 'target', 0, 'affinity'));
}

/**
 * Affinity index: the mean declared affinity with the brand of the group's survey responses in
 * the period, each rescaled from its own scale to 0–100.
 *
 * Formula: index = mean over responses of 100 · (value − scaleMin) / (scaleMax − scaleMin).
 * Source: affinity index of the CRM initiative scorecard (issue 5).
 *
 * @param data - members and survey responses
 * @param options - period, group (default target)
 * @returns responses counted and the index (`null` when none)
 * @throws {@link ValidationError} for an invalid period, or a score outside its scale
 *
 * @example
 * ```ts
 * import { affinityIndex } from 'crmkit/kpi';
 * // 3 on 1–5 → 50
 * affinityIndex(data, { period }); //=> { responses: 1, index: 50 }
 * ```
 */
export function affinityIndex(data: InitiativeData, options: InitiativeKpiOptions): ScoreIndexResult {
  return run(affinityIndexAccumulator(options), data);
}

/** Net promoter score. */
export interface NpsResult {
  /** Answers 9–10. */
  readonly promoters: number;
  /** Answers 7–8. */
  readonly passives: number;
  /** Answers 0–6. */
  readonly detractors: number;
  /** All answers. */
  readonly responses: number;
  /** 100 · (promoters − detractors) / responses, in −100..100; `null` when none. */
  readonly nps: number | null;
}

/** @internal */
export function npsOf(state: InitiativePanelState, group: 'target' | 'control', w: number): NpsResult {
  let promoters = 0, passives = 0, detractors = 0;
  for (const m of membersOf(state, group)) {
    const f = m.windows[w];
    if (f === undefined) continue;
    promoters += f.promoters; passives += f.passives; detractors += f.detractors;
  }
  const responses = promoters + passives + detractors;
  const share = ratio(promoters - detractors, responses);
  return { promoters, passives, detractors, responses, nps: share === null ? null : 100 * share };
}

/**
 * Accumulator of {@link netPromoterScore}.
 *
 * @param options - period, group
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, netPromoterScoreAccumulator } from 'crmkit/kpi';
 * accumulate(netPromoterScoreAccumulator({ period }), initiativeRecords(data)).nps; //=> 25
 * ```
 */
export function netPromoterScoreAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, NpsResult> {
  assertPeriods('NPS options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => npsOf(state, options.group ?? 'target', 0));
}

/**
 * Net promoter score of the group's survey responses in the period.
 *
 * Formula: NPS = 100 · (promoters − detractors) / responses, promoters answering 9–10, passives
 * 7–8, detractors 0–6; range −100..100. Source: Reichheld, "The One Number You Need to Grow",
 * HBR 2003.
 *
 * @param data - members and survey responses
 * @param options - period, group (default target)
 * @returns counts and the score (`null` when nobody answered)
 * @throws {@link ValidationError} for an invalid period, or an answer outside 0–10
 *
 * @example
 * ```ts
 * import { netPromoterScore } from 'crmkit/kpi';
 * // answers 10, 9, 7, 3 → 2 promoters, 1 passive, 1 detractor
 * netPromoterScore(data, { period }); //=> { promoters: 2, passives: 1, detractors: 1, responses: 4, nps: 25 }
 * ```
 */
export function netPromoterScore(data: InitiativeData, options: InitiativeKpiOptions): NpsResult {
  return run(netPromoterScoreAccumulator(options), data);
}

/** One customer's share (of requirements or of wallet). */
export interface CustomerShare {
  /** The contact. */
  readonly contactId: string;
  /** Ours: purchase acts (requirements) or value in minor units (wallet). */
  readonly ours: number;
  /** Elsewhere, prorated to the period. */
  readonly external: number;
  /** ours / (ours + external). */
  readonly share: number;
}

/** A share (of requirements or wallet) per customer and in aggregate. */
export interface ShareResult {
  /** One entry per member with ours + external > 0, sorted by contact id. */
  readonly customers: readonly CustomerShare[];
  /** Members left out because an overlapping external-spend record lacked `purchaseActs` (requirements only). */
  readonly excluded: number;
  /** Mean of the customers' ratios (each customer weighs the same); `null` when there is none. */
  readonly meanOfRatios: number | null;
  /** Σ ours / Σ (ours + external) (each act or unit of money weighs the same); `null` when the total is 0. */
  readonly ratioOfSums: number | null;
}

/** @internal */
export function shareOf(state: InitiativePanelState, group: 'target' | 'control', w: number, what: 'requirements' | 'wallet'): ShareResult {
  const customers: CustomerShare[] = [];
  let excluded = 0, sumOurs = 0, sumAll = 0, sumRatios = 0;
  for (const [contactId, m] of state.contacts) {
    if (m.group !== group) continue;
    const f = m.windows[w];
    if (f === undefined) continue;
    if (what === 'requirements' && f.externalActsUnknown) { excluded += 1; continue; }
    const ours = what === 'requirements' ? f.acts : f.valueMinor;
    const external = what === 'requirements' ? f.externalActs : f.externalValueMinor;
    const total = ours + external;
    if (total <= 0) continue;
    const share = ours / total;
    customers.push({ contactId, ours, external, share });
    sumOurs += ours; sumAll += total; sumRatios += share;
  }
  customers.sort((a, b) => (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0));
  return { customers, excluded, meanOfRatios: ratio(sumRatios, customers.length), ratioOfSums: ratio(sumOurs, sumAll) };
}

/**
 * Accumulator of {@link shareOfRequirements}.
 *
 * @param options - period, group, categories
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, shareOfRequirementsAccumulator } from 'crmkit/kpi';
 * accumulate(shareOfRequirementsAccumulator({ period, categories: ['coffee'] }), initiativeRecords(data)).ratioOfSums; //=> 0.5
 * ```
 */
export function shareOfRequirementsAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, ShareResult> {
  assertPeriods('share of requirements options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => shareOf(state, options.group ?? 'target', 0, 'requirements'));
}

/**
 * Share of requirements: of all the purchase acts a customer makes in the category, the share
 * made with us.
 *
 * Formula, per customer c: SoR_c = ours_c / (ours_c + ext_c), ours_c = c's purchase acts with
 * lines in the categories in [start, end), ext_c = Σ ExternalSpend.purchaseActs of c in the
 * categories, each prorated by the fraction of its days inside the period (see
 * {@link shareOfWallet}). Aggregates: **meanOfRatios** = mean of SoR_c (each customer weighs the
 * same) and **ratioOfSums** = Σ ours_c / Σ (ours_c + ext_c) (each act weighs the same). Customers
 * with ours + ext = 0 are left out; a customer whose overlapping external record has no
 * `purchaseActs` is left out and counted in `excluded`; a customer with no external record has
 * ext = 0. Source: share of requirements (Brown 1953; CRM initiative scorecard, issue 5).
 *
 * @param data - members, purchases and external spend
 * @param options - period, group (default target), categories
 * @returns per-customer shares and both aggregates (`null` when no customer counts)
 * @throws {@link ValidationError} for invalid periods or records; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { shareOfRequirements } from 'crmkit/kpi';
 * // c1: 1 act with us, 3 elsewhere → 0.25; c2: 3 with us, 1 elsewhere → 0.75
 * shareOfRequirements(data, { period, categories: ['coffee'] });
 * //=> { customers: [...], excluded: 0, meanOfRatios: 0.5, ratioOfSums: 0.5 }
 * ```
 */
export function shareOfRequirements(data: InitiativeData, options: InitiativeKpiOptions): ShareResult {
  return run(shareOfRequirementsAccumulator(options), data);
}

/**
 * Accumulator of {@link shareOfWallet}.
 *
 * @param options - period, group, categories, currency
 * @returns the accumulator
 * @throws {@link ValidationError} when the period ends before it starts
 *
 * @example
 * ```ts
 * import { accumulate, initiativeRecords, shareOfWalletAccumulator } from 'crmkit/kpi';
 * accumulate(shareOfWalletAccumulator({ period, categories: ['coffee'] }), initiativeRecords(data)).ratioOfSums; //=> 0.6
 * ```
 */
export function shareOfWalletAccumulator(options: InitiativeKpiOptions): Accumulator<InitiativeRecord, InitiativePanelState, ShareResult> {
  assertPeriods('share of wallet options', [[options.period, ['period']]]);
  return projected(options, [options.period], (state) => shareOf(state, options.group ?? 'target', 0, 'wallet'));
}

/**
 * Share of wallet: of what a customer spends in the category, the share spent with us.
 *
 * Formula, per customer c: SoW_c = ours_c / (ours_c + ext_c), ours_c = value of c's purchase
 * lines in the categories in [start, end), ext_c = Σ over c's ExternalSpend records in the
 * categories of value × overlapDays / coveredDays, where a record covers the calendar days
 * periodStart..periodEnd inclusive (UTC) and overlapDays is the (possibly fractional) number of
 * those days inside [start, end). Aggregates: meanOfRatios and ratioOfSums as in
 * {@link shareOfRequirements}. Every amount must be in one currency. Source: share of wallet
 * (Keiningham et al., *Loyalty Myths*; CRM initiative scorecard, issue 5).
 *
 * @param data - members, purchases and external spend
 * @param options - period, group (default target), categories, currency
 * @returns per-customer shares (values in minor units) and both aggregates
 * @throws {@link ValidationError} for invalid periods or records; {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { shareOfWallet } from 'crmkit/kpi';
 * // period = January; c1 spent €60 with us and declared €80 elsewhere for Jan 1 – Feb 9
 * // (40 days, 31 in January): ext = 8000 × 31/40 = 6200; SoW = 6000 / 12200
 * shareOfWallet(data, { period }).ratioOfSums; //=> 0.4918032786885246
 * ```
 */
export function shareOfWallet(data: InitiativeData, options: InitiativeKpiOptions): ShareResult {
  return run(shareOfWalletAccumulator(options), data);
}
