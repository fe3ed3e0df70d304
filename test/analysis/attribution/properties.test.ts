import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstTouch,
  lastTouch,
  linearTouch,
  markovAttribution,
  positionBased,
  timeDecay,
  type Journey,
} from '../../../src/analysis/attribution';

const journeyArb: fc.Arbitrary<Journey> = fc
  .record({
    channels: fc.array(fc.constantFrom('A', 'B', 'C', 'D'), { minLength: 1, maxLength: 6 }),
    converted: fc.boolean(),
    value: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ channels, converted, value }) => ({
    touches: channels.map((channel, i) => ({ channel, at: Date.UTC(2025, 0, 1 + i) })),
    converted,
    value,
    conversionAt: Date.UTC(2025, 0, 1 + channels.length),
  }));

describe('attribution properties', () => {
  it('every model attributes exactly the total conversions and value', () => {
    fc.assert(
      fc.property(fc.array(journeyArb, { minLength: 1, maxLength: 12 }), (journeys) => {
        for (const result of [
          firstTouch(journeys), lastTouch(journeys), linearTouch(journeys),
          timeDecay(journeys), positionBased(journeys), markovAttribution(journeys),
        ]) {
          const conv = result.channels.reduce((s, c) => s + c.conversions, 0);
          const value = result.channels.reduce((s, c) => s + c.value, 0);
          const expected = journeys.filter((j) => j.converted).length;
          expect(result.totalConversions).toBe(expected);
          const anyMarkovCredit = result.model !== 'markov' || expected > 0;
          if (anyMarkovCredit) {
            expect(conv).toBeCloseTo(expected, 9);
            expect(value).toBeCloseTo(result.totalValue, 6);
          }
        }
      }),
    );
  });

  it('removal effects are in [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(journeyArb, { minLength: 1, maxLength: 12 }), (journeys) => {
        for (const r of markovAttribution(journeys).removalEffects) {
          if (r.removalEffect !== null) {
            expect(r.removalEffect).toBeGreaterThanOrEqual(0);
            expect(r.removalEffect).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });
});
