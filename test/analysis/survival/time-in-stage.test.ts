import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { timeInStageStatistics } from '../../../src/analysis/survival/time-in-stage';
import { timeInStage } from '../../../src/lifecycle/log';

const day = 86_400_000;

describe('time-in-stage statistics', () => {
  it('treats ongoing stays as censored, by hand', () => {
    // Stays in "lead" of 2, 4, 5+ (still there), 6 days.
    // KM: at t=2 S = 3/4; at t=4 S = 3/4 · 2/3 = 1/2; t=5 censored; at t=6 S = 1/2 · 0/1 = 0.
    // Median: S reaches exactly 0.5 at t=4 and stays there until t=6 → R's rule gives the midpoint 5.
    const [lead] = timeInStageStatistics([
      { stage: 'lead', durationMs: 2 * day, censored: false },
      { stage: 'lead', durationMs: 4 * day, censored: false },
      { stage: 'lead', durationMs: 5 * day, censored: true },
      { stage: 'lead', durationMs: 6 * day, censored: false },
    ]);
    expect(lead!.stays).toBe(4);
    expect(lead!.completed).toBe(3);
    expect(lead!.ongoing).toBe(1);
    expect(lead!.fit.table.map((row) => row.survival)).toEqual([0.75, 0.5, 0.5, 0]);
    expect(lead!.quantiles.find((q) => q.prob === 0.5)?.time).toBe(5);
    // 25%: S is exactly 0.75 on the flat stretch [2, 4) → the same midpoint rule gives (2 + 4) / 2 = 3.
    // 90%: first time S ≤ 0.1 → 6 days.
    expect(lead!.quantiles.find((q) => q.prob === 0.25)?.time).toBe(3);
    expect(lead!.quantiles.find((q) => q.prob === 0.9)?.time).toBe(6);
  });

  it('is biased by neither dropping nor finishing ongoing stays', () => {
    // Two long ongoing stays: dropping them would give a median of 1 day; KM keeps them at risk.
    const stats = timeInStageStatistics([
      { stage: 's', durationMs: 1 * day, censored: false },
      { stage: 's', durationMs: 10 * day, censored: true },
      { stage: 's', durationMs: 10 * day, censored: true },
    ]);
    // S(1) = 2/3 and never falls to 0.5 before the censorings: the median is not reached.
    expect(stats[0]!.quantiles.find((q) => q.prob === 0.5)?.time).toBeNull();
  });

  it('reads stays straight from the transition log', () => {
    const at = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * day);
    const entries = [
      { entityId: 'a', lifecycle: 'lead', from: null, to: 'lead', event: '@init', at: at(0), actor: null, reason: null, data: {} },
      { entityId: 'a', lifecycle: 'lead', from: 'lead', to: 'marketing_qualified', event: 'qualify', at: at(3), actor: null, reason: null, data: {} },
      { entityId: 'b', lifecycle: 'lead', from: null, to: 'lead', event: '@init', at: at(1), actor: null, reason: null, data: {} },
    ];
    const stays = timeInStage(entries as never, { now: at(11) });
    const stats = timeInStageStatistics(stays, { stages: ['lead'] });
    // a stayed 3 days (finished), b is still in "lead" after 10 days (censored).
    expect(stats).toHaveLength(1);
    expect(stats[0]!.completed).toBe(1);
    expect(stats[0]!.ongoing).toBe(1);
    expect(stats[0]!.fit.table.map((row) => [row.time, row.nEvent, row.nCensor])).toEqual([
      [3, 1, 0],
      [10, 0, 1],
    ]);
  });

  it('reports every bad duration with its path', () => {
    try {
      timeInStageStatistics([
        { stage: 's', durationMs: -1, censored: false },
        { stage: 's', durationMs: Number.NaN, censored: false },
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        [0, 'durationMs'],
        [1, 'durationMs'],
      ]);
    }
  });
});
