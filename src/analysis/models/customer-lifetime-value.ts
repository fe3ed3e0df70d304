/**
 * Predicted customer lifetime value from a BG/NBD and a Gamma-Gamma fit (discounted cash flow).
 *
 * @module
 */
import { type BgNbdCustomer, type BgNbdParameters, bgNbdConditionalExpectedPurchases } from './bg-nbd';
import { type GammaGammaParameters, gammaGammaExpectedAverageSpend } from './gamma-gamma';
import { IssueCollector, isFiniteNumber } from './_validate';
import type { CustomerValueTimeUnit } from './transaction-summary';

/** Options of {@link customerLifetimeValue}. */
export interface CustomerLifetimeValueOptions {
  /** Horizon in months (integer ≥ 1). Default 12. */
  readonly months?: number;
  /** Discount rate per month (≥ 0). Default 0.01. */
  readonly monthlyDiscountRate?: number;
  /** Time unit of the BG/NBD fit (t_x, T): a month is 4.345 weeks or 30 days. Default `'weeks'`. */
  readonly unit?: CustomerValueTimeUnit;
}

/** A customer for {@link customerLifetimeValue}: x, t_x, T and mean repeat spend (a {@link CustomerSummary} fits). */
export interface CustomerLifetimeValueCustomer extends BgNbdCustomer {
  /** Mean value of the repeat purchases (ignored when x = 0). */
  readonly monetaryValue: number;
}

const PERIODS_PER_MONTH: Record<CustomerValueTimeUnit, number> = { weeks: 4.345, days: 30 };

/**
 * Predicted lifetime value of a customer over the next `months` months, as lifetimes'
 * `customer_lifetime_value` defines it: the expected purchases of each month (from the BG/NBD
 * conditional expectation) times the expected average spend (Gamma-Gamma), discounted monthly:
 *
 * CLV = Σ_{i=1..months} E[M] · (E[Y(i·k) | x, t_x, T] − E[Y((i−1)·k) | x, t_x, T]) / (1 + d)^i
 *
 * with k = 4.345 weeks or 30 days per month and d the monthly discount rate.
 *
 * @param bgNbd - fitted BG/NBD parameters
 * @param gammaGamma - fitted Gamma-Gamma parameters
 * @param customer - x, t_x, T (in the unit of the BG/NBD fit) and mean repeat spend
 * @param options - months (12), monthlyDiscountRate (0.01), unit ('weeks')
 * @returns the discounted expected value, or `null` when the expected spend is infinite (p x + q ≤ 1)
 * @throws {@link ValidationError} for invalid options or customer
 *
 * Source: lifetimes `utils._customer_lifetime_value` / `GammaGammaFitter.customer_lifetime_value`;
 * Fader, Hardie & Lee (2005), JMR 42(4).
 *
 * @example
 * ```ts
 * import { customerLifetimeValue } from 'crmkit/analysis';
 * const bg = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
 * const gg = { p: 6.2488, q: 3.7446, v: 15.4477 };
 * customerLifetimeValue(bg, gg, { x: 2, tx: 30.43, T: 38.86, monetaryValue: 22.35 }); //=> 36.28 (rounded)
 * ```
 */
export function customerLifetimeValue(
  bgNbd: BgNbdParameters,
  gammaGamma: GammaGammaParameters,
  customer: CustomerLifetimeValueCustomer,
  options: CustomerLifetimeValueOptions = {},
): number | null {
  const months = options.months ?? 12;
  const rate = options.monthlyDiscountRate ?? 0.01;
  const unit = options.unit ?? 'weeks';
  const issues = new IssueCollector();
  if (!Number.isInteger(months) || months < 1) issues.add(['months'], 'Expected an integer ≥ 1');
  if (!isFiniteNumber(rate) || rate < 0) issues.add(['monthlyDiscountRate'], 'Expected a finite number ≥ 0');
  if (unit !== 'weeks' && unit !== 'days') issues.add(['unit'], `Expected 'days' or 'weeks', got ${String(unit)}`);
  issues.throwIfAny('customer lifetime value options');
  const spend = gammaGammaExpectedAverageSpend(gammaGamma, customer);
  if (spend === null) return null;
  const k = PERIODS_PER_MONTH[unit];
  let clv = 0;
  let previous = 0;
  for (let i = 1; i <= months; i++) {
    const cumulative = bgNbdConditionalExpectedPurchases(bgNbd, customer, i * k);
    clv += (spend * (cumulative - previous)) / (1 + rate) ** i;
    previous = cumulative;
  }
  return clv;
}
