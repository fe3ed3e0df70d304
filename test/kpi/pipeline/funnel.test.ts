import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import {
  cumulativeFunnel,
  cumulativeFunnelAccumulator,
  stageConversionAccumulator,
  stageConversionRates,
  type StageRecord,
} from '../../../src/kpi/pipeline';
import type { LogEntry } from '../../../src/store/types';
import { checkMergeLaws } from './_merge';

const STAGES = ['lead', 'marketing_qualified', 'sales_qualified', 'customer'];
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const rec = (entityId: string, to: string, iso: string): StageRecord => ({ entityId, to, at: d(iso) });

// a: lead(Jan 5) → MQL(Jan 10) → SQL(Feb 1) → customer(Mar 1)
// b: lead(Jan 7) → MQL(Jan 20)
// c: lead(Jan 9) → customer(Feb 2)            (skips MQL and SQL)
// e: lead(Dec 20, 2024) → MQL(Jan 3)           (entered lead before the cohort window)
// f: MQL(Jan 8) before lead(Jan 12)            (MQL entry before lead entry does not count)
const history: StageRecord[] = [
  rec('a', 'lead', '2025-01-05'), rec('a', 'marketing_qualified', '2025-01-10'), rec('a', 'sales_qualified', '2025-02-01'), rec('a', 'customer', '2025-03-01'),
  rec('b', 'lead', '2025-01-07'), rec('b', 'marketing_qualified', '2025-01-20'),
  rec('c', 'lead', '2025-01-09'), rec('c', 'customer', '2025-02-02'),
  rec('e', 'lead', '2024-12-20'), rec('e', 'marketing_qualified', '2025-01-03'),
  rec('f', 'marketing_qualified', '2025-01-08'), rec('f', 'lead', '2025-01-12'),
];
const january = { start: d('2025-01-01'), end: d('2025-02-01') };

describe('stageConversionRates', () => {
  it('counts, of the records that entered stage A in the window, those that later entered stage B', () => {
    const [all] = stageConversionRates(history, { stages: STAGES, cohort: january });
    expect(all?.key).toBe('all');
    expect(all?.conversions).toEqual([
      // lead in January: a, b, c, f (e entered in December) = 4; later MQL: a (Jan 10), b (Jan 20) = 2; f's MQL came before its lead entry
      { from: 'lead', to: 'marketing_qualified', entered: 4, converted: 2, rate: 2 / 4 },
      // MQL in January: a, b, e, f = 4; later SQL: a = 1
      { from: 'marketing_qualified', to: 'sales_qualified', entered: 4, converted: 1, rate: 1 / 4 },
      // SQL in January: nobody (a entered SQL on Feb 1, outside the half-open window) → null
      { from: 'sales_qualified', to: 'customer', entered: 0, converted: 0, rate: null },
    ]);
  });

  it('accepts explicit pairs and skips nothing silently: a record that skipped A is not in the cohort of A', () => {
    const [all] = stageConversionRates(history, { stages: STAGES, pairs: [['lead', 'customer'], ['sales_qualified', 'customer']] });
    // all time: lead entered by a, b, c, e, f = 5; customer later: a, c = 2
    // SQL entered by a only = 1; customer later: a = 1
    expect(all?.conversions.map((c) => [c.entered, c.converted, c.rate])).toEqual([[5, 2, 0.4], [1, 1, 1]]);
  });

  it('groups by a callback that sees the entity and its cohort entry', () => {
    const source: Record<string, string> = { a: 'ads', b: 'ads', c: 'seo', e: 'seo', f: 'ads' };
    const groups = stageConversionRates(history, {
      stages: ['lead', 'customer'],
      groupBy: (id) => source[id] ?? null,
    });
    // ads: a, b, f entered lead; a converted → 1/3. seo: c, e; c converted → 1/2
    expect(groups.map((g) => [g.key, g.conversions[0]?.converted, g.conversions[0]?.entered])).toEqual([['ads', 1, 3], ['seo', 1, 2]]);
    // group by the month of entry
    const byMonth = stageConversionRates(history, { stages: ['lead', 'customer'], groupBy: (_, e) => e.at.toISOString().slice(0, 7) });
    expect(byMonth.map((g) => [g.key, g.conversions[0]?.entered])).toEqual([['2024-12', 1], ['2025-01', 4]]);
  });

  it('reads store log entries of kind transition and ignores other kinds and lifecycles', () => {
    const entry = (seq: number, entityId: string, to: string, iso: string, lifecycle = 'lead'): LogEntry => ({
      seq, workspaceId: 'w', entity: 'contact', entityId, kind: 'transition', at: d(iso), actor: null,
      data: { lifecycle, from: 'x', to, event: 'e' },
    });
    const log: LogEntry[] = [
      entry(1, 'a', 'lead', '2025-01-01'),
      entry(2, 'a', 'customer', '2025-01-05'),
      entry(3, 'b', 'lead', '2025-01-02'),
      entry(4, 'b', 'customer', '2025-01-06', 'other'),
      { seq: 5, workspaceId: 'w', entity: 'contact', entityId: 'b', kind: 'note', at: d('2025-01-07'), actor: null, data: { to: 'customer' } },
    ];
    const [all] = stageConversionRates(log, { stages: ['lead', 'customer'], lifecycle: 'lead' });
    expect(all?.conversions[0]).toEqual({ from: 'lead', to: 'customer', entered: 2, converted: 1, rate: 0.5 });
  });

  it('rejects a cohort window that ends before it starts, and empty or repeated stages', () => {
    expect(() => stageConversionRates([], { stages: STAGES, cohort: { start: d('2025-02-01'), end: d('2025-01-01') } })).toThrow(ValidationError);
    expect(() => stageConversionRates([], { stages: [] })).toThrow(ValidationError);
    expect(() => stageConversionRates([], { stages: ['lead', 'lead'] })).toThrow(ValidationError);
    expect(() => stageConversionRates([{ entityId: 'a', to: 'lead', at: new Date(Number.NaN) }], { stages: STAGES })).toThrow(ValidationError);
  });
});

