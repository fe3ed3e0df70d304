import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import {
  afterRowWhere,
  compareRows,
  compareValues,
  cursorWhere,
  decodeCursor,
  type DriverSortKey,
  encodeCursor,
  MATCH_ALL,
  MATCH_NONE,
  matchesWhere,
  type StoredRow,
  toDriverSort,
  toDriverWhere,
  valueAtPath,
} from 'crmkit/store';

function row(id: string, data: StoredRow['data'] = {}, meta: Partial<StoredRow> = {}): StoredRow {
  return { id, version: 1, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', externalId: null, data, ...meta };
}

function issuePaths(fn: () => unknown): unknown[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('toDriverWhere', () => {
  it('splits field paths on dots, keeps metadata fields as columns and turns Dates into ISO strings', () => {
    expect(
      toDriverWhere({
        and: [
          { field: 'source.channel', op: 'eq', value: 'email' },
          { field: 'createdAt', op: 'gte', value: new Date('2025-01-01T00:00:00Z') },
          { field: 'customFields.tier', op: 'in', value: ['gold', null] },
        ],
      }),
    ).toEqual({
      and: [
        { path: ['source', 'channel'], op: 'eq', value: 'email' },
        { path: ['createdAt'], op: 'gte', value: '2025-01-01T00:00:00.000Z' },
        { path: ['customFields', 'tier'], op: 'in', value: ['gold', null] },
      ],
    });
  });

  it('replaces empty and, or, in and notIn with conditions drivers can always express', () => {
    expect(toDriverWhere({ and: [] })).toEqual(MATCH_ALL);
    expect(toDriverWhere({ or: [] })).toEqual(MATCH_NONE);
    expect(toDriverWhere({ field: 'x', op: 'in', value: [] })).toEqual(MATCH_NONE);
    expect(toDriverWhere({ not: { field: 'x', op: 'notIn', value: [] } })).toEqual({ not: MATCH_ALL });
    expect(toDriverWhere({ and: [{ field: 'x', op: 'eq', value: 1 }] })).toEqual({ path: ['x'], op: 'eq', value: 1 });
  });

  it('reports every bad condition with its path', () => {
    const where = {
      or: [
        { field: 'a', op: 'eq', value: 1 },
        { field: '', op: 'eq', value: 1 },
        { field: 'a', op: 'between', value: 1 },
        { field: 'a', op: 'lt', value: null },
        { field: 'a', op: 'startsWith', value: 3 },
        { field: 'a', op: 'isNull', value: 'yes' },
        { not: { field: 'a..b', op: 'eq', value: 1 } },
        { field: 'a', op: 'eq', value: new Date(Number.NaN) },
        { field: 'a', op: 'eq' },
        { and: [], or: [] },
        { field: 'id.x', op: 'eq', value: 1 },
        { field: 'workspaceId', op: 'eq', value: 'w' },
        { field: 'a', op: 'eq', value: 1, extra: true },
        { field: 'a', op: 'contains', value: null },
      ],
    };
    expect(issuePaths(() => toDriverWhere(where as never))).toEqual([
      ['where', 'or', 1, 'field'],
      ['where', 'or', 2, 'op'],
      ['where', 'or', 3, 'value'],
      ['where', 'or', 4, 'value'],
      ['where', 'or', 5, 'value'],
      ['where', 'or', 6, 'not', 'field'],
      ['where', 'or', 7, 'value'],
      ['where', 'or', 8, 'value'],
      ['where', 'or', 9],
      ['where', 'or', 10, 'field'],
      ['where', 'or', 11, 'field'],
      ['where', 'or', 12, 'extra'],
      ['where', 'or', 13, 'value'],
    ]);
  });

  it('reports unknown top-level fields when the entity fields are given', () => {
    expect(issuePaths(() => toDriverWhere({ field: 'nope.x', op: 'eq', value: 1 }, { fields: ['name'] }))).toEqual([['where', 'field']]);
    expect(toDriverWhere({ field: 'version', op: 'gt', value: 1 }, { fields: ['name'] })).toEqual({ path: ['version'], op: 'gt', value: 1 });
  });
});

describe('toDriverSort', () => {
  it('translates keys with asc as the default direction and drops keys after id', () => {
    expect(toDriverSort([{ field: 'a.b' }, { field: 'id', direction: 'desc' }, { field: 'c' }])).toEqual([
      { path: ['a', 'b'], direction: 'asc' },
      { path: ['id'], direction: 'desc' },
    ]);
    expect(issuePaths(() => toDriverSort([{ field: 'a', direction: 'up' as never }]))).toEqual([['sort', 0, 'direction']]);
  });
});

describe('matchesWhere', () => {
  const r = row('r1', { s: 'Hello %_', n: 5, b: false, tags: ['x', 'y'], nested: { k: 'v', z: null }, list: [{ a: 1 }] });

  it('compares scalars strictly by type', () => {
    expect(matchesWhere(r, { path: ['n'], op: 'eq', value: 5 })).toBe(true);
    expect(matchesWhere(r, { path: ['n'], op: 'eq', value: '5' })).toBe(false);
    expect(matchesWhere(r, { path: ['b'], op: 'eq', value: false })).toBe(true);
    expect(matchesWhere(r, { path: ['tags'], op: 'eq', value: 'x' })).toBe(false);
  });

  it('treats missing and null alike, and lets ne, notIn and not match them', () => {
    expect(matchesWhere(r, { path: ['missing'], op: 'ne', value: 1 })).toBe(true);
    expect(matchesWhere(r, { path: ['nested', 'z'], op: 'eq', value: null })).toBe(true);
    expect(matchesWhere(r, { path: ['missing'], op: 'notIn', value: [1, 2] })).toBe(true);
    expect(matchesWhere(r, { path: ['missing'], op: 'in', value: [1, null] })).toBe(true);
    expect(matchesWhere(r, { path: ['missing'], op: 'gt', value: 0 })).toBe(false);
    expect(matchesWhere(r, { not: { path: ['missing'], op: 'gt', value: 0 } })).toBe(true);
    expect(matchesWhere(r, { path: ['nested', 'z'], op: 'isNull', value: true })).toBe(true);
    expect(matchesWhere(r, { path: ['nested', 'k'], op: 'isNull', value: false })).toBe(true);
  });

  it('orders only values of the same type', () => {
    expect(matchesWhere(r, { path: ['n'], op: 'gte', value: 5 })).toBe(true);
    expect(matchesWhere(r, { path: ['n'], op: 'lt', value: '6' })).toBe(false);
    expect(matchesWhere(r, { path: ['s'], op: 'lt', value: 'a' })).toBe(true);
    expect(matchesWhere(r, { path: ['s'], op: 'gt', value: 'Hello' })).toBe(true);
  });

  it('matches contains and startsWith literally and case-sensitively', () => {
    expect(matchesWhere(r, { path: ['s'], op: 'contains', value: '%_' })).toBe(true);
    expect(matchesWhere(r, { path: ['s'], op: 'contains', value: 'hello' })).toBe(false);
    expect(matchesWhere(r, { path: ['s'], op: 'startsWith', value: 'Hel' })).toBe(true);
    expect(matchesWhere(r, { path: ['tags'], op: 'contains', value: 'y' })).toBe(true);
    expect(matchesWhere(r, { path: ['n'], op: 'contains', value: 5 })).toBe(false);
  });

  it('never descends into arrays and reads metadata from columns', () => {
    expect(valueAtPath(r, ['list', '0', 'a'])).toBe(undefined);
    expect(valueAtPath(r, ['id'])).toBe('r1');
    expect(matchesWhere(r, { path: ['version'], op: 'eq', value: 1 })).toBe(true);
  });

  it('evaluates and, or and not, with empty and true and empty or false', () => {
    expect(matchesWhere(r, { and: [] })).toBe(true);
    expect(matchesWhere(r, { or: [] })).toBe(false);
    expect(matchesWhere(r, { or: [{ path: ['n'], op: 'eq', value: 1 }, { not: { path: ['b'], op: 'eq', value: true } }] })).toBe(true);
    expect(matchesWhere(r, MATCH_ALL)).toBe(true);
    expect(matchesWhere(r, MATCH_NONE)).toBe(false);
  });
});

describe('compareRows', () => {
  it('puts missing values first ascending and last descending, then breaks ties by id', () => {
    const rows = [row('c', { v: 2 }), row('a'), row('b', { v: 1 }), row('d', { v: 2 })];
    expect([...rows].sort((x, y) => compareRows(x, y, [{ path: ['v'], direction: 'asc' }])).map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
    expect([...rows].sort((x, y) => compareRows(x, y, [{ path: ['v'], direction: 'desc' }])).map((x) => x.id)).toEqual(['c', 'd', 'b', 'a']);
    expect(compareValues(false, true)).toBe(-1);
    expect(compareValues('B', 'a')).toBe(-1);
  });
});

describe('cursors', () => {
  const sort: DriverSortKey[] = [{ path: ['score'], direction: 'desc' }];

  it('round-trips a position and refuses another entity or sort', () => {
    const cursor = encodeCursor('contact', sort, row('c9', { score: 7 }));
    expect(/^[A-Za-z0-9_-]+$/.test(cursor)).toBe(true);
    expect(decodeCursor(cursor, 'contact', sort).values).toEqual([7, 'c9']);
    expect(() => decodeCursor(cursor, 'deal', sort)).toThrow(ValidationError);
    expect(() => decodeCursor(cursor, 'contact', [])).toThrow(ValidationError);
    expect(() => decodeCursor('%%%', 'contact', sort)).toThrow(ValidationError);
    expect(() => decodeCursor(btoa('{"v":1}'), 'contact', sort)).toThrow(ValidationError);
  });

  it('encodes unicode sort values', () => {
    const cursor = encodeCursor('w', [{ path: ['name'], direction: 'asc' }], row('x', { name: 'é🎉' }));
    expect(decodeCursor(cursor, 'w', [{ path: ['name'], direction: 'asc' }]).values).toEqual(['é🎉', 'x']);
  });

  it('expands the keyset condition with mixed directions and missing values', () => {
    expect(cursorWhere([{ path: ['a'], direction: 'asc' }], [5, 'c3'])).toEqual({
      or: [
        { path: ['a'], op: 'gt', value: 5 },
        { and: [{ path: ['a'], op: 'eq', value: 5 }, { path: ['id'], op: 'gt', value: 'c3' }] },
      ],
    });
    expect(cursorWhere([{ path: ['a'], direction: 'desc' }], [null, 'c3'])).toEqual({
      and: [{ path: ['a'], op: 'isNull', value: true }, { path: ['id'], op: 'gt', value: 'c3' }],
    });
    expect(cursorWhere([{ path: ['a'], direction: 'asc' }], [null, 'c3'])).toEqual({
      or: [
        { path: ['a'], op: 'isNull', value: false },
        { and: [{ path: ['a'], op: 'isNull', value: true }, { path: ['id'], op: 'gt', value: 'c3' }] },
      ],
    });
    expect(cursorWhere([{ path: ['id'], direction: 'desc' }], ['c3'])).toEqual({
      or: [{ path: ['id'], op: 'lt', value: 'c3' }, { path: ['id'], op: 'isNull', value: true }],
    });
    expect(() => cursorWhere([{ path: ['a'], direction: 'asc' }], [[1], 'c3'])).toThrow(ValidationError);
  });

  it('pages through any sort in the same order as sorting everything', () => {
    const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -3, max: 3 }));
    const text = fc.oneof(fc.constant(undefined), fc.constantFrom('', 'a', 'B', 'ab', 'é', '🎉'));
    const rowsArb = fc.uniqueArray(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), n: value, s: text, b: fc.option(fc.boolean(), { nil: undefined }) }),
      { selector: (entry) => entry.id, maxLength: 30 },
    );
    const sortArb = fc.uniqueArray(
      fc.record({ path: fc.constantFrom(['n'], ['s'], ['b'], ['id'], ['createdAt']), direction: fc.constantFrom('asc' as const, 'desc' as const) }),
      { selector: (key) => key.path[0], maxLength: 3 },
    );
    fc.assert(
      fc.property(rowsArb, sortArb, fc.integer({ min: 1, max: 7 }), (entries, sort, limit) => {
        const rows = entries.map((entry, index) => {
          const data: Record<string, string | number | boolean | null> = {};
          if (entry.n !== undefined) data['n'] = entry.n;
          if (entry.s !== undefined) data['s'] = entry.s;
          if (entry.b !== undefined) data['b'] = entry.b;
          return row(entry.id, data, { createdAt: `2025-01-0${(index % 3) + 1}T00:00:00.000Z` });
        });
        const all = [...rows].sort((x, y) => compareRows(x, y, sort));
        const walked: StoredRow[] = [];
        let after: ReturnType<typeof afterRowWhere> | undefined;
        for (let guard = 0; guard <= rows.length; guard++) {
          const page = rows
            .filter((candidate) => matchesWhere(candidate, after))
            .sort((x, y) => compareRows(x, y, sort))
            .slice(0, limit);
          walked.push(...page);
          const last = page[page.length - 1];
          if (page.length < limit || last === undefined) break;
          const cursor = encodeCursor('e', sort, last);
          after = cursorWhere(sort, decodeCursor(cursor, 'e', sort).values);
        }
        expect(walked.map((x) => x.id)).toEqual(all.map((x) => x.id));
      }),
      { numRuns: 300 },
    );
  });
});
