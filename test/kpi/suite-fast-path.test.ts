/**
 * The suite's trusted fast path (validate once, columnar state) against the public accumulators
 * it replaces, on random data (fast-check): the same figures — exactly, not approximately — for
 * any options, any shard split, and the same error for malformed records.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Accumulator, accumulate, foldState } from '../../src/kpi/accumulator';
import {
  averageOrderValueAccumulator,
  churnRateAccumulator,
  cohortRetentionAccumulator,
  historicClvAccumulator,
  repurchaseRateAccumulator,
} from '../../src/kpi/customer';
import {
  averagePurchaseAccumulator,
  initiativePanelAccumulator,
  marginAccumulator,
  penetrationAccumulator,
  purchaseFrequencyAccumulator,
  salesAccumulator,
  type InitiativeKpiOptions,
  type InitiativePanelState,
  type InitiativePurchase,
  type InitiativeRecord,
} from '../../src/kpi/initiative';
import { kpiSuiteAccumulator, utcMonthIndex, type KpiSuiteOptions, type KpiSuiteResult } from '../../src/kpi/suite';

/** The suite as it was: the public accumulators composed, each validating and summing every purchase. */
function referenceSuite(options: KpiSuiteOptions): Accumulator<InitiativeRecord, Record<string, unknown>, KpiSuiteResult> {
  const filters = {
    ...(options.categories !== undefined ? { categories: options.categories } : {}),
    ...(options.campaignId !== undefined ? { campaignId: options.campaignId } : {}),
    ...(options.currency !== undefined ? { currency: options.currency } : {}),
  };
  const panel = initiativePanelAccumulator({ windows: [options.period], ...filters });
  const group = (g: 'target' | 'control') => {
    const kpi: InitiativeKpiOptions = { period: options.period, group: g, ...filters };
    return { penetration: penetrationAccumulator(kpi), averagePurchase: averagePurchaseAccumulator(kpi), frequency: purchaseFrequencyAccumulator(kpi), sales: salesAccumulator(kpi), margin: marginAccumulator(kpi) };
  };
  const customers = {
    clv: historicClvAccumulator({ ...(options.clvBasis !== undefined ? { basis: options.clvBasis } : {}), ...(options.customerPeriod !== undefined ? { period: options.customerPeriod } : {}) }),
    aov: averageOrderValueAccumulator(options.customerPeriod !== undefined ? { period: options.customerPeriod } : {}),
    repurchase: repurchaseRateAccumulator({ period: options.repurchasePeriod ?? options.period }),
    churn: churnRateAccumulator({ period: options.churnPeriod ?? options.period, ...(options.previousPeriod !== undefined ? { previousPeriod: options.previousPeriod } : {}) }),
    cohorts: cohortRetentionAccumulator({ now: options.now, ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}) }),
  } as unknown as Record<string, Accumulator<InitiativePurchase, unknown, unknown>>;
  const target = group('target'), control = group('control');
  const project = (s: InitiativePanelState, g: ReturnType<typeof group>) => ({
    penetration: g.penetration.result(s), averagePurchase: g.averagePurchase.result(s), frequency: g.frequency.result(s), sales: g.sales.result(s), margin: g.margin.result(s),
  });
  const keys = Object.keys(customers);
  return {
    init: () => Object.fromEntries([['panel', panel.init()], ...keys.map((k) => [k, customers[k]!.init()])]),
    add(state, item) {
      state['panel'] = panel.add(state['panel'] as InitiativePanelState, item);
      if (item.kind === 'purchase') for (const k of keys) state[k] = customers[k]!.add(state[k], item.record);
      return state;
    },
    merge(a, b) {
      return Object.fromEntries([['panel', panel.merge(a['panel'] as InitiativePanelState, b['panel'] as InitiativePanelState)], ...keys.map((k) => [k, customers[k]!.merge(a[k], b[k])])]);
    },
    result(state) {
      const s = state['panel'] as InitiativePanelState;
      const r = (k: string) => customers[k]!.result(state[k]);
      return {
        initiative: { target: project(s, target), control: project(s, control) },
        customer: { historicClv: r('clv'), averageOrderValue: r('aov'), repurchaseRate: r('repurchase'), churnRate: r('churn'), cohortRetention: r('cohorts') },
      } as KpiSuiteResult;
    },
  };
}

