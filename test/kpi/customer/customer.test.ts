import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurrencyMismatchError, ValidationError } from '../../../src/errors';
import {
  averageOrderValue,
  averageOrderValueAccumulator,
  churnRate,
  churnRateAccumulator,
  cohortRetention,
  cohortRetentionAccumulator,
  customerProfitability,
  customerProfitabilityAccumulator,
  historicClv,
  historicClvAccumulator,
  type PurchaseLike,
  repurchaseRate,
  repurchaseRateAccumulator,
  RFM_SEGMENTS,
  rfmAccumulator,
  rfmScores,
  rfmSegment,
} from '../../../src/kpi/customer';
import { checkMergeLaws } from '../pipeline/_merge';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const eur = (n: number) => ({ amountMinor: n, currency: 'EUR' });
const buy = (contactId: string, iso: string, value: number, margin?: number): PurchaseLike => ({
  contactId,
  purchasedAt: d(iso),
  lines: [margin === undefined ? { value: eur(value) } : { value: eur(value), margin: eur(margin) }],
});

// a: Jan 5 (1 000 / m 300), Jan 20 (500 / m 100), Mar 3 (2 000 / m 500)
// b: Jan 25 (800 / m 200)
// c: Feb 14 (400 / m 100), Feb 20 (600 / m 150)
const purchases = [
  buy('a', '2025-01-05', 1_000, 300), buy('a', '2025-01-20', 500, 100), buy('a', '2025-03-03', 2_000, 500),
  buy('b', '2025-01-25', 800, 200),
  buy('c', '2025-02-14', 400, 100), buy('c', '2025-02-20', 600, 150),
];
const jan = { start: d('2025-01-01'), end: d('2025-02-01') };
const feb = { start: d('2025-02-01'), end: d('2025-03-01') };

describe('historicClv', () => {
  it('sums margin per customer and averages over customers', () => {
    const result = historicClv(purchases);
    // a: 300 + 100 + 500 = 900; b: 200; c: 100 + 150 = 250 → total 1 350, mean 1 350 / 3 = 450
    expect(result.EUR?.total).toEqual(eur(1_350));
    expect(result.EUR?.meanPerCustomerMinor).toBe(450);
    expect(result.EUR?.perCustomer.a).toEqual(eur(900));
  });
  it('sums value with basis value and restricts to the period', () => {
    // January value: a 1 000 + 500 = 1 500, b 800 → mean (1 500 + 800) / 2 = 1 150
    expect(historicClv(purchases, { basis: 'value', period: jan }).EUR?.meanPerCustomerMinor).toBe(1_150);
  });
  it('rejects a line without margin under basis margin, a negative value and mixed currencies in one purchase', () => {
    expect(() => historicClv([buy('a', '2025-01-01', 100)])).toThrow(ValidationError);
    expect(() => historicClv([buy('a', '2025-01-01', -100, 0)])).toThrow(ValidationError);
    expect(() =>
      historicClv([{ contactId: 'a', purchasedAt: d('2025-01-01'), lines: [{ value: eur(1) }, { value: { amountMinor: 1, currency: 'USD' } }] }], { basis: 'value' }),
    ).toThrow(CurrencyMismatchError);
  });
});

describe('averageOrderValue', () => {
  it('divides value by number of purchase acts', () => {
    // 1 000 + 500 + 2 000 + 800 + 400 + 600 = 5 300 over 6 orders
    expect(averageOrderValue(purchases).EUR).toEqual({ orders: 6, total: eur(5_300), meanMinor: 5_300 / 6 });
  });
});

describe('repurchaseRate', () => {
  it('counts customers with at least two purchase acts in the period among buyers', () => {
    // January buyers: a (2 purchases), b (1) → 1 / 2
    expect(repurchaseRate(purchases, { period: jan })).toEqual({ customers: 2, repeatCustomers: 1, rate: 0.5 });
    // nobody bought in 2030 → null
    expect(repurchaseRate(purchases, { period: { start: d('2030-01-01'), end: d('2030-02-01') } }).rate).toBeNull();
  });
});

