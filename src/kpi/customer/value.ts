/**
 * Customer value KPIs over purchases: historic CLV, average order value, repurchase rate and
 * churn rate.
 *
 * @module
 */
import type { ValidationIssue } from '../../errors';
import { type Money, moneyFromMinor } from '../../model/money';
import { type Accumulator, accumulate, ratio } from '../accumulator';
import { checkPeriod, inPeriod } from '../pipeline/_internal';
import type { Period } from '../period';
import { throwIfIssues } from '../../_lib/validation';
import { checkBasis, type PurchaseBasis, type PurchaseLike, readPurchase } from './_purchase';

// ---------------------------------------------------------------------------------------------
// Historic CLV
// ---------------------------------------------------------------------------------------------

/** Options of {@link historicClv}. */
export interface HistoricClvOptions {
  /** Sum purchase `margin` (default) or `value`. */
  readonly basis?: PurchaseBasis;
  /** Only purchases in `[start, end)` (default: the whole history). */
  readonly period?: Period;
}

/** Historic CLV in one currency. */
export interface HistoricClvEntry {
  /** Customers with at least one purchase in this currency. */
  readonly customers: number;
  /** Σ over their purchases. */
  readonly total: Money;
  /** `total / customers`, minor units (not rounded). */
  readonly meanPerCustomerMinor: number;
  /** Each customer's sum, by contact id. */
  readonly perCustomer: Readonly<Record<string, Money>>;
}

/** State of {@link historicClvAccumulator}: minor units per currency and customer. */
export type HistoricClvState = Map<string, Map<string, number>>;

function checkOptions(options: { basis?: unknown; period?: Period | undefined }, needsPeriod: boolean): void {
  const issues: ValidationIssue[] = [];
  if (options.basis !== undefined) checkBasis(options.basis, issues);
  if (needsPeriod || options.period !== undefined) checkPeriod(options.period, ['period'], issues);
  throwIfIssues('options', issues);
}

/**
 * The accumulator behind {@link historicClv}.
 *
 * @param options - basis and period
 * @returns a mergeable accumulator over purchases
 * @throws {@link ValidationError} for bad options; in `add`, a malformed purchase or (basis margin) a line without margin; {@link CurrencyMismatchError} for a purchase mixing currencies
 *
 * @example
 * ```ts
 * import { accumulate, historicClvAccumulator } from 'crmkit/kpi';
 * accumulate(historicClvAccumulator({ basis: 'value' }), purchases).EUR?.meanPerCustomerMinor;
 * ```
 */
export function historicClvAccumulator(
  options: HistoricClvOptions = {},
): Accumulator<PurchaseLike, HistoricClvState, Record<string, HistoricClvEntry>> {
  checkOptions(options, false);
  const basis = options.basis ?? 'margin';
  return {
    init: () => new Map(),
    add(state, purchase) {
      const p = readPurchase(purchase, basis);
      if (options.period !== undefined && !inPeriod(p.at, options.period)) return state;
      let byCustomer = state.get(p.amount.currency);
      if (byCustomer === undefined) {
        byCustomer = new Map();
        state.set(p.amount.currency, byCustomer);
      }
      byCustomer.set(p.contactId, (byCustomer.get(p.contactId) ?? 0) + p.amount.amountMinor);
      return state;
    },
    merge(a, b) {
      for (const [currency, byCustomer] of b) {
        const mine = a.get(currency) ?? new Map<string, number>();
        for (const [id, v] of byCustomer) mine.set(id, (mine.get(id) ?? 0) + v);
        a.set(currency, mine);
      }
      return a;
    },
    result(state) {
      const out: Record<string, HistoricClvEntry> = {};
      for (const currency of [...state.keys()].sort()) {
        const byCustomer = state.get(currency) as Map<string, number>;
        let total = 0;
        const perCustomer: Record<string, Money> = {};
        for (const id of [...byCustomer.keys()].sort()) {
          const v = byCustomer.get(id) as number;
          total += v;
          perCustomer[id] = moneyFromMinor(v, currency);
        }
        out[currency] = { customers: byCustomer.size, total: moneyFromMinor(total, currency), meanPerCustomerMinor: total / byCustomer.size, perCustomer };
      }
      return out;
    },
  };
}

