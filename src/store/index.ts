/**
 * crmkit/store — the repository contract and its reference implementation.
 *
 * - {@link Store}: the typed, validated, workspace-scoped repository applications use, built by
 *   {@link createStore} on top of any {@link StoreDriver}.
 * - {@link createMemoryStore} / {@link createMemoryDriver} / {@link createMemoryBackend}: the
 *   zero-dependency in-memory store (transactional, isolated per workspace).
 * - Query helpers for adapter authors: {@link toDriverWhere}, {@link matchesWhere},
 *   {@link compareRows} (the reference semantics), and the keyset-cursor helpers.
 *
 * See docs/adapters.md for writing an adapter, and `crmkit/testing` for the conformance suite.
 *
 * @module store
 */
export type {
  AnyEntityDefinition,
  Condition,
  CreateInputOf,
  DriverCondition,
  DriverLogEntry,
  DriverLogQuery,
  DriverQuery,
  DriverSession,
  DriverSortKey,
  DriverWhere,
  EntityRegistry,
  FieldPath,
  FindOptions,
  Json,
  LogEntry,
  LogEntryInput,
  LogQuery,
  Page,
  PatchOf,
  RecordOf,
  SortKey,
  Store,
  StoreCapabilities,
  StoreDriver,
  StoredRow,
  StreamOptions,
  Where,
  WhereOperator,
  WhereValue,
  WriteOptions,
} from './types';
export { WHERE_OPERATORS } from './types';
export {
  createStore,
  DEFAULT_BATCH_SIZE,
  DEFAULT_LOG_LIMIT,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type CreateStoreOptions,
} from './create-store';
export {
  createMemoryBackend,
  createMemoryDriver,
  createMemoryStore,
  MEMORY_CAPABILITIES,
  type MemoryBackend,
  type MemoryDriverOptions,
  type MemoryStoreOptions,
} from './memory';
export {
  afterRowWhere,
  compareRows,
  compareValues,
  cursorWhere,
  decodeCursor,
  encodeCursor,
  MATCH_ALL,
  MATCH_NONE,
  META_COLUMNS,
  matchesWhere,
  toDriverSort,
  toDriverWhere,
  valueAtPath,
  type CursorPosition,
  type MetaColumn,
  type QueryTranslationOptions,
} from './query';
