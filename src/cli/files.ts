/**
 * Writing files with back-pressure: the rejects file of an import and an export's output. (The
 * same helpers as `crmkit/io/node`, here because the CLI imports crmkit only through subpaths
 * that resolve to one copy of the library — see docs/cli.md, "How it is built".)
 *
 * @module
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rejectsCsvWriter, type RejectedRow } from 'crmkit/io';

async function writeChunk(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** A rejects file being written. */
export interface RejectsFile {
  /** The callback for `importCsv`'s `onReject`. */
  readonly onReject: (row: RejectedRow) => Promise<void>;
  /** Flushes and closes the file (nothing to do when no row was rejected). */
  readonly close: () => Promise<void>;
}

/**
 * Opens a rejects CSV file, created (or truncated) at the first rejected row only.
 *
 * @param path - the file
 * @returns `onReject` and `close`
 * @throws the file system's error at the first reject when the file cannot be written
 * @example
 * ```ts
 * const rejects = writeRejects('/tmp/rejects.csv');
 * await importCsv(store, csv, { mapping, timeZone: 'UTC', onReject: rejects.onReject });
 * await rejects.close();
 * ```
 */
export function writeRejects(path: string): RejectsFile {
  let stream: WriteStream | undefined;
  const writer = rejectsCsvWriter((chunk) => {
    stream ??= createWriteStream(path, { encoding: 'utf8' });
    return writeChunk(stream, chunk);
  });
  return {
    onReject: async (row) => {
      await writer(row);
    },
    close: async () => {
      if (stream === undefined) return;
      const current = stream;
      current.end();
      await once(current, 'finish');
    },
  };
}

/**
 * Writes text chunks to a file, with back-pressure.
 *
 * @param path - the file
 * @param chunks - the chunks
 * @returns resolves when the file is closed
 * @throws the file system's error
 * @example
 * ```ts
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
