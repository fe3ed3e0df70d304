/**
 * PostgreSQL adapter: bulk insert through `store.createMany` and a read-modify-write transaction
 * with a log append, each against the same work written by hand with `pg` in the same run (the
 * bulk insert against both a multi-row INSERT and a COPY FROM STDIN of the same rows).
 * Goals (issue 3): bulk insert of 100,000 contacts ≥ 50,000 rows/s; the transaction costs at
 * most 1.5× the hand-written SQL.
 *
 * Set `CRMKIT_BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`); the suite
 * is skipped with a message when the server is unreachable. Tables use a unique prefix and are
 * dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createPostgresDriver, migrate } from '../src/adapters/postgres';
import { fixedClock, sequentialIds } from '../src/model';
import { createStore } from '../src/store/create-store';
import type { StoreDriver, StoredRow } from '../src/store/types';
import { contactInputs, fmt, measure, measurePaired, report } from './harness';

const URL = process.env.CRMKIT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A driver that accepts rows and does nothing: isolates createStore's own work. */
function nullDriver(workspaceId: string): StoreDriver {
  const none = async () => {
    throw new Error('not supported');
  };
  return {
    name: 'null',
    workspaceId,
    capabilities: { transactions: false, streaming: false, json: true, bulkInsert: true, multiProcess: false },
    insert: async () => {},
    getMany: async () => [],
    select: async () => [],
    count: async () => 0,
    replace: none,
    remove: none,
    appendLog: none,
    readLog: async () => [],
    transaction: none,
  } as unknown as StoreDriver;
}

