/**
 * The MySQL / MariaDB schema, as Kysely migrations.
 *
 * @module
 * @internal
 */
import { type Migration, sql } from 'kysely';
import type { TableNames } from '../sql/names';

/**
 * The migrations for one prefix, in order. Keys and names are `VARBINARY` (exact, byte-wise
 * comparison: no case folding, no PAD SPACE), at most 255 bytes.
 *
 * @param t - table names
 * @returns migrations keyed by name
 *
 * @example
 * ```ts
 * Object.keys(mysqlMigrations(tableNames())); //=> ['0001_initial']
 * ```
 */
export function mysqlMigrations(t: TableNames): Record<string, Migration> {
  const records = sql.table(t.records);
  const log = sql.table(t.log);
  const heads = sql.table(t.logHeads);
  return {
    '0001_initial': {
      async up(db) {
        await sql`CREATE TABLE IF NOT EXISTS ${records} (
  workspace_id VARBINARY(255) NOT NULL,
  entity VARBINARY(255) NOT NULL,
  id VARBINARY(255) NOT NULL,
  version INT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  external_id VARBINARY(255) NULL,
  data JSON NOT NULL,
  PRIMARY KEY (workspace_id, entity, id),
  UNIQUE KEY records_external_id (workspace_id, entity, external_id),
  KEY records_created_at (workspace_id, entity, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db);
        await sql`CREATE TABLE IF NOT EXISTS ${log} (
  seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  workspace_id VARBINARY(255) NOT NULL,
  entity VARBINARY(255) NOT NULL,
  entity_id VARBINARY(255) NOT NULL,
  kind VARBINARY(255) NOT NULL,
  at DATETIME(3) NOT NULL,
  actor TEXT NULL,
  data JSON NOT NULL,
  KEY log_entity (workspace_id, entity, entity_id, seq),
  KEY log_at (workspace_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db);
        await sql`CREATE TABLE IF NOT EXISTS ${heads} (
  workspace_id VARBINARY(255) NOT NULL PRIMARY KEY,
  appends BIGINT NOT NULL
) ENGINE=InnoDB`.execute(db);
      },
      async down(db) {
        await sql`DROP TABLE IF EXISTS ${heads}`.execute(db);
        await sql`DROP TABLE IF EXISTS ${log}`.execute(db);
        await sql`DROP TABLE IF EXISTS ${records}`.execute(db);
      },
    },
  };
}
