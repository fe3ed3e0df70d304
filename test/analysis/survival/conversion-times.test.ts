/**
 * conversionTimes: CRM records → survival observations. Expected values are worked by hand from
 * the dates in each test (1 day = 86 400 000 ms, UTC).
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { aalenJohansen, conversionTimes, kaplanMeier } from '../../../src/analysis/survival';

interface Lead {
  id: string;
  createdAt: string | Date | null;
  convertedAt?: string | null;
  lostAt?: string | null;
}

const options = { start: 'createdAt', end: 'convertedAt', lost: 'lostAt', cutoff: '2024-02-01T00:00:00Z' } as const;

describe('conversionTimes', () => {
  it('turns a conversion into an event at conversion − start, in fractional days', () => {
    const { observations } = conversionTimes<Lead>(
      [{ id: 'a', createdAt: '2024-01-01T00:00:00Z', convertedAt: '2024-01-03T12:00:00Z' }],
      options,
    );
    expect(observations).toEqual([{ time: 2.5, event: true, cause: 'converted', index: 0 }]);
  });

  it('censors an open record at the cutoff', () => {
    const { observations } = conversionTimes<Lead>([{ id: 'a', createdAt: '2024-01-22T00:00:00Z' }], options);
    expect(observations).toEqual([{ time: 10, event: false, cause: null, index: 0 }]);
  });

  it('censors a lost record at the loss for Kaplan–Meier and marks it as a competing loss', () => {
    const { observations } = conversionTimes<Lead>(
      [{ id: 'a', createdAt: '2024-01-01T00:00:00Z', lostAt: '2024-01-08T00:00:00Z', convertedAt: '2024-01-20T00:00:00Z' }],
      options,
    );
    expect(observations).toEqual([{ time: 7, event: false, cause: 'lost', index: 0 }]);
  });

  it('ignores conversion and loss dates after the cutoff', () => {
    const { observations } = conversionTimes<Lead>(
      [
        { id: 'a', createdAt: '2024-01-31T00:00:00Z', convertedAt: '2024-02-05T00:00:00Z' },
        { id: 'b', createdAt: '2024-01-30T00:00:00Z', lostAt: '2024-02-05T00:00:00Z' },
      ],
      options,
    );
    expect(observations.map((o) => [o.time, o.cause])).toEqual([
      [1, null],
      [2, null],
    ]);
  });

  it('counts a conversion and a loss at the same instant as a conversion', () => {
    const at = '2024-01-10T00:00:00Z';
    const { observations } = conversionTimes<Lead>(
      [{ id: 'a', createdAt: '2024-01-01T00:00:00Z', convertedAt: at, lostAt: at }],
      options,
    );
    expect(observations[0]?.cause).toBe('converted');
  });

  it('excludes and counts records that start after the cutoff', () => {
    const result = conversionTimes<Lead>(
      [
        { id: 'a', createdAt: '2024-01-01T00:00:00Z' },
        { id: 'b', createdAt: '2024-03-01T00:00:00Z' },
      ],
      options,
    );
    expect(result.excluded).toBe(1);
    expect(result.excludedIndices).toEqual([1]);
    expect(result.observations.map((o) => o.index)).toEqual([0]);
  });

  it('supports hours and weeks, Date objects, epoch milliseconds and accessor functions', () => {
    const records = [{ start: new Date('2024-01-01T00:00:00Z'), won: Date.parse('2024-01-15T00:00:00Z') }];
    const hours = conversionTimes(records, { start: 'start', end: (r) => r.won, cutoff: new Date('2024-02-01'), unit: 'hours' });
    const weeks = conversionTimes(records, { start: (r) => r.start, end: 'won', cutoff: Date.parse('2024-02-01'), unit: 'weeks' });
    expect(hours.observations[0]?.time).toBe(336);
    expect(weeks.observations[0]?.time).toBe(2);
  });

  it('reports every negative duration and invalid date with its record path', () => {
    try {
      conversionTimes<Lead>(
        [
          { id: 'a', createdAt: '2024-01-10T00:00:00Z', convertedAt: '2024-01-05T00:00:00Z' },
          { id: 'b', createdAt: null },
          { id: 'c', createdAt: '2024-01-10T00:00:00Z', lostAt: '2024-01-01T00:00:00Z' },
          { id: 'd', createdAt: 'not a date' },
        ],
        options,
      );
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        [0, 'convertedAt'],
        [1, 'createdAt'],
        [2, 'lostAt'],
        [3, 'createdAt'],
      ]);
    }
  });

  it('rejects an invalid cutoff and an unknown unit', () => {
    expect(() => conversionTimes<Lead>([], { ...options, cutoff: 'soon' })).toThrow(/cutoff/);
    expect(() => conversionTimes<Lead>([], { ...options, unit: 'months' as 'days' })).toThrow(/unit/);
  });

  it('feeds kaplanMeier and aalenJohansen directly', () => {
    const { observations } = conversionTimes<Lead>(
      [
        { id: 'a', createdAt: '2024-01-01T00:00:00Z', convertedAt: '2024-01-11T00:00:00Z' },
        { id: 'b', createdAt: '2024-01-01T00:00:00Z', lostAt: '2024-01-06T00:00:00Z' },
        { id: 'c', createdAt: '2024-01-12T00:00:00Z' },
      ],
      options,
    );
    const km = kaplanMeier(observations);
    const aj = aalenJohansen(observations);
    expect(km.table.map((row) => row.survival)).toEqual([1, 0.5, 0.5]);
    expect(aj.table.map((row) => row.incidence.lost.estimate)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // F_converted(10) = S(10−)·d/n = (2/3)·(1/2)
    aj.table.forEach((row, i) => expect(row.incidence.converted.estimate).toBeCloseTo([0, 1 / 3, 1 / 3][i] ?? Number.NaN, 15));
  });
});