export async function run(): Promise<void> {
  const { default: pg } = await import('pg');
  try {
    const probe = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 3000 });
    await probe.connect();
    await probe.query('SELECT 1');
    await probe.end();
  } catch (error) {
    console.log(`postgres   skipped: ${URL} is unreachable (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  const prefix = `bench_pg_${randomBytes(4).toString('hex')}_`;
  const records = `${prefix}records`;
  const log = `${prefix}log`;
  const pool = new pg.Pool({ connectionString: URL, max: 4 });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  const clock = fixedClock('2025-01-01T00:00:00Z');
  try {
    await migrate(db, { prefix });
    const truncate = () => pool.query(`TRUNCATE ${records}, ${log}`);

    // --- bulk insert -------------------------------------------------------------------------
    const n = 100_000;
    const inputs = contactInputs(n);
    const rounds = 3;

    // The rows exactly as the store would write them (built once, outside the timing).
    const rows: StoredRow[] = [];
    {
      const capture = nullDriver('bench');
      capture.insert = async (_entity: string, batch: readonly StoredRow[]) => void rows.push(...batch);
      await createStore({ driver: capture, ids: sequentialIds(), clock }).createMany('contact', inputs);
    }

    // Baseline: a hand-written multi-row INSERT … VALUES of the same rows with pg, 5,000 rows per statement.
    const byHand = await measure(
      'pg multi-row INSERT by hand (baseline)',
      n,
      async () => {
        await truncate();
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          for (let start = 0; start < rows.length; start += 5000) {
            const part = rows.slice(start, start + 5000);
            const values: unknown[] = [];
            const tuples = part.map((r, i) => {
              values.push(r.id, r.version, r.createdAt, r.updatedAt, r.externalId, JSON.stringify(r.data));
              const b = i * 6;
              return `('bench','contact',$${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6})`;
            });
            await client.query(
              `INSERT INTO ${records} (workspace_id, entity, id, version, created_at, updated_at, external_id, data) VALUES ${tuples.join(',')}`,
              values,
            );
          }
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      },
      rounds,
    );

    // Baseline: the same rows as one COPY FROM STDIN with pg by hand (text built inside the timing,
    // like the statements above), through a minimal pg Submittable.
    const byCopy = await measure(
      'pg COPY FROM STDIN by hand (baseline)',
      n,
      async () => {
        await truncate();
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const text = rows.map((r) => `bench\tcontact\t${r.id}\t${r.version}\t${r.createdAt}\t${r.updatedAt}\t${r.externalId ?? '\\N'}\t${JSON.stringify(r.data)}\n`).join('');
          await new Promise<void>((resolve, reject) => {
            client.query({
              submit: (c: any) => c.query(`COPY ${records} (workspace_id, entity, id, version, created_at, updated_at, external_id, data) FROM STDIN`),
              handleCopyInResponse: (c: any) => {
                c.sendCopyFromChunk(Buffer.from(text));
                c.endCopyFrom();
              },
              handleCommandComplete: () => {},
              handleReadyForQuery: () => resolve(),
              handleError: (error: unknown) => reject(error),
            } as any);
          });
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      },
      rounds,
    );
    report('postgres', byCopy, byHand, { text: '(second baseline, no goal)', met: null });

    const validateOnly = await measure(
      'createStore validation only (no database)',
      n,
      async () => {
        await createStore({ driver: nullDriver('bench'), ids: sequentialIds(), clock }).createMany('contact', inputs);
      },
      rounds,
    );
    console.log(`postgres   (createStore's share of a createMany: validation + serialisation at ${fmt(validateOnly.opsPerSecond)} rows/s)`);

    const driverOnly = await measure(
      'driver.insert of prepared rows',
      n,
      async () => {
        await truncate();
        await createPostgresDriver({ db, workspaceId: 'bench', prefix }).insert('contact', rows);
      },
      rounds,
    );
    report('postgres', driverOnly, byCopy, { text: '(driver share, no goal)', met: null });

    const bulk = await measure(
      'store.createMany 100,000 contacts',
      n,
      async () => {
        await truncate();
        const store = createStore({ driver: createPostgresDriver({ db, workspaceId: 'bench', prefix }), ids: sequentialIds(), clock });
        await store.createMany('contact', inputs);
      },
      rounds,
    );
    report('postgres', bulk, byCopy, { text: '≥ 50,000 rows/s', met: bulk.opsPerSecond >= 50_000 });

    // --- read-modify-write with log append ---------------------------------------------------
    await truncate();
    const store = createStore({ driver: createPostgresDriver({ db, workspaceId: 'rmw', prefix }), ids: sequentialIds(), clock });
    const seeds = await store.createMany('contact', contactInputs(100));
    const ids = seeds.map((c) => c.id);
    const txs = 500;
    let k = 0;

    // Alternating rounds: both cases update the same rows and grow the same log table.
    const [rmwByHand, rmw] = await measurePaired(
      {
        name: 'pg BEGIN/SELECT/UPDATE/INSERT log/COMMIT by hand (baseline)',
        fn: async () => {
        for (let i = 0; i < txs; i++) {
          const id = ids[k++ % ids.length] as string;
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            const found = await client.query(
              `SELECT id, version, created_at, updated_at, external_id, data FROM ${records} WHERE workspace_id = $1 AND entity = $2 AND id = $3`,
              ['rmw', 'contact', id],
            );
            const row = found.rows[0] as { version: number; data: Record<string, unknown> };
            const data = { ...row.data, leadScore: i };
            await client.query(
              `UPDATE ${records} SET version = $1, updated_at = $2, data = $3::jsonb WHERE workspace_id = $4 AND entity = $5 AND id = $6 AND version = $7`,
              [row.version + 1, new Date().toISOString(), JSON.stringify(data), 'rmw', 'contact', id, row.version],
            );
            await client.query(
              `INSERT INTO ${log} (workspace_id, entity, entity_id, kind, at, actor, data) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING seq`,
              ['rmw', 'contact', id, 'scored', new Date().toISOString(), null, JSON.stringify({ score: i })],
            );
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        }
      },
      },
      {
        name: 'store.transaction(require, update, append)',
        fn: async () => {
        for (let i = 0; i < txs; i++) {
          const id = ids[k++ % ids.length] as string;
          await store.transaction(async (tx) => {
            const r = await tx.require('contact', id);
            await tx.update('contact', id, { leadScore: i }, { expectedVersion: r.version });
            await tx.append([{ entity: 'contact', entityId: id, kind: 'scored', data: { score: i } }]);
          });
        }
      },
      },
      txs,
    );
    const cost = rmwByHand.opsPerSecond / rmw.opsPerSecond;
    report('postgres', rmw, rmwByHand, { text: `≤ 1.5× the SQL by hand (cost ${fmt(cost, 2)}×)`, met: cost <= 1.5 });
  } finally {
    for (const table of ['records', 'log', 'migrations', 'migrations_lock']) {
      await sql`DROP TABLE IF EXISTS ${sql.table(`${prefix}${table}`)}`.execute(db).catch(() => {});
    }
    await db.destroy();
  }
}
