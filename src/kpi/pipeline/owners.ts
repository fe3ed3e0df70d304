/**
 * Owner (sales rep) performance: leads received, converted, win rate, and a conversion rate
 * ranked by its Wilson lower bound so small samples do not top the ranking.
 *
 * @module
 */
import type { ValidationIssue } from '../../errors';
import { type Accumulator, ratio } from '../accumulator';
import type { DealLike } from './deals';
import { checkPeriod, type Interval, inPeriod, requireDate, wilsonInterval } from './_internal';
import type { Period } from '../period';
import { issue, throwIfIssues } from '../../_lib/validation';

/** The fields of a lead (or contact) owner performance reads. */
export interface OwnedLead {
  /** The owner it was assigned to; unowned leads are grouped under `options.unowned`. */
  readonly ownerId?: string | undefined;
  /** When the lead was received (created). */
  readonly createdAt: Date;
  /** When it was converted (to a customer / contact+deal); absent when not converted. */
  readonly convertedAt?: Date | undefined;
}

/** One item of {@link ownerPerformanceAccumulator}: a lead or a deal. */
export type OwnerPerformanceItem = { readonly kind: 'lead'; readonly lead: OwnedLead } | { readonly kind: 'deal'; readonly deal: DealLike };

/** Options of {@link ownerPerformance}. */
export interface OwnerPerformanceOptions {
  /** Leads count when created in `[start, end)`; deals when closed in it. */
  readonly period: Period;
  /** Leads converted at or after this instant are not counted as converted (default: any time). Inject your `now`. */
  readonly asOf?: Date;
  /** Confidence level of the Wilson interval (default 0.95). */
  readonly confidence?: number;
  /** Key for records without an owner (default `'(unowned)'`). */
  readonly unowned?: string;
}

/** Performance of one owner. */
export interface OwnerPerformance {
  /** Owner id. */
  readonly ownerId: string;
  /** Leads created in the period and assigned to the owner. */
  readonly leadsReceived: number;
  /** Of those, leads converted (before `asOf`). */
  readonly converted: number;
  /** `converted / leadsReceived`; `null` without leads. */
  readonly conversionRate: number | null;
  /** Wilson score interval of the conversion rate; `null` without leads. */
  readonly conversionInterval: Interval | null;
  /** Deals won in the period. */
  readonly won: number;
  /** Deals lost in the period. */
  readonly lost: number;
  /** `won / (won + lost)`; `null` without closed deals. */
  readonly winRate: number | null;
}

/** State of {@link ownerPerformanceAccumulator}. */
export type OwnerPerformanceState = Map<string, { leads: number; converted: number; won: number; lost: number }>;

/**
 * The accumulator behind {@link ownerPerformance}.
 *
 * @param options - period, asOf, confidence
 * @returns a mergeable accumulator over `{ kind: 'lead', lead } | { kind: 'deal', deal }`
 * @throws {@link ValidationError} for a bad period or confidence; in `add`, a lead without a valid `createdAt`
 *
 * @example
 * ```ts
 * import { accumulate, ownerPerformanceAccumulator } from 'crmkit/kpi';
 * accumulate(ownerPerformanceAccumulator({ period }), leads.map((lead) => ({ kind: 'lead', lead })));
 * ```
 */
