/**
 * {@link createStore}: the typed, validated, workspace-scoped {@link Store} built on top of any
 * {@link StoreDriver}. Everything an adapter would otherwise have to get right by itself lives
 * here once: input validation with the entity schemas, ids and timestamps, JSON serialisation,
 * revival of rows into records, optimistic concurrency, `where` translation, keyset pagination,
 * streaming and log validation.
 *
 * @module
 */
import { z } from 'zod';
import {
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  UniqueViolationError,
  ValidationError,
  type ValidationIssue,
} from '../errors';
import { type Clock, systemClock } from '../model/clock';
import { RecordMetaSchema, TimestampSchema, WorkspaceIdSchema } from '../model/common';
import { type IdGenerator, neverRepeats, uuidV7Ids } from '../model/ids';
import { CRM_ENTITIES, type CrmEntities } from '../model/registry';
import {
  type AnyRecord,
  type Cloner,
  clonerFor,
  cloneValue,
  type Copier,
  copierFor,
  deepFreeze,
  isPlainObject,
  isoString,
  PEEK_VERSION,
  INSERT_CHUNKS,
  type InsertChunks,
  issue,
  RECORD_META_KEYS,
  type RecordShape,
  recordShapeFor,
  strictJsonChecked,
  REPLACE_IF_UNCHANGED,
  type ReplaceIfUnchanged,
  SYNC_SESSION,
  type SyncSession,
  toJsonCheckedMember,
} from './internal';
import { afterRowWhere, cursorWhere, decodeCursor, encodeCursor, translateSort, translateWhere } from './query';
import type {
  AnyEntityDefinition,
  CreateInputOf,
  DriverLogEntry,
  DriverLogQuery,
  DriverQuery,
  DriverSession,
  DriverSortKey,
  DriverWhere,
  EntityRegistry,
  FindOptions,
  Json,
  LogEntry,
  LogEntryInput,
  LogQuery,
  Page,
  PatchOf,
  RecordOf,
  Store,
  StoreCapabilities,
  StoreDriver,
  StoredRow,
  StreamOptions,
  Where,
  WriteOptions,
} from './types';

/** Options of {@link createStore}. */
export interface CreateStoreOptions<R extends EntityRegistry = CrmEntities> {
  /** The adapter: persistence of JSON rows for one workspace. */
  readonly driver: StoreDriver;
  /** Entity definitions the store knows (default: the built-in `CRM_ENTITIES`). */
  readonly entities?: R;
  /** Id generator for new records (default: UUID v7). */
  readonly ids?: IdGenerator;
  /** Clock for `createdAt` / `updatedAt` / log `at` (default: the system clock). */
  readonly clock?: Clock;
}

/** Default page size of `find`. */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest page size of `find`. */
export const MAX_PAGE_SIZE = 10_000;
/** Default batch size of `stream` / `streamLog`. */
export const DEFAULT_BATCH_SIZE = 1_000;
/** Default `limit` of `readLog`. */
export const DEFAULT_LOG_LIMIT = 10_000;

/**
 * How many times `update` without `expectedVersion` re-reads and re-applies its patch after
 * losing a compare-and-set race (each lost race means another writer made progress).
 */
const UPDATE_ATTEMPTS = 100;

interface EntityInfo {
  readonly name: string;
  readonly definition: AnyEntityDefinition;
  readonly fields: ReadonlySet<string>;
  /**
   * The entity's object-level (cross-field) rules alone, lifted from `schema`, or `undefined`
   * when they cannot be lifted (then `update` re-parses the whole merged record).
   */
  readonly rules: z.ZodType | null | undefined;
  /**
   * The field schemas of `patchSchema` with their position, when it is a plain strict object
   * schema (then a patch can be checked field by field); `undefined` otherwise.
   */
  readonly patchFields: ReadonlyMap<string, PatchField> | undefined;
  /**
   * `definition.dataSchema` compiled with `z.compile` (see {@link compiledDataSchema}), made on
   * first use; `null` when it is not compiled (custom entities, no code generation).
   */
  compiledData: z.ZodType | null | undefined;
  /**
   * Builders of records and row data specialised to the field keys seen so far (at most
   * {@link MAX_SHAPES}), most recently used first.
   */
  readonly shapes: RecordShape[];
}

interface PatchField {
  readonly schema: z.ZodType;
  readonly index: number;
}

interface Shared {
  readonly driver: StoreDriver;
  readonly workspaceId: string;
  readonly entities: EntityRegistry;
  readonly infos: ReadonlyMap<string, EntityInfo>;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** Revived records keyed by row identity (drivers that keep immutable rows get cheap reads). */
  readonly cache: WeakMap<StoredRow, Revived>;
  /**
   * For out-of-process drivers, whose rows are new objects on every read: the last row seen of
   * recently read or written records (by entity and id) with its revived record, reused when a
   * read returns a row with exactly the same content (see {@link sameRow}). Bounded.
   */
  readonly recent: Map<string, { readonly row: StoredRow; readonly record: AnyRecord }>;
}

/**
 * A row's revived record (frozen, never handed out) and, once needed, functions specialised to
 * its shape: a deep cloner of the record, a shallow copier of the record and one of `row.data`.
 */
interface Revived {
  readonly record: AnyRecord;
  cloner: Cloner | undefined;
  copier?: Copier | undefined;
  dataCopier?: Copier | undefined;
}

const allowsEval = (): boolean => z.core.util.allowsEval.value;

/** The data schemas of the built-in entities: their checks and transforms are pure functions. */
const BUILT_IN_DATA_SCHEMAS: ReadonlySet<unknown> = new Set(Object.values(CRM_ENTITIES).map((definition) => definition.dataSchema));

/** Compiled clones of built-in data schemas, shared by every store (see {@link compiledDataSchema}). */
const compiledDataSchemas = new WeakMap<z.ZodType, z.ZodType>();

/** How many inputs of a built-in data schema are parsed before it is compiled (several milliseconds, once). */
const COMPILE_AFTER = 100;

/** Inputs parsed so far with built-in data schemas not compiled yet. */
const parsesBeforeCompile = new WeakMap<z.ZodType, number>();

/**
 * The data schema `create` and `createMany` parse input with: for a built-in entity that has
 * parsed {@link COMPILE_AFTER} inputs, a clone made by `z.compile` — a generated validator runs
 * first and, when it rejects, the original schema parses again, so results and issues are exactly
 * the original's; only pure callbacks may run twice, which is why custom entities (whose
 * refinements may have effects) keep their schema. The original where code generation is off
 * (zod's `jitless`, no `eval`).
 */
