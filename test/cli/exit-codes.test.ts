import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes';
import { run, tempDir } from './helpers';

const temp = tempDir('exit');
const cwd = temp.dir;
afterAll(() => temp.remove());

const COMMANDS = ['demo', 'import', 'export', 'kpi', 'funnel', 'survival', 'markov', 'attribution', 'report'];

writeFileSync(join(cwd, 'contacts.csv'), 'Record ID,First Name,Last Name,Email,Create Date\n101,Ada,Lovelace,ada@example.com,2024-03-05 14:30\n');

describe('help and usage', () => {
  it('--help lists every command, with examples and the exit codes', async () => {
    const result = await run(['--help'], { cwd });
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`\\n\\s+${command}\\b`));
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('Exit codes:');
  });

  it.each(COMMANDS)('%s --help has an Examples section and exits 0', async (command) => {
    const result = await run([command, '--help'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: crmkit ${command}`);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain(`crmkit ${command}`);
  });

  it('--version prints the package version', async () => {
    const result = await run(['--version'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('no command prints the help on stderr and exits with the usage code', async () => {
    const result = await run([], { cwd });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('Usage: crmkit');
  });

  it('an unknown command exits 2 and suggests the right one', async () => {
    const result = await run(['funel'], { cwd });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain("unknown command 'funel'");
    expect(result.stderr).toContain('Did you mean funnel?');
  });

  it('an unknown option exits 2', async () => {
    const result = await run(['funnel', '--colour'], { cwd });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain("unknown option '--colour'");
  });

  it('bad option values exit 2: size, cutoff, choices, --json with --csv', async () => {
    for (const argv of [
      ['demo', '--size', 'huge', '--db', 'memory'],
      ['demo', '--cutoff', '30/06/2025', '--db', 'memory'],
      ['survival', '--by', 'moon'],
      ['funnel', '--json', '--csv'],
      ['export', 'widget'],
      ['import', 'contact'],
    ]) {
      const result = await run(argv, { cwd });
      expect({ argv, code: result.code }).toEqual({ argv, code: EXIT_CODES.usage });
      expect(result.stderr).toMatch(/^crmkit: error:/);
    }
  });

  it('an unsupported --db scheme exits 2 and lists what is supported', async () => {
    const result = await run(['funnel', '--db', 'ftp://example.com/crm'], { cwd });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('postgres://');
  });
});

describe('input errors (exit 3)', () => {
  it('a missing CSV file', async () => {
    const result = await run(['import', 'contact', 'nope.csv', '--db', 'memory'], { cwd });
    expect(result.code).toBe(EXIT_CODES.input);
    expect(result.stderr).toContain(`No such file: ${join(cwd, 'nope.csv')}`);
  });

  it('a missing mapping file', async () => {
    const result = await run(['import', 'contact', 'contacts.csv', '--mapping', 'nope.json', '--timezone', 'UTC', '--db', 'memory'], { cwd });
    expect(result.code).toBe(EXIT_CODES.input);
    expect(result.stderr).toContain('No such mapping file');
  });

  it('a mapping file that is not JSON', async () => {
    writeFileSync(join(cwd, 'broken.json'), '{ "columns": [');
    const result = await run(['import', 'contact', 'contacts.csv', '--mapping', 'broken.json', '--timezone', 'UTC', '--db', 'memory'], { cwd });
    expect(result.code).toBe(EXIT_CODES.input);
    expect(result.stderr).toContain('Bad mapping (broken.json)');
    expect(result.stderr).toContain('not valid JSON');
  });

  it('a mapping of the wrong shape, with every problem and its path', async () => {
    writeFileSync(join(cwd, 'shape.json'), JSON.stringify({ externalIdColumn: 'Record ID', columns: [{ column: 'Email', field: 'emails.0.address', type: 'emailish' }, { field: 'firstName' }] }));
    const result = await run(['import', 'contact', 'contacts.csv', '--mapping', 'shape.json', '--timezone', 'UTC', '--db', 'memory'], { cwd });
    expect(result.code).toBe(EXIT_CODES.input);
    expect(result.stderr).toContain('Bad mapping (shape.json)');
  });

  it('a mapping naming columns the file lacks', async () => {
    writeFileSync(join(cwd, 'columns.json'), JSON.stringify({ externalIdColumn: 'Id', columns: [{ column: 'Email', field: 'emails.0.address' }] }));
    const result = await run(['import', 'contact', 'contacts.csv', '--mapping', 'columns.json', '--timezone', 'UTC', '--db', 'memory'], { cwd });
    expect(result.code).toBe(EXIT_CODES.input);
    expect(result.stderr).toContain('missing column Id (the external id)');
    expect(result.stderr).toContain("the file's columns: Record ID, First Name");
  });

  it('a preset for another entity is a usage error; a preset without --timezone too', async () => {
    const wrong = await run(['import', 'company', 'contacts.csv', '--preset', 'hubspot-contacts', '--timezone', 'UTC', '--db', 'memory'], { cwd });
    expect(wrong.code).toBe(EXIT_CODES.usage);
    expect(wrong.stderr).toContain('imports contact records, not company');
    const noTz = await run(['import', 'contact', 'contacts.csv', '--preset', 'hubspot-contacts', '--db', 'memory'], { cwd });
    expect(noTz.code).toBe(EXIT_CODES.usage);
    expect(noTz.stderr).toContain('--timezone');
  });

  it('a deal preset without its pipeline and stages', async () => {
    writeFileSync(join(cwd, 'deals.csv'), 'Record ID,Deal Name,Deal Stage\n1,Big,Closed Won\n');
    const result = await run(['import', 'deal', 'deals.csv', '--preset', 'hubspot-deals', '--timezone', 'UTC', '--db', 'memory'], { cwd });
    expect(result.code).toBe(EXIT_CODES.input);
    expect(result.stderr).toContain('"pipelineId" and "stages"');
  });

  it('an output file in a directory that does not exist', async () => {
    const result = await run(['export', 'contact', '--db', 'memory', '--out', join(cwd, 'missing', 'contacts.csv')], { cwd });
    expect(result.code).toBe(EXIT_CODES.input);
    expect(result.stderr).toContain(`No such file or directory: ${join(cwd, 'missing', 'contacts.csv')}`);
  });

  it('a malformed CSV (an unclosed quote)', async () => {
    writeFileSync(join(cwd, 'bad.csv'), 'Record ID,First Name\n1,"Ada\n');
    const result = await run(['import', 'contact', 'bad.csv', '--preset', 'hubspot-contacts', '--timezone', 'UTC', '--db', 'memory'], { cwd });
    expect(result.code).toBe(EXIT_CODES.input);
    expect(result.stderr).toContain('Malformed CSV');
  });
});

describe('database errors (exit 4)', () => {
  it('an unreachable PostgreSQL server', async () => {
    const result = await run(['funnel', '--db', 'postgres://postgres:secret@127.0.0.1:1/x'], { cwd });
    expect(result.code).toBe(EXIT_CODES.database);
    expect(result.stderr).toContain('Cannot open the database postgres://postgres:***@127.0.0.1:1/x');
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).not.toContain('secret');
  });

  it('an unreachable MySQL server', async () => {
    const result = await run(['export', 'contact', '--db', 'mysql://root@127.0.0.1:1/x'], { cwd });
    expect(result.code).toBe(EXIT_CODES.database);
    expect(result.stderr).toContain('Cannot open the database mysql://root@127.0.0.1:1/x');
  });

  it('an SQLite file in a directory that does not exist', async () => {
    const result = await run(['funnel', '--db', join(cwd, 'no', 'such', 'dir', 'crm.db')], { cwd });
    expect(result.code).toBe(EXIT_CODES.database);
    expect(result.stderr).toContain('Cannot open the database');
  });

  it('a driver that is not installed: names the npm install command and --db memory', async () => {
    const missing = (pkg: string) => async (specifier: string): Promise<unknown> => {
      if (specifier.startsWith('crmkit/adapters/')) throw Object.assign(new Error(`Cannot find package '${pkg}' imported from /app/node_modules/crmkit/dist/adapters/x.js`), { code: 'ERR_MODULE_NOT_FOUND' });
      return import(specifier);
    };
    const pg = await run(['funnel', '--db', 'postgres://localhost/crm'], { cwd, importModule: missing('pg') });
    expect(pg.code).toBe(EXIT_CODES.database);
    expect(pg.stderr).toContain('Cannot use PostgreSQL: "pg" is not installed.');
    expect(pg.stderr).toContain('npm install kysely pg');
    expect(pg.stderr).toContain('--db memory');
    const sqlite = await run(['demo', '--size', '10'], { cwd, importModule: missing('kysely') });
    expect(sqlite.code).toBe(EXIT_CODES.database);
    expect(sqlite.stderr).toContain('"kysely" is not installed');
    expect(sqlite.stderr).toContain('npm install kysely better-sqlite3');
  });

  it('a driver missing only when the adapter connects (lazy import) is reported the same way', async () => {
    const lazy = async (specifier: string): Promise<unknown> => ({
      createPostgresStore: async () => {
        throw new Error('store failed', { cause: Object.assign(new Error("Cannot find package 'pg' imported from /app/x.js"), { code: 'ERR_MODULE_NOT_FOUND' }) });
      },
      specifier,
    });
    const result = await run(['markov', '--db', 'postgresql://localhost/crm'], { cwd, importModule: lazy });
    expect(result.code).toBe(EXIT_CODES.database);
    expect(result.stderr).toContain('npm install kysely pg');
  });
});

describe('environment', () => {
  it('CRMKIT_DB and CRMKIT_WORKSPACE are the defaults of --db and --workspace', async () => {
    const result = await run(['demo', '--size', '10', '--no-report', '--json'], { cwd, env: { CRMKIT_DB: 'memory', CRMKIT_WORKSPACE: 'acme' } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ database: 'memory', workspaceId: 'acme' });
  });
});
