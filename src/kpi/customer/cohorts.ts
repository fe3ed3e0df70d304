/**
 * Cohort retention matrix by first-purchase month.
 *
 * @module
 */
import type { ValidationIssue } from '../../errors';
import { type Accumulator, accumulate, ratio } from '../accumulator';
import { calendarParts, checkTimeZone, isValidDate, monthIndex, monthLabel } from '../pipeline/_internal';
import { issue, throwIfIssues } from '../../_lib/validation';
import { type PurchaseLike, readPurchase } from './_purchase';

/** Options of {@link cohortRetention}. */
export interface CohortRetentionOptions {
  /** The instant of the analysis (injected clock). Purchases at or after it are ignored; months after its month are not observable. */
  readonly now: Date;
  /** IANA time zone in which calendar months are read (default `'UTC'`). */
  readonly timeZone?: string;
}

/** One row of the retention matrix. */
export interface CohortRow {
  /** The cohort: month of first purchase, `YYYY-MM`. */
  readonly cohort: string;
  /** Customers whose first purchase fell in that month. */
  readonly size: number;
  /** counts[k] = cohort customers with a purchase in month cohort + k; `counts[0] === size`. Length = observable months (up to `now`'s month). */
  readonly counts: readonly number[];
  /** rates[k] = counts[k] / size (so rates[0] = 1). */
  readonly rates: readonly number[];
}

/** State of {@link cohortRetentionAccumulator}: per customer, the month indices with a purchase (memory grows with customers × months). */
export type CohortRetentionState = Map<string, Set<number>>;

/**
 * The accumulator behind {@link cohortRetention}.
 *
 * @param options - now, time zone
 * @returns a mergeable accumulator over purchases
 * @throws {@link ValidationError} for an invalid `now` or unknown time zone; in `add`, a malformed purchase
 *
 * @example
 * ```ts
 * import { accumulate, cohortRetentionAccumulator } from 'crmkit/kpi';
 * accumulate(cohortRetentionAccumulator({ now }), purchases);
 * ```
 */
export function cohortRetentionAccumulator(
  options: CohortRetentionOptions,
): Accumulator<PurchaseLike, CohortRetentionState, CohortRow[]> {
  const issues: ValidationIssue[] = [];
  if (!isValidDate(options?.now)) issues.push(issue(['now'], 'must be a valid Date'));
  const timeZone = options?.timeZone ?? 'UTC';
  checkTimeZone(timeZone, ['timeZone'], issues);
  throwIfIssues('options', issues);
  const nowMonth = monthIndex(calendarParts(options.now, timeZone));
  return {
    init: () => new Map(),
    add(state, purchase) {
      const p = readPurchase(purchase, 'value');
      if (p.at.getTime() >= options.now.getTime()) return state;
      let months = state.get(p.contactId);
      if (months === undefined) {
        months = new Set();
        state.set(p.contactId, months);
      }
      months.add(monthIndex(calendarParts(p.at, timeZone)));
      return state;
    },
    merge(a, b) {
      for (const [id, months] of b) {
        const mine = a.get(id);
        if (mine === undefined) a.set(id, new Set(months));
        else for (const m of months) mine.add(m);
      }
      return a;
    },
    result(state) {
      const rows = new Map<number, number[]>();
      for (const months of state.values()) {
        const first = Math.min(...months);
        let counts = rows.get(first);
        if (counts === undefined) {
          counts = new Array<number>(nowMonth - first + 1).fill(0);
          rows.set(first, counts);
        }
        for (const m of months) counts[m - first] = (counts[m - first] as number) + 1;
      }
      return [...rows.keys()].sort((x, y) => x - y).map((first) => {
        const counts = rows.get(first) as number[];
        const size = counts[0] as number;
        return { cohort: monthLabel(first), size, counts, rates: counts.map((n) => ratio(n, size) as number) };
      });
    },
  };
}

/**
 * Cohort retention matrix by first-purchase month.
 *
 * Rows are cohorts (customers grouped by the calendar month, in `timeZone`, of their first purchase
 * before `now`); column k is the k-th month after the cohort month;
 * value(cohort, k) = #cohort customers with ≥ 1 purchase in month cohort + k / cohort size.
 * Column 0 is 1 by construction. A row has one column per month up to and including `now`'s month,
 * so the matrix is upper-left triangular: the newest cohort has one column, and the last column of
 * every row (the current month) is still partial.
 *
 * Source: the classic cohort retention table (e.g. Fader, *Customer Centricity*; Mixpanel/Amplitude
 * retention reports, "unbounded" monthly retention on purchases).
 *
 * @param purchases - purchases
 * @param options - `now`, `timeZone`
 * @returns cohorts, oldest first
 * @throws {@link ValidationError} for an invalid `now`, unknown time zone or malformed purchase
 *
 * @example
 * ```ts
 * import { cohortRetention } from 'crmkit/kpi';
 * const line = [{ value: { amountMinor: 100, currency: 'EUR' } }];
 * cohortRetention([
 *   { contactId: 'a', purchasedAt: new Date('2025-01-05'), lines: line },
 *   { contactId: 'b', purchasedAt: new Date('2025-01-20'), lines: line },
 *   { contactId: 'a', purchasedAt: new Date('2025-03-02'), lines: line },
 * ], { now: new Date('2025-03-15') });
 * //=> [{ cohort: '2025-01', size: 2, counts: [2, 0, 1], rates: [1, 0, 0.5] }]
 * ```
 */
export function cohortRetention(purchases: Iterable<PurchaseLike>, options: CohortRetentionOptions): CohortRow[] {
  return accumulate(cohortRetentionAccumulator(options), purchases);
}