describe('churnRate', () => {
  it('counts previous-period buyers who did not buy this period', () => {
    // previous (January): a, b; February buyers: c → a and b both churned: 2 / 2
    expect(churnRate(purchases, { period: feb, previousPeriod: jan })).toEqual({ activePrevious: 2, retained: 0, churned: 2, rate: 1 });
    // March [Mar 1, Apr 1) with the default previous period [Jan 29, Mar 1) (same 31-day length):
    // active before: c (Feb 14, Feb 20) — b's Jan 25 is outside; March: a → c churned: 1 / 1
    expect(churnRate(purchases, { period: { start: d('2025-03-01'), end: d('2025-04-01') } })).toEqual({ activePrevious: 1, retained: 0, churned: 1, rate: 1 });
  });
  it('is null when nobody was active before, and rejects a period ending before it starts', () => {
    expect(churnRate(purchases, { period: jan }).rate).toBeNull();
    expect(() => churnRate(purchases, { period: { start: d('2025-02-01'), end: d('2025-01-01') } })).toThrow(ValidationError);
  });
});

describe('cohortRetention', () => {
  it('builds a triangular matrix of cohorts by first-purchase month', () => {
    const rows = cohortRetention(purchases, { now: d('2025-03-15') });
    // cohort 2025-01: a, b (size 2). Jan: both; Feb: nobody; Mar: a → counts [2, 0, 1], rates [1, 0, 0.5]
    // cohort 2025-02: c (size 1). Feb: c; Mar: nobody → counts [1, 0]
    expect(rows).toEqual([
      { cohort: '2025-01', size: 2, counts: [2, 0, 1], rates: [1, 0, 0.5] },
      { cohort: '2025-02', size: 1, counts: [1, 0], rates: [1, 0] },
    ]);
  });
  it('ignores purchases at or after now', () => {
    const rows = cohortRetention(purchases, { now: d('2025-02-15') });
    // c's Feb 20 purchase is after now but Feb 14 is not; a's March purchase is dropped
    expect(rows).toEqual([
      { cohort: '2025-01', size: 2, counts: [2, 0], rates: [1, 0] },
      { cohort: '2025-02', size: 1, counts: [1], rates: [1] },
    ]);
  });
});

describe('rfmScores', () => {
  it('scores quintiles as 1 + ⌊5 · (customers strictly worse) / n⌋ with ties sharing the score', () => {
    // five customers, now = 2025-04-01
    // p: last Mar 31 (1 day), 3 purchases, 3 000
    // q: last Mar 30 (2 days), 2 purchases, 2 000
    // r: last Mar 30 (2 days), 1 purchase, 2 000
    // s: last Jan 1 (90 days), 1 purchase, 500
    // t: last 2024-10-03 (180 days), 2 purchases, 100
    const rows = rfmScores(
      [
        buy('p', '2025-03-31', 1_000), buy('p', '2025-03-01', 1_000), buy('p', '2025-02-01', 1_000),
        buy('q', '2025-03-30', 1_000), buy('q', '2025-03-01', 1_000),
        buy('r', '2025-03-30', 2_000),
        buy('s', '2025-01-01', 500),
        buy('t', '2024-10-03', 50), buy('t', '2024-09-01', 50),
      ],
      { now: d('2025-04-01') },
    );
    // R (worse = older): p 4 worse → 1 + ⌊20/5⌋ = 5; q, r 2 worse → 1 + 2 = 3; s 1 → 2; t 0 → 1
    // F: p 3 purchases, 4 worse → 5; q, t 2 purchases, 2 worse (r, s) → 3; r, s 1 purchase, 0 worse → 1
    // M: p 3 000, 4 worse → 5; q, r 2 000, 2 worse → 3; s 500, 1 → 2; t 100, 0 → 1
    expect(rows.map((r) => [r.contactId, r.code, r.segment])).toEqual([
      ['p', '555', 'champions'],
      ['q', '333', 'need_attention'],
      ['r', '313', 'promising'],
      ['s', '212', 'lost'],
      ['t', '131', 'at_risk'],
    ]);
    expect(rows[4]?.recencyDays).toBe(180);
  });
  it('rejects purchases in two currencies', () => {
    expect(() =>
      rfmScores([buy('a', '2025-01-01', 1), { contactId: 'b', purchasedAt: d('2025-01-01'), lines: [{ value: { amountMinor: 1, currency: 'USD' } }] }], { now: d('2025-02-01') }),
    ).toThrow(CurrencyMismatchError);
  });
  it('maps every score triple to exactly one documented segment', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r += 1) for (let f = 1; f <= 5; f += 1) for (let m = 1; m <= 5; m += 1) seen.add(rfmSegment(r, f, m));
    expect([...seen].sort()).toEqual([...RFM_SEGMENTS].sort());
    expect(() => rfmSegment(0, 1, 1)).toThrow(ValidationError);
  });
});