function compiledDataSchema(info: EntityInfo): z.ZodType {
  const original = info.definition.dataSchema as z.ZodType;
  if (z.core.globalConfig.jitless === true) return original;
  if (info.compiledData === undefined) info.compiledData = compileDataSchema(original);
  return info.compiledData ?? original;
}

/**
 * `z.compile(schema)` for a built-in data schema where `eval` is allowed (memoised), else `null`;
 * `undefined` (use the schema itself, ask again) while it has parsed fewer than
 * {@link COMPILE_AFTER} inputs, so that a few creates never pay for compiling.
 */
function compileDataSchema(schema: z.ZodType): z.ZodType | null | undefined {
  let compiled = compiledDataSchemas.get(schema);
  if (compiled !== undefined) return compiled;
  if (!BUILT_IN_DATA_SCHEMAS.has(schema) || !allowsEval()) return null;
  const parses = (parsesBeforeCompile.get(schema) ?? 0) + 1;
  if (parses < COMPILE_AFTER) {
    parsesBeforeCompile.set(schema, parses);
    return undefined;
  }
  // `compile` never throws: a schema it cannot model comes back unchanged.
  compiled = z.compile(schema);
  compiledDataSchemas.set(schema, compiled);
  return compiled;
}

/** How many shapes of field keys an entity has specialised builders for; records of other shapes are built generically. */
const MAX_SHAPES = 16;

/**
 * The specialised builders for records whose field keys are `keys` from index `from` on (a
 * record's own keys start with the record metadata), made on first sight; `undefined` once the
 * entity has {@link MAX_SHAPES} other shapes, and in zod's `jitless` mode.
 */
function shapeOf(info: EntityInfo, keys: readonly string[], from: number): RecordShape | undefined {
  if (z.core.globalConfig.jitless === true) return undefined;
  const shapes = info.shapes;
  const length = keys.length - from;
  for (let i = 0; i < shapes.length; i++) {
    const shape = shapes[i] as RecordShape;
    const shapeKeys = shape.keys;
    if (shapeKeys.length !== length) continue;
    let same = true;
    for (let k = 0; k < length; k++) {
      if (shapeKeys[k] !== keys[from + k]) {
        same = false;
        break;
      }
    }
    if (!same) continue;
    if (i > 0) {
      shapes.splice(i, 1);
      shapes.unshift(shape);
    }
    return shape;
  }
  if (shapes.length >= MAX_SHAPES) return undefined;
  const shape = recordShapeFor(from === 0 ? keys : keys.slice(from), allowsEval);
  shapes.unshift(shape);
  return shape;
}

/** Whether a record's own keys start with the record metadata, in the order `build` puts it. */
function startsWithMeta(keys: readonly string[]): boolean {
  if (keys.length < RECORD_META_KEYS.length) return false;
  for (let i = 0; i < RECORD_META_KEYS.length; i++) if (keys[i] !== RECORD_META_KEYS[i]) return false;
  return true;
}

const spread: Copier = (value) => ({ ...value });

/** A create input without its `id` and `createdAt`. */
function withoutMeta(input: AnyRecord): AnyRecord {
  const { id: _id, createdAt: _createdAt, ...rest } = input;
  return rest;
}

/** How many records a store keeps in {@link Shared.recent}. */
const RECENT_RECORDS = 1024;

/** Rows a transaction remembers from `find` for a later `update` (see `TypedStore.read`); `get` is not bounded. */
const LAST_READ_LIMIT = 10_000;

/** Deep equality of two JSON values (object key order ignored: databases may reorder keys). */
function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i] as Json, b[i] as Json)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !jsonEqual(a[key] as Json, b[key] as Json)) return false;
  }
  return true;
}

/** Whether two rows have the same content (then they revive to equal records). */
function sameRow(a: StoredRow, b: StoredRow): boolean {
  return (
    a.id === b.id &&
    a.version === b.version &&
    a.createdAt === b.createdAt &&
    a.updatedAt === b.updatedAt &&
    a.externalId === b.externalId &&
    jsonEqual(a.data, b.data)
  );
}

const LOG_ENTRY_KEYS: ReadonlySet<string> = new Set(['entity', 'entityId', 'kind', 'at', 'actor', 'data']);
const LOG_ENTRY_STRINGS = ['entity', 'entityId', 'kind'] as const;
const META_KEYS: ReadonlySet<string> = new Set(RECORD_META_KEYS);
const IdSchema = RecordMetaSchema.shape.id;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function isPositiveInt(value: unknown, max = Number.MAX_SAFE_INTEGER): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}

function zodIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  if (prefix.length === 0) return error.issues;
  return error.issues.map((entry) => ({ ...entry, path: [...prefix, ...entry.path] }));
}

function and(a: DriverWhere | undefined, b: DriverWhere | undefined): DriverWhere | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { and: [a, b] };
}

