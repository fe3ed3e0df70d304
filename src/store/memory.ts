/**
 * The in-memory store: a zero-dependency {@link StoreDriver} for tests, demos, embedded use and
 * as the reference implementation the conformance suite compares every adapter against.
 *
 * - Several workspace handles can share one {@link MemoryBackend} (one "database") and never
 *   see each other's rows.
 * - Rows are stored deep-frozen (immutable snapshots), so reads never clone them.
 * - Writes and transactions of a workspace are serialised by an async mutex, so concurrent
 *   writers behave like a serialisable database; a transaction buffers its writes in an overlay
 *   that its own reads see and that is applied only on commit — a failed transaction leaves
 *   nothing behind. Reads outside a transaction see committed data only and never wait.
 *
 * @module
 */
import { AdapterError, InvalidArgumentError, UniqueViolationError } from '../errors';
import type { Clock } from '../model/clock';
import type { IdGenerator } from '../model/ids';
import type { CrmEntities } from '../model/registry';
import { createStore } from './create-store';
import { deepFreeze, SYNC_SESSION, type SyncSession } from './internal';
import { compareRows, matchesWhere } from './query';
import type {
  DriverLogEntry,
  DriverLogQuery,
  DriverQuery,
  DriverSession,
  DriverSortKey,
  DriverWhere,
  EntityRegistry,
  Store,
  StoreCapabilities,
  StoreDriver,
  StoredRow,
} from './types';

/** What the memory driver offers. */
export const MEMORY_CAPABILITIES: StoreCapabilities = Object.freeze({
  transactions: true,
  streaming: true,
  json: true,
  bulkInsert: true,
  multiProcess: false,
});

type LogRow = DriverLogEntry & { readonly seq: number };

interface Table {
  readonly rows: Map<string, StoredRow>;
  readonly byExternalId: Map<string, string>;
}

/** One workspace's data inside a backend. */
class Workspace {
  readonly tables = new Map<string, Table>();
  readonly log: LogRow[] = [];
  nextSeq = 1;
  readonly mutex = new Mutex();

  table(entity: string): Table {
    let table = this.tables.get(entity);
    if (table === undefined) {
      table = { rows: new Map(), byExternalId: new Map() };
      this.tables.set(entity, table);
    }
    return table;
  }
}

/**
 * An in-memory database shared by any number of workspace handles (see
 * {@link createMemoryBackend}). Opaque apart from these helpers.
 */
export interface MemoryBackend {
  /** Ids of the workspaces that hold rows or log entries. */
  workspaceIds(): string[];
  /** Removes every workspace's data. */
  clear(): void;
}

class MemoryBackendImpl implements MemoryBackend {
  readonly workspaces = new Map<string, Workspace>();

  workspace(id: string): Workspace {
    let workspace = this.workspaces.get(id);
    if (workspace === undefined) {
      workspace = new Workspace();
      this.workspaces.set(id, workspace);
    }
    return workspace;
  }

  workspaceIds(): string[] {
    return [...this.workspaces.entries()]
      .filter(([, ws]) => ws.log.length > 0 || [...ws.tables.values()].some((table) => table.rows.size > 0))
      .map(([id]) => id);
  }

  clear(): void {
    for (const workspace of this.workspaces.values()) {
      workspace.tables.clear();
      workspace.log.length = 0;
      workspace.nextSeq = 1;
    }
  }
}

