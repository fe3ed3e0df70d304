/**
 * The PostgreSQL schema, as Kysely migrations.
 *
 * @module
 * @internal
 */
import { type Migration, sql } from 'kysely';
import type { TableNames } from '../sql/names';

/**
 * The migrations for one prefix, in order.
 *
 * @param t - table names
 * @returns migrations keyed by name
 *
 * @example
 * ```ts
 * Object.keys(postgresMigrations(tableNames())); //=> ['0001_initial']
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
  };
}