describe('customerProfitability', () => {
  it('subtracts direct costs and unit-costed activities from revenue', () => {
    const rows = customerProfitability(
      {
        purchases,
        costs: [{ contactId: 'b', amount: eur(100) }],
        activities: [{ contactId: 'a', type: 'ticket' }, { contactId: 'a', type: 'ticket' }, { contactId: 'c', type: 'call', quantity: 3 }],
      },
      { currency: 'EUR', unitCosts: { ticket: eur(250), call: eur(50) } },
    );
    // a: 3 500 − 2 × 250 = 3 000; b: 800 − 100 = 700; c: 1 000 − 3 × 50 = 850
    expect(rows.map((r) => [r.contactId, r.revenue.amountMinor, r.costToServe.amountMinor, r.profit.amountMinor])).toEqual([
      ['a', 3_500, 500, 3_000],
      ['b', 800, 100, 700],
      ['c', 1_000, 150, 850],
    ]);
  });
  it('rejects another currency and an activity type without unit cost', () => {
    expect(() => customerProfitability({ purchases, costs: [{ contactId: 'a', amount: { amountMinor: 1, currency: 'USD' } }] }, { currency: 'EUR' })).toThrow(CurrencyMismatchError);
    expect(() => customerProfitability({ purchases: [], activities: [{ contactId: 'a', type: 'visit' }] }, { currency: 'EUR' })).toThrow(ValidationError);
  });
});

const purchaseArb: fc.Arbitrary<PurchaseLike> = fc
  .record({ contactId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), day: fc.integer({ min: 0, max: 200 }), value: fc.integer({ min: 0, max: 10_000 }), margin: fc.integer({ min: -500, max: 5_000 }) })
  .map(({ contactId, day, value, margin }) => ({
    contactId,
    purchasedAt: new Date(Date.UTC(2025, 0, 1) + day * 86_400_000),
    lines: [{ value: eur(value), margin: eur(margin) }],
  }));

describe('customer KPI properties', () => {
  const period = { start: d('2025-03-01'), end: d('2025-05-01') };
  const now = d('2025-07-01');
  it('rates lie in [0, 1], RFM scores in 1–5, and the cohort matrix is triangular with column 0 equal to 1', () => {
    fc.assert(
      fc.property(fc.array(purchaseArb, { maxLength: 40 }), (items) => {
        for (const rate of [repurchaseRate(items, { period }).rate, churnRate(items, { period }).rate]) {
          if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
        }
        const rows = cohortRetention(items, { now });
        rows.forEach((row, i) => {
          expect(row.rates[0]).toBe(1);
          row.rates.forEach((rate) => expect(rate >= 0 && rate <= 1).toBe(true));
          // each later cohort has strictly fewer observable columns (the diagonal)
          if (i > 0) expect(row.counts.length).toBeLessThan(rows[i - 1]?.counts.length ?? 0);
          // the last observable column is `now`'s month (July 2025 = index 6 for 2025-01)
          const [y, m] = row.cohort.split('-').map(Number) as [number, number];
          expect(row.counts.length).toBe((2025 - y) * 12 + 7 - m + 1);
        });
        for (const row of rfmScores(items, { now })) {
          for (const s of [row.r, row.f, row.m]) expect(s >= 1 && s <= 5).toBe(true);
        }
      }),
    );
  });
  it('merging the states of any split equals the whole for every customer accumulator', () => {
    checkMergeLaws(() => historicClvAccumulator(), purchaseArb);
    checkMergeLaws(() => averageOrderValueAccumulator({ period }), purchaseArb);
    checkMergeLaws(() => repurchaseRateAccumulator({ period }), purchaseArb);
    checkMergeLaws(() => churnRateAccumulator({ period }), purchaseArb);
    checkMergeLaws(() => cohortRetentionAccumulator({ now, timeZone: 'Asia/Tokyo' }), purchaseArb);
    checkMergeLaws(() => rfmAccumulator({ now }), purchaseArb);
    checkMergeLaws(
      () => customerProfitabilityAccumulator({ currency: 'EUR', basis: 'margin', unitCosts: { ticket: eur(70) } }),
      fc.oneof(
        purchaseArb.map((purchase) => ({ kind: 'purchase' as const, purchase })),
        fc.record({ contactId: fc.constantFrom('a', 'b'), amount: fc.integer({ min: 0, max: 100 }).map(eur) }).map((cost) => ({ kind: 'cost' as const, cost })),
        fc.record({ contactId: fc.constantFrom('a', 'b'), type: fc.constant('ticket') }).map((activity) => ({ kind: 'activity' as const, activity })),
      ),
    );
  });
});