/**
 * Historic customer lifetime value: what each customer has been worth so far, and the mean per
 * customer, per currency.
 *
 * CLV(customer) = Σ margin (or value) of the customer's purchases (in the period, if given);
 * mean CLV(c) = Σ CLV / #customers with a purchase in currency c.
 * A customer buying in two currencies counts in both.
 *
 * Source: "historic CLV" (sum of past gross margin), as opposed to predictive CLV; e.g. Kumar,
 * *Customer Lifetime Value* (2008), and Gupta et al. (2006).
 *
 * @param purchases - purchases (one = one purchase act)
 * @param options - `basis` (`'margin'` by default), `period`
 * @returns per currency `{ customers, total, meanPerCustomerMinor, perCustomer }`
 * @throws {@link ValidationError} for bad options, malformed purchases, or a missing margin with basis `'margin'`; {@link CurrencyMismatchError} for a purchase in two currencies
 *
 * @example
 * ```ts
 * import { historicClv } from 'crmkit/kpi';
 * const eur = (n: number) => ({ amountMinor: n, currency: 'EUR' });
 * const at = new Date('2025-01-01');
 * historicClv([
 *   { contactId: 'a', purchasedAt: at, lines: [{ value: eur(1000), margin: eur(300) }] },
 *   { contactId: 'a', purchasedAt: at, lines: [{ value: eur(500), margin: eur(100) }] },
 *   { contactId: 'b', purchasedAt: at, lines: [{ value: eur(800), margin: eur(200) }] },
 * ]).EUR?.meanPerCustomerMinor;
 * //=> 300 ((400 + 200) / 2)
 * ```
 */
export function historicClv(purchases: Iterable<PurchaseLike>, options: HistoricClvOptions = {}): Record<string, HistoricClvEntry> {
  return accumulate(historicClvAccumulator(options), purchases);
}

// ---------------------------------------------------------------------------------------------
// Average order value
// ---------------------------------------------------------------------------------------------

/** Options of {@link averageOrderValue}. */
export interface AverageOrderValueOptions {
  /** Only purchases in `[start, end)` (default: all). */
  readonly period?: Period;
}

/** Average order value in one currency. */
export interface AverageOrderValueEntry {
  /** Purchases (orders). */
  readonly orders: number;
  /** Σ value. */
  readonly total: Money;
  /** `total / orders`, minor units (not rounded). */
  readonly meanMinor: number;
}

/** State of {@link averageOrderValueAccumulator}. */
export type AverageOrderValueState = Map<string, { orders: number; totalMinor: number }>;

/**
 * The accumulator behind {@link averageOrderValue}.
 *
 * @param options - period
 * @returns a mergeable accumulator over purchases
 * @throws {@link ValidationError} for a bad period or a malformed purchase
 *
 * @example
 * ```ts
 * import { accumulate, averageOrderValueAccumulator } from 'crmkit/kpi';
 * accumulate(averageOrderValueAccumulator(), purchases);
 * ```
 */
export function averageOrderValueAccumulator(
  options: AverageOrderValueOptions = {},
): Accumulator<PurchaseLike, AverageOrderValueState, Record<string, AverageOrderValueEntry>> {
  checkOptions(options, false);
  return {
    init: () => new Map(),
    add(state, purchase) {
      const p = readPurchase(purchase, 'value');
      if (options.period !== undefined && !inPeriod(p.at, options.period)) return state;
      const cell = state.get(p.amount.currency) ?? { orders: 0, totalMinor: 0 };
      cell.orders += 1;
      cell.totalMinor += p.amount.amountMinor;
      state.set(p.amount.currency, cell);
      return state;
    },
    merge(a, b) {
      for (const [c, cell] of b) {
        const mine = a.get(c) ?? { orders: 0, totalMinor: 0 };
        a.set(c, { orders: mine.orders + cell.orders, totalMinor: mine.totalMinor + cell.totalMinor });
      }
      return a;
    },
    result(state) {
      const out: Record<string, AverageOrderValueEntry> = {};
      for (const c of [...state.keys()].sort()) {
        const cell = state.get(c) as { orders: number; totalMinor: number };
        out[c] = { orders: cell.orders, total: moneyFromMinor(cell.totalMinor, c), meanMinor: cell.totalMinor / cell.orders };
      }
      return out;
    },
  };
}

