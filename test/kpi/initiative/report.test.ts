/**
 * Moments, the report, ROI and the statistics. Expected numbers: hand arithmetic in the
 * comments, or R 4.x values (pt, qt, t.test, prop.test) written out below.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import {
  initiativeMoments,
  initiativeReport,
  initiativeReportAsync,
  kpiChange,
  normalCdf,
  normalQuantile,
  roi,
  studentTCdf,
  studentTQuantile,
  twoProportionTest,
  welchTTest,
  type InitiativeData,
} from '../../../src/kpi/initiative';
import { d, member, purchase } from './_fixtures';

const campaign = { id: 'cmp1', startAt: d('2025-03-01'), endAt: d('2025-04-01'), categories: [], actualCost: { amountMinor: 1000, currency: 'EUR' } };

const data: InitiativeData = {
  members: [member('t1', { respondedAt: '2025-03-05' }), member('t2'), member('t3'), member('t4'), member('k1', { group: 'control' }), member('k2', { group: 'control' })],
  purchases: [
    purchase('t1', '2025-02-10', [{ quantity: 1, value: 1000, margin: 400 }]), // before
    purchase('t1', '2025-03-10', [{ quantity: 1, value: 2000, margin: 800 }]), // during
    purchase('t1', '2025-11-01', [{ quantity: 1, value: 1000, margin: 400 }]), // after
    purchase('t2', '2025-03-15', [{ quantity: 1, value: 3000, margin: 1200 }]), // during, t2's first
    purchase('k1', '2025-03-20', [{ quantity: 1, value: 1000, margin: 400 }]), // control, during
  ],
};

describe('initiativeMoments', () => {
  it('puts the before-window right before the start with the campaign’s length, and the after-window 6–12 months after the end', () => {
    // during = March (31 days); before = 31 days before Mar 1 = [Jan 29, Mar 1); after = [Oct 1, Apr 1 next year)
    expect(initiativeMoments(campaign)).toEqual({
      before: { start: d('2025-01-29'), end: d('2025-03-01') },
      during: { start: d('2025-03-01'), end: d('2025-04-01') },
      after: { start: d('2025-10-01'), end: d('2026-04-01') },
    });
  });

  it('accepts other after offsets and explicit windows', () => {
    const m = initiativeMoments(campaign, { afterOffsetMonths: 0, afterLengthMonths: 3, before: { start: d('2024-03-01'), end: d('2024-04-01') } });
    expect(m.after).toEqual({ start: d('2025-04-01'), end: d('2025-07-01') });
    expect(m.before.start).toEqual(d('2024-03-01'));
  });

  it('refuses a campaign without dates or ending before it starts', () => {
    expect(() => initiativeMoments({ startAt: d('2025-03-01') })).toThrow(ValidationError);
    expect(() => initiativeMoments({ startAt: d('2025-03-01'), endAt: d('2025-02-01') })).toThrow(ValidationError);
  });
});

describe('kpiChange', () => {
  it('gives the absolute and relative change, relative null when the base is 0', () => {
    expect(kpiChange(0.25, 0.5)).toEqual({ absolute: 0.25, relative: 1 });
    expect(kpiChange(0, 1)).toEqual({ absolute: 1, relative: null });
    expect(kpiChange(null, 1)).toEqual({ absolute: null, relative: null });
  });
});

describe('initiativeReport', () => {
  const report = initiativeReport({ campaign, ...data });

  it('reports each KPI before, during and after side by side with the changes', () => {
    // buyers: before t1; during t1, t2; after t1 → 1/4, 2/4, 1/4
    expect(report.table.penetrationRate).toEqual({
      before: 0.25,
      during: 0.5,
      after: 0.25,
      duringVsBefore: { absolute: 0.25, relative: 1 },
      afterVsBefore: { absolute: 0, relative: 0 },
    });
    // redemption: t1 responded on Mar 5 → 0 before, 1 during; relative change null (base 0)
    expect(report.table.redemptionCount).toMatchObject({ before: 0, during: 1, after: 0, duringVsBefore: { absolute: 1, relative: null } });
    // retention during: base = before-window buyers {t1}, t1 buys during → 1/1
    expect(report.table.retentionRate.during).toBe(1);
    expect(report.table.retentionRate.before).toBeNull();
    // trial: t1 first bought before (1/4), t2 first bought during (1/4)
    expect(report.table.trialRate).toMatchObject({ before: 0.25, during: 0.25, after: 0 });
    // sales during: 2000 + 3000 = 5000; margin during: 800 + 1200 = 2000
    expect(report.table.salesMinor.during).toBe(5000);
    expect(report.table.marginMinor.during).toBe(2000);
    // cost per adhesion during: 1000 / 1 responder; before: no responder → null
    expect(report.table.costPerAdhesionMinor).toMatchObject({ before: null, during: 1000 });
    expect(report.targetSize).toBe(4);
    expect(report.controlSize).toBe(2);
  });

  it('computes ROI from the control group scaled to the target size', () => {
    // control margin during 400 × 4/2 = 800; incremental 2000 − 800 = 1200; ROI (1200 − 1000)/1000 = 0.2
    expect(report.roi?.during).toMatchObject({ method: 'control-group', baselineMarginMinor: 800, incrementalMarginMinor: 1200, roi: 0.2 });
  });

  it('reports the target − control penetration with a z-test and a Wald interval', () => {
    // during: target 2/4, control 1/2 → difference 0; pooled p̂ = 3/6; SE₀ = √(0.25·(1/4 + 1/2)) = √0.1875
    // z = 0, p = 1; Wald SE = √(0.25/4 + 0.25/2) = √0.1875; CI half-width = qnorm(0.975)·√0.1875 = 0.84868930055712855 (R)
    const c = report.incremental?.during.penetration;
    expect(c?.difference).toBe(0);
    expect(c?.z).toBe(0);
    expect(c?.pValue).toBeCloseTo(1, 12);
    expect(c?.confidenceInterval.upper).toBeCloseTo(0.84868930055712855, 10);
  });

  it('reports the target − control sales per member with Welch’s test, matching R’s t.test', () => {
    // target per member (during): t1 2000, t2 3000, t3 0, t4 0; control: k1 1000, k2 0
    // R: t.test(c(2000,3000,0,0), c(1000,0)) → t = 0.83205029433784361, df = 3.93023255813953565,
    //    p = 0.45294620074188180, CI = (-1770.2721940383783, 3270.2721940383781)
    const w = report.incremental?.during.salesPerMember;
    expect(w?.difference).toBe(750); // 1250 − 500
    expect(w?.t).toBeCloseTo(0.83205029433784361, 10);
    expect(w?.df).toBeCloseTo(3.93023255813953565, 10);
    expect(w?.pValue).toBeCloseTo(0.4529462007418818, 9);
    expect(w?.confidenceInterval?.lower).toBeCloseTo(-1770.2721940383783, 6);
    expect(w?.confidenceInterval?.upper).toBeCloseTo(3270.2721940383781, 6);
  });

  it('gives the same report from async sources', async () => {
    async function* stream<T>(items: Iterable<T>): AsyncGenerator<T> {
      for (const item of items) yield item;
    }
    const fromAsync = await initiativeReportAsync({ campaign, members: stream(data.members), purchases: stream(data.purchases ?? []) });
    expect(fromAsync).toEqual(report);
  });

  it('has no incremental section without control members', () => {
    const targetOnly = initiativeReport({ campaign, members: [member('t1')] });
    expect(targetOnly.incremental).toBeNull();
    expect(targetOnly.roi?.during.method).toBe('before-period');
  });
});

describe('roi', () => {
  const period = { start: d('2025-03-01'), end: d('2025-04-01') };
  const investment = { amountMinor: 10_000, currency: 'EUR' };
  const roiData: InitiativeData = {
    members: [member('t1'), member('t2'), member('t3'), member('t4'), member('k1', { group: 'control' }), member('k2', { group: 'control' })],
    purchases: [
      purchase('t1', '2025-03-02', [{ quantity: 1, value: 90_000, margin: 30_000 }]),
      purchase('k1', '2025-03-02', [{ quantity: 1, value: 10_000, margin: 5_000 }]),
      purchase('t1', '2025-02-02', [{ quantity: 1, value: 30_000, margin: 10_000 }]), // Feb 2 ∈ before-window [Jan 29, Mar 1)
    ],
  };

  it('uses the control group when there is one', () => {
    // baseline 5000 × 4/2 = 10000; incremental 30000 − 10000 = 20000; ROI (20000 − 10000)/10000 = 1
    expect(roi(roiData, { period, investment })).toMatchObject({ method: 'control-group', incrementalMarginMinor: 20_000, roi: 1 });
  });

  it('uses an explicit baseline first', () => {
    // incremental 30000 − 25000 = 5000; ROI (5000 − 10000)/10000 = −0.5
    expect(roi(roiData, { period, investment, baselineMargin: { amountMinor: 25_000, currency: 'EUR' } })).toMatchObject({ method: 'explicit-baseline', roi: -0.5 });
  });

  it('falls back to the margin before the period', () => {
    const noControl = { ...roiData, members: [...roiData.members].filter((m) => m.group === 'target') };
    // baseline = before-window margin 10000 × (31 days / 31 days); incremental 20000; ROI 1
    expect(roi(noControl, { period, investment })).toMatchObject({ method: 'before-period', baselineMarginMinor: 10_000, roi: 1 });
  });

  it('is null when the cost is 0', () => {
    expect(roi(roiData, { period, investment: { amountMinor: 0, currency: 'EUR' } }).roi).toBeNull();
  });
});

describe('distributions, against R', () => {
  const close = (actual: number, expected: number): void => {
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(expected)));
  };

  it('studentTCdf matches R’s pt to 1e-8', () => {
    // R: options(digits = 17); pt(t, df)
    const cases: [number, number, number][] = [
      [0.5, 1, 0.64758361765043326],
      [2.228138851986274, 10, 0.97499999999999998],
      [-1.3, 3, 0.14223375436394847],
      [0.2, 2.5, 0.5716951579854872],
      [3, 1000, 0.99861664547788087],
      [10, 4, 0.99971899818864207],
      [50, 1, 0.99363465089902725],
      [1.5, 1e6, 0.93319264088160359],
      [-7, 30, 4.4349793336103263e-8],
      [1.96, 20, 0.96796087349821147],
      [-0.5, 3.7, 0.32266781665996602],
      [12, 2, 0.99656353316142077],
    ];
    for (const [t, df, p] of cases) close(studentTCdf(t, df), p);
    // the far tail keeps its relative precision: pt(-7, 30) = 4.4349793336103263e-8
    expect(studentTCdf(-7, 30) / 4.4349793336103263e-8).toBeCloseTo(1, 10);
  });

  it('studentTQuantile matches R’s qt to 1e-8 relative', () => {
    // R: qt(p, df)
    const cases: [number, number, number][] = [
      [0.975, 10, 2.2281388519862739],
      [0.995, 1, 63.656741162871526],
      [0.9995, 3, 12.923978636687961],
      [0.025, 7.3, -2.3450667365477034],
      [0.6, 1000, 0.25341451583949876],
      [0.999999, 5, 24.771029720372496],
      [0.95, 2, 2.9199855803537238],
      [1e-10, 4, -416.17514032960423],
      [0.975, 4.153846153846154, 2.7363569181339487],
      [0.95, 30, 1.6972608865939569],
      [0.999, 12.5, 3.8889417804034063],
      [0.9, 1, 3.0776835371752544],
    ];
    for (const [p, df, q] of cases) close(studentTQuantile(p, df), q);
  });

  it('the normal distribution matches R’s pnorm and qnorm', () => {
    close(normalCdf(-8) / 6.2209605742717849e-16, 1); // pnorm(-8)
    close(normalQuantile(1e-12), -7.0344838253011321); // qnorm(1e-12)
    close(normalQuantile(0.975), 1.9599639845400536); // qnorm(0.975)
  });

  it('the two-proportion z equals the square root of R’s prop.test X-squared', () => {
    // R: prop.test(c(30, 20), c(100, 100), correct = FALSE) → X-squared = 1.6329931618554521², p = 0.10247043485974931
    const c = twoProportionTest({ successes: 30, size: 100 }, { successes: 20, size: 100 });
    close(c?.z ?? Number.NaN, 1.6329931618554521);
    close(c?.pValue ?? Number.NaN, 0.10247043485974931);
    expect(twoProportionTest({ successes: 0, size: 0 }, { successes: 1, size: 2 })).toBeNull();
    expect(() => twoProportionTest({ successes: 3, size: 2 }, { successes: 1, size: 2 })).toThrow(ValidationError);
  });

  it('Welch’s test needs two values per group and a non-zero standard error', () => {
    expect(welchTTest([1], [1, 2])).toBeNull();
    expect(welchTTest([1, 1], [2, 2])).toMatchObject({ difference: -1, t: null, df: null, confidenceInterval: null });
  });
});
