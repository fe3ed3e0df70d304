/**
 * SQLite adapter (embedded, better-sqlite3, in memory): bulk insert through `store.createMany`
 * and point reads through `store.get`, each against the same work done by hand with
 * better-sqlite3 prepared statements in the same run. No fixed goal (issue 3): the figures show
 * what the typed store and Kysely cost on top of the database.
 */
import { randomBytes } from 'node:crypto';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { createSqliteDriver, migrate } from '../src/adapters/sqlite';
import { fixedClock, sequentialIds } from '../src/model';
import { createStore } from '../src/store/create-store';
import type { StoreDriver, StoredRow } from '../src/store/types';
import { contactInputs, measure, report } from './harness';

export async function run(): Promise<void> {
  let Database: typeof import('better-sqlite3');
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (error) {
    console.log(`sqlite     skipped: better-sqlite3 is not available (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  const prefix = `bench_sq_${randomBytes(4).toString('hex')}_`;
  const records = `${prefix}records`;
  const database = new Database(':memory:');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database }) });
  const clock = fixedClock('2025-01-01T00:00:00Z');
  try {
    await migrate(db, { prefix });
    const clear = () => database.prepare(`DELETE FROM ${records}`).run();

    // --- bulk insert -------------------------------------------------------------------------
    const n = 50_000;
    const inputs = contactInputs(n);
    const rows: StoredRow[] = [];
    {
      const capture = createSqliteDriver({ db, workspaceId: 'capture', prefix }) as StoreDriver;
      const driver = { name: 'capture', workspaceId: 'bench', capabilities: capture.capabilities, insert: async (_e: string, batch: readonly StoredRow[]) => void rows.push(...batch) };
      await createStore({ driver: driver as StoreDriver, ids: sequentialIds(), clock }).createMany('contact', inputs);
    }
    const insert = database.prepare(
      `INSERT INTO ${records} (workspace_id, entity, id, version, created_at, updated_at, external_id, data) VALUES ('bench', 'contact', ?, ?, ?, ?, ?, ?)`,
    );
    const insertAll = database.transaction((batch: readonly StoredRow[]) => {
      for (const r of batch) insert.run(r.id, r.version, r.createdAt, r.updatedAt, r.externalId, JSON.stringify(r.data));
    });
    const byHand = await measure(
      'better-sqlite3 prepared INSERTs in a transaction (baseline)',
      n,
      () => {
        clear();
        insertAll(rows);
      },
      3,
    );
    const bulk = await measure(
      'store.createMany 50,000 contacts',
      n,
      async () => {
        clear();
        await createStore({ driver: createSqliteDriver({ database, workspaceId: 'bench', prefix }), ids: sequentialIds(), clock }).createMany('contact', inputs);
      },
      3,
    );
    report('sqlite', bulk, byHand, { text: '(no fixed goal)', met: null });

    // --- point reads -------------------------------------------------------------------------
    // Given the better-sqlite3 `database` (not a Kysely instance), the adapter reuses prepared statements.
    const store = createStore({ driver: createSqliteDriver({ database, workspaceId: 'bench', prefix }), ids: sequentialIds(), clock });
    const ids = rows.map((r) => r.id);
    const reads = 20_000;
    const select = database.prepare(
      `SELECT id, version, created_at, updated_at, external_id, data FROM ${records} WHERE workspace_id = ? AND entity = ? AND id = ?`,
    );
    const getByHand = await measure('better-sqlite3 prepared SELECT + JSON.parse (baseline)', reads, () => {
      for (let i = 0; i < reads; i++) {
        const row = select.get('bench', 'contact', ids[(i * 7919) % ids.length]) as { data: string } | undefined;
        if (row === undefined || JSON.parse(row.data) === null) throw new Error('miss');
      }
    });
    const get = await measure('store.get', reads, async () => {
      for (let i = 0; i < reads; i++) {
        if ((await store.get('contact', ids[(i * 7919) % ids.length] as string)) === null) throw new Error('miss');
      }
    });
    report('sqlite', get, getByHand, { text: '(no fixed goal)', met: null });
  } finally {
    for (const table of ['records', 'log', 'migrations', 'migrations_lock']) {
      await sql`DROP TABLE IF EXISTS ${sql.table(`${prefix}${table}`)}`.execute(db).catch(() => {});
    }
    await db.destroy();
  }
}
