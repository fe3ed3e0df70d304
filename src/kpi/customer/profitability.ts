/**
 * Customer profitability: revenue (or margin) minus cost to serve.
 *
 * @module
 */
import type { ValidationIssue } from '../../errors';
import { type Money, moneyFromMinor } from '../../model/money';
import { type Accumulator, accumulate } from '../accumulator';
import { requireCurrency, requireMoney } from '../pipeline/_internal';
import { issue, throwIfIssues } from '../../_lib/validation';
import { checkBasis, type PurchaseBasis, type PurchaseLike, readPurchase } from './_purchase';

/** A cost to serve booked directly against a customer (account management, shipping, discounts…). */
export interface CustomerCost {
  /** The customer. */
  readonly contactId: string;
  /** The cost (not negative). */
  readonly amount: Money;
}

/** An activity that costs a unit cost to serve (a ticket, a call, a visit); priced with `options.unitCosts[type]`. */
export interface ServiceActivity {
  /** The customer served. */
  readonly contactId: string;
  /** Activity type, e.g. `'ticket'`, `'call'`, `'visit'`. */
  readonly type: string;
  /** How many units (default 1). */
  readonly quantity?: number;
}

/** One item of {@link customerProfitabilityAccumulator}. */
export type ProfitabilityItem =
  | { readonly kind: 'purchase'; readonly purchase: PurchaseLike }
  | { readonly kind: 'cost'; readonly cost: CustomerCost }
  | { readonly kind: 'activity'; readonly activity: ServiceActivity };

/** Options of {@link customerProfitability}. */
export interface CustomerProfitabilityOptions {
  /** The single currency of every amount (required: profit cannot mix currencies). */
  readonly currency: string;
  /** Revenue from purchase `value` (default) or `margin` (gross profit before cost to serve). */
  readonly basis?: PurchaseBasis;
  /** Cost per unit of each activity type. */
  readonly unitCosts?: Readonly<Record<string, Money>>;
}

/** Profitability of one customer. */
export interface CustomerProfitabilityRow {
  /** Customer. */
  readonly contactId: string;
  /** Σ purchase value (or margin). */
  readonly revenue: Money;
  /** Σ direct costs + Σ activity units × unit cost. */
  readonly costToServe: Money;
  /** revenue − costToServe. */
  readonly profit: Money;
}

/** State of {@link customerProfitabilityAccumulator}: minor units per customer. */
export type CustomerProfitabilityState = Map<string, { revenue: number; cost: number }>;

/**
 * The accumulator behind {@link customerProfitability}.
 *
 * @param options - currency, basis, unit costs
 * @returns a mergeable accumulator over purchases, costs and activities
 * @throws {@link ValidationError} for bad options, negative costs, unknown activity types; {@link CurrencyMismatchError} for an amount in another currency
 *
 * @example
 * ```ts
 * import { accumulate, customerProfitabilityAccumulator } from 'crmkit/kpi';
 * accumulate(customerProfitabilityAccumulator({ currency: 'EUR' }), items);
 * ```
 */
