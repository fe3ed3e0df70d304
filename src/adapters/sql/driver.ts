/**
 * The shared SQL driver: one implementation of {@link store!StoreDriver} over Kysely for every SQL
 * database, parameterised by an {@link SqlEngine} (the dialect's fragments plus the few
 * statements that differ: bulk insert, log append, the log lock, error recognition).
 *
 * @module
 * @internal
 */
import { sql, type Kysely } from 'kysely';
import { AdapterError, CrmError, UniqueViolationError } from '../../errors';
import type {
  DriverLogEntry,
  DriverLogQuery,
  DriverQuery,
  DriverSession,
  DriverWhere,
  Json,
  StoreCapabilities,
  StoreDriver,
  StoredRow,
} from '../../store/types';
import { INSERT_CHUNKS, REPLACE_IF_UNCHANGED } from '../../store/internal';
import type { Sql, SqlDialect } from './dialect';
import type { TableNames } from './names';
import { compileOrderBy, compileWhere } from './where';

/** Any Kysely instance or transaction (the adapters use untyped tables). */
// biome-ignore lint/suspicious/noExplicitAny: the tables are addressed through `sql` fragments
export type AnyKysely = Kysely<any>;

/** The scope every statement of a driver is bound to. */
export interface SqlScope {
  /** Table names. */
  readonly tables: TableNames;
  /** The driver's workspace. */
  readonly workspaceId: string;
}

/** A raw record row as the engine's select list returns it. */
export interface RawRecordRow {
  readonly id: unknown;
  readonly version: unknown;
  readonly created_at: unknown;
  readonly updated_at: unknown;
  readonly external_id: unknown;
  readonly data: unknown;
}

/** A raw log row as the engine's select list returns it. */
export interface RawLogRow {
  readonly seq: unknown;
  readonly entity: unknown;
  readonly entity_id: unknown;
  readonly kind: unknown;
  readonly at: unknown;
  readonly actor: unknown;
  readonly data: unknown;
}

