import { Kysely, MysqlDialect } from 'kysely';
import { createPool, type Pool } from 'mysql2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMysqlDriver, createMysqlStore, migrate } from '../../src/adapters/mysql';
import type { SqlStoreDriver } from '../../src/adapters/sql/driver';
import { ConflictError } from '../../src/errors';
import { createStore } from '../../src/store/create-store';
import type { StoredRow } from '../../src/store/types';
import { MYSQL_URL, databaseReachable, probeMysql, randomPrefix } from './_db';
import { freshWorkspace } from './_driver-suite';
import { dropTables, sqlAdapterSuites } from './_sql-adapter';

const reachable = await databaseReachable('MySQL/MariaDB', probeMysql);

describe.skipIf(!reachable)('MySQL / MariaDB adapter', () => {
  const prefix = randomPrefix('my');
  let pool: Pool;
  let db: Kysely<any>;
  const make = (workspaceId: string): SqlStoreDriver => createMysqlDriver({ db, workspaceId, prefix });

  beforeAll(async () => {
    pool = createPool({ uri: MYSQL_URL, connectionLimit: 25 });
    db = new Kysely({ dialect: new MysqlDialect({ pool }) });
    await migrate(db, { prefix });
  });

  afterAll(async () => {
    if (db === undefined) return;
    await dropTables(db, prefix, ['records', 'log', 'log_heads', 'migrations', 'migrations_lock']);
    await db.destroy();
  });

  sqlAdapterSuites({
    name: 'mysql',
    prefix,
    db: () => db,
    make,
    missing: (workspaceId) => createMysqlDriver({ db, workspaceId, prefix: `${prefix}missing_` }),
    migrate,
    migrations: ['0001_initial'],
  });

  it('compares ids exactly: no case folding, no trailing-space padding', async () => {
    const driver = make(freshWorkspace());
    const at = new Date().toISOString();
    const row = (id: string): StoredRow => ({ id, version: 1, createdAt: at, updatedAt: at, externalId: null, data: { name: id } });
    await driver.insert('thing', [row('a'), row('A'), row('a '), row('é')]);
    expect((await driver.getMany('thing', ['a'])).map((r) => r.id)).toEqual(['a']);
    expect((await driver.select('thing', { where: { path: ['name'], op: 'eq', value: 'a' }, sort: [] })).map((r) => r.id)).toEqual(['a']);
    expect((await driver.select('thing', { sort: [] })).map((r) => r.id)).toEqual(['A', 'a', 'a ', 'é']);
  });

  it('declares every capability', () => {
    expect(make('w').capabilities).toEqual({ transactions: true, streaming: true, json: true, bulkInsert: true, multiProcess: true });
  });

  it('builds a working store from a connection string and closes its own pool', async () => {
    const store = await createMysqlStore({ connectionString: MYSQL_URL, workspaceId: freshWorkspace(), prefix });
    const ada = await store.create('contact', { firstName: 'Ada', tags: ['vip'] });
    expect((await store.find('contact', { where: { field: 'tags', op: 'contains', value: 'vip' } })).items.map((c) => c.id)).toEqual([ada.id]);
    expect((await store.require('contact', ada.id)).createdAt).toEqual(ada.createdAt);
    await store.close();
  });

  it('keeps counters exact under concurrent read-modify-write loops with version retries', async () => {
    const store = createStore({ driver: make(freshWorkspace()) });
    const seeds = await store.createMany('contact', Array.from({ length: 5 }, (_, i) => ({ firstName: `C${i}`, customFields: { counter: 0 } })));
    const ids = seeds.map((c) => c.id);
    let successes = 0;
    const loop = async (worker: number) => {
      for (let n = 0; n < 5; n++) {
        const id = ids[(worker + n) % ids.length] as string;
        for (;;) {
          const current = await store.require('contact', id);
          const counter = Number((current.customFields as Record<string, unknown>)['counter']);
          try {
            await store.transaction(async (tx) => {
              await tx.update('contact', id, { customFields: { counter: counter + 1 } }, { expectedVersion: current.version });
              await tx.append([{ entity: 'contact', entityId: id, kind: 'incremented' }]);
            });
            successes += 1;
            break;
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, w) => loop(w)));
    const finals = await Promise.all(ids.map((id) => store.require('contact', id)));
    expect(finals.reduce((sum, c) => sum + Number((c.customFields as Record<string, unknown>)['counter']), 0)).toBe(successes);
    expect(await store.readLog({ kinds: ['incremented'] })).toHaveLength(successes);
  }, 120_000);

});
