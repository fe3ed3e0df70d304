/**
 * The analysis commands — `funnel`, `survival`, `markov`, `attribution`, `kpi`, `report` — and
 * `demo`, which generates the demo data set, runs every analysis, prints the headline figures and
 * writes report.html. Every figure comes from `analyzeCrm` (crmkit/io/report).
 *
 * @module
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_ENTITIES, DEMO_SIZES, loadDemo, type DemoSize } from 'crmkit/demo';
import { IMPORT_ENTITIES } from 'crmkit/io';
import { analyzeCrm, type AnalyzeCrmOptions, type CrmAnalysis, type ReportSection, type SurvivalGrouping } from 'crmkit/io/report';
import type { CrmEntities } from 'crmkit/model';
import type { Store } from 'crmkit/store';
import { analysisOutput, headlineSummary, summaryTables } from '../analysis-tables';
import { countingStore, type CommandContext, type FormatOptions, type StoreOptions } from '../context';
import { DEFAULT_WORKSPACE, describeTarget, type DatabaseTarget } from '../database';
import { CliError } from '../errors';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import type { Progress } from '../progress';
import { writeReport } from '../report-html';

/** Options of the analysis commands. */
export interface AnalysisOptions extends StoreOptions, FormatOptions {
  /** `--cutoff` (parsed). */
  readonly cutoff?: Date;
  /** `survival --by`. */
  readonly by?: SurvivalGrouping;
  /** `kpi --campaign`. */
  readonly campaign?: string;
  /** `kpi --all`. */
  readonly all?: boolean;
}

/** The sections each analysis command asks `analyzeCrm` for. */
export const COMMAND_SECTIONS = {
  funnel: ['funnel'],
  survival: ['survival'],
  markov: ['markov'],
  attribution: ['attribution'],
  kpi: ['initiatives'],
} as const satisfies Record<string, readonly ReportSection[]>;

/** An analysis command's name. */
export type AnalysisCommand = keyof typeof COMMAND_SECTIONS;

const ANALYSIS_STEPS = 13;

async function requireData(store: Store<CrmEntities>, context: CommandContext, options: StoreOptions, target: DatabaseTarget): Promise<void> {
  for (const entity of ['contact', 'deal', 'purchase', 'touchpoint', 'ticket'] as const) {
    if ((await store.count(entity)) > 0) return;
  }
  throw new CliError(EXIT_CODES.input, `The workspace "${context.workspaceOf(options)}" of ${describeTarget(target)} holds no data to analyse.`, {
    hint:
      target.kind === 'memory'
        ? 'A memory database starts empty on every command: run `crmkit demo --db memory` (it analyses what it generates), or use a file or server --db.'
        : 'Run `crmkit demo` first (same --db and --workspace), or import a file with `crmkit import`.',
  });
}

async function analyse(store: Store<CrmEntities>, context: CommandContext, options: AnalysisOptions, sections: readonly ReportSection[] | undefined, bar: Progress): Promise<CrmAnalysis> {
  let step = 0;
  const analyzeOptions: { -readonly [K in keyof AnalyzeCrmOptions]: AnalyzeCrmOptions[K] } = {
    onProgress: (label) => bar.update(++step, { step: label }),
  };
  if (sections !== undefined) analyzeOptions.sections = sections;
  if (options.cutoff !== undefined) analyzeOptions.cutoff = options.cutoff;
  if (options.by !== undefined) analyzeOptions.survivalBy = options.by;
  if (options.campaign !== undefined) analyzeOptions.campaignId = options.campaign;
  try {
    return await analyzeCrm(store, analyzeOptions);
  } finally {
    bar.stop();
  }
}

/**
 * Runs `crmkit funnel | survival | markov | attribution | kpi`: `analyzeCrm` with that
 * command's section, printed as tables (or `--json` / `--csv`).
 *
 * @param context - the command context
 * @param command - which analysis
 * @param options - store, format, cutoff and the command's own options
 * @returns the exit code
 * @throws {@link CliError} (input) when the workspace is empty
 * @example
 * ```ts
 * await analysisCommand(context, 'funnel', { db: 'crmkit.db' }); //=> 0
 * ```
 */
