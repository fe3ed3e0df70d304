/**
 * RFM (recency, frequency, monetary) quintile scores and named segments.
 *
 * @module
 */
import { CurrencyMismatchError, type ValidationIssue } from '../../errors';
import { type Money, moneyFromMinor } from '../../model/money';
import { type Accumulator, accumulate } from '../accumulator';
import { isValidDate, MS_PER_DAY } from '../pipeline/_internal';
import { issue, throwIfIssues } from '../../_lib/validation';
import { type PurchaseLike, readPurchase } from './_purchase';

/** The RFM segment names, in the order of the rule table of {@link rfmSegment}. */
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new_customers',
  'need_attention',
  'promising',
  'cant_lose',
  'at_risk',
  'hibernating',
  'lost',
] as const;

/** An RFM segment. */
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** Options of {@link rfmScores}. */
export interface RfmOptions {
  /** The instant of the analysis (injected clock); purchases at or after it are ignored. */
  readonly now: Date;
  /** The currency every purchase must be in (default: the first one seen). */
  readonly currency?: string;
}

/** RFM of one customer. */
export interface RfmRow {
  /** Customer. */
  readonly contactId: string;
  /** Days from the last purchase to `now`. */
  readonly recencyDays: number;
  /** Number of purchases. */
  readonly frequency: number;
  /** Σ purchase value. */
  readonly monetary: Money;
  /** Recency score 1–5 (5 = most recent). */
  readonly r: number;
  /** Frequency score 1–5 (5 = most frequent). */
  readonly f: number;
  /** Monetary score 1–5 (5 = highest spend). */
  readonly m: number;
  /** `${r}${f}${m}`, e.g. `'545'`. */
  readonly code: string;
  /** Named segment from {@link rfmSegment}. */
  readonly segment: RfmSegment;
}

/** State of {@link rfmAccumulator}: per customer last purchase (ms), count, value; and the currency. */
export interface RfmState {
  currency: string | null;
  customers: Map<string, { last: number; count: number; valueMinor: number }>;
}

/**
 * The segment of an RFM score triple. First matching rule wins:
 *
 * | # | rule | segment |
 * |---|------|---------|
 * | 1 | R ≥ 4, F ≥ 4, M ≥ 4 | champions |
 * | 2 | R ≥ 3, F ≥ 4 | loyal |
 * | 3 | R ≥ 4, F 2–3 | potential_loyalist |
 * | 4 | R ≥ 4, F = 1 | new_customers |
 * | 5 | R = 3, F = 3 | need_attention |
 * | 6 | R = 3, F ≤ 2 | promising |
 * | 7 | R = 1, F ≥ 4 | cant_lose |
 * | 8 | R ≤ 2, F ≥ 3 | at_risk |
 * | 9 | R ≤ 2, F = 2 | hibernating |
 * | 10 | R ≤ 2, F = 1 | lost |
 *
 * Every triple matches exactly one row's first match (the table covers all 125 combinations).
 * Source: adapted from the common 11-segment R×F grid (Putler / "RFM segments" as used by
 * Klaviyo and Optimove), collapsed to 10 segments; M only separates champions from loyal.
 *
 * @param r - recency score 1–5
 * @param f - frequency score 1–5
 * @param m - monetary score 1–5
 * @returns the segment
 * @throws {@link ValidationError} for a score that is not an integer 1–5
 *
 * @example
 * ```ts
 * import { rfmSegment } from 'crmkit/kpi';
 * rfmSegment(5, 5, 5); //=> 'champions'
 * rfmSegment(1, 5, 2); //=> 'cant_lose'
 * ```
 */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const issues: ValidationIssue[] = [];
  for (const [name, v] of [['r', r], ['f', f], ['m', m]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 5) issues.push(issue([name], 'must be an integer 1–5'));
  }
  throwIfIssues('RFM score', issues);
  if (r >= 4 && f >= 4 && m >= 4) return 'champions';
  if (r >= 3 && f >= 4) return 'loyal';
  if (r >= 4 && f >= 2) return 'potential_loyalist';
  if (r >= 4) return 'new_customers';
  if (r === 3 && f === 3) return 'need_attention';
  if (r === 3) return 'promising';
  if (r === 1 && f >= 4) return 'cant_lose';
  if (f >= 3) return 'at_risk';
  if (f === 2) return 'hibernating';
  return 'lost';
}

/** Number of values strictly less than `x` in ascending `sorted`. */
function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Quintile score: 1 + ⌊5 · worse / n⌋, with `worse` the number of customers strictly worse. */
function quintile(worse: number, n: number): number {
  return 1 + Math.floor((5 * worse) / n);
}

/**
 * The accumulator behind {@link rfmScores}.
 *
 * @param options - now, currency
 * @returns a mergeable accumulator over purchases
 * @throws {@link ValidationError} for an invalid `now`; {@link CurrencyMismatchError} when purchases are in more than one currency
 *
 * @example
 * ```ts
 * import { accumulate, rfmAccumulator } from 'crmkit/kpi';
 * accumulate(rfmAccumulator({ now }), purchases);
 * ```
 */