function driverQuery(where: DriverWhere | undefined, sort: readonly DriverSortKey[], limit: number): DriverQuery {
  return where === undefined ? { sort, limit } : { where, sort, limit };
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

class TypedStore implements Store<EntityRegistry> {
  readonly workspaceId: string;
  readonly entities: EntityRegistry;
  readonly capabilities: StoreCapabilities;

  /** The session's synchronous face, when it has one (in-process drivers). */
  private readonly sync: SyncSession | undefined;
  /** The session's whole-row compare-and-set, when it has one (see {@link REPLACE_IF_UNCHANGED}). */
  private readonly replaceIfUnchanged: ReplaceIfUnchanged | undefined;
  /** Rows this transaction read last, by entity and id (only with {@link replaceIfUnchanged}). */
  private readonly lastRead = new Map<string, StoredRow>();
  /**
   * Revived records of the rows in {@link lastRead} (out-of-process drivers inside a transaction
   * with {@link replaceIfUnchanged}): `update` merges onto them without parsing the row again.
   * Never handed out, never mutated.
   */
  private readonly local: WeakMap<StoredRow, Revived> | undefined;

  constructor(
    private readonly shared: Shared,
    private readonly session: DriverSession,
    private readonly inTransaction: boolean,
  ) {
    const sync = (session as { [SYNC_SESSION]?: SyncSession })[SYNC_SESSION];
    this.sync = sync !== null && typeof sync === 'object' ? sync : undefined;
    const cas = (session as { [REPLACE_IF_UNCHANGED]?: ReplaceIfUnchanged })[REPLACE_IF_UNCHANGED];
    this.replaceIfUnchanged = inTransaction && typeof cas === 'function' ? cas : undefined;
    this.local = this.sync === undefined && this.replaceIfUnchanged !== undefined ? new WeakMap() : undefined;
    this.workspaceId = shared.workspaceId;
    this.entities = shared.entities;
    this.capabilities = shared.driver.capabilities;
  }

  // -- helpers ---------------------------------------------------------------------------------

  private info(entity: unknown): EntityInfo {
    const info = typeof entity === 'string' ? this.shared.infos.get(entity) : undefined;
    if (info === undefined) {
      throw new ValidationError('store request', [
        issue(['entity'], `Unknown entity ${JSON.stringify(entity)}; known: ${[...this.shared.infos.keys()].join(', ')}`),
      ]);
    }
    return info;
  }

  private checkId(entity: string, id: unknown): string {
    if (typeof id !== 'string' || id === '') throw new ValidationError(entity, [issue(['id'], 'Expected a non-empty string id')]);
    return id;
  }

  private checkExpectedVersion(entity: string, options: WriteOptions | undefined): number | undefined {
    const expected = options?.expectedVersion;
    if (expected !== undefined && !isPositiveInt(expected)) {
      throw new ValidationError(entity, [issue(['expectedVersion'], 'Expected a positive integer version')]);
    }
    return expected;
  }

  /**
   * Serialises a validated record into a row (with the data builder of the record's shape when
   * it has one, see {@link shapeOf}).
   */
  private toRow(info: EntityInfo, record: AnyRecord): StoredRow {
    const issues: ValidationIssue[] = [];
    const keys = Object.keys(record);
    const shape = startsWithMeta(keys) ? shapeOf(info, keys, RECORD_META_KEYS.length) : undefined;
    let data = shape?.data?.(record, issues, toJsonCheckedMember);
    if (data === undefined) {
      data = {};
      for (const key of keys) {
        if (META_KEYS.has(key)) continue;
        const value = record[key];
        if (value === undefined) continue;
        data[key] = toJsonCheckedMember(value, key, issues);
      }
    }
    if (issues.length > 0) throw new ValidationError(info.name, issues);
    const externalId = data['externalId'];
    return {
      id: record['id'] as string,
      version: record['version'] as number,
      createdAt: isoString(record['createdAt'] as Date),
      updatedAt: isoString(record['updatedAt'] as Date),
      externalId: typeof externalId === 'string' ? externalId : null,
      data,
    };
  }

  /** The revived (cached, frozen) record of a row. Never hand it out: clone it. */
  private revived(info: EntityInfo, row: StoredRow): AnyRecord {
    return this.entry(info, row).record;
  }

  /** A fresh, mutable copy of a row's record for the caller. */
  private copy(info: EntityInfo, row: StoredRow): AnyRecord {
    if (this.sync === undefined) {
      // Rows of an out-of-process driver are fresh objects, read once: revive without freezing
      // or compiling shape-specific copiers (neither would be used again), and hand out a
      // generic deep copy so the caller never shares anything with the row.
      const local = this.local?.get(row);
      return cloneValue(local === undefined ? this.revive(info, row) : local.record);
    }
    const entry = this.entry(info, row);
    const cloner = (entry.cloner ??= clonerFor(entry.record, z.core.globalConfig.jitless === true, allowsEval));
    return cloner(entry.record, cloneValue);
  }

  /**
   * A row's record, parsed with the entity's `schema` — or, when the same row content was
   * revived or written recently, that record again (parsing is a pure function of the row).
   * Shared: never mutate it or hand it out.
   */
  private revive(info: EntityInfo, row: StoredRow): AnyRecord {
    const key = `${info.name}\u0000${row.id}`;
    const recent = this.shared.recent.get(key);
    if (recent !== undefined && sameRow(recent.row, row)) return recent.record;
    const record = this.parseRow(info, row);
    this.keepRecent(key, row, record);
    return record;
  }

  /** Remembers a record's current row and revived record (bounded, oldest dropped first). */
  private keepRecent(key: string, row: StoredRow, record: AnyRecord): void {
    const recent = this.shared.recent;
    recent.delete(key);
    if (recent.size >= RECENT_RECORDS) recent.delete(recent.keys().next().value as string);
    recent.set(key, { row, record });
  }

  /** A row's record, parsed with the entity's `schema` (a new object). */
  private parseRow(info: EntityInfo, row: StoredRow): AnyRecord {
    const input: AnyRecord = { ...row.data };
    input['id'] = row.id;
    input['workspaceId'] = this.workspaceId;
    input['version'] = row.version;
    input['createdAt'] = row.createdAt;
    input['updatedAt'] = row.updatedAt;
    const result = info.definition.schema.safeParse(input);
    if (!result.success) {
      throw new ValidationError(`stored ${info.name} ${row.id}`, result.error.issues, { cause: result.error });
    }
    return result.data as AnyRecord;
  }

  /**
   * The cache entry of a row, reviving it with `schema` the first time. In-process drivers hand
   * the same row objects back, so entries live in the store-wide cache (frozen); for other
   * drivers only a transaction's last-read rows are kept, in {@link local}.
   */
  private entry(info: EntityInfo, row: StoredRow): Revived {
    if (this.sync === undefined) {
      const local = this.local?.get(row);
      if (local !== undefined) return local;
      return { record: this.revive(info, row), cloner: undefined };
    }
    const cached = this.shared.cache.get(row);
    if (cached !== undefined) return cached;
    const entry: Revived = { record: deepFreeze(this.parseRow(info, row)), cloner: undefined };
    this.shared.cache.set(row, entry);
    return entry;
  }

  private remember<T>(row: StoredRow, record: AnyRecord): T {
    // Only drivers that keep rows in process hand the same row objects back: for the others a
    // cache entry could never be hit.
    if (this.sync !== undefined) this.shared.cache.set(row, { record: deepFreeze(cloneValue(record)), cloner: undefined });
    return record as T;
  }

  /** The current row of `id` (synchronously when the session allows). */
  private async current(entity: string, id: string): Promise<StoredRow | undefined> {
    return (await this.session.getMany(entity, [id]))[0];
  }

  /**
   * Validates create input and builds the record (without writing it). Sets `given.ids` when the
   * input carried a valid `id` (instead of taking one from the id generator).
   */
  private build(
    info: EntityInfo,
    input: unknown,
    prefix: PropertyKey[],
    issues: ValidationIssue[],
    now: () => Date,
    given?: { ids: boolean },
  ): AnyRecord | undefined {
    if (!isPlainObject(input)) {
      issues.push(issue(prefix, 'Expected an object'));
      return undefined;
    }
    // Most inputs carry neither `id` nor `createdAt`: validate them as they are, without a copy.
    const rest = Object.hasOwn(input, 'id') || Object.hasOwn(input, 'createdAt') ? withoutMeta(input) : input;
    const id = input['id'];
    const createdAt = input['createdAt'];
    const before = issues.length;
    let parsedId: string | undefined;
    if (id !== undefined) {
      const result = IdSchema.safeParse(id);
      if (result.success) parsedId = result.data;
      else issues.push(...zodIssues(result.error, [...prefix, 'id']));
    }
    let parsedCreatedAt: Date | undefined;
    if (createdAt !== undefined) {
      const result = TimestampSchema.safeParse(createdAt);
      if (result.success && !Number.isNaN(result.data.getTime())) parsedCreatedAt = result.data;
      else issues.push(issue([...prefix, 'createdAt'], 'Expected a Date or an ISO 8601 date-time with a timezone'));
    }
    const data = compiledDataSchema(info).safeParse(rest);
    if (!data.success) issues.push(...zodIssues(data.error, prefix));
    if (issues.length !== before || !data.success) return undefined;
    const at = parsedCreatedAt ?? now();
    if (parsedId !== undefined && given !== undefined) given.ids = true;
    const recordId = parsedId ?? this.shared.ids.next(info.name);
    const time = at.getTime();
    const fields = data.data as AnyRecord;
    const keys = Object.keys(fields);
    const built = shapeOf(info, keys, 0)?.record?.(fields, recordId, this.workspaceId, time);
    if (built !== undefined) return built;
    const record: AnyRecord = { id: recordId, workspaceId: this.workspaceId, version: 1, createdAt: new Date(time), updatedAt: new Date(time) };
    for (const key of keys) {
      if (fields[key] !== undefined) record[key] = fields[key];
    }
    return record;
  }

  private queryParts(info: EntityInfo, where: unknown, sort: unknown, issues: ValidationIssue[]) {
    const driverWhere = where === undefined ? undefined : translateWhere(where, ['where'], issues, info.fields);
    const driverSort = translateSort(sort, ['sort'], issues, info.fields);
    return { where: driverWhere, sort: driverSort };
  }

  // -- records ---------------------------------------------------------------------------------

  async create(entity: string, input: CreateInputOf<EntityRegistry, string>): Promise<AnyRecord> {
    const info = this.info(entity);
    const issues: ValidationIssue[] = [];
    const record = this.build(info, input, [], issues, this.shared.clock);
    if (record === undefined) throw new ValidationError(info.name, issues);
    const row = this.toRow(info, record);
    await this.session.insert(info.name, [row]);
    this.forget(info.name, row.id);
    return this.remember(row, record);
  }

  async createMany(entity: string, inputs: readonly CreateInputOf<EntityRegistry, string>[]): Promise<AnyRecord[]> {
    const info = this.info(entity);
    if (!Array.isArray(inputs)) throw new ValidationError(info.name, [issue([], 'Expected an array of inputs')]);
    if (inputs.length === 0) return [];
    const issues: ValidationIssue[] = [];
    let batchNow: Date | undefined;
    const now = (): Date => (batchNow ??= this.shared.clock());
    const insertChunks = (this.session as { [INSERT_CHUNKS]?: InsertChunks })[INSERT_CHUNKS];
    if (typeof insertChunks === 'function' && this.sync === undefined) {
      const records = await this.createInChunks(info, inputs, issues, now, insertChunks);
      this.forget(info.name, records);
      return records;
    }
    const records: AnyRecord[] = [];
    const rows = this.rowMaker(info, inputs, issues, now, records)(inputs.length) as StoredRow[];
    await this.session.insert(info.name, rows);
    this.forget(info.name, records);
    return rows.map((row, index) => this.remember<AnyRecord>(row, records[index] as AnyRecord));
  }

  /** The checks `createMany` makes on its built records before converting them: issues, then duplicate ids. */
  private checkBatch(info: EntityInfo, records: readonly AnyRecord[], issues: readonly ValidationIssue[]): void {
    if (issues.length > 0) throw new ValidationError(info.name, [...issues]);
    const seen = new Set<string>();
    for (const record of records) {
      const id = record['id'] as string;
      if (seen.has(id)) throw new UniqueViolationError(info.name, 'id', id);
      seen.add(id);
    }
  }

  /** Duplicate external ids within a batch of rows. */
  private checkExternalIds(info: EntityInfo, rows: readonly StoredRow[]): void {
    const seenExternal = new Set<string>();
    for (const row of rows) {
      if (row.externalId === null) continue;
      if (seenExternal.has(row.externalId)) throw new UniqueViolationError(info.name, 'externalId', row.externalId);
      seenExternal.add(row.externalId);
    }
  }

  /**
   * `createMany` through a session's {@link INSERT_CHUNKS}: inputs are validated chunk by chunk
   * (see {@link rowMaker}) while the database inserts the previous chunk; the driver rolls the
   * inserted chunks back when making a chunk throws.
   */
  private async createInChunks(
    info: EntityInfo,
    inputs: readonly unknown[],
    issues: ValidationIssue[],
    now: () => Date,
    insertChunks: InsertChunks,
  ): Promise<AnyRecord[]> {
    const records: AnyRecord[] = [];
    await insertChunks.call(this.session, info.name, inputs.length, this.rowMaker(info, inputs, issues, now, records));
    return records;
  }

  /**
   * The rows of `createMany`: `next(max)` returns those of the next (at most `max`) inputs, or
   * `undefined` when done, and adds their records to `records`. The inputs of a chunk are built,
   * then their ids checked, then they are converted, then their external ids checked. The
   * outcome is exactly the sequential one: at the first problem, the remaining inputs are still
   * built and the error is the one the sequential checks raise first (all validation issues, then
   * a duplicate id, then a value that is not JSON, then a duplicate external id).
   */
  private rowMaker(
    info: EntityInfo,
    inputs: readonly unknown[],
    issues: ValidationIssue[],
    now: () => Date,
    records: AnyRecord[],
  ): (max: number) => StoredRow[] | undefined {
    const seen = new Set<string>();
    const seenExternal = new Set<string>();
    // Ids from a generator that never repeats itself cannot clash with each other: they go into
    // `seen` only once an input has given its own id (`checked`: how many records are in it).
    const generatedUnique = neverRepeats(this.shared.ids);
    const given = { ids: false };
    let checked = 0;
    let index = 0;
    const fail = (): never => {
      for (; index < inputs.length; index++) {
        const record = this.build(info, inputs[index], [index], issues, now);
        if (record !== undefined) records.push(record);
      }
      this.checkBatch(info, records, issues);
      const rows = records.map((record) => this.toRow(info, record));
      this.checkExternalIds(info, rows);
      throw new Error('createMany: a failed chunk passed every check'); // unreachable
    };
    return (max) => {
      if (index >= inputs.length) return undefined;
      const end = Math.min(inputs.length, index + Math.max(1, max));
      const from = records.length;
      // Phase by phase over the chunk, as the sequential checks go: build, ids, rows, external ids.
      for (; index < end; index++) {
        const record = this.build(info, inputs[index], [index], issues, now, given);
        if (record === undefined) {
          index++;
          return fail();
        }
        records.push(record);
      }
      if (!generatedUnique || given.ids) {
        for (; checked < records.length; checked++) {
          const id = (records[checked] as AnyRecord)['id'] as string;
          if (seen.has(id)) return fail();
          seen.add(id);
        }
      }
      let rows: StoredRow[];
      try {
        rows = (from === 0 ? records : records.slice(from)).map((record) => this.toRow(info, record));
      } catch {
        return fail();
      }
      for (const row of rows) {
        if (row.externalId === null) continue;
        if (seenExternal.has(row.externalId)) return fail();
        seenExternal.add(row.externalId);
      }
      return rows;
    };
  }

  /** Drops what a transaction remembers of rows it has just created or deleted. */
  private forget(entity: string, records: readonly AnyRecord[] | string): void {
    if (this.replaceIfUnchanged === undefined || this.lastRead.size === 0) return;
    if (typeof records === 'string') this.lastRead.delete(`${entity}\u0000${records}`);
    else for (const record of records) this.lastRead.delete(`${entity}\u0000${record['id'] as string}`);
  }

  async get(entity: string, id: string): Promise<AnyRecord | null> {
    const info = this.info(entity);
    this.checkId(info.name, id);
    const row = this.sync !== undefined ? this.sync.peek(info.name, id) : await this.current(info.name, id);
    if (this.replaceIfUnchanged !== undefined) {
      if (row === undefined) this.lastRead.delete(`${info.name}\u0000${id}`);
      else {
        this.lastRead.set(`${info.name}\u0000${id}`, row);
        if (this.local !== undefined && !this.local.has(row)) {
          const record = this.revive(info, row);
          this.local.set(row, { record, cloner: undefined });
          return cloneValue(record);
        }
      }
    }
    return row === undefined ? null : this.copy(info, row);
  }

  /**
   * A row found inside a transaction with {@link replaceIfUnchanged}: remembered like a `get`, so
   * that an `update` of it (an import looks rows up with `find`, then updates them) writes with
   * one compare-and-set statement instead of reading the row again.
   */
  private read(info: EntityInfo, row: StoredRow): AnyRecord {
    const key = `${info.name}\u0000${row.id}`;
    if (this.lastRead.size >= LAST_READ_LIMIT) {
      this.lastRead.delete(key);
      return this.copy(info, row);
    }
    this.lastRead.set(key, row);
    if (this.local === undefined || this.local.has(row)) return this.copy(info, row);
    const record = this.revive(info, row);
    this.local.set(row, { record, cloner: undefined });
    return cloneValue(record);
  }

  /** See {@link PEEK_VERSION}. */
  [PEEK_VERSION](entity: string, id: string): number | null | undefined {
    if (this.sync === undefined || typeof entity !== 'string' || typeof id !== 'string' || id === '') return undefined;
    const info = this.shared.infos.get(entity);
    if (info === undefined) return undefined;
    const row = this.sync.peek(info.name, id);
    return row === undefined ? null : row.version;
  }

  async require(entity: string, id: string): Promise<AnyRecord> {
    const record = await this.get(entity, id);
    if (record === null) throw new NotFoundError(entity, id);
    return record;
  }

  async find(entity: string, options: FindOptions = {}): Promise<Page<AnyRecord>> {
    const info = this.info(entity);
    const issues: ValidationIssue[] = [];
    if (!isPlainObject(options as unknown)) throw new ValidationError(info.name, [issue([], 'Expected find options')]);
    const { where, sort } = this.queryParts(info, options.where, options.sort, issues);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    if (!isPositiveInt(limit, MAX_PAGE_SIZE)) issues.push(issue(['limit'], `Expected an integer from 1 to ${MAX_PAGE_SIZE}`));
    const cursor = options.cursor;
    if (cursor !== undefined && cursor !== null && typeof cursor !== 'string') issues.push(issue(['cursor'], 'Expected a cursor string or null'));
    if (issues.length > 0) throw new ValidationError(info.name, issues);
    let filter = where;
    if (typeof cursor === 'string') filter = and(filter, cursorWhere(sort, decodeCursor(cursor, info.name, sort).values));
    const rows = await this.session.select(info.name, driverQuery(filter, sort, limit + 1));
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const items = this.replaceIfUnchanged === undefined ? page.map((row) => this.copy(info, row)) : page.map((row) => this.read(info, row));
    const last = page[page.length - 1];
    return { items, nextCursor: more && last !== undefined ? encodeCursor(info.name, sort, last) : null };
  }

  async count(entity: string, options: { readonly where?: Where } = {}): Promise<number> {
    const info = this.info(entity);
    const issues: ValidationIssue[] = [];
    const where = options.where === undefined ? undefined : translateWhere(options.where, ['where'], issues, info.fields);
    if (issues.length > 0) throw new ValidationError(info.name, issues);
    return this.session.count(info.name, where);
  }

  stream(entity: string, options: StreamOptions = {}): AsyncIterable<AnyRecord> {
    const info = this.info(entity);
    const issues: ValidationIssue[] = [];
    const { where, sort } = this.queryParts(info, options.where, options.sort, issues);
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!isPositiveInt(batchSize, MAX_PAGE_SIZE)) issues.push(issue(['batchSize'], `Expected an integer from 1 to ${MAX_PAGE_SIZE}`));
    if (issues.length > 0) throw new ValidationError(info.name, issues);
    const session = this.session;
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        let after: DriverWhere | undefined;
        for (;;) {
          const rows = await session.select(info.name, driverQuery(and(where, after), sort, batchSize));
          for (const row of rows) yield self.copy(info, row);
          const last = rows[rows.length - 1];
          if (rows.length < batchSize || last === undefined) return;
          after = afterRowWhere(sort, last);
        }
      },
    };
  }

  async update(entity: string, id: string, patch: PatchOf<EntityRegistry, string>, options?: WriteOptions): Promise<AnyRecord> {
    const info = this.info(entity);
    this.checkId(info.name, id);
    const expected = this.checkExpectedVersion(info.name, options);
    const changes = this.parsePatch(info, patch);
    const sync = this.sync;
    const key = `${info.name}\u0000${id}`;
    // Inside a transaction, a row read earlier (e.g. by `require`) saves reading it again: the
    // write then only happens while the stored row is still exactly that row; when anything
    // differs, the row is read afresh and the attempt starts over, as if it had been read now.
    let recent = this.replaceIfUnchanged === undefined ? undefined : this.lastRead.get(key);
    for (let attempt = 1; ; attempt++) {
      const cached = recent;
      recent = undefined;
      const current = cached ?? (sync !== undefined ? sync.peek(info.name, id) : await this.current(info.name, id));
      if (cached !== undefined && expected !== undefined && cached.version !== expected) {
        attempt--;
        continue;
      }
      if (current === undefined) throw new NotFoundError(info.name, id);
      if (expected !== undefined && current.version !== expected) throw new ConflictError(info.name, id, expected, current.version);
      const next = info.rules === undefined ? this.mergeByParsing(info, current, changes) : this.mergeIncrementally(info, current, changes);
      let replaced: boolean;
      if (cached !== undefined && this.replaceIfUnchanged !== undefined) {
        this.lastRead.delete(key);
        if (!(await this.replaceIfUnchanged.call(this.session, info.name, next.row, cached))) {
          attempt--;
          continue;
        }
        replaced = true;
      } else {
        replaced = (sync !== undefined ? sync.tryReplace(info.name, next.row, current.version) : undefined) ?? (await this.session.replace(info.name, next.row, current.version));
      }
      if (replaced) {
        if (this.replaceIfUnchanged !== undefined) this.lastRead.set(key, next.row);
        if (sync === undefined) {
          this.local?.set(next.row, { record: next.record, cloner: undefined });
          this.keepRecent(key, next.row, next.record);
          return cloneValue(next.record);
        }
        const cloner = next.cloner ?? clonerFor(next.record, z.core.globalConfig.jitless === true, allowsEval);
        this.shared.cache.set(next.row, { record: next.record, cloner, copier: next.copier, dataCopier: next.dataCopier });
        return cloner(next.record, cloneValue);
      }
      const now = await this.current(info.name, id);
      if (now === undefined) throw new NotFoundError(info.name, id);
      if (expected !== undefined || attempt >= UPDATE_ATTEMPTS) {
        throw new ConflictError(info.name, id, expected ?? current.version, now.version);
      }
    }
  }

  /**
   * Validates a patch with `patchSchema`. A plain patch whose keys are all fields is checked field
   * by field (what the strict object schema does, without visiting every absent optional field);
   * anything else, and any failure, goes through `patchSchema` itself so that issues are the same.
   */
  private parsePatch(info: EntityInfo, patch: unknown): AnyRecord {
    const fields = info.patchFields;
    if (fields !== undefined && isPlainObject(patch)) {
      const keys = Object.keys(patch);
      if (keys.length > 1) keys.sort((a, b) => (fields.get(a)?.index ?? -1) - (fields.get(b)?.index ?? -1));
      const out: AnyRecord = {};
      let ok = true;
      for (const key of keys) {
        const field = fields.get(key);
        const result = field?.schema.safeParse(patch[key]);
        if (result === undefined || !result.success) {
          ok = false;
          break;
        }
        out[key] = result.data;
      }
      if (ok) return out;
    }
    const parsed = info.definition.patchSchema.safeParse(patch);
    if (!parsed.success) throw new ValidationError(info.name, parsed.error.issues, { cause: parsed.error });
    return parsed.data as AnyRecord;
  }

  /**
   * The next version of a record: the current (cached, frozen) record and row with the patched
   * fields replaced, sharing every unchanged part (both are immutable). Only the patched fields
   * are converted to JSON, and only the cross-field rules run on the merged record: unchanged
   * fields are already valid and patched ones were validated by `patchSchema`, so the result is
   * the one a full re-parse with `schema` would give.
   */
  private mergeIncrementally(info: EntityInfo, current: StoredRow, changes: AnyRecord): Revived & { readonly row: StoredRow } {
    const previous = this.entry(info, current);
    const jitless = z.core.globalConfig.jitless === true;
    // Out-of-process rows are used once: a spread beats compiling a copier for them.
    const oneShot = this.sync === undefined;
    const copier = oneShot ? spread : (previous.copier ??= copierFor(previous.record, jitless, allowsEval));
    const dataCopier = oneShot ? spread : (previous.dataCopier ??= copierFor(current.data, jitless, allowsEval));
    const record: AnyRecord = copier(previous.record);
    const data = dataCopier(current.data) as { [key: string]: Json };
    const issues: ValidationIssue[] = [];
    // The previous record's functions fit the new one while the keys stay the same (and, for the
    // deep cloner, only primitives replace primitives).
    let sameKeys = true;
    let sameDataKeys = true;
    let sameShape = previous.cloner !== undefined;
    for (const key of Object.keys(changes)) {
      const value = changes[key];
      if (value === undefined) continue;
      if (value === null) {
        // Removing a field the record does not have changes nothing (and keeps its shape).
        if (Object.hasOwn(record, key)) {
          sameKeys = sameShape = false;
          delete record[key];
        }
        if (Object.hasOwn(data, key)) {
          sameDataKeys = false;
          delete data[key];
        }
      } else {
        if (!Object.hasOwn(record, key)) sameKeys = sameShape = false;
        else if (sameShape) {
          const old = record[key];
          sameShape = typeof value !== 'object' && (old === null || typeof old !== 'object');
        }
        if (!Object.hasOwn(data, key)) sameDataKeys = false;
        record[key] = cloneValue(value);
        data[key] = toJsonCheckedMember(value, key, issues);
      }
    }
    if (issues.length > 0) throw new ValidationError(info.name, issues);
    const updatedAt = this.shared.clock();
    const updatedIso = isoString(updatedAt);
    record['version'] = current.version + 1;
    record['updatedAt'] = new Date(updatedAt.getTime());
    if (info.rules !== null && info.rules !== undefined) {
      const result = info.rules.safeParse(record);
      if (!result.success) throw new ValidationError(info.name, result.error.issues, { cause: result.error });
    }
    const externalId = data['externalId'];
    const row: StoredRow = {
      id: current.id,
      version: current.version + 1,
      createdAt: current.createdAt,
      updatedAt: updatedIso,
      externalId: typeof externalId === 'string' ? externalId : null,
      data,
    };
    if (oneShot) return { row, record, cloner: undefined };
    // Unchanged members are shared with the previous (frozen) record: freeze only what is new.
    Object.freeze(record);
    const changed = Object.keys(changes);
    for (const key of changed) deepFreeze(record[key]);
    if (this.sync !== undefined) {
      // An in-process driver deep-freezes the row it keeps; `data` shares every unchanged member
      // with the previous (frozen) row, so freezing the new members here saves it a full walk.
      for (const key of changed) deepFreeze(data[key]);
      Object.freeze(data);
    }
    return {
      row,
      record,
      cloner: sameShape ? previous.cloner : undefined,
      copier: sameKeys ? copier : undefined,
      dataCopier: sameDataKeys ? dataCopier : undefined,
    };
  }

  /** The next version of a record by re-parsing the merged record with `schema` (fallback). */
  private mergeByParsing(info: EntityInfo, current: StoredRow, changes: AnyRecord): Revived & { readonly row: StoredRow } {
    const merged = cloneValue(this.revived(info, current));
    for (const key of Object.keys(changes)) {
      const value = changes[key];
      if (value === undefined) continue;
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    merged['version'] = current.version + 1;
    merged['updatedAt'] = this.shared.clock();
    const result = info.definition.schema.safeParse(merged);
    if (!result.success) throw new ValidationError(info.name, result.error.issues, { cause: result.error });
    const record = result.data as AnyRecord;
    const row = this.toRow(info, record);
    return { row, record: deepFreeze(cloneValue(record)), cloner: undefined };
  }

  async delete(entity: string, id: string, options?: WriteOptions): Promise<boolean> {
    const info = this.info(entity);
    this.checkId(info.name, id);
    const expected = this.checkExpectedVersion(info.name, options);
    this.forget(info.name, id);
    this.shared.recent.delete(`${info.name}\u0000${id}`);
    if (await this.session.remove(info.name, id, expected)) return true;
    if (expected !== undefined) {
      const current = (await this.session.getMany(info.name, [id]))[0];
      if (current !== undefined) throw new ConflictError(info.name, id, expected, current.version);
    }
    return false;
  }

  async transaction<T>(fn: (tx: Store<EntityRegistry>) => Promise<T>): Promise<T> {
    if (typeof fn !== 'function') throw new InvalidArgumentError('transaction(fn) needs a function');
    if (this.inTransaction) return fn(this);
    return this.shared.driver.transaction((session) => fn(new TypedStore(this.shared, session, true)));
  }

  // -- log -------------------------------------------------------------------------------------

  async append(entries: readonly LogEntryInput[]): Promise<LogEntry[]> {
    if (!Array.isArray(entries)) throw new ValidationError('log entries', [issue([], 'Expected an array of log entries')]);
    if (entries.length === 0) return [];
    const issues: ValidationIssue[] = [];
    const rows: DriverLogEntry[] = [];
    const times: number[] = [];
    let now: Date | undefined;
    entries.forEach((entry: unknown, index) => {
      const at: PropertyKey[] = [index];
      if (!isPlainObject(entry)) {
        issues.push(issue(at, 'Expected a log entry object'));
        return;
      }
      const before = issues.length;
      for (const key of Object.keys(entry)) {
        if (!LOG_ENTRY_KEYS.has(key)) issues.push(issue([...at, key], `Unknown key "${key}"`));
      }
      for (const key of LOG_ENTRY_STRINGS) {
        const value = entry[key];
        if (typeof value !== 'string' || value.length === 0) issues.push(issue([...at, key], 'Expected a non-empty string'));
      }
      const when = entry['at'];
      if (when !== undefined && !(when instanceof Date && !Number.isNaN(when.getTime()))) issues.push(issue([...at, 'at'], 'Expected a valid Date'));
      const actor = entry['actor'];
      if (actor !== undefined && (typeof actor !== 'string' || actor.length === 0)) issues.push(issue([...at, 'actor'], 'Expected a non-empty string'));
      const data = entry['data'];
      let json: { [key: string]: Json } = {};
      if (data !== undefined) {
        if (!isPlainObject(data)) issues.push(issue([...at, 'data'], 'Expected a JSON object'));
        else {
          json = strictJsonChecked(data, [...at, 'data'], issues) as { [key: string]: Json };
        }
      }
      if (issues.length !== before) return;
      const date = when instanceof Date ? when : (now ??= this.shared.clock());
      times.push(date.getTime());
      rows.push({
        entity: entry['entity'] as string,
        entityId: entry['entityId'] as string,
        kind: entry['kind'] as string,
        at: isoString(date),
        actor: typeof actor === 'string' ? actor : null,
        data: json,
      });
    });
    if (issues.length > 0) throw new ValidationError('log entries', issues);
    const seqs = await this.session.appendLog(rows);
    const out = new Array<LogEntry>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.toLogEntry(rows[i] as DriverLogEntry, seqs[i] as number, times[i]);
    return out;
  }

  private toLogEntry(row: DriverLogEntry, seq: number, time?: number): LogEntry {
    return {
      seq,
      workspaceId: this.workspaceId,
      entity: row.entity,
      entityId: row.entityId,
      kind: row.kind,
      at: new Date(time ?? row.at),
      actor: row.actor ?? null,
      data: cloneValue(row.data) as { [key: string]: Json },
    };
  }

  private logQuery(query: LogQuery, defaultLimit: number | undefined): { base: Omit<DriverLogQuery, 'limit'>; limit: number | undefined; batchSize: number } {
    const issues: ValidationIssue[] = [];
    if (!isPlainObject(query as unknown)) throw new ValidationError('log query', [issue([], 'Expected a log query object')]);
    const base: { -readonly [K in keyof DriverLogQuery]?: DriverLogQuery[K] } = {};
    for (const key of ['entity', 'entityId'] as const) {
      const value = query[key];
      if (value === undefined) continue;
      if (typeof value !== 'string' || value.length === 0) issues.push(issue([key], 'Expected a non-empty string'));
      else base[key] = value;
    }
    if (query.entityId !== undefined && query.entity === undefined) issues.push(issue(['entityId'], 'entityId needs entity'));
    if (query.kinds !== undefined) {
      if (!Array.isArray(query.kinds)) issues.push(issue(['kinds'], 'Expected an array of kinds'));
      else {
        query.kinds.forEach((kind: unknown, index) => {
          if (typeof kind !== 'string' || kind.length === 0) issues.push(issue(['kinds', index], 'Expected a non-empty string'));
        });
        base.kinds = [...query.kinds];
      }
    }
    for (const key of ['from', 'to'] as const) {
      const value: unknown = query[key];
      if (value === undefined) continue;
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) issues.push(issue([key], 'Expected a valid Date'));
      else base[key] = value.toISOString();
    }
    if (query.afterSeq !== undefined) {
      if (typeof query.afterSeq !== 'number' || !Number.isInteger(query.afterSeq) || query.afterSeq < 0) issues.push(issue(['afterSeq'], 'Expected a non-negative integer'));
      else base.afterSeq = query.afterSeq;
    }
    const limit = query.limit ?? defaultLimit;
    if (limit !== undefined && !isPositiveInt(limit)) issues.push(issue(['limit'], 'Expected a positive integer'));
    const batchSize = query.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!isPositiveInt(batchSize, MAX_PAGE_SIZE)) issues.push(issue(['batchSize'], `Expected an integer from 1 to ${MAX_PAGE_SIZE}`));
    if (issues.length > 0) throw new ValidationError('log query', issues);
    return { base: base as Omit<DriverLogQuery, 'limit'>, limit, batchSize };
  }

  async readLog(query: LogQuery = {}): Promise<LogEntry[]> {
    const { base, limit } = this.logQuery(query, DEFAULT_LOG_LIMIT);
    const rows = await this.session.readLog({ ...base, limit: limit ?? DEFAULT_LOG_LIMIT });
    return rows.map((row) => this.toLogEntry(row, row.seq));
  }

  streamLog(query: LogQuery = {}): AsyncIterable<LogEntry> {
    const { base, limit, batchSize } = this.logQuery(query, undefined);
    const session = this.session;
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        let afterSeq = base.afterSeq;
        let remaining = limit ?? Number.POSITIVE_INFINITY;
        while (remaining > 0) {
          const size = Math.min(batchSize, remaining);
          const rows = await session.readLog(afterSeq === undefined ? { ...base, limit: size } : { ...base, afterSeq, limit: size });
          for (const row of rows) yield self.toLogEntry(row, row.seq);
          remaining -= rows.length;
          const last = rows[rows.length - 1];
          if (rows.length < size || last === undefined) return;
          afterSeq = last.seq;
        }
      },
    };
  }
}