/** A FIFO async mutex. */
class Mutex {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.locked) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.locked = true;
    try {
      return await fn();
    } finally {
      const next = this.waiters.shift();
      if (next) next();
      else this.locked = false;
    }
  }

  /** True while someone holds the lock. */
  get busy(): boolean {
    return this.locked;
  }

  /**
   * {@link run} for a synchronous `fn`: when the lock is free (so nobody waits either), `fn` runs
   * at once with no promise round trip — exactly what `run` would do, minus the deferred release.
   */
  runSync<T>(fn: () => T): Promise<T> {
    if (this.locked) return this.run(fn);
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Views: the committed state, and a transaction's overlay on top of it
// ---------------------------------------------------------------------------------------------

interface View {
  get(entity: string, id: string): StoredRow | undefined;
  /** Id of the row holding an external id, if any. */
  externalOwner(entity: string, externalId: string): string | undefined;
  scan(entity: string): Iterable<StoredRow>;
  put(entity: string, row: StoredRow): void;
  delete(entity: string, id: string): void;
  nextSeq(): number;
  appendLog(rows: readonly LogRow[]): void;
  logRows(): Iterable<readonly LogRow[]>;
}

class CommittedView implements View {
  constructor(private readonly ws: Workspace) {}

  get(entity: string, id: string): StoredRow | undefined {
    return this.ws.tables.get(entity)?.rows.get(id);
  }

  externalOwner(entity: string, externalId: string): string | undefined {
    return this.ws.tables.get(entity)?.byExternalId.get(externalId);
  }

  scan(entity: string): Iterable<StoredRow> {
    return this.ws.tables.get(entity)?.rows.values() ?? [];
  }

  put(entity: string, row: StoredRow): void {
    const table = this.ws.table(entity);
    const previous = table.rows.get(row.id);
    if (previous?.externalId != null && previous.externalId !== row.externalId && table.byExternalId.get(previous.externalId) === row.id) {
      table.byExternalId.delete(previous.externalId);
    }
    table.rows.set(row.id, row);
    if (row.externalId !== null) table.byExternalId.set(row.externalId, row.id);
  }

  delete(entity: string, id: string): void {
    const table = this.ws.tables.get(entity);
    const previous = table?.rows.get(id);
    if (table === undefined || previous === undefined) return;
    table.rows.delete(id);
    if (previous.externalId !== null && table.byExternalId.get(previous.externalId) === id) table.byExternalId.delete(previous.externalId);
  }

  nextSeq(): number {
    return this.ws.nextSeq;
  }

  appendLog(rows: readonly LogRow[]): void {
    for (const row of rows) this.ws.log.push(row);
    const last = rows[rows.length - 1];
    if (last !== undefined) this.ws.nextSeq = last.seq + 1;
  }

  logRows(): Iterable<readonly LogRow[]> {
    return [this.ws.log];
  }
}

interface OverlayTable {
  /** Written rows; `null` marks a deletion. */
  readonly rows: Map<string, StoredRow | null>;
  /** External id → id of the overlay row that last took it (verify before trusting). */
  readonly byExternalId: Map<string, string>;
}

class OverlayView implements View {
  private readonly tables = new Map<string, OverlayTable>();
  private readonly log: LogRow[] = [];

  constructor(private readonly base: CommittedView) {}

  private table(entity: string): OverlayTable {
    let table = this.tables.get(entity);
    if (table === undefined) {
      table = { rows: new Map(), byExternalId: new Map() };
      this.tables.set(entity, table);
    }
    return table;
  }

  get(entity: string, id: string): StoredRow | undefined {
    const table = this.tables.get(entity);
    if (table !== undefined && table.rows.has(id)) return table.rows.get(id) ?? undefined;
    return this.base.get(entity, id);
  }

  externalOwner(entity: string, externalId: string): string | undefined {
    const table = this.tables.get(entity);
    const overlayOwner = table?.byExternalId.get(externalId);
    if (overlayOwner !== undefined && table?.rows.get(overlayOwner)?.externalId === externalId) return overlayOwner;
    const committedOwner = this.base.externalOwner(entity, externalId);
    if (committedOwner !== undefined && !(table?.rows.has(committedOwner) ?? false)) return committedOwner;
    return undefined;
  }

  *scan(entity: string): Iterable<StoredRow> {
    const table = this.tables.get(entity);
    for (const row of this.base.scan(entity)) if (table === undefined || !table.rows.has(row.id)) yield row;
    if (table !== undefined) for (const row of table.rows.values()) if (row !== null) yield row;
  }

  put(entity: string, row: StoredRow): void {
    const table = this.table(entity);
    table.rows.set(row.id, row);
    if (row.externalId !== null) table.byExternalId.set(row.externalId, row.id);
  }

  delete(entity: string, id: string): void {
    this.table(entity).rows.set(id, null);
  }

  nextSeq(): number {
    const last = this.log[this.log.length - 1];
    return last === undefined ? this.base.nextSeq() : last.seq + 1;
  }

  appendLog(rows: readonly LogRow[]): void {
    for (const row of rows) this.log.push(row);
  }

  logRows(): Iterable<readonly LogRow[]> {
    return [...this.base.logRows(), this.log];
  }

  commit(): void {
    for (const [entity, table] of this.tables) {
      for (const [id, row] of table.rows) {
        if (row === null) this.base.delete(entity, id);
        else this.base.put(entity, row);
      }
    }
    this.base.appendLog(this.log);
  }
}

// ---------------------------------------------------------------------------------------------
// Operations on a view
// ---------------------------------------------------------------------------------------------

function checkRow(row: StoredRow): void {
  if (row === null || typeof row !== 'object' || typeof row.id !== 'string' || typeof row.version !== 'number') {
    throw new AdapterError('memory', 'Invalid row: expected { id, version, createdAt, updatedAt, externalId, data }');
  }
}

function insertRows(view: View, entity: string, rows: readonly StoredRow[]): void {
  const ids = new Set<string>();
  const externalIds = new Set<string>();
  for (const row of rows) {
    checkRow(row);
    if (ids.has(row.id) || view.get(entity, row.id) !== undefined) throw new UniqueViolationError(entity, 'id', row.id);
    ids.add(row.id);
    if (row.externalId !== null && row.externalId !== undefined) {
      if (externalIds.has(row.externalId) || view.externalOwner(entity, row.externalId) !== undefined) {
        throw new UniqueViolationError(entity, 'externalId', row.externalId);
      }
      externalIds.add(row.externalId);
    }
  }
  for (const row of rows) view.put(entity, deepFreeze(row));
}

function replaceRow(view: View, entity: string, row: StoredRow, expectedVersion: number): boolean {
  checkRow(row);
  const current = view.get(entity, row.id);
  if (current === undefined || current.version !== expectedVersion) return false;
  if (row.externalId !== null && row.externalId !== undefined) {
    const owner = view.externalOwner(entity, row.externalId);
    if (owner !== undefined && owner !== row.id) throw new UniqueViolationError(entity, 'externalId', row.externalId);
  }
  view.put(entity, deepFreeze(row));
  return true;
}

function removeRow(view: View, entity: string, id: string, expectedVersion: number | undefined): boolean {
  const current = view.get(entity, id);
  if (current === undefined || (expectedVersion !== undefined && current.version !== expectedVersion)) return false;
  view.delete(entity, id);
  return true;
}

function appendLogRows(view: View, entries: readonly DriverLogEntry[]): number[] {
  let seq = view.nextSeq();
  const rows = new Array<LogRow>(entries.length);
  const seqs = new Array<number>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as DriverLogEntry;
    seqs[i] = seq;
    const row: LogRow = {
      seq: seq++,
      entity: entry.entity,
      entityId: entry.entityId,
      kind: entry.kind,
      at: entry.at,
      actor: entry.actor ?? null,
      data: frozenJson(entry.data),
    };
    // `data` is a frozen copy: freezing the row itself is enough, unless a caller broke the
    // contract with non-string members (then freeze those too, as before).
    const actor = row.actor;
    const strings = typeof row.entity === 'string' && typeof row.entityId === 'string' && typeof row.kind === 'string' && typeof row.at === 'string';
    rows[i] = strings && (actor === null || typeof actor === 'string') ? Object.freeze(row) : deepFreeze(row);
  }
  view.appendLog(rows);
  return seqs;
}

