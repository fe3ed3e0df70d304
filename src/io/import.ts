/**
 * Idempotent, resumable CSV import: rows are mapped, validated with the entity schema, and
 * written in batches, each batch in one store transaction. Records carry their source id as
 * `externalId`; a re-run finds them and updates (with `expectedVersion`) instead of duplicating,
 * so an interrupted import is completed by running it again.
 *
 * @module
 */
import { ConflictError, InvalidArgumentError, ValidationError, type ValidationIssue } from '../errors';
import { CRM_ENTITIES, type CrmEntities } from '../model/registry';
import type { Store } from '../store/types';
import { readCsv, type CsvReadOptions, type CsvSource } from './csv-reader';
import { mapRow, setPath, type EntityMapping, type PendingReference, type ValueOptions } from './mapping';

/** A row that was not imported, with everything needed to fix and re-import it. */
export interface RejectedRow {
  /** 1-based line number in the file (header = line 1). */
  readonly line: number;
  /** The file's headers, in order. */
  readonly headers: readonly string[];
  /** The row's cells as written. */
  readonly raw: readonly string[];
  /** Every problem found, with the target field's path. */
  readonly issues: readonly ValidationIssue[];
}

/** Options of {@link importCsv}. */
export interface ImportCsvOptions extends ValueOptions, CsvReadOptions {
  /** How columns map to fields (a preset or your own). */
  readonly mapping: EntityMapping;
  /** Rows per batch; each batch is written in one transaction (default 500, at most 10,000). */
  readonly batchSize?: number;
  /** Called for every rejected row, as it is found (write it to a rejects file with {@link rejectsCsvWriter}). */
  readonly onReject?: (row: RejectedRow) => void | Promise<void>;
  /** Called after each committed batch with the running summary (progress, checkpoints). */
  readonly onBatch?: (summary: ImportSummary) => void | Promise<void>;
}

/** What an import did. `rows = imported + updated + unchanged + rejected`. */
export interface ImportSummary {
  /** The entity written. */
  readonly entity: string;
  /** Data rows read. */
  readonly rows: number;
  /** New records created. */
  readonly imported: number;
  /** Existing records (same external id) changed. */
  readonly updated: number;
  /** Existing records already equal to the row (nothing written). */
  readonly unchanged: number;
  /** Rows rejected (see `onReject`). */
  readonly rejected: number;
}

interface Pending {
  readonly line: number;
  readonly raw: readonly string[];
  readonly record: Record<string, unknown>;
  readonly externalId: string;
  readonly references: readonly PendingReference[];
  /** Issues found so far (cells, references, schema); the row is rejected if any. */
  readonly issues: ValidationIssue[];
  /** Schema-parsed data, for the comparison with an existing record. */
  parsed?: Record<string, unknown>;
}

const NOT_PATCHABLE = new Set(['createdAt', 'id']);

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return item;
  });
}

function errorIssues(error: unknown): ValidationIssue[] {
  if (error instanceof ValidationError) return [...error.issues];
  if (error instanceof ConflictError) return [{ code: 'conflict', path: ['externalId'], message: error.message }];
  return [{ code: 'custom', path: [], message: error instanceof Error ? error.message : String(error) }];
}

