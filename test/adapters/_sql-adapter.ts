/**
 * What every SQL adapter test file registers: the conformance suite, the chunked-createMany
 * checks, the driver-level checks, idempotent migrations and a rolled-back `createMany`; plus
 * dropping an adapter's tables afterwards.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { SqlStoreDriver } from '../../src/adapters/sql/driver';
import { ValidationError } from '../../src/errors';
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