/** A deep-frozen deep copy of log data, with the result of a JSON round trip. */
function frozenJson<T>(value: T): T {
  // Plain JSON (the contract) is copied directly, freezing as it goes; anything else takes the
  // JSON round trip, whose result (dropped `undefined`s, `toJSON`, `null` for non-finite
  // numbers...) stays the reference.
  const copy = plainJsonCopy(value, 0);
  return (copy === NOT_PLAIN ? deepFreeze(JSON.parse(JSON.stringify(value))) : copy) as T;
}

const NOT_PLAIN = Symbol('not plain JSON');

/**
 * A deep copy of `value` when it is plain JSON (finite numbers, plain objects, arrays), with
 * every object and array frozen; else {@link NOT_PLAIN}.
 */
function plainJsonCopy(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? (value === 0 ? 0 : value) : NOT_PLAIN;
  if (typeof value !== 'object' || depth > 64) return NOT_PLAIN;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const element = plainJsonCopy(value[i], depth + 1);
      if (element === NOT_PLAIN) return NOT_PLAIN;
      out[i] = element;
    }
    return Object.freeze(out);
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key === '__proto__') return NOT_PLAIN;
    const member = plainJsonCopy((value as Record<string, unknown>)[key], depth + 1);
    if (member === NOT_PLAIN) return NOT_PLAIN;
    out[key] = member;
  }
  return Object.freeze(out);
}

