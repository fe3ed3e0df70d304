/**
 * Writing a storage adapter: a tiny StoreDriver that keeps every row as a JSON string in a
 * plain Map (think "a key-value store"), verified with crmkit's conformance suite run
 * programmatically — no test framework needed.
 *
 *   npx tsx examples/custom-adapter.ts
 *
 * Exits non-zero if any conformance check fails.
 */
import assert from 'node:assert/strict';
import { UniqueViolationError } from 'crmkit';
import { sequentialIds } from 'crmkit/model';
import {
  compareRows,
  createStore,
  type DriverLogEntry,
  type DriverLogQuery,
  type DriverQuery,
  type DriverSession,
  type DriverWhere,
  matchesWhere,
  type StoreCapabilities,
  type StoreDriver,
  type StoredRow,
} from 'crmkit/store';
import { CONFORMANCE_ENTITIES, type ConformanceTestApi, runStoreConformance } from 'crmkit/testing';

// -----------------------------------------------------------------------------------------------
// 1. The "database": one Map of JSON strings shared by every workspace.
// -----------------------------------------------------------------------------------------------

interface KvDatabase {
  rows: Map<string, string>; // `${workspace}\u0000${entity}\u0000${id}` → JSON of StoredRow
  log: Map<string, string[]>; // workspace → JSON of log entries, in seq order
  locks: Map<string, Promise<void>>; // workspace → tail of its write queue
}

const rowKey = (workspaceId: string, entity: string, id: string): string => `${workspaceId}\u0000${entity}\u0000${id}`;

/** Runs `fn` after every earlier write of the workspace: writes are serialised. */
async function withLock<T>(db: KvDatabase, workspaceId: string, fn: () => Promise<T>): Promise<T> {
  const previous = db.locks.get(workspaceId) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  db.locks.set(workspaceId, previous.then(() => mine));
  await previous;
  try {
    return await fn();
  } finally {
    release();
  }
}

// -----------------------------------------------------------------------------------------------
// 2. A session: every operation of the contract, scoped to one workspace.
//    `where`, `sort` and `limit` come already translated (DriverWhere); matchesWhere/compareRows
//    give the exact reference semantics, so an in-process adapter can use them directly. A SQL
//    adapter would compile DriverWhere into SQL instead.
// -----------------------------------------------------------------------------------------------

function createSession(db: KvDatabase, workspaceId: string): DriverSession {
  const prefix = `${workspaceId}\u0000`;
  const rowsOf = (entity: string): StoredRow[] => {
    const out: StoredRow[] = [];
    const entityPrefix = `${prefix}${entity}\u0000`;
    for (const [key, json] of db.rows) if (key.startsWith(entityPrefix)) out.push(JSON.parse(json) as StoredRow);
    return out;
  };
  const logOf = (): Array<DriverLogEntry & { seq: number }> =>
    (db.log.get(workspaceId) ?? []).map((json) => JSON.parse(json) as DriverLogEntry & { seq: number });

  return {
    async insert(entity, rows) {
      const existing = rowsOf(entity);
      const ids = new Set(existing.map((row) => row.id));
      const externalIds = new Set(existing.map((row) => row.externalId).filter((value) => value !== null));
      for (const row of rows) {
        if (ids.has(row.id)) throw new UniqueViolationError(entity, 'id', row.id);
        ids.add(row.id);
        if (row.externalId !== null) {
          if (externalIds.has(row.externalId)) throw new UniqueViolationError(entity, 'externalId', row.externalId);
          externalIds.add(row.externalId);
        }
      }
      for (const row of rows) db.rows.set(rowKey(workspaceId, entity, row.id), JSON.stringify(row));
    },
    async getMany(entity, ids) {
      const out: StoredRow[] = [];
      for (const id of ids) {
        const json = db.rows.get(rowKey(workspaceId, entity, id));
        if (json !== undefined) out.push(JSON.parse(json) as StoredRow);
      }
      return out;
    },
    async select(entity, query: DriverQuery) {
      const rows = rowsOf(entity)
        .filter((row) => matchesWhere(row, query.where))
        .sort((a, b) => compareRows(a, b, query.sort));
      return query.limit === undefined ? rows : rows.slice(0, query.limit);
    },
    async count(entity, where: DriverWhere | undefined) {
      return rowsOf(entity).filter((row) => matchesWhere(row, where)).length;
    },
    async replace(entity, row, expectedVersion) {
      const json = db.rows.get(rowKey(workspaceId, entity, row.id));
      if (json === undefined || (JSON.parse(json) as StoredRow).version !== expectedVersion) return false;
      if (row.externalId !== null && rowsOf(entity).some((other) => other.externalId === row.externalId && other.id !== row.id)) {
        throw new UniqueViolationError(entity, 'externalId', row.externalId);
      }
      db.rows.set(rowKey(workspaceId, entity, row.id), JSON.stringify(row));
      return true;
    },
    async remove(entity, id, expectedVersion) {
      const key = rowKey(workspaceId, entity, id);
      const json = db.rows.get(key);
      if (json === undefined) return false;
      if (expectedVersion !== undefined && (JSON.parse(json) as StoredRow).version !== expectedVersion) return false;
      db.rows.delete(key);
      return true;
    },
    async appendLog(entries) {
      const log = db.log.get(workspaceId) ?? [];
      db.log.set(workspaceId, log);
      let seq = log.length === 0 ? 1 : (JSON.parse(log[log.length - 1] as string) as { seq: number }).seq + 1;
      return entries.map((entry) => {
        const stored = { ...entry, seq: seq++ };
        log.push(JSON.stringify(stored));
        return stored.seq;
      });
    },
    async readLog(query: DriverLogQuery) {
      const kinds = query.kinds === undefined ? undefined : new Set(query.kinds);
      return logOf()
        .filter(
          (entry) =>
            (query.afterSeq === undefined || entry.seq > query.afterSeq) &&
            (query.entity === undefined || entry.entity === query.entity) &&
            (query.entityId === undefined || entry.entityId === query.entityId) &&
            (kinds === undefined || kinds.has(entry.kind)) &&
            (query.from === undefined || entry.at >= query.from) &&
            (query.to === undefined || entry.at < query.to),
        )
        .slice(0, query.limit);
    },
  };
}