/** What one database adds to the shared driver. */
export interface SqlEngine {
  /** Fragment builders. */
  readonly dialect: SqlDialect;
  /** Capabilities of drivers built on this engine. */
  readonly capabilities: StoreCapabilities;
  /** Rows per insert statement. */
  readonly insertChunkSize: number;
  /** True when a failed statement aborts the whole transaction (PostgreSQL), so a savepoint must guard it. */
  readonly failedStatementAbortsTransaction: boolean;
  /** The select list producing {@link RawRecordRow} columns. */
  readonly recordColumns: Sql;
  /** The select list producing {@link RawLogRow} columns. */
  readonly logColumns: Sql;
  /** A JSON document as a parameter for the `data` column. */
  jsonParam(json: string): Sql;
  /** Inserts at most {@link insertChunkSize} rows in one statement. */
  insertChunk(db: AnyKysely, scope: SqlScope, entity: string, rows: readonly StoredRow[]): Promise<void>;
  /**
   * Optional streaming bulk insert of more than one chunk (PostgreSQL's COPY): inserts every
   * chunk `source` yields in one statement on `db`, rethrowing what `source` throws. Resolves
   * false, having called `source` not once, when the connection cannot stream; the driver then
   * uses {@link insertChunk}.
   */
  copyChunks?(db: AnyKysely, scope: SqlScope, entity: string, source: () => Promise<readonly StoredRow[] | undefined>): Promise<boolean>;
  /**
   * Serialises log appends of the workspace until the current transaction ends, so that `seq`
   * is assigned in commit order. Called inside a transaction.
   */
  lockLog(db: AnyKysely, scope: SqlScope): Promise<void>;
  /** Inserts log entries (inside a transaction, after {@link lockLog}); returns their `seq` in order. */
  appendChunk(db: AnyKysely, scope: SqlScope, entries: readonly DriverLogEntry[]): Promise<number[]>;
  /**
   * Optional: {@link lockLog} and {@link appendChunk} in one statement (one round trip instead of
   * two); the lock must be taken before any `seq` is assigned.
   */
  lockAndAppendChunk?(db: AnyKysely, scope: SqlScope, entries: readonly DriverLogEntry[]): Promise<number[]>;
  /** True when `error` is the driver's unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
}

/** A driver built by the shared SQL driver factory: a {@link store!StoreDriver} plus its Kysely instance. */
export interface SqlStoreDriver extends StoreDriver {
  /** The Kysely instance the driver runs its statements on. */
  readonly db: AnyKysely;
  /** The table names in use. */
  readonly tables: TableNames;
  /**
   * Releases the connection pool or database **if the driver created it** (from a connection
   * string or filename); does nothing for a `db`/`pool`/`database` you passed in.
   */
  close(): Promise<void>;
}

/** Rows per `IN (…)` list. */
const IN_CHUNK = 1000;

/** Rows produced between two turns of the event loop while a chunk is being sent (see {@link SqlSession.insertChunks}). */
const PRODUCE_SLICE = 500;

/** Lets pending I/O callbacks and microtasks run (the statement just issued reaches the socket). */
const yieldToIo: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise((resolve) => setImmediate(resolve)) : () => new Promise((resolve) => setTimeout(resolve, 0));

/** What identifies a row sent to the database, for naming a duplicate afterwards. */
type RowKey = Pick<StoredRow, 'id' | 'externalId'>;

/** Carries an error thrown by a chunk producer through the transaction unchanged. */
class ProducerFailure {
  constructor(readonly error: unknown) {}
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Text from a driver value (MySQL returns binary columns as `Buffer`s).
 *
 * @param value - a column value
 * @returns the value as a string (bytes decoded as UTF-8)
 *
 * @example
 * ```ts
 * asText(new TextEncoder().encode('c_1')); //=> 'c_1'
 * ```
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return String(value);
}

function asJsonObject(value: unknown): { [key: string]: Json } {
  if (typeof value === 'string') return JSON.parse(value) as { [key: string]: Json };
  if (value instanceof Uint8Array) return JSON.parse(new TextDecoder().decode(value)) as { [key: string]: Json };
  return (value ?? {}) as { [key: string]: Json };
}

function toRow(raw: RawRecordRow): StoredRow {
  return {
    id: asText(raw.id),
    version: Number(raw.version),
    createdAt: asText(raw.created_at),
    updatedAt: asText(raw.updated_at),
    externalId: raw.external_id === null || raw.external_id === undefined ? null : asText(raw.external_id),
    data: asJsonObject(raw.data),
  };
}

function toLogEntry(raw: RawLogRow): DriverLogEntry & { readonly seq: number } {
  return {
    seq: Number(raw.seq),
    entity: asText(raw.entity),
    entityId: asText(raw.entity_id),
    kind: asText(raw.kind),
    at: asText(raw.at),
    actor: raw.actor === null || raw.actor === undefined ? null : asText(raw.actor),
    data: asJsonObject(raw.data),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Statement-level session: the root driver (autocommit) or a session bound to a transaction. */
class SqlSession implements DriverSession {
  #savepoints = 0;

  constructor(
    readonly db: AnyKysely,
    protected readonly engine: SqlEngine,
    protected readonly scope: SqlScope,
    private readonly inTransaction: boolean,
  ) {

    // Offered inside transactions on PostgreSQL, whose `jsonb` equality compares documents (and
    // where a round trip saved matters most).
    if (inTransaction && engine.dialect.name === 'postgres') {
      (this as { [REPLACE_IF_UNCHANGED]?: unknown })[REPLACE_IF_UNCHANGED] = (entity: string, row: StoredRow, previous: StoredRow) =>
        this.replaceIfUnchanged(entity, row, previous);
    }
  }

  protected get adapterName(): string {
    return this.engine.dialect.name;
  }

  /** Wraps anything that is not already a crmkit error in an {@link AdapterError}. */
  protected wrap(error: unknown, what: string): CrmError {
    if (error instanceof CrmError) return error;
    return new AdapterError(this.adapterName, `${what} failed: ${messageOf(error)}`, { cause: error });
  }

  /**
   * Runs `fn` atomically: in a transaction of its own at the root, or under a savepoint inside
   * a transaction when `guard` is set (so a failure undoes only `fn` and leaves the transaction usable).
   */
  private async atomic<T>(fn: (db: AnyKysely) => Promise<T>, guard: boolean): Promise<T> {
    if (!this.inTransaction) return this.db.transaction().execute(fn);
    if (!guard) return fn(this.db);
    const name = sql.raw(`crmkit_sp_${++this.#savepoints}`);
    await sql`SAVEPOINT ${name}`.execute(this.db);
    try {
      const result = await fn(this.db);
      await sql`RELEASE SAVEPOINT ${name}`.execute(this.db);
      return result;
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(this.db);
      await sql`RELEASE SAVEPOINT ${name}`.execute(this.db);
      throw error;
    }
  }

  private get records(): Sql {
    return sql.table(this.scope.tables.records);
  }

  private scoped(entity: string): Sql {
    return sql`workspace_id = ${this.scope.workspaceId} AND entity = ${entity}`;
  }

  async insert(entity: string, rows: readonly StoredRow[]): Promise<void> {
    if (rows.length === 0) return;
    const ids = new Set<string>();
    const externalIds = new Set<string>();
    for (const row of rows) {
      if (ids.has(row.id)) throw new UniqueViolationError(entity, 'id', row.id);
      ids.add(row.id);
      if (row.externalId !== null) {
        if (externalIds.has(row.externalId)) throw new UniqueViolationError(entity, 'externalId', row.externalId);
        externalIds.add(row.externalId);
      }
    }
    const parts = chunks(rows, this.engine.insertChunkSize);
    const guard = this.engine.failedStatementAbortsTransaction || parts.length > 1;
    try {
      await this.atomic(async (db) => {
        const copy = this.engine.copyChunks;
        if (copy !== undefined && parts.length > 1) {
          let next = 0;
          if (await copy.call(this.engine, db, this.scope, entity, async () => parts[next++])) return;
        }
        for (const part of parts) await this.engine.insertChunk(db, this.scope, entity, part);
      }, guard);
    } catch (error) {
      if (this.engine.isUniqueViolation(error)) throw await this.describeDuplicate(entity, rows, error);
      throw this.wrap(error, `insert into ${entity}`);
    }
  }

  /**
   * See {@link INSERT_CHUNKS}. While chunk n is executing, chunk n+1 is produced in slices with
   * a turn of the event loop between them, so the socket keeps draining the statement being sent.
   * Small batches (one chunk) take the plain {@link insert} path.
   */
  // On the prototype, not the instance: an object spread of a driver (`{ ...driver, insert }`)
  // must not carry it over and bypass an overridden `insert`.
  async [INSERT_CHUNKS](entity: string, total: number, next: (max: number) => readonly StoredRow[] | undefined): Promise<void> {
    const size = this.engine.insertChunkSize;
    if (total <= size) {
      const rows: StoredRow[] = [];
      for (let part = next(size); part !== undefined && part.length > 0; part = next(size)) {
        for (const row of part) rows.push(row);
      }
      return this.insert(entity, rows);
    }
    const produce = async (first: boolean, limit = size): Promise<StoredRow[] | undefined> => {
      const rows: StoredRow[] = [];
      while (rows.length < limit) {
        if (!first || rows.length > 0) await yieldToIo();
        let part: readonly StoredRow[] | undefined;
        try {
          part = next(Math.min(PRODUCE_SLICE, limit - rows.length));
        } catch (error) {
          throw new ProducerFailure(error);
        }
        if (part === undefined || part.length === 0) break;
        for (const row of part) rows.push(row);
      }
      return rows.length === 0 ? undefined : rows;
    };
    // Only the keys of the rows sent: enough to name a duplicate, without keeping every document alive.
    const inserted: RowKey[] = [];
    const sent = (rows: readonly StoredRow[]): void => {
      for (const row of rows) inserted.push({ id: row.id, externalId: row.externalId });
    };
    // A COPY is fed slice by slice: the server starts sooner and the last slice it stores alone is short.
    const copy = this.engine.copyChunks;
    try {
      let part = await produce(true, copy === undefined ? size : PRODUCE_SLICE);
      if (part === undefined) return;
      await this.atomic(async (db) => {
        if (copy !== undefined) {
          let first: StoredRow[] | undefined = part;
          let over = false;
          const source = async (): Promise<StoredRow[] | undefined> => {
            const next = first ?? (over ? undefined : await produce(false, PRODUCE_SLICE));
            first = undefined;
            if (next !== undefined) sent(next);
            return next;
          };
          try {
            if (await copy.call(this.engine, db, this.scope, entity, source)) return;
          } finally {
            over = true; // after a failure the statement is gone: produce nothing more
          }
        }
        while (part !== undefined) {
          sent(part);
          const pending = this.engine.insertChunk(db, this.scope, entity, part);
          pending.catch(() => {}); // handled below; keeps a failure from counting as unhandled meanwhile
          let following: StoredRow[] | undefined;
          try {
            following = await produce(false);
          } catch (failure) {
            // Let the statement in flight finish before the transaction is rolled back.
            await pending.catch(() => {});
            throw failure;
          }
          await pending;
          part = following;
        }
      }, true);
    } catch (error) {
      if (error instanceof ProducerFailure) throw error.error;
      if (this.engine.isUniqueViolation(error)) throw await this.describeDuplicate(entity, inserted, error);
      throw this.wrap(error, `insert into ${entity}`);
    }
  }

  /** After a rolled-back insert: which id (or external id) was already taken. */
  private async describeDuplicate(entity: string, rows: readonly RowKey[], cause: unknown): Promise<CrmError> {
    try {
      for (const part of chunks(rows, IN_CHUNK)) {
        const found = await sql<RawRecordRow>`SELECT ${this.engine.recordColumns} FROM ${this.records} WHERE ${this.scoped(entity)} AND ${this.engine.dialect.idColumn} IN (${sql.join(part.map((r) => r.id))})`.execute(this.db);
        const first = found.rows[0];
        if (first !== undefined) return new UniqueViolationError(entity, 'id', asText(first.id), { cause });
        const ext = part.flatMap((r) => (r.externalId === null ? [] : [r.externalId]));
        if (ext.length > 0) {
          const taken = await sql<{ external_id: unknown }>`SELECT external_id FROM ${this.records} WHERE ${this.scoped(entity)} AND external_id IN (${sql.join(ext)})`.execute(this.db);
          const hit = taken.rows[0];
          if (hit !== undefined) return new UniqueViolationError(entity, 'externalId', asText(hit.external_id), { cause });
        }
      }
    } catch {
      // fall through: report what we know
    }
    return new UniqueViolationError(entity, 'id', rows.length === 1 ? rows[0]?.id : null, { cause });
  }

  async getMany(entity: string, ids: readonly string[]): Promise<StoredRow[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    try {
      const byId = new Map<string, StoredRow>();
      for (const part of chunks(wanted, IN_CHUNK)) {
        const idIs = part.length === 1 ? sql`= ${part[0]}` : sql`IN (${sql.join(part)})`;
        const result = await sql<RawRecordRow>`SELECT ${this.engine.recordColumns} FROM ${this.records} WHERE ${this.scoped(entity)} AND ${this.engine.dialect.idColumn} ${idIs}`.execute(this.db);
        for (const raw of result.rows) {
          const row = toRow(raw);
          byId.set(row.id, row);
        }
      }
      return wanted.flatMap((id) => {
        const row = byId.get(id);
        return row === undefined ? [] : [row];
      });
    } catch (error) {
      throw this.wrap(error, `get ${entity}`);
    }
  }

  async select(entity: string, query: DriverQuery): Promise<StoredRow[]> {
    const d = this.engine.dialect;
    const limit = query.limit === undefined ? sql`` : sql` LIMIT ${Math.max(0, Math.floor(query.limit))}`;
    try {
      const result = await sql<RawRecordRow>`SELECT ${this.engine.recordColumns} FROM ${this.records} WHERE ${this.scoped(entity)} AND ${compileWhere(d, query.where)} ORDER BY ${compileOrderBy(d, query.sort)}${limit}`.execute(this.db);
      return result.rows.map(toRow);
    } catch (error) {
      throw this.wrap(error, `select ${entity}`);
    }
  }

  async count(entity: string, where: DriverWhere | undefined): Promise<number> {
    try {
      const result = await sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM ${this.records} WHERE ${this.scoped(entity)} AND ${compileWhere(this.engine.dialect, where)}`.execute(this.db);
      return Number(result.rows[0]?.n ?? 0);
    } catch (error) {
      throw this.wrap(error, `count ${entity}`);
    }
  }

  async replace(entity: string, row: StoredRow, expectedVersion: number): Promise<boolean> {
    const d = this.engine.dialect;
    const update = (sameExternalId: boolean) =>
      sql`UPDATE ${this.records} SET version = ${row.version}, created_at = ${d.timeParam(row.createdAt)}, updated_at = ${d.timeParam(row.updatedAt)}, external_id = ${row.externalId}, data = ${this.engine.jsonParam(JSON.stringify(row.data))} WHERE ${this.scoped(entity)} AND ${d.idColumn} = ${row.id} AND version = ${expectedVersion}${sameExternalId ? sql` AND external_id = ${row.externalId}` : sql``}`;
    try {
      // One statement is atomic by itself: no transaction of its own at the root.
      if (!this.inTransaction) return Number((await update(false).execute(this.db)).numAffectedRows ?? 0n) > 0;
      if (this.engine.failedStatementAbortsTransaction && row.externalId !== null) {
        // A unique violation would abort the whole transaction, hence the savepoint below; but
        // a row that keeps its external id cannot violate it, so try that (common) case first.
        const kept = await update(true).execute(this.db);
        if (Number(kept.numAffectedRows ?? 0n) > 0) return true;
        const result = await this.atomic((db) => update(false).execute(db), true);
        return Number(result.numAffectedRows ?? 0n) > 0;
      }
      const result = await update(false).execute(this.db);
      return Number(result.numAffectedRows ?? 0n) > 0;
    } catch (error) {
      if (this.engine.isUniqueViolation(error)) {
        throw new UniqueViolationError(entity, 'externalId', row.externalId, { cause: error });
      }
      throw this.wrap(error, `update ${entity}`);
    }
  }

  /** See {@link REPLACE_IF_UNCHANGED}: a compare-and-set on the whole previous row. */
  private async replaceIfUnchanged(entity: string, row: StoredRow, previous: StoredRow): Promise<boolean> {
    const d = this.engine.dialect;
    const update = sql`UPDATE ${this.records} SET version = ${row.version}, created_at = ${d.timeParam(row.createdAt)}, updated_at = ${d.timeParam(row.updatedAt)}, external_id = ${row.externalId}, data = ${this.engine.jsonParam(JSON.stringify(row.data))} WHERE ${this.scoped(entity)} AND ${d.idColumn} = ${row.id} AND version = ${previous.version} AND created_at = ${d.timeParam(previous.createdAt)} AND updated_at = ${d.timeParam(previous.updatedAt)} AND ${previous.externalId === null ? sql`external_id IS NULL` : sql`external_id = ${previous.externalId}`} AND data = ${this.engine.jsonParam(JSON.stringify(previous.data))}`;
    // Keeping the external id cannot violate its unique key: no savepoint needed then.
    const guard = this.engine.failedStatementAbortsTransaction && row.externalId !== null && row.externalId !== previous.externalId;
    try {
      const result = await this.atomic((db) => update.execute(db), guard);
      return Number(result.numAffectedRows ?? 0n) > 0;
    } catch (error) {
      if (this.engine.isUniqueViolation(error)) {
        throw new UniqueViolationError(entity, 'externalId', row.externalId, { cause: error });
      }
      throw this.wrap(error, `update ${entity}`);
    }
  }

  async remove(entity: string, id: string, expectedVersion?: number): Promise<boolean> {
    const version = expectedVersion === undefined ? sql`` : sql` AND version = ${expectedVersion}`;
    try {
      const result = await sql`DELETE FROM ${this.records} WHERE ${this.scoped(entity)} AND ${this.engine.dialect.idColumn} = ${id}${version}`.execute(this.db);
      return Number(result.numAffectedRows ?? 0n) > 0;
    } catch (error) {
      throw this.wrap(error, `delete ${entity}`);
    }
  }

  async appendLog(entries: readonly DriverLogEntry[]): Promise<number[]> {
    if (entries.length === 0) return [];
    try {
      // Always in a transaction: the log lock must be held until the entries are committed.
      return await this.atomic(async (db) => {
        const parts = chunks(entries, this.engine.insertChunkSize);
        const seqs: number[] = [];
        let first = 0;
        if (this.engine.lockAndAppendChunk !== undefined) {
          seqs.push(...(await this.engine.lockAndAppendChunk(db, this.scope, parts[0] as DriverLogEntry[])));
          first = 1;
        } else await this.engine.lockLog(db, this.scope);
        for (let i = first; i < parts.length; i++) {
          seqs.push(...(await this.engine.appendChunk(db, this.scope, parts[i] as DriverLogEntry[])));
        }
        return seqs;
      }, false);
    } catch (error) {
      throw this.wrap(error, 'append to the log');
    }
  }

  async readLog(query: DriverLogQuery): Promise<Array<DriverLogEntry & { readonly seq: number }>> {
    const d = this.engine.dialect;
    const filters: Sql[] = [sql`workspace_id = ${this.scope.workspaceId}`];
    if (query.entity !== undefined) filters.push(sql`entity = ${query.entity}`);
    if (query.entityId !== undefined) filters.push(sql`entity_id = ${query.entityId}`);
    if (query.kinds !== undefined) {
      filters.push(query.kinds.length === 0 ? sql`(1 = 0)` : sql`kind IN (${sql.join([...query.kinds])})`);
    }
    if (query.from !== undefined) filters.push(sql`at >= ${d.timeParam(query.from)}`);
    if (query.to !== undefined) filters.push(sql`at < ${d.timeParam(query.to)}`);
    if (query.afterSeq !== undefined) filters.push(sql`seq > ${query.afterSeq}`);
    try {
      const result = await sql<RawLogRow>`SELECT ${this.engine.logColumns} FROM ${sql.table(this.scope.tables.log)} WHERE ${sql.join(filters, sql` AND `)} ORDER BY seq ASC LIMIT ${Math.max(0, Math.floor(query.limit))}`.execute(this.db);
      return result.rows.map(toLogEntry);
    } catch (error) {
      throw this.wrap(error, 'read the log');
    }
  }
}

/** The root session plus `transaction`. */
class SqlDriver extends SqlSession implements SqlStoreDriver {
  readonly name: string;
  readonly workspaceId: string;
  readonly capabilities: StoreCapabilities;
  readonly tables: TableNames;
  readonly #close: () => Promise<void>;

  constructor(db: AnyKysely, engine: SqlEngine, scope: SqlScope, close: () => Promise<void>) {
    super(db, engine, scope, false);
    this.name = engine.dialect.name;
    this.workspaceId = scope.workspaceId;
    this.capabilities = engine.capabilities;
    this.tables = scope.tables;
    this.#close = close;
  }

  async transaction<T>(fn: (session: DriverSession) => Promise<T>): Promise<T> {
    let thrown: { readonly error: unknown } | undefined;
    try {
      return await this.db.transaction().execute(async (trx) => {
        try {
          return await fn(new SqlSession(trx, this.engine, this.scope, true));
        } catch (error) {
          thrown = { error };
          throw error;
        }
      });
    } catch (error) {
      if (thrown !== undefined && thrown.error === error) throw error;
      throw this.wrap(error, 'transaction');
    }
  }

  close(): Promise<void> {
    return this.#close();
  }
}

/** Options of {@link createSqlDriver}. */
export interface CreateSqlDriverOptions {
  /** The Kysely instance to run statements on. */
  readonly db: AnyKysely;
  /** The database specifics. */
  readonly engine: SqlEngine;
  /** Table names. */
  readonly tables: TableNames;
  /** The workspace every statement is scoped to. */
  readonly workspaceId: string;
  /** Releases what the adapter created (called by `close()`); default: nothing. */
  readonly close?: () => Promise<void>;
}

/**
 * Builds a {@link store!StoreDriver} on a Kysely instance for one database engine.
 *
 * @param options - the Kysely instance, engine, tables and workspace
 * @returns the driver
 *
 * @example
 * ```ts
 * const driver = createSqlDriver({ db, engine: postgresEngine(tables), tables, workspaceId: 'ws_1' });
 * ```
 */
export function createSqlDriver(options: CreateSqlDriverOptions): SqlStoreDriver {
  return new SqlDriver(
    options.db,
    options.engine,
    { tables: options.tables, workspaceId: options.workspaceId },
    options.close ?? (async () => {}),
  );
}
