/**
 * Customer acquisition cost (CAC) by source, and the seasonality of lead creation.
 *
 * @module
 */
import { CurrencyMismatchError, type ValidationIssue } from '../../errors';
import { type Money, moneyFromMinor } from '../../model/money';
import { type Accumulator, ratio } from '../accumulator';
import { calendarParts, checkPeriod, checkTimeZone, inPeriod, requireDate, requireMoney } from './_internal';
import type { Period } from '../period';
import { throwIfIssues } from '../../_lib/validation';

// ---------------------------------------------------------------------------------------------
// Customer acquisition cost
// ---------------------------------------------------------------------------------------------

/** Marketing/sales spend attributed to one source. */
export interface SourceSpend {
  /** The source key (a channel, a campaign id…), the same keys as the customers'. */
  readonly source: string;
  /** The amount spent (not negative). */
  readonly amount: Money;
  /** When it was spent (booked); counts when in the period. */
  readonly at: Date;
}

/** A customer acquired from a source. */
export interface AcquiredCustomer {
  /** The source it was acquired from. */
  readonly source: string;
  /** When it became a customer (e.g. the contact's `convertedAt` or first purchase). */
  readonly acquiredAt: Date;
}

/** One item of {@link acquisitionCostAccumulator}. */
export type AcquisitionCostItem =
  | { readonly kind: 'spend'; readonly spend: SourceSpend }
  | { readonly kind: 'customer'; readonly customer: AcquiredCustomer };

/** Options of {@link acquisitionCostBySource}. */
export interface AcquisitionCostOptions {
  /** Spend and acquisitions count when in `[start, end)`. */
  readonly period: Period;
}

/** CAC of one source. */
export interface SourceAcquisitionCost {
  /** Source key. */
  readonly source: string;
  /** Spend in the period; `null` when the source had acquisitions but no spend records. */
  readonly spend: Money | null;
  /** Customers acquired from the source in the period. */
  readonly customers: number;
  /** `spend / customers` in minor units; `null` when no customer was acquired or there was no spend record. */
  readonly cacMinor: number | null;
}

/** State of {@link acquisitionCostAccumulator}. */
export type AcquisitionCostState = Map<string, { currency: string | null; spendMinor: number; customers: number }>;

/**
 * The accumulator behind {@link acquisitionCostBySource}.
 *
 * @param options - the period
 * @returns a mergeable accumulator over `{ kind: 'spend', spend } | { kind: 'customer', customer }`
 * @throws {@link ValidationError} for a bad period, a negative spend or an invalid date; {@link CurrencyMismatchError} when one source's spend mixes currencies
 *
 * @example
 * ```ts
 * import { accumulate, acquisitionCostAccumulator } from 'crmkit/kpi';
 * accumulate(acquisitionCostAccumulator({ period }), items);
 * ```
 */
export function acquisitionCostAccumulator(
  options: AcquisitionCostOptions,
): Accumulator<AcquisitionCostItem, AcquisitionCostState, SourceAcquisitionCost[]> {
  const issues: ValidationIssue[] = [];
  checkPeriod(options?.period, ['period'], issues);
  throwIfIssues('options', issues);
  const cellOf = (state: AcquisitionCostState, source: string) => {
    let cell = state.get(source);
    if (cell === undefined) {
      cell = { currency: null, spendMinor: 0, customers: 0 };
      state.set(source, cell);
    }
    return cell;
  };
  const addSpend = (cell: { currency: string | null; spendMinor: number }, currency: string, minor: number) => {
    if (cell.currency !== null && cell.currency !== currency) throw new CurrencyMismatchError([cell.currency, currency]);
    cell.currency = currency;
    cell.spendMinor += minor;
  };
  return {
    init: () => new Map(),
    add(state, item) {
      if (item.kind === 'spend') {
        const money = requireMoney(item.spend.amount, 'spend', ['amount']);
        if (!inPeriod(requireDate(item.spend.at, 'spend', ['at']), options.period)) return state;
        addSpend(cellOf(state, item.spend.source), money.currency, money.amountMinor);
      } else {
        if (!inPeriod(requireDate(item.customer.acquiredAt, 'customer', ['acquiredAt']), options.period)) return state;
        cellOf(state, item.customer.source).customers += 1;
      }
      return state;
    },
    merge(a, b) {
      for (const [source, cell] of b) {
        const mine = cellOf(a, source);
        if (cell.currency !== null) addSpend(mine, cell.currency, cell.spendMinor);
        mine.customers += cell.customers;
      }
      return a;
    },
    result(state) {
      return [...state.keys()].sort().map((source) => {
        const cell = state.get(source) as { currency: string | null; spendMinor: number; customers: number };
        return {
          source,
          spend: cell.currency === null ? null : moneyFromMinor(cell.spendMinor, cell.currency),
          customers: cell.customers,
          cacMinor: cell.currency === null ? null : ratio(cell.spendMinor, cell.customers),
        };
      });
    },
  };
}