export async function analysisCommand(context: CommandContext, command: AnalysisCommand, options: AnalysisOptions): Promise<ExitCode> {
  return context.withStore(options, async ({ store, target }) => {
    if (options.cutoff === undefined) await requireData(store, context, options, target);
    const bar = context.progress('Analysing', ANALYSIS_STEPS, 'steps');
    const analysis = await analyse(store, context, options, COMMAND_SECTIONS[command], bar);
    const outputOptions: { campaignId?: string; all?: boolean } = {};
    if (options.campaign !== undefined) outputOptions.campaignId = options.campaign;
    if (options.all !== undefined) outputOptions.all = options.all;
    context.print(analysisOutput(command, analysis, outputOptions), options);
    return EXIT_CODES.ok;
  });
}

/** Options of `crmkit report`. */
export interface ReportOptions extends StoreOptions {
  readonly cutoff?: Date;
  readonly by?: SurvivalGrouping;
  readonly campaign?: string;
  readonly out?: string;
  readonly title?: string;
  readonly json?: boolean;
}

/**
 * Runs `crmkit report`: every section of `analyzeCrm`, written as a self-contained HTML page
 * (`--out`, default report.html); `--json` prints the whole analysis instead of the summary.
 *
 * @param context - the command context
 * @param options - store, cutoff, grouping, campaign, output file, title
 * @returns the exit code
 * @example
 * ```ts
 * await reportCommand(context, { out: 'report.html' }); //=> 0
 * ```
 */
export async function reportCommand(context: CommandContext, options: ReportOptions): Promise<ExitCode> {
  return context.withStore(options, async ({ store, target }) => {
    if (options.cutoff === undefined) await requireData(store, context, options, target);
    const bar = context.progress('Analysing', ANALYSIS_STEPS, 'steps');
    const analysis = await analyse(store, context, options, undefined, bar);
    const out = resolve(context.io.cwd, options.out ?? 'report.html');
    await writeReport(analysis, out, { title: options.title ?? `crmkit report: ${analysis.workspaceId}`, generatedAt: new Date() });
    if (options.json === true) {
      context.print({ tables: [], json: { report: out, analysis } }, { json: true });
    } else {
      context.print({ notes: [`Workspace ${analysis.workspaceId}, as of ${analysis.cutoff}`], tables: summaryTables(headlineSummary(analysis)), json: null }, {});
      context.warn(`Report written to ${out}`);
    }
    return EXIT_CODES.ok;
  });
}

/** Options of `crmkit demo`. */
export interface DemoCommandOptions extends StoreOptions {
  readonly seed: number;
  readonly size: DemoSize;
  readonly cutoff: Date;
  /** `--out`, or `false` with `--no-report`. */
  readonly out: string | false;
  readonly force?: boolean;
  readonly json?: boolean;
}

/**
 * The default size of `crmkit demo`: 5,000 contacts (about 60,000 records and 45,000 log
 * entries) — half of `medium`, so that generating, analysing on SQLite and rendering stay well
 * under a minute on a busy 2-core machine (`medium` takes about 30 s there when it is idle,
 * over a minute when it is not).
 */
export const DEFAULT_DEMO_SIZE: DemoSize = { contacts: 5_000 };

/** The default cut-off of `crmkit demo`: fixed, so the same seed always gives the same report. */
export const DEFAULT_DEMO_CUTOFF = '2025-06-30';

