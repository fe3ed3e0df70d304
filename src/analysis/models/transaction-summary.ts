/**
 * From purchases to the per-customer summary (x, t_x, T, monetary value) the BG/NBD and
 * Gamma-Gamma models are fitted on.
 *
 * @module
 */
import { CurrencyMismatchError } from '../../errors';
import { type Money, toMajor } from '../../model/money';
import { purchaseValue } from '../../model/purchase';
import { IssueCollector } from './_validate';

/** The time unit t_x and T are expressed in. */
export type CustomerValueTimeUnit = 'days' | 'weeks';

/** What {@link summarizeTransactions} needs from a purchase (a stored `Purchase` fits). */
export interface SummaryPurchase {
  /** The customer. */
  readonly contactId: string;
  /** When the purchase happened. */
  readonly purchasedAt: Date;
  /** Its lines; the purchase value is the sum of their `value`. */
  readonly lines: readonly { readonly value: Money }[];
}

/** Options of {@link summarizeTransactions}. */
export interface SummarizeTransactionsOptions {
  /**
   * End of the observation period (the injected "now"). Purchases after it are ignored; T is
   * measured up to its (UTC) calendar day.
   */
  readonly observationEnd: Date;
  /** Unit of t_x and T: `'days'` or `'weeks'` (days / 7, as in the CDNOW summary). Default `'weeks'`. */
  readonly unit?: CustomerValueTimeUnit;
}

/** One customer's summary: the inputs of the BG/NBD and Gamma-Gamma models. */
export interface CustomerSummary {
  /** The customer (`contactId`). */
  readonly customerId: string;
  /** x: number of repeat purchases — distinct purchase days after the first. */
  readonly x: number;
  /** t_x: recency — time from the first to the last purchase day, in `unit`. */
  readonly tx: number;
  /** T: age — time from the first purchase day to the end of observation, in `unit`. */
  readonly T: number;
  /** Mean value of the repeat purchase days (same-day purchases summed), in major units; 0 when x = 0. */
  readonly monetaryValue: number;
  /** The currency of `monetaryValue` (`null` when the customer has no purchase values at all). */
  readonly currency: string | null;
}

const MS_PER_DAY = 86_400_000;

/**
 * Summarises purchases per customer the way lifetimes' `summary_data_from_transaction_data`
 * does with `freq='D'` (and `freq_multiplier=7` for weeks):
 *
 * - purchases are binned by UTC calendar day; purchases of one customer on one day are merged
 *   into one (their values summed);
 * - x = (number of distinct purchase days) − 1;
 * - t_x = (last day − first day) / k, T = (day of `observationEnd` − first day) / k, with
 *   k = 1 for days and 7 for weeks;
 * - monetary value = mean of the day totals of the repeat days (the first day excluded), 0 when x = 0.
 *
 * Purchases after `observationEnd` are ignored. Customers come out sorted by id.
 *
 * @param purchases - purchases (a stored `Purchase` fits {@link SummaryPurchase})
 * @param options - `observationEnd` (required) and `unit` (default `'weeks'`)
 * @returns one {@link CustomerSummary} per customer with a purchase on or before `observationEnd`
 * @throws {@link ValidationError} for an invalid date or unit; {@link CurrencyMismatchError} when
 *   purchases are in more than one currency
 *
 * Source: lifetimes `utils.summary_data_from_transaction_data` (Davidson-Pilon et al.), and the
 * CDNOW summary of Fader, Hardie & Lee (2005).
 *
 * @example
 * ```ts
 * import { summarizeTransactions } from 'crmkit/analysis';
 * const eur = (amountMinor: number) => [{ value: { amountMinor, currency: 'EUR' } }];
 * summarizeTransactions(
 *   [
 *     { contactId: 'c1', purchasedAt: new Date('2025-01-01T09:00Z'), lines: eur(1000) },
 *     { contactId: 'c1', purchasedAt: new Date('2025-01-08T10:00Z'), lines: eur(2000) },
 *     { contactId: 'c1', purchasedAt: new Date('2025-01-08T18:00Z'), lines: eur(1000) },
 *   ],
 *   { observationEnd: new Date('2025-01-15T00:00Z'), unit: 'days' },
 * );
 * //=> [{ customerId: 'c1', x: 1, tx: 7, T: 14, monetaryValue: 30, currency: 'EUR' }]
 * ```
 */
export function summarizeTransactions(
  purchases: readonly SummaryPurchase[],
  options: SummarizeTransactionsOptions,
): CustomerSummary[] {
  const issues = new IssueCollector();
  const end = options.observationEnd;
  if (!(end instanceof Date) || Number.isNaN(end.getTime())) issues.add(['observationEnd'], 'Expected a valid Date');
  const unit = options.unit ?? 'weeks';
  if (unit !== 'days' && unit !== 'weeks') issues.add(['unit'], `Expected 'days' or 'weeks', got ${String(unit)}`);
  purchases.forEach((purchase, index) => {
    if (!(purchase.purchasedAt instanceof Date) || Number.isNaN(purchase.purchasedAt.getTime())) {
      issues.add([index, 'purchasedAt'], 'Expected a valid Date');
    }
    if (typeof purchase.contactId !== 'string' || purchase.contactId === '') issues.add([index, 'contactId'], 'Expected a non-empty id');
  });
  issues.throwIfAny('purchases');

  const scale = unit === 'weeks' ? 7 : 1;
  const endDay = Math.floor(end.getTime() / MS_PER_DAY);
  let currency: string | null = null;
  // customer → day → total value (major units)
  const days = new Map<string, Map<number, number>>();
  for (const purchase of purchases) {
    const day = Math.floor(purchase.purchasedAt.getTime() / MS_PER_DAY);
    if (purchase.purchasedAt.getTime() > end.getTime()) continue;
    let value = 0;
    if (purchase.lines.length > 0) {
      const money = purchaseValue(purchase);
      if (currency === null) currency = money.currency;
      else if (money.currency !== currency) throw new CurrencyMismatchError([currency, money.currency]);
      value = toMajor(money);
    }
    let perDay = days.get(purchase.contactId);
    if (perDay === undefined) {
      perDay = new Map();
      days.set(purchase.contactId, perDay);
    }
    perDay.set(day, (perDay.get(day) ?? 0) + value);
  }
  const out: CustomerSummary[] = [];
  for (const customerId of [...days.keys()].sort()) {
    const perDay = days.get(customerId) as Map<number, number>;
    const sorted = [...perDay.keys()].sort((p, q) => p - q);
    const first = sorted[0] as number;
    const last = sorted[sorted.length - 1] as number;
    const repeat = sorted.slice(1);
    const total = repeat.reduce((sum, day) => sum + (perDay.get(day) ?? 0), 0);
    out.push({
      customerId,
      x: repeat.length,
      tx: (last - first) / scale,
      T: (endDay - first) / scale,
      monetaryValue: repeat.length === 0 ? 0 : total / repeat.length,
      currency,
    });
  }
  return out;
}