describe('cumulativeFunnel', () => {
  it('counts a record as reaching every stage up to the furthest one it entered after its cohort entry', () => {
    const [all] = cumulativeFunnel(history, { stages: STAGES, cohort: january });
    // cohort: lead in January = a, b, c, f (4)
    // furthest stage after entry: a → customer (3), b → MQL (1), c → customer (3, skipped MQL/SQL), f → lead (0; its MQL was earlier)
    // reached: lead 4, MQL 3 (a, b, c), SQL 2 (a, c), customer 2 (a, c)
    expect(all?.cohortSize).toBe(4);
    expect(all?.steps).toEqual([
      { stage: 'lead', reached: 4, rateFromStart: 1, rateFromPrevious: 1 },
      { stage: 'marketing_qualified', reached: 3, rateFromStart: 0.75, rateFromPrevious: 0.75 },
      { stage: 'sales_qualified', reached: 2, rateFromStart: 0.5, rateFromPrevious: 2 / 3 },
      { stage: 'customer', reached: 2, rateFromStart: 0.5, rateFromPrevious: 1 },
    ]);
  });

  it('returns no group when nothing entered the first stage', () => {
    expect(cumulativeFunnel([rec('a', 'customer', '2025-01-01')], { stages: STAGES })).toEqual([]);
  });
});

const stageArb = fc.constantFrom(...STAGES, 'nurture');
const recordArb = fc.record({
  entityId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  to: stageArb,
  at: fc.integer({ min: 0, max: 60 }).map((day) => new Date(Date.UTC(2025, 0, 1) + day * 86_400_000)),
});

describe('funnel properties', () => {
  it('rates lie in [0, 1] and funnel steps never increase', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 50 }), (items) => {
        for (const group of stageConversionRates(items, { stages: STAGES })) {
          for (const c of group.conversions) {
            expect(c.converted).toBeLessThanOrEqual(c.entered);
            if (c.rate !== null) expect(c.rate >= 0 && c.rate <= 1).toBe(true);
          }
        }
        for (const group of cumulativeFunnel(items, { stages: STAGES })) {
          group.steps.forEach((step, k) => {
            if (k > 0) expect(step.reached).toBeLessThanOrEqual(group.steps[k - 1]?.reached ?? 0);
            if (step.rateFromStart !== null) expect(step.rateFromStart >= 0 && step.rateFromStart <= 1).toBe(true);
          });
        }
      }),
    );
  });

  it('merging the states of any split of the history equals the whole, even when a record is split across parts', () => {
    const cohort = { start: new Date(Date.UTC(2025, 0, 10)), end: new Date(Date.UTC(2025, 1, 10)) };
    checkMergeLaws(() => stageConversionAccumulator({ stages: STAGES, cohort, groupBy: (id) => (id < 'c' ? 'x' : 'y') }), recordArb);
    checkMergeLaws(() => cumulativeFunnelAccumulator({ stages: STAGES, cohort }), recordArb);
  });
});
