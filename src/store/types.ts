/**
 * The store contract: one generic repository keyed by entity name (Better Auth's `DBAdapter`
 * pattern), typed per entity through an entity registry, plus an append-only log.
 *
 * Two layers:
 * - {@link Store} — what applications and the CRM service use: typed, validated, scoped to one
 *   workspace. Built by {@link createStore} from a driver.
 * - {@link StoreDriver} — what an adapter implements: persistence of already-validated JSON
 *   rows, `where` as data, transactions, the log. Adapter authors implement this (and run the
 *   conformance suite from `crmkit/testing` against it).
 *
 * @module
 */
import type { z } from 'zod';
import type { EntityDefinition, EntityPatch, FieldShape } from '../model/entity';

// ---------------------------------------------------------------------------------------------
// Entity registries
// ---------------------------------------------------------------------------------------------

/** Any entity definition (see `defineEntity`). */
export type AnyEntityDefinition = EntityDefinition<string, FieldShape>;

/** A registry of entity definitions keyed by entity name. */
export type EntityRegistry = { readonly [name: string]: AnyEntityDefinition };

/** The stored record type of entity `E` in registry `R`. */
export type RecordOf<R extends EntityRegistry, E extends keyof R> = z.output<R[E]['schema']>;

/** What `create` accepts for entity `E`: its domain fields, plus an optional id and creation time (for imports). */
export type CreateInputOf<R extends EntityRegistry, E extends keyof R> = z.input<R[E]['dataSchema']> & {
  /** Use this id instead of generating one (e.g. a deterministic import). */
  id?: string;
  /** Use this creation time instead of the clock's (historic imports). */
  createdAt?: Date | string;
};

/** What `update` accepts for entity `E`: any subset of its domain fields; `null` removes an optional field. */
export type PatchOf<R extends EntityRegistry, E extends keyof R> = EntityPatch<z.input<R[E]['dataSchema']>>;

// ---------------------------------------------------------------------------------------------
// Queries: `where` as data
// ---------------------------------------------------------------------------------------------

/** A scalar a condition compares with. `Date`s compare as instants. */
export type WhereValue = string | number | boolean | Date | null;

/**
 * A field path: a top-level field (`lifecycleStage`), a record-metadata field (`createdAt`), a
 * custom field (`customFields.industryTier`) or a nested path into an object field
 * (`source.channel`, `amount.amountMinor`).
 */
export type FieldPath<T> = (keyof T & string) | `${keyof T & string}.${string}`;

/**
 * One condition. Semantics, identical in every adapter:
 * - `eq` / `ne`: equality (`ne` also matches records where the field is missing);
 * - `in` / `notIn`: membership in a list (`notIn` also matches missing);
 * - `lt` `lte` `gt` `gte`: ordering (numbers numerically, strings by code unit, dates as instants); a missing field never matches;
 * - `contains`: substring of a string field (case-sensitive), or element of an array field (`tags`);
 * - `startsWith`: string prefix (case-sensitive);
 * - `isNull`: `value: true` matches a missing/null field, `false` a present one.
 */
export type Condition<T> =
  | { readonly field: FieldPath<T>; readonly op: 'eq' | 'ne'; readonly value: WhereValue }
  | { readonly field: FieldPath<T>; readonly op: 'in' | 'notIn'; readonly value: readonly WhereValue[] }
  | { readonly field: FieldPath<T>; readonly op: 'lt' | 'lte' | 'gt' | 'gte'; readonly value: string | number | Date }
  | { readonly field: FieldPath<T>; readonly op: 'contains'; readonly value: string | number | boolean }
  | { readonly field: FieldPath<T>; readonly op: 'startsWith'; readonly value: string }
  | { readonly field: FieldPath<T>; readonly op: 'isNull'; readonly value: boolean };

/** A filter: a condition, or `and` / `or` / `not` of filters, nested to any depth. */
export type Where<T = Record<string, unknown>> =
  | Condition<T>
  | { readonly and: readonly Where<T>[] }
  | { readonly or: readonly Where<T>[] }
  | { readonly not: Where<T> };

/** Every operator of {@link Condition}. */
export const WHERE_OPERATORS = [
  'eq',
  'ne',
  'in',
  'notIn',
  'lt',
  'lte',
  'gt',
  'gte',
  'contains',
  'startsWith',
  'isNull',
] as const;

/** A where operator. */
export type WhereOperator = (typeof WHERE_OPERATORS)[number];

