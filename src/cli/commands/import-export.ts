/**
 * `crmkit import <entity> <file>` and `crmkit export <entity>`.
 *
 * @module
 */
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { exportEntity, type DateFormat, type EntityMapping, type ImportEntity, type ImportSummary, type RejectedRow } from 'crmkit/io';
import { importCsvFile, writeRejects, writeTextFile, type ImportCsvFileOptions } from 'crmkit/io/node';
import type { CrmEntities } from 'crmkit/model';
import type { CommandContext, FormatOptions, StoreOptions } from '../context';
import { CliError } from '../errors';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import { checkMappingColumns, mappingFromJson, presetMapping, readJsonFile, type PresetName } from '../mapping-file';
import type { CommandOutput } from '../output';

/** Options of `crmkit import`. */
export interface ImportOptions extends StoreOptions, FormatOptions {
  readonly preset?: PresetName;
  readonly mapping?: string;
  readonly presetOptions?: string;
  readonly rejects?: string;
  readonly timezone?: string;
  readonly dateFormat?: string;
  readonly decimal?: '.' | ',';
  readonly thousands?: string;
  readonly currency?: string;
  readonly delimiter?: string;
  readonly batchSize?: number;
}

async function requireFile(path: string, what: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(EXIT_CODES.input, `Not a file: ${path}`);
    return info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(EXIT_CODES.input, `No such ${what}: ${path}`, { cause: error });
  }
}

/** The header row of a CSV file (from its first 64 KiB). */
async function readHeaders(path: string, delimiter: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.search(/\r?\n/);
    const first = end === -1 ? text : text.slice(0, end);
    if (first.trim() === '') throw new CliError(EXIT_CODES.input, `The CSV ${path} has no header row.`);
    const rows = parseCsvSync(first, { bom: true, delimiter, relax_quotes: true }) as string[][];
    return (rows[0] ?? []).map((header) => header.trim());
  } finally {
    await handle.close();
  }
}

const THOUSANDS = new Set([',', '.', ' ', "'", '']);

function checkValueOptions(options: ImportOptions): void {
  if (options.thousands !== undefined && !THOUSANDS.has(options.thousands)) {
    throw new CliError(EXIT_CODES.usage, `--thousands must be one of , . ' or a space, got "${options.thousands}"`);
  }
  if (options.timezone !== undefined) {
    const tz = options.timezone;
    const ok = tz === 'UTC' || /^[+-]\d{2}:\d{2}$/.test(tz) || (() => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    })();
    if (!ok) throw new CliError(EXIT_CODES.usage, `Unknown timezone "${tz}".`, { hint: 'Use an IANA name (Europe/Rome), UTC, or an offset (+02:00).' });
  }
}

/**
 * Runs `crmkit import`: resolves the mapping (preset, mapping file, or the native format of
 * `crmkit export`), checks it against the file's header row, streams the file into the store
 * with a progress bar, writes rejects, and prints the summary.
 *
 * @param context - the command context
 * @param entity - the entity to import
 * @param file - the CSV file
 * @param options - the command's options
 * @returns the exit code: `ok`, or `rejected` when rows were rejected
 * @throws {@link CliError} for a missing file, a bad mapping, an unreachable database
 * @example
 * ```ts
 * await importCommand(context, 'contact', 'contacts.csv', { preset: 'hubspot-contacts', timezone: 'Europe/Rome' }); //=> 0
 * ```
 */
