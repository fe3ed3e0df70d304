/**
 * The SQLite schema, as Kysely migrations.
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
 * Object.keys(sqliteMigrations(tableNames())); //=> ['0001_initial']
 * ```
 */
export function sqliteMigrations(t: TableNames): Record<string, Migration> {
  const records = sql.table(t.records);
  const log = sql.table(t.log);
  const idx = (suffix: string) => sql.id(`${t.prefix}${suffix}`);
  return {
    '0001_initial': {
      async up(db) {
        await sql`CREATE TABLE IF NOT EXISTS ${records} (
  workspace_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  external_id TEXT,
  data TEXT NOT NULL CHECK (json_valid(data)),
  PRIMARY KEY (workspace_id, entity, id),
  UNIQUE (workspace_id, entity, external_id)
)`.execute(db);
        await sql`CREATE INDEX IF NOT EXISTS ${idx('records_created_at_idx')} ON ${records} (workspace_id, entity, created_at)`.execute(db);
        await sql`CREATE TABLE IF NOT EXISTS ${log} (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT,
  data TEXT NOT NULL CHECK (json_valid(data))
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
