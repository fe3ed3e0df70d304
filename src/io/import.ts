/**
 * Idempotent, resumable CSV import: rows are mapped, validated with the entity schema, and
 * written in batches, each batch in one store transaction. Records carry their source id as
 * `externalId`; a re-run finds them and updates (with `expectedVersion`) instead of duplicating,
 * so an interrupted import is completed by running it again.
 *
 * @module
 */
import { ConflictError, InvalidArgumentError, UniqueViolationError, ValidationError, type ValidationIssue } from '../errors';
import { CRM_ENTITIES, type CrmEntities } from '../model/registry';
import type { Store } from '../store/types';
import { readCsv, type CsvReadOptions, type CsvSource } from './csv-reader';
import { compileMapping, mapCompiledRow, setPath, type EntityMapping, type PendingReference, type ValueOptions } from './mapping';

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
  /** Called for every rejected row, batch by batch in line order once the batch is written (write it to a rejects file with {@link rejectsCsvWriter}). */
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
}

/** A rejected row, reported once its batch is done. */
interface RowReject {
  readonly line: number;
  readonly raw: readonly string[];
  readonly issues: readonly ValidationIssue[];
}

/** A row the store refused (the schema), with its issues. */
interface WriteReject {
  readonly row: Pending;
  readonly issues: readonly ValidationIssue[];
}

interface WriteResult {
  imported: number;
  updated: number;
  unchanged: number;
  readonly rejects: WriteReject[];
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

/**
 * The issues of a failed `createMany`, by input index (the first segment of each issue's path),
 * with the index taken off the path; `undefined` when an issue names no input.
 */
function issuesByIndex(error: ValidationError, size: number): Map<number, ValidationIssue[]> | undefined {
  const byIndex = new Map<number, ValidationIssue[]>();
  for (const issue of error.issues) {
    const index = issue.path[0];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= size) return undefined;
    const list = byIndex.get(index) ?? [];
    if (list.length === 0) byIndex.set(index, list);
    list.push({ ...issue, path: issue.path.slice(1) });
  }
  return byIndex.size > 0 ? byIndex : undefined;
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
 * Memory stays bounded: one batch is written while the next is read and mapped (batches commit
 * one after the other, in file order). Each row is validated once — by the store's `createMany`
 * for new records — and a fresh import looks no external id up: see "Speed" in
 * docs/import-export.md.
 *
 * @param store - the store to write to
 * @param source - CSV text, or an (async) iterable of text or byte chunks
 * @param options - mapping, value formats (`timeZone` is required), batch size, callbacks
 * @returns the summary: rows, imported, updated, unchanged, rejected
 * @throws {@link crmkit!InvalidArgumentError} for bad options or a malformed CSV (unclosed quote, no header); errors of the source or the store as they are
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
  const compiled = compileMapping(mapping);