export async function importCommand(context: CommandContext, entity: ImportEntity, file: string, options: ImportOptions): Promise<ExitCode> {
  const path = resolve(context.io.cwd, file);
  const size = await requireFile(path, 'file');
  if (options.preset !== undefined && options.mapping !== undefined) throw new CliError(EXIT_CODES.usage, 'Give either --preset or --mapping, not both.');
  const preset = options.preset ?? (options.mapping === undefined ? 'native' : undefined);
  if (options.timezone === undefined && preset !== 'native') {
    throw new CliError(EXIT_CODES.usage, 'The import needs --timezone: the timezone of dates written without an offset.', { hint: 'For example --timezone Europe/Rome, or --timezone UTC.' });
  }
  checkValueOptions(options);
  const delimiter = options.delimiter ?? ',';
  const headers = await readHeaders(path, delimiter);
  let mapping: EntityMapping;
  let source: string;
  if (preset !== undefined) {
    source = `preset ${preset}`;
    const presetOptions = options.presetOptions === undefined ? undefined : await readJsonFile(resolve(context.io.cwd, options.presetOptions), 'preset options', options.presetOptions);
    mapping = presetMapping(preset, entity, headers, presetOptions, options.presetOptions ?? source);
  } else {
    source = options.mapping as string;
    const json = await readJsonFile(resolve(context.io.cwd, source), 'mapping', source);
    mapping = mappingFromJson(json, entity, headers, source);
  }
  const absent = checkMappingColumns(mapping, headers, source);
  // Presets name every column of the full export format; a real export has a subset, so only a user's mapping gets the note.
  if (absent.length > 0 && preset === undefined && options.json !== true) context.warn(`Note: the file has no column ${absent.map((name) => `"${name}"`).join(', ')} (left unset).`);

  return context.withStore(options, async ({ store }) => {
    const rejectsPath = options.rejects === undefined ? undefined : resolve(context.io.cwd, options.rejects);
    const rejectsFile = rejectsPath === undefined ? undefined : writeRejects(rejectsPath);
    const shown: RejectedRow[] = [];
    let bytes = 0;
    const bar = context.progress('Importing', size, 'bytes');
    const importOptions: { -readonly [K in keyof ImportCsvFileOptions]: ImportCsvFileOptions[K] } = {
      mapping,
      timeZone: options.timezone ?? 'UTC',
      delimiter,
      onReject: async (row) => {
        if (shown.length < 5) shown.push(row);
        if (rejectsFile !== undefined) await rejectsFile.onReject(row);
      },
      onBatch: (summary) => bar.update(bytes, { step: `${summary.rows} rows` }),
      onRead: (bytesRead) => {
        bytes = bytesRead;
      },
    };
    if (options.dateFormat !== undefined) importOptions.dateFormat = options.dateFormat as DateFormat;
    if (options.decimal !== undefined) importOptions.decimalSeparator = options.decimal;
    if (options.thousands !== undefined) importOptions.thousandsSeparator = options.thousands as ',' | '.' | ' ' | "'" | '';
    if (options.currency !== undefined) importOptions.currency = options.currency;
    if (options.batchSize !== undefined) importOptions.batchSize = options.batchSize;
    let summary: ImportSummary;
    try {
      summary = await importCsvFile(store, path, importOptions);
    } finally {
      bar.stop();
      await rejectsFile?.close();
    }
    context.print(importOutput(summary, file, rejectsPath), options);
    if (summary.rejected > 0 && options.json !== true && options.csv !== true) {
      for (const row of shown) context.warn(`line ${row.line}: ${row.issues.map((issue) => `${issue.path.map(String).join('.') || '(row)'}: ${issue.message}`).join('; ')}`);
      if (summary.rejected > shown.length) context.warn(`… and ${summary.rejected - shown.length} more rejected rows.`);
      context.warn(rejectsPath === undefined ? 'Pass --rejects <file> to write every rejected row with its issues.' : `Rejected rows with their issues: ${rejectsPath}`);
    }
    return summary.rejected > 0 ? EXIT_CODES.rejected : EXIT_CODES.ok;
  });
}

function importOutput(summary: ImportSummary, file: string, rejects: string | undefined): CommandOutput {
  return {
    json: { file, ...summary, rejectsFile: summary.rejected > 0 ? (rejects ?? null) : null },
    tables: [
      {
        title: `Imported ${file} into ${summary.entity}`,
        columns: [
          { key: 'rows', header: 'rows', format: 'int' },
          { key: 'imported', header: 'imported', format: 'int' },
          { key: 'updated', header: 'updated', format: 'int' },
          { key: 'unchanged', header: 'unchanged', format: 'int' },
          { key: 'rejected', header: 'rejected', format: 'int' },
        ],
        rows: [{ rows: summary.rows, imported: summary.imported, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected }],
      },
    ],
  };
}

/** Options of `crmkit export`. */
export interface ExportOptions extends StoreOptions {
  readonly format?: 'csv' | 'json';
  readonly out?: string;
  readonly omitMeta?: boolean;
}

/**
 * Runs `crmkit export`: streams every record of an entity as CSV (dotted headers, re-importable
 * with the native mapping) or JSON, to `--out` or stdout.
 *
 * @param context - the command context
 * @param entity - the entity
 * @param options - format, output file
 * @returns the exit code
 * @example
 * ```ts
 * await exportCommand(context, 'contact', { format: 'csv', out: 'contacts.csv' }); //=> 0
 * ```
 */
export async function exportCommand(context: CommandContext, entity: keyof CrmEntities & string, options: ExportOptions): Promise<ExitCode> {
  return context.withStore(options, async ({ store }) => {
    const chunks = exportEntity(store, entity, { format: options.format ?? 'csv', omitMeta: options.omitMeta === true });
    if (options.out === undefined) {
      const stdout = context.io.stdout as { write(chunk: string): unknown; once?: (event: 'drain', listener: () => void) => unknown };
      for await (const chunk of chunks) {
        // Respect back-pressure on a real stream, so a large export does not pile up in memory.
        if (stdout.write(chunk) === false && typeof stdout.once === 'function') await new Promise<void>((done) => stdout.once?.('drain', done));
      }
      return EXIT_CODES.ok;
    }
    const path = resolve(context.io.cwd, options.out);
    await writeTextFile(path, chunks);
    context.warn(`Wrote ${await store.count(entity)} ${entity} records to ${path}`);
    return EXIT_CODES.ok;
  });
}
