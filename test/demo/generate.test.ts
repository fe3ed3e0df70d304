import { describe, expect, it } from 'vitest';
import { generateDemo, loadDemo, DEMO_ENTITIES, type DemoItem } from '../../src/demo';
import { CRM_ENTITIES } from '../../src/model/registry';
import { createMemoryStore } from '../../src/store/memory';
import { logRankTest } from '../../src/analysis/survival/log-rank';
import type { Contact } from '../../src/model/contact';

const cutoff = new Date('2025-06-15T00:00:00Z');
const OPEN = new Set(['lead', 'marketing_qualified', 'sales_qualified', 'opportunity']);

function collect(seed: number, contacts: number, extra: { censoredShare?: number } = {}): DemoItem[] {
  return [...generateDemo({ seed, size: { contacts }, cutoff, ...extra })];
}

function contactsOf(items: readonly DemoItem[]): Contact[] {
  return items.flatMap((item) => (item.kind === 'record' && item.entity === 'contact' ? [item.record] : []));
}

describe('generateDemo', () => {
  it('gives byte-identical JSON for the same seed and different data for another seed', () => {
    const a = JSON.stringify(collect(42, 150));
    const b = JSON.stringify(collect(42, 150));
    const c = JSON.stringify(collect(43, 150));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('produces records that all pass their entity schemas', () => {
    const items = collect(7, 400);
    const seen = new Set<string>();
    let checked = 0;
    for (const item of items) {
      if (item.kind !== 'record') continue;
      seen.add(item.entity);
      const result = CRM_ENTITIES[item.entity].schema.safeParse(item.record);
      if (!result.success) throw new Error(`${item.entity} ${JSON.stringify(result.error.issues)}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(3_000);
    expect([...seen].sort()).toEqual([...DEMO_ENTITIES].sort());
  }, 120_000);

  it('never puts a timestamp or a log entry after the cut-off', () => {
    for (const item of collect(3, 300)) {
      if (item.kind === 'log') {
        expect(item.entry.kind).toBe('transition');
        expect(item.entry.at!.getTime()).toBeLessThanOrEqual(cutoff.getTime());
      } else if (item.entity !== 'campaign') {
        expect(item.record.createdAt.getTime()).toBeLessThanOrEqual(cutoff.getTime());
        expect(item.record.updatedAt.getTime()).toBeLessThanOrEqual(cutoff.getTime());
      }
    }
  });

  it('uses sequential ids per entity', () => {
    const contacts = contactsOf(collect(1, 5));
    expect(contacts.map((c) => c.id)).toEqual(['contact_0000001', 'contact_0000002', 'contact_0000003', 'contact_0000004', 'contact_0000005']);
  });

  it('streams lazily: the first items of a large data set come at once', () => {
    const started = performance.now();
    const iterator = generateDemo({ seed: 1, size: 'large', cutoff });
    for (let i = 0; i < 50; i++) iterator.next();
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('leaves close to the configured share of leads open at the cut-off (right-censoring)', () => {
    for (const share of [0.2, 0.35]) {
      const contacts = contactsOf(collect(11, 4_000, { censoredShare: share }));
      const leads = contacts.filter((c) => c.lifecycleStage !== 'subscriber');
      const open = leads.filter((c) => OPEN.has(c.lifecycleStage)).length / leads.length;
      // Calibrated analytically from the arrival and hazard model; sampling error at n ≈ 3,600 is about ±0.007.
      expect(Math.abs(open - share)).toBeLessThan(0.03);
    }
  }, 120_000);

  it('makes conversion speed depend on the source, so a log-rank test finds a difference', () => {
    const items = collect(5, 3_000);
    const source = new Map(contactsOf(items).map((c) => [c.id as string, c.source?.channel]));
    const leadAt = new Map<string, number>();
    const endAt = new Map<string, { at: number; won: boolean }>();
    for (const item of items) {
      if (item.kind !== 'log' || item.entry.entity !== 'contact') continue;
      const { event } = item.entry.data as { event: string };
      const at = item.entry.at!.getTime();
      if (event === 'become_lead') leadAt.set(item.entry.entityId, at);
      if (event === 'win') endAt.set(item.entry.entityId, { at, won: true });
      if (event === 'disqualify' || event === 'recycle') endAt.set(item.entry.entityId, { at, won: false });
    }
    const observations: { time: number; event: 0 | 1; group: string }[] = [];
    for (const [id, start] of leadAt) {
      const group = source.get(id);
      if (group !== 'referral' && group !== 'paid_social') continue;
      const end = endAt.get(id);
      const time = ((end?.at ?? cutoff.getTime()) - start) / 86_400_000;
      observations.push({ time, event: end?.won === true ? 1 : 0, group });
    }
    const test = logRankTest(observations);
    expect(test.pValue).toBeLessThan(0.001);
  });

  it('gives campaign targets a real uplift over the control group', () => {
    const tally = { target: [0, 0], control: [0, 0] };
    for (const item of collect(9, 3_000)) {
      if (item.kind === 'record' && item.entity === 'campaignMember') {
        const t = tally[item.record.group];
        t[0]!++;
        if (item.record.responded) t[1]!++;
      }
    }
    const target = tally.target[1]! / tally.target[0]!;
    const control = tally.control[1]! / tally.control[0]!;
    expect(tally.control[0]).toBeGreaterThan(300);
    expect(target - control).toBeGreaterThan(0.07);
  });

  it('shows monthly and weekday seasonality in new contacts', () => {
    const contacts = contactsOf(collect(13, 4_000));
    const byMonth = Array<number>(12).fill(0);
    const byWeekday = Array<number>(7).fill(0);
    for (const c of contacts) {
      byMonth[c.createdAt.getUTCMonth()]!++;
      byWeekday[c.createdAt.getUTCDay()]!++;
    }
    // MONTH_WEIGHTS: October 1.25 vs August 0.55; both months appear twice in 24 months of history.
    expect(byMonth[9]! / byMonth[7]!).toBeGreaterThan(1.6);
    // WEEKDAY_WEIGHTS: Tuesday 1.25 vs Sunday 0.25.
    expect(byWeekday[2]! / byWeekday[0]!).toBeGreaterThan(3);
  });

  it('produces offers that were rejected and then renegotiated', () => {
    let renegotiated = 0;
    for (const item of collect(17, 1_500)) {
      if (item.kind === 'record' && item.entity === 'deal') {
        const [firstOffer, second] = item.record.offers;
        if (firstOffer?.status === 'rejected' && second !== undefined && second.amount.amountMinor < firstOffer.amount.amountMinor) renegotiated++;
      }
    }
    expect(renegotiated).toBeGreaterThan(10);
  });

  it('rejects an unknown size, a bad cut-off and a bad currency', () => {
    expect(() => generateDemo({ seed: 1, size: { contacts: 0 }, cutoff }).next()).toThrow(/contacts/);
    expect(() => generateDemo({ seed: 1, cutoff: new Date('nope') }).next()).toThrow(/cutoff/);
    expect(() => generateDemo({ seed: 1, cutoff, currency: 'XXY' }).next()).toThrow(/currency/);
  });
});

describe('loadDemo', () => {
  it('writes every generated record and log entry into a store, in batches', async () => {
    const store = createMemoryStore();
    const result = await loadDemo(store, { seed: 21, size: { contacts: 150 }, cutoff, batchSize: 97 });
    const expected: Record<string, number> = {};
    let logs = 0;
    for (const item of generateDemo({ seed: 21, size: { contacts: 150 }, cutoff })) {
      if (item.kind === 'log') logs++;
      else expected[item.entity] = (expected[item.entity] ?? 0) + 1;
    }
    for (const entity of DEMO_ENTITIES) {
      expect(result.records[entity]).toBe(expected[entity] ?? 0);
      expect(await store.count(entity)).toBe(expected[entity] ?? 0);
    }
    expect(result.logEntries).toBe(logs);
    expect((await store.readLog({ limit: 100_000 })).length).toBe(logs);
    const first = await store.require('contact', 'contact_0000001');
    expect(first.createdAt.getTime()).toBeLessThan(cutoff.getTime());
  }, 60_000);
});
