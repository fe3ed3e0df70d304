/**
 * Bulk insert with `COPY … FROM STDIN` on the `pg` connection Kysely runs a transaction on.
 *
 * Kysely exposes no way to reach the `pg` client behind a connection, but it hands the compiled
 * query to `client.query(text, values)`, and `pg` runs any object with a `submit` method as a
 * Submittable (the documented interface pg-cursor and pg-query-stream are built on). So a
 * {@link CopyIn} object travels in place of the SQL text: `pg` submits it, it answers the
 * server's CopyInResponse by streaming rows as they are produced, and it is a thenable, so
 * Kysely's `await` resolves with the statement's result.
 *
 * Any other client (a `pg`-compatible pool that does not take Submittables, another PostgreSQL
 * driver under Kysely) never calls `submit`: it sees a harmless `SELECT` through `toString`, or
 * rejects the object before sending anything, and {@link copyRecords} reports that it did not
 * copy, having consumed nothing, so the caller falls back to `INSERT`.
 *
 * @module
 * @internal
 */
import { CompiledQuery, sql } from 'kysely';
import type { StoredRow } from '../../store/types';
import type { AnyKysely, SqlScope } from '../sql/driver';

/** What a `pg` Connection offers a Submittable during COPY FROM STDIN. */
interface PgCopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  readonly stream?: { readonly writableLength?: number; once(event: 'drain' | 'close', listener: () => void): unknown };
}

/** Bytes waiting in the socket's buffer above which the producer waits for it to drain. */
const HIGH_WATER = 4 * 1024 * 1024;

/** The text other clients see (see the module comment): it runs, and changes nothing. */
const FALLBACK_SQL = 'SELECT 1 AS crmkit_copy_unsupported';

/** Marks a failure of the row producer, so that it is rethrown unchanged. */
class SourceFailure {
  constructor(readonly error: unknown) {}
}

/** Escapes a value for COPY's text format: backslash, tab, newline and carriage return. */
function field(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r')) : value;
}

/**
 * The COPY text of rows, UTF-8 encoded: workspace, entity, id, version, created_at, updated_at,
 * external_id, data. `JSON.stringify` never writes a raw tab, newline or carriage return, so the
 * document only needs its backslashes doubled.
 *
 * @param prefix - the escaped workspace and entity fields, each followed by a tab
 * @param rows - the rows
 * @returns one line per row, as bytes
 *
 * @example
 * ```ts
 * copyLines('w\tcontact\t', [row]).toString(); //=> 'w\tcontact\t0190…\t1\t2025-…\t2025-…\t\\N\t{"firstName":"Ada"}\n'
 * ```
 */
export function copyLines(prefix: string, rows: readonly StoredRow[]): Buffer {
  // Each line is written into one buffer as it is made (no joined string to flatten and encode again).
  let buffer = Buffer.allocUnsafe(Math.max(4096, rows.length * 512));
  let offset = 0;
  for (const r of rows) {
    const json = JSON.stringify(r.data);
    const line = `${prefix}${field(r.id)}\t${r.version}\t${r.createdAt}\t${r.updatedAt}\t${r.externalId === null ? '\\N' : field(r.externalId)}\t${json.includes('\\') ? json.replaceAll('\\', '\\\\') : json}\n`;
    if (offset + line.length * 3 > buffer.length) {
      const larger = Buffer.allocUnsafe(Math.max(buffer.length * 2, offset + line.length * 3));
      buffer.copy(larger, 0, 0, offset);
      buffer = larger;
    }
    offset += buffer.write(line, offset, 'utf8');
  }
  return buffer.subarray(0, offset);
}

/**
 * A `pg` Submittable running one `COPY … FROM STDIN` and feeding it from `source`, and a
 * thenable settling with `{ command, rowCount, rows }` once the server is ready again.
 */
class CopyIn {
  /** True once `pg` has submitted the statement (so the server is in the conversation). */
  submitted = false;
  private failure: unknown;
  private sourceFailure: SourceFailure | undefined;
  private rowCount = 0;
  private readonly settled: Promise<{ command: string; rowCount: number; rows: never[] }>;
  private resolve!: (value: { command: string; rowCount: number; rows: never[] }) => void;
  private reject!: (error: unknown) => void;

  constructor(
    private readonly text: string,
    private readonly encode: (rows: readonly StoredRow[]) => Buffer,
    private readonly source: () => Promise<readonly StoredRow[] | undefined>,
  ) {
    this.settled = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.settled.catch(() => {}); // observed through `then`; never an unhandled rejection meanwhile
  }

