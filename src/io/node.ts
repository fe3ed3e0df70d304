/**
 * Node.js file-system conveniences around the runtime-neutral import and export core. This is
 * the only file of `crmkit/io` that imports `node:` modules.
 *
 * @module
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CrmEntities } from '../model/registry';
import type { Store } from '../store/types';
import { parse as parseCsvNode } from 'csv-parse';
import type { CsvParseFunction } from './csv-reader';
import { importCsv, type ImportCsvOptions, type ImportSummary, type RejectedRow } from './import';
import { rejectsCsvWriter } from './rejects';

/** A rejects file being written: pass `onReject` to the import, then `close()`. */
export interface RejectsFile {
  /** The callback for `importCsv`'s `onReject`. */
  readonly onReject: (row: RejectedRow) => Promise<void>;
  /** Rows written so far. */
  readonly count: () => number;
  /** Flushes and closes the file. */
  readonly close: () => Promise<void>;
}

async function writeChunk(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * Opens a rejects CSV file (created, or truncated, on the first rejected row only).
 *
 * @param path - the file path
 * @returns the callback and a `close` function
 * @throws the file system's error when the file cannot be written (at the first reject)
 * @example
 * ```ts
 * import { importCsvFile, writeRejects, hubspotContacts } from 'crmkit/io/node';
 * const rejects = writeRejects('/tmp/contacts.rejects.csv');
 * await importCsvFile(store, 'contacts.csv', { mapping: hubspotContacts(), timeZone: 'Europe/Rome', onReject: rejects.onReject });
 * await rejects.close();
 * ```
 */
export function writeRejects(path: string): RejectsFile {
  let stream: WriteStream | undefined;
  let rows = 0;
  const writer = rejectsCsvWriter((chunk) => {
    stream ??= createWriteStream(path, { encoding: 'utf8' });
    return writeChunk(stream, chunk);
  });
  return {
    onReject: async (row) => {
      rows++;
      await writer(row);
    },
    count: () => rows,
    close: async () => {
      if (stream === undefined) return;
      const current = stream;
      current.end();
      await once(current, 'finish');
    },
  };
}

/** Options of {@link importCsvFile}: those of `importCsv`, plus progress in bytes. */
export interface ImportCsvFileOptions extends ImportCsvOptions {
  /** Called as the file is read, with the number of bytes read so far (for a progress bar). */
  readonly onRead?: (bytesRead: number) => void;
}

/**
 * Imports a CSV file, streamed from disk in 64 KiB chunks and read with csv-parse's Node build
 * (see `importCsv` for the semantics).
 *
 * @param store - the store
 * @param path - the CSV file
 * @param options - as for `importCsv`, plus `onRead` for progress in bytes
 * @returns the import summary
 * @throws as `importCsv`, and the file system's error when the file cannot be read
 * @example
 * ```ts
 * import { importCsvFile, salesforceContacts } from 'crmkit/io/node';
 * const summary = await importCsvFile(store, 'Contact.csv', { mapping: salesforceContacts(), timeZone: 'UTC' });
 * summary.imported; //=> 42
 * ```
 */
export function importCsvFile(store: Store<CrmEntities>, path: string, options: ImportCsvFileOptions): Promise<ImportSummary> {
  const { onRead, ...importOptions } = options;
  // csv-parse's Node build (native Buffer) reads several times faster than its neutral build.
  const withNodeParser: ImportCsvOptions = importOptions.csvParse === undefined ? { ...importOptions, csvParse: parseCsvNode as unknown as CsvParseFunction } : importOptions;
  const chunks = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 }) as AsyncIterable<string>;
  return importCsv(store, onRead === undefined ? chunks : countBytes(chunks, onRead), withNodeParser);
}

async function* countBytes(chunks: AsyncIterable<string>, onRead: (bytesRead: number) => void): AsyncGenerator<string> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += Buffer.byteLength(chunk);
    onRead(bytes);
    yield chunk;
  }
}

/**
 * Writes text chunks (from `toCsv`, `toJson`, `exportEntity`) to a file, with back-pressure.
 *
 * @param path - the file
 * @param chunks - the text chunks
 * @returns resolves when the file is closed
 * @throws the file system's error
 * @example
 * ```ts
 * import { writeTextFile } from 'crmkit/io/node';
 * import { exportEntity } from 'crmkit/io';
 * await writeTextFile('/tmp/contacts.csv', exportEntity(store, 'contact'));
 * ```
 */
export async function writeTextFile(path: string, chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  try {
    for await (const chunk of chunks) await Promise.race([writeChunk(stream, chunk), failed]);
  } finally {
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
  }
}

export { importCsv, rejectsCsvWriter };
export { hubspotContacts, hubspotCompanies, hubspotDeals, salesforceContacts, salesforceAccounts, salesforceOpportunities, salesforceCampaignMembers } from './presets';
