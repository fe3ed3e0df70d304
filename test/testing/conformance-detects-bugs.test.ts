import { describe, expect, it } from 'vitest';
import {
  compareValues,
  createMemoryBackend,
  createMemoryDriver,
  createStore,
  type DriverSession,
  type DriverSortKey,
  type StoreDriver,
  type StoredRow,
  valueAtPath,
} from 'crmkit/store';
import { type ConformanceTestApi, runStoreConformance } from 'crmkit/testing';

/** Collects the suite's tests instead of registering them, so they can be run and their failures inspected. */
function collectingRunner(): { api: ConformanceTestApi; tests: Array<{ name: string; fn: () => Promise<void> }> } {
  const tests: Array<{ name: string; fn: () => Promise<void> }> = [];
  const api: ConformanceTestApi = {
    describe: (_name, fn) => fn(),
    it: (name, fn) => tests.push({ name, fn }),
    expect: (actual) => ({
      toBe: (expected) => expect(actual).toBe(expected),
      toEqual: (expected) => expect(actual).toEqual(expected),
    }),
  };
  return { api, tests };
}

/** A driver that sorts missing values last in ascending order (the contract says first). */
function missingLastDriver(inner: StoreDriver): StoreDriver {
  const wrongCompare = (sort: readonly DriverSortKey[]) => (a: StoredRow, b: StoredRow) => {
    for (const key of sort) {
      const va = valueAtPath(a, key.path) ?? null;
      const vb = valueAtPath(b, key.path) ?? null;
      let c = va === null && vb !== null ? 1 : vb === null && va !== null ? -1 : compareValues(va, vb);
      if (key.direction === 'desc') c = -c;
      if (c !== 0) return c;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  const wrap = (session: DriverSession): DriverSession => ({
    insert: (entity, rows) => session.insert(entity, rows),
    getMany: (entity, ids) => session.getMany(entity, ids),
    count: (entity, where) => session.count(entity, where),
    replace: (entity, row, version) => session.replace(entity, row, version),
    remove: (entity, id, version) => session.remove(entity, id, version),
    appendLog: (entries) => session.appendLog(entries),
    readLog: (query) => session.readLog(query),
    select: async (entity, query) => {
      const rows = await session.select(entity, query.where === undefined ? { sort: [] } : { where: query.where, sort: [] });
      rows.sort(wrongCompare(query.sort));
      return query.limit === undefined ? rows : rows.slice(0, query.limit);
    },
  });
  return {
    name: 'missing-last',
    workspaceId: inner.workspaceId,
    capabilities: inner.capabilities,
    ...wrap(inner),
    transaction: (fn) => inner.transaction((session) => fn(wrap(session))),
  };
}

describe('the conformance suite', () => {
  it('fails an adapter that sorts missing values last in ascending order', async () => {
    const backend = createMemoryBackend();
    const { api, tests } = collectingRunner();
    runStoreConformance({
      name: 'buggy',
      test: api,
      makeStore: (options) => createStore({ ...options, driver: missingLastDriver(createMemoryDriver({ workspaceId: options.workspaceId, backend })) }),
      numRuns: 40,
    });
    const failed: string[] = [];
    for (const test of tests) {
      try {
        await test.fn();
      } catch {
        failed.push(test.name);
      }
    }
    expect(failed).toContain('sorts ascending with missing values first, and pages through it identically');
    expect(failed).toContain('behaves like the memory store under random sequences of operations');
    expect(failed).not.toContain('creates a record with an id, version 1 and timestamps from the clock');
  }, 120_000);
});