/**
 * One sort key. Missing/null values sort first in ascending order and last in descending
 * order; ties are always broken by `id` ascending, so order is total and pagination stable.
 */
export interface SortKey<T = Record<string, unknown>> {
  /** The field to sort by. */
  readonly field: FieldPath<T>;
  /** Direction (default `asc`). */
  readonly direction?: 'asc' | 'desc';
}

/** Options of {@link Store.find}. */
export interface FindOptions<T = Record<string, unknown>> {
  /** Filter (default: every record of the entity). */
  readonly where?: Where<T>;
  /** Sort keys (default: `id` ascending). */
  readonly sort?: readonly SortKey<T>[];
  /** Page size (default 100, at most 10,000). */
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string | null;
}

/** One page of {@link Store.find}. */
export interface Page<T> {
  /** The records of this page, in order. */
  readonly items: T[];
  /** Pass as `cursor` to get the next page; `null` when this is the last page. */
  readonly nextCursor: string | null;
}

/** Options of {@link Store.stream}. */
export interface StreamOptions<T = Record<string, unknown>> {
  /** Filter. */
  readonly where?: Where<T>;
  /** Sort keys (default `id` ascending). */
  readonly sort?: readonly SortKey<T>[];
  /** How many rows an adapter fetches at a time (default 1,000). Memory stays bounded by it. */
  readonly batchSize?: number;
}

/** Options of {@link Store.update} and {@link Store.delete}. */
export interface WriteOptions {
  /** The version the caller read. If the stored version differs, nothing is written and a `ConflictError` is thrown. */
  readonly expectedVersion?: number;
}

// ---------------------------------------------------------------------------------------------
// The append-only log
// ---------------------------------------------------------------------------------------------

/** JSON-compatible data (what log entries carry). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A log entry to append. */
export interface LogEntryInput {
  /** The entity the entry is about, e.g. `deal`. */
  readonly entity: string;
  /** The record's id. */
  readonly entityId: string;
  /** The kind of entry: `transition`, `activity`, a domain event name… */
  readonly kind: string;
  /** When it happened (default: the store's clock). */
  readonly at?: Date;
  /** Who did it (an owner id, `system`, an integration name). */
  readonly actor?: string;
  /** Payload: for a transition `{ lifecycle, from, to, event, reason, … }`. */
  readonly data?: { readonly [key: string]: Json };
}

/** A stored log entry. `seq` is assigned by the store: strictly increasing within a workspace. */
export interface LogEntry {
  /** Position in the workspace's log, strictly increasing in append order. */
  readonly seq: number;
  /** The workspace. */
  readonly workspaceId: string;
  /** Entity name. */
  readonly entity: string;
  /** Record id. */
  readonly entityId: string;
  /** Kind of entry. */
  readonly kind: string;
  /** When it happened. */
  readonly at: Date;
  /** Who did it, if known. */
  readonly actor: string | null;
  /** Payload (`{}` when none). */
  readonly data: { readonly [key: string]: Json };
}

/** Which log entries to read. All filters combine with *and*. Entries come in `seq` order. */
export interface LogQuery {
  /** Only this entity. */
  readonly entity?: string;
  /** Only this record (needs `entity`). */
  readonly entityId?: string;
  /** Only these kinds. */
  readonly kinds?: readonly string[];
  /** Only entries at or after this instant. */
  readonly from?: Date;
  /** Only entries strictly before this instant. */
  readonly to?: Date;
  /** Only entries with `seq` greater than this (resume reading). */
  readonly afterSeq?: number;
  /** At most this many entries (for `readLog`; default 10,000). */
  readonly limit?: number;
  /** For `streamLog`: rows fetched at a time (default 1,000). */
  readonly batchSize?: number;
}

// ---------------------------------------------------------------------------------------------
// Capabilities
// ---------------------------------------------------------------------------------------------

/** What an adapter offers, as readonly booleans (kysely's `DialectAdapter`, Keyv's capabilities). */
export interface StoreCapabilities {
  /** Real transactions: a failed `transaction(fn)` leaves nothing behind, and concurrent writers are isolated. */
  readonly transactions: boolean;
  /** `stream` / `streamLog` read in bounded batches instead of loading everything. */
  readonly streaming: boolean;
  /** Values of JSON fields (custom fields, nested objects) can be filtered on in the database. */
  readonly json: boolean;
  /** `createMany` uses a bulk path (multi-row insert / COPY) rather than one statement per row. */
  readonly bulkInsert: boolean;
  /** Several processes can share the store (a server database), not just this one. */
  readonly multiProcess: boolean;
}