/**
 * The cross-field rules of an entity as a schema over an already field-validated record
 * (`defineEntity` builds it); `null` when the entity has none; `undefined` for a hand-built
 * definition without one (callers then fall back to a full parse).
 */
function liftRules(definition: AnyEntityDefinition): z.ZodType | null | undefined {
  return (definition as { rulesSchema?: z.ZodType | null }).rulesSchema;
}

/**
 * The fields of an entity's `patchSchema` when it is a strict object schema without object-level
 * checks, transforms or catch-all (the shape `defineEntity` builds); `undefined` otherwise.
 */
function patchFieldsOf(definition: AnyEntityDefinition): ReadonlyMap<string, PatchField> | undefined {
  try {
    const schema = definition.patchSchema as unknown;
    if (!(schema instanceof z.ZodObject)) return undefined;
    const def = (schema as z.ZodObject).def as { type?: unknown; shape?: unknown; catchall?: unknown; checks?: unknown };
    if (def.type !== 'object' || (def.checks !== undefined && (!Array.isArray(def.checks) || def.checks.length > 0))) return undefined;
    if (!(def.catchall instanceof z.ZodNever)) return undefined;
    const shape = def.shape as Record<string, z.ZodType>;
    const fields = new Map<string, PatchField>();
    let index = 0;
    for (const key of Object.keys(shape)) {
      // A field that plain objects inherit would be read from the prototype by the object schema.
      if (key in Object.prototype) return undefined;
      fields.set(key, { schema: shape[key] as z.ZodType, index: index++ });
    }
    return fields;
  } catch {
    return undefined;
  }
}

