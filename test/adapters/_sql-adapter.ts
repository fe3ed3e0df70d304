/**
 * What every SQL adapter test file registers: the conformance suite, the chunked-createMany
 * checks, the driver-level checks, idempotent migrations and a rolled-back `createMany`; plus
 * dropping an adapter's tables afterwards.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { SqlStoreDriver } from '../../src/adapters/sql/driver';
import { ConflictError, ValidationError } from '../../src/errors';
import { createStore } from '../../src/store/create-store';
import { bulkCreateSuite } from './_bulk-suite';
import { sqlConformance } from './_conformance';
import { driverSuite, freshWorkspace } from './_driver-suite';

/** What {@link sqlAdapterSuites} needs from an adapter test file. */
export interface SqlAdapterSuiteOptions {
  /** Adapter name (`postgres`, `mysql`, `sqlite`). */
  readonly name: string;
  /** The table prefix of the file. */
  readonly prefix: string;
  /** The Kysely instance (available once `beforeAll` has run). */
  readonly db: () => Kysely<any>;
  /** Builds a driver for a workspace on the migrated tables. */
  readonly make: (workspaceId: string) => SqlStoreDriver;
  /** Builds a driver whose tables do not exist (for error wrapping). */
  readonly missing: (workspaceId: string) => SqlStoreDriver;
  /** The adapter's `migrate`. */
  readonly migrate: (db: Kysely<any>, options: { readonly prefix: string }) => Promise<{ readonly applied: readonly string[] }>;
  /** The migrations a fresh database records, in order. */
  readonly migrations: readonly string[];
}

/**
 * Registers the suites and tests every SQL adapter shares (call inside the adapter's `describe`).
 *
 * @param options - the adapter's driver factories, migrate function and expectations
 */
