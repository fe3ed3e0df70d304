/**
 * Shared by the database adapter tests: where each server is, whether it is reachable, and
 * whether it has to be. With `CI=true` a database is required (an unreachable server fails the
 * run); elsewhere an unreachable server skips its suite with a message.
 */
import { randomBytes } from 'node:crypto';

/** PostgreSQL test database (override with `CRMKIT_TEST_POSTGRES_URL`). */
export const POSTGRES_URL = process.env.CRMKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** MySQL / MariaDB test database (override with `CRMKIT_TEST_MYSQL_URL`). */
export const MYSQL_URL = process.env.CRMKIT_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** True when the run must not skip database suites. */
export const DATABASES_REQUIRED = process.env.CI === 'true';

/**
 * Probes a server once. Resolves `true` when reachable; when not, throws under CI and otherwise
 * logs why the suite is skipped and resolves `false`.
 */
export async function databaseReachable(label: string, probe: () => Promise<void>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (DATABASES_REQUIRED) {
      throw new Error(`${label} is required when CI=true but is unreachable: ${reason}`, { cause: error });
    }
    console.warn(`[crmkit] skipping the ${label} adapter tests: server unreachable (${reason})`);
    return false;
  }
}

/** A fresh table prefix such as `t_pg_3f9a1c_`. */
export function randomPrefix(tag: string): string {
  return `t_${tag}_${randomBytes(4).toString('hex')}_`;
}

/** Probes PostgreSQL. */
export async function probePostgres(): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
}

/** Probes MySQL / MariaDB. */
export async function probeMysql(): Promise<void> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 3000 });
  await connection.query('SELECT 1');
  await connection.end();
}
