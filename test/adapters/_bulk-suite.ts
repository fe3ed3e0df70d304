/**
 * Store-level checks of `createMany` on the SQL drivers' chunked path (validation of chunk n+1
 * overlapping the insert of chunk n): the outcome must be exactly that of validating everything
 * first — same records, same error, nothing left behind.
 */
import { expect, it } from 'vitest';
import { UniqueViolationError, ValidationError } from '../../src/errors';
import { fixedClock, sequentialIds } from '../../src/model';
import { createStore } from '../../src/store/create-store';
import type { StoreDriver } from '../../src/store/types';
import { freshWorkspace } from './_driver-suite';

const N = 4_500; // several chunks on every SQL adapter

function inputs(n: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({ firstName: `P${i}`, emails: [{ address: `p${i}@example.com` }], externalId: `e${i}` }));
}

async function failure(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/**
 * Registers the chunked-createMany checks for a SQL driver factory.
 *
 * @param make - builds a driver for a workspace on migrated tables
 */
export function bulkCreateSuite(make: (workspaceId: string) => StoreDriver): void {
  const store = () => createStore({ driver: make(freshWorkspace()), ids: sequentialIds(), clock: fixedClock('2025-01-01T00:00:00Z') });

  it('creates a multi-chunk batch with the same records a sequential createMany returns', async () => {
    const s = store();
    const created = await s.createMany('contact', inputs(N) as never);
    expect(created).toHaveLength(N);
    expect(created[N - 1]?.id).toBe(`contact_${String(N).padStart(6, '0')}`);
    expect(await s.count('contact')).toBe(N);
    expect(await s.require('contact', created[3_333]?.id as string)).toEqual(created[3_333]);
  });

  it('rolls back every inserted chunk when an input of a late chunk is invalid, listing every issue', async () => {
    const s = store();
    const batch = inputs(N);
    batch[N - 10] = { firstName: 42 };
    batch[N - 1] = { emails: 'nope' };
    const error = await failure(() => s.createMany('contact', batch as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path[0])).toEqual([N - 10, N - 1]);
    expect(await s.count('contact')).toBe(0);
  });

  it('reports an invalid input before a duplicate id found earlier, and rolls back', async () => {
    const s = store();
    const batch = inputs(N);
    batch[10] = { ...batch[10], id: 'dup' };
    batch[11] = { ...batch[11], id: 'dup' };
    batch[N - 1] = { firstName: '' };
    expect(await failure(() => s.createMany('contact', batch as never))).toBeInstanceOf(ValidationError);
    batch[N - 1] = { firstName: 'ok' };
    const dup = await failure(() => s.createMany('contact', batch as never));
    expect(dup).toBeInstanceOf(UniqueViolationError);
    expect((dup as UniqueViolationError).field).toBe('id');
    expect(await s.count('contact')).toBe(0);
  });

  it('rolls back a multi-chunk batch whose late external id is already stored', async () => {
    const s = store();
    await s.create('contact', { firstName: 'Taken', externalId: `e${N - 5}` });
    const error = await failure(() => s.createMany('contact', inputs(N) as never));
    expect(error).toBeInstanceOf(UniqueViolationError);
    expect((error as UniqueViolationError).field).toBe('externalId');
    expect(await s.count('contact')).toBe(1);
  });

  it('undoes a multi-chunk batch with its transaction and keeps it inside a committed one', async () => {
    const s = store();
    await expect(
      s.transaction(async (tx) => {
        await tx.createMany('contact', inputs(N) as never);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await s.count('contact')).toBe(0);
    await s.transaction(async (tx) => {
      const batch = inputs(N);
      batch[N - 2] = { ...batch[N - 2], externalId: 'e0' };
      expect(await failure(() => tx.createMany('contact', batch as never))).toBeInstanceOf(UniqueViolationError);
      await tx.createMany('contact', inputs(N) as never);
    });
    expect(await s.count('contact')).toBe(N);
  });
}
