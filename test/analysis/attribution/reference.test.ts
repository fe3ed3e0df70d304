/**
 * Attribution against /work/shared/reference/attribution_toy_*.csv (three journeys; expected
 * values from the Markov removal-effect definition of the ChannelAttribution method, exact
 * algebra, order 1, plus first/last/linear touch). See that folder's README.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstTouch, lastTouch, linearTouch, markovAttribution, type Journey } from '../../../src/analysis/attribution';

const REFERENCE_DIR = new URL('../../../../shared/reference/', import.meta.url);

function readCsv(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(new URL(name, REFERENCE_DIR), 'utf8').trim().split(/\r?\n/);
  const cols = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [cols[i] ?? '', v])));
}

const journeys: Journey[] = readCsv('attribution_toy_input.csv').map((row) => ({
  touches: (row['path'] ?? '').split(' > ').map((channel) => ({ channel })),
  converted: row['converted'] === '1',
  value: Number(row['conversion_value']),
}));
const expected = readCsv('attribution_toy_attribution.csv');
const col = (name: string): number[] => expected.map((row) => Number(row[name]));

describe('the toy attribution reference', () => {
  it('reads three journeys and three channels', () => {
    expect(journeys).toHaveLength(3);
    expect(expected.map((r) => r['channel_name'])).toEqual(['C1', 'C2', 'C3']);
  });

  const markov = markovAttribution(journeys);

  it('reproduces the removal effects 0.5 / 1 / 1', () => {
    markov.removalEffects.forEach((r, i) => expect(r.removalEffect).toBeCloseTo(col('removal_effects_conversion')[i] as number, 14));
    markov.removalEffects.forEach((r, i) => expect(r.removalEffect).toBeCloseTo(col('removal_effects_conversion_value')[i] as number, 14));
  });

  it('reproduces the conversion probability without each channel', () => {
    markov.removalEffects.forEach((r, i) => expect(r.conversionProbabilityWithout).toBeCloseTo(col('p_conversion_without_channel')[i] as number, 14));
    expect(markov.conversionProbability).toBeCloseTo(1 / 3, 14);
  });

  it('reproduces the attributed conversions 0.2 / 0.4 / 0.4 and values 20 / 40 / 40', () => {
    markov.channels.forEach((c, i) => {
      expect(c.channel).toBe(expected[i]?.['channel_name']);
      expect(c.conversions).toBeCloseTo(col('total_conversions')[i] as number, 14);
      expect(c.value).toBeCloseTo(col('total_conversion_value')[i] as number, 12);
    });
  });

  it('reproduces first, last and linear touch', () => {
    const models = [
      [firstTouch(journeys), 'first_touch'],
      [lastTouch(journeys), 'last_touch'],
      [linearTouch(journeys), 'linear_touch'],
    ] as const;
    for (const [result, name] of models) {
      result.channels.forEach((c, i) => {
        expect(c.conversions).toBeCloseTo(col(`${name}_conversions`)[i] as number, 14);
        expect(c.value).toBeCloseTo(col(`${name}_value`)[i] as number, 12);
      });
    }
  });
});