/**
 * Customer acquisition cost per source for a period.
 *
 * CAC(source) = Σ spend of the source booked in `[start, end)` / #customers acquired from the
 * source in `[start, end)`. Each source's spend must be in one currency. `null` when no customer
 * was acquired (or the source has no spend record).
 *
 * Source: the standard CAC definition (e.g. HubSpot, "customer acquisition cost"), split by source
 * (a.k.a. channel CAC).
 *
 * @param input - `spend` records and acquired `customers`
 * @param options - `period`
 * @returns one row per source (sorted)
 * @throws {@link ValidationError} for a bad period, negative spend or invalid dates; {@link CurrencyMismatchError} when a source's spend mixes currencies
 *
 * @example
 * ```ts
 * import { acquisitionCostBySource } from 'crmkit/kpi';
 * const at = new Date('2025-01-15');
 * acquisitionCostBySource({
 *   spend: [{ source: 'ads', amount: { amountMinor: 90_000, currency: 'EUR' }, at }],
 *   customers: [{ source: 'ads', acquiredAt: at }, { source: 'ads', acquiredAt: at }, { source: 'ads', acquiredAt: at }],
 * }, { period: { start: new Date('2025-01-01'), end: new Date('2025-02-01') } })[0]?.cacMinor;
 * //=> 30000
 * ```
 */
export function acquisitionCostBySource(
  input: { readonly spend: Iterable<SourceSpend>; readonly customers: Iterable<AcquiredCustomer> },
  options: AcquisitionCostOptions,
): SourceAcquisitionCost[] {
  const acc = acquisitionCostAccumulator(options);
  let state = acc.init();
  for (const spend of input.spend) state = acc.add(state, { kind: 'spend', spend });
  for (const customer of input.customers) state = acc.add(state, { kind: 'customer', customer });
  return acc.result(state);
}

// ---------------------------------------------------------------------------------------------
// Seasonality
// ---------------------------------------------------------------------------------------------

/** Options of {@link leadSeasonality}. */
export interface SeasonalityOptions {
  /** IANA time zone in which months and weekdays are read (default `'UTC'`). */
  readonly timeZone?: string;
  /** Only leads created in `[start, end)` (default: all). */
  readonly period?: Period;
}

/** Count and seasonal index of one month or weekday. */
export interface SeasonalBucket {
  /** Month 1–12 or ISO weekday 1 (Monday)–7 (Sunday). */
  readonly bucket: number;
  /** Leads created in it. */
  readonly count: number;
  /** `count / mean count over all buckets`; `null` when there are no leads. */
  readonly index: number | null;
}

/** Result of {@link leadSeasonality}. */
export interface SeasonalityResult {
  /** Leads counted. */
  readonly total: number;
  /** 12 buckets, January first. */
  readonly byMonth: readonly SeasonalBucket[];
  /** 7 buckets, Monday first. */
  readonly byWeekday: readonly SeasonalBucket[];
}

/** State of {@link leadSeasonalityAccumulator}: 12 month counts and 7 weekday counts. */
export interface SeasonalityState {
  months: number[];
  weekdays: number[];
}

