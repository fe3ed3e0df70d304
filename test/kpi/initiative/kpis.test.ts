/**
 * The initiative KPIs on one hand-made data set. Every expected number is worked out in the
 * comments from the records below; no number comes from running the code.
 *
 * January 2025 = [2025-01-01, 2025-02-01). Target members c1..c4 (c1 responded on Jan 10);
 * c9 is not a member (its records must be ignored).
 */
import { describe, expect, it } from 'vitest';
import { CurrencyMismatchError, ValidationError } from '../../../src/errors';
import {
  affinityIndex,
  averagePurchase,
  awareness,
  costPerAdhesion,
  margin,
  netPromoterScore,
  penetration,
  purchaseFrequency,
  redemption,
  retention,
  sales,
  satisfactionIndex,
  shareOfRequirements,
  shareOfWallet,
  trial,
  type InitiativeData,
} from '../../../src/kpi/initiative';
import { d, member, purchase, spend, survey } from './_fixtures';

const january = { start: d('2025-01-01'), end: d('2025-02-01') };
const february = { start: d('2025-02-01'), end: d('2025-03-01') };

const data: InitiativeData = {
  members: [member('c1', { respondedAt: '2025-01-10' }), member('c2'), member('c3'), member('c4')],
  purchases: [
    purchase('c1', '2024-12-15', [{ quantity: 1, value: 500, margin: 100 }]), // history: c1 is not new in January
    purchase('c1', '2025-01-05', [{ quantity: 2, value: 2000, margin: 600 }]),
    purchase('c1', '2025-01-20', [{ quantity: 1, value: 1000, margin: 300 }]),
    purchase('c2', '2025-01-15', [{ quantity: 3, value: 3000, margin: 900 }]), // c2's first-ever purchase
    purchase('c1', '2025-02-10', [{ quantity: 1, value: 1000, margin: 300 }]), // c1 still buys in February
    purchase('c9', '2025-01-10', [{ quantity: 9, value: 99_000, margin: 9_000 }]), // not a member
  ],
  surveys: [
    survey('c1', '2025-01-12', { satisfaction: { value: 4, scaleMin: 1, scaleMax: 5 }, nps: 10, affinity: { value: 3, scaleMin: 1, scaleMax: 5 }, aware: { brand: true, product: false } }),
    survey('c2', '2025-01-13', { satisfaction: { value: 10, scaleMin: 0, scaleMax: 10 }, nps: 9, aware: { brand: false } }),
    survey('c3', '2025-01-14', { satisfaction: { value: 1, scaleMin: 1, scaleMax: 5 }, nps: 7 }),
    survey('c4', '2025-01-15', { nps: 3 }),
    survey('c4', '2025-02-15', { nps: 0 }), // February: outside the period
    survey('c9', '2025-01-15', { nps: 0 }), // not a member
    survey(undefined, '2025-01-15', { nps: 0 }), // anonymous: cannot be joined to the target
  ],
  externalSpend: [
    spend('c1', '2025-01-01', '2025-01-31', 3000, { purchaseActs: 2 }), // 31 of 31 days in January
    spend('c2', '2024-12-02', '2025-01-31', 6100, { purchaseActs: 61 }), // 31 of 61 days in January
    spend('c3', '2025-01-01', '2025-01-31', 1000), // acts unknown
    spend('c4', '2025-01-01', '2025-01-31', 5000, { purchaseActs: 5, category: 'tea' }), // other category
  ],
};

describe('adhesion KPIs', () => {
  it('redemption counts the responders among the target members', () => {
    // c1 responded; 4 target members → 1/4
    expect(redemption(data)).toEqual({ targetSize: 4, responders: 1, rate: 0.25 });
    // c1 first responded on Jan 10: in January, not in February
    expect(redemption(data, { period: january }).responders).toBe(1);
    expect(redemption(data, { period: february })).toEqual({ targetSize: 4, responders: 0, rate: 0 });
  });

  it('retention is the share of the period buyers who buy again in the following period', () => {
    // January buyers: c1, c2; February buyers among them: c1 → 1/2
    expect(retention(data, { period: january, followingPeriod: february })).toEqual({ baseBuyers: 2, retained: 1, rate: 0.5 });
    // default following period = the 31 days after January = [Feb 1, Mar 4): same answer
    expect(retention(data, { period: january }).rate).toBe(0.5);
  });

  it('awareness is the share of answers saying aware, per object', () => {
    // brand: c1 yes, c2 no → 1/2; product: c1 no → 0/1; category: nobody answered → null
    expect(awareness(data, { period: january })).toEqual({
      product: { aware: 0, surveyed: 1, rate: 0 },
      category: { aware: 0, surveyed: 0, rate: null },
      brand: { aware: 1, surveyed: 2, rate: 0.5 },
    });
  });
});