const DAY = 86_400_000;
const T0 = Date.UTC(2023, 10, 1);
const contacts = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', '9', '10', '__proto__'];
/** Instants over ~2.5 years, often on month or period boundaries (local midnight included). */
const atArb = fc.oneof(
  fc.integer({ min: 0, max: 900 * DAY }).map((n) => T0 + n),
  fc.integer({ min: 0, max: 30 }).chain((m) => fc.constantFrom(-1, 0, 1, -3_600_000, 3_600_000).map((dt) => Date.UTC(2023, 10 + m, 1) + dt)),
);
const lineArb = fc.record({
  category: fc.constantFrom('coffee', 'tea', 'cocoa'),
  quantity: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0.1, 0.25, 1.7, 1e-3)),
  value: fc.integer({ min: 0, max: 10_000 }),
  margin: fc.option(fc.integer({ min: -500, max: 5_000 }), { nil: undefined }),
});
const purchaseArb = fc.record({ c: fc.constantFrom(...contacts), at: atArb, lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }) }).map(({ c, at, lines }): InitiativeRecord => ({
  kind: 'purchase',
  record: {
    contactId: c,
    purchasedAt: new Date(at),
    lines: lines.map((l) => ({ category: l.category, quantity: l.quantity, value: { amountMinor: l.value, currency: 'EUR' }, ...(l.margin === undefined ? {} : { margin: { amountMinor: l.margin, currency: 'EUR' } }) })),
  },
}));
/** Members: the group is a function of the contact (no conflict), campaign k1 or k2. */
const memberArb = fc.record({ c: fc.constantFrom(...contacts), campaign: fc.constantFrom('k1', 'k2'), responded: fc.boolean() }).map(({ c, campaign, responded }): InitiativeRecord => ({
  kind: 'member',
  record: { contactId: c, campaignId: campaign, group: c.length % 2 === 0 ? 'target' : 'control', responded, ...(responded ? { firstRespondedAt: new Date(T0) } : {}) },
}));
const otherArb = fc.oneof(
  fc.record({ c: fc.option(fc.constantFrom(...contacts), { nil: undefined }), at: atArb, nps: fc.integer({ min: 0, max: 10 }) }).map(({ c, at, nps }): InitiativeRecord => ({
    kind: 'survey',
    record: { respondedAt: new Date(at), nps, ...(c === undefined ? {} : { contactId: c }) },
  })),
  fc.record({ c: fc.constantFrom(...contacts), day: fc.integer({ min: 0, max: 800 }), len: fc.integer({ min: 0, max: 90 }), value: fc.integer({ min: 0, max: 9_000 }), category: fc.constantFrom('coffee', 'tea') }).map(({ c, day, len, value, category }): InitiativeRecord => ({
    kind: 'externalSpend',
    record: { contactId: c, category, periodStart: new Date(T0 + day * DAY).toISOString().slice(0, 10), periodEnd: new Date(T0 + (day + len) * DAY).toISOString().slice(0, 10), value: { amountMinor: value, currency: 'EUR' } },
  })),
);
const recordsArb = fc.array(fc.oneof({ arbitrary: purchaseArb, weight: 6 }, { arbitrary: memberArb, weight: 3 }, { arbitrary: otherArb, weight: 1 }), { maxLength: 60 });

const periodArb = fc.record({ from: fc.integer({ min: 0, max: 700 }), days: fc.integer({ min: 1, max: 200 }) }).map(({ from, days }) => ({ start: new Date(T0 + from * DAY), end: new Date(T0 + (from + days) * DAY) }));
const optionsArb: fc.Arbitrary<KpiSuiteOptions> = fc
  .record({
    period: periodArb,
    now: fc.oneof(fc.integer({ min: 100, max: 950 }).map((n) => new Date(T0 + n * DAY + 3_600_000)), fc.integer({ min: 3, max: 30 }).map((m) => new Date(Date.UTC(2023, 10 + m, 1)))),
    categories: fc.option(fc.subarray(['coffee', 'tea', 'cocoa']), { nil: undefined }),
    campaignId: fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined }),
    currency: fc.option(fc.constantFrom('EUR', 'eur'), { nil: undefined }),
    clvBasis: fc.option(fc.constantFrom('value' as const, 'margin' as const), { nil: undefined }),
    customerPeriod: fc.option(periodArb, { nil: undefined }),
    repurchasePeriod: fc.option(periodArb, { nil: undefined }),
    churnPeriod: fc.option(periodArb, { nil: undefined }),
    previousPeriod: fc.option(periodArb, { nil: undefined }),
    timeZone: fc.option(fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu'), { nil: undefined }),
  })
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as unknown as KpiSuiteOptions);