/**
 * Average order value per currency.
 *
 * AOV(c) = Σ value of purchases in currency c / #purchases in c (one purchase = one order).
 *
 * Source: the standard e-commerce definition (revenue / number of orders).
 *
 * @param purchases - purchases
 * @param options - `period`
 * @returns per currency `{ orders, total, meanMinor }`
 * @throws {@link ValidationError} for a bad period or malformed purchases
 *
 * @example
 * ```ts
 * import { averageOrderValue } from 'crmkit/kpi';
 * const at = new Date('2025-01-01');
 * averageOrderValue([
 *   { contactId: 'a', purchasedAt: at, lines: [{ value: { amountMinor: 1000, currency: 'EUR' } }] },
 *   { contactId: 'b', purchasedAt: at, lines: [{ value: { amountMinor: 2000, currency: 'EUR' } }] },
 * ]).EUR?.meanMinor;
 * //=> 1500
 * ```
 */
export function averageOrderValue(
  purchases: Iterable<PurchaseLike>,
  options: AverageOrderValueOptions = {},
): Record<string, AverageOrderValueEntry> {
  return accumulate(averageOrderValueAccumulator(options), purchases);
}

// ---------------------------------------------------------------------------------------------
// Repurchase rate
// ---------------------------------------------------------------------------------------------

/** Options of {@link repurchaseRate}. */
export interface RepurchaseRateOptions {
  /** Purchases in `[start, end)` count. */
  readonly period: Period;
}

/** Result of {@link repurchaseRate}. */
export interface RepurchaseRateResult {
  /** Customers with ≥ 1 purchase in the period. */
  readonly customers: number;
  /** Customers with ≥ 2 purchases in the period. */
  readonly repeatCustomers: number;
  /** `repeatCustomers / customers`; `null` without customers. */
  readonly rate: number | null;
}

/** State of {@link repurchaseRateAccumulator}: purchases per customer in the period. */
export type RepurchaseRateState = Map<string, number>;

/**
 * The accumulator behind {@link repurchaseRate}.
 *
 * @param options - period
 * @returns a mergeable accumulator over purchases
 * @throws {@link ValidationError} for a bad period or malformed purchase
 *
 * @example
 * ```ts
 * import { accumulate, repurchaseRateAccumulator } from 'crmkit/kpi';
 * accumulate(repurchaseRateAccumulator({ period }), purchases).rate;
 * ```
 */
export function repurchaseRateAccumulator(
  options: RepurchaseRateOptions,
): Accumulator<PurchaseLike, RepurchaseRateState, RepurchaseRateResult> {
  checkOptions(options, true);
  return {
    init: () => new Map(),
    add(state, purchase) {
      const p = readPurchase(purchase, 'value');
      if (inPeriod(p.at, options.period)) state.set(p.contactId, (state.get(p.contactId) ?? 0) + 1);
      return state;
    },
    merge(a, b) {
      for (const [id, n] of b) a.set(id, (a.get(id) ?? 0) + n);
      return a;
    },
    result(state) {
      let repeat = 0;
      for (const n of state.values()) if (n >= 2) repeat += 1;
      return { customers: state.size, repeatCustomers: repeat, rate: ratio(repeat, state.size) };
    },
  };
}

/**
 * Repurchase rate in a period.
 *
 * repurchase rate = #customers with ≥ 2 purchase acts in `[start, end)` / #customers with ≥ 1.
 * One `Purchase` record is one purchase act, whatever its number of lines.
 *
 * Source: "repeat purchase rate" (e.g. Shopify analytics), restricted to one period.
 *
 * @param purchases - purchases
 * @param options - `period`
 * @returns `{ customers, repeatCustomers, rate }`
 * @throws {@link ValidationError} for a bad period or malformed purchases
 *
 * @example
 * ```ts
 * import { repurchaseRate } from 'crmkit/kpi';
 * const line = [{ value: { amountMinor: 100, currency: 'EUR' } }];
 * const at = new Date('2025-01-10');
 * repurchaseRate([
 *   { contactId: 'a', purchasedAt: at, lines: line }, { contactId: 'a', purchasedAt: at, lines: line },
 *   { contactId: 'b', purchasedAt: at, lines: line },
 * ], { period: { start: new Date('2025-01-01'), end: new Date('2025-02-01') } });
 * //=> { customers: 2, repeatCustomers: 1, rate: 0.5 }
 * ```
 */
export function repurchaseRate(purchases: Iterable<PurchaseLike>, options: RepurchaseRateOptions): RepurchaseRateResult {
  return accumulate(repurchaseRateAccumulator(options), purchases);
}

