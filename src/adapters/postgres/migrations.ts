/**
 * The PostgreSQL schema, as Kysely migrations.
 *
 * @module
 * @internal
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { TableNames } from '../sql/names';

/**
 * The migrations for one prefix, in order.
 *
 * @param t - table names
 * @returns migrations keyed by name
 *
 * @example
 * ```ts
 * Object.keys(postgresMigrations(tableNames())); //=> ['0001_initial', '0002_json_index_optional']
 * ```
 */
export function postgresMigrations(t: TableNames): Record<string, Migration> {
  const records = sql.table(t.records);
  const log = sql.table(t.log);
  const idx = (suffix: string) => sql.id(`${t.prefix}${suffix}`);
  return {
    '0001_initial': {
      async up(db) {
        await sql`CREATE TABLE IF NOT EXISTS ${records} (
  workspace_id text COLLATE "C" NOT NULL,
  entity text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  external_id text COLLATE "C",
  data jsonb NOT NULL,
  CONSTRAINT ${idx('records_pkey')} PRIMARY KEY (workspace_id, entity, id),
  CONSTRAINT ${idx('records_external_id_key')} UNIQUE (workspace_id, entity, external_id)
)`.execute(db);
        await sql`CREATE INDEX IF NOT EXISTS ${idx('records_created_at_idx')} ON ${records} (workspace_id, entity, created_at)`.execute(db);
        await sql`CREATE INDEX IF NOT EXISTS ${idx('records_data_gin')} ON ${records} USING gin (data jsonb_path_ops)`.execute(db);
        await sql`CREATE TABLE IF NOT EXISTS ${log} (
  seq bigserial PRIMARY KEY,
  workspace_id text COLLATE "C" NOT NULL,
  entity text COLLATE "C" NOT NULL,
  entity_id text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  at timestamptz NOT NULL,
  actor text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb
)`.execute(db);
        await sql`CREATE INDEX IF NOT EXISTS ${idx('log_entity_idx')} ON ${log} (workspace_id, entity, entity_id, seq)`.execute(db);
        await sql`CREATE INDEX IF NOT EXISTS ${idx('log_at_idx')} ON ${log} (workspace_id, at)`.execute(db);
      },
      async down(db) {
        await sql`DROP TABLE IF EXISTS ${log}`.execute(db);
        await sql`DROP TABLE IF EXISTS ${records}`.execute(db);
      },
    },
    // The GIN index on `data` became optional (decision 12): `migrate(db, { jsonIndex: 'gin' })`
    // creates it again.
    '0002_json_index_optional': {
      async up(db) {
        await sql`DROP INDEX IF EXISTS ${idx('records_data_gin')}`.execute(db);
      },
      async down(db) {
        await sql`CREATE INDEX IF NOT EXISTS ${idx('records_data_gin')} ON ${records} USING gin (data jsonb_path_ops)`.execute(db);
      },
    },
  };
}

/**
 * Creates or drops the optional GIN index on `data` (idempotent; outside the migration history,
 * so the choice can change from one `migrate` call to the next).
 *
 * @param db - a Kysely instance on PostgreSQL
 * @param t - table names
 * @param jsonIndex - `'gin'` to have the index, `'none'` not to
 *
 * @example
 * ```ts
 * await applyJsonIndex(db, tableNames(), 'gin');
 * ```
 */
export async function applyJsonIndex(db: Kysely<unknown>, t: TableNames, jsonIndex: 'gin' | 'none'): Promise<void> {
  const name = sql.id(`${t.prefix}records_data_gin`);
  if (jsonIndex === 'gin') await sql`CREATE INDEX IF NOT EXISTS ${name} ON ${sql.table(t.records)} USING gin (data jsonb_path_ops)`.execute(db);
  else await sql`DROP INDEX IF EXISTS ${name}`.execute(db);
}
