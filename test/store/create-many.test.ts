/**
 * `createMany` checks a batch phase by phase — every validation issue, then the first duplicate
 * id, then the first value that is not JSON, then the first duplicate external id — whether it
 * hands the driver one array or chunks (`INSERT_CHUNKS`), and skips the duplicate-id check among
 * ids from a generator that never repeats itself until an input brings its own id. These tests
 * check that all of these ways give the same records and the same errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UniqueViolationError, ValidationError } from '../../src/errors';
import { defineEntity, fixedClock, type IdGenerator, sequentialIds } from '../../src/model';
import { CRM_ENTITIES } from '../../src/model/registry';
import { createMemoryDriver, createStore } from '../../src/store';
import { INSERT_CHUNKS, type InsertChunks, SYNC_SESSION } from '../../src/store/internal';
import type { StoredRow, StoreDriver } from '../../src/store/types';

/** A custom entity whose `blob` may hold values that are not JSON (caught when the row is made). */
const Thing = defineEntity('thing', {
  name: z.string().min(1).optional(),
  blob: z.custom<unknown>(() => true).optional(),
  externalId: z.string().optional(),
});
const entities = { ...CRM_ENTITIES, thing: Thing };

type Mode = { readonly chunks: readonly number[] | null; readonly ids: 'never-repeating' | 'unknown' };

/**
 * A driver that keeps the rows it is handed without checking them (so that only the store's own
 * checks can fail a batch), inserting in chunks of the given sizes when there are any.
 */
function recordingDriver(sizes: readonly number[] | null): { driver: StoreDriver; rows: StoredRow[]; chunks: number[] } {
  const memory = createMemoryDriver({ workspaceId: 'ws' });
  const driver = Object.create(memory) as StoreDriver & Record<symbol, unknown>;
  const rows: StoredRow[] = [];
  const chunks: number[] = [];
  driver[SYNC_SESSION] = undefined;
  driver.insert = async (_entity, batch) => {
    rows.push(...batch);
  };
  if (sizes !== null) {
    const insertChunks: InsertChunks = async (_entity, total, next) => {
      const batch: StoredRow[] = [];
      for (let i = 0; ; i++) {
        const chunk = next(sizes[i % sizes.length] as number);
        if (chunk === undefined) break;
        chunks.push(chunk.length);
        batch.push(...chunk);
        await Promise.resolve();
      }
      expect(batch).toHaveLength(total);
      rows.push(...batch);
    };
    driver[INSERT_CHUNKS] = insertChunks;
  }
  return { driver, rows, chunks };
}

/** What `createMany` answered in one mode: the records and rows, or the error. */
async function outcome(entity: string, inputs: unknown[], mode: Mode): Promise<unknown> {
  const made = sequentialIds();
  const ids: IdGenerator = mode.ids === 'never-repeating' ? made : { next: (name) => made.next(name) };
  const { driver, rows } = recordingDriver(mode.chunks);
  const store = createStore({ driver, entities, ids, clock: fixedClock('2025-01-01T00:00:00Z') }) as unknown as {
    createMany(entity: string, inputs: unknown[]): Promise<unknown>;
  };
  try {
    return { records: await store.createMany(entity, inputs), rows };
  } catch (error) {
    if (!(error instanceof ValidationError || error instanceof UniqueViolationError)) throw error;
    return { error: error.constructor.name, message: error.message, issues: (error as ValidationError).issues };
  }
}

const modes: Mode[] = [
  { chunks: null, ids: 'unknown' },
  { chunks: null, ids: 'never-repeating' },
  { chunks: [1], ids: 'never-repeating' },
  { chunks: [2, 3], ids: 'never-repeating' },
  { chunks: [3], ids: 'unknown' },
];

/** Contacts: valid ones, invalid ones, given ids (some equal to generated ones), repeated external ids. */
const contact = fc.record(
  {
    firstName: fc.constantFrom('Ada', 'Grace', '', 42),
    id: fc.constantFrom('contact_000001', 'contact_000003', 'mine', ' mine ', ''),
    externalId: fc.constantFrom('e1', 'e2', 'e3'),
  },
  { requiredKeys: ['firstName'] },
);

/** Things: values that are or are not JSON, given ids, repeated external ids. */
const thing = fc.record(
  {
    name: fc.constantFrom('a', 'b', ''),
    blob: fc.constantFrom(1, 'x', [1, { a: true }], Number.NaN, new Map(), [undefined], { when: new Date(0) }),
    id: fc.constantFrom('thing_000002', 'mine'),
    externalId: fc.constantFrom('e1', 'e2'),
  },
  { requiredKeys: [] },
);

describe('createMany', () => {
  it('gives the same records and errors in one array or in chunks, with or without a never-repeating id generator', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.constant('contact'), fc.array(contact, { minLength: 1, maxLength: 8 })),
          fc.tuple(fc.constant('thing'), fc.array(thing, { minLength: 1, maxLength: 8 })),
        ),
        async ([entity, inputs]) => {
          const [reference, ...others] = await Promise.all(modes.map((mode) => outcome(entity, inputs, mode)));
          for (const other of others) expect(other).toEqual(reference);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('finds a given id equal to an id generated in an earlier chunk', async () => {
    const inputs = [{ firstName: 'A' }, { firstName: 'B' }, { firstName: 'C' }, { firstName: 'D', id: 'contact_000002' }];
    for (const mode of modes) {
      expect(await outcome('contact', inputs, mode)).toEqual({
        error: 'UniqueViolationError',
        message: 'contact: id "contact_000002" already exists',
        issues: undefined,
      });
    }
  });

  it('reports every invalid input before a duplicate id, and a duplicate id before a duplicate external id', async () => {
    const invalid = [{ firstName: 'A', id: 'x', externalId: 'e' }, { firstName: 'B', id: 'x', externalId: 'e' }, { firstName: '' }];
    const duplicates = invalid.slice(0, 2);
    for (const mode of modes) {
      expect(await outcome('contact', invalid, mode)).toMatchObject({ error: 'ValidationError', issues: [{ path: [2, 'firstName'] }] });
      expect(await outcome('contact', duplicates, mode)).toMatchObject({ error: 'UniqueViolationError', message: 'contact: id "x" already exists' });
    }
  });

  it('asks a chunking driver for rows chunk by chunk', async () => {
    const { driver, chunks } = recordingDriver([2]);
    const store = createStore({ driver, ids: sequentialIds(), clock: fixedClock('2025-01-01T00:00:00Z') });
    const created = await store.createMany('contact', [{ firstName: 'A' }, { firstName: 'B' }, { firstName: 'C' }]);
    expect(created.map((record) => record.id)).toEqual(['contact_000001', 'contact_000002', 'contact_000003']);
    expect(chunks).toEqual([2, 1]);
  });
});