export function customerProfitabilityAccumulator(
  options: CustomerProfitabilityOptions,
): Accumulator<ProfitabilityItem, CustomerProfitabilityState, CustomerProfitabilityRow[]> {
  const issues: ValidationIssue[] = [];
  if (typeof options?.currency !== 'string') issues.push(issue(['currency'], 'is required'));
  if (options?.basis !== undefined) checkBasis(options.basis, issues);
  throwIfIssues('options', issues);
  const unitCosts = options.unitCosts ?? {};
  for (const [type, cost] of Object.entries(unitCosts)) {
    requireCurrency(requireMoney(cost, 'options', ['unitCosts', type]), options.currency);
  }
  const basis = options.basis ?? 'value';
  const cellOf = (state: CustomerProfitabilityState, id: string) => {
    let cell = state.get(id);
    if (cell === undefined) {
      cell = { revenue: 0, cost: 0 };
      state.set(id, cell);
    }
    return cell;
  };
  return {
    init: () => new Map(),
    add(state, item) {
      if (item.kind === 'purchase') {
        const p = readPurchase(item.purchase, basis);
        requireCurrency(p.amount, options.currency);
        cellOf(state, p.contactId).revenue += p.amount.amountMinor;
      } else if (item.kind === 'cost') {
        const money = requireMoney(item.cost.amount, 'cost', ['amount']);
        requireCurrency(money, options.currency);
        cellOf(state, item.cost.contactId).cost += money.amountMinor;
      } else {
        const unit = unitCosts[item.activity.type];
        if (unit === undefined) throwIfIssues('activity', [issue(['type'], `no unit cost for activity type ${JSON.stringify(item.activity.type)}`)]);
        const quantity = item.activity.quantity ?? 1;
        if (!(Number.isFinite(quantity) && quantity >= 0)) throwIfIssues('activity', [issue(['quantity'], 'must be a finite number ≥ 0')]);
        cellOf(state, item.activity.contactId).cost += (unit as Money).amountMinor * quantity;
      }
      return state;
    },
    merge(a, b) {
      for (const [id, cell] of b) {
        const mine = cellOf(a, id);
        mine.revenue += cell.revenue;
        mine.cost += cell.cost;
      }
      return a;
    },
    result(state) {
      const m = (n: number) => moneyFromMinor(Math.round(n), options.currency);
      return [...state.keys()].sort().map((contactId) => {
        const cell = state.get(contactId) as { revenue: number; cost: number };
        return { contactId, revenue: m(cell.revenue), costToServe: m(cell.cost), profit: m(cell.revenue - cell.cost) };
      });
    },
  };
}

/**
 * Profitability per customer.
 *
 * profit(customer) = revenue − cost to serve, with revenue = Σ purchase value (or margin, with
 * `basis: 'margin'`) and cost to serve = Σ direct costs + Σ quantity × unitCosts[activity type].
 * Tickets are priced by passing them as activities (`{ contactId, type: 'ticket' }`). Every amount
 * must be in `options.currency`. Amounts are rounded to the minor unit only in the result.
 *
 * Source: customer profitability analysis / cost-to-serve (Kaplan & Cooper, activity-based costing;
 * Kaplan & Narayanan 2001, "Measuring and managing customer profitability").
 *
 * @param input - `purchases`, and optional direct `costs` and `activities`
 * @param options - `currency`, `basis`, `unitCosts`
 * @returns one row per customer, sorted by contact id
 * @throws {@link ValidationError} for malformed input or an activity type without unit cost; {@link CurrencyMismatchError} for another currency
 *
 * @example
 * ```ts
 * import { customerProfitability } from 'crmkit/kpi';
 * const eur = (n: number) => ({ amountMinor: n, currency: 'EUR' });
 * customerProfitability({
 *   purchases: [{ contactId: 'a', purchasedAt: new Date('2025-01-01'), lines: [{ value: eur(10_000) }] }],
 *   costs: [{ contactId: 'a', amount: eur(1_000) }],
 *   activities: [{ contactId: 'a', type: 'ticket' }, { contactId: 'a', type: 'ticket' }],
 * }, { currency: 'EUR', unitCosts: { ticket: eur(1_500) } })[0]?.profit;
 * //=> { amountMinor: 6000, currency: 'EUR' } (10 000 − 1 000 − 2 × 1 500)
 * ```
 */
export function customerProfitability(
  input: {
    readonly purchases: Iterable<PurchaseLike>;
    readonly costs?: Iterable<CustomerCost>;
    readonly activities?: Iterable<ServiceActivity>;
  },
  options: CustomerProfitabilityOptions,
): CustomerProfitabilityRow[] {
  function* items(): Generator<ProfitabilityItem> {
    for (const purchase of input.purchases) yield { kind: 'purchase', purchase };
    for (const cost of input.costs ?? []) yield { kind: 'cost', cost };
    for (const activity of input.activities ?? []) yield { kind: 'activity', activity };
  }
  return accumulate(customerProfitabilityAccumulator(options), items());
}
