/**
 * The rejects output of an import: a CSV with the original columns, the line number and every
 * issue, ready to be fixed and re-imported.
 *
 * @module
 */
import { formatIssuePath } from '../errors';
import { csvCell } from './export';
import type { RejectedRow } from './import';

/** Name of the line-number column added to a rejects file. */
export const REJECT_LINE_COLUMN = '_line';
/** Name of the issues column added to a rejects file. */
export const REJECT_ISSUES_COLUMN = '_issues';

/**
 * Renders the issues of a rejected row as `path: message`, separated by ` | `.
 *
 * @param row - the rejected row
 * @returns one line of text listing every issue
 * @example
 * ```ts
 * import { formatRejectIssues } from 'crmkit/io';
 * formatRejectIssues({ line: 3, headers: [], raw: [], issues: [{ code: 'custom', path: ['emails', 0, 'address'], message: 'Invalid email' }] });
 * //=> 'emails[0].address: Invalid email'
 * ```
 */
export function formatRejectIssues(row: RejectedRow): string {
  return row.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`).join(' | ');
}

/**
 * Makes an `onReject` callback that writes rejected rows as CSV through `write`: the file's own
 * headers plus `_line` and `_issues` on the first reject, then one line per row. Nothing is
 * written when no row is rejected.
 *
 * @param write - receives CSV text chunks (append to a file, a string, a stream)
 * @param options - delimiter (default `','`)
 * @returns the callback to pass as `onReject`
 * @example
 * ```ts
 * import { importCsv, rejectsCsvWriter, hubspotContacts } from 'crmkit/io';
 * import { createMemoryStore } from 'crmkit/store';
 * let rejects = '';
 * await importCsv(createMemoryStore(), 'Record ID,Email\n1,not-an-email\n', {
 *   mapping: hubspotContacts(), timeZone: 'UTC', onReject: rejectsCsvWriter((chunk) => { rejects += chunk; }),
 * });
 * rejects.split('\n')[0]; //=> 'Record ID,Email,_line,_issues'
 * ```
 */
export function rejectsCsvWriter(write: (chunk: string) => unknown, options: { readonly delimiter?: string } = {}): (row: RejectedRow) => Promise<void> {
  const delimiter = options.delimiter ?? ',';
  let headerWritten = false;
  return async (row) => {
    if (!headerWritten) {
      headerWritten = true;
      await write([...row.headers, REJECT_LINE_COLUMN, REJECT_ISSUES_COLUMN].map((h) => csvCell(h, delimiter)).join(delimiter) + '\n');
    }
    const cells = row.headers.map((_, index) => row.raw[index] ?? '');
    if (row.raw.length > row.headers.length) cells.push(...row.raw.slice(row.headers.length));
    await write([...cells.slice(0, row.headers.length), String(row.line), formatRejectIssues(row)].map((c) => csvCell(c, delimiter)).join(delimiter) + '\n');
  };
}