// ---------------------------------------------------------------------------------------------
// The typed store (what applications use)
// ---------------------------------------------------------------------------------------------

/**
 * The repository contract, scoped to one workspace. Every method validates its input with the
 * entity's schema (unknown fields, wrong types → `ValidationError`), and every multi-record write
 * is atomic.
 */
export interface Store<R extends EntityRegistry = EntityRegistry> {
  /** The workspace this handle reads and writes. It can never see another workspace's records. */
  readonly workspaceId: string;
  /** The entity definitions this store knows. */
  readonly entities: R;
  /** What the underlying adapter offers. */
  readonly capabilities: StoreCapabilities;

  /** Creates a record; returns it with its metadata (id, version 1, timestamps). */
  create<E extends keyof R & string>(entity: E, input: CreateInputOf<R, E>): Promise<RecordOf<R, E>>;
  /** Creates several records atomically: all or none. */
  createMany<E extends keyof R & string>(entity: E, inputs: readonly CreateInputOf<R, E>[]): Promise<RecordOf<R, E>[]>;
  /** The record with this id, or `null`. */
  get<E extends keyof R & string>(entity: E, id: string): Promise<RecordOf<R, E> | null>;
  /** The record with this id; throws `NotFoundError` when there is none. */
  require<E extends keyof R & string>(entity: E, id: string): Promise<RecordOf<R, E>>;
  /** One page of records matching a filter, in a total order. */
  find<E extends keyof R & string>(entity: E, options?: FindOptions<RecordOf<R, E>>): Promise<Page<RecordOf<R, E>>>;
  /** How many records match a filter. */
  count<E extends keyof R & string>(entity: E, options?: { readonly where?: Where<RecordOf<R, E>> }): Promise<number>;
  /** Every matching record as an async iterable, fetched in bounded batches. */
  stream<E extends keyof R & string>(entity: E, options?: StreamOptions<RecordOf<R, E>>): AsyncIterable<RecordOf<R, E>>;
  /**
   * Applies a partial update; the version goes up by one. With `expectedVersion`, a stale version
   * throws `ConflictError` and writes nothing. Throws `NotFoundError` when the record is missing.
   */
  update<E extends keyof R & string>(
    entity: E,
    id: string,
    patch: PatchOf<R, E>,
    options?: WriteOptions,
  ): Promise<RecordOf<R, E>>;
  /** Deletes a record; `true` if it existed. With `expectedVersion`, a stale version throws `ConflictError`. */
  delete<E extends keyof R & string>(entity: E, id: string, options?: WriteOptions): Promise<boolean>;
  /**
   * Runs `fn` in a transaction: everything it writes through `tx` commits together, or — if it
   * throws — nothing does, and the error is rethrown. Nested calls join the outer transaction.
   */
  transaction<T>(fn: (tx: Store<R>) => Promise<T>): Promise<T>;
  /** Appends entries to the log (atomically), returning them with their `seq`. */
  append(entries: readonly LogEntryInput[]): Promise<LogEntry[]>;
  /** Reads log entries in `seq` order. */
  readLog(query?: LogQuery): Promise<LogEntry[]>;
  /** Streams log entries in `seq` order, in bounded batches. */
  streamLog(query?: LogQuery): AsyncIterable<LogEntry>;
}

// ---------------------------------------------------------------------------------------------
// The driver (what an adapter implements)
// ---------------------------------------------------------------------------------------------

/**
 * A record as drivers persist it: metadata columns plus the domain fields as JSON-compatible
 * data (timestamps as ISO 8601 strings, `Date`s never reach a driver).
 */
export interface StoredRow {
  /** Record id. */
  readonly id: string;
  /** Version, 1 on insert. */
  readonly version: number;
  /** Creation time, ISO 8601 UTC (`toISOString()` format, so string order is time order). */
  readonly createdAt: string;
  /** Last update, ISO 8601 UTC. */
  readonly updatedAt: string;
  /** The record's external id (`data.externalId`), promoted for indexed look-ups; `null` when none. */
  readonly externalId: string | null;
  /** Domain fields, JSON-compatible. */
  readonly data: { readonly [key: string]: Json };
}