export function sqlAdapterSuites(options: SqlAdapterSuiteOptions): void {
  const { name, prefix, db, make, migrate } = options;
  sqlConformance(name, make);
  bulkCreateSuite(make);
  driverSuite(make, options.missing);

  it('migrates idempotently and records each migration once', async () => {
    expect(await migrate(db(), { prefix })).toEqual({ applied: [] });
    const rows = await sql<{ name: string }>`SELECT name FROM ${sql.table(`${prefix}migrations`)} ORDER BY name`.execute(db());
    expect(rows.rows.map((r) => r.name)).toEqual([...options.migrations]);
    await Promise.all([migrate(db(), { prefix }), migrate(db(), { prefix })]);
  });

  it('never serves a remembered record once the stored row has changed, even at the same version', async () => {
    const driver = make(freshWorkspace());
    const store = createStore({ driver });
    const ada = await store.create('contact', { firstName: 'Ada', customFields: { tier: 1 } });
    expect((await store.require('contact', ada.id)).firstName).toBe('Ada');
    const [row] = await driver.getMany('contact', [ada.id]);
    if (row === undefined) throw new Error('row missing');
    // Written behind the store's back, keeping the version: only the content tells.
    expect(await driver.replace('contact', { ...row, data: { ...row.data, firstName: 'Grace' } }, row.version)).toBe(true);
    expect((await store.require('contact', ada.id)).firstName).toBe('Grace');
    const updated = await store.update('contact', ada.id, { lastName: 'Hopper' });
    expect(await store.require('contact', ada.id)).toEqual(updated);
    await store.delete('contact', ada.id);
    const again = await store.create('contact', { id: ada.id, firstName: 'Ada', createdAt: ada.createdAt });
    expect(await store.require('contact', ada.id)).toEqual(again);
  });

  it('finds by externalId and id with in/notIn exactly, whatever the mix of values', async () => {
    const store = createStore({ driver: make(freshWorkspace()) });
    const made = await store.createMany(
      'contact',
      Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? { firstName: `P${i}` } : { firstName: `P${i}`, externalId: `x-${i}` })),
    );
    const ext = ['x-1', 'x-2', 'x-4', 'x-3', 'nope', 'x-1'];
    const names = (items: readonly { firstName?: string | undefined }[]) => items.map((c) => c.firstName).sort();
    expect(names((await store.find('contact', { where: { field: 'externalId', op: 'in', value: ext } })).items)).toEqual(['P1', 'P2', 'P4']);
    expect(names((await store.find('contact', { where: { field: 'externalId', op: 'in', value: [...ext, null] } })).items)).toHaveLength(13);
    expect(await store.count('contact', { where: { field: 'externalId', op: 'notIn', value: ext } })).toBe(27);
    const ids = [made[5]!.id, made[7]!.id, 'missing', made[5]!.id];
    expect(names((await store.find('contact', { where: { field: 'id', op: 'in', value: ids } })).items)).toEqual(['P5', 'P7']);
    expect(await store.count('contact', { where: { field: 'id', op: 'notIn', value: ids } })).toBe(28);
    expect(await store.count('contact', { where: { field: 'version', op: 'in', value: [1, 2] } })).toBe(30);
  });

  // SQLite has one connection: another writer cannot commit while the transaction is open.
  it.skipIf(name === 'sqlite')('updates rows found in the same transaction with optimistic concurrency kept exact', async () => {
    const driver = make(freshWorkspace());
    const store = createStore({ driver });
    await store.createMany('contact', [{ firstName: 'Ada', externalId: 'a' }, { firstName: 'Bob', externalId: 'b' }]);
    // Rows found by `find`, then one changed by another writer before the transaction updates it.
    await expect(
      store.transaction(async (tx) => {
        const page = await tx.find('contact', { where: { field: 'externalId', op: 'in', value: ['a', 'b'] } });
        const [a, b] = page.items;
        if (a === undefined || b === undefined) throw new Error('rows missing');
        await tx.update('contact', a.id, { lastName: 'L' }, { expectedVersion: a.version });
        const [row] = await driver.getMany('contact', [b.id]);
        if (row === undefined) throw new Error('row missing');
        expect(await driver.replace('contact', { ...row, version: row.version + 1, data: { ...row.data, firstName: 'Bo' } }, row.version)).toBe(true);
        await tx.update('contact', b.id, { lastName: 'L' }, { expectedVersion: b.version });
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    const after = await store.find('contact', { sort: [{ field: 'externalId', direction: 'asc' }] });
    expect(after.items.map((c) => [c.firstName, c.lastName, c.version])).toEqual([
      ['Ada', undefined, 1],
      ['Bo', undefined, 2],
    ]);
    // Without an expected version, the update merges onto the row as it is now.
    await store.transaction(async (tx) => {
      const page = await tx.find('contact', { where: { field: 'externalId', op: 'in', value: ['a', 'b'] } });
      for (const c of page.items) await tx.update('contact', c.id, { lastName: `${c.firstName}!` }, { expectedVersion: c.version });
      const b = page.items.find((c) => c.externalId === 'b');
      await tx.update('contact', b!.id, { jobTitle: 'CTO' });
    });
    const final = await store.find('contact', { sort: [{ field: 'externalId', direction: 'asc' }] });
    expect(final.items.map((c) => [c.firstName, c.lastName, c.jobTitle, c.version])).toEqual([
      ['Ada', 'Ada!', undefined, 2],
      ['Bo', 'Bo!', 'CTO', 4],
    ]);
  });

  it('rolls back a store createMany with an invalid row in the middle', async () => {
    const store = createStore({ driver: make(freshWorkspace()) });
    const inputs: Array<Record<string, unknown>> = Array.from({ length: 2_000 }, (_, i) => ({ firstName: `P${i}` }));
    inputs[1_000] = { firstName: 42 };
    await expect(store.createMany('contact', inputs as never)).rejects.toBeInstanceOf(ValidationError);
    expect(await store.count('contact')).toBe(0);
  });
}

/**
 * Drops an adapter's tables (in `afterAll`).
 *
 * @param db - the Kysely instance
 * @param prefix - the table prefix
 * @param tables - table names without the prefix
 */
export async function dropTables(db: Kysely<any>, prefix: string, tables: readonly string[]): Promise<void> {
  for (const table of tables) await sql`DROP TABLE IF EXISTS ${sql.table(`${prefix}${table}`)}`.execute(db);
}
