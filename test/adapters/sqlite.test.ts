import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlStoreDriver } from '../../src/adapters/sql/driver';
import { createSqliteDriver, createSqliteStore, migrate } from '../../src/adapters/sqlite';
import { randomPrefix } from './_db';
import { freshWorkspace } from './_driver-suite';
import { sqlAdapterSuites } from './_sql-adapter';

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

  sqlAdapterSuites({
    name: 'sqlite',
    prefix,
    db: () => db,
    make,
    missing: (workspaceId) => createSqliteDriver({ db, workspaceId, prefix: `${prefix}missing_` }),
    migrate,
    migrations: ['0001_initial'],
  });

  it('reuses prepared statements on a better-sqlite3 database it is given', async () => {
    const database = new Database(':memory:');
    let prepared = 0;
    const prepare = database.prepare.bind(database);
    (database as { prepare: typeof prepare }).prepare = ((text: string) => {
      prepared += 1;
      return prepare(text);
    }) as typeof prepare;
    const store = await createSqliteStore({ database, workspaceId: 'w' });
    const ada = await store.create('contact', { firstName: 'Ada' });
    const before = prepared;
    for (let i = 0; i < 5; i++) expect((await store.require('contact', ada.id)).firstName).toBe('Ada');
    expect(prepared - before).toBeLessThanOrEqual(1);
    database.close();
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

  it('opens its own file in WAL mode with synchronous NORMAL unless told otherwise, and leaves a given database alone unless asked', async () => {
    const pragmas = async (store: { driver: SqlStoreDriver }) => {
      const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(store.driver.db);
      const sync = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(store.driver.db);
      return [mode.rows[0]?.journal_mode, sync.rows[0]?.synchronous];
    };
    const own = await createSqliteStore({ filename: join(dir, 'sync.db'), workspaceId: 'w' });
    expect(await pragmas(own)).toEqual(['wal', 1]); // 1 = NORMAL
    await own.close();
    const full = await createSqliteStore({ filename: join(dir, 'sync.db'), workspaceId: 'w', synchronous: 'full' });
    expect(await pragmas(full)).toEqual(['wal', 2]); // 2 = FULL
    await full.close();

    const database = new Database(join(dir, 'given.db'));
    const before = database.pragma('synchronous', { simple: true });
    const given = await createSqliteStore({ database, workspaceId: 'w' });
    expect(database.pragma('synchronous', { simple: true })).toBe(before);
    expect(database.pragma('journal_mode', { simple: true })).toBe('delete');
    await given.close();
    await createSqliteStore({ database, workspaceId: 'w', synchronous: 'off' });
    expect(database.pragma('synchronous', { simple: true })).toBe(0);
    database.close();

    expect(() => createSqliteDriver({ filename: ':memory:', workspaceId: 'w', synchronous: 'sometimes' as 'off' })).toThrow(/synchronous must be one of/);
    expect(() => createSqliteDriver({ db, workspaceId: 'w', synchronous: 'normal' } as never)).toThrow(/cannot be set with db/);
  });
});
