import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock, steppingClock, systemClock } from '../../src/model/clock';
import { neverRepeats, sequentialIds, uuidV7Ids } from '../../src/model/ids';

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

  it('makes the same UUID v7 text as a plain concatenation of hex bytes (property)', () => {
    // The ids as the first version wrote them: 20 concatenated parts.
    const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
    function reference(clock: () => Date, random: () => number): () => string {
      const byte = () => Math.floor(random() * 256) & 0xff;
      const TWO_32 = 2 ** 32;
      let lastMs = -1;
      let counter = 0;
      return () => {
        let ms = clock().getTime();
        if (ms === lastMs && counter + 1 < 2 ** 42) counter++;
        else {
          if (ms === lastMs) ms++;
          counter = (byte() & 0x01) * TWO_32 * 256 + byte() * TWO_32 + ((byte() << 24) >>> 0) + (byte() << 16) + (byte() << 8) + byte();
          lastMs = ms;
        }
        const high = Math.floor(counter / TWO_32);
        const low = counter % TWO_32;
        const msHigh = Math.floor(ms / TWO_32);
        const msLow = ms % TWO_32;
        return (
          HEX[(msHigh >>> 8) & 0xff]! + HEX[msHigh & 0xff]! + HEX[msLow >>> 24]! + HEX[(msLow >>> 16) & 0xff]! + '-' +
          HEX[(msLow >>> 8) & 0xff]! + HEX[msLow & 0xff]! + '-' +
          HEX[0x70 | (high >>> 6)]! + HEX[((high & 0x3f) << 2) | (low >>> 30)]! + '-' +
          HEX[0x80 | ((low >>> 24) & 0x3f)]! + HEX[(low >>> 16) & 0xff]! + '-' +
          HEX[(low >>> 8) & 0xff]! + HEX[low & 0xff]! + HEX[byte()]! + HEX[byte()]! + HEX[byte()]! + HEX[byte()]!
        );
      };
    }
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), fc.constantFrom(0, 1, 2 ** 48 - 1, 2 ** 48, -1, Number.NaN)), { minLength: 1, maxLength: 40 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (times, draws) => {
          const clockOf = () => {
            let t = 0;
            return () => new Date(times[t++ % times.length] as number);
          };
          const randomOf = () => {
            let d = 0;
            return () => draws[d++ % draws.length] as number;
          };
          const made = uuidV7Ids({ clock: clockOf(), random: randomOf() });
          const expected = reference(clockOf(), randomOf());
          for (let i = 0; i < 60; i++) expect(made.next('contact')).toBe(expected());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('knows which of its generators never repeat an id', () => {
    expect(neverRepeats(sequentialIds())).toBe(true);
    expect(neverRepeats(sequentialIds({ start: -3, width: 0 }))).toBe(true);
    expect(neverRepeats(uuidV7Ids())).toBe(true);
    expect(neverRepeats(uuidV7Ids({ clock: fixedClock('2025-01-01T00:00:00Z') }))).toBe(true);
    // A counter that cannot count, an injected random source, a changed `next`, a copy: unknown.
    expect(neverRepeats(sequentialIds({ start: Number.NaN }))).toBe(false);
    expect(neverRepeats(sequentialIds({ start: 2 ** 53 }))).toBe(false);
    expect(neverRepeats(uuidV7Ids({ random: () => 0 }))).toBe(false);
    const changed = sequentialIds();
    changed.next = () => 'same';
    expect(neverRepeats(changed)).toBe(false);
    expect(neverRepeats({ next: () => 'x' })).toBe(false);
    const wrapped = sequentialIds();
    expect(neverRepeats({ next: (entity: string) => wrapped.next(entity) })).toBe(false);
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
