import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError } from '../../../src/errors';
import {
  absorbingAnalysis,
  nStepDistribution,
  simulateCohort,
  stationaryDistributions,
  steadyState,
} from '../../../src/analysis/markov';

// The drunkard's walk on {0, 1, 2, 3, 4} with 0 and 4 absorbing, step left or right with
// probability 1/2. Expected values from Grinstead & Snell, Introduction to Probability,
// §11.2, Examples 11.13–11.15: N = [[3/2, 1, 1/2], [1, 2, 1], [1/2, 1, 3/2]], t = (3, 4, 3),
// B = [[3/4, 1/4], [1/2, 1/2], [1/4, 3/4]]; variance (2N − I)t − t² = (8, 8, 8) by hand.
const walk = {
  states: ['0', '1', '2', '3', '4'],
  probabilities: [
    [1, 0, 0, 0, 0],
    [0.5, 0, 0.5, 0, 0],
    [0, 0.5, 0, 0.5, 0],
    [0, 0, 0.5, 0, 0.5],
    [0, 0, 0, 0, 1],
  ],
};

function expectMatrix(actual: readonly (readonly number[])[], expected: number[][]): void {
  expected.forEach((row, i) => row.forEach((v, j) => expect(actual[i]?.[j]).toBeCloseTo(v, 12)));
}

describe('absorbingAnalysis on the drunkard’s walk', () => {
  const result = absorbingAnalysis(walk);

  it('finds the absorbing states 0 and 4 by their self-loops', () => {
    expect(result.transient).toEqual(['1', '2', '3']);
    expect(result.absorbing).toEqual(['0', '4']);
  });

  it('computes the fundamental matrix N = (I − Q)⁻¹ of Grinstead & Snell', () => {
    expectMatrix(result.fundamental, [
      [1.5, 1, 0.5],
      [1, 2, 1],
      [0.5, 1, 1.5],
    ]);
  });

  it('computes the expected steps t = N·1 = (3, 4, 3) and their variance (8, 8, 8)', () => {
    result.expectedSteps.forEach((v, i) => expect(v).toBeCloseTo([3, 4, 3][i] as number, 12));
    result.stepsVariance.forEach((v) => expect(v).toBeCloseTo(8, 12));
  });

  it('computes the absorption probabilities B = N·R', () => {
    expectMatrix(result.absorptionProbabilities, [
      [0.75, 0.25],
      [0.5, 0.5],
      [0.25, 0.75],
    ]);
  });

  it('turns mean times per visit into expected time to absorption N·m', () => {
    // m = (1, 2, 3): N·m = (1.5 + 2 + 1.5, 1 + 4 + 3, 0.5 + 2 + 4.5) = (5, 8, 7).
    const timed = absorbingAnalysis(walk, { meanTimeInState: { '1': 1, '2': 2, '3': 3 } });
    timed.expectedTime?.forEach((v, i) => expect(v).toBeCloseTo([5, 8, 7][i] as number, 12));
    expect(result.expectedTime).toBeNull();
  });

  it('requires a mean time for every transient state', () => {
    expect(() => absorbingAnalysis(walk, { meanTimeInState: { '1': 1 } })).toThrow(ValidationError);
  });
});

describe('absorbingAnalysis on impossible chains', () => {
  it('names the transient states of a closed class that can never be absorbed', () => {
    const chain = {
      states: ['a', 'b', 'c', 'won'],
      probabilities: [
        [0, 1, 0, 0],
        [1, 0, 0, 0],
        [0, 0.5, 0, 0.5],
        [0, 0, 0, 1],
      ],
    };
    expect(() => absorbingAnalysis(chain)).toThrow(InvalidArgumentError);
    expect(() => absorbingAnalysis(chain)).toThrow(/"a", "b"/);
  });

  it('refuses a chain with no absorbing state', () => {
    expect(() => absorbingAnalysis({ states: ['a', 'b'], probabilities: [[0, 1], [1, 0]] })).toThrow(InvalidArgumentError);
  });

  it('treats a listed state as absorbing whatever its row says', () => {
    const chain = { states: ['open', 'won'], probabilities: [[0.5, 0.5], [0.1, 0.9]] };
    const result = absorbingAnalysis(chain, { absorbing: ['won'] });
    expect(result.expectedSteps[0]).toBeCloseTo(2, 12);
    expect(result.absorptionProbabilities[0]?.[0]).toBeCloseTo(1, 12);
  });

  it('rejects a matrix whose rows do not sum to 1', () => {
    expect(() => absorbingAnalysis({ states: ['a', 'b'], probabilities: [[0.5, 0.4], [0, 1]] })).toThrow(ValidationError);
  });
});

