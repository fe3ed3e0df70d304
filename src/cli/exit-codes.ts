/**
 * The exit codes of the `crmkit` command, in one place. Scripts may rely on them: they are part
 * of the CLI's contract (docs/cli.md) and change only with a major version.
 *
 * @module
 */

/**
 * Every exit code `crmkit` uses.
 *
 * | code | name | when |
 * | --- | --- | --- |
 * | 0 | `ok` | the command did what it was asked |
 * | 1 | `error` | an unexpected failure (a bug, or an error nobody classified): the message and, with `CRMKIT_DEBUG=1`, the stack |
 * | 2 | `usage` | an unknown command or option, a missing argument, a bad option value (`--size huge`, `--db ftp://…`) |
 * | 3 | `input` | a missing or unreadable file, a bad mapping (not JSON, wrong shape, columns the file lacks), a malformed CSV, a bad timezone or format |
 * | 4 | `database` | the database cannot be reached, a driver package is not installed, migrating failed, the store failed mid-way |
 * | 5 | `rejected` | an import finished, but rejected some rows (see the rejects file) |
 *
 * Interrupted by a signal, the process exits with the shell's 128 + n (130 for Ctrl-C, 143 for
 * `SIGTERM`; see `main.ts`).
 *
 * @example
 * ```ts
 * import { EXIT_CODES } from './exit-codes';
 * EXIT_CODES.database; //=> 4
 * ```
 */
export const EXIT_CODES = {
  ok: 0,
  error: 1,
  usage: 2,
  input: 3,
  database: 4,
  rejected: 5,
} as const;

/** The name of an exit code (`'usage'`, `'database'`…). */
export type ExitCodeName = keyof typeof EXIT_CODES;

/** One of the numbers in {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[ExitCodeName];
