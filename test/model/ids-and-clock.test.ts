import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock, steppingClock, systemClock } from '../../src/model/clock';
import { sequentialIds, uuidV7Ids } from '../../src/model/ids';

describe('ids and clocks', () => {
  it('makes sequential ids with one counter per entity', () => {
    const ids = sequentialIds();
    expect([ids.next('contact'), ids.next('contact'), ids.next('deal')]).toEqual(['contact_000001', 'contact_000002', 'deal_000001']);
    const custom = sequentialIds({ width: 2, start: 7, separator: '-' });
    expect(custom.next('t')).toBe('t-07');
  });

  it('makes UUID v7 ids that carry the clock time and sort by it', () => {
    const clock = steppingClock('2025-03-01T12:00:00Z', 1);
    let state = 1;
    const random = () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    const ids = uuidV7Ids({ clock, random });
    const made = Array.from({ length: 50 }, () => ids.next('contact'));
    for (const id of made) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...made].sort()).toEqual(made);
    const ms = Number.parseInt(made[0]!.replace(/-/g, '').slice(0, 12), 16);
    expect(new Date(ms).toISOString()).toBe('2025-03-01T12:00:00.000Z');
    expect(new Set(made).size).toBe(50);
  });

  it('makes valid v7 ids that are unique and sorted in the order made, within a millisecond and across them (property)', () => {
    const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 1000 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 5 }),
        fc.option(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 64 }), { nil: undefined }),
        (start, perMs, draws) => {
          let ms = start;
          let k = 0;
          // Either the default source (crypto, in blocks) or an injected one, including extreme values.
          const random = draws === undefined ? undefined : () => draws[k++ % draws.length] as number;
          const ids = uuidV7Ids(random === undefined ? { clock: () => new Date(ms) } : { clock: () => new Date(ms), random });
          const made: string[] = [];
          for (const count of perMs) {
            for (let i = 0; i < count; i++) {
              const id = ids.next('contact');
              expect(id).toMatch(V7);
              expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
              made.push(id);
            }
            ms += 1;
          }
          expect(new Set(made).size).toBe(made.length);
          for (let i = 1; i < made.length; i++) expect(made[i - 1]! < made[i]!).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is deterministic given the same clock and random source', () => {
    const make = () => {
      let s = 42;
      return uuidV7Ids({ clock: fixedClock('2025-01-01T00:00:00Z'), random: () => ((s = (s * 16807) % 2147483647) / 2147483647) });
    };
    expect(make().next('x')).toBe(make().next('x'));
  });

  it('offers fixed, stepping and system clocks', () => {
    const fixed = fixedClock('2025-01-01T00:00:00Z');
    expect(fixed().toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(fixed()).not.toBe(fixed());
    const stepping = steppingClock('2025-01-01T00:00:00Z', 60_000);
    stepping();
    expect(stepping().toISOString()).toBe('2025-01-01T00:01:00.000Z');
    expect(Math.abs(systemClock().getTime() - Date.now())).toBeLessThan(1000);
  });
});