describe('nStepDistribution', () => {
  it('multiplies the initial vector by Pⁿ', () => {
    // from 2 in two steps: 1/4 to 0, 1/2 back to 2, 1/4 to 4.
    const x = nStepDistribution(walk, { '2': 1 }, 2);
    x.forEach((v, i) => expect(v).toBeCloseTo([0.25, 0, 0.5, 0, 0.25][i] as number, 15));
  });

  it('returns the initial vector for n = 0 and refuses a negative n', () => {
    expect(nStepDistribution(walk, [0, 1, 0, 0, 0], 0)).toEqual([0, 1, 0, 0, 0]);
    expect(() => nStepDistribution(walk, [0, 1, 0, 0, 0], -1)).toThrow(InvalidArgumentError);
  });
});

describe('steadyState', () => {
  it('solves π = πP for an irreducible chain (two states: π = (b, a)/(a + b))', () => {
    // P = [[1 − a, a], [b, 1 − b]] with a = 0.1, b = 0.5: π = (0.5, 0.1)/0.6.
    const pi = steadyState({ states: ['x', 'y'], probabilities: [[0.9, 0.1], [0.5, 0.5]] });
    expect(pi[0]).toBeCloseTo(5 / 6, 14);
    expect(pi[1]).toBeCloseTo(1 / 6, 14);
  });

  it('refuses a reducible chain and lists every stationary distribution instead', () => {
    expect(() => steadyState(walk)).toThrow(InvalidArgumentError);
    expect(stationaryDistributions(walk)).toEqual([
      { states: ['0'], distribution: [1, 0, 0, 0, 0] },
      { states: ['4'], distribution: [0, 0, 0, 0, 1] },
    ]);
  });
});

describe('simulateCohort', () => {
  const chain = { states: ['lead', 'lost', 'won'], probabilities: [[0.7, 0.2, 0.1], [0, 1, 0], [0, 0, 1]] };

  it('gives identical output for the same seed', () => {
    const a = simulateCohort(chain, { initial: { lead: 50 }, periods: 4, seed: 42, runs: 200 });
    const b = simulateCohort(chain, { initial: { lead: 50 }, periods: 4, seed: 42, runs: 200 });
    expect(a).toEqual(b);
    const c = simulateCohort(chain, { initial: { lead: 50 }, periods: 4, seed: 43, runs: 200 });
    expect(c).not.toEqual(a);
  });

  it('converges to the exact expectation x₀·Pⁿ', () => {
    const sim = simulateCohort(chain, { initial: { lead: 100 }, periods: 3, seed: 1, runs: 4000 });
    const exact = nStepDistribution(chain, { lead: 100 }, 3);
    // SD of a won count ≤ √(100·0.25) = 5; SE of the mean over 4000 runs < 0.08.
    expect(Math.abs((sim.periods[2]?.occupancy['won']?.mean ?? 0) - (exact[2] as number))).toBeLessThan(0.4);
    expect(sim.targets).toEqual(['lost', 'won']);
    // period-1 arrivals into won: exactly 10 in expectation
    expect(Math.abs((sim.periods[0]?.arrivals['won']?.mean ?? 0) - 10)).toBeLessThan(0.3);
  });

  it('orders its bands and keeps every head in the cohort', () => {
    const sim = simulateCohort(chain, { initial: { lead: 30, won: 2 }, periods: 5, seed: 9, runs: 100 });
    for (const period of sim.periods) {
      const [p5, p50, p95] = period.cumulativeArrivals['won']?.percentiles ?? [];
      expect(p5).toBeLessThanOrEqual(p50 as number);
      expect(p50).toBeLessThanOrEqual(p95 as number);
      const total = Object.values(period.occupancy).reduce((s, b) => s + b.mean, 0);
      expect(total).toBeCloseTo(32, 10);
    }
  });
});