/**
 * Builds the typed, validated {@link Store} of one workspace on top of a {@link StoreDriver}.
 *
 * - `create` validates input with the entity's `dataSchema` (after taking out the optional
 *   `id` and `createdAt`), assigns the id (`ids.next(entity)` unless given), version 1 and the
 *   timestamps, and hands the driver a JSON row (`Date`s as ISO strings, `externalId` promoted).
 * - Rows are revived with the entity's `schema`, so records come back with `Date`s.
 * - `update` validates the patch with `patchSchema` (`null` removes an optional field),
 *   re-validates the merged record with `schema` (cross-field rules run), bumps the version and
 *   writes with compare-and-set. Without `expectedVersion` the patch is applied to whatever version
 *   is current: when it loses a race with another writer it re-reads and re-applies the patch
 *   (up to 100 times) instead of throwing `ConflictError`.
 * - `find` translates `where`/`sort`, pages with an opaque keyset cursor, so drivers only
 *   implement `where` + `sort` + `limit`; `stream` pages the same way in batches.
 * - `transaction(fn)` runs `fn` with a store bound to the driver transaction; nested calls join it
 *   (there are no savepoints: an inner failure that the outer `fn` catches does not undo the
 *   inner writes).
 *
 * @param options - the driver, and optionally the entity registry, id generator and clock
 * @returns the workspace-scoped store
 * @throws {@link InvalidArgumentError} when the driver's `workspaceId` is not a valid workspace id
 *
 * @example
 * ```ts
 * import { createStore, createMemoryDriver } from 'crmkit/store';
 * import { fixedClock, sequentialIds } from 'crmkit/model';
 * const store = createStore({
 *   driver: createMemoryDriver({ workspaceId: 'acme' }),
 *   ids: sequentialIds(),
 *   clock: fixedClock('2025-01-01T00:00:00Z'),
 * });
 * const ada = await store.create('contact', { firstName: 'Ada' });
 * ada.id; //=> 'contact_000001'
 * (await store.update('contact', ada.id, { lastName: 'Lovelace' })).version; //=> 2
 * ```
 */