  toString(): string {
    return FALLBACK_SQL;
  }

  // biome-ignore lint/suspicious/noThenProperty: Kysely awaits what `pg` returns, which is this object
  then<T, U = never>(onFulfilled?: (value: { command: string; rowCount: number; rows: never[] }) => T | PromiseLike<T>, onRejected?: (error: unknown) => U | PromiseLike<U>): Promise<T | U> {
    return this.settled.then(onFulfilled, onRejected);
  }

  // --- the Submittable interface of `pg` ---------------------------------------------------------

  submit(connection: PgCopyConnection): Error | undefined {
    if (typeof connection.sendCopyFromChunk !== 'function' || typeof connection.endCopyFrom !== 'function') {
      return new Error('crmkit: this pg connection cannot COPY FROM STDIN');
    }
    this.submitted = true;
    connection.query(this.text);
    return undefined;
  }

  handleCopyInResponse(connection: PgCopyConnection): void {
    void this.pump(connection);
  }

  handleCommandComplete(message: { text?: string }): void {
    const count = Number(String(message.text ?? '').split(' ')[1]);
    if (Number.isFinite(count)) this.rowCount = count;
  }

  handleError(error: unknown): void {
    // `pg` forgets the query before this call, so no ReadyForQuery reaches it afterwards: settle
    // now (the client itself holds further queries until the server is ready).
    this.failure ??= error;
    this.reject(this.sourceFailure ?? error);
  }

  handleReadyForQuery(): void {
    this.resolve({ command: 'COPY', rowCount: this.rowCount, rows: [] });
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}

  /** Streams every chunk of the source, then ends the COPY (or fails it if the source throws). */
  private async pump(connection: PgCopyConnection): Promise<void> {
    try {
      for (;;) {
        const rows = await this.source();
        // After a server error the server discards what follows: stop producing.
        if (this.failure !== undefined) return;
        if (rows === undefined) break;
        connection.sendCopyFromChunk(this.encode(rows));
        const stream = connection.stream;
        if (stream !== undefined && (stream.writableLength ?? 0) > HIGH_WATER) {
          await new Promise<void>((resolve) => {
            stream.once('drain', resolve);
            stream.once('close', resolve);
          });
        }
      }
      if (this.failure === undefined) connection.endCopyFrom();
    } catch (error) {
      this.sourceFailure = new SourceFailure(error);
      // The server answers with an error, which settles with the source's failure.
      if (this.failure === undefined) connection.sendCopyFail('crmkit: the rows to insert were rejected');
    }
  }
}

/**
 * Inserts every chunk `source` yields into the records table with one `COPY … FROM STDIN`,
 * streaming chunk n+1 while the server is still storing chunk n. Runs on `db` (a transaction:
 * the caller makes the insert atomic).
 *
 * @param db - a Kysely transaction on PostgreSQL
 * @param scope - the tables and workspace
 * @param entity - the entity name
 * @param source - the next chunk of rows, `undefined` at the end; what it throws is rethrown
 *   unchanged after the COPY has been failed
 * @returns true when the rows were copied; false, with `source` untouched, when the connection
 *   is not a `pg` client that can COPY (the caller then inserts another way)
 *
 * @example
 * ```ts
 * const copied = await copyRecords(trx, scope, 'contact', nextChunk);
 * if (!copied) for (let rows = await nextChunk(); rows; rows = await nextChunk()) await insertChunk(trx, scope, 'contact', rows);
 * ```
 */
export async function copyRecords(
  db: AnyKysely,
  scope: SqlScope,
  entity: string,
  source: () => Promise<readonly StoredRow[] | undefined>,
): Promise<boolean> {
  const statement = sql`COPY ${sql.table(scope.tables.records)} (workspace_id, entity, id, version, created_at, updated_at, external_id, data) FROM STDIN`.compile(db);
  const prefix = `${field(scope.workspaceId)}\t${field(entity)}\t`;
  const copy = new CopyIn(statement.sql, (rows) => copyLines(prefix, rows), source);
  const query = CompiledQuery.raw(FALLBACK_SQL);
  try {
    await db.executeQuery({ ...query, sql: copy as unknown as string });
  } catch (error) {
    if (error instanceof SourceFailure) throw error.error;
    if (!copy.submitted) return false;
    throw error;
  }
  return copy.submitted;
}
