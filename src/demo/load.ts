/**
 * Writing the demo data set into a store, in batches.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';
import type { LogEntryInput, Store } from '../store/types';
import type { CrmEntities } from '../model/registry';
import { DEMO_ENTITIES, generateDemo, type DemoEntityName, type DemoItem, type DemoOptions } from './generate';

/** Options of {@link loadDemo}: the generator's options plus the batch size. */
export interface LoadDemoOptions extends DemoOptions {
  /** Records per `createMany` call and entries per `append` call (default 1,000). */
  readonly batchSize?: number;
}

/** What {@link loadDemo} wrote: records per entity and log entries. */
export interface LoadDemoResult {
  /** Records written, per entity. */
  readonly records: Readonly<Record<DemoEntityName, number>>;
  /** Transition-log entries appended. */
  readonly logEntries: number;
}

const META_ONLY = new Set(['workspaceId', 'version', 'updatedAt']);

/**
 * Turns a generated (stored-form) record into `create` input: keeps `id` and `createdAt`, drops
 * `workspaceId`, `version` and `updatedAt` (the store sets them).
 *
 * @param record - a record from {@link generateDemo}
 * @returns the create input
 * @example
 * ```ts
 * import { toCreateInput } from 'crmkit/demo';
 * toCreateInput({ id: 'c1', workspaceId: 'demo', version: 1, createdAt: new Date(0), updatedAt: new Date(0), firstName: 'Ada' });
 * //=> { id: 'c1', createdAt: new Date(0), firstName: 'Ada' }
 * ```
 */
export function toCreateInput(record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!META_ONLY.has(key)) out[key] = value;
  return out;
}

/**
 * Generates the demo data set and writes it into a store: records with `createMany` (atomic per
 * batch), log entries with `append`, in batches of `batchSize`. Memory stays bounded by the batch
 * size times the number of entities. Records keep their generated ids and `createdAt`;
 * `updatedAt` becomes the creation time (the store sets it). Load into an empty workspace:
 * generated ids collide with ids already there.
 *
 * @param store - the store to fill (any adapter)
 * @param options - generator options and `batchSize`
 * @returns counts of records per entity and of log entries
 * @throws {@link crmkit!InvalidArgumentError} for a bad batch size or generator option; store errors (`ValidationError`, `UniqueViolationError`, `AdapterError`) as thrown by the store
 * @example
 * ```ts
 * import { loadDemo } from 'crmkit/demo';
 * import { createMemoryStore } from 'crmkit/store';
 * const store = createMemoryStore();
 * const result = await loadDemo(store, { seed: 7, size: 'small', cutoff: new Date('2025-01-01T00:00:00Z') });
 * result.records.contact; //=> 120
 * await store.count('contact'); //=> 120
 * ```
 */
export async function loadDemo(store: Store<CrmEntities>, options: LoadDemoOptions): Promise<LoadDemoResult> {
  const batchSize = options.batchSize ?? 1_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError(`batchSize must be a positive integer, got ${batchSize}`);
  const counts = Object.fromEntries(DEMO_ENTITIES.map((entity) => [entity, 0])) as Record<DemoEntityName, number>;
  const buffers = new Map<DemoEntityName, Record<string, unknown>[]>();
  let logs: LogEntryInput[] = [];
  let logEntries = 0;
  const flush = async (entity: DemoEntityName): Promise<void> => {
    const batch = buffers.get(entity);
    if (batch === undefined || batch.length === 0) return;
    buffers.set(entity, []);
    await store.createMany(entity, batch as never);
    counts[entity] += batch.length;
  };
  const flushLogs = async (): Promise<void> => {
    if (logs.length === 0) return;
    const batch = logs;
    logs = [];
    await store.append(batch);
    logEntries += batch.length;
  };
  for (const item of generateDemo(options) as Iterable<DemoItem>) {
    if (item.kind === 'log') {
      logs.push(item.entry);
      if (logs.length >= batchSize) await flushLogs();
      continue;
    }
    let buffer = buffers.get(item.entity);
    if (buffer === undefined) buffers.set(item.entity, (buffer = []));
    buffer.push(toCreateInput(item.record));
    if (buffer.length >= batchSize) await flush(item.entity);
  }
  for (const entity of DEMO_ENTITIES) await flush(entity);
  await flushLogs();
  return { records: counts, logEntries };
}
