import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDriver, createPostgresStore, migrate } from '../../src/adapters/postgres';
import type { SqlStoreDriver } from '../../src/adapters/sql/driver';
import { ConflictError, InvalidArgumentError } from '../../src/errors';
import { createStore } from '../../src/store/create-store';
import type { StoredRow } from '../../src/store/types';
import { POSTGRES_URL, databaseReachable, probePostgres, randomPrefix } from './_db';
import { freshWorkspace } from './_driver-suite';
import { dropTables, sqlAdapterSuites } from './_sql-adapter';

const reachable = await databaseReachable('PostgreSQL', probePostgres);

describe.skipIf(!reachable)('PostgreSQL adapter', () => {
  const prefix = randomPrefix('pg');
  let pool: pg.Pool;
  let db: Kysely<any>;
  const make = (workspaceId: string): SqlStoreDriver => createPostgresDriver({ db, workspaceId, prefix });

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 25 });
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    await migrate(db, { prefix });
  });

  afterAll(async () => {
    if (db === undefined) return;
    await dropTables(db, prefix, ['records', 'log', 'migrations', 'migrations_lock']);
    await db.destroy();
  });

  sqlAdapterSuites({
    name: 'postgres',
    prefix,
    db: () => db,
    make,
    missing: (workspaceId) => createPostgresDriver({ db, workspaceId, prefix: `${prefix}missing_` }),
    migrate,
    migrations: ['0001_initial', '0002_json_index_optional'],
  });

  it('creates no GIN index by default, and creates or drops it on request', async () => {
    const indexes = async () =>
      (await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = ${`${prefix}records`} ORDER BY indexname`.execute(db)).rows.map((r) => r.indexname);
    const base = [`${prefix}records_created_at_idx`, `${prefix}records_external_id_key`, `${prefix}records_pkey`].sort();
    expect(await indexes()).toEqual(base);
    expect(await migrate(db, { prefix, jsonIndex: 'gin' })).toEqual({ applied: [] });
    expect(await indexes()).toEqual([...base, `${prefix}records_data_gin`].sort());
    await migrate(db, { prefix });
    expect(await indexes()).toContain(`${prefix}records_data_gin`);
    const driver = make(freshWorkspace());
    const at = new Date().toISOString();
    await driver.insert('thing', [{ id: 'a', version: 1, createdAt: at, updatedAt: at, externalId: 'x', data: { k: 'v', externalId: 'x' } }]);
    expect((await driver.select('thing', { where: { path: ['k'], op: 'eq', value: 'v' }, sort: [] })).map((r) => r.id)).toEqual(['a']);
    expect((await driver.select('thing', { where: { path: ['externalId'], op: 'in', value: ['x', 'y'] }, sort: [] })).map((r) => r.id)).toEqual(['a']);
    await migrate(db, { prefix, jsonIndex: 'none' });
    expect(await indexes()).toEqual(base);
    await expect(migrate(db, { prefix, jsonIndex: 'btree' as never })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('rejects unsafe table prefixes', () => {
    for (const bad of ['Crm_', 'x;drop', '1abc_', 'a-b', 'a'.repeat(40)]) {
      expect(() => createPostgresDriver({ db, workspaceId: 'w', prefix: bad })).toThrow(InvalidArgumentError);
    }
  });

  it('declares every capability', () => {
    expect(make('w').capabilities).toEqual({ transactions: true, streaming: true, json: true, bulkInsert: true, multiProcess: true });
  });

  it('builds a working store from a connection string and closes its own pool', async () => {
    const store = await createPostgresStore({ connectionString: POSTGRES_URL, workspaceId: freshWorkspace(), prefix });
    const ada = await store.create('contact', { firstName: 'Ada', tags: ['vip'] });
    expect((await store.find('contact', { where: { field: 'tags', op: 'contains', value: 'vip' } })).items.map((c) => c.id)).toEqual([ada.id]);
    expect((await store.require('contact', ada.id)).createdAt).toEqual(ada.createdAt);
    await store.close();
  });

  it('keeps counters exact under 20 concurrent read-modify-write loops with version retries', async () => {
    const workspaceId = freshWorkspace();
    const store = createStore({ driver: make(workspaceId) });
    const seeds = await store.createMany(
      'contact',
      Array.from({ length: 5 }, (_, i) => ({ firstName: `C${i}`, customFields: { counter: 0 } })),
    );
    const ids = seeds.map((c) => c.id);
    let successes = 0;
    let conflicts = 0;
    const loop = async (worker: number) => {
      for (let n = 0; n < 10; n++) {
        const id = ids[(worker + n) % ids.length] as string;
        for (;;) {
          const current = await store.require('contact', id);
          const counter = Number((current.customFields as Record<string, unknown>)['counter']);
          try {
            await store.transaction(async (tx) => {
              await tx.update('contact', id, { customFields: { counter: counter + 1 } }, { expectedVersion: current.version });
              await tx.append([{ entity: 'contact', entityId: id, kind: 'incremented', data: { worker } }]);
            });
            successes += 1;
            break;
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
            conflicts += 1;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, w) => loop(w)));
    const finals = await Promise.all(ids.map((id) => store.require('contact', id)));
    const total = finals.reduce((sum, c) => sum + Number((c.customFields as Record<string, unknown>)['counter']), 0);
    expect(successes).toBe(200);
    expect(total).toBe(successes);
    expect(finals.reduce((sum, c) => sum + (c.version - 1), 0)).toBe(successes);
    const log = await store.readLog({ kinds: ['incremented'] });
    expect(log).toHaveLength(successes);
    for (let i = 1; i < log.length; i++) expect(log[i]?.seq).toBeGreaterThan(log[i - 1]?.seq as number);
    expect(conflicts).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('keeps log seq in commit order for readers under concurrent appending transactions', async () => {
    const workspaceId = freshWorkspace();
    const driver = make(workspaceId);
    const seen: number[] = [];
    let stop = false;
    const reader = (async () => {
      let after = 0;
      while (!stop) {
        const batch = await driver.readLog({ afterSeq: after, limit: 1000 });
        for (const entry of batch) seen.push(entry.seq);
        if (batch.length > 0) after = batch[batch.length - 1]?.seq as number;
      }
      for (const entry of await driver.readLog({ afterSeq: after, limit: 10_000 })) seen.push(entry.seq);
    })();
    await Promise.all(
      Array.from({ length: 10 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 15; i++) {
            await driver.transaction(async (tx) => {
              await tx.appendLog([{ entity: 'x', entityId: `w${w}`, kind: 'k', at: new Date().toISOString(), actor: null, data: { i } }]);
              await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
            });
          }
        })(),
      ),
    );
    stop = true;
    await reader;
    // a reader resuming from the last seq it saw never skips an entry committed later
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
  }, 60_000);


  /** A Kysely instance whose pg clients pass every query through `intercept` first. */
  const intercepted = (intercept: (query: (...args: any[]) => any, config: any, rest: any[]) => unknown) => {
    const spyPool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
    spyPool.on('connect', (client: any) => {
      const query = client.query.bind(client);
      client.query = (config: any, ...rest: any[]) => intercept(query, config, rest);
    });
    return new Kysely<any>({ dialect: new PostgresDialect({ pool: spyPool }) });
  };

  /** Rows whose text needs every COPY escape: tabs, newlines, carriage returns, backslashes, `\N`, `\.`. */
  const awkwardRows = (n: number): StoredRow[] => {
    const at = '2025-03-04T05:06:07.089Z';
    const nasty = ['a\tb', 'tab\there', 'line\nbreak', 'cr\rlf\r\n', 'back\\slash', '\\N', '\\.', 'quote"s', "O'Brien; DROP TABLE x;--", 'emoji 👩‍💻 ü', '\u2028sep', 'lit\\t', 'end\\'];
    return Array.from({ length: n }, (_, i) => {
      const text = nasty[i % nasty.length] as string;
      return {
        id: `${text}#${i}`,
        version: 1 + (i % 3),
        createdAt: at,
        updatedAt: at,
        externalId: i % 4 === 0 ? null : `${text}@${i}`,
        data: { text, nested: { list: [text, i, null, true] }, n: i / 7 },
      };
    });
  };

  it('inserts large batches with COPY through the pg client, escaping every awkward character', async () => {
    let copies = 0;
    const spied = intercepted((query, config, rest) => {
      if (typeof config?.submit === 'function') copies++;
      return query(config, ...rest);
    });
    try {
      const driver = createPostgresDriver({ db: spied, workspaceId: freshWorkspace(), prefix });
      const rows = awkwardRows(5_000);
      await driver.insert('thing', rows);
      expect(copies).toBe(1);
      const back = await driver.getMany('thing', rows.map((r) => r.id));
      expect(new Map(back.map((r) => [r.id, r]))).toEqual(new Map(rows.map((r) => [r.id, r])));
      // Through createMany (chunks produced while the server stores the previous ones).
      const store = createStore({ driver: createPostgresDriver({ db: spied, workspaceId: freshWorkspace(), prefix }) });
      const made = await store.createMany('contact', Array.from({ length: 4_500 }, (_, i) => ({ firstName: `F\t${i}`, notes: 'x\ny' })));
      expect(copies).toBe(2);
      expect(await store.count('contact')).toBe(4_500);
      expect(await store.require('contact', made[4_499]?.id as string)).toEqual(made[4_499]);
    } finally {
      await spied.destroy();
    }
  });

  it('falls back to INSERT when the client does not run pg Submittables, whichever way it refuses them', async () => {
    const asText = intercepted((query, config, rest) => query(typeof config?.submit === 'function' ? String(config) : config, ...rest));
    const refusing = intercepted((query, config, rest) => {
      if (typeof config?.submit === 'function') throw new TypeError('query text must be a string');
      return query(config, ...rest);
    });
    try {
      for (const db of [asText, refusing]) {
        const driver = createPostgresDriver({ db, workspaceId: freshWorkspace(), prefix });
        const rows = awkwardRows(4_100);
        await driver.insert('thing', rows);
        expect(await driver.count('thing', undefined)).toBe(4_100);
        const store = createStore({ driver });
        await store.createMany('contact', Array.from({ length: 4_100 }, (_, i) => ({ firstName: `F${i}` })));
        expect(await store.count('contact')).toBe(4_100);
        // A duplicate in the last chunk still undoes the whole batch on the fallback path.
        const dup = awkwardRows(4_100).map((r, i) => ({ ...r, id: `new${i}`, externalId: i === 4_099 ? (rows[1] as StoredRow).externalId : null }));
        await expect(driver.insert('thing', dup)).rejects.toMatchObject({ code: 'UNIQUE_VIOLATION' });
        expect(await driver.count('thing', undefined)).toBe(4_100);
      }
    } finally {
      await asText.destroy();
      await refusing.destroy();
    }
  });

  // Speed is measured in bench/store-postgres.ts; this checks that a large insert arrives whole.
  it('bulk-inserts 100,000 contacts with one COPY', async () => {
    const driver = make(freshWorkspace());
    const at = new Date().toISOString();
    const rows: StoredRow[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: `c${String(i).padStart(6, '0')}`,
      version: 1,
      createdAt: at,
      updatedAt: at,
      externalId: `x${i}`,
      data: { firstName: `First${i}`, lastName: `Last${i}`, emails: [{ address: `p${i}@example.com` }], tags: ['imported'], customFields: { tier: i % 3 } },
    }));
    await driver.insert('contact', rows);
    expect(await driver.count('contact', undefined)).toBe(100_000);
    expect(await driver.count('contact', { path: ['customFields', 'tier'], op: 'eq', value: 1 })).toBe(33_333);
    const last = rows[99_999] as StoredRow;
    expect(await driver.getMany('contact', [last.id])).toEqual([last]);
  }, 120_000);
});
