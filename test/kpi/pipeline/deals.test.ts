import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurrencyMismatchError, ValidationError } from '../../../src/errors';
import {
  acquisitionCostAccumulator,
  acquisitionCostBySource,
  averageDealSize,
  averageDealSizeAccumulator,
  type DealLike,
  forecastAccumulator,
  forecastByCategory,
  leadSeasonality,
  leadSeasonalityAccumulator,
  ownerPerformance,
  ownerPerformanceAccumulator,
  pipelineCoverage,
  pipelineCoverageAccumulator,
  salesCycleLength,
  salesCycleLengthAccumulator,
  salesVelocity,
  salesVelocityAccumulator,
  stageProbabilitiesOf,
  weightedPipeline,
  weightedPipelineAccumulator,
  winRate,
  winRateAccumulator,
} from '../../../src/kpi/pipeline';
import { checkMergeLaws } from './_merge';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const eur = (n: number) => ({ amountMinor: n, currency: 'EUR' });
const usd = (n: number) => ({ amountMinor: n, currency: 'USD' });
const q1 = { start: d('2025-01-01'), end: d('2025-04-01') };

const deals: DealLike[] = [
  { status: 'won', amount: eur(10_000), createdAt: d('2025-01-01'), closedAt: d('2025-01-11'), ownerId: 'ann' }, // 10 days
  { status: 'won', amount: eur(30_000), createdAt: d('2025-01-01'), closedAt: d('2025-01-31'), ownerId: 'ann' }, // 30 days
  { status: 'won', amount: usd(5_000), createdAt: d('2025-02-01'), closedAt: d('2025-03-02'), ownerId: 'bob' }, // 29 days
  { status: 'lost', createdAt: d('2025-01-01'), closedAt: d('2025-02-01'), ownerId: 'bob' },
  { status: 'won', amount: eur(99_000), createdAt: d('2025-03-01'), closedAt: d('2025-04-01') }, // closed at the period end: outside
  { status: 'open', amount: eur(20_000), stageId: 'demo', expectedCloseDate: '2025-03-15', forecastCategory: 'commit' },
  { status: 'open', amount: eur(40_000), stageId: 'proposal', expectedCloseDate: '2025-02-10' },
  { status: 'open', amount: usd(8_000), stageId: 'demo', probability: 0.9, expectedCloseDate: '2025-06-01' },
  { status: 'open', stageId: 'demo' }, // no amount
];

describe('winRate', () => {
  it('divides won by won + lost among deals closed in the half-open period', () => {
    // won in Q1: 3 (the Apr 1 deal is outside), lost: 1 → 3 / 4
    expect(winRate(deals, { period: q1 })).toEqual({ won: 3, lost: 1, rate: 0.75 });
  });
  it('is null when no deal closed', () => {
    expect(winRate(deals, { period: { start: d('2030-01-01'), end: d('2030-02-01') } }).rate).toBeNull();
  });
  it('rejects a period whose end is before its start and a closed deal without closedAt', () => {
    expect(() => winRate(deals, { period: { start: d('2025-02-01'), end: d('2025-01-01') } })).toThrow(ValidationError);
    expect(() => winRate([{ status: 'won' }], { period: q1 })).toThrow(ValidationError);
  });
});

describe('averageDealSize', () => {
  it('averages won deals per currency, never mixing currencies', () => {
    const result = averageDealSize(deals, { period: q1 });
    // EUR: (10 000 + 30 000) / 2 = 20 000; USD: 5 000 / 1
    expect(result.byCurrency).toEqual({
      EUR: { count: 2, total: eur(40_000), meanMinor: 20_000 },
      USD: { count: 1, total: usd(5_000), meanMinor: 5_000 },
    });
  });
  it('rejects a negative amount', () => {
    expect(() => averageDealSize([{ status: 'won', closedAt: d('2025-01-02'), amount: eur(-1) }], { period: q1 })).toThrow(ValidationError);
  });
});

describe('salesCycleLength', () => {
  it('gives the mean and the median of created → closed in days for won deals', () => {
    // cycles 10, 30, 29 → mean 69 / 3 = 23; median of 10, 29, 30 = 29
    expect(salesCycleLength(deals, { period: q1 })).toEqual({ count: 3, meanDays: 23, medianDays: 29 });
  });
  it('rejects a deal closed before it was created', () => {
    expect(() => salesCycleLength([{ status: 'won', createdAt: d('2025-02-01'), closedAt: d('2025-01-15') }], { period: q1 })).toThrow(ValidationError);
  });
});

