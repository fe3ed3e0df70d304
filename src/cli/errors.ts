/**
 * How failures become exit codes and one readable message: {@link CliError} for what the CLI
 * detects itself, {@link classifyError} for everything thrown from below (crmkit errors, file
 * system errors, driver errors).
 *
 * @module
 */
import { EXIT_CODES, type ExitCode } from './exit-codes';

/** A failure the CLI reports with a given exit code, a message and an optional hint. */
export class CliError extends Error {
  /** The process exit code. */
  readonly exitCode: ExitCode;
  /** A second line telling the user what to do (`npm install pg`, `--db memory`…). */
  readonly hint: string | undefined;

  /**
   * @param exitCode - one of {@link EXIT_CODES}
   * @param message - what went wrong, in one sentence
   * @param options - `hint` (what to do) and `cause`
   * @example
   * ```ts
   * throw new CliError(EXIT_CODES.input, 'No such file: contacts.csv');
   * ```
   */
  constructor(exitCode: ExitCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** A failure classified for the user: the exit code, the message and an optional hint. */
export interface ClassifiedError {
  /** The exit code. */
  readonly exitCode: ExitCode;
  /** One readable message. */
  readonly message: string;
  /** What to do about it, if known. */
  readonly hint?: string;
}

/** Error codes (Node, pg, mysql2, better-sqlite3) that mean "the database cannot be reached or opened". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  '28P01', // pg: password authentication failed
  '28000', // pg: invalid authorisation
  '3D000', // pg: database does not exist
  '57P03', // pg: cannot connect now
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
  'SQLITE_READONLY',
]);

/** File-system error codes that mean "the file you named is the problem". */
const FILE_CODES = new Set(['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EPERM', 'EROFS']);

/**
 * The error and its causes, outermost first (at most 8 deep, and no cycles).
 *
 * @param error - anything thrown
 * @returns the chain
 * @example
 * ```ts
 * causeChain(new Error('a', { cause: new Error('b') })).length; //=> 2
 * ```
 */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  // AggregateError (e.g. a connection refused on both IPv4 and IPv6): look inside too.
  for (const item of [...chain]) {
    if (item instanceof AggregateError) chain.push(...item.errors.slice(0, 4));
  }
  return chain;
}

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}

/**
 * The package a "module not found" error (ESM `ERR_MODULE_NOT_FOUND` or CommonJS
 * `MODULE_NOT_FOUND`) anywhere in the cause chain is about, or `undefined`.
 *
 * @param error - anything thrown
 * @returns the bare package name (`pg`, `@scope/name`), or `undefined` for other errors and relative paths
 * @example
 * ```ts
 * const error = Object.assign(new Error("Cannot find package 'pg' imported from /app/x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
 * missingPackage(error); //=> 'pg'
 * ```
 */
export function missingPackage(error: unknown): string | undefined {
  for (const item of causeChain(error)) {
    const code = codeOf(item);
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') continue;
    const match = /Cannot find (?:package|module) '([^']+)'/.exec(messageOf(item));
    const name = match?.[1];
    if (name === undefined || name.startsWith('.') || name.startsWith('/') || name.startsWith('file:')) continue;
    const parts = name.split('/');
    return name.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? name);
  }
  return undefined;
}

/**
 * Whether anything in the cause chain says the database could not be reached or opened
 * (connection refused, unknown host, timeout, authentication, unknown database, unopenable file).
 *
 * @param error - anything thrown
 * @returns `true` for connection failures
 * @example
 * ```ts
 * isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })); //=> true
 * ```
 */
export function isConnectionError(error: unknown): boolean {
  return causeChain(error).some((item) => {
    const code = codeOf(item);
    return (code !== undefined && CONNECTION_CODES.has(code)) || /ECONNREFUSED|getaddrinfo|connect ETIMEDOUT|Connection terminated/.test(messageOf(item));
  });
}

/**
 * The innermost non-empty message of the cause chain (driver messages are the useful ones).
 *
 * @param error - anything thrown
 * @returns the message
 * @example
 * ```ts
 * innermostMessage(new Error('store failed', { cause: new Error('connect ECONNREFUSED') })); //=> 'connect ECONNREFUSED'
 * ```
 */
export function innermostMessage(error: unknown): string {
  const chain = causeChain(error);
  for (let i = chain.length - 1; i >= 0; i--) {
    const message = messageOf(chain[i]).trim();
    if (message !== '') return message;
  }
  return messageOf(error);
}

/**
 * Maps anything thrown to an exit code and a message: {@link CliError} keeps its own; file
 * errors (`ENOENT`…) → `input`; crmkit validation and argument errors → `input`; adapter errors
 * and connection failures → `database`; anything else → `error`.
 *
 * @param error - anything thrown
 * @returns the exit code, message and hint
 * @example
 * ```ts
 * classifyError(Object.assign(new Error("ENOENT: no such file or directory, open 'x.csv'"), { code: 'ENOENT', path: 'x.csv' })).exitCode; //=> 3
 * ```
 */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof CliError) {
    return error.hint === undefined ? { exitCode: error.exitCode, message: error.message } : { exitCode: error.exitCode, message: error.message, hint: error.hint };
  }
  const code = codeOf(error);
  if (code !== undefined && FILE_CODES.has(code)) {
    const path = (error as { path?: unknown }).path;
    const what = code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : code === 'ENOTDIR' ? 'Not a directory' : 'Permission denied';
    return { exitCode: EXIT_CODES.input, message: typeof path === 'string' ? `${what}: ${path}` : messageOf(error) };
  }
  if (isConnectionError(error)) {
    return { exitCode: EXIT_CODES.database, message: `Cannot reach the database: ${innermostMessage(error)}`, hint: 'Check the --db address and that the server is running, or use --db memory.' };
  }
  const pkg = missingPackage(error);
  if (pkg !== undefined) {
    return { exitCode: EXIT_CODES.database, message: `The package "${pkg}" is not installed.`, hint: `Install it with: npm install ${pkg}` };
  }
  if (code === 'ADAPTER_FAILURE') return { exitCode: EXIT_CODES.database, message: `Database error: ${innermostMessage(error)}` };
  if (code === 'VALIDATION_FAILED') {
    const issues = (error as { issues?: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey>; message?: string }> }).issues ?? [];
    const lines = issues.slice(0, 10).map((issue) => `  ${(issue.path ?? []).map(String).join('.') || '(root)'}: ${issue.message ?? ''}`);
    return { exitCode: EXIT_CODES.input, message: [messageOf(error), ...lines].join('\n') };
  }
  if (code === 'NOT_FOUND') return { exitCode: EXIT_CODES.input, message: messageOf(error) };
  if (code === 'INVALID_ARGUMENT') return { exitCode: EXIT_CODES.input, message: messageOf(error) };
  return { exitCode: EXIT_CODES.error, message: messageOf(error) };
}
