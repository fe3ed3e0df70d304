/**
 * Driver-level checks shared by the SQL adapter tests. Filters and sorts are checked against the
 * reference semantics (`matchesWhere`, `compareRows` from src/store/query.ts) on a data set that
 * mixes types, missing values, nulls, arrays, nested objects, LIKE metacharacters and injection
 * strings, so every adapter must agree with the memory store row for row.
 */
import { expect, it } from 'vitest';
import { AdapterError, UniqueViolationError } from '../../src/errors';
import type { SqlStoreDriver } from '../../src/adapters/sql/driver';
import { compareRows, matchesWhere } from '../../src/store/query';
import type { DriverSortKey, DriverWhere, StoredRow } from '../../src/store/types';

/** Builds a driver on migrated tables for a fresh workspace. */
export type DriverFactory = (workspaceId: string) => SqlStoreDriver;

let counter = 0;
/** A workspace id no other test uses. */
export function freshWorkspace(): string {
  counter += 1;
  return `ws_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

const T0 = Date.UTC(2025, 0, 1);
const iso = (minutes: number) => new Date(T0 + minutes * 60_000 + 123).toISOString();

/** Strings that must be stored and matched verbatim. */
export const NASTY = [
  "'; DROP TABLE crmkit_records; --",
  'Robert"); DELETE FROM x; --',
  '50%_off\\now',
  "O'Brien",
  '$."a"[0]',
  '',
] as const;

const values: unknown[] = [
  undefined, null, true, false, 0, -1.5, 2, 10, 1e12, 0.1, 'a', 'B', 'b', 'ab', 'abc', 'é', 'É', '😀x', '10', '2',
  ...NASTY, ['vip', 'x'], [1, 2], [['vip']], [true], [], { k: 'vip' },
];

/** The shared data set: one row per interesting value, plus nested and array fields. */
export function sampleRows(): StoredRow[] {
  return values.map((v, i) => {
    const data: Record<string, unknown> = { n: i };
    if (v !== undefined) data['v'] = v;
    if (i % 3 === 0) data['nested'] = { a: { b: i % 2 === 0 ? 'even' : i } };
    if (i % 4 === 1) data['nested'] = { a: null };
    if (i % 5 === 2) data['nested'] = { '0': 'zero', a: 'flat' };
    if (i % 2 === 0) data['tags'] = ['vip', `t${i % 3}`, i];
    if (i % 7 === 3) data['tags'] = 'vip-string';
    if (i % 6 === 5) data['flag'] = i % 4 === 1;
    if (i % 4 === 2) data['score'] = (i * 7) % 11;
    if (i % 8 === 4) data['score'] = null;
    return {
      id: `r${String(i).padStart(2, '0')}`,
      version: 1 + (i % 3),
      createdAt: iso(i * 7 % 13),
      updatedAt: iso(i),
      externalId: i % 5 === 0 ? `ext-${i}` : null,
      data: data as StoredRow['data'],
    };
  });
}

const scalarProbes: Array<string | number | boolean | null> = [
  null, true, false, 0, 2, 10, -1.5, 0.1, 1e12, 'a', 'b', 'B', 'ab', '10', '2', 'é', '😀x', ...NASTY,
];

/** Many single conditions over every operator, on data and metadata paths. */
export function sampleConditions(): DriverWhere[] {
  const out: DriverWhere[] = [];
  const paths = [['v'], ['nested', 'a', 'b'], ['nested', 'a'], ['nested', '0'], ['tags'], ['tags', '0'], ['score'], ['flag'], ['missing']];
  for (const path of paths) {
    for (const value of scalarProbes) {
      out.push({ path, op: 'eq', value }, { path, op: 'ne', value });
      if (value !== null && typeof value !== 'boolean') {
        out.push({ path, op: 'lt', value }, { path, op: 'lte', value }, { path, op: 'gt', value }, { path, op: 'gte', value });
      }
      if (value !== null) out.push({ path, op: 'contains', value });
      if (typeof value === 'string') out.push({ path, op: 'startsWith', value });
    }
    out.push({ path, op: 'in', value: ['a', 2, true, null] }, { path, op: 'notIn', value: ['a', 2, true] });
    out.push({ path, op: 'in', value: ['vip', 10] }, { path, op: 'notIn', value: [null] });
    out.push({ path, op: 'isNull', value: true }, { path, op: 'isNull', value: false });
    out.push({ path, op: 'startsWith', value: 'vi' }, { path, op: 'contains', value: 'ip' }, { path, op: 'contains', value: '%' });
    out.push({ path, op: 'contains', value: '_' }, { path, op: 'startsWith', value: '50%' }, { path, op: 'contains', value: 'A' });
  }
  const rows = sampleRows();
  const r5 = rows[5] as StoredRow;
  for (const value of [r5.createdAt, r5.updatedAt, '2025', '2025-01-01T00:05', 'r0', 'r10', 'r1', 3, 2, '2', 'R0', '']) {
    for (const path of [['id'], ['version'], ['createdAt'], ['updatedAt']]) {
      out.push({ path, op: 'eq', value }, { path, op: 'ne', value }, { path, op: 'in', value: [value, 'r03'] });
      out.push({ path, op: 'lt', value }, { path, op: 'lte', value }, { path, op: 'gt', value }, { path, op: 'gte', value });
      out.push({ path, op: 'contains', value });
      if (typeof value === 'string') out.push({ path, op: 'startsWith', value });
    }
  }
  for (const path of [['id'], ['createdAt']]) out.push({ path, op: 'isNull', value: true }, { path, op: 'isNull', value: false }, { path, op: 'eq', value: null });
  return out;
}

function ids(rows: readonly StoredRow[]): string[] {
  return rows.map((row) => row.id);
}

function expected(rows: readonly StoredRow[], where: DriverWhere | undefined, sort: readonly DriverSortKey[] = []): string[] {
  return ids(rows.filter((row) => matchesWhere(row, where)).sort((a, b) => compareRows(a, b, sort)));
}

function row(id: string, data: StoredRow['data'] = {}, externalId: string | null = null): StoredRow {
  const at = iso(0);
  return { id, version: 1, createdAt: at, updatedAt: at, externalId, data };
}

/**
 * Registers the shared driver tests (call inside a `describe`).
 *
 * @param make - builds a driver for a workspace on already-migrated tables
 * @param unmigrated - builds a driver on tables that do not exist (to provoke database errors)
 */
export function driverSuite(make: DriverFactory, unmigrated: DriverFactory): void {
  it('stores rows and returns them exactly, timestamps as the same ISO strings', async () => {
    const driver = make(freshWorkspace());
    const rows = sampleRows();
    await driver.insert('thing', rows);
    const back = await driver.getMany('thing', [...ids(rows)].reverse());
    expect(back).toEqual([...rows].reverse());
    expect(await driver.getMany('thing', ['nope', 'r01', 'r01'])).toEqual([rows[1]]);
    expect(await driver.getMany('thing', [])).toEqual([]);
  });

  it('stores SQL-injection strings verbatim, as ids, entity names, data, log fields', async () => {
    const driver = make(freshWorkspace());
    const nasty = NASTY.filter((s) => s !== '');
    await driver.insert("entity'; --", nasty.map((s, i) => row(s, { [s]: s, name: s, i }, `${s}#ext`)));
    const back = await driver.getMany("entity'; --", [...nasty]);
    expect(back.map((r) => [r.id, r.data[r.id], r.externalId])).toEqual(nasty.map((s) => [s, s, `${s}#ext`]));
    for (const s of nasty) {
      const found = await driver.select("entity'; --", { where: { path: ['name'], op: 'eq', value: s }, sort: [] });
      expect(ids(found)).toEqual([s]);
      const byKey = await driver.select("entity'; --", { where: { path: [s], op: 'isNull', value: false }, sort: [] });
      expect(ids(byKey)).toEqual([s]);
    }
    const [seq] = await driver.appendLog([{ entity: nasty[0] as string, entityId: nasty[1] as string, kind: nasty[2] as string, at: iso(1), actor: nasty[3] as string, data: { q: nasty[0] as string } }]);
    const log = await driver.readLog({ entity: nasty[0] as string, entityId: nasty[1] as string, kinds: [nasty[2] as string], limit: 10 });
    expect(log).toEqual([{ seq, entity: nasty[0], entityId: nasty[1], kind: nasty[2], at: iso(1), actor: nasty[3], data: { q: nasty[0] } }]);
  });

  it('filters exactly like matchesWhere for every operator, path and value type', async () => {
    const driver = make(freshWorkspace());
    const rows = sampleRows();
    await driver.insert('thing', rows);
    const mismatches: string[] = [];
    for (const where of sampleConditions()) {
      const got = ids(await driver.select('thing', { where, sort: [] }));
      const want = expected(rows, where);
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${JSON.stringify(where)}: got ${got.join(',')} want ${want.join(',')}`);
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('combines filters with and / or / not, and count agrees with select', async () => {
    const driver = make(freshWorkspace());
    const rows = sampleRows();
    await driver.insert('thing', rows);
    const conditions = sampleConditions();
    const mismatches: string[] = [];
    for (let i = 0; i < 150; i++) {
      const a = conditions[(i * 37) % conditions.length] as DriverWhere;
      const b = conditions[(i * 101 + 7) % conditions.length] as DriverWhere;
      const c = conditions[(i * 53 + 3) % conditions.length] as DriverWhere;
      const where: DriverWhere = i % 3 === 0 ? { and: [a, { or: [b, c] }] } : i % 3 === 1 ? { or: [{ not: a }, { and: [b, { not: c }] }] } : { not: { or: [a, b] } };
      const got = ids(await driver.select('thing', { where, sort: [] }));
      const want = expected(rows, where);
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${JSON.stringify(where)}: got ${got.join(',')} want ${want.join(',')}`);
      const n = await driver.count('thing', where);
      if (n !== want.length) mismatches.push(`count ${JSON.stringify(where)}: got ${n} want ${want.length}`);
    }
    expect(mismatches).toEqual([]);
    expect(await driver.count('thing', undefined)).toBe(rows.length);
  }, 120_000);

  it('sorts exactly like compareRows: missing/null first ascending, last descending, id as tie-break', async () => {
    const driver = make(freshWorkspace());
    // Sorting a field with arrays or objects is unspecified: keep `v` scalar here.
    const rows = sampleRows().filter((r) => !Array.isArray(r.data['v']) && (typeof r.data['v'] !== 'object' || r.data['v'] === null));
    await driver.insert('thing', rows);
    const sorts: DriverSortKey[][] = [
      [],
      [{ path: ['v'], direction: 'asc' }],
      [{ path: ['v'], direction: 'desc' }],
      [{ path: ['score'], direction: 'asc' }],
      [{ path: ['score'], direction: 'desc' }, { path: ['flag'], direction: 'asc' }],
      [{ path: ['nested', 'a', 'b'], direction: 'desc' }],
      [{ path: ['flag'], direction: 'desc' }, { path: ['createdAt'], direction: 'asc' }],
      [{ path: ['createdAt'], direction: 'desc' }],
      [{ path: ['version'], direction: 'desc' }, { path: ['updatedAt'], direction: 'desc' }],
      [{ path: ['id'], direction: 'desc' }],
      [{ path: ['missing'], direction: 'desc' }],
    ];
    for (const sort of sorts) {
      expect(ids(await driver.select('thing', { sort })), JSON.stringify(sort)).toEqual(expected(rows, undefined, sort));
      expect(ids(await driver.select('thing', { sort, limit: 5 }))).toEqual(expected(rows, undefined, sort).slice(0, 5));
    }
    const where: DriverWhere = { path: ['tags'], op: 'contains', value: 'vip' };
    const sort: DriverSortKey[] = [{ path: ['v'], direction: 'desc' }];
    expect(ids(await driver.select('thing', { where, sort, limit: 3 }))).toEqual(expected(rows, where, sort).slice(0, 3));
  });

  it('replaces with compare-and-set and removes with an optional version', async () => {
    const driver = make(freshWorkspace());
    await driver.insert('thing', [row('a', { x: 1 }), row('b')]);
    const next = { ...row('a', { x: 2 }), version: 2, updatedAt: iso(5) };
    expect(await driver.replace('thing', next, 2)).toBe(false);
    expect(await driver.replace('thing', next, 1)).toBe(true);
    expect(await driver.replace('thing', next, 1)).toBe(false);
    expect(await driver.replace('thing', { ...next, id: 'zz' }, 1)).toBe(false);
    expect(await driver.getMany('thing', ['a'])).toEqual([next]);
    expect(await driver.remove('thing', 'a', 1)).toBe(false);
    expect(await driver.remove('thing', 'a', 2)).toBe(true);
    expect(await driver.remove('thing', 'a')).toBe(false);
    expect(await driver.remove('thing', 'b')).toBe(true);
    expect(await driver.count('thing', undefined)).toBe(0);
  });

  it('reports duplicate ids and external ids as UniqueViolationError and inserts none of the batch', async () => {
    const driver = make(freshWorkspace());
    await driver.insert('thing', [row('a', {}, 'x1')]);
    const attempt = async (rows: StoredRow[]) => {
      const error = await driver.insert('thing', rows).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(UniqueViolationError);
      return error as UniqueViolationError;
    };
    expect((await attempt([row('b'), row('a')])).field).toBe('id');
    expect((await attempt([row('b'), row('a')])).value).toBe('a');
    const ext = await attempt([row('c'), row('d', {}, 'x1')]);
    expect([ext.field, ext.value]).toEqual(['externalId', 'x1']);
    expect((await attempt([row('e'), row('e')])).field).toBe('id');
    expect((await attempt([row('e', {}, 'y'), row('f', {}, 'y')])).field).toBe('externalId');
    expect(ids(await driver.select('thing', { sort: [] }))).toEqual(['a']);
    // an external id freed by a replace can be taken; one in use cannot
    const taken = await driver.replace('thing', { ...row('a', {}, 'x1'), version: 2 }, 1).then(() => undefined, (e: unknown) => e);
    expect(taken).toBeUndefined();
    await driver.insert('thing', [row('g', {}, 'x2')]);
    const clash = await driver.replace('thing', { ...row('a', {}, 'x2'), version: 3 }, 2).then(() => undefined, (e: unknown) => e);
    expect(clash).toBeInstanceOf(UniqueViolationError);
    expect(ids(await driver.getMany('thing', ['a', 'g']))).toEqual(['a', 'g']);
  });

  it('rolls back a bulk insert interrupted half-way by a duplicate, across statement chunks', async () => {
    const driver = make(freshWorkspace());
    await driver.insert('thing', [row('keep', { k: 1 })]);
    const rows = Array.from({ length: 12_000 }, (_, i) => row(`bulk${String(i).padStart(5, '0')}`, { i }));
    rows[6_000] = row('keep', { k: 2 });
    await expect(driver.insert('thing', rows)).rejects.toBeInstanceOf(UniqueViolationError);
    expect(await driver.count('thing', undefined)).toBe(1);
    // the same inside a transaction, where the caller catches and goes on
    await driver.transaction(async (tx) => {
      await tx.insert('thing', [row('first')]);
      await expect(tx.insert('thing', rows)).rejects.toBeInstanceOf(UniqueViolationError);
      await tx.insert('thing', [row('second')]);
    });
    expect(ids(await driver.select('thing', { sort: [] }))).toEqual(['first', 'keep', 'second']);
  }, 60_000);

  it('rolls back everything when a transaction throws after half the rows, rethrowing the same error', async () => {
    const driver = make(freshWorkspace());
    await driver.insert('thing', [row('keep')]);
    const boom = new Error('boom');
    const rows = Array.from({ length: 4_000 }, (_, i) => row(`t${i}`));
    const error = await driver
      .transaction(async (tx) => {
        await tx.insert('thing', rows.slice(0, 2_000));
        await tx.appendLog([{ entity: 'thing', entityId: 't0', kind: 'created', at: iso(0), actor: null, data: {} }]);
        expect(await tx.count('thing', undefined)).toBe(2_001);
        throw boom;
      })
      .catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(await driver.count('thing', undefined)).toBe(1);
    expect(await driver.readLog({ limit: 10 })).toEqual([]);
    const result = await driver.transaction(async (tx) => {
      await tx.insert('thing', rows.slice(2_000));
      return 'done';
    });
    expect(result).toBe('done');
    expect(await driver.count('thing', undefined)).toBe(2_001);
  }, 60_000);

  it('never lets one workspace see or touch another workspace', async () => {
    const one = make(freshWorkspace());
    const two = make(freshWorkspace());
    await one.insert('thing', [row('a', { x: 1 }, 'e')]);
    await two.insert('thing', [row('a', { x: 2 }, 'e')]);
    expect((await one.getMany('thing', ['a']))[0]?.data).toEqual({ x: 1 });
    expect(await two.count('thing', undefined)).toBe(1);
    expect(await two.remove('thing', 'a', 1)).toBe(true);
    expect(await one.count('thing', undefined)).toBe(1);
    await one.appendLog([{ entity: 'thing', entityId: 'a', kind: 'k', at: iso(0), actor: null, data: {} }]);
    expect(await two.readLog({ limit: 10 })).toEqual([]);
  });

  it('appends to the log with increasing seq and reads it back with every filter', async () => {
    const driver = make(freshWorkspace());
    const entries = Array.from({ length: 30 }, (_, i) => ({
      entity: i % 2 === 0 ? 'deal' : 'contact',
      entityId: `e${i % 3}`,
      kind: ['created', 'transition', 'note'][i % 3] as string,
      at: iso(i),
      actor: i % 4 === 0 ? null : `u${i}`,
      data: { i, nested: { ok: true, list: [1, 'two', null] } },
    }));
    const first = await driver.appendLog(entries.slice(0, 10));
    const rest = await driver.appendLog(entries.slice(10));
    const seqs = [...first, ...rest];
    expect(seqs).toHaveLength(30);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] as number);
    const all = await driver.readLog({ limit: 100 });
    expect(all).toEqual(entries.map((e, i) => ({ ...e, seq: seqs[i] })));
    const pick = (f: (e: (typeof all)[number]) => boolean) => all.filter(f).map((e) => e.seq);
    expect((await driver.readLog({ entity: 'deal', limit: 100 })).map((e) => e.seq)).toEqual(pick((e) => e.entity === 'deal'));
    expect((await driver.readLog({ entity: 'deal', entityId: 'e1', limit: 100 })).map((e) => e.seq)).toEqual(pick((e) => e.entity === 'deal' && e.entityId === 'e1'));
    expect((await driver.readLog({ kinds: ['note', 'created'], limit: 100 })).map((e) => e.seq)).toEqual(pick((e) => e.kind !== 'transition'));
    expect(await driver.readLog({ kinds: [], limit: 100 })).toEqual([]);
    expect((await driver.readLog({ from: iso(5), to: iso(9), limit: 100 })).map((e) => e.seq)).toEqual(pick((e) => e.at >= iso(5) && e.at < iso(9)));
    expect((await driver.readLog({ afterSeq: seqs[20] as number, limit: 4 })).map((e) => e.seq)).toEqual(seqs.slice(21, 25));
  });

  it('wraps database failures in AdapterError with the driver error as cause', async () => {
    const driver = unmigrated(freshWorkspace());
    for (const attempt of [
      () => driver.insert('thing', [row('x')]),
      () => driver.select('thing', { sort: [] }),
      () => driver.appendLog([{ entity: 'thing', entityId: 'x', kind: 'k', at: iso(0), actor: null, data: {} }]),
      () => driver.transaction(async (tx) => tx.count('thing', undefined)),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AdapterError);
      expect((error as AdapterError).cause).toBeDefined();
    }
  });
}