export function createStore<R extends EntityRegistry = CrmEntities>(options: CreateStoreOptions<R>): Store<R> {
  const { driver } = options;
  if (driver === null || typeof driver !== 'object') throw new InvalidArgumentError('createStore needs a driver');
  const workspace = WorkspaceIdSchema.safeParse(driver.workspaceId);
  if (!workspace.success || workspace.data !== driver.workspaceId) {
    throw new InvalidArgumentError(`Invalid workspace id ${JSON.stringify(driver.workspaceId)}: expected a trimmed string of 1 to 128 characters`);
  }
  const entities = (options.entities ?? CRM_ENTITIES) as EntityRegistry;
  const infos = new Map<string, EntityInfo>();
  for (const name of Object.keys(entities)) {
    const definition = entities[name] as AnyEntityDefinition;
    infos.set(name, {
      name,
      definition,
      fields: new Set(Object.keys(definition.fields)),
      rules: liftRules(definition),
      patchFields: patchFieldsOf(definition),
      compiledData: undefined,
      shapes: [],
    });
  }
  const shared: Shared = {
    driver,
    workspaceId: driver.workspaceId,
    entities,
    infos,
    ids: options.ids ?? uuidV7Ids(),
    clock: options.clock ?? systemClock,
    cache: new WeakMap(),
    recent: new Map(),
  };
  return new TypedStore(shared, driver, false) as unknown as Store<R>;
}

