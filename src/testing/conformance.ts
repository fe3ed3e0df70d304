/**
 * The adapter conformance suite: every behaviour of the {@link Store} contract, checked against
 * any adapter through the test runner you pass in (Keyv's `storageTestSuite(test, store)`), plus
 * model-based tests (fast-check `fc.commands`) that run random operation sequences against the
 * adapter and against the in-memory reference store and require identical results.
 *
 * @module
 */
import fc from 'fast-check';
import { CrmError, ValidationError } from '../errors';
import { type Clock, steppingClock } from '../model/clock';
import { type IdGenerator, sequentialIds } from '../model/ids';
import { createMemoryStore } from '../store/memory';
import type { EntityRegistry, FindOptions, LogEntry, Page, RecordOf, SortKey, Store, Where } from '../store/types';
import { CONFORMANCE_ENTITIES, type ConformanceEntities } from './entities';
import { registerModelTests } from './model-based';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** The assertions the suite uses: a subset of vitest's / Jest's `expect`. */
export interface ConformanceExpect {
  (actual: unknown): {
    /** `Object.is` equality. */
    toBe(expected: unknown): void;
    /** Deep equality. */
    toEqual(expected: unknown): void;
  };
}

/** Registers one test. `timeout` is in milliseconds. */
export interface ConformanceIt {
  (name: string, fn: () => Promise<void>, timeout?: number): unknown;
  /** Registers a skipped test (used for names listed in `skip`); optional. */
  skip?: (name: string, fn: () => Promise<void>) => unknown;
}

/** The test runner the suite registers its tests with (vitest's, Jest's, or a shim). */
export interface ConformanceTestApi {
  /** Groups tests. */
  describe(name: string, fn: () => void): unknown;
  /** Registers a test. */
  it: ConformanceIt;
  /** Assertions. */
  expect: ConformanceExpect;
  /** Runs before each test (unused by the suite itself; accepted for symmetry). */
  beforeEach?: (fn: () => unknown) => unknown;
  /** Runs once after all tests: the suite calls `cleanup` there. */
  afterAll?: (fn: () => unknown) => unknown;
}

/** What the suite passes to `makeStore`. */
export interface MakeStoreOptions {
  /**
   * The workspace of the store. The suite uses a new, unique workspace id for every test, so a
   * store is empty if the adapter isolates workspaces; within one test it asks for several
   * workspaces, which must live in the same database (tenant-isolation tests).
   */
  readonly workspaceId: string;
  /** The entity registry to use (the suite passes `CONFORMANCE_ENTITIES`). */
  readonly entities?: EntityRegistry;
  /** Id generator: forward it to `createStore` (the suite relies on deterministic ids). */
  readonly ids?: IdGenerator;
  /** Clock: forward it to `createStore` (the suite checks timestamps). */
  readonly clock?: Clock;
}

/** Options of {@link runStoreConformance}. */
export interface StoreConformanceOptions {
  /** The adapter's name, used in the suite's title. */
  readonly name: string;
  /** The test runner: `{ describe, it, expect, beforeEach?, afterAll? }`. */
  readonly test: ConformanceTestApi;
  /** Makes a store for a workspace (see {@link MakeStoreOptions}); forward every option to `createStore`. */
  readonly makeStore: (options: MakeStoreOptions) => Promise<Store<any>> | Store<any>;
  /** Called once after all tests (close pools, drop schemas). */
  readonly cleanup?: () => Promise<void>;
  /**
   * Reads a row at the source, bypassing the store (Auth.js's `db` hook), to check that writes
   * really happened (and rolled-back ones did not). Return `null`/`undefined` when there is no row.
   */
  readonly raw?: { getRow(entity: string, workspaceId: string, id: string): Promise<unknown> };
  /** Titles of tests or groups to skip (exact match). */
  readonly skip?: readonly string[];
  /** fast-check runs per model-based property (default 30). */
  readonly numRuns?: number;
}

/** The conformance store type. */
export type ConformanceStore = Store<ConformanceEntities>;

type WidgetRecord = RecordOf<ConformanceEntities, 'widget'>;
type W = Where<WidgetRecord>;
type S = SortKey<WidgetRecord>;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** The outcome of a store call: its value, or the code of the crmkit error it threw. */
type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: string };

/** Runs `fn`, capturing a thrown crmkit error as its code (anything else is rethrown). */
async function settle<T>(fn: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof CrmError) return { ok: false, code: error.code };
    throw error;
  }
}