function buckets(counts: readonly number[], total: number): SeasonalBucket[] {
  const meanCount = total / counts.length;
  return counts.map((count, i) => ({ bucket: i + 1, count, index: ratio(count, meanCount) }));
}

/**
 * The accumulator behind {@link leadSeasonality}.
 *
 * @param options - time zone, period
 * @returns a mergeable accumulator over creation instants (`Date`) or `{ createdAt }`
 * @throws {@link ValidationError} for an unknown time zone or a bad period; in `add`, an invalid date
 *
 * @example
 * ```ts
 * import { accumulate, leadSeasonalityAccumulator } from 'crmkit/kpi';
 * accumulate(leadSeasonalityAccumulator({ timeZone: 'Europe/Berlin' }), leads).byWeekday;
 * ```
 */
export function leadSeasonalityAccumulator(
  options: SeasonalityOptions = {},
): Accumulator<Date | { readonly createdAt: Date }, SeasonalityState, SeasonalityResult> {
  const timeZone = options.timeZone ?? 'UTC';
  const issues: ValidationIssue[] = [];
  checkTimeZone(timeZone, ['timeZone'], issues);
  if (options.period !== undefined) checkPeriod(options.period, ['period'], issues);
  throwIfIssues('options', issues);
  return {
    init: () => ({ months: new Array<number>(12).fill(0), weekdays: new Array<number>(7).fill(0) }),
    add(state, item) {
      const at = requireDate(item instanceof Date ? item : item.createdAt, 'lead', ['createdAt']);
      if (options.period !== undefined && !inPeriod(at, options.period)) return state;
      const parts = calendarParts(at, timeZone);
      state.months[parts.month - 1] = (state.months[parts.month - 1] as number) + 1;
      state.weekdays[parts.weekday - 1] = (state.weekdays[parts.weekday - 1] as number) + 1;
      return state;
    },
    merge: (a, b) => ({
      months: a.months.map((n, i) => n + (b.months[i] as number)),
      weekdays: a.weekdays.map((n, i) => n + (b.weekdays[i] as number)),
    }),
    result(state) {
      const total = state.months.reduce((s, n) => s + n, 0);
      return { total, byMonth: buckets(state.months, total), byWeekday: buckets(state.weekdays, total) };
    },
  };
}

/**
 * Seasonality of lead creation: counts by calendar month and by weekday, in a time zone, with
 * seasonal indices.
 *
 * index(bucket) = count(bucket) / mean count per bucket, where the mean is total / 12 for months
 * and total / 7 for weekdays (so the indices average 1; > 1 means busier than average). Months and
 * weekdays are read in `timeZone` with `Intl.DateTimeFormat` (UTC is computed directly).
 * Months pool every year in the data; indices compare raw counts, so data should cover whole years.
 *
 * Source: the ratio-to-mean simple seasonal index (e.g. Hyndman & Athanasopoulos,
 * *Forecasting: Principles and Practice*, classical decomposition with a constant trend).
 *
 * @param leads - creation instants or records with `createdAt`
 * @param options - `timeZone` (default UTC), `period`
 * @returns counts and indices by month (Jan first) and weekday (Monday first)
 * @throws {@link ValidationError} for an unknown time zone, a bad period or an invalid date
 *
 * @example
 * ```ts
 * import { leadSeasonality } from 'crmkit/kpi';
 * // 2025-01-05T23:30Z is a Sunday in UTC but Monday 00:30 in Berlin
 * leadSeasonality([new Date('2025-01-05T23:30:00Z')], { timeZone: 'Europe/Berlin' }).byWeekday[0];
 * //=> { bucket: 1, count: 1, index: 7 }
 * ```
 */
export function leadSeasonality(
  leads: Iterable<Date | { readonly createdAt: Date }>,
  options: SeasonalityOptions = {},
): SeasonalityResult {
  const acc = leadSeasonalityAccumulator(options);
  let state = acc.init();
  for (const lead of leads) state = acc.add(state, lead);
  return acc.result(state);
}