describe('purchase behaviour KPIs', () => {
  it('trial counts members whose first-ever purchase falls in the period', () => {
    // c1 first bought on 2024-12-15 (before) → not a trier, not eligible; c2 first bought Jan 15 → trier.
    // eligible = c2, c3, c4 = 3; rate = 1/4; rateOfEligible = 1/3
    expect(trial(data, { period: january })).toEqual({ targetSize: 4, eligible: 3, triers: 1, rate: 0.25, rateOfEligible: 1 / 3 });
  });

  it('penetration counts the buyers and divides by the target size', () => {
    // c1 and c2 bought in January (c9 is not a member) → 2/4
    expect(penetration(data, { period: january })).toEqual({ targetSize: 4, buyers: 2, rate: 0.5 });
  });

  it('average purchase divides units and value by purchase acts', () => {
    // acts: c1 Jan 5 (2 u, 2000), c1 Jan 20 (1 u, 1000), c2 Jan 15 (3 u, 3000) → 3 acts, 6 units, 6000
    // unitsPerAct = 6/3 = 2; valuePerAct = 6000/3 = 2000
    expect(averagePurchase(data, { period: january })).toEqual({ currency: 'EUR', acts: 3, units: 6, valueMinor: 6000, unitsPerAct: 2, valuePerActMinor: 2000 });
  });

  it('frequency is purchase acts per buyer', () => {
    // 3 acts / 2 buyers = 1.5
    expect(purchaseFrequency(data, { period: january })).toEqual({ buyers: 2, acts: 3, frequency: 1.5 });
  });
});

describe('relationship KPIs', () => {
  it('the satisfaction index rescales each answer from its own scale to 0–100', () => {
    // c1: 4 on 1–5 → 100·3/4 = 75; c2: 10 on 0–10 → 100; c3: 1 on 1–5 → 0; mean = 175/3
    expect(satisfactionIndex(data, { period: january })).toEqual({ responses: 3, index: 175 / 3 });
  });

  it('NPS is the percentage of promoters minus the percentage of detractors', () => {
    // January target answers: 10, 9 (promoters), 7 (passive), 3 (detractor) → 100·(2 − 1)/4 = 25
    expect(netPromoterScore(data, { period: january })).toEqual({ promoters: 2, passives: 1, detractors: 1, responses: 4, nps: 25 });
  });

  it('the affinity index rescales affinity to 0–100', () => {
    // c1: 3 on 1–5 → 100·2/4 = 50
    expect(affinityIndex(data, { period: january })).toEqual({ responses: 1, index: 50 });
  });

  it('share of requirements compares our purchase acts with prorated external acts', () => {
    // c1: ours 2, external 2 (whole record in January) → 2/4 = 0.5
    // c2: ours 1, external 61·31/61 = 31 → 1/32
    // c3: external acts unknown → excluded; c4: only tea elsewhere, no coffee act → left out
    const result = shareOfRequirements(data, { period: january, categories: ['coffee'] });
    expect(result.customers.map((c) => [c.contactId, c.ours, c.external, c.share])).toEqual([
      ['c1', 2, 2, 0.5],
      ['c2', 1, 31, 1 / 32],
    ]);
    expect(result.excluded).toBe(1);
    // mean of ratios = (0.5 + 1/32)/2 = 0.265625; ratio of sums = (2 + 1)/(4 + 32) = 1/12
    expect(result.meanOfRatios).toBeCloseTo(0.265625, 12);
    expect(result.ratioOfSums).toBeCloseTo(1 / 12, 12);
  });

  it('share of wallet compares our value with external spend prorated by overlap days', () => {
    // c1: ours 2000 + 1000 = 3000; external 3000 → 0.5
    // c2: ours 3000; external 6100·31/61 = 3100 → 3000/6100 = 30/61
    // c3: ours 0; external 1000 → 0
    const result = shareOfWallet(data, { period: january, categories: ['coffee'] });
    expect(result.customers.map((c) => c.contactId)).toEqual(['c1', 'c2', 'c3']);
    expect(result.customers[1]?.external).toBeCloseTo(3100, 9);
    // mean of ratios = (0.5 + 30/61 + 0)/3; ratio of sums = 6000/(6000 + 3000 + 3100 + 1000) = 6000/13100
    expect(result.meanOfRatios).toBeCloseTo((0.5 + 30 / 61) / 3, 12);
    expect(result.ratioOfSums).toBeCloseTo(60 / 131, 12);
  });
});

