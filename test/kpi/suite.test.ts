import { describe, expect, it } from 'vitest';
import {
  accumulate,
  accumulateAsync,
  averageOrderValue,
  averagePurchase,
  churnRate,
  cohortRetention,
  foldState,
  historicClv,
  initiativeRecords,
  initiativeRecordsAsync,
  margin,
  penetration,
  purchaseFrequency,
  repurchaseRate,
  sales,
  type InitiativeMember,
  type InitiativePurchase,
} from '../../src/kpi';
import { kpiSuiteAccumulator } from '../../src/kpi/suite';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const d = (s: string) => new Date(`${s}T12:00:00Z`);
const buy = (contactId: string, at: string, lines: [string, number, number, number][]): InitiativePurchase => ({
  contactId,
  purchasedAt: d(at),
  lines: lines.map(([category, quantity, value, m]) => ({ category, quantity, value: eur(value), margin: eur(m) })),
});

const members: InitiativeMember[] = [
  { contactId: 'a', campaignId: 'k1', group: 'target', responded: true },
  { contactId: 'b', campaignId: 'k1', group: 'target', responded: false },
  { contactId: 'c', campaignId: 'k1', group: 'target', responded: false },
  { contactId: 'x', campaignId: 'k1', group: 'control', responded: false },
  { contactId: 'y', campaignId: 'k1', group: 'control', responded: false },
];
const purchases: InitiativePurchase[] = [
  buy('a', '2024-12-20', [['coffee', 2, 1000, 300]]),
  buy('a', '2025-01-05', [['coffee', 1, 500, 150], ['tea', 3, 900, 200]]),
  buy('a', '2025-02-10', [['coffee', 1, 700, 210]]),
  buy('b', '2024-11-02', [['tea', 1, 400, 100]]),
  buy('b', '2025-03-30', [['coffee', 4, 2000, 600]]),
  buy('c', '2024-12-01', [['tea', 2, 800, -50]]),
  buy('x', '2025-01-15', [['coffee', 1, 600, 120]]),
  buy('y', '2024-12-24', [['coffee', 1, 300, 90]]),
  buy('z', '2025-02-01', [['coffee', 1, 100, 10]]), // not a member: customer KPIs only
];
const period = { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-04-01T00:00:00Z') };
const now = new Date('2025-04-15T00:00:00Z');

describe('kpiSuiteAccumulator', () => {
  it('equals the individual KPI functions', async () => {
    const suite = await accumulateAsync(kpiSuiteAccumulator({ period, now }), initiativeRecordsAsync({ members, purchases }));
    const data = { members, purchases };
    for (const group of ['target', 'control'] as const) {
      const o = { period, group };
      expect(suite.initiative[group]).toEqual({
        penetration: penetration(data, o),
        averagePurchase: averagePurchase(data, o),
        frequency: purchaseFrequency(data, o),
        sales: sales(data, o),
        margin: margin(data, o),
      });
    }
    expect(suite.customer).toEqual({
      historicClv: historicClv(purchases),
      averageOrderValue: averageOrderValue(purchases),
      repurchaseRate: repurchaseRate(purchases, { period }),
      churnRate: churnRate(purchases, { period }),
      cohortRetention: cohortRetention(purchases, { now }),
    });
    expect(suite.initiative.target.penetration).toEqual({ targetSize: 3, buyers: 2, rate: 2 / 3 });
    expect(suite.customer.churnRate.activePrevious).toBeGreaterThan(0);
  });

  it('passes options through and merges shards like the whole', () => {
    const options = { period, now, categories: ['coffee'], clvBasis: 'value' as const, previousPeriod: { start: new Date('2024-10-01T00:00:00Z'), end: period.start } };
    const acc = kpiSuiteAccumulator(options);
    const items = [...initiativeRecords({ members, purchases })];
    const whole = accumulate(acc, items);
    const sharded = acc.result(acc.merge(foldState(acc, items.slice(0, 4)), foldState(acc, items.slice(4))));
    expect(sharded).toEqual(whole);
    expect(whole.initiative.target.sales).toEqual(sales({ members, purchases }, { period, categories: ['coffee'] }));
    expect(whole.customer.historicClv).toEqual(historicClv(purchases, { basis: 'value' }));
    expect(whole.customer.churnRate).toEqual(churnRate(purchases, { period, previousPeriod: options.previousPeriod }));
  });
});
