/**
 * The `crmkit` command as a function: {@link runCli} parses the arguments (commander), runs the
 * command against the streams and environment it is given, and returns the exit code — so the
 * tests drive it in-process, and `main.ts` only wires it to the process.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEMO_SIZES, type DemoSize } from 'crmkit/demo';
import { IMPORT_ENTITIES, type ImportEntity } from 'crmkit/io';
import { CRM_ENTITIES, type CrmEntities } from 'crmkit/model';
import { analysisCommand, DEFAULT_DEMO_CUTOFF, DEFAULT_DEMO_SIZE, demoCommand, reportCommand, type AnalysisCommand, type AnalysisOptions } from './commands/analyze';
import { exportCommand, importCommand, type ExportOptions, type ImportOptions } from './commands/import-export';
import { createContext, type CliIo } from './context';
import { DEFAULT_DATABASE, DEFAULT_WORKSPACE } from './database';
import { classifyError } from './errors';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import { PRESETS } from './mapping-file';

export type { CliIo, Writer } from './context';
export { EXIT_CODES } from './exit-codes';

function packageVersion(): string {
  try {
    const json = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
    return json.name === 'crmkit' && typeof json.version === 'string' ? json.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Parses `--size`: `small`, `medium`, `large`, or a number of contacts.
 *
 * @param value - the option's text
 * @returns the demo size
 * @throws commander's `InvalidArgumentError` (exit code 2) for anything else
 * @example
 * ```ts
 * parseSize('2000'); //=> { contacts: 2000 }
 * ```
 */
export function parseSize(value: string): DemoSize {
  if (value in DEMO_SIZES) return value as keyof typeof DEMO_SIZES;
  const n = Number(value.replace(/[_,]/g, ''));
  if (Number.isInteger(n) && n >= 1) return { contacts: n };
  throw new InvalidArgumentError(`use small (${DEMO_SIZES.small} contacts), medium (${DEMO_SIZES.medium}), large (${DEMO_SIZES.large}) or a number of contacts.`);
}

/**
 * Parses a date option: `YYYY-MM-DD` (midnight UTC) or an ISO 8601 date-time with an offset.
 *
 * @param value - the option's text
 * @returns the instant
 * @throws commander's `InvalidArgumentError` (exit code 2) for anything else
 * @example
 * ```ts
 * parseDateOption('2025-06-30').toISOString(); //=> '2025-06-30T00:00:00.000Z'
 * ```
 */
export function parseDateOption(value: string): Date {
  const text = value.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const withOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text);
  const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if ((!dateOnly && !withOffset) || Number.isNaN(date.getTime()) || (dateOnly && date.toISOString().slice(0, 10) !== text)) {
    throw new InvalidArgumentError('use YYYY-MM-DD (midnight UTC) or an ISO 8601 date-time with an offset (2025-06-30T12:00:00Z).');
  }
  return date;
}

function parseInteger(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`use a whole number from ${min} to ${max}.`);
    return n;
  };
}

const examples = (lines: readonly string[]): string => `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;

const EXIT_CODE_HELP = `
Exit codes:
  0  ok                 1  unexpected error       2  usage (unknown command or option, bad value)
  3  input (missing file, bad mapping, bad CSV)   4  database unreachable or driver missing
  5  import finished with rejected rows
`;

function storeOptions(command: Command): Command {
  return command
    .option('--db <url>', `the database: memory, a .db/.sqlite file (sqlite:<path>), postgres://…, mysql://… or mariadb://… (default: $CRMKIT_DB or ./${DEFAULT_DATABASE})`)
    .option('-w, --workspace <id>', `the workspace (default: $CRMKIT_WORKSPACE or "${DEFAULT_WORKSPACE}")`);
}

function formatOptions(command: Command): Command {
  return command.addOption(new Option('--json', 'print stable, machine-readable JSON')).addOption(new Option('--csv', 'print the tables as CSV').conflicts('json'));
}

const cutoffOption = (): Option => new Option('--cutoff <date>', 'the analysis date (default: the latest write in the data)').argParser(parseDateOption);