describe('salesVelocity', () => {
  it('multiplies open opportunities, win rate and deal size, and divides by cycle length, per currency', () => {
    const result = salesVelocity(deals, { period: q1 });
    // EUR: 2 open with amount × 0.75 × 20 000 / 23 days = 30 000 / 23
    expect(result.byCurrency.EUR?.perDayMinor).toBeCloseTo(30_000 / 23, 10);
    // USD: 1 open × 0.75 × 5 000 / 23 = 3 750 / 23
    expect(result.byCurrency.USD?.perDayMinor).toBeCloseTo(3_750 / 23, 10);
    expect(result.openWithoutAmount).toBe(1);
  });
  it('is null when nothing was won (no deal size, no cycle)', () => {
    const result = salesVelocity([{ status: 'open', amount: eur(100) }], { period: q1 });
    expect(result.byCurrency.EUR?.perDayMinor).toBeNull();
  });
});

describe('weightedPipeline', () => {
  it('weights open deals by their own probability, else their stage default', () => {
    const result = weightedPipeline(deals, { stageProbabilities: stageProbabilitiesOf([{ stages: [{ id: 'demo', probability: 0.25 }, { id: 'proposal', probability: 0.5 }] }]) });
    // EUR: 20 000 × 0.25 (demo) + 40 000 × 0.5 (proposal) = 5 000 + 20 000 = 25 000
    // USD: 8 000 × 0.9 (own probability) = 7 200
    expect(result.byCurrency.EUR).toEqual({ count: 2, total: eur(60_000), weightedMinor: 25_000 });
    expect(result.byCurrency.USD?.weightedMinor).toBeCloseTo(7_200, 9);
    expect(result.withoutAmount).toBe(1);
  });
  it('counts deals without a probability apart', () => {
    const result = weightedPipeline(deals);
    expect(result.withoutProbability).toBe(2);
    expect(result.byCurrency.USD?.count).toBe(1);
  });
  it('rejects a stage probability outside [0, 1]', () => {
    expect(() => weightedPipeline([], { stageProbabilities: { demo: 1.5 } })).toThrow(ValidationError);
  });
});

describe('pipelineCoverage', () => {
  it('divides open pipeline by target per currency', () => {
    const result = pipelineCoverage(deals, { targets: { EUR: eur(30_000), USD: usd(0) } });
    // EUR: (20 000 + 40 000) / 30 000 = 2; USD target 0 → null
    expect(result.EUR).toEqual({ pipeline: eur(60_000), target: eur(30_000), coverage: 2 });
    expect(result.USD?.coverage).toBeNull();
  });
  it('restricts to expected close dates in the period', () => {
    // Q1: EUR 20 000 (Mar 15) + 40 000 (Feb 10); USD deal expects June → 0
    const result = pipelineCoverage(deals, { targets: { USD: usd(1_000) }, period: q1 });
    expect(result.USD?.coverage).toBe(0);
    expect(result.EUR?.target).toBeNull();
  });
  it('rejects a target keyed under another currency', () => {
    expect(() => pipelineCoverage(deals, { targets: { EUR: usd(10) } })).toThrow(CurrencyMismatchError);
  });
});

describe('forecastByCategory', () => {
  it('sums open deals expected to close in the period by category, plus won deals as closed', () => {
    const result = forecastByCategory(deals, { period: q1, stageCategories: { proposal: 'best_case' } });
    // EUR closed: 10 000 + 30 000 = 40 000; commit: 20 000; best_case: 40 000 (stage default)
    expect(result.EUR?.categories).toEqual({ pipeline: eur(0), best_case: eur(40_000), commit: eur(20_000), closed: eur(40_000), omitted: eur(0) });
    expect(result.EUR?.commit).toEqual(eur(60_000)); // 40 000 + 20 000
    expect(result.EUR?.bestCase).toEqual(eur(100_000)); // + 40 000
    // USD: only the won deal (the open one expects June)
    expect(result.USD?.total).toEqual(usd(5_000));
  });
  it('rejects a malformed expected close date', () => {
    expect(() => forecastByCategory([{ status: 'open', amount: eur(1), expectedCloseDate: '2025-02-30' }], { period: q1 })).toThrow(ValidationError);
  });
});