/**
 * A field path as drivers receive it: `['createdAt']` for metadata (`id`, `version`,
 * `createdAt`, `updatedAt` are columns), otherwise a path into `data` (`['source', 'channel']`,
 * `['customFields', 'tier']`). Values in conditions are JSON scalars: `Date`s have been turned
 * into ISO strings.
 */
export type DriverCondition =
  | { readonly path: readonly string[]; readonly op: 'eq' | 'ne'; readonly value: string | number | boolean | null }
  | { readonly path: readonly string[]; readonly op: 'in' | 'notIn'; readonly value: readonly (string | number | boolean | null)[] }
  | { readonly path: readonly string[]; readonly op: 'lt' | 'lte' | 'gt' | 'gte'; readonly value: string | number }
  | { readonly path: readonly string[]; readonly op: 'contains'; readonly value: string | number | boolean }
  | { readonly path: readonly string[]; readonly op: 'startsWith'; readonly value: string }
  | { readonly path: readonly string[]; readonly op: 'isNull'; readonly value: boolean };

/** A driver-level filter (paths resolved, values JSON). */
export type DriverWhere =
  | DriverCondition
  | { readonly and: readonly DriverWhere[] }
  | { readonly or: readonly DriverWhere[] }
  | { readonly not: DriverWhere };

/** A driver-level sort key; the driver must append `id` ascending as the final tie-breaker itself. */
export interface DriverSortKey {
  /** Path as in {@link DriverCondition}. */
  readonly path: readonly string[];
  /** Direction. */
  readonly direction: 'asc' | 'desc';
}

/** A driver-level select. */
export interface DriverQuery {
  /** Filter (already includes cursor conditions). */
  readonly where?: DriverWhere;
  /** Sort keys; `id` ascending is always the last tie-breaker. */
  readonly sort: readonly DriverSortKey[];
  /** Maximum rows. */
  readonly limit?: number;
}

/** A log entry as drivers persist it (`at` as an ISO string; `seq` assigned by the driver). */
export interface DriverLogEntry {
  readonly entity: string;
  readonly entityId: string;
  readonly kind: string;
  readonly at: string;
  readonly actor: string | null;
  readonly data: { readonly [key: string]: Json };
}

/**
 * Persistence operations of one workspace, inside or outside a transaction. All rows belong to
 * the driver's workspace: a driver must scope every statement to it.
 */
export interface DriverSession {
  /** Inserts rows; throws `UniqueViolationError` on a duplicate id (or external id) and inserts none of them. */
  insert(entity: string, rows: readonly StoredRow[]): Promise<void>;
  /** Rows by id (missing ids are skipped). */
  getMany(entity: string, ids: readonly string[]): Promise<StoredRow[]>;
  /** Rows matching a query, in order. */
  select(entity: string, query: DriverQuery): Promise<StoredRow[]>;
  /** Number of rows matching a filter. */
  count(entity: string, where: DriverWhere | undefined): Promise<number>;
  /**
   * Replaces a row if its stored version equals `expectedVersion` (compare-and-set). Returns
   * `false` when no row with that id and version exists (missing or stale).
   */
  replace(entity: string, row: StoredRow, expectedVersion: number): Promise<boolean>;
  /** Deletes a row, optionally only at `expectedVersion`; `false` when nothing was deleted. */
  remove(entity: string, id: string, expectedVersion?: number): Promise<boolean>;
  /** Appends log entries, returning their assigned `seq` in order. */
  appendLog(entries: readonly DriverLogEntry[]): Promise<number[]>;
  /** Log entries matching a query, in `seq` order (limit and afterSeq honoured). */
  readLog(query: DriverLogQuery): Promise<Array<DriverLogEntry & { readonly seq: number }>>;
}

/** A driver-level log query (instants as ISO strings). */
export interface DriverLogQuery {
  readonly entity?: string;
  readonly entityId?: string;
  readonly kinds?: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly afterSeq?: number;
  readonly limit: number;
}

/** What an adapter implements. */
export interface StoreDriver extends DriverSession {
  /** Adapter name for errors (`memory`, `postgres`…). */
  readonly name: string;
  /** The workspace this driver is scoped to. */
  readonly workspaceId: string;
  /** What the adapter offers. */
  readonly capabilities: StoreCapabilities;
  /**
   * Runs `fn` in one transaction on a session bound to it. Commits when `fn` resolves; rolls
   * back and rethrows when it rejects.
   */
  transaction<T>(fn: (session: DriverSession) => Promise<T>): Promise<T>;
}