/** Index of the first row with seq > afterSeq in a seq-ordered array. */
function firstAfter(rows: readonly LogRow[], afterSeq: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((rows[mid] as LogRow).seq <= afterSeq) low = mid + 1;
    else high = mid;
  }
  return low;
}

function readLogRows(view: View, query: DriverLogQuery): LogRow[] {
  const out: LogRow[] = [];
  const kinds = query.kinds === undefined ? undefined : new Set(query.kinds);
  for (const rows of view.logRows()) {
    for (let i = query.afterSeq === undefined ? 0 : firstAfter(rows, query.afterSeq); i < rows.length; i++) {
      if (out.length >= query.limit) return out;
      const row = rows[i] as LogRow;
      if (query.entity !== undefined && row.entity !== query.entity) continue;
      if (query.entityId !== undefined && row.entityId !== query.entityId) continue;
      if (kinds !== undefined && !kinds.has(row.kind)) continue;
      if (query.from !== undefined && row.at < query.from) continue;
      if (query.to !== undefined && row.at >= query.to) continue;
      out.push(row);
    }
  }
  return out;
}

/** The first `limit` rows of `candidates` matching `where`, in `sort` order (a bounded insertion sort). */
function selectRows(candidates: Iterable<StoredRow>, where: DriverWhere | undefined, sort: readonly DriverSortKey[], limit: number | undefined): StoredRow[] {
  const compare = (a: StoredRow, b: StoredRow): number => compareRows(a, b, sort);
  if (limit === undefined || limit <= 0) {
    const all: StoredRow[] = [];
    if (limit !== undefined && limit <= 0) return all;
    for (const row of candidates) if (matchesWhere(row, where)) all.push(row);
    return all.sort(compare);
  }
  const best: StoredRow[] = [];
  for (const row of candidates) {
    if (!matchesWhere(row, where)) continue;
    if (best.length >= limit && compare(row, best[best.length - 1] as StoredRow) >= 0) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(best[mid] as StoredRow, row) <= 0) low = mid + 1;
      else high = mid;
    }
    best.splice(low, 0, row);
    if (best.length > limit) best.pop();
  }
  return best;
}

