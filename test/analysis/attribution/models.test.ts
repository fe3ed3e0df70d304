import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError } from '../../../src/errors';
import { journeysFromTouchpoints, markovAttribution, positionBased, timeDecay, type Journey } from '../../../src/analysis/attribution';
import type { Touchpoint } from '../../../src/model/touchpoint';

const j = (channels: string[], converted = true, value = 0): Journey => ({ touches: channels.map((channel) => ({ channel })), converted, value });

describe('positionBased', () => {
  it('gives 40/20/40 over three touches and splits the middle share evenly', () => {
    const three = positionBased([j(['A', 'B', 'C'])]).channels.map((c) => c.conversions);
    [0.4, 0.2, 0.4].forEach((v, i) => expect(three[i]).toBeCloseTo(v, 15));
    const four = positionBased([j(['A', 'B', 'C', 'D'])]).channels.map((c) => c.conversions);
    [0.4, 0.1, 0.1, 0.4].forEach((v, i) => expect(four[i]).toBeCloseTo(v, 15));
  });

  it('gives everything to a single touch and 50/50 to two touches', () => {
    expect(positionBased([j(['A'])]).channels[0]?.conversions).toBe(1);
    expect(positionBased([j(['A', 'B'])]).channels.map((c) => c.conversions)).toEqual([0.5, 0.5]);
    // 30/50 configured: two touches get 30/80 and 50/80.
    const custom = positionBased([j(['A', 'B'])], { first: 0.3, last: 0.5 }).channels.map((c) => c.conversions);
    [0.375, 0.625].forEach((v, i) => expect(custom[i]).toBeCloseTo(v, 15));
  });

  it('refuses shares summing to more than 1', () => {
    expect(() => positionBased([j(['A'])], { first: 0.7, last: 0.7 })).toThrow(InvalidArgumentError);
  });
});

describe('timeDecay', () => {
  it('halves the weight of a touch one half-life before the conversion', () => {
    const journey: Journey = {
      touches: [{ channel: 'A', at: '2025-01-01T00:00:00Z' }, { channel: 'B', at: '2025-01-08T00:00:00Z' }],
      converted: true,
      value: 30,
      conversionAt: '2025-01-08T00:00:00Z',
    };
    // weights 2^-1 = 0.5 and 2^0 = 1 → 1/3 and 2/3.
    const result = timeDecay([journey], { halfLifeDays: 7 });
    expect(result.channels[0]?.conversions).toBeCloseTo(1 / 3, 15);
    expect(result.channels[1]?.value).toBeCloseTo(20, 12);
  });

  it('requires touch times and refuses a touch after the conversion', () => {
    expect(() => timeDecay([j(['A'])])).toThrow(ValidationError);
    expect(() =>
      timeDecay([{ touches: [{ channel: 'A', at: '2025-02-01' }], converted: true, conversionAt: '2025-01-01' }]),
    ).toThrow(ValidationError);
  });
});

describe('markovAttribution', () => {
  it('gives the same attribution whether consecutive repeats are compressed or not', () => {
    const journeys = [j(['A', 'A', 'B'], true, 10), j(['B', 'B', 'B'], false), j(['A', 'C', 'C'], true, 5), j(['C'], false)];
    const kept = markovAttribution(journeys);
    const compressed = markovAttribution(journeys, { compressRepeats: true });
    kept.channels.forEach((c, i) => expect(c.conversions).toBeCloseTo(compressed.channels[i]?.conversions as number, 12));
    expect(kept.conversionProbability).toBeCloseTo(compressed.conversionProbability, 12);
  });

  it('reports null removal effects and no credit when nothing converted', () => {
    const result = markovAttribution([j(['A'], false)]);
    expect(result.removalEffects[0]?.removalEffect).toBeNull();
    expect(result.channels[0]?.conversions).toBe(0);
  });
});

describe('journeysFromTouchpoints', () => {
  it('closes a journey at each conversion and keeps the trailing touches unconverted', () => {
    const tp = (id: string, channel: string, day: number, conversion = false, amount?: number): Touchpoint =>
      ({
        id, workspaceId: 'w', version: 1, createdAt: new Date(0), updatedAt: new Date(0),
        contactId: 'c1', channel, occurredAt: new Date(Date.UTC(2025, 0, day)), conversion,
        ...(amount === undefined ? {} : { value: { amountMinor: amount, currency: 'EUR' } }),
      }) as unknown as Touchpoint;
    const journeys = journeysFromTouchpoints([tp('3', 'email', 3, true, 500), tp('1', 'paid_search', 1), tp('4', 'social', 4)]);
    expect(journeys).toHaveLength(2);
    expect(journeys[0]?.touches.map((t) => t.channel)).toEqual(['paid_search', 'email']);
    expect(journeys[0]?.value).toBe(500);
    expect(journeys[1]?.converted).toBe(false);
  });
});
