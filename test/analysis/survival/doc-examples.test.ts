/**
 * The @example blocks of the survival module's TSDoc give the results they show. The survival
 * numbers were checked against R (survfit / survdiff) when written.
 */
import { describe, expect, it } from 'vitest';
import {
  aalenJohansen,
  conversionTimes,
  kaplanMeier,
  kaplanMeierByGroup,
  logRankTest,
  survivalQuantile,
  survivalQuantiles,
} from '../../../src/analysis/survival';

describe('the TSDoc examples of the survival module', () => {
  it('kaplanMeier gives the documented curve, median and restricted mean', () => {
    const fit = kaplanMeier([
      { time: 1, event: 1 },
      { time: 2, event: 0 },
      { time: 3, event: 1 },
      { time: 4, event: 1 },
    ]);
    expect(fit.table.map((row) => row.survival)).toEqual([0.75, 0.75, 0.375, 0]);
    expect(fit.median).toEqual({ time: 3, lower: 1, upper: null });
    expect(fit.rmean.estimate).toBe(2.875);
  });

  it('kaplanMeierByGroup gives the documented medians and restricted means', () => {
    const fits = kaplanMeierByGroup([
      { time: 1, event: 1, group: 'ads' },
      { time: 3, event: 0, group: 'ads' },
      { time: 2, event: 1, group: 'seo' },
      { time: 4, event: 1, group: 'seo' },
    ]);
    expect(fits.map((fit) => [fit.group, fit.median.time])).toEqual([
      ['ads', 1],
      ['seo', 3],
    ]);
    expect(fits.map((fit) => fit.rmean.estimate)).toEqual([2.5, 3]);
  });

  it('survivalQuantiles and survivalQuantile give the documented quantiles', () => {
    const flat = kaplanMeier([
      { time: 1, event: 1 },
      { time: 2, event: 1 },
      { time: 3, event: 0 },
      { time: 4, event: 1 },
    ]);
    expect(survivalQuantiles(flat, [0.5])).toEqual([{ prob: 0.5, time: 3, lower: 1, upper: null }]);
    const fit = kaplanMeier([
      { time: 1, event: 1 },
      { time: 2, event: 1 },
      { time: 5, event: 0 },
    ]);
    expect(survivalQuantile(fit, 0.25).time).toBe(1);
    expect(survivalQuantile(fit, 0.9).time).toBeNull();
  });

  it('logRankTest gives the documented statistic', () => {
    const test = logRankTest([
      { time: 1, event: 1, group: 'a' },
      { time: 2, event: 1, group: 'a' },
      { time: 3, event: 1, group: 'b' },
      { time: 4, event: 1, group: 'b' },
    ]);
    expect(test.groups.map((g) => g.expected)).toEqual([0.8333333333333333, 3.1666666666666665]);
    expect(test.chiSquare).toBe(2.8823529411764692);
    expect(test.pValue).toBe(0.08955507441364274);
  });

  it('aalenJohansen gives the documented incidences', () => {
    const fit = aalenJohansen([
      { time: 1, cause: 'converted' },
      { time: 2, cause: 'lost' },
      { time: 3, cause: null },
      { time: 4, cause: 'converted' },
    ]);
    const last = fit.table[fit.table.length - 1];
    expect(last?.incidence.converted.estimate).toBe(0.75);
    expect(last?.incidence.lost.estimate).toBe(0.25);
    expect(last?.eventFree.estimate).toBe(0);
  });

  it('conversionTimes gives the documented observations', () => {
    const leads = [
      { createdAt: '2024-01-01', convertedAt: '2024-01-11', lostAt: null },
      { createdAt: '2024-01-05', convertedAt: null, lostAt: '2024-01-08' },
      { createdAt: '2024-01-20', convertedAt: null, lostAt: null },
      { createdAt: '2024-03-01', convertedAt: null, lostAt: null },
    ];
    const { observations, excluded } = conversionTimes(leads, {
      start: 'createdAt',
      end: 'convertedAt',
      lost: 'lostAt',
      cutoff: '2024-02-01',
    });
    expect(observations.map((o) => [o.time, o.event, o.cause])).toEqual([
      [10, true, 'converted'],
      [3, false, 'lost'],
      [12, false, null],
    ]);
    expect(excluded).toBe(1);
  });
});