export function rfmAccumulator(options: RfmOptions): Accumulator<PurchaseLike, RfmState, RfmRow[]> {
  const issues: ValidationIssue[] = [];
  if (!isValidDate(options?.now)) issues.push(issue(['now'], 'must be a valid Date'));
  if (options?.currency !== undefined && typeof options.currency !== 'string') issues.push(issue(['currency'], 'must be a currency code'));
  throwIfIssues('options', issues);
  const now = options.now.getTime();
  const useCurrency = (state: RfmState, currency: string | null) => {
    if (currency === null) return;
    if (state.currency !== null && state.currency !== currency) throw new CurrencyMismatchError([state.currency, currency]);
    state.currency = currency;
  };
  return {
    init: () => ({ currency: options.currency ?? null, customers: new Map() }),
    add(state, purchase) {
      const p = readPurchase(purchase, 'value');
      const at = p.at.getTime();
      if (at >= now) return state;
      useCurrency(state, p.amount.currency);
      const cell = state.customers.get(p.contactId);
      if (cell === undefined) state.customers.set(p.contactId, { last: at, count: 1, valueMinor: p.amount.amountMinor });
      else {
        cell.last = Math.max(cell.last, at);
        cell.count += 1;
        cell.valueMinor += p.amount.amountMinor;
      }
      return state;
    },
    merge(a, b) {
      useCurrency(a, b.currency);
      for (const [id, cell] of b.customers) {
        const mine = a.customers.get(id);
        if (mine === undefined) a.customers.set(id, { ...cell });
        else a.customers.set(id, { last: Math.max(mine.last, cell.last), count: mine.count + cell.count, valueMinor: mine.valueMinor + cell.valueMinor });
      }
      return a;
    },
    result(state) {
      const ids = [...state.customers.keys()].sort();
      const n = ids.length;
      const cells = ids.map((id) => state.customers.get(id) as { last: number; count: number; valueMinor: number });
      const lasts = cells.map((c) => c.last).sort((x, y) => x - y);
      const counts = cells.map((c) => c.count).sort((x, y) => x - y);
      const values = cells.map((c) => c.valueMinor).sort((x, y) => x - y);
      const currency = state.currency ?? 'XXX';
      return ids.map((contactId, i) => {
        const c = cells[i] as { last: number; count: number; valueMinor: number };
        // worse recency = an older last purchase = a smaller timestamp
        const r = quintile(countBelow(lasts, c.last), n);
        const f = quintile(countBelow(counts, c.count), n);
        const m = quintile(countBelow(values, c.valueMinor), n);
        return {
          contactId,
          recencyDays: (now - c.last) / MS_PER_DAY,
          frequency: c.count,
          monetary: moneyFromMinor(c.valueMinor, currency),
          r,
          f,
          m,
          code: `${r}${f}${m}`,
          segment: rfmSegment(r, f, m),
        };
      });
    },
  };
}

/**
 * RFM scores and segments per customer, as of `now`.
 *
 * Per customer: recency = (now − last purchase) in days; frequency = number of purchases;
 * monetary = Σ purchase value (one currency). Each dimension gets a quintile score
 *
 *   score = 1 + ⌊5 · w / n⌋
 *
 * where n is the number of customers and w the number of customers **strictly worse** on that
 * dimension (older last purchase; fewer purchases; lower spend). Tie handling: tied customers get
 * the same score, the one of the lowest position of the tie (rank method "min"), so a score never
 * depends on input order and scores are 1–5; when many customers tie (e.g. frequency 1), some
 * quintiles are empty. The segment follows the rule table of {@link rfmSegment}.
 *
 * Source: Hughes, *Strategic Database Marketing* (1994) for RFM quintiles; percent-rank scoring
 * with ties by minimum rank as in R's `rank(ties.method = "min")`.
 *
 * @param purchases - purchases
 * @param options - `now`, `currency`
 * @returns one row per customer, sorted by contact id
 * @throws {@link ValidationError} for an invalid `now` or malformed purchases; {@link CurrencyMismatchError} for more than one currency
 *
 * @example
 * ```ts
 * import { rfmScores } from 'crmkit/kpi';
 * const line = (n: number) => [{ value: { amountMinor: n, currency: 'EUR' } }];
 * rfmScores([
 *   { contactId: 'a', purchasedAt: new Date('2025-03-01'), lines: line(500) },
 *   { contactId: 'a', purchasedAt: new Date('2025-03-20'), lines: line(500) },
 *   { contactId: 'b', purchasedAt: new Date('2024-06-01'), lines: line(100) },
 * ], { now: new Date('2025-04-01') }).map((row) => row.code);
 * //=> ['333', '111'] (n = 2: a is strictly better than 1 customer on R, F and M → 1 + ⌊5·1/2⌋ = 3; b → 1 + ⌊0⌋ = 1)
 * ```
 */
export function rfmScores(purchases: Iterable<PurchaseLike>, options: RfmOptions): RfmRow[] {
  return accumulate(rfmAccumulator(options), purchases);
}
