import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlStoreDriver } from '../../src/adapters/sql/driver';
import { createSqliteDriver, createSqliteStore, migrate } from '../../src/adapters/sqlite';
import { ValidationError } from '../../src/errors';
import { createStore } from '../../src/store/create-store';
import { randomPrefix } from './_db';
import { sqlConformance } from './_conformance';
import { driverSuite, freshWorkspace } from './_driver-suite';

describe('SQLite adapter', () => {
  const prefix = randomPrefix('sq');
  const dir = mkdtempSync(join(tmpdir(), 'crmkit-sqlite-'));
  let db: Kysely<any>;
  const make = (workspaceId: string): SqlStoreDriver => createSqliteDriver({ db, workspaceId, prefix });

  beforeAll(async () => {
    db = new Kysely({ dialect: new SqliteDialect({ database: new Database(join(dir, 'test.db')) }) });
    await migrate(db, { prefix });
  });

  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  sqlConformance('sqlite', make);

  driverSuite(make, (workspaceId) => createSqliteDriver({ db, workspaceId, prefix: `${prefix}missing_` }));

  it('migrates idempotently and records the migration once', async () => {
    expect(await migrate(db, { prefix })).toEqual({ applied: [] });
    const rows = await sql<{ name: string }>`SELECT name FROM ${sql.table(`${prefix}migrations`)}`.execute(db);
    expect(rows.rows.map((r) => r.name)).toEqual(['0001_initial']);
  });

  it('declares multiProcess for a file and not for an in-memory database', () => {
    expect(make('w').capabilities).toEqual({ transactions: true, streaming: true, json: true, bulkInsert: true, multiProcess: true });
    expect(createSqliteDriver({ filename: ':memory:', workspaceId: 'w' }).capabilities.multiProcess).toBe(false);
    expect(createSqliteDriver({ database: new Database(':memory:'), workspaceId: 'w' }).capabilities.multiProcess).toBe(false);
  });

  it('builds a working store from a filename and closes its own database', async () => {
    const store = await createSqliteStore({ filename: join(dir, 'own.db'), workspaceId: freshWorkspace() });
    const ada = await store.create('contact', { firstName: 'Ada', tags: ['vip'] });
    expect((await store.find('contact', { where: { field: 'tags', op: 'contains', value: 'vip' } })).items.map((c) => c.id)).toEqual([ada.id]);
    expect((await store.find('contact', { where: { field: 'firstName', op: 'startsWith', value: 'ad' } })).items).toEqual([]);
    await store.close();
    const again = await createSqliteStore({ filename: join(dir, 'own.db'), workspaceId: ada.workspaceId });
    expect((await again.require('contact', ada.id)).createdAt).toEqual(ada.createdAt);
    await again.close();
  });

  it('rolls back a store createMany with an invalid row in the middle', async () => {
    const store = createStore({ driver: make(freshWorkspace()) });
    const inputs: Array<Record<string, unknown>> = Array.from({ length: 2_000 }, (_, i) => ({ firstName: `P${i}` }));
    inputs[1_000] = { firstName: 42 };
    await expect(store.createMany('contact', inputs as never)).rejects.toBeInstanceOf(ValidationError);
    expect(await store.count('contact')).toBe(0);
  });
});