  /** Reports a batch's rejected rows, in line order. */
  const reportRejects = async (rejects: RowReject[]): Promise<void> => {
    rejects.sort((a, b) => a.line - b.line);
    summary.rejected += rejects.length;
    if (options.onReject !== undefined) for (const { line, raw, issues } of rejects) await options.onReject({ line, headers, raw, issues });
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

  /**
   * Whether the next batch looks its external ids up before writing. Off, a batch is first
   * offered to `createMany` whole (a fresh import then never looks anything up); a batch that
   * meets an existing external id turns it on, and a batch whose look-up finds nothing turns it
   * off again. Only the work done changes, never the outcome.
   */
  let lookupFirst = false;

  /**
   * Creates rows with `createMany` (which validates them: each row is validated once). Rows the
   * schema rejects are moved to `rejects` and the others created. When `optimistic` and an id
   * is already taken, nothing is written and the rows still to write are returned.
   */
  const createRows = async (tx: Store<CrmEntities>, rows: readonly Pending[], rejects: WriteReject[], optimistic: boolean): Promise<number | readonly Pending[]> => {
    let pending = rows;
    for (let attempt = 0; pending.length > 0; attempt++) {
      try {
        await tx.createMany(entity, pending.map((row) => row.record) as never);
        return pending.length;
      } catch (error) {
        if (optimistic && error instanceof UniqueViolationError) return pending;
        const byIndex = attempt === 0 && error instanceof ValidationError ? issuesByIndex(error, pending.length) : undefined;
        if (byIndex === undefined) throw error;
        const rest: Pending[] = [];
        pending.forEach((row, index) => {
          const issues = byIndex.get(index);
          if (issues === undefined) rest.push(row);
          else rejects.push({ row, issues });
        });
        pending = rest;
      }
    }
    return 0;
  };

  /** Writes rows in one transaction; returns counts and the rows the schema rejected, or throws (and writes nothing). */
  const write = async (rows: readonly Pending[]): Promise<WriteResult> =>
    store.transaction(async (tx) => {
      const result: WriteResult = { imported: 0, updated: 0, unchanged: 0, rejects: [] };
      let pending = rows;
      if (!lookupFirst) {
        const created = await createRows(tx, pending, result.rejects, true);
        if (typeof created === 'number') {
          result.imported = created;
          return result;
        }
        pending = created;
        lookupFirst = true;
      }
      const existing = new Map<string, Record<string, unknown>>();
      const externalIds = pending.map((row) => row.externalId);
      for (let i = 0; i < externalIds.length; i += 1_000) {
        const page = await tx.find(entity, { where: { field: 'externalId', op: 'in', value: externalIds.slice(i, i + 1_000) }, limit: 1_000 });
        for (const record of page.items as unknown as Record<string, unknown>[]) existing.set(record['externalId'] as string, record);
      }
      lookupFirst = existing.size > 0;
      const creates: Pending[] = [];
      for (const row of pending) {
        const current = existing.get(row.externalId);
        if (current === undefined) {
          creates.push(row);
          continue;
        }
        // Compared with the record as the schema normalises it (e-mails lower-cased, phones in E.164).
        const { createdAt: _createdAt, id: _id, ...data } = row.record;
        const parsed = definition.dataSchema.safeParse(data);
        if (!parsed.success) {
          result.rejects.push({ row, issues: parsed.error.issues });
          continue;
        }
        const normalised = parsed.data as Record<string, unknown>;
        const patch: Record<string, unknown> = {};
        let changed = false;
        for (const key of Object.keys(row.record)) {
          if (NOT_PATCHABLE.has(key)) continue;
          const next = normalised[key] ?? row.record[key];
          patch[key] = row.record[key];
          if (!changed && canonical(next) !== canonical(current[key])) changed = true;
        }
        if (!changed) {
          result.unchanged++;
          continue;
        }
        await tx.update(entity, current['id'] as string, patch as never, { expectedVersion: current['version'] as number });
        result.updated++;
      }
      if (creates.length > 0) result.imported += (await createRows(tx, creates, result.rejects, false)) as number;
      return result;
    });

  /** Writes one batch: references, validation, the transaction; then reports its rejects and progress. */
  const flush = async (rows: readonly Pending[], rejects: RowReject[], read: number): Promise<void> => {
    // Duplicate external ids inside one batch: the first wins, the others are rejected.
    const firstLine = new Map<string, number>();
    const unique: Pending[] = [];
    for (const row of rows) {
      const seen = firstLine.get(row.externalId);
      if (seen !== undefined) {
        rejects.push({ line: row.line, raw: row.raw, issues: [{ code: 'duplicate', path: ['externalId'], message: `External id "${row.externalId}" also appears on line ${seen}` }] });
        continue;
      }
      firstLine.set(row.externalId, row.line);
      unique.push(row);
    }
    await resolveReferences(unique);
    // Rows with a problem already are validated here, so that the reject lists every issue; the
    // others are validated once, by the store as they are written.
    const valid: Pending[] = [];
    for (const row of unique) {
      if (row.issues.length === 0) {
        valid.push(row);
        continue;
      }
      const { createdAt: _createdAt, id: _id, ...data } = row.record;
      const result = definition.dataSchema.safeParse(data);
      if (!result.success) {
        // Cells and references first, then the schema's issues (minus repeats of a path already reported).
        const reported = new Set(row.issues.map((issue) => issue.path.join('.')));
        for (const issue of result.error.issues) if (!reported.has(issue.path.join('.'))) row.issues.push(issue);
      }
      rejects.push({ line: row.line, raw: row.raw, issues: row.issues });
    }
    if (valid.length > 0) {
      let result: WriteResult;
      try {
        result = await write(valid);
      } catch (error) {
        if (!(error instanceof ValidationError) && !(error instanceof ConflictError)) throw error;
        result = { imported: 0, updated: 0, unchanged: 0, rejects: [] };
        for (const row of valid) {
          try {
            const one = await write([row]);
            result.imported += one.imported;
            result.updated += one.updated;
            result.unchanged += one.unchanged;
            result.rejects.push(...one.rejects);
          } catch (rowError) {
            if (!(rowError instanceof ValidationError) && !(rowError instanceof ConflictError)) throw rowError;
            result.rejects.push({ row, issues: errorIssues(rowError) });
          }
        }
      }
      summary.imported += result.imported;
      summary.updated += result.updated;
      summary.unchanged += result.unchanged;
      for (const { row, issues } of result.rejects) rejects.push({ line: row.line, raw: row.raw, issues });
    }
    summary.rows += read;
    await reportRejects(rejects);
    await options.onBatch?.({ ...summary });
  };

  // One batch is written while the next one is read and mapped (the database works while this
  // thread parses): at most two batches are held, and batches commit in file order.
  let inFlight: Promise<void> | undefined;
  let batch: Pending[] = [];
  let early: RowReject[] = [];
  let read = 0;
  const submit = async (): Promise<void> => {
    const rows = batch;
    const rejects = early;
    const count = read;
    batch = [];
    early = [];
    read = 0;
    if (inFlight !== undefined) await inFlight;
    inFlight = flush(rows, rejects, count);
    // Awaited at the next submit or at the end; until then a failure must not count as unhandled.
    inFlight.catch(() => {});
  };

  let checkedHeaders = false;
  try {
    for await (const row of readCsv(source, options)) {
      if (!checkedHeaders) {
        headers = Object.keys(row.cells);
        checkedHeaders = true;
        const missing = [mapping.externalIdColumn].filter((column) => !headers.includes(column));
        if (missing.length > 0) throw new InvalidArgumentError(`The CSV lacks the external id column "${mapping.externalIdColumn}"; headers: ${headers.join(', ')}`);
      }
      read++;
      if (row.shapeError !== undefined) early.push({ line: row.line, raw: row.raw, issues: [{ code: 'invalid_row', path: [], message: row.shapeError }] });
      else {
        const mapped = mapCompiledRow(compiled, row.cells, row.line, options);
        if (mapped.externalId === undefined) early.push({ line: row.line, raw: row.raw, issues: mapped.issues });
        else batch.push({ line: row.line, raw: row.raw, record: mapped.record, externalId: mapped.externalId, references: mapped.references, issues: mapped.issues });
      }
      if (read >= batchSize) await submit();
    }
  } catch (error) {
    // Let the batch being written commit or roll back before reporting the failure.
    await inFlight?.catch(() => {});
    throw error;
  }
  if (read > 0) await submit();
  await inFlight;
  return { ...summary };
}
