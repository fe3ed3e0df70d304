import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { absorbingAnalysis, simulateCohort, transitionMatrix } from '../../../src/analysis/markov';

const sequencesArb = fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 10 });

/** A random absorbing chain: transient t0..t(n-1), absorbing won and lost; each transient row leaks to an absorbing state. */
const absorbingChainArb = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.array(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: n + 2, maxLength: n + 2 }), { minLength: n, maxLength: n }).map((rows) => {
    const states = [...Array.from({ length: n }, (_, i) => `t${i}`), 'won', 'lost'];
    const probabilities = [
      ...rows.map((row) => {
        const r = [...row];
        r[n] = (r[n] ?? 0) + 1; // always some way out
        const s = r.reduce((a, b) => a + b, 0);
        return r.map((x) => x / s);
      }),
      states.map((_, j) => (j === n ? 1 : 0)),
      states.map((_, j) => (j === n + 1 ? 1 : 0)),
    ];
    return { states, probabilities };
  }),
);

describe('Markov properties', () => {
  it('every row of the estimated matrix sums to 1 (empty rows absorbing or uniform)', () => {
    fc.assert(
      fc.property(sequencesArb, fc.constantFrom('absorbing' as const, 'uniform' as const), (seqs, emptyRow) => {
        for (const row of transitionMatrix(seqs, { emptyRow }).probabilities) {
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        }
      }),
    );
  });

  it('absorption probabilities are in [0, 1] and sum to 1 from every transient state', () => {
    fc.assert(
      fc.property(absorbingChainArb, (chain) => {
        const result = absorbingAnalysis(chain);
        for (const row of result.absorptionProbabilities) {
          for (const p of row) {
            expect(p).toBeGreaterThanOrEqual(-1e-12);
            expect(p).toBeLessThanOrEqual(1 + 1e-12);
          }
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
        }
        for (const t of result.expectedSteps) expect(t).toBeGreaterThanOrEqual(1 - 1e-12);
      }),
    );
  });

  it('a simulation is a pure function of its seed', () => {
    fc.assert(
      fc.property(absorbingChainArb, fc.integer(), (chain, seed) => {
        const options = { initial: { t0: 5 }, periods: 3, seed, runs: 20 };
        expect(simulateCohort(chain, options)).toEqual(simulateCohort(chain, options));
      }),
      { numRuns: 30 },
    );
  });
});