function countRows(candidates: Iterable<StoredRow>, where: DriverWhere | undefined): number {
  let n = 0;
  for (const row of candidates) if (matchesWhere(row, where)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Sessions and the driver
// ---------------------------------------------------------------------------------------------

/** The synchronous face of a {@link TransactionSession}. */
class TransactionSyncSession implements SyncSession {
  constructor(private readonly session: TransactionSession) {}

  peek(entity: string, id: string): StoredRow | undefined {
    return this.session.active().get(entity, id);
  }

  tryReplace(entity: string, row: StoredRow, expectedVersion: number): boolean {
    return replaceRow(this.session.active(), entity, row, expectedVersion);
  }
}

/** A session inside a transaction: reads and writes the overlay; the lock is already held. */
class TransactionSession implements DriverSession {
  private finished = false;
  readonly [SYNC_SESSION]: SyncSession;

  constructor(private readonly view: OverlayView) {
    this[SYNC_SESSION] = new TransactionSyncSession(this);
  }

  finish(): void {
    this.finished = true;
  }

  active(): OverlayView {
    if (this.finished) throw new AdapterError('memory', 'This transaction has already finished; use the store, not the transaction handle');
    return this.view;
  }

  async insert(entity: string, rows: readonly StoredRow[]): Promise<void> {
    insertRows(this.active(), entity, rows);
  }
  async getMany(entity: string, ids: readonly string[]): Promise<StoredRow[]> {
    const view = this.active();
    const out: StoredRow[] = [];
    for (const id of ids) {
      const row = view.get(entity, id);
      if (row !== undefined) out.push(row);
    }
    return out;
  }
  async select(entity: string, query: DriverQuery): Promise<StoredRow[]> {
    return selectRows(this.active().scan(entity), query.where, query.sort, query.limit);
  }
  async count(entity: string, where: DriverWhere | undefined): Promise<number> {
    return countRows(this.active().scan(entity), where);
  }
  async replace(entity: string, row: StoredRow, expectedVersion: number): Promise<boolean> {
    return replaceRow(this.active(), entity, row, expectedVersion);
  }
  async remove(entity: string, id: string, expectedVersion?: number): Promise<boolean> {
    return removeRow(this.active(), entity, id, expectedVersion);
  }
  async appendLog(entries: readonly DriverLogEntry[]): Promise<number[]> {
    return appendLogRows(this.active(), entries);
  }
  async readLog(query: DriverLogQuery): Promise<LogRow[]> {
    return readLogRows(this.active(), query);
  }
}

class MemoryDriver implements StoreDriver {
  readonly name = 'memory';
  readonly capabilities = MEMORY_CAPABILITIES;
  private readonly ws: Workspace;
  private readonly view: CommittedView;
  /** Committed reads never wait; a compare-and-set runs at once when no transaction holds the lock. */
  readonly [SYNC_SESSION]: SyncSession;

  constructor(
    readonly workspaceId: string,
    backend: MemoryBackendImpl,
  ) {
    this.ws = backend.workspace(workspaceId);
    this.view = new CommittedView(this.ws);
    const ws = this.ws;
    const view = this.view;
    this[SYNC_SESSION] = {
      peek: (entity, id) => ws.tables.get(entity)?.rows.get(id),
      tryReplace: (entity, row, expectedVersion) => (ws.mutex.busy ? undefined : replaceRow(view, entity, row, expectedVersion)),
    };
  }

  insert(entity: string, rows: readonly StoredRow[]): Promise<void> {
    return this.ws.mutex.runSync(() => insertRows(this.view, entity, rows));
  }
  async getMany(entity: string, ids: readonly string[]): Promise<StoredRow[]> {
    const table = this.ws.tables.get(entity);
    const out: StoredRow[] = [];
    if (table === undefined) return out;
    for (const id of ids) {
      const row = table.rows.get(id);
      if (row !== undefined) out.push(row);
    }
    return out;
  }
  async select(entity: string, query: DriverQuery): Promise<StoredRow[]> {
    return selectRows(this.view.scan(entity), query.where, query.sort, query.limit);
  }
  async count(entity: string, where: DriverWhere | undefined): Promise<number> {
    if (where === undefined) return this.ws.tables.get(entity)?.rows.size ?? 0;
    return countRows(this.view.scan(entity), where);
  }
  replace(entity: string, row: StoredRow, expectedVersion: number): Promise<boolean> {
    return this.ws.mutex.runSync(() => replaceRow(this.view, entity, row, expectedVersion));
  }
  remove(entity: string, id: string, expectedVersion?: number): Promise<boolean> {
    return this.ws.mutex.runSync(() => removeRow(this.view, entity, id, expectedVersion));
  }
  appendLog(entries: readonly DriverLogEntry[]): Promise<number[]> {
    return this.ws.mutex.runSync(() => appendLogRows(this.view, entries));
  }
  async readLog(query: DriverLogQuery): Promise<LogRow[]> {
    return readLogRows(this.view, query);
  }
  transaction<T>(fn: (session: DriverSession) => Promise<T>): Promise<T> {
    return this.ws.mutex.run(async () => {
      const overlay = new OverlayView(this.view);
      const session = new TransactionSession(overlay);
      try {
        const result = await fn(session);
        session.finish();
        overlay.commit();
        return result;
      } catch (error) {
        session.finish();
        throw error;
      }
    });
  }
}

/**
 * Creates an empty in-memory database that several workspace drivers can share.
 *
 * @returns a new backend
 * @throws never
 *
 * @example
 * ```ts
 * import { createMemoryBackend, createMemoryStore } from 'crmkit/store';
 * const backend = createMemoryBackend();
 * const acme = createMemoryStore({ backend, workspaceId: 'acme' });
 * const globex = createMemoryStore({ backend, workspaceId: 'globex' });
 * await acme.create('contact', { firstName: 'Ada' });
 * await globex.count('contact'); //=> 0
 * ```
 */
export function createMemoryBackend(): MemoryBackend {
  return new MemoryBackendImpl();
}

/** Options of {@link createMemoryDriver}. */
export interface MemoryDriverOptions {
  /** The workspace the driver reads and writes. */
  readonly workspaceId: string;
  /** The database to use (default: a new, private one). */
  readonly backend?: MemoryBackend;
}

/**
 * The in-memory {@link StoreDriver} of one workspace. It takes ownership of the rows passed to
 * `insert` / `replace` and deep-freezes them; the rows it returns are those frozen snapshots.
 *
 * @param options - workspace id and optional shared backend
 * @returns the driver
 * @throws {@link InvalidArgumentError} when `workspaceId` is empty or `backend` was not made by {@link createMemoryBackend}
 *
 * @example
 * ```ts
 * import { createMemoryDriver, createStore } from 'crmkit/store';
 * const store = createStore({ driver: createMemoryDriver({ workspaceId: 'acme' }) });
 * store.capabilities.transactions; //=> true
 * ```
 */
export function createMemoryDriver(options: MemoryDriverOptions): StoreDriver {
  const { workspaceId } = options;
  if (typeof workspaceId !== 'string' || workspaceId.length === 0) throw new InvalidArgumentError('createMemoryDriver needs a non-empty workspaceId');
  const backend = options.backend ?? new MemoryBackendImpl();
  if (!(backend instanceof MemoryBackendImpl)) throw new InvalidArgumentError('backend must come from createMemoryBackend()');
  return new MemoryDriver(workspaceId, backend);
}

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions<R extends EntityRegistry = CrmEntities> {
  /** The workspace (default `'default'`). */
  readonly workspaceId?: string;
  /** A backend shared with other handles (default: a new, private one). */
  readonly backend?: MemoryBackend;
  /** Entity definitions (default `CRM_ENTITIES`). */
  readonly entities?: R;
  /** Id generator (default UUID v7). */
  readonly ids?: IdGenerator;
  /** Clock (default the system clock). */
  readonly clock?: Clock;
}

/**
 * A typed {@link Store} backed by memory: `createStore` over {@link createMemoryDriver}.
 *
 * @param options - workspace, shared backend, entities, ids and clock (all optional)
 * @returns the store
 * @throws {@link InvalidArgumentError} when the workspace id or backend is invalid
 *
 * @example
 * ```ts
 * import { createMemoryStore } from 'crmkit/store';
 * const store = createMemoryStore();
 * const ada = await store.create('contact', { firstName: 'Ada', emails: [{ address: 'ADA@example.com' }] });
 * ada.emails[0]?.address; //=> 'ada@example.com'
 * (await store.get('contact', ada.id))?.version; //=> 1
 * ```
 */
export function createMemoryStore<R extends EntityRegistry = CrmEntities>(options: MemoryStoreOptions<R> = {}): Store<R> {
  const driverOptions: { workspaceId: string; backend?: MemoryBackend } = { workspaceId: options.workspaceId ?? 'default' };
  if (options.backend !== undefined) driverOptions.backend = options.backend;
  const storeOptions: { driver: StoreDriver; entities?: R; ids?: IdGenerator; clock?: Clock } = { driver: createMemoryDriver(driverOptions) };
  if (options.entities !== undefined) storeOptions.entities = options.entities;
  if (options.ids !== undefined) storeOptions.ids = options.ids;
  if (options.clock !== undefined) storeOptions.clock = options.clock;
  return createStore<R>(storeOptions);
}