/**
 * Runs the `crmkit` command line.
 *
 * @param argv - the arguments after the program name (`['demo', '--db', 'memory']`)
 * @param io - stdout, stderr, whether stdout is a TTY, the working directory, the environment (and optional loaders)
 * @returns the exit code (see {@link EXIT_CODES}); never throws
 * @example
 * ```ts
 * import { runCli } from './run';
 * let out = '';
 * const code = await runCli(['demo', '--db', 'memory', '--size', 'small', '--no-report', '--json'], {
 *   stdout: { write: (s: string) => (out += s) }, stderr: process.stderr, isTTY: false, cwd: process.cwd(), env: {},
 * });
 * code; //=> 0
 * JSON.parse(out).records.contact; //=> 120
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const context = createContext(io);
  let exitCode: ExitCode = EXIT_CODES.ok;
  const program = new Command('crmkit');
  program
    .description('crmkit: a CRM data set, its KPIs and analyses, from the command line.')
    .version(packageVersion(), '-V, --version')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.startsWith('error:') ? `crmkit: ${text}` : text),
    })
    .exitOverride()
    .showHelpAfterError('(add --help for usage and examples)')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      examples([
        'crmkit demo                                   generate the demo data into ./crmkit.db, analyse it, write report.html',
        'crmkit demo --db memory --size small          a quick run without a file or a driver',
        'crmkit funnel                                 the lead funnel of the demo workspace',
        'crmkit survival --by source --csv > km.csv    time to conversion per source, as CSV',
        'crmkit import contact contacts.csv --preset hubspot-contacts --timezone Europe/Rome',
        'crmkit export deal --format json --out deals.json',
      ]) + EXIT_CODE_HELP,
    );

  // -- demo ---------------------------------------------------------------------------------
  storeOptions(
    program
      .command('demo')
      .description('generate the demo data set, run every KPI and analysis, print a summary and write report.html')
      .addOption(new Option('--seed <n>', 'seed of the generator: same seed, same data').argParser(parseInteger(0, 2 ** 32 - 1)).default(42))
      .addOption(new Option('--size <size>', `small (${DEMO_SIZES.small} contacts), medium (${DEMO_SIZES.medium}), large (${DEMO_SIZES.large}) or a number of contacts`).argParser(parseSize).default(DEFAULT_DEMO_SIZE, '5000'))
      .addOption(new Option('--cutoff <date>', 'the demo\'s "today": nothing happens after it').argParser(parseDateOption).default(parseDateOption(DEFAULT_DEMO_CUTOFF), DEFAULT_DEMO_CUTOFF))
      .option('-o, --out <file>', 'where to write the HTML report', 'report.html')
      .option('--no-report', 'do not write the HTML report')
      .option('--force', 'replace the workspace\'s contents even when it holds imported data or is not "demo"')
      .option('--json', 'print the summary as JSON'),
  )
    .addHelpText(
      'after',
      examples([
        'crmkit demo                                   5,000 contacts into ./crmkit.db (workspace "demo"), report.html',
        'crmkit demo --size medium                     10,000 contacts',
        'crmkit demo --db memory --size small --out /tmp/report.html',
        'crmkit demo --db postgres://postgres@127.0.0.1:5432/test --seed 7',
        'crmkit demo --size 2000 --cutoff 2024-12-31 --json',
      ]) + '\nRe-running replaces the demo workspace. Over imported records, or another --workspace that holds data, pass --force.\n',
    )
    .action(async (options: { seed: number; size: DemoSize | string; cutoff: Date; out: string; report: boolean; force?: boolean; json?: boolean; db?: string; workspace?: string }) => {
      const size = typeof options.size === 'string' ? parseSize(options.size) : options.size;
      exitCode = await demoCommand(context, {
        seed: options.seed,
        size,
        cutoff: options.cutoff,
        out: options.report ? options.out : false,
        ...(options.force === undefined ? {} : { force: options.force }),
        ...(options.json === undefined ? {} : { json: options.json }),
        ...(options.db === undefined ? {} : { db: options.db }),
        ...(options.workspace === undefined ? {} : { workspace: options.workspace }),
      });
    });

  // -- import / export ------------------------------------------------------------------------
  storeOptions(
    program
      .command('import')
      .description('import a CSV file (streamed, validated, idempotent: re-running it updates instead of duplicating)')
      .addArgument(program.createArgument('<entity>', 'the entity the rows become').choices(IMPORT_ENTITIES))
      .argument('<file>', 'the CSV file')
      .addOption(new Option('-p, --preset <name>', 'a built-in mapping (default: native, the format of crmkit export)').choices(Object.keys(PRESETS)))
      .option('-m, --mapping <file>', 'a JSON mapping file (see docs/cli.md)')
      .option('--preset-options <file>', 'a JSON file with the preset\'s options (owners, linkCompanies; pipelineId and stages for deals)')
      .option('-r, --rejects <file>', 'write rejected rows, with line numbers and every issue, to this CSV')
      .option('--timezone <tz>', 'timezone of dates without an offset: an IANA name, UTC or +02:00 (required except for native files)')
      .option('--date-format <format>', 'iso (default), dd/MM/yyyy, MM/dd/yyyy, dd.MM.yyyy or a date-fns pattern')
      .addOption(new Option('--decimal <sep>', 'decimal separator').choices(['.', ',']))
      .option('--thousands <sep>', "thousands separator: , . ' or a space")
      .option('--currency <code>', 'currency of money columns without a currency column (ISO 4217)')
      .option('--delimiter <char>', 'field delimiter (default ,)')
      .addOption(new Option('--batch-size <n>', 'rows per transaction').argParser(parseInteger(1, 10_000)))
      .option('--json', 'print the summary as JSON'),
  )
    .addHelpText(
      'after',
      examples([
        'crmkit import company companies.csv --preset hubspot-companies --timezone Europe/Rome',
        'crmkit import contact contacts.csv --preset hubspot-contacts --timezone Europe/Rome --rejects rejects.csv',
        'crmkit import deal Opportunity.csv --mapping opportunities.json --timezone UTC --decimal , --thousands .',
        'crmkit import contact contacts.csv             a file written by crmkit export (native format)',
      ]) + `\nPresets: ${Object.keys(PRESETS).join(', ')}.\nExit code 5 when rows were rejected (the others are imported).\n`,
    )
    .action(async (entity: ImportEntity, file: string, options: ImportOptions) => {
      exitCode = await importCommand(context, entity, file, options);
    });

  storeOptions(
    program
      .command('export')
      .description('export every record of an entity as CSV (re-importable) or JSON')
      .addArgument(program.createArgument('<entity>', 'the entity').choices(Object.keys(CRM_ENTITIES)))
      .addOption(new Option('-f, --format <format>', 'csv or json').choices(['csv', 'json']).default('csv'))
      .option('-o, --out <file>', 'the output file (default: stdout)')
      .option('--omit-meta', 'leave out workspaceId, version and updatedAt'),
  )
    .addHelpText('after', examples(['crmkit export contact > contacts.csv', 'crmkit export deal --format json --out deals.json', 'crmkit export purchase --db postgres://app@db/crm --workspace acme --out purchases.csv']))
    .action(async (entity: keyof CrmEntities & string, options: ExportOptions) => {
      exitCode = await exportCommand(context, entity, options);
    });

  // -- analyses -------------------------------------------------------------------------------
  const analysis = (name: AnalysisCommand, description: string, lines: readonly string[], extra: (command: Command) => Command = (command) => command): void => {
    const command = formatOptions(storeOptions(extra(program.command(name).description(description).addOption(cutoffOption()))));
    command.addHelpText('after', examples(lines)).action(async (options: AnalysisOptions) => {
      exitCode = await analysisCommand(context, name, options);
    });
  };
  analysis('kpi', 'initiative KPIs of a campaign before, during and after it (redemption, retention, penetration, sales, ROI…)', ['crmkit kpi', 'crmkit kpi --campaign campaign_0000003', 'crmkit kpi --all --json > initiatives.json'], (command) =>
    command.option('-c, --campaign <id>', 'the campaign (default: the latest whose after-window is observed)').option('--all', 'a table for every campaign'),
  );
  analysis('funnel', 'the lead funnel: contacts reaching each lifecycle stage, with stage-to-stage conversion', ['crmkit funnel', 'crmkit funnel --json | jq ".funnel.steps"', 'crmkit funnel --db postgres://app@db/crm --workspace acme']);
  analysis('survival', 'time from creation to customer (Kaplan–Meier with censoring) per group, and the log-rank test', ['crmkit survival --by source', 'crmkit survival --by owner --csv > by-owner.csv', 'crmkit survival --cutoff 2025-01-01'], (command) =>
    command.addOption(new Option('--by <grouping>', 'group contacts by').choices(['source', 'owner', 'company']).default('source')),
  );
  analysis('markov', 'the lead lifecycle as a Markov chain: transition probabilities and where each stage ends up', ['crmkit markov', 'crmkit markov --json']);
  analysis('attribution', 'channel attribution of the touchpoint journeys: first touch, last touch, linear and Markov', ['crmkit attribution', 'crmkit attribution --csv > channels.csv']);

  storeOptions(
    program
      .command('report')
      .description('run every KPI and analysis and write a self-contained HTML report')
      .addOption(cutoffOption())
      .addOption(new Option('--by <grouping>', 'survival curves by').choices(['source', 'owner', 'company']).default('source'))
      .option('-c, --campaign <id>', 'the campaign of the before / during / after chart')
      .option('-o, --out <file>', 'the HTML file', 'report.html')
      .option('--title <text>', 'the page title')
      .option('--json', 'print the whole analysis as JSON (the report is still written)'),
  )
    .addHelpText('after', examples(['crmkit report', 'crmkit report --out /tmp/acme.html --workspace acme --title "Acme, Q2"', 'crmkit report --json > analysis.json']))
    .action(async (options: AnalysisOptions & { out?: string; title?: string }) => {
      exitCode = await reportCommand(context, options);
    });

  try {
    if (argv.length === 0) {
      io.stderr.write(program.helpInformation());
      return EXIT_CODES.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    const classified = classifyError(error);
    io.stderr.write(`crmkit: ${classified.message}\n`);
    if (classified.hint !== undefined) io.stderr.write(`${classified.hint}\n`);
    if (classified.exitCode === EXIT_CODES.error) {
      if (io.env['CRMKIT_DEBUG'] !== undefined && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
      else io.stderr.write('Set CRMKIT_DEBUG=1 for the stack trace.\n');
    }
    return classified.exitCode;
  }
}