export function ownerPerformanceAccumulator(
  options: OwnerPerformanceOptions,
): Accumulator<OwnerPerformanceItem, OwnerPerformanceState, OwnerPerformance[]> {
  const issues: ValidationIssue[] = [];
  checkPeriod(options?.period, ['period'], issues);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) issues.push(issue(['confidence'], 'must be strictly between 0 and 1'));
  throwIfIssues('options', issues);
  const unowned = options.unowned ?? '(unowned)';
  const cellOf = (state: OwnerPerformanceState, owner: string | undefined) => {
    const key = owner ?? unowned;
    let cell = state.get(key);
    if (cell === undefined) {
      cell = { leads: 0, converted: 0, won: 0, lost: 0 };
      state.set(key, cell);
    }
    return cell;
  };
  return {
    init: () => new Map(),
    add(state, item) {
      if (item.kind === 'lead') {
        const created = requireDate(item.lead.createdAt, 'lead', ['createdAt']);
        if (!inPeriod(created, options.period)) return state;
        const cell = cellOf(state, item.lead.ownerId);
        cell.leads += 1;
        const converted = item.lead.convertedAt;
        if (converted !== undefined) {
          requireDate(converted, 'lead', ['convertedAt']);
          if (options.asOf === undefined || converted.getTime() < options.asOf.getTime()) cell.converted += 1;
        }
      } else {
        const deal = item.deal;
        if (deal.status === 'open') return state;
        if (!inPeriod(requireDate(deal.closedAt, 'deal', ['closedAt']), options.period)) return state;
        cellOf(state, deal.ownerId)[deal.status === 'won' ? 'won' : 'lost'] += 1;
      }
      return state;
    },
    merge(a, b) {
      for (const [key, cell] of b) {
        const mine = a.get(key) ?? { leads: 0, converted: 0, won: 0, lost: 0 };
        a.set(key, { leads: mine.leads + cell.leads, converted: mine.converted + cell.converted, won: mine.won + cell.won, lost: mine.lost + cell.lost });
      }
      return a;
    },
    result(state) {
      const rows = [...state.entries()].map(([ownerId, c]) => ({
        ownerId,
        leadsReceived: c.leads,
        converted: c.converted,
        conversionRate: ratio(c.converted, c.leads),
        conversionInterval: wilsonInterval(c.converted, c.leads, confidence),
        won: c.won,
        lost: c.lost,
        winRate: ratio(c.won, c.won + c.lost),
      }));
      const lower = (row: OwnerPerformance) => row.conversionInterval?.lower ?? -1;
      return rows.sort((x, y) => lower(y) - lower(x) || y.leadsReceived - x.leadsReceived || (x.ownerId < y.ownerId ? -1 : x.ownerId > y.ownerId ? 1 : 0));
    },
  };
}

/**
 * Performance per owner, ranked by the lower bound of the Wilson score interval of their lead
 * conversion rate (best first), so that 1 conversion out of 1 lead does not outrank 40 out of 50.
 *
 * conversionRate = converted / leadsReceived (leads created in the period, converted before `asOf`);
 * Wilson interval = (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), z = Φ⁻¹(1 − (1 − confidence)/2);
 * winRate = won / (won + lost) of the owner's deals closed in the period.
 * Ties on the lower bound: more leads first, then owner id.
 *
 * Source: Wilson (1927), "Probable inference, the law of succession, and statistical inference",
 * JASA 22; ranking by the lower bound as in Evan Miller, "How Not To Sort By Average Rating" (2009).
 *
 * @param input - `leads` and (optionally) `deals`
 * @param options - `period`, `asOf`, `confidence` (0.95), `unowned` key
 * @returns one row per owner, best first
 * @throws {@link ValidationError} for a bad period or confidence, or a lead without a valid `createdAt`
 *
 * @example
 * ```ts
 * import { ownerPerformance } from 'crmkit/kpi';
 * const d = new Date('2025-01-10');
 * ownerPerformance({ leads: [
 *   { ownerId: 'ann', createdAt: d, convertedAt: d },
 *   { ownerId: 'bob', createdAt: d, convertedAt: d }, { ownerId: 'bob', createdAt: d, convertedAt: d },
 *   { ownerId: 'bob', createdAt: d, convertedAt: d }, { ownerId: 'bob', createdAt: d },
 * ] }, { period: { start: new Date('2025-01-01'), end: new Date('2025-02-01') } }).map((r) => r.ownerId);
 * //=> ['bob', 'ann'] (bob 3/4, Wilson lower 0.301; ann 1/1, lower 0.207)
 * ```
 */
export function ownerPerformance(
  input: { readonly leads: Iterable<OwnedLead>; readonly deals?: Iterable<DealLike> },
  options: OwnerPerformanceOptions,
): OwnerPerformance[] {
  const acc = ownerPerformanceAccumulator(options);
  let state = acc.init();
  for (const lead of input.leads) state = acc.add(state, { kind: 'lead', lead });
  for (const deal of input.deals ?? []) state = acc.add(state, { kind: 'deal', deal });
  return acc.result(state);
}