// ---------------------------------------------------------------------------------------------
// Churn rate
// ---------------------------------------------------------------------------------------------

/** Options of {@link churnRate}. */
export interface ChurnRateOptions {
  /** The period whose churn is measured, `[start, end)`. */
  readonly period: Period;
  /** The previous period; default: the same length immediately before `period`. */
  readonly previousPeriod?: Period;
}

/** Result of {@link churnRate}. */
export interface ChurnRateResult {
  /** Customers active (with a purchase) in the previous period. */
  readonly activePrevious: number;
  /** Of those, customers who also bought in this period. */
  readonly retained: number;
  /** Of those, customers who did not buy in this period. */
  readonly churned: number;
  /** `churned / activePrevious`; `null` when nobody was active before. */
  readonly rate: number | null;
}

/** State of {@link churnRateAccumulator}: customers active in each period. */
export interface ChurnRateState {
  previous: Set<string>;
  current: Set<string>;
}

/**
 * The accumulator behind {@link churnRate}.
 *
 * @param options - period and previous period
 * @returns a mergeable accumulator over purchases
 * @throws {@link ValidationError} for bad periods or malformed purchases
 *
 * @example
 * ```ts
 * import { accumulate, churnRateAccumulator } from 'crmkit/kpi';
 * accumulate(churnRateAccumulator({ period }), purchases).rate;
 * ```
 */
export function churnRateAccumulator(options: ChurnRateOptions): Accumulator<PurchaseLike, ChurnRateState, ChurnRateResult> {
  const issues: ValidationIssue[] = [];
  checkPeriod(options?.period, ['period'], issues);
  if (options?.previousPeriod !== undefined) checkPeriod(options.previousPeriod, ['previousPeriod'], issues);
  throwIfIssues('options', issues);
  const length = options.period.end.getTime() - options.period.start.getTime();
  const previous = options.previousPeriod ?? { start: new Date(options.period.start.getTime() - length), end: options.period.start };
  return {
    init: () => ({ previous: new Set(), current: new Set() }),
    add(state, purchase) {
      const p = readPurchase(purchase, 'value');
      if (inPeriod(p.at, previous)) state.previous.add(p.contactId);
      if (inPeriod(p.at, options.period)) state.current.add(p.contactId);
      return state;
    },
    merge(a, b) {
      for (const id of b.previous) a.previous.add(id);
      for (const id of b.current) a.current.add(id);
      return a;
    },
    result(state) {
      let retained = 0;
      for (const id of state.previous) if (state.current.has(id)) retained += 1;
      const churned = state.previous.size - retained;
      return { activePrevious: state.previous.size, retained, churned, rate: ratio(churned, state.previous.size) };
    },
  };
}

/**
 * Customer churn rate of a period, for non-contractual businesses where "active" means "bought".
 *
 * churn rate = #customers active in the previous period who made no purchase in this period
 *              / #customers active in the previous period,
 * where *active in a period* = at least one purchase in it (half-open `[start, end)`). The
 * previous period defaults to the same length immediately before.
 *
 * Source: the period-over-period customer churn rate (e.g. Fader & Hardie's discussion of
 * "active" customers in non-contractual settings; Shopify "customer churn").
 *
 * @param purchases - purchases
 * @param options - `period`, `previousPeriod`
 * @returns `{ activePrevious, retained, churned, rate }`
 * @throws {@link ValidationError} for bad periods or malformed purchases
 *
 * @example
 * ```ts
 * import { churnRate } from 'crmkit/kpi';
 * const line = [{ value: { amountMinor: 100, currency: 'EUR' } }];
 * churnRate([
 *   { contactId: 'a', purchasedAt: new Date('2025-01-10'), lines: line },
 *   { contactId: 'b', purchasedAt: new Date('2025-01-12'), lines: line },
 *   { contactId: 'a', purchasedAt: new Date('2025-02-10'), lines: line },
 * ], { period: { start: new Date('2025-02-01'), end: new Date('2025-03-01') },
 *      previousPeriod: { start: new Date('2025-01-01'), end: new Date('2025-02-01') } });
 * //=> { activePrevious: 2, retained: 1, churned: 1, rate: 0.5 }
 * ```
 */
export function churnRate(purchases: Iterable<PurchaseLike>, options: ChurnRateOptions): ChurnRateResult {
  return accumulate(churnRateAccumulator(options), purchases);
}