/**
 * Imports a CSV file into a store. For each row: the mapping reads the cells (dates, numbers
 * and money with the options' formats), references to other records are resolved by external
 * id, the record is validated with the entity schema, and then — in batches, one transaction
 * per batch — created, or, when a record with the same `externalId` exists, updated with
 * `expectedVersion` (or left alone if nothing changed).
 *
 * A row is imported whole or not at all: any problem rejects it, and `onReject` receives the
 * line number, the original cells and **every** issue. If a batch's transaction fails on one
 * row (a cross-field rule on the merged record, a concurrent change), the batch is replayed
 * row by row so that only the bad rows are rejected. Anything else (the source or the store
 * failing) aborts the import: committed batches stay, the current batch is rolled back, and
 * running the import again completes it without duplicates.
 *
 * @param store - the store to write to
 * @param source - CSV text, or an (async) iterable of text or byte chunks
 * @param options - mapping, value formats (`timeZone` is required), batch size, callbacks
 * @returns the summary: rows, imported, updated, unchanged, rejected
 * @throws {@link InvalidArgumentError} for bad options or a malformed CSV (unclosed quote, no header); errors of the source or the store as they are
 * @example
 * ```ts
 * import { importCsv, hubspotContacts } from 'crmkit/io';
 * import { createMemoryStore } from 'crmkit/store';
 * const store = createMemoryStore();
 * const csv = 'Record ID,First Name,Last Name,Email,Create Date\n101,Ada,Lovelace,ada@example.com,2024-03-05 14:30\n';
 * const summary = await importCsv(store, csv, { mapping: hubspotContacts(), timeZone: 'Europe/Rome' });
 * summary.imported; //=> 1
 * (await importCsv(store, csv, { mapping: hubspotContacts(), timeZone: 'Europe/Rome' })).unchanged; //=> 1
 * ```
 */