describe('ownerPerformance', () => {
  it('ranks by the Wilson lower bound so one lucky lead does not top the ranking', () => {
    const at = d('2025-01-10');
    const rows = ownerPerformance(
      {
        leads: [
          { ownerId: 'ann', createdAt: at, convertedAt: at },
          ...Array.from({ length: 4 }, () => ({ ownerId: 'bob', createdAt: at, convertedAt: at })),
          { ownerId: 'bob', createdAt: at },
          { ownerId: 'bob', createdAt: d('2024-01-01') }, // outside the period
        ],
        deals,
      },
      { period: q1 },
    );
    // Wilson 95 %, z = 1.959964, z² = 3.841459:
    // bob 4 / 5: (0.8 + z²/10 − z·√(0.8·0.2/5 + z²/100)) / (1 + z²/5) = (1.184146 − 0.520091) / 1.768292 = 0.375535
    // ann 1 / 1: (1 + z²/2 − z·√(0 + z²/4)) / (1 + z²) = (2.920729 − 1.920729) / 4.841459 = 0.206549
    expect(rows.map((r) => r.ownerId)).toEqual(['bob', 'ann']);
    expect(rows[0]?.conversionInterval?.lower).toBeCloseTo(0.37553, 4);
    expect(rows[1]?.conversionInterval?.lower).toBeCloseTo(0.20654, 4);
    // win rates: ann won 2 of 2; bob won 1, lost 1
    expect(rows[1]?.winRate).toBe(1);
    expect(rows[0]?.winRate).toBe(0.5);
  });
});

describe('acquisitionCostBySource', () => {
  it('divides the spend of each source by the customers it brought in the period', () => {
    const at = d('2025-01-15');
    const rows = acquisitionCostBySource(
      {
        spend: [
          { source: 'ads', amount: eur(60_000), at },
          { source: 'ads', amount: eur(30_000), at },
          { source: 'ads', amount: eur(99_999), at: d('2024-12-31') }, // outside
          { source: 'events', amount: eur(10_000), at },
        ],
        customers: [{ source: 'ads', acquiredAt: at }, { source: 'ads', acquiredAt: at }, { source: 'ads', acquiredAt: at }, { source: 'seo', acquiredAt: at }],
      },
      { period: { start: d('2025-01-01'), end: d('2025-02-01') } },
    );
    expect(rows).toEqual([
      { source: 'ads', spend: eur(90_000), customers: 3, cacMinor: 30_000 }, // 90 000 / 3
      { source: 'events', spend: eur(10_000), customers: 0, cacMinor: null }, // nobody acquired
      { source: 'seo', spend: null, customers: 1, cacMinor: null }, // no spend recorded
    ]);
  });
  it('rejects one source spending in two currencies', () => {
    const at = d('2025-01-15');
    expect(() =>
      acquisitionCostBySource({ spend: [{ source: 'ads', amount: eur(1), at }, { source: 'ads', amount: usd(1), at }], customers: [] }, { period: q1 }),
    ).toThrow(CurrencyMismatchError);
  });
});

describe('leadSeasonality', () => {
  it('counts by month and weekday with indices count / mean count', () => {
    // Jan 6 2025 (Mon), Jan 7 (Tue), Feb 3 (Mon), Feb 4 (Tue) → months Jan 2, Feb 2; weekdays Mon 2, Tue 2
    const result = leadSeasonality([d('2025-01-06'), d('2025-01-07'), d('2025-02-03'), { createdAt: d('2025-02-04') }]);
    // month mean = 4 / 12 → January index = 2 / (1/3) = 6; weekday mean = 4 / 7 → Monday index = 2 / (4/7) = 3.5
    expect(result.byMonth[0]).toEqual({ bucket: 1, count: 2, index: 6 });
    expect(result.byMonth[2]).toEqual({ bucket: 3, count: 0, index: 0 });
    expect(result.byWeekday[0]?.index).toBeCloseTo(3.5, 12);
    expect(result.byWeekday[6]?.count).toBe(0);
  });
  it('reads weekday and month in the given time zone', () => {
    // 2025-01-31T23:30Z: Friday January in UTC, Saturday February 1 in Berlin (UTC+1)
    const at = new Date('2025-01-31T23:30:00Z');
    expect(leadSeasonality([at]).byWeekday[4]?.count).toBe(1);
    const berlin = leadSeasonality([at], { timeZone: 'Europe/Berlin' });
    expect(berlin.byWeekday[5]?.count).toBe(1);
    expect(berlin.byMonth[1]?.count).toBe(1);
  });
  it('gives null indices without leads and rejects an unknown time zone', () => {
    expect(leadSeasonality([]).byMonth[0]?.index).toBeNull();
    expect(() => leadSeasonality([], { timeZone: 'Mars/Olympus' })).toThrow(ValidationError);
  });
});

