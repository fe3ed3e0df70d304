/**
 * What every command receives: the streams and environment of {@link CliIo}, and helpers to
 * open the store of `--db` / `--workspace`, to print a command's output in the asked format,
 * and to show progress.
 *
 * @module
 */
import type { CrmEntities } from 'crmkit/model';
import type { Store } from 'crmkit/store';
import { DEFAULT_DATABASE, DEFAULT_WORKSPACE, defaultModuleLoader, openStore, parseDatabase, type ModuleLoader, type OpenStore } from './database';
import { renderOutput, type CommandOutput, type OutputFormat } from './output';
import { startProgress, type Progress } from './progress';

/** Something text can be written to (a Node stream, or a test's buffer). */
export interface Writer {
  /** Writes a chunk of text. */
  write(chunk: string): unknown;
}

/** The process around {@link runCli}: streams, terminal, directory, environment, and injectable loaders. */
export interface CliIo {
  /** Results (tables, CSV, JSON, exported data). */
  readonly stdout: Writer;
  /** Errors, warnings and progress. */
  readonly stderr: Writer;
  /** Whether stdout is a terminal: colours only then (and never with `NO_COLOR`). */
  readonly isTTY: boolean;
  /** The working directory relative paths are resolved against. */
  readonly cwd: string;
  /** Environment variables (`CRMKIT_DB`, `CRMKIT_WORKSPACE`, `NO_COLOR`, `CRMKIT_DEBUG`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The stream progress bars are drawn on (`process.stderr` when it is a TTY); none → no bars. */
  readonly progressStream?: unknown;
  /** How adapter modules are loaded (default: dynamic `import`); tests inject failures. */
  readonly importModule?: ModuleLoader;
}

/** Options every store-using command has. */
export interface StoreOptions {
  /** `--db`. */
  readonly db?: string;
  /** `--workspace`. */
  readonly workspace?: string;
}

/** Options every command with tabular output has. */
export interface FormatOptions {
  /** `--json`. */
  readonly json?: boolean;
  /** `--csv`. */
  readonly csv?: boolean;
}

/** The helpers commands use. */
export interface CommandContext {
  /** The process. */
  readonly io: CliIo;
  /** ANSI colour allowed on stdout. */
  readonly color: boolean;
  /** Resolves the `--db` value (option, `CRMKIT_DB`, default `crmkit.db`). */
  databaseOf(options: StoreOptions): string;
  /** Resolves the workspace (option, `CRMKIT_WORKSPACE`, default `demo`). */
  workspaceOf(options: StoreOptions): string;
  /** Opens the store of the options, runs `fn`, and closes it. */
  withStore<T>(options: StoreOptions, fn: (open: OpenStore) => Promise<T>): Promise<T>;
  /** Prints a command's output in the format of the options. */
  print(output: CommandOutput, options: FormatOptions): void;
  /** Starts a progress bar (a no-op off a terminal). */
  progress(label: string, total: number, unit: string): Progress;
  /** Writes a line to stderr. */
  warn(message: string): void;
}

/**
 * The output format of `--json` / `--csv` (default: an aligned table).
 *
 * @param options - the format flags
 * @returns the format
 * @example
 * ```ts
 * formatOf({ json: true }); //=> 'json'
 * ```
 */
export function formatOf(options: FormatOptions): OutputFormat {
  return options.json === true ? 'json' : options.csv === true ? 'csv' : 'table';
}

/**
 * Builds the {@link CommandContext} for one run.
 *
 * @param io - the process
 * @returns the context
 * @example
 * ```ts
 * const context = createContext({ stdout: process.stdout, stderr: process.stderr, isTTY: false, cwd: process.cwd(), env: {} });
 * context.workspaceOf({}); //=> 'demo'
 * ```
 */
export function createContext(io: CliIo): CommandContext {
  const color = io.isTTY && io.env['NO_COLOR'] === undefined && io.env['TERM'] !== 'dumb';
  const load = io.importModule ?? defaultModuleLoader;
  const databaseOf = (options: StoreOptions): string => options.db ?? (io.env['CRMKIT_DB'] || DEFAULT_DATABASE);
  const workspaceOf = (options: StoreOptions): string => options.workspace ?? (io.env['CRMKIT_WORKSPACE'] || DEFAULT_WORKSPACE);
  return {
    io,
    color,
    databaseOf,
    workspaceOf,
    async withStore(options, fn) {
      const target = parseDatabase(databaseOf(options), io.cwd);
      const open = await openStore(target, workspaceOf(options), load);
      try {
        return await fn(open);
      } finally {
        await open.close().catch(() => {});
      }
    },
    print(output, options) {
      io.stdout.write(renderOutput(output, formatOf(options), { color }));
    },
    progress(label, total, unit) {
      return startProgress({ enabled: io.progressStream !== undefined, stream: io.progressStream, label, total, unit });
    },
    warn(message) {
      io.stderr.write(`${message}\n`);
    },
  };
}

/**
 * Wraps a store so that every `createMany` is reported to `onCreated` after it commits (the
 * demo's progress bar counts contacts this way, without a hook in `loadDemo`).
 *
 * @param store - the store
 * @param onCreated - called with the entity and the number of records created
 * @returns the same store, observed
 * @example
 * ```ts
 * let contacts = 0;
 * const observed = countingStore(store, (entity, n) => { if (entity === 'contact') contacts += n; });
 * await loadDemo(observed, { seed: 1, size: 'small', cutoff });
 * contacts; //=> 120
 * ```
 */
export function countingStore(store: Store<CrmEntities>, onCreated: (entity: string, count: number) => void): Store<CrmEntities> {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (property === 'createMany' && typeof value === 'function') {
        return async (entity: string, inputs: readonly unknown[]) => {
          const result: unknown = await (value as (e: string, i: readonly unknown[]) => Promise<unknown>).call(target, entity, inputs);
          onCreated(entity, inputs.length);
          return result;
        };
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