export async function importCsv(store: Store<CrmEntities>, source: CsvSource, options: ImportCsvOptions): Promise<ImportSummary> {
  const { mapping } = options;
  const definition = CRM_ENTITIES[mapping.entity];
  if (definition === undefined) throw new InvalidArgumentError(`Cannot import entity "${String(mapping.entity)}"`);
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new InvalidArgumentError(`batchSize must be an integer from 1 to 10,000, got ${batchSize}`);
  if (typeof options.timeZone !== 'string' || options.timeZone === '') throw new InvalidArgumentError('importCsv needs an explicit timeZone (e.g. "UTC" or "Europe/Rome")');
  const entity = mapping.entity;
  const summary = { entity, rows: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  let headers: readonly string[] = [];
  let batch: Pending[] = [];

  const reject = async (line: number, raw: readonly string[], issues: readonly ValidationIssue[]): Promise<void> => {
    summary.rejected++;
    await options.onReject?.({ line, headers, raw, issues });
  };

  const resolveReferences = async (rows: Pending[]): Promise<void> => {
    const wanted = new Map<string, Set<string>>();
    for (const row of rows) for (const ref of row.references) (wanted.get(ref.entity) ?? wanted.set(ref.entity, new Set()).get(ref.entity)!).add(ref.externalId);
    const found = new Map<string, Map<string, string>>();
    for (const [target, ids] of wanted) {
      const map = new Map<string, string>();
      const list = [...ids];
      for (let i = 0; i < list.length; i += 1_000) {
        const page = await store.find(target as never, { where: { field: 'externalId', op: 'in', value: list.slice(i, i + 1_000) }, limit: 1_000 });
        for (const record of page.items as { id: string; externalId?: string }[]) if (record.externalId !== undefined) map.set(record.externalId, record.id);
      }
      found.set(target, map);
    }
    for (const row of rows) {
      for (const ref of row.references) {
        const id = found.get(ref.entity)?.get(ref.externalId);
        if (id === undefined) row.issues.push({ code: 'unresolved_reference', path: ref.path.split('.'), message: `Column "${ref.column}": no ${ref.entity} with external id "${ref.externalId}"` });
        else setPath(row.record, ref.path, id);
      }
    }
  };

  /** Writes rows in one transaction; returns counts, or throws (and writes nothing). */
  const write = async (rows: readonly Pending[]): Promise<{ imported: number; updated: number; unchanged: number }> =>
    store.transaction(async (tx) => {
      const counts = { imported: 0, updated: 0, unchanged: 0 };
      const existing = new Map<string, Record<string, unknown>>();
      const externalIds = rows.map((row) => row.externalId);
      for (let i = 0; i < externalIds.length; i += 1_000) {
        const page = await tx.find(entity, { where: { field: 'externalId', op: 'in', value: externalIds.slice(i, i + 1_000) }, limit: 1_000 });
        for (const record of page.items as unknown as Record<string, unknown>[]) existing.set(record['externalId'] as string, record);
      }
      const creates: Record<string, unknown>[] = [];
      for (const row of rows) {
        const current = existing.get(row.externalId);
        if (current === undefined) {
          creates.push(row.record);
          continue;
        }
        const patch: Record<string, unknown> = {};
        let changed = false;
        for (const key of Object.keys(row.record)) {
          if (NOT_PATCHABLE.has(key)) continue;
          const next = row.parsed?.[key] ?? row.record[key];
          patch[key] = row.record[key];
          if (canonical(next) !== canonical(current[key])) changed = true;
        }
        if (!changed) {
          counts.unchanged++;
          continue;
        }
        await tx.update(entity, current['id'] as string, patch as never, { expectedVersion: current['version'] as number });
        counts.updated++;
      }
      if (creates.length > 0) await tx.createMany(entity, creates as never);
      counts.imported += creates.length;
      return counts;
    });

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    // Duplicate external ids inside one batch: the first wins, the others are rejected.
    const firstLine = new Map<string, number>();
    const unique: Pending[] = [];
    for (const row of rows) {
      const seen = firstLine.get(row.externalId);
      if (seen !== undefined) {
        await reject(row.line, row.raw, [{ code: 'duplicate', path: ['externalId'], message: `External id "${row.externalId}" also appears on line ${seen}` }]);
        continue;
      }
      firstLine.set(row.externalId, row.line);
      unique.push(row);
    }
    await resolveReferences(unique);
    const valid: Pending[] = [];
    for (const row of unique) {
      const { createdAt: _createdAt, id: _id, ...data } = row.record;
      const result = definition.dataSchema.safeParse(data);
      if (!result.success) {
        // Every issue of the row: cells and references first, then the schema's (minus repeats of a path already reported).
        const reported = new Set(row.issues.map((issue) => issue.path.join('.')));
        for (const issue of result.error.issues) if (!reported.has(issue.path.join('.'))) row.issues.push(issue);
      } else {
        row.parsed = result.data as Record<string, unknown>;
      }
      if (row.issues.length > 0) {
        await reject(row.line, row.raw, row.issues);
        continue;
      }
      valid.push(row);
    }
    if (valid.length > 0) {
      let counts: { imported: number; updated: number; unchanged: number };
      try {
        counts = await write(valid);
      } catch (error) {
        if (!(error instanceof ValidationError) && !(error instanceof ConflictError)) throw error;
        counts = { imported: 0, updated: 0, unchanged: 0 };
        for (const row of valid) {
          try {
            const one = await write([row]);
            counts.imported += one.imported;
            counts.updated += one.updated;
            counts.unchanged += one.unchanged;
          } catch (rowError) {
            if (!(rowError instanceof ValidationError) && !(rowError instanceof ConflictError)) throw rowError;
            await reject(row.line, row.raw, errorIssues(rowError));
          }
        }
      }
      summary.imported += counts.imported;
      summary.updated += counts.updated;
      summary.unchanged += counts.unchanged;
    }
    await options.onBatch?.({ ...summary });
  };

  let checkedHeaders = false;
  for await (const row of readCsv(source, options)) {
    if (!checkedHeaders) {
      headers = Object.keys(row.cells);
      checkedHeaders = true;
      const missing = [mapping.externalIdColumn].filter((column) => !headers.includes(column));
      if (missing.length > 0) throw new InvalidArgumentError(`The CSV lacks the external id column "${mapping.externalIdColumn}"; headers: ${headers.join(', ')}`);
    }
    summary.rows++;
    if (row.shapeError !== undefined) {
      await reject(row.line, row.raw, [{ code: 'invalid_row', path: [], message: row.shapeError }]);
      continue;
    }
    const mapped = mapRow(mapping, row.cells, row.line, options);
    if (mapped.externalId === undefined) {
      await reject(row.line, row.raw, mapped.issues);
      continue;
    }
    batch.push({ line: row.line, raw: row.raw, record: mapped.record, externalId: mapped.externalId, references: mapped.references, issues: mapped.issues });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { ...summary };
}