// -----------------------------------------------------------------------------------------------
// 3. The driver: the session plus name, workspace, capabilities and transactions.
//    Transactions here snapshot the workspace's rows and log, and restore them if `fn` throws.
//    Writes outside a transaction take the same lock, so transactions are isolated from them.
// -----------------------------------------------------------------------------------------------

const KV_CAPABILITIES: StoreCapabilities = { transactions: true, streaming: false, json: true, bulkInsert: false, multiProcess: false };

function createKvDriver(db: KvDatabase, workspaceId: string): StoreDriver {
  const session = createSession(db, workspaceId);
  const locked =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      withLock(db, workspaceId, () => fn(...args));
  return {
    name: 'kv-example',
    workspaceId,
    capabilities: KV_CAPABILITIES,
    ...session,
    insert: locked(session.insert),
    replace: locked(session.replace),
    remove: locked(session.remove),
    appendLog: locked(session.appendLog),
    transaction: (fn) =>
      withLock(db, workspaceId, async () => {
        const prefix = `${workspaceId}\u0000`;
        const savedRows = [...db.rows].filter(([key]) => key.startsWith(prefix));
        const savedLog = [...(db.log.get(workspaceId) ?? [])];
        try {
          return await fn(session);
        } catch (error) {
          for (const key of [...db.rows.keys()]) if (key.startsWith(prefix)) db.rows.delete(key);
          for (const [key, json] of savedRows) db.rows.set(key, json);
          db.log.set(workspaceId, savedLog);
          throw error;
        }
      }),
  };
}

// -----------------------------------------------------------------------------------------------
// 4. Use it: createStore turns the driver into the typed, validated Store.
// -----------------------------------------------------------------------------------------------

const db: KvDatabase = { rows: new Map(), log: new Map(), locks: new Map() };
const store = createStore({ driver: createKvDriver(db, 'acme'), ids: sequentialIds() });

const ada = await store.create('contact', { firstName: 'Ada', emails: [{ address: 'ADA@example.com' }] });
assert.equal(ada.id, 'contact_000001');
assert.equal(ada.emails[0]?.address, 'ada@example.com');
const updated = await store.update('contact', ada.id, { lastName: 'Lovelace' }, { expectedVersion: 1 });
assert.equal(updated.version, 2);
await assert.rejects(
  store.transaction(async (tx) => {
    await tx.create('contact', { firstName: 'Ghost' });
    throw new Error('changed my mind');
  }),
  /changed my mind/,
);
assert.equal(await store.count('contact'), 1);
const page = await store.find('contact', { where: { field: 'lastName', op: 'startsWith', value: 'Love' } });
assert.deepEqual(
  page.items.map((contact) => contact.id),
  [ada.id],
);
console.log('CRUD + transaction: ok');

// -----------------------------------------------------------------------------------------------
// 5. Verify it: run the whole conformance suite with a minimal test runner.
// -----------------------------------------------------------------------------------------------

const tests: Array<{ name: string; fn: () => Promise<void> }> = [];
const path: string[] = [];
const runner: ConformanceTestApi = {
  describe(name, fn) {
    path.push(name);
    fn();
    path.pop();
  },
  it(name, fn) {
    tests.push({ name: [...path, name].join(' › '), fn });
  },
  expect: (actual) => ({
    toBe: (expected) => assert.strictEqual(actual, expected),
    toEqual: (expected) => assert.deepStrictEqual(actual, expected),
  }),
};

runStoreConformance({
  name: 'kv-example',
  test: runner,
  makeStore: (options) => createStore({ ...options, driver: createKvDriver(db, options.workspaceId) }),
  raw: {
    getRow: async (entity, workspaceId, id) => {
      const json = db.rows.get(rowKey(workspaceId, entity, id));
      return json === undefined ? null : (JSON.parse(json) as unknown);
    },
  },
  numRuns: 10,
});

let failed = 0;
for (const entry of tests) {
  try {
    await entry.fn();
  } catch (error) {
    failed += 1;
    console.error(`✗ ${entry.name}\n  ${String(error instanceof Error ? error.message : error).split('\n').slice(0, 12).join('\n  ')}`);
  }
}
console.log(`conformance: ${tests.length - failed}/${tests.length} passed (entities: ${Object.keys(CONFORMANCE_ENTITIES).length})`);
if (failed > 0) process.exit(1);
