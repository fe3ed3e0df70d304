import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import {
  escalationRate,
  escalationRateAccumulator,
  reopenRate,
  reopenRateAccumulator,
  type TicketLike,
  ticketTimes,
  ticketTimesAccumulator,
} from '../../../src/kpi/service';
import { checkMergeLaws } from '../pipeline/_merge';

const t0 = new Date('2025-01-01T00:00:00Z');
const h = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);

describe('ticketTimes', () => {
  it('reports type-7 percentiles of first response and resolution, excluding and counting tickets still waiting', () => {
    const tickets: TicketLike[] = [
      { createdAt: t0, firstResponseAt: h(1), resolvedAt: h(4) },
      { createdAt: t0, firstResponseAt: h(2), resolvedAt: h(8) },
      { createdAt: t0, firstResponseAt: h(4), resolvedAt: h(30) },
      { createdAt: t0, firstResponseAt: h(10) },
      { createdAt: h(-5), openedAt: t0 }, // openedAt is the start; still waiting for both
    ];
    const result = ticketTimes(tickets);
    // first response, sorted 1, 2, 4, 10 (n = 4):
    //   p50: h = 3 · 0.5 = 1.5 → 2 + 0.5 · (4 − 2) = 3
    //   p75: h = 2.25 → 4 + 0.25 · (10 − 4) = 5.5
    //   p90: h = 2.7 → 4 + 0.7 · 6 = 8.2
    //   mean (1 + 2 + 4 + 10) / 4 = 4.25
    expect(result.firstResponse.count).toBe(4);
    expect(result.firstResponse.stillOpen).toBe(1);
    expect(result.firstResponse.meanHours).toBe(4.25);
    expect(result.firstResponse.medianHours).toBe(3);
    expect(result.firstResponse.percentiles['0.75']).toBe(5.5);
    expect(result.firstResponse.percentiles['0.9']).toBeCloseTo(8.2, 12);
    // resolution, sorted 4, 8, 30 (n = 3): p50 = 8; p75: h = 1.5 → 8 + 0.5 · 22 = 19; p90: h = 1.8 → 8 + 0.8 · 22 = 25.6
    expect(result.resolution.stillOpen).toBe(2);
    expect(result.resolution.medianHours).toBe(8);
    expect(result.resolution.percentiles['0.75']).toBe(19);
    expect(result.resolution.percentiles['0.9']).toBeCloseTo(25.6, 12);
  });
  it('gives null statistics without measured tickets', () => {
    const result = ticketTimes([{ createdAt: t0 }]);
    expect(result.resolution).toEqual({ count: 0, stillOpen: 1, meanHours: null, medianHours: null, percentiles: { '0.5': null, '0.75': null, '0.9': null } });
  });
  it('rejects a response before the ticket was opened and a percentile outside [0, 1]', () => {
    expect(() => ticketTimes([{ createdAt: t0, firstResponseAt: h(-1) }])).toThrow(ValidationError);
    expect(() => ticketTimes([], { percentiles: [1.5] })).toThrow(ValidationError);
  });
});

describe('escalationRate', () => {
  it('divides escalated tickets by tickets per product', () => {
    const rows = escalationRate(
      [
        { createdAt: t0, productId: 'p1', escalationLevel: 2 },
        { createdAt: t0, productId: 'p1', escalatedAt: h(3) },
        { createdAt: t0, productId: 'p1' },
        { createdAt: t0, productId: 'p2' },
        { createdAt: t0 },
      ],
      { groupBy: 'productId' },
    );
    // p1: 2 / 3; p2: 0 / 1; no product: 0 / 1
    expect(rows).toEqual([
      { key: '(none)', tickets: 1, escalated: 0, rate: 0 },
      { key: 'p1', tickets: 3, escalated: 2, rate: 2 / 3 },
      { key: 'p2', tickets: 1, escalated: 0, rate: 0 },
    ]);
  });
});

describe('reopenRate', () => {
  it('divides reopened tickets by tickets resolved at least once', () => {
    const result = reopenRate([
      { createdAt: t0, resolvedAt: h(5), reopenCount: 1 },
      { createdAt: t0, resolvedAt: h(5) },
      { createdAt: t0, reopenCount: 2 }, // reopened and open again: it was resolved once
      { createdAt: t0 },
    ]);
    // resolved at least once: 3; reopened: 2 → 2 / 3
    expect(result).toEqual({ resolved: 3, reopened: 2, rate: 2 / 3 });
    expect(reopenRate([{ createdAt: t0 }]).rate).toBeNull();
  });
});

const ticketArb: fc.Arbitrary<TicketLike> = fc
  .record({
    start: fc.integer({ min: 0, max: 500 }),
    response: fc.option(fc.integer({ min: 0, max: 48 }), { nil: undefined }),
    resolution: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    escalationLevel: fc.integer({ min: 0, max: 2 }),
    reopenCount: fc.integer({ min: 0, max: 2 }),
    category: fc.option(fc.constantFrom('billing', 'login'), { nil: undefined }),
  })
  .map(({ start, response, resolution, ...rest }) => ({
    createdAt: h(start),
    firstResponseAt: response === undefined ? undefined : h(start + response),
    resolvedAt: resolution === undefined ? undefined : h(start + resolution),
    ...rest,
  }));

describe('service KPI properties', () => {
  it('percentiles are ordered and lie between the minimum and maximum; rates lie in [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { maxLength: 40 }), (tickets) => {
        const { resolution } = ticketTimes(tickets, { percentiles: [0, 0.5, 0.75, 0.9, 1] });
        const ps = ['0', '0.5', '0.75', '0.9', '1'].map((k) => resolution.percentiles[k]);
        if (resolution.count > 0) {
          for (let i = 1; i < ps.length; i += 1) expect(ps[i] as number).toBeGreaterThanOrEqual(ps[i - 1] as number);
        }
        const rate = reopenRate(tickets).rate;
        if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
        for (const row of escalationRate(tickets, { groupBy: 'category' })) expect(row.rate !== null && row.rate >= 0 && row.rate <= 1).toBe(true);
      }),
    );
  });
  it('merging the states of any split equals the whole', () => {
    const period = { start: h(100), end: h(400) };
    checkMergeLaws(() => ticketTimesAccumulator({ period }), ticketArb);
    checkMergeLaws(() => escalationRateAccumulator({ groupBy: (t) => t.category ?? 'none' }), ticketArb);
    checkMergeLaws(() => reopenRateAccumulator({ period }), ticketArb);
  });
});