async function failure(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

function codeOf(error: unknown): string {
  return error instanceof CrmError ? error.code : `not a CrmError: ${String(error)}`;
}

function issuePaths(error: unknown): unknown[] {
  return error instanceof ValidationError ? error.issues.map((entry) => [...entry.path]) : [`not a ValidationError: ${String(error)}`];
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const T0 = '2025-01-01T00:00:00.000Z';
let workspaceCounter = 0;
const runTag = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;

/** A new workspace id, unique per call (and per process run). */
function newWorkspaceId(): string {
  workspaceCounter += 1;
  return `ct-${runTag}-${workspaceCounter}`;
}

/** Fixed rows of `widget` used by the filter and sort tests. */
export const WIDGET_FIXTURES = [
  { id: 'w01', name: 'alpha', rank: 1, score: 1.5, flag: true, category: 'a', tags: ['red', 'blue'], dueAt: '2025-01-01T00:00:00Z', meta: { level: 1, label: 'x' }, customFields: { tier: 'gold', n: 3 } },
  { id: 'w02', name: 'Beta', rank: 2, score: -2, flag: false, category: 'b', tags: ['red'], meta: { level: 2 }, customFields: { tier: 'silver' } },
  { id: 'w03', name: 'gamma', rank: 3 },
  { id: 'w04', name: 'delta', rank: 2, score: 0, flag: true, category: 'a', tags: ['blue'], dueAt: '2024-06-01T12:00:00+02:00', customFields: { tier: 'gold', n: 10 } },
  { id: 'w05', name: "O'Brien'; DROP TABLE widget; --", rank: 5, category: '%', tags: ['_'], customFields: { tier: null } },
  { id: 'w06', name: '100% _literal_ \\ back\\slash "quoted"', rank: 10, category: '_', meta: { label: 'y' } },
  { id: 'w07', name: 'émoji 🎉 עברית', score: 2.25, meta: {} },
  { id: 'w08', name: 'e\u0301moji (decomposed)', rank: -1, flag: false, category: 'c', tags: ['red', 'green'] },
  { id: 'w09', name: '', rank: 0, score: 1e9, category: 'b', customFields: { n: 3 } },
  { id: 'w10', name: 'a%b_c', score: 0.1, category: 'a%', tags: ['a%'] },
] as const;

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

/**
 * Registers the conformance suite for an adapter with the given test runner. Each test gets a
 * new workspace (`makeStore` is called with a unique `workspaceId`, the conformance entity
 * registry, a `sequentialIds()` generator and a stepping clock starting at
 * 2025-01-01T00:00:00Z). Tests that need a capability the store declares it lacks return early.
 *
 * Covered: CRUD and validation; every `where` operator with `and`/`or`/`not` on top-level,
 * nested and custom fields (checked against explicit expectations and against the in-memory
 * reference store); sorting with missing values and several keys; cursor pagination (stable,
 * no duplicates or gaps, also while records are inserted); limits and counts; optimistic
 * concurrency; `createMany` atomicity; transactions (commit, rollback including log entries,
 * nesting, concurrent writers); tenant isolation; the log; streaming; unicode and 100 KB values;
 * SQL-looking strings; and fast-check model-based runs compared with the memory store.
 *
 * @param options - the adapter name, test runner, store factory and optional hooks
 * @returns nothing; tests are registered with `options.test`
 * @throws nothing itself; failing checks fail the registered tests
 *
 * @example
 * ```ts
 * import { describe, it, expect, afterAll } from 'vitest';
 * import { createMemoryBackend, createMemoryStore } from 'crmkit/store';
 * import { runStoreConformance } from 'crmkit/testing';
 *
 * const backend = createMemoryBackend();
 * runStoreConformance({
 *   name: 'memory',
 *   test: { describe, it, expect, afterAll },
 *   makeStore: (options) => createMemoryStore({ backend, ...options }),
 * });
 * ```
 */
export function runStoreConformance(options: StoreConformanceOptions): void {
  const { test } = options;
  const { describe, expect } = test;
  const skip = new Set(options.skip ?? []);
  const numRuns = options.numRuns ?? 30;

  const open = async (workspaceId = newWorkspaceId()): Promise<ConformanceStore> =>
    (await options.makeStore({
      workspaceId,
      entities: CONFORMANCE_ENTITIES,
      ids: sequentialIds(),
      clock: steppingClock(T0, 1000),
    })) as ConformanceStore;

  let group = '';
  const it = (name: string, fn: () => Promise<void>, timeout?: number): void => {
    if (skip.has(name) || skip.has(group)) {
      test.it.skip?.(name, fn);
      return;
    }
    if (timeout === undefined) test.it(name, fn);
    else test.it(name, fn, timeout);
  };
  const section = (name: string, fn: () => void): void => {
    describe(name, () => {
      const outer = group;
      group = name;
      fn();
      group = outer;
    });
  };

  const seedWidgets = async (store: ConformanceStore): Promise<void> => {
    await store.createMany('widget', WIDGET_FIXTURES.map((fixture) => structuredClone(fixture) as never));
  };
  const ids = (page: Page<{ id: string }> | { id: string }[]): string[] => ('items' in page ? page.items : page).map((record) => record.id);
  const findIds = async (store: ConformanceStore, where: W, sort?: readonly S[]): Promise<string[]> => {
    const page = await store.find('widget', sort === undefined ? { where, limit: 10_000 } : { where, sort, limit: 10_000 });
    return ids(page);
  };
  const rawRow = async (entity: string, workspaceId: string, id: string): Promise<unknown> =>
    options.raw === undefined ? 'no raw hook' : ((await options.raw.getRow(entity, workspaceId, id)) ?? null);

  describe(`${options.name}: store conformance`, () => {
    if (test.afterAll !== undefined && options.cleanup !== undefined) {
      const cleanup = options.cleanup;
      test.afterAll(() => cleanup());
    }

    // -------------------------------------------------------------------------------------------
    section('records', () => {
      it('creates a record with an id, version 1 and timestamps from the clock', async () => {
        const store = await open();
        const created = await store.create('widget', { name: 'first', rank: 1 });
        expect(created.id).toBe('widget_000001');
        expect(created.version).toBe(1);
        expect(created.workspaceId).toBe(store.workspaceId);
        expect(created.createdAt).toEqual(new Date(T0));
        expect(created.updatedAt).toEqual(new Date(T0));
        expect(created.tags).toEqual([]);
        expect(await store.get('widget', created.id)).toEqual(created);
      });

      it('gets back exactly what was created, dates revived as Date objects', async () => {
        const store = await open();
        const created = await store.create('widget', {
          name: 'dates', dueAt: '2025-03-04T05:06:07.089+01:00', meta: { level: 2.5, label: 'l' },
          customFields: { tier: 'gold', price: { amountMinor: 1999, currency: 'EUR' }, list: ['a', 'b'], ok: true, none: null },
        });
        const read = await store.get('widget', created.id);
        expect(read).toEqual(created);
        expect(read?.dueAt instanceof Date).toBe(true);
        expect(read?.dueAt?.toISOString()).toBe('2025-03-04T04:06:07.089Z');
        expect(read?.createdAt instanceof Date).toBe(true);
      });

      it('returns independent copies that callers may mutate freely', async () => {
        const store = await open();
        const created = await store.create('widget', { name: 'copy', tags: ['a'] });
        created.tags.push('mutated');
        const first = await store.get('widget', created.id);
        first?.tags.push('again');
        first?.createdAt.setTime(0);
        const second = await store.get('widget', created.id);
        expect(second?.tags).toEqual(['a']);
        expect(second?.createdAt).toEqual(new Date(T0));
      });

      it('normalises and round-trips a contact through its schema', async () => {
        const store = await open();
        const contact = await store.create('contact', {
          firstName: 'Ada', emails: [{ address: ' ADA@Example.COM ' }], tags: ['vip'],
          firstContactAt: new Date('2024-01-01T00:00:00Z'), customFields: { tier: 'gold' },
        });
        expect(contact.emails).toEqual([{ address: 'ada@example.com', primary: true }]);
        expect(contact.lifecycleStage).toBe('subscriber');
        expect(await store.get('contact', contact.id)).toEqual(contact);
        expect(await store.require('contact', contact.id)).toEqual(contact);
      });

      it('uses a given id and creation time', async () => {
        const store = await open();
        const created = await store.create('widget', { id: 'custom-id', createdAt: '2020-02-02T02:02:02Z', name: 'imported' });
        expect(created.id).toBe('custom-id');
        expect(created.createdAt).toEqual(new Date('2020-02-02T02:02:02Z'));
        expect(created.updatedAt).toEqual(new Date('2020-02-02T02:02:02Z'));
        expect((await store.get('widget', 'custom-id'))?.name).toBe('imported');
      });

      it('returns null for a missing record and require throws NotFoundError', async () => {
        const store = await open();
        expect(await store.get('widget', 'nope')).toBe(null);
        expect(codeOf(await failure(() => store.require('widget', 'nope')))).toBe('NOT_FOUND');
      });

      it('rejects a duplicate id or external id with UniqueViolationError and keeps the first record', async () => {
        const store = await open();
        await store.create('widget', { id: 'dup', name: 'one', externalId: 'ext-1' });
        expect(codeOf(await failure(() => store.create('widget', { id: 'dup', name: 'two' })))).toBe('UNIQUE_VIOLATION');
        expect(codeOf(await failure(() => store.create('widget', { name: 'three', externalId: 'ext-1' })))).toBe('UNIQUE_VIOLATION');
        expect((await store.get('widget', 'dup'))?.name).toBe('one');
        expect(await store.count('widget')).toBe(1);
      });

      it('writes rows at the source, and deletes them there', async () => {
        if (options.raw === undefined) return;
        const store = await open();
        const created = await store.create('widget', { name: 'raw' });
        expect((await rawRow('widget', store.workspaceId, created.id)) !== null).toBe(true);
        await store.delete('widget', created.id);
        expect(await rawRow('widget', store.workspaceId, created.id)).toBe(null);
      });
    });

    // -------------------------------------------------------------------------------------------
    section('updates and deletes', () => {
      it('applies a patch, increments the version, moves updatedAt and keeps createdAt', async () => {
        const store = await open();
        const created = await store.create('widget', { name: 'v1', rank: 1, tags: ['a'] });
        const updated = await store.update('widget', created.id, { rank: 2, tags: ['b', 'c'] });
        expect(updated.version).toBe(2);
        expect(updated.rank).toBe(2);
        expect(updated.tags).toEqual(['b', 'c']);
        expect(updated.name).toBe('v1');
        expect(updated.createdAt).toEqual(created.createdAt);
        expect(updated.updatedAt.getTime() > created.updatedAt.getTime()).toBe(true);
        expect(await store.get('widget', created.id)).toEqual(updated);
      });

      it('removes an optional field when the patch sets it to null', async () => {
        const store = await open();
        const created = await store.create('widget', { name: 'n', rank: 3, meta: { level: 1 } });
        const updated = await store.update('widget', created.id, { rank: null, meta: null });
        expect('rank' in updated).toBe(false);
        expect('meta' in updated).toBe(false);
        const read = await store.get('widget', created.id);
        expect(read?.rank).toBe(undefined);
        expect(await findIds(store, { field: 'rank', op: 'isNull', value: true })).toEqual([created.id]);
      });

      it('re-checks cross-field rules on update and writes nothing when they fail', async () => {
        const store = await open();
        const created = await store.create('widget', { name: 'rule', flag: true, category: 'c' });
        const error = await failure(() => store.update('widget', created.id, { category: null }));
        expect(codeOf(error)).toBe('VALIDATION_FAILED');
        expect(issuePaths(error)).toEqual([['category']]);
        expect(await store.get('widget', created.id)).toEqual(created);
        const contact = await store.create('contact', { firstName: 'Ada' });
        expect(codeOf(await failure(() => store.update('contact', contact.id, { firstName: null })))).toBe('VALIDATION_FAILED');
      });

      it('rejects unknown or ill-typed patch fields and metadata changes', async () => {
        const store = await open();
        const created = await store.create('widget', { name: 'p' });
        expect(codeOf(await failure(() => store.update('widget', created.id, { nope: 1 } as never)))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.update('widget', created.id, { rank: 'x' } as never)))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.update('widget', created.id, { version: 9 } as never)))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.update('widget', created.id, { name: null } as never)))).toBe('VALIDATION_FAILED');
        expect((await store.get('widget', created.id))?.version).toBe(1);
      });

      it('throws NotFoundError when updating a missing record', async () => {
        const store = await open();
        expect(codeOf(await failure(() => store.update('widget', 'missing', { rank: 1 })))).toBe('NOT_FOUND');
        expect(codeOf(await failure(() => store.update('widget', 'missing', { rank: 1 }, { expectedVersion: 1 })))).toBe('NOT_FOUND');
      });

      it('accepts the right expected version and rejects a stale one with ConflictError, changing nothing', async () => {
        const store = await open();
        const created = await store.create('widget', { name: 'cas', rank: 1 });
        const second = await store.update('widget', created.id, { rank: 2 }, { expectedVersion: 1 });
        expect(second.version).toBe(2);
        const error = await failure(() => store.update('widget', created.id, { rank: 3 }, { expectedVersion: 1 }));
        expect(codeOf(error)).toBe('VERSION_CONFLICT');
        expect((error as { actualVersion?: number }).actualVersion).toBe(2);
        expect(await store.get('widget', created.id)).toEqual(second);
      });

      it('deletes a record once, honouring an expected version', async () => {
        const store = await open();
        const created = await store.create('widget', { name: 'gone' });
        await store.update('widget', created.id, { rank: 1 });
        expect(codeOf(await failure(() => store.delete('widget', created.id, { expectedVersion: 1 })))).toBe('VERSION_CONFLICT');
        expect((await store.get('widget', created.id))?.version).toBe(2);
        expect(await store.delete('widget', created.id, { expectedVersion: 2 })).toBe(true);
        expect(await store.get('widget', created.id)).toBe(null);
        expect(await store.delete('widget', created.id)).toBe(false);
        expect(await store.count('widget')).toBe(0);
      });

      it('lets a deleted id be created again', async () => {
        const store = await open();
        await store.create('widget', { id: 'again', name: 'one', externalId: 'x1' });
        await store.delete('widget', 'again');
        const second = await store.create('widget', { id: 'again', name: 'two', externalId: 'x1' });
        expect(second.version).toBe(1);
        expect((await store.get('widget', 'again'))?.name).toBe('two');
      });

      it('frees an external id when the record changes it', async () => {
        const store = await open();
        const first = await store.create('widget', { name: 'one', externalId: 'x1' });
        expect(codeOf(await failure(() => store.create('widget', { name: 'two', externalId: 'x1' })))).toBe('UNIQUE_VIOLATION');
        await store.update('widget', first.id, { externalId: 'x2' });
        const second = await store.create('widget', { name: 'two', externalId: 'x1' });
        expect(second.externalId).toBe('x1');
        expect(codeOf(await failure(() => store.update('widget', second.id, { externalId: 'x2' })))).toBe('UNIQUE_VIOLATION');
      });
    });

    // -------------------------------------------------------------------------------------------
    section('createMany', () => {
      it('inserts every record in order with its own id', async () => {
        const store = await open();
        const created = await store.createMany('widget', [{ name: 'a' }, { name: 'b', rank: 2 }, { id: 'given', name: 'c' }]);
        expect(created.map((record) => record.id)).toEqual(['widget_000001', 'widget_000002', 'given']);
        expect(await store.count('widget')).toBe(3);
        expect(await store.get('widget', 'given')).toEqual(created[2]);
        expect(await store.createMany('widget', [])).toEqual([]);
      });

      it('inserts nothing when one input is invalid, reporting every bad input by index', async () => {
        const store = await open();
        const error = await failure(() => store.createMany('widget', [{ name: 'ok' }, { name: 1 } as never, { name: 'ok2', bogus: true } as never]));
        expect(codeOf(error)).toBe('VALIDATION_FAILED');
        expect(issuePaths(error).map((path) => (path as unknown[])[0])).toEqual([1, 2]);
        expect(await store.count('widget')).toBe(0);
      });

      it('inserts nothing when an id is duplicated, in the batch or in the store', async () => {
        const store = await open();
        await store.create('widget', { id: 'taken', name: 'x' });
        expect(codeOf(await failure(() => store.createMany('widget', [{ id: 'n1', name: 'a' }, { id: 'taken', name: 'b' }])))).toBe('UNIQUE_VIOLATION');
        expect(codeOf(await failure(() => store.createMany('widget', [{ id: 'n2', name: 'a' }, { id: 'n2', name: 'b' }])))).toBe('UNIQUE_VIOLATION');
        expect(codeOf(await failure(() => store.createMany('widget', [{ name: 'a', externalId: 'e' }, { name: 'b', externalId: 'e' }])))).toBe('UNIQUE_VIOLATION');
        expect(await findIds(store, { field: 'name', op: 'ne', value: 'zzz' })).toEqual(['taken']);
      });

      it('inserts a large batch', async () => {
        const store = await open();
        const inputs = Array.from({ length: 1500 }, (_, index) => ({ name: `bulk ${index}`, rank: index % 17 }));
        const created = await store.createMany('widget', inputs);
        expect(created.length).toBe(1500);
        expect(await store.count('widget')).toBe(1500);
        expect(await store.count('widget', { where: { field: 'rank', op: 'eq', value: 16 } })).toBe(88);
      });
    });

    // -------------------------------------------------------------------------------------------
    section('where', () => {
      const cases: Array<{ title: string; where: W; expected: string[]; json?: boolean }> = [
        { title: 'eq on a string', where: { field: 'name', op: 'eq', value: 'alpha' }, expected: ['w01'] },
        { title: 'eq on a number', where: { field: 'rank', op: 'eq', value: 2 }, expected: ['w02', 'w04'] },
        { title: 'eq is type-strict', where: { field: 'rank', op: 'eq', value: '2' }, expected: [] },
        { title: 'eq on a boolean', where: { field: 'flag', op: 'eq', value: false }, expected: ['w02', 'w08'] },
        { title: 'eq null matches missing', where: { field: 'flag', op: 'eq', value: null }, expected: ['w03', 'w05', 'w06', 'w07', 'w09', 'w10'] },
        { title: 'eq on the empty string', where: { field: 'name', op: 'eq', value: '' }, expected: ['w09'] },
        { title: 'ne matches missing fields', where: { field: 'category', op: 'ne', value: 'a' }, expected: ['w02', 'w03', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10'] },
        { title: 'ne null matches present fields', where: { field: 'score', op: 'ne', value: null }, expected: ['w01', 'w02', 'w04', 'w07', 'w09', 'w10'] },
        { title: 'in', where: { field: 'category', op: 'in', value: ['a', 'b'] }, expected: ['w01', 'w02', 'w04', 'w09'] },
        { title: 'in with null matches missing', where: { field: 'category', op: 'in', value: ['c', null] }, expected: ['w03', 'w07', 'w08'] },
        { title: 'in with an empty list matches nothing', where: { field: 'category', op: 'in', value: [] }, expected: [] },
        { title: 'notIn matches missing fields', where: { field: 'category', op: 'notIn', value: ['a', 'b', '%', '_', 'a%'] }, expected: ['w03', 'w07', 'w08'] },
        { title: 'notIn with an empty list matches everything', where: { field: 'rank', op: 'notIn', value: [] }, expected: ['w01', 'w02', 'w03', 'w04', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10'] },
        { title: 'lt on numbers never matches missing', where: { field: 'rank', op: 'lt', value: 2 }, expected: ['w01', 'w08', 'w09'] },
        { title: 'lte on numbers', where: { field: 'rank', op: 'lte', value: 2 }, expected: ['w01', 'w02', 'w04', 'w08', 'w09'] },
        { title: 'gt on decimals', where: { field: 'score', op: 'gt', value: 0.1 }, expected: ['w01', 'w07', 'w09'] },
        { title: 'gte on decimals', where: { field: 'score', op: 'gte', value: 0.1 }, expected: ['w01', 'w07', 'w09', 'w10'] },
        { title: 'lt on strings compares code units (binary collation)', where: { field: 'name', op: 'lt', value: 'b' }, expected: ['w01', 'w02', 'w05', 'w06', 'w09', 'w10'] },
        { title: 'gte on strings', where: { field: 'name', op: 'gte', value: 'd' }, expected: ['w03', 'w04', 'w07', 'w08'] },
        { title: 'gte on a timestamp field with a Date', where: { field: 'dueAt', op: 'gte', value: new Date('2024-12-31T00:00:00Z') }, expected: ['w01'] },
        { title: 'lt on a timestamp field with an offset date', where: { field: 'dueAt', op: 'lt', value: new Date('2024-06-01T10:00:01Z') }, expected: ['w04'] },
        { title: 'contains on a string is a case-sensitive substring', where: { field: 'name', op: 'contains', value: 'lph' }, expected: ['w01'] },
        { title: 'contains does not ignore case', where: { field: 'name', op: 'contains', value: 'beta' }, expected: [] },
        { title: 'contains on an array is element membership', where: { field: 'tags', op: 'contains', value: 'red' }, expected: ['w01', 'w02', 'w08'] },
        { title: 'contains treats % literally', where: { field: 'name', op: 'contains', value: '%' }, expected: ['w06', 'w10'] },
        { title: 'contains treats _ literally', where: { field: 'category', op: 'contains', value: '_' }, expected: ['w06'] },
        { title: 'contains treats backslashes and quotes literally', where: { field: 'name', op: 'contains', value: '\\ back\\slash "quoted"' }, expected: ['w06'] },
        { title: 'contains on an array does not match substrings', where: { field: 'tags', op: 'contains', value: 're' }, expected: [] },
        { title: 'contains on an array treats % literally', where: { field: 'tags', op: 'contains', value: 'a%' }, expected: ['w10'] },
        { title: 'startsWith is a case-sensitive prefix', where: { field: 'name', op: 'startsWith', value: 'al' }, expected: ['w01'] },
        { title: 'startsWith treats % and _ literally', where: { field: 'name', op: 'startsWith', value: 'a%b_' }, expected: ['w10'] },
        { title: 'startsWith with a wildcard-looking prefix', where: { field: 'category', op: 'startsWith', value: '%' }, expected: ['w05'] },
        { title: 'startsWith on SQL-looking text', where: { field: 'name', op: 'startsWith', value: "O'Brien'; DROP" }, expected: ['w05'] },
        { title: 'eq on SQL-looking text', where: { field: 'name', op: 'eq', value: "O'Brien'; DROP TABLE widget; --" }, expected: ['w05'] },
        { title: 'isNull true matches missing', where: { field: 'score', op: 'isNull', value: true }, expected: ['w03', 'w05', 'w06', 'w08'] },
        { title: 'isNull false matches present', where: { field: 'dueAt', op: 'isNull', value: false }, expected: ['w01', 'w04'] },
        { title: 'eq on a nested field', where: { field: 'meta.level', op: 'eq', value: 1 }, expected: ['w01'], json: true },
        { title: 'isNull on a nested field matches missing parents', where: { field: 'meta.level', op: 'isNull', value: true }, expected: ['w03', 'w04', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10'], json: true },
        { title: 'ne on a nested field matches missing', where: { field: 'meta.label', op: 'ne', value: 'x' }, expected: ['w02', 'w03', 'w04', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10'], json: true },
        { title: 'gt on a nested field', where: { field: 'meta.level', op: 'gt', value: 1 }, expected: ['w02'], json: true },
        { title: 'eq on a custom field', where: { field: 'customFields.tier', op: 'eq', value: 'gold' }, expected: ['w01', 'w04'], json: true },
        { title: 'a custom field set to null counts as missing', where: { field: 'customFields.tier', op: 'isNull', value: true }, expected: ['w03', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10'], json: true },
        { title: 'gte on a numeric custom field', where: { field: 'customFields.n', op: 'gte', value: 3 }, expected: ['w01', 'w04', 'w09'], json: true },
        { title: 'in on a custom field', where: { field: 'customFields.n', op: 'in', value: [10, 99] }, expected: ['w04'], json: true },
        { title: 'eq on id', where: { field: 'id', op: 'eq', value: 'w03' }, expected: ['w03'] },
        { title: 'in on id', where: { field: 'id', op: 'in', value: ['w09', 'w01', 'zzz'] }, expected: ['w01', 'w09'] },
        { title: 'gt on id', where: { field: 'id', op: 'gt', value: 'w08' }, expected: ['w09', 'w10'] },
        { title: 'eq on version', where: { field: 'version', op: 'eq', value: 1 }, expected: ['w01', 'w02', 'w03', 'w04', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10'] },
        { title: 'and', where: { and: [{ field: 'category', op: 'eq', value: 'a' }, { field: 'rank', op: 'gt', value: 1 }] }, expected: ['w04'] },
        { title: 'or', where: { or: [{ field: 'rank', op: 'gte', value: 5 }, { field: 'score', op: 'lt', value: 0 }] }, expected: ['w02', 'w05', 'w06'] },
        { title: 'not of a range matches missing too', where: { not: { field: 'rank', op: 'gt', value: 1 } }, expected: ['w01', 'w07', 'w08', 'w09', 'w10'] },
        { title: 'not of eq equals ne', where: { not: { field: 'category', op: 'eq', value: 'a' } }, expected: ['w02', 'w03', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10'] },
        { title: 'nested and/or/not', where: { or: [{ and: [{ field: 'flag', op: 'eq', value: true }, { not: { field: 'tags', op: 'contains', value: 'red' } }] }, { and: [{ not: { or: [{ field: 'rank', op: 'isNull', value: true }, { field: 'rank', op: 'lt', value: 3 }] } }, { field: 'category', op: 'isNull', value: false }] }] }, expected: ['w04', 'w05', 'w06'] },
        { title: 'empty and matches everything', where: { and: [] }, expected: ['w01', 'w02', 'w03', 'w04', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10'] },
        { title: 'empty or matches nothing', where: { or: [] }, expected: [] },
        { title: 'unicode eq does not normalise (NFC ≠ NFD)', where: { field: 'name', op: 'startsWith', value: 'émoji' }, expected: ['w07'] },
        { title: 'unicode startsWith with decomposed marks', where: { field: 'name', op: 'startsWith', value: 'e\u0301' }, expected: ['w08'] },
        { title: 'unicode contains with emoji and RTL text', where: { field: 'name', op: 'contains', value: '🎉 עברית' }, expected: ['w07'] },
      ];
      for (const entry of cases) {
        it(`filters with ${entry.title}`, async () => {
          const store = await open();
          if (entry.json === true && !store.capabilities.json) return;
          await seedWidgets(store);
          expect(await findIds(store, entry.where)).toEqual(entry.expected);
          expect(await store.count('widget', { where: entry.where })).toBe(entry.expected.length);
        });
      }

      it('filters on createdAt and updatedAt with Dates', async () => {
        const store = await open();
        const a = await store.create('widget', { name: 'a' });
        const b = await store.create('widget', { name: 'b' });
        await store.update('widget', a.id, { rank: 1 });
        expect(await findIds(store, { field: 'createdAt', op: 'gt', value: a.createdAt })).toEqual([b.id]);
        expect(await findIds(store, { field: 'createdAt', op: 'lte', value: new Date(T0) })).toEqual([a.id]);
        expect(await findIds(store, { field: 'updatedAt', op: 'gt', value: b.updatedAt })).toEqual([a.id]);
        expect(await findIds(store, { field: 'createdAt', op: 'eq', value: b.createdAt })).toEqual([b.id]);
      });

      it('agrees with the reference semantics on a grid of filters', async () => {
        const store = await open();
        await seedWidgets(store);
        const reference = createMemoryStore({ entities: CONFORMANCE_ENTITIES, workspaceId: store.workspaceId, ids: sequentialIds(), clock: steppingClock(T0, 1000) });
        await seedWidgets(reference);
        const fields = store.capabilities.json
          ? ['name', 'rank', 'score', 'flag', 'category', 'tags', 'dueAt', 'meta.level', 'meta.label', 'customFields.tier', 'customFields.n', 'id']
          : ['name', 'rank', 'score', 'flag', 'category', 'tags', 'dueAt', 'id'];
        const values: unknown[] = ['a', 'b', '', 'alpha', 'red', 2, 0, -1, 1.5, true, false, null, '%', '_', 'gold', 3, new Date('2025-01-01T00:00:00Z')];
        for (const field of fields) {
          for (const op of ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'isNull', 'in', 'notIn'] as const) {
            for (const value of values) {
              const where = { field, op, value: op === 'in' || op === 'notIn' ? [value, 'b'] : value } as unknown as W;
              const expected = await settle(() => reference.find('widget', { where, limit: 10_000 }).then((page) => ids(page)));
              if (!expected.ok) continue;
              const actual = await settle(() => store.find('widget', { where, limit: 10_000 }).then((page) => ids(page)));
              expect({ where, result: actual }).toEqual({ where, result: expected });
            }
          }
        }
      }, 120_000);

      it('rejects bad filters with a ValidationError listing every bad condition', async () => {
        const store = await open();
        const error = await failure(() =>
          store.find('widget', {
            where: {
              and: [
                { field: 'name', op: 'eq', value: 'ok' },
                { field: 'rank', op: 'gt', value: true },
                { field: 'rank', op: 'like', value: 'x' },
                { field: 'nope', op: 'eq', value: 1 },
                { field: 'rank', op: 'in', value: [1, {}] },
                { or: [{ field: 'score', op: 'eq', value: Number.NaN }] },
              ],
            } as never,
          }),
        );
        expect(codeOf(error)).toBe('VALIDATION_FAILED');
        expect(issuePaths(error)).toEqual([
          ['where', 'and', 1, 'value'],
          ['where', 'and', 2, 'op'],
          ['where', 'and', 3, 'field'],
          ['where', 'and', 4, 'value', 1],
          ['where', 'and', 5, 'or', 0, 'value'],
        ]);
        expect(codeOf(await failure(() => store.count('widget', { where: { field: 'workspaceId', op: 'eq', value: 'x' } as never })))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.find('widget', { sort: [{ field: 'rank', direction: 'up' as never }] })))).toBe('VALIDATION_FAILED');
      });
    });

    // -------------------------------------------------------------------------------------------
    section('sorting and pagination', () => {
      const sorts: Array<{ title: string; sort: S[]; expected: string[]; json?: boolean }> = [
        { title: 'by id by default', sort: [], expected: ['w01', 'w02', 'w03', 'w04', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10'] },
        { title: 'ascending with missing values first', sort: [{ field: 'score' }], expected: ['w03', 'w05', 'w06', 'w08', 'w02', 'w04', 'w10', 'w01', 'w07', 'w09'] },
        { title: 'descending with missing values last', sort: [{ field: 'score', direction: 'desc' }], expected: ['w09', 'w07', 'w01', 'w10', 'w04', 'w02', 'w03', 'w05', 'w06', 'w08'] },
        { title: 'on strings by code unit', sort: [{ field: 'name' }], expected: ['w09', 'w06', 'w02', 'w05', 'w10', 'w01', 'w04', 'w08', 'w03', 'w07'] },
        { title: 'on several keys with mixed directions, ties broken by id', sort: [{ field: 'category' }, { field: 'rank', direction: 'desc' }], expected: ['w03', 'w07', 'w05', 'w06', 'w04', 'w01', 'w10', 'w02', 'w09', 'w08'] },
        { title: 'on booleans', sort: [{ field: 'flag', direction: 'desc' }, { field: 'id', direction: 'desc' }], expected: ['w04', 'w01', 'w08', 'w02', 'w10', 'w09', 'w07', 'w06', 'w05', 'w03'] },
        { title: 'on a nested field', sort: [{ field: 'meta.level', direction: 'desc' }], expected: ['w02', 'w01', 'w03', 'w04', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10'], json: true },
        { title: 'on a timestamp field', sort: [{ field: 'dueAt' }], expected: ['w02', 'w03', 'w05', 'w06', 'w07', 'w08', 'w09', 'w10', 'w04', 'w01'] },
      ];
      for (const entry of sorts) {
        it(`sorts ${entry.title}, and pages through it identically`, async () => {
          const store = await open();
          if (entry.json === true && !store.capabilities.json) return;
          await seedWidgets(store);
          expect(ids(await store.find('widget', { sort: entry.sort }))).toEqual(entry.expected);
          for (const limit of [1, 3, 4]) {
            const walked: string[] = [];
            let cursor: string | null = null;
            for (let guard = 0; guard < 20; guard++) {
              const page: Page<{ id: string }> = await store.find('widget', { sort: entry.sort, limit, cursor });
              expect(page.items.length <= limit).toBe(true);
              walked.push(...ids(page));
              cursor = page.nextCursor;
              if (cursor === null) break;
            }
            expect(walked).toEqual(entry.expected);
          }
        });
      }

      it('sorts by createdAt and pages with a filter', async () => {
        const store = await open();
        const created = await store.createMany('widget', Array.from({ length: 12 }, (_, index) => ({ name: `n${index % 3}`, rank: index % 4, createdAt: new Date(Date.UTC(2025, 0, 1 + (index % 5))) })));
        const options: FindOptions<WidgetRecord> = { where: { field: 'rank', op: 'ne', value: 0 }, sort: [{ field: 'createdAt', direction: 'desc' }, { field: 'name' }] };
        const all = ids(await store.find('widget', options));
        expect(all.length).toBe(created.filter((record) => record.rank !== 0).length);
        const walked: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Page<{ id: string }> = await store.find('widget', { ...options, limit: 2, cursor });
          walked.push(...ids(page));
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(walked).toEqual(all);
      });

      it('walks pages without duplicates or gaps while records are inserted between fetches', async () => {
        const store = await open();
        await store.createMany('widget', Array.from({ length: 40 }, (_, index) => ({ name: `r${index}`, rank: index % 7 })));
        const original = new Set(ids(await store.find('widget', { limit: 10_000 })));
        const sort: S[] = [{ field: 'rank', direction: 'desc' }, { field: 'name' }];
        const walked: string[] = [];
        let cursor: string | null = null;
        let extra = 0;
        do {
          const page: Page<{ id: string }> = await store.find('widget', { sort, limit: 6, cursor });
          walked.push(...ids(page));
          cursor = page.nextCursor;
          await store.create('widget', { name: `late${extra}`, rank: extra % 9 });
          extra += 1;
        } while (cursor !== null);
        expect(new Set(walked).size).toBe(walked.length);
        for (const id of original) expect(walked.includes(id)).toBe(true);
        const final = ids(await store.find('widget', { sort, limit: 10_000 }));
        const positions = walked.map((id) => final.indexOf(id));
        expect(positions.every((position, index) => index === 0 || position > (positions[index - 1] as number))).toBe(true);
      });

      it('honours limit and reports the last page with a null cursor', async () => {
        const store = await open();
        await seedWidgets(store);
        const first = await store.find('widget', { limit: 4 });
        expect(ids(first)).toEqual(['w01', 'w02', 'w03', 'w04']);
        expect(typeof first.nextCursor).toBe('string');
        const exact = await store.find('widget', { limit: 10 });
        expect(exact.items.length).toBe(10);
        expect(exact.nextCursor).toBe(null);
        const empty = await store.find('widget', { where: { field: 'name', op: 'eq', value: 'none' } });
        expect(empty).toEqual({ items: [], nextCursor: null });
        expect(codeOf(await failure(() => store.find('widget', { limit: 0 })))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.find('widget', { limit: 10_001 })))).toBe('VALIDATION_FAILED');
      });

      it('rejects malformed cursors and cursors made for another sort', async () => {
        const store = await open();
        await seedWidgets(store);
        const page = await store.find('widget', { sort: [{ field: 'rank' }], limit: 2 });
        expect(codeOf(await failure(() => store.find('widget', { cursor: 'not a cursor' })))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.find('widget', { sort: [{ field: 'name' }], cursor: page.nextCursor })))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.find('contact', { sort: [{ field: 'rank' } as never], cursor: page.nextCursor })))).toBe('VALIDATION_FAILED');
      });

      it('counts all records or only matching ones', async () => {
        const store = await open();
        expect(await store.count('widget')).toBe(0);
        await seedWidgets(store);
        expect(await store.count('widget')).toBe(10);
        expect(await store.count('widget', { where: { field: 'tags', op: 'contains', value: 'blue' } })).toBe(2);
        expect(await store.count('contact')).toBe(0);
      });
    });

    // -------------------------------------------------------------------------------------------
    section('streaming', () => {
      it('streams many records in small batches, in order', async () => {
        const store = await open();
        await store.createMany('widget', Array.from({ length: 257 }, (_, index) => ({ name: `s${index}`, rank: index % 10 })));
        const streamed = await collect(store.stream('widget', { batchSize: 7 }));
        expect(streamed.length).toBe(257);
        expect(ids(streamed)).toEqual(ids(await store.find('widget', { limit: 10_000 })));
        const sort: S[] = [{ field: 'rank', direction: 'desc' }, { field: 'name' }];
        const where: W = { field: 'rank', op: 'gte', value: 5 };
        const filtered = await collect(store.stream('widget', { where, sort, batchSize: 10 }));
        expect(ids(filtered)).toEqual(ids(await store.find('widget', { where, sort, limit: 10_000 })));
        expect(filtered.length).toBe(127);
        expect(filtered[0]?.createdAt instanceof Date).toBe(true);
      });

      it('streams nothing from an empty result and exactly one batch size', async () => {
        const store = await open();
        expect(await collect(store.stream('widget'))).toEqual([]);
        await store.createMany('widget', Array.from({ length: 10 }, (_, index) => ({ name: `e${index}` })));
        expect((await collect(store.stream('widget', { batchSize: 5 }))).length).toBe(10);
        expect((await collect(store.stream('widget', { batchSize: 10 }))).length).toBe(10);
      });
    });

    // -------------------------------------------------------------------------------------------
    section('transactions', () => {
      it('commits everything the function wrote and returns its result', async () => {
        const store = await open();
        const result = await store.transaction(async (tx) => {
          const a = await tx.create('widget', { name: 'a' });
          await tx.update('widget', a.id, { rank: 1 });
          await tx.append([{ entity: 'widget', entityId: a.id, kind: 'created' }]);
          return a.id;
        });
        expect((await store.get('widget', result))?.version).toBe(2);
        expect((await store.readLog()).length).toBe(1);
        if (options.raw !== undefined) expect((await rawRow('widget', store.workspaceId, result)) !== null).toBe(true);
      });

      it('rolls back every write and log entry when the function throws, and rethrows', async () => {
        const store = await open();
        if (!store.capabilities.transactions) return;
        const kept = await store.create('widget', { name: 'kept', rank: 1 });
        const doomed = await store.create('widget', { name: 'doomed' });
        await store.append([{ entity: 'widget', entityId: kept.id, kind: 'before' }]);
        const boom = new Error('boom');
        let createdId = '';
        const error = await failure(() =>
          store.transaction(async (tx) => {
            createdId = (await tx.create('widget', { name: 'new' })).id;
            await tx.createMany('widget', [{ name: 'm1' }, { name: 'm2' }]);
            await tx.update('widget', kept.id, { rank: 99 });
            await tx.delete('widget', doomed.id);
            await tx.append([{ entity: 'widget', entityId: kept.id, kind: 'inside' }]);
            throw boom;
          }),
        );
        expect(error).toBe(boom);
        expect(await store.get('widget', createdId)).toBe(null);
        expect(await store.get('widget', kept.id)).toEqual(kept);
        expect(await store.get('widget', doomed.id)).toEqual(doomed);
        expect(await store.count('widget')).toBe(2);
        expect((await store.readLog()).map((entry) => entry.kind)).toEqual(['before']);
        if (options.raw !== undefined) expect(await rawRow('widget', store.workspaceId, createdId)).toBe(null);
        const after = await store.append([{ entity: 'widget', entityId: kept.id, kind: 'after' }]);
        const log = await store.readLog();
        expect(log.map((entry) => entry.kind)).toEqual(['before', 'after']);
        expect((after[0]?.seq ?? 0) > (log[0]?.seq ?? 0)).toBe(true);
      });

      it('rolls back when a store error escapes the function', async () => {
        const store = await open();
        if (!store.capabilities.transactions) return;
        await store.create('widget', { id: 'x', name: 'x' });
        const error = await failure(() =>
          store.transaction(async (tx) => {
            await tx.create('widget', { id: 'y', name: 'y' });
            await tx.create('widget', { id: 'x', name: 'dup' });
          }),
        );
        expect(codeOf(error)).toBe('UNIQUE_VIOLATION');
        expect(await store.get('widget', 'y')).toBe(null);
      });

      it('lets reads inside a transaction see its own writes', async () => {
        const store = await open();
        await store.create('widget', { id: 'base', name: 'base', rank: 1 });
        await store.transaction(async (tx) => {
          await tx.create('widget', { id: 'inner', name: 'inner', rank: 2 });
          await tx.update('widget', 'base', { rank: 5 });
          expect((await tx.get('widget', 'inner'))?.name).toBe('inner');
          expect(await tx.count('widget')).toBe(2);
          expect(ids(await tx.find('widget', { sort: [{ field: 'rank', direction: 'desc' }] }))).toEqual(['base', 'inner']);
          await tx.delete('widget', 'inner');
          expect(await tx.get('widget', 'inner')).toBe(null);
          expect(ids(await collect(tx.stream('widget', { batchSize: 1 })))).toEqual(['base']);
          await tx.append([{ entity: 'widget', entityId: 'base', kind: 'k' }]);
          expect((await tx.readLog()).length).toBe(1);
        });
        expect((await store.get('widget', 'base'))?.rank).toBe(5);
      });

      it('joins nested transactions into the outer one', async () => {
        const store = await open();
        await store.transaction(async (tx) => {
          await tx.create('widget', { id: 'outer', name: 'o' });
          await tx.transaction(async (inner) => {
            await inner.create('widget', { id: 'inner', name: 'i' });
            expect((await inner.get('widget', 'outer'))?.name).toBe('o');
          });
        });
        expect(await store.count('widget')).toBe(2);
        if (!store.capabilities.transactions) return;
        await failure(() =>
          store.transaction(async (tx) => {
            await tx.transaction(async (inner) => {
              await inner.create('widget', { id: 'gone', name: 'g' });
            });
            throw new Error('outer fails');
          }),
        );
        expect(await store.get('widget', 'gone')).toBe(null);
      });

      it('keeps concurrent read-modify-write transactions consistent', async () => {
        const store = await open();
        if (!store.capabilities.transactions) return;
        await store.create('widget', { id: 'counter', name: 'c', rank: 0 });
        const results = await Promise.all(
          Array.from({ length: 8 }, () =>
            settle(() =>
              store.transaction(async (tx) => {
                const current = await tx.require('widget', 'counter');
                await tx.update('widget', 'counter', { rank: (current.rank ?? 0) + 1 }, { expectedVersion: current.version });
              }),
            ),
          ),
        );
        for (const result of results) if (!result.ok) expect(result.code).toBe('VERSION_CONFLICT');
        const succeeded = results.filter((result) => result.ok).length;
        expect(succeeded >= 1).toBe(true);
        const counter = await store.require('widget', 'counter');
        expect(counter.rank).toBe(succeeded);
        expect(counter.version).toBe(succeeded + 1);
      });

      it('keeps concurrent plain updates of different records independent', async () => {
        const store = await open();
        const created = await store.createMany('widget', Array.from({ length: 10 }, (_, index) => ({ name: `c${index}`, rank: 0 })));
        await Promise.all(created.map((record, index) => store.update('widget', record.id, { rank: index + 1 })));
        const ranks = (await store.find('widget')).items.map((record) => record.rank);
        expect(ranks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      });
    });

    // -------------------------------------------------------------------------------------------
    section('tenant isolation', () => {
      it('never lets one workspace see or change the records of another', async () => {
        const a = await open();
        const b = await open();
        const secret = await a.create('widget', { id: 'shared-id', name: 'secret', externalId: 'ext' });
        await a.append([{ entity: 'widget', entityId: secret.id, kind: 'made' }]);
        expect(await b.get('widget', secret.id)).toBe(null);
        expect((await b.find('widget')).items).toEqual([]);
        expect(await b.count('widget')).toBe(0);
        expect(await b.count('widget', { where: { field: 'id', op: 'eq', value: secret.id } })).toBe(0);
        expect(await collect(b.stream('widget'))).toEqual([]);
        expect(await b.readLog()).toEqual([]);
        expect(await collect(b.streamLog())).toEqual([]);
        expect(codeOf(await failure(() => b.update('widget', secret.id, { name: 'stolen' })))).toBe('NOT_FOUND');
        expect(await b.delete('widget', secret.id)).toBe(false);
        expect(await a.get('widget', secret.id)).toEqual(secret);
        if (options.raw !== undefined) expect(await rawRow('widget', b.workspaceId, secret.id)).toBe(null);
      });

      it('allows the same id and external id in two workspaces', async () => {
        const a = await open();
        const b = await open();
        const inA = await a.create('widget', { id: 'same', name: 'in a', externalId: 'ext' });
        const inB = await b.create('widget', { id: 'same', name: 'in b', externalId: 'ext' });
        await b.createMany('widget', [{ id: 'many', name: 'b' }]);
        await a.createMany('widget', [{ id: 'many', name: 'a' }]);
        expect(inB.workspaceId).toBe(b.workspaceId);
        await b.update('widget', 'same', { rank: 2 });
        expect(await a.get('widget', 'same')).toEqual(inA);
        expect((await b.get('widget', 'same'))?.rank).toBe(2);
        await a.delete('widget', 'same');
        expect((await b.get('widget', 'same'))?.name).toBe('in b');
        expect(await a.count('widget')).toBe(1);
        expect(await b.count('widget')).toBe(2);
      });

      it('numbers each workspace log on its own and keeps transactions apart', async () => {
        const a = await open();
        const b = await open();
        await a.append([{ entity: 'widget', entityId: '1', kind: 'a1' }]);
        await b.append([{ entity: 'widget', entityId: '1', kind: 'b1' }]);
        await a.append([{ entity: 'widget', entityId: '1', kind: 'a2' }]);
        expect((await a.readLog()).map((entry) => entry.kind)).toEqual(['a1', 'a2']);
        expect((await b.readLog()).map((entry) => entry.kind)).toEqual(['b1']);
        await a.transaction(async (tx) => {
          await tx.create('widget', { id: 't', name: 'ta' });
        });
        expect(await b.get('widget', 't')).toBe(null);
      });
    });

    // -------------------------------------------------------------------------------------------
    section('log', () => {
      it('appends entries with increasing seq, clock time, null actor and empty data by default', async () => {
        const store = await open();
        const appended = await store.append([
          { entity: 'deal', entityId: 'd1', kind: 'transition', actor: 'owner_1', data: { from: 'a', to: 'b', n: 1.5, ok: true, none: null, list: [1, 'x'], nested: { k: 'v' } } },
          { entity: 'deal', entityId: 'd1', kind: 'note', at: new Date('2024-05-05T05:05:05.005Z') },
        ]);
        expect(appended.length).toBe(2);
        const [first, second] = appended as [LogEntry, LogEntry];
        expect(second.seq > first.seq).toBe(true);
        expect(first.at).toEqual(new Date(T0));
        expect(first.workspaceId).toBe(store.workspaceId);
        expect(second.at).toEqual(new Date('2024-05-05T05:05:05.005Z'));
        expect(second.actor).toBe(null);
        expect(second.data).toEqual({});
        expect(await store.readLog()).toEqual(appended);
        expect(await store.append([])).toEqual([]);
      });

      it('reads the log in seq order with every filter', async () => {
        const store = await open();
        const at = (minute: number): Date => new Date(Date.UTC(2025, 0, 1, 0, minute));
        const appended = await store.append([
          { entity: 'deal', entityId: 'd1', kind: 'transition', at: at(5) },
          { entity: 'deal', entityId: 'd2', kind: 'note', at: at(1) },
          { entity: 'contact', entityId: 'd1', kind: 'transition', at: at(3) },
          { entity: 'deal', entityId: 'd1', kind: 'activity', at: at(4) },
        ]);
        await store.append([{ entity: 'deal', entityId: 'd1', kind: 'note', at: at(2) }]);
        const kinds = (entries: LogEntry[]): string[] => entries.map((entry) => `${entry.entity}/${entry.entityId}/${entry.kind}`);
        const all = await store.readLog();
        expect(kinds(all)).toEqual(['deal/d1/transition', 'deal/d2/note', 'contact/d1/transition', 'deal/d1/activity', 'deal/d1/note']);
        expect(all.every((entry, index) => index === 0 || entry.seq > (all[index - 1] as LogEntry).seq)).toBe(true);
        expect(kinds(await store.readLog({ entity: 'deal' }))).toEqual(['deal/d1/transition', 'deal/d2/note', 'deal/d1/activity', 'deal/d1/note']);
        expect(kinds(await store.readLog({ entity: 'deal', entityId: 'd1' }))).toEqual(['deal/d1/transition', 'deal/d1/activity', 'deal/d1/note']);
        expect(kinds(await store.readLog({ kinds: ['note', 'activity'] }))).toEqual(['deal/d2/note', 'deal/d1/activity', 'deal/d1/note']);
        expect(kinds(await store.readLog({ from: at(3), to: at(5) }))).toEqual(['contact/d1/transition', 'deal/d1/activity']);
        expect(kinds(await store.readLog({ afterSeq: (appended[1] as LogEntry).seq }))).toEqual(['contact/d1/transition', 'deal/d1/activity', 'deal/d1/note']);
        expect(kinds(await store.readLog({ limit: 2 }))).toEqual(['deal/d1/transition', 'deal/d2/note']);
        expect(kinds(await store.readLog({ entity: 'deal', kinds: ['note'], limit: 1, afterSeq: (appended[0] as LogEntry).seq }))).toEqual(['deal/d2/note']);
        expect(await store.readLog({ kinds: [] })).toEqual([]);
      });

      it('streams the log in batches', async () => {
        const store = await open();
        for (let batch = 0; batch < 5; batch++) {
          await store.append(Array.from({ length: 20 }, (_, index) => ({ entity: 'deal', entityId: `d${index % 3}`, kind: index % 2 === 0 ? 'even' : 'odd', data: { batch, index } })));
        }
        const all = await collect(store.streamLog({ batchSize: 7 }));
        expect(all.length).toBe(100);
        expect(all).toEqual(await store.readLog());
        const odd = await collect(store.streamLog({ kinds: ['odd'], entity: 'deal', entityId: 'd1', batchSize: 3 }));
        expect(odd).toEqual(await store.readLog({ kinds: ['odd'], entity: 'deal', entityId: 'd1' }));
        expect((await collect(store.streamLog({ batchSize: 4, limit: 10 }))).length).toBe(10);
      });

      it('rejects invalid entries, appending none of them', async () => {
        const store = await open();
        const error = await failure(() =>
          store.append([
            { entity: 'deal', entityId: 'd1', kind: 'ok' },
            { entity: '', entityId: 'd1', kind: 'x' },
            { entity: 'deal', entityId: 'd1', kind: 'x', data: { when: new Date() } as never },
            { entity: 'deal', entityId: 'd1', kind: 'x', data: { n: Number.POSITIVE_INFINITY } },
          ]),
        );
        expect(codeOf(error)).toBe('VALIDATION_FAILED');
        expect(issuePaths(error)).toEqual([[1, 'entity'], [2, 'data', 'when'], [3, 'data', 'n']]);
        expect(await store.readLog()).toEqual([]);
        expect(codeOf(await failure(() => store.readLog({ entityId: 'd1' })))).toBe('VALIDATION_FAILED');
      });
    });

    // -------------------------------------------------------------------------------------------
    section('values', () => {
      it('round-trips unicode exactly: emoji, RTL, combining marks, astral characters', async () => {
        const store = await open();
        const names = ['👩🏽‍💻 + 🏳️‍🌈', 'مرحبا بالعالم', 'שלום', 'e\u0301\u0302\u0303', 'é', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', '𝒳𝓎𝓏 \u{10FFFF}', '\u200B\u200D\uFEFF', 'tab\tnew\nline\r', '日本語テキスト'];
        const created = await store.createMany('widget', names.map((name, index) => ({ id: `u${index}`, name, tags: [name], customFields: { text: name } })));
        for (const [index, name] of names.entries()) {
          const read = await store.get('widget', `u${index}`);
          expect(read?.name).toBe(name);
          expect(read).toEqual(created[index]);
          expect(await findIds(store, { field: 'name', op: 'eq', value: name })).toEqual([`u${index}`]);
          expect(await findIds(store, { field: 'tags', op: 'contains', value: name })).toEqual([`u${index}`]);
        }
        expect(await findIds(store, { field: 'name', op: 'eq', value: 'e\u0301' })).toEqual([]);
      });

      it('round-trips 100 KB strings', async () => {
        const store = await open();
        const big = 'ab🎉\'"\\%_'.repeat(12_000).slice(0, 100_000);
        const created = await store.create('widget', { name: big, notes: big + big, customFields: { long: big.slice(0, 10_000) } });
        const read = await store.get('widget', created.id);
        expect(read?.name.length).toBe(big.length);
        expect(read?.name === big).toBe(true);
        expect(read?.notes === big + big).toBe(true);
        expect(await findIds(store, { field: 'name', op: 'eq', value: big })).toEqual([created.id]);
        expect(await findIds(store, { field: 'name', op: 'startsWith', value: big.slice(0, 5000) })).toEqual([created.id]);
        const contact = await store.create('contact', { firstName: 'Long', notes: 'x'.repeat(100_000) });
        expect((await store.get('contact', contact.id))?.notes?.length).toBe(100_000);
      });

      it('stores SQL-looking strings verbatim', async () => {
        const store = await open();
        const nasty = ["'; DROP TABLE widget; --", '%', '_', '\\', '\\\\%', "''", '"', '`x`', '$1', '?', ':name', '/* c */', 'NULL', 'null', '%_%'];
        for (const [index, name] of nasty.entries()) await store.create('widget', { id: `n${index}`, name, category: name, customFields: { v: name } });
        for (const [index, name] of nasty.entries()) {
          expect((await store.get('widget', `n${index}`))?.name).toBe(name);
          expect(await findIds(store, { field: 'name', op: 'eq', value: name })).toEqual([`n${index}`]);
          const starting = nasty.map((other, j) => [other, j] as const).filter(([other]) => other.startsWith(name)).map(([, j]) => `n${j}`).sort();
          expect((await findIds(store, { field: 'category', op: 'startsWith', value: name })).sort()).toEqual(starting);
          const containing = nasty.map((other, j) => [other, j] as const).filter(([other]) => other.includes(name)).map(([, j]) => `n${j}`).sort();
          expect((await findIds(store, { field: 'name', op: 'contains', value: name })).sort()).toEqual(containing);
        }
        expect(await store.count('widget')).toBe(nasty.length);
      });

      it('keeps numbers exact: negative, fractional, large and zero', async () => {
        const store = await open();
        const numbers = [0, -0.5, 1e-7, 123456789.125, -(2 ** 53) + 1, 2 ** 53 - 1, 1e21];
        for (const [index, score] of numbers.entries()) await store.create('widget', { id: `k${index}`, name: 'n', score });
        for (const [index, score] of numbers.entries()) expect((await store.get('widget', `k${index}`))?.score).toBe(score);
        expect(ids(await store.find('widget', { sort: [{ field: 'score' }] }))).toEqual(['k4', 'k1', 'k0', 'k2', 'k3', 'k5', 'k6']);
      });
    });

    // -------------------------------------------------------------------------------------------
    section('bad input', () => {
      it('rejects unknown fields, wrong types and bad ids with a ValidationError naming the paths', async () => {
        const store = await open();
        const unknown = await failure(() => store.create('widget', { name: 'x', colour: 'red' } as never));
        expect(codeOf(unknown)).toBe('VALIDATION_FAILED');
        const wrong = await failure(() => store.create('widget', { name: 5, rank: 1.5, meta: { level: 'x' } } as never));
        expect(codeOf(wrong)).toBe('VALIDATION_FAILED');
        expect(issuePaths(wrong)).toEqual([['name'], ['rank'], ['meta', 'level']]);
        expect(codeOf(await failure(() => store.create('widget', { name: 'x', id: '' })))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.create('widget', { name: 'x', createdAt: 'yesterday' })))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.create('widget', { name: 'x', version: 3 } as never)))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.create('widget', { name: 'x', flag: true })))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.create('contact', { emails: [{ address: 'not-an-email' }] })))).toBe('VALIDATION_FAILED');
        expect(codeOf(await failure(() => store.create('widget', null as never)))).toBe('VALIDATION_FAILED');
        expect(await store.count('widget')).toBe(0);
      });

      it('rejects unknown entities with a ValidationError on every method', async () => {
        const store = (await open()) as unknown as Store;
        const calls: Array<() => Promise<unknown>> = [
          () => store.create('nope', {}),
          () => store.createMany('nope', [{}]),
          () => store.get('nope', 'x'),
          () => store.find('nope'),
          () => store.count('nope'),
          () => store.update('nope', 'x', {}),
          () => store.delete('nope', 'x'),
          () => collect(store.stream('nope')),
        ];
        for (const call of calls) expect(codeOf(await failure(call))).toBe('VALIDATION_FAILED');
      });
    });

    // -------------------------------------------------------------------------------------------
    section('model-based', () => {
      registerModelTests({ it, expect, open, numRuns });
    });
  });
}