/** The outcome of a run: the result, or the thrown error's class and message. */
function outcome<S>(acc: Accumulator<InitiativeRecord, S, KpiSuiteResult>, items: readonly InitiativeRecord[]): unknown {
  try {
    return { result: accumulate(acc, items) };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}`, issues: (error as { issues?: unknown }).issues };
  }
}

describe('kpiSuiteAccumulator fast path', () => {
  it('equals the composed public accumulators exactly on random data', () => {
    fc.assert(
      fc.property(optionsArb, recordsArb, (options, items) => {
        // margin basis needs every line to carry a margin: drop the rest (a malformed purchase is tested below)
        const usable = options.clvBasis === 'value' ? items : items.filter((r) => r.kind !== 'purchase' || r.record.lines.every((l) => l.margin !== undefined));
        expect(outcome(kpiSuiteAccumulator(options), usable)).toEqual(outcome(referenceSuite(options), usable));
      }),
      { numRuns: 400 },
    );
  });

  it('merges any split of the records into the same figures as the public accumulators over the whole', () => {
    fc.assert(
      fc.property(optionsArb, recordsArb, fc.array(fc.nat(), { maxLength: 4 }), (options, items, cuts) => {
        const usable = items.filter((r) => r.kind !== 'purchase' || r.record.lines.every((l) => l.margin !== undefined));
        const at = [...new Set(cuts.map((c) => c % (usable.length + 1)))].sort((x, y) => x - y);
        const parts = [0, ...at].map((from, i) => usable.slice(from, [...at, usable.length][i]));
        const suite = kpiSuiteAccumulator(options);
        const merged = parts.map((part) => foldState(suite, part)).reduce((a, b) => suite.merge(a, b), suite.init());
        expect(suite.result(merged)).toEqual(accumulate(referenceSuite(options), usable));
        // a state survives the structured clone of postMessage
        expect(suite.result(structuredClone(merged))).toEqual(suite.result(merged));
      }),
      { numRuns: 200 },
    );
  });

  it('throws what the public accumulators throw for malformed records', () => {
    type Mutation = (p: InitiativePurchase) => unknown;
    const lines0 = (p: InitiativePurchase) => p.lines[0] as unknown as Record<string, unknown>;
    const mutations: Mutation[] = [
      (p) => ({ ...p, contactId: 42 }),
      (p) => ({ ...p, purchasedAt: new Date(Number.NaN) }),
      (p) => ({ ...p, purchasedAt: '2025-01-01' }),
      (p) => ({ ...p, lines: [] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), quantity: 0 }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), quantity: Number.NaN }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), value: { amountMinor: -1, currency: 'EUR' } }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), value: { amountMinor: 1.5, currency: 'EUR' } }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), value: { amountMinor: 100, currency: 'USD' } }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), value: { amountMinor: 100, currency: 'eur' }, margin: { amountMinor: 1, currency: 'eur' } }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), value: { amountMinor: 100, currency: 'ZZZ' } }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), margin: { amountMinor: 1, currency: 'USD' } }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), margin: { amountMinor: 0.5, currency: 'EUR' } }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), margin: undefined }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), margin: null }] }),
      (p) => ({ ...p, lines: [{ ...lines0(p), value: { amountMinor: Number.MAX_SAFE_INTEGER, currency: 'EUR' } }, { ...lines0(p), value: { amountMinor: 5, currency: 'EUR' } }] }),
      (p) => ({ ...p, lines: [null] }),
      (p) => ({ ...p, lines: 'x' }),
    ];
    fc.assert(
      fc.property(optionsArb, recordsArb, purchaseArb, fc.nat(mutations.length - 1), fc.nat(), (options, items, bad, m, where) => {
        const record = mutations[m]!((bad as { record: InitiativePurchase }).record) as InitiativePurchase;
        const all = [...items];
        all.splice(where % (all.length + 1), 0, { kind: 'purchase', record });
        expect(outcome(kpiSuiteAccumulator(options), all)).toEqual(outcome(referenceSuite(options), all));
      }),
      { numRuns: 400 },
    );
  });

  it('throws what the public accumulators throw for a contact in both groups', () => {
    const items: InitiativeRecord[] = [
      { kind: 'member', record: { contactId: 'a', campaignId: 'k1', group: 'target', responded: false } },
      { kind: 'member', record: { contactId: 'a', campaignId: 'k1', group: 'control', responded: false } },
    ];
    const options = { period: { start: new Date(T0), end: new Date(T0 + 90 * DAY) }, now: new Date(T0 + 200 * DAY) };
    expect(outcome(kpiSuiteAccumulator(options), items)).toEqual(outcome(referenceSuite(options), items));
    const suite = kpiSuiteAccumulator(options);
    expect(() => suite.merge(foldState(suite, items.slice(0, 1)), foldState(suite, items.slice(1)))).toThrow(/both the target and the control group/);
  });

  it('sums fractional units over the members in the panel order, as the panel does', () => {
    // x is seen first in a purchase outside the categories (customer KPIs only), so the panel
    // meets y, z, x: (0.2 + 0.3) + 0.1 = 0.6, whereas (0.1 + 0.2) + 0.3 = 0.6000000000000001
    const start = Date.UTC(2025, 0, 1);
    const buy = (c: string, category: string, quantity: number): InitiativeRecord => ({
      kind: 'purchase',
      record: { contactId: c, purchasedAt: new Date(start + DAY), lines: [{ category, quantity, value: { amountMinor: 100, currency: 'EUR' }, margin: { amountMinor: 5, currency: 'EUR' } }] },
    });
    const join = (c: string): InitiativeRecord => ({ kind: 'member', record: { contactId: c, campaignId: 'k1', group: 'target', responded: false } });
    const items = [buy('x', 'tea', 1), join('y'), join('z'), join('x'), buy('x', 'coffee', 0.1), buy('y', 'coffee', 0.2), buy('z', 'coffee', 0.3)];
    const options = { period: { start: new Date(start), end: new Date(start + 90 * DAY) }, now: new Date(start + 200 * DAY), categories: ['coffee'] };
    const suite = accumulate(kpiSuiteAccumulator(options), items);
    expect(suite.initiative.target.averagePurchase.units).toBe(0.6);
    expect(suite).toEqual(accumulate(referenceSuite(options), items));
  });

  it('utcMonthIndex equals the Date computation', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const date = new Date(ms);
        expect(utcMonthIndex(ms)).toBe(date.getUTCFullYear() * 12 + date.getUTCMonth());
      }),
      { numRuns: 5000 },
    );
    for (const ms of [0, -1, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2024, 2, 1), Date.UTC(1900, 2, 1) - 1, Date.UTC(-1, 0, 1)]) {
      const date = new Date(ms);
      expect(utcMonthIndex(ms)).toBe(date.getUTCFullYear() * 12 + date.getUTCMonth());
    }
  });

  it('keeps far-apart purchase months exact (bit-set window and overflow)', () => {
    const line = [{ category: 'coffee', quantity: 1, value: { amountMinor: 100, currency: 'EUR' }, margin: { amountMinor: 10, currency: 'EUR' } }];
    const items: InitiativeRecord[] = [Date.UTC(2024, 5, 3), Date.UTC(1990, 0, 5), Date.UTC(2024, 6, 1), Date.UTC(1950, 3, 1), Date.UTC(2300, 1, 1), Date.UTC(2024, 5, 9)].flatMap((at, i) => [
      { kind: 'purchase' as const, record: { contactId: `c${i % 2}`, purchasedAt: new Date(at), lines: line } },
      { kind: 'purchase' as const, record: { contactId: `d${i}`, purchasedAt: new Date(at), lines: line } },
    ]);
    const options = { period: { start: new Date(T0), end: new Date(T0 + 90 * DAY) }, now: new Date(Date.UTC(2400, 0, 1)) };
    expect(accumulate(kpiSuiteAccumulator(options), items)).toEqual(accumulate(referenceSuite(options), items));
  });
});
