/**
 * transitionCountsAccumulator gives exactly transitionMatrix's result on the same sequences,
 * whether fed whole sequences or single steps, in any split and merge order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { transitionCountsAccumulator, transitionMatrix, type EmptyRowRule } from '../../../src/analysis/markov';

const state = fc.constantFrom('new', 'won', 'lost', 'mql', 'Z', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n');
const sequences = fc.array(fc.array(state, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 40 });
const options = fc.record({
  emptyRow: fc.constantFrom<EmptyRowRule>('absorbing', 'zero', 'uniform'),
  confidenceLevel: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
  markovchainCompatible: fc.boolean(),
});

describe('transitionCountsAccumulator', () => {
  it('equals transitionMatrix on the same sequences (whole sequences, split and merged)', () => {
    fc.assert(
      fc.property(sequences, fc.nat(), options, (data, cut, opts) => {
        const split = cut % (data.length + 1);
        const a = transitionCountsAccumulator(opts);
        const b = transitionCountsAccumulator(opts);
        data.slice(0, split).forEach((s) => a.add(s));
        data.slice(split).forEach((s) => b.add(s));
        expect(b.merge(a).result()).toEqual(transitionMatrix(data, opts));
      }),
      { numRuns: 300 },
    );
  });

  it('equals transitionMatrix when fed step by step', () => {
    fc.assert(
      fc.property(sequences.map((d) => d.filter((s) => s.length >= 2)).filter((d) => d.length > 0), (data) => {
        const acc = transitionCountsAccumulator();
        for (const s of data) for (let t = 1; t < s.length; t++) acc.add(s[t - 1] as string, s[t] as string, t === 1);
        expect(acc.result()).toEqual(transitionMatrix(data));
        expect(acc.sequenceCount).toBe(data.length);
      }),
    );
  });

  it('honours options.states and reports the same errors', () => {
    const acc = transitionCountsAccumulator({ states: ['won', 'lead', 'x'] }).add(['lead', 'won']);
    expect(acc.result()).toEqual(transitionMatrix([['lead', 'won']], { states: ['won', 'lead', 'x'] }));
    expect(() => transitionCountsAccumulator({ states: ['a'] }).add(['a', 'b']).result()).toThrow(ValidationError);
    expect(() => transitionCountsAccumulator().add(['a', ''])).toThrow(ValidationError);
    expect(() => transitionCountsAccumulator().add('a', '')).toThrow(ValidationError);
  });

  it('reproduces the documented example', () => {
    const acc = transitionCountsAccumulator();
    acc.add(['lead', 'mql', 'won']);
    acc.add('lead', 'lost', true);
    const other = transitionCountsAccumulator().add(['lead', 'mql']);
    const fit = acc.merge(other).result();
    expect(fit.states).toEqual(['lead', 'lost', 'mql', 'won']);
    expect(fit.counts[0]).toEqual([0, 1, 2, 0]);
    expect(fit.sequenceCount).toBe(3);
    expect(fit).toEqual(transitionMatrix([['lead', 'mql', 'won'], ['lead', 'lost'], ['lead', 'mql']]));
    const steps = transitionCountsAccumulator();
    for (const [from, to, first] of [['new', 'won', true], ['new', 'lost', true]] as const) steps.add(from, to, first);
    expect(steps.result().probabilities[1]).toEqual([0.5, 0, 0.5]);
  });
});