describe('economic KPIs', () => {
  it('sales and margin sum the target members’ purchase lines in the period', () => {
    // value 2000 + 1000 + 3000 = 6000, per member 6000/4 = 1500
    expect(sales(data, { period: january })).toEqual({ currency: 'EUR', targetSize: 4, valueMinor: 6000, perMemberMinor: 1500 });
    // margin 600 + 300 + 900 = 1800, per member 450
    expect(margin(data, { period: january })).toEqual({ currency: 'EUR', targetSize: 4, marginMinor: 1800, actsWithoutMargin: 0, perMemberMinor: 450 });
  });

  it('cost per adhesion divides the investment by the responders', () => {
    // €100.00 / 1 responder = 10000 minor units
    expect(costPerAdhesion(data, { investment: { amountMinor: 10_000, currency: 'EUR' } })).toEqual({
      currency: 'EUR',
      investmentMinor: 10_000,
      adhesions: 1,
      costPerAdhesionMinor: 10_000,
    });
  });

  it('an act with a line lacking margin is left out of the margin and counted', () => {
    const withGap: InitiativeData = { members: [member('c1')], purchases: [purchase('c1', '2025-01-05', [{ quantity: 1, value: 100, margin: 40 }, { quantity: 1, value: 100 }])] };
    expect(margin(withGap, { period: january })).toMatchObject({ marginMinor: 0, actsWithoutMargin: 1 });
  });
});

describe('zero denominators', () => {
  it('every rate and average is null, never NaN, when its denominator is 0', () => {
    const empty: InitiativeData = { members: [] };
    expect(redemption(empty).rate).toBeNull();
    expect(penetration(empty, { period: january }).rate).toBeNull();
    expect(trial(empty, { period: january })).toMatchObject({ rate: null, rateOfEligible: null });
    expect(retention(empty, { period: january }).rate).toBeNull();
    expect(averagePurchase(empty, { period: january })).toMatchObject({ unitsPerAct: null, valuePerActMinor: null, currency: null });
    expect(purchaseFrequency(empty, { period: january }).frequency).toBeNull();
    expect(satisfactionIndex(empty, { period: january }).index).toBeNull();
    expect(netPromoterScore(empty, { period: january }).nps).toBeNull();
    expect(shareOfWallet(empty, { period: january })).toMatchObject({ meanOfRatios: null, ratioOfSums: null });
    expect(sales(empty, { period: january }).perMemberMinor).toBeNull();
    expect(costPerAdhesion(empty, { investment: { amountMinor: 100, currency: 'EUR' } }).costPerAdhesionMinor).toBeNull();
  });
});

describe('invalid input', () => {
  it('a period that ends before it starts is a ValidationError at period.end', () => {
    const backwards = { start: d('2025-02-01'), end: d('2025-01-01') };
    try {
      penetration(data, { period: backwards });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([['period', 'end']]);
    }
  });

  it('a negative quantity is a ValidationError at its line', () => {
    const bad: InitiativeData = { members: [member('c1')], purchases: [purchase('c1', '2025-01-05', [{ quantity: 1, value: 1 }, { quantity: -2, value: 1 }])] };
    try {
      sales(bad, { period: january });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([['lines', 1, 'quantity']]);
    }
  });

  it('a negative amount, a score off its scale, an NPS of 11 and an inverted spend period are ValidationErrors', () => {
    const p = { period: january };
    expect(() => sales({ members: [], purchases: [purchase('c1', '2025-01-05', [{ quantity: 1, value: -5 }])] }, p)).toThrow(ValidationError);
    expect(() => satisfactionIndex({ members: [], surveys: [survey('c1', '2025-01-05', { satisfaction: { value: 6, scaleMin: 1, scaleMax: 5 } })] }, p)).toThrow(ValidationError);
    expect(() => netPromoterScore({ members: [], surveys: [survey('c1', '2025-01-05', { nps: 11 })] }, p)).toThrow(ValidationError);
    expect(() => shareOfWallet({ members: [], externalSpend: [spend('c1', '2025-01-31', '2025-01-01', 100)] }, p)).toThrow(ValidationError);
    expect(() => costPerAdhesion({ members: [] }, { investment: { amountMinor: -1, currency: 'EUR' } })).toThrow(ValidationError);
  });

  it('a contact in both the target and the control group is a ValidationError', () => {
    expect(() => penetration({ members: [member('c1'), member('c1', { group: 'control' })] }, { period: january })).toThrow(ValidationError);
  });

  it('amounts in different currencies are a CurrencyMismatchError', () => {
    const mixed: InitiativeData = {
      members: [member('c1')],
      purchases: [purchase('c1', '2025-01-05', [{ quantity: 1, value: 100 }]), purchase('c1', '2025-01-06', [{ quantity: 1, value: 100, currency: 'USD' }])],
    };
    expect(() => sales(mixed, { period: january })).toThrow(CurrencyMismatchError);
    expect(() => shareOfWallet({ members: [], externalSpend: [spend('c1', '2025-01-01', '2025-01-02', 1, { currency: 'USD' })] }, { period: january, currency: 'EUR' })).toThrow(CurrencyMismatchError);
  });
});
