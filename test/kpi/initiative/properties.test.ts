/**
 * Properties of the initiative KPIs on random records (fast-check): merge of any split equals
 * the whole, order does not matter, rates lie in [0, 1], penetration ≤ target size, share of
 * wallet ≤ 1, indices in 0–100, NPS in −100..100.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Accumulator, accumulate, foldState } from '../../../src/kpi/accumulator';
import {
  initiativeRecords,
  initiativeReportAccumulator,
  penetrationAccumulator,
  shareOfWalletAccumulator,
  type InitiativeRecord,
  type InitiativeReport,
} from '../../../src/kpi/initiative';
import { d, member, purchase, spend, survey } from './_fixtures';

const campaign = { id: 'cmp1', startAt: d('2025-03-01'), endAt: d('2025-04-01'), actualCost: { amountMinor: 5000, currency: 'EUR' } };
const contacts = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
const dayArb = fc.integer({ min: 0, max: 500 }).map((n) => new Date(Date.UTC(2024, 11, 1) + n * 86_400_000).toISOString().slice(0, 10));

const recordArb: fc.Arbitrary<InitiativeRecord> = fc.oneof(
  fc.record({ c: fc.constantFrom(...contacts), responded: fc.option(dayArb, { nil: undefined }) }).map(({ c, responded }) => ({
    kind: 'member' as const,
    // the group is a function of the contact so that no contact is in both groups
    record: member(c, { group: Number(c.slice(1)) % 3 === 0 ? 'control' : 'target', ...(responded === undefined ? {} : { respondedAt: responded }) }),
  })),
  fc.record({
    c: fc.constantFrom(...contacts, 'x9'),
    at: dayArb,
    lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 5 }), value: fc.integer({ min: 0, max: 10_000 }), margin: fc.option(fc.integer({ min: -500, max: 5_000 }), { nil: undefined }), category: fc.constantFrom('coffee', 'tea') }), { minLength: 1, maxLength: 3 }),
  }).map(({ c, at, lines }) => ({ kind: 'purchase' as const, record: purchase(c, at, lines) })),
  fc.record({ c: fc.constantFrom(...contacts), at: dayArb, nps: fc.integer({ min: 0, max: 10 }), sat: fc.integer({ min: 1, max: 7 }), brand: fc.boolean() }).map(({ c, at, nps, sat, brand }) => ({
    kind: 'survey' as const,
    record: survey(c, at, { nps, satisfaction: { value: sat, scaleMin: 1, scaleMax: 7 }, affinity: { value: sat - 1, scaleMin: 0, scaleMax: 6 }, aware: { brand } }),
  })),
  fc.record({ c: fc.constantFrom(...contacts), from: dayArb, days: fc.integer({ min: 0, max: 120 }), value: fc.integer({ min: 0, max: 20_000 }), acts: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }) }).map(({ c, from, days, value, acts }) => {
    const to = new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    return { kind: 'externalSpend' as const, record: spend(c, from, to, value, acts === undefined ? {} : { purchaseActs: acts }) };
  }),
);

/** Deep equality with a relative tolerance on numbers (float sums depend on the order of addition). */
function approxEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => approxEqual(x, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => approxEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function rates(report: InitiativeReport): (number | null)[] {
  return (['before', 'during', 'after'] as const).flatMap((m) => {
    const k = report[m];
    return [k.redemption.rate, k.retention.rate, k.awareness.brand.rate, k.trial.rate, k.trial.rateOfEligible, k.penetration.rate, k.shareOfRequirements.meanOfRatios, k.shareOfRequirements.ratioOfSums, k.shareOfWallet.meanOfRatios, k.shareOfWallet.ratioOfSums, ...k.shareOfWallet.customers.map((c) => c.share)];
  });
}

describe('initiative accumulators', () => {
  const report = initiativeReportAccumulator(campaign);

  it('merging the states of any split gives the whole report', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), fc.nat(), fc.nat(), (records, i, j) => {
        const [a, b] = [i % (records.length + 1), j % (records.length + 1)].sort((x, y) => x - y) as [number, number];
        const whole = accumulate(report, records);
        const parts = [records.slice(0, a), records.slice(a, b), records.slice(b)].map((part) => foldState(report, part));
        const merged = report.result(parts.reduce((s, t) => report.merge(s, t), report.init()));
        expect(approxEqual(merged, whole)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('the order of the records does not matter', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }).chain((r) => fc.tuple(fc.constant(r), fc.shuffledSubarray(r, { minLength: r.length, maxLength: r.length }))), ([records, shuffled]) => {
        expect(approxEqual(accumulate(report, shuffled), accumulate(report, records))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('merge with an empty state changes nothing', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), (records) => {
        const whole = accumulate(report, records);
        expect(approxEqual(report.result(report.merge(report.init(), foldState(report, records))), whole)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('rates lie in [0, 1], penetration ≤ target size, share of wallet ≤ 1, indices in 0–100 and NPS in −100..100', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), (records) => {
        const r = accumulate(report, records);
        for (const rate of rates(r)) if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
        for (const m of ['before', 'during', 'after'] as const) {
          expect(r[m].penetration.buyers).toBeLessThanOrEqual(r.targetSize);
          for (const index of [r[m].satisfactionIndex.index, r[m].affinityIndex.index]) if (index !== null) expect(index >= 0 && index <= 100 + 1e-9).toBe(true);
          const nps = r[m].netPromoterScore.nps;
          if (nps !== null) expect(nps >= -100 && nps <= 100).toBe(true);
        }
        for (const effect of r.incremental === null ? [] : [r.incremental.before, r.incremental.during, r.incremental.after]) {
          const ci = effect.penetration?.confidenceInterval;
          if (ci !== undefined) expect(ci.lower <= (effect.penetration?.difference ?? 0) && (effect.penetration?.difference ?? 0) <= ci.upper).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('each KPI accumulator agrees with the array function on any split', () => {
    const period = { start: d('2025-03-01'), end: d('2025-04-01') };
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), fc.nat(), (records, k) => {
        const cut = k % (records.length + 1);
        const splitEqualsWhole = <S, O>(acc: Accumulator<InitiativeRecord, S, O>): boolean =>
          approxEqual(acc.result(acc.merge(foldState(acc, records.slice(0, cut)), foldState(acc, records.slice(cut)))), accumulate(acc, records));
        expect(splitEqualsWhole(penetrationAccumulator({ period }))).toBe(true);
        expect(splitEqualsWhole(shareOfWalletAccumulator({ period, categories: ['coffee'] }))).toBe(true);
        const data = { members: records.flatMap((r) => (r.kind === 'member' ? [r.record] : [])), purchases: records.flatMap((r) => (r.kind === 'purchase' ? [r.record] : [])) };
        expect(accumulate(penetrationAccumulator({ period }), initiativeRecords(data))).toEqual(accumulate(penetrationAccumulator({ period }), records));
      }),
      { numRuns: 100 },
    );
  });
});