function contactsOf(size: DemoSize): number {
  return typeof size === 'string' ? DEMO_SIZES[size] : size.contacts;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

/**
 * Runs `crmkit demo`: generates the demo data set into the store (replacing the workspace's
 * contents — for the default `demo` workspace when it holds only demo data, otherwise only with
 * `--force`), runs
 * every analysis, writes report.html, and prints the headline figures.
 *
 * @param context - the command context
 * @param options - seed, size, cutoff, store, output file
 * @returns the exit code
 * @throws {@link CliError} (usage) when the workspace holds imported data, or is not `demo` and holds any data, and `--force` is not given
 * @example
 * ```ts
 * await demoCommand(context, { seed: 42, size: 'small', cutoff: new Date('2025-06-30T00:00:00Z'), out: 'report.html', db: 'memory' }); //=> 0
 * ```
 */
export async function demoCommand(context: CommandContext, options: DemoCommandOptions): Promise<ExitCode> {
  const started = performance.now();
  return context.withStore(options, async ({ store, target, clearWorkspace }) => {
    const workspace = context.workspaceOf(options);
    const timings: Record<string, number> = {};
    let existing = 0;
    for (const entity of DEMO_ENTITIES) existing += await store.count(entity);
    if (existing > 0 && options.force !== true) {
      // The demo's own records never carry an external id; imported ones always do.
      let imported = 0;
      for (const entity of IMPORT_ENTITIES) imported += await store.count(entity, { where: { field: 'externalId', op: 'isNull', value: false } });
      if (workspace !== DEFAULT_WORKSPACE || imported > 0) {
        const what = imported > 0 ? `${existing} records, ${imported} of them imported` : `${existing} records`;
        throw new CliError(EXIT_CODES.usage, `The workspace "${workspace}" of ${describeTarget(target)} already holds ${what}; crmkit demo replaces a workspace's contents.`, {
          hint: 'Pass --force to replace them, or choose another --workspace.',
        });
      }
    }
    if (existing > 0) {
      if (clearWorkspace !== undefined) await clearWorkspace();
      if (options.json !== true) context.warn(`Replaced the ${existing} records of workspace "${workspace}".`);
    }
    timings['open'] = performance.now() - started;

    const contacts = contactsOf(options.size);
    const bar = context.progress('Generating', contacts, 'contacts');
    let loaded = 0;
    const counting = countingStore(store, (entity, count) => {
      if (entity === 'contact') bar.update((loaded += count), { step: 'contacts' });
    });
    let t = performance.now();
    let result;
    try {
      result = await loadDemo(counting, { seed: options.seed, size: options.size, cutoff: options.cutoff, workspaceId: workspace, batchSize: 500 });
    } finally {
      bar.stop();
    }
    timings['generate'] = performance.now() - t;

    t = performance.now();
    // The demo passes its cut-off explicitly: the analysis date is the demo's, not the last write.
    const full = await analyse(store, context, { cutoff: options.cutoff }, undefined, context.progress('Analysing', ANALYSIS_STEPS, 'steps'));
    timings['analyse'] = performance.now() - t;

    let reportPath: string | null = null;
    if (options.out !== false) {
      t = performance.now();
      reportPath = resolve(context.io.cwd, options.out);
      await writeReport(full, reportPath, { title: `crmkit demo (seed ${options.seed}, ${contacts} contacts)`, generatedAt: new Date() });
      timings['report'] = performance.now() - t;
    }
    timings['total'] = performance.now() - started;
    const summary = headlineSummary(full);
    const records = Object.values(result.records).reduce((sum, n) => sum + n, 0);
    const json = {
      database: describeTarget(target),
      workspaceId: workspace,
      seed: options.seed,
      size: options.size,
      cutoff: full.cutoff,
      records: result.records,
      logEntries: result.logEntries,
      summary,
      report: reportPath,
      seconds: Object.fromEntries(Object.entries(timings).map(([key, ms]) => [key, seconds(ms)])),
    };
    const notes = [
      `Generated ${records} records and ${result.logEntries} log entries (seed ${options.seed}, ${contacts} contacts, cut-off ${full.cutoff.slice(0, 10)}) into ${describeTarget(target)}, workspace "${workspace}".`,
      `Took ${seconds(timings['total'] ?? 0)} s: generate and load ${seconds(timings['generate'] ?? 0)} s, analyse ${seconds(timings['analyse'] ?? 0)} s${reportPath === null ? '' : `, report ${seconds(timings['report'] ?? 0)} s`}.`,
    ];
    context.print({ notes, tables: summaryTables(summary), json }, { json: options.json === true });
    if (reportPath !== null && options.json !== true) {
      context.io.stdout.write(`\nReport: ${reportPath}\nNext: crmkit funnel, crmkit survival --by source, crmkit markov, crmkit attribution, crmkit kpi${target.kind === 'memory' ? ' (on a file or server --db: a memory store is gone when the command ends)' : ''}\n`);
    }
    return EXIT_CODES.ok;
  });
}
