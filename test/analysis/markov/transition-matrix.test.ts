import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError } from '../../../src/errors';
import type { LogEntry } from '../../../src/store/types';
import {
  compareStrata,
  journeySequences,
  stageSequences,
  transitionMatrix,
  transitionMatrixByStratum,
} from '../../../src/analysis/markov';

describe('transitionMatrix', () => {
  it('never counts a transition from the end of one sequence to the start of the next', () => {
    const fit = transitionMatrix([['a', 'b'], ['a', 'b']]);
    expect(fit.counts).toEqual([
      [0, 2],
      [0, 0],
    ]);
    expect(fit.transitionCount).toBe(2);
  });

  it('uses the given state order and adds empty rows for unseen states', () => {
    const fit = transitionMatrix([['b', 'a']], { states: ['b', 'a', 'c'] });
    expect(fit.states).toEqual(['b', 'a', 'c']);
    expect(fit.probabilities).toEqual([
      [0, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('rejects a state order that misses an observed state, with the issue', () => {
    expect(() => transitionMatrix([['a', 'b']], { states: ['a'] })).toThrow(ValidationError);
  });

  it('rejects a confidence level outside (0, 1)', () => {
    expect(() => transitionMatrix([['a', 'b']], { confidenceLevel: 95 })).toThrow(InvalidArgumentError);
  });

  it('uses z = Φ⁻¹(0.975) for a 95% interval (R: qnorm(0.975) = 1.959963984540054)', () => {
    expect(transitionMatrix([['a', 'b']]).confidenceInterval.z).toBeCloseTo(1.959963984540054, 14);
  });
});

describe('stageSequences', () => {
  it('groups changes by record, orders them by time, and starts from the first from', () => {
    const seqs = stageSequences([
      { entityId: 'd2', to: 'won', at: '2025-01-05' },
      { entityId: 'd1', from: 'qualified', to: 'won', at: '2025-01-09' },
      { entityId: 'd1', from: 'new', to: 'qualified', at: '2025-01-02' },
    ]);
    expect(seqs).toEqual([
      { entityId: 'd1', states: ['new', 'qualified', 'won'] },
      { entityId: 'd2', states: ['won'] },
    ]);
  });

  it('reads transition log entries, breaking time ties by seq and skipping other kinds and lifecycles', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    const entry = (seq: number, data: LogEntry['data'], kind = 'transition'): LogEntry => ({
      seq, workspaceId: 'w', entity: 'deal', entityId: 'd1', kind, at, actor: null, data,
    });
    const log = [
      entry(3, { lifecycle: 'pipeline', from: 'proposal', to: 'won', event: 'win' }),
      entry(2, { lifecycle: 'pipeline', from: 'new', to: 'proposal', event: 'propose' }),
      entry(4, { note: 'hi' }, 'activity'),
      entry(5, { lifecycle: 'other', from: 'x', to: 'y', event: 'e' }),
    ];
    expect(stageSequences(log, { lifecycle: 'pipeline' })).toEqual([{ entityId: 'd1', states: ['new', 'proposal', 'won'] }]);
  });

  it('reports a change without a stage as a validation issue', () => {
    expect(() => stageSequences([{ entityId: 'd', to: '', at: 0 }])).toThrow(ValidationError);
  });
});

describe('journeySequences', () => {
  it('wraps channels between (start) and (conversion) or (null)', () => {
    expect(
      journeySequences([
        { touches: [{ channel: 'A' }, { channel: 'A' }, { channel: 'B' }], converted: true },
        { touches: [{ channel: 'B' }], converted: false },
      ], { compressRepeats: true }),
    ).toEqual([
      ['(start)', 'A', 'B', '(conversion)'],
      ['(start)', 'B', '(null)'],
    ]);
  });
});

describe('stratification', () => {
  it('fits every stratum over the same states', () => {
    const fits = transitionMatrixByStratum([
      { stratum: 'seo', states: ['lead', 'lost'] },
      { stratum: 'ads', states: ['lead', 'won'] },
    ]);
    expect(fits.map((f) => f.stratum)).toEqual(['ads', 'seo']);
    expect(fits[0]?.fit.states).toEqual(['lead', 'lost', 'won']);
    expect(fits[1]?.fit.states).toEqual(['lead', 'lost', 'won']);
  });

  it('computes the homogeneity chi-square of a 2×2 row by hand', () => {
    // Row "x": stratum a goes x→y 10 times, x→x 0; stratum b x→x 5, x→y 5.
    // Pooled: x→x 5, x→y 15 out of 20. Expected a: (2.5, 7.5), b: (2.5, 7.5).
    // X² = 2.5²/2.5 + 2.5²/7.5 + 2.5²/2.5 + 2.5²/7.5 = 2.5 + 0.8333… + 2.5 + 0.8333… = 6.6667, df 1.
    const seqs = [
      ...Array.from({ length: 10 }, () => ({ stratum: 'a', states: ['x', 'y'] })),
      ...Array.from({ length: 5 }, () => ({ stratum: 'b', states: ['x', 'x'] })),
      ...Array.from({ length: 5 }, () => ({ stratum: 'b', states: ['x', 'y'] })),
    ];
    const test = compareStrata(seqs);
    const row = test.rows.find((r) => r.state === 'x');
    expect(row?.statistic).toBeCloseTo(20 / 3, 12);
    expect(row?.df).toBe(1);
    // R: pchisq(20/3, 1, lower.tail = FALSE) = 0.009823274507519264
    expect(row?.pValue).toBeCloseTo(0.009823274507519264, 12);
    expect(test.rows.find((r) => r.state === 'y')?.pValue).toBeNull();
  });

  it('needs two strata', () => {
    expect(() => compareStrata([{ stratum: 'a', states: ['x', 'y'] }])).toThrow(InvalidArgumentError);
  });
});