const dayArb = fc.integer({ min: 0, max: 120 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000));
const dealArb: fc.Arbitrary<DealLike> = fc
  .record({
    status: fc.constantFrom('open', 'won', 'lost'),
    amount: fc.option(fc.record({ amountMinor: fc.integer({ min: 0, max: 1_000_000 }), currency: fc.constantFrom('EUR', 'USD') }), { nil: undefined }),
    probability: fc.option(fc.constantFrom(0, 0.25, 0.5, 0.75, 1), { nil: undefined }),
    stageId: fc.constantFrom('demo', 'proposal', 'other'),
    forecastCategory: fc.option(fc.constantFrom('pipeline', 'best_case', 'commit', 'omitted'), { nil: undefined }),
    createdAt: dayArb,
    cycle: fc.integer({ min: 0, max: 60 }),
    expectedCloseDate: fc.option(dayArb.map((x) => x.toISOString().slice(0, 10)), { nil: undefined }),
    ownerId: fc.option(fc.constantFrom('ann', 'bob'), { nil: undefined }),
  })
  .map(({ cycle, ...deal }) => {
    const base = { ...deal, closedAt: deal.status === 'open' ? undefined : new Date(deal.createdAt.getTime() + cycle * 86_400_000) };
    return base as DealLike;
  });

describe('pipeline KPI properties', () => {
  const period = { start: d('2025-02-01'), end: d('2025-04-01') };
  it('win rate lies in [0, 1] and weighted pipeline never exceeds the open total', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 40 }), (items) => {
        const rate = winRate(items, { period }).rate;
        if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
        for (const entry of Object.values(weightedPipeline(items, { stageProbabilities: { demo: 0.25 } }).byCurrency)) {
          expect(entry.weightedMinor).toBeLessThanOrEqual(entry.total.amountMinor);
        }
      }),
    );
  });
  it('merging the states of any split equals the whole for every deal accumulator', () => {
    checkMergeLaws(() => winRateAccumulator({ period }), dealArb);
    checkMergeLaws(() => averageDealSizeAccumulator({ period }), dealArb);
    checkMergeLaws(() => salesCycleLengthAccumulator({ period }), dealArb);
    checkMergeLaws(() => salesVelocityAccumulator({ period }), dealArb);
    checkMergeLaws(() => weightedPipelineAccumulator({ stageProbabilities: { demo: 0.5 } }), dealArb);
    checkMergeLaws(() => pipelineCoverageAccumulator({ targets: { EUR: eur(1_000_000) }, period }), dealArb);
    checkMergeLaws(() => forecastAccumulator({ period, stageCategories: { proposal: 'commit' } }), dealArb);
  });
  it('merging the states of any split equals the whole for owners, CAC and seasonality', () => {
    const leadArb = fc.record({ ownerId: fc.option(fc.constantFrom('ann', 'bob', 'cy'), { nil: undefined }), createdAt: dayArb, convertedAt: fc.option(dayArb, { nil: undefined }) });
    checkMergeLaws(
      () => ownerPerformanceAccumulator({ period }),
      fc.oneof(leadArb.map((lead) => ({ kind: 'lead' as const, lead })), dealArb.map((deal) => ({ kind: 'deal' as const, deal }))),
    );
    checkMergeLaws(
      () => acquisitionCostAccumulator({ period }),
      fc.oneof(
        fc.record({ source: fc.constantFrom('ads', 'seo'), amount: fc.integer({ min: 0, max: 1000 }).map(eur), at: dayArb }).map((spend) => ({ kind: 'spend' as const, spend })),
        fc.record({ source: fc.constantFrom('ads', 'seo', 'events'), acquiredAt: dayArb }).map((customer) => ({ kind: 'customer' as const, customer })),
      ),
    );
    checkMergeLaws(() => leadSeasonalityAccumulator({ timeZone: 'America/New_York' }), dayArb);
  });
});
