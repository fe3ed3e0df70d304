/**
 * The CRM service scenario suite on PostgreSQL (127.0.0.1:5432, database `test`, user `postgres`,
 * or CRMKIT_TEST_POSTGRES_URL): required when CI=true, skipped with a message otherwise (the rule
 * of test/adapters/_db.ts). Tables use a unique prefix and are dropped afterwards; every scenario
 * gets its own workspace.
 */
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createPostgresStore, migrate } from '../../src/adapters/postgres';
import type { SqlStore } from '../../src/adapters/sql/store';
import type { CrmEntities } from '../../src/model/registry';
import { POSTGRES_URL, databaseReachable, probePostgres, randomPrefix } from '../adapters/_db';
import { crmScenarios } from './_scenarios';

const reachable = await databaseReachable('PostgreSQL', probePostgres);

describe.skipIf(!reachable)('the CRM service on PostgreSQL', () => {
  const prefix = randomPrefix('crm');
  let pool: pg.Pool;
  let db: Kysely<any>;
  const stores: SqlStore<CrmEntities>[] = [];

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    await migrate(db, { prefix });
  });

  afterAll(async () => {
    for (const store of stores) await store.close();
    if (db === undefined) return;
    for (const table of ['records', 'log', 'migrations', 'migrations_lock']) {
      await sql`DROP TABLE IF EXISTS ${sql.table(`${prefix}${table}`)}`.execute(db);
    }
    await db.destroy();
  });

  crmScenarios(async (clock) => {
    const store = await createPostgresStore({ db, workspaceId: `crm_${randomBytes(4).toString('hex')}`, prefix, clock, migrate: false });
    stores.push(store);
    return store;
  });
});
