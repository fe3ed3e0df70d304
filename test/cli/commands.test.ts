import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from 'crmkit/adapters/sqlite';
import { analyzeCrm, type CrmAnalysis } from 'crmkit/io/report';
import { EXIT_CODES } from '../../src/cli/exit-codes';
import { run, tempDir } from './helpers';

// One small demo data set in a temporary SQLite file, shared by the read-only commands below.
const temp = tempDir('commands');
const cwd = temp.dir;
const db = join(cwd, 'demo.db');
let demoJson: { records: Record<string, number>; logEntries: number; report: string | null; summary: { winRate: number | null } };
let analysis: CrmAnalysis;

beforeAll(async () => {
  const result = await run(['demo', '--db', db, '--size', 'small', '--seed', '7', '--out', 'demo.html', '--json'], { cwd });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  demoJson = JSON.parse(result.stdout) as typeof demoJson;
  const store = await createSqliteStore({ filename: db, workspaceId: 'demo' });
  try {
    analysis = await analyzeCrm(store);
  } finally {
    await store.close();
  }
}, 120_000);

afterAll(() => temp.remove());

describe('crmkit demo', () => {
  it('loads the demo data set into the SQLite file and writes the report', () => {
    expect(demoJson.records['contact']).toBe(120);
    expect(demoJson.logEntries).toBeGreaterThan(500);
    expect(demoJson.report).toBe(join(cwd, 'demo.html'));
    const html = readFileSync(join(cwd, 'demo.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg');
  });

  it('reports the win rate of the deals it generated', () => {
    const deals = analysis.summary?.dealsByStatus;
    expect(deals).toBeDefined();
    expect(demoJson.summary.winRate).toBeCloseTo((deals?.won ?? 0) / ((deals?.won ?? 0) + (deals?.lost ?? 0)), 12);
  });

  it('prints the headline figures as tables on a terminal-less run, on memory', async () => {
    const result = await run(['demo', '--db', 'memory', '--size', 'small', '--no-report'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Generated 1,?\d{3} records/);
    expect(result.stdout).toContain('Headline figures');
    expect(result.stdout).toContain('leads → customers');
    expect(result.stdout).not.toContain('\x1b['); // no colours off a TTY
    expect(result.stderr).toBe('');
  });

  it('replaces the demo workspace on a re-run instead of duplicating it', async () => {
    const again = tempDir('rerun');
    try {
      const file = join(again.dir, 'again.db');
      const first = await run(['demo', '--db', file, '--size', '30', '--no-report', '--json'], { cwd: again.dir });
      expect(first.code).toBe(0);
      const second = await run(['demo', '--db', file, '--size', '30', '--no-report', '--json'], { cwd: again.dir });
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout).records).toEqual(JSON.parse(first.stdout).records);
      const store = await createSqliteStore({ filename: file, workspaceId: 'demo' });
      try {
        expect(await store.count('contact')).toBe(30);
        expect((await store.readLog({ limit: 100_000 })).length).toBe(JSON.parse(second.stdout).logEntries);
      } finally {
        await store.close();
      }
    } finally {
      again.remove();
    }
  });

  it('refuses to overwrite imported data, even in the demo workspace, unless --force', async () => {
    const again = tempDir('imported');
    try {
      const file = join(again.dir, 'imported.db');
      writeFileSync(join(again.dir, 'companies.csv'), 'Id,Name\nA1,Initech\n');
      writeFileSync(join(again.dir, 'companies.json'), JSON.stringify({ externalIdColumn: 'Id', columns: [{ column: 'Name', field: 'name' }] }));
      expect((await run(['import', 'company', 'companies.csv', '--mapping', 'companies.json', '--timezone', 'UTC', '--db', file], { cwd: again.dir })).code).toBe(0);
      const refused = await run(['demo', '--db', file, '--size', '20', '--no-report'], { cwd: again.dir });
      expect(refused.code).toBe(EXIT_CODES.usage);
      expect(refused.stderr).toContain('already holds 1 records, 1 of them imported');
      expect((await run(['demo', '--db', file, '--size', '20', '--no-report', '--force'], { cwd: again.dir })).code).toBe(0);
    } finally {
      again.remove();
    }
  });

  it('refuses to overwrite another workspace that holds data unless --force', async () => {
    const again = tempDir('force');
    try {
      const file = join(again.dir, 'ws.db');
      expect((await run(['demo', '--db', file, '--size', '20', '--no-report', '--workspace', 'acme'], { cwd: again.dir })).code).toBe(0);
      const refused = await run(['demo', '--db', file, '--size', '20', '--no-report', '--workspace', 'acme'], { cwd: again.dir });
      expect(refused.code).toBe(EXIT_CODES.usage);
      expect(refused.stderr).toContain('already holds');
      expect(refused.stderr).toContain('--force');
      const forced = await run(['demo', '--db', file, '--size', '20', '--no-report', '--workspace', 'acme', '--force'], { cwd: again.dir });
      expect(forced.code).toBe(0);
    } finally {
      again.remove();
    }
  });
});

describe('the analysis commands', () => {
  it('funnel --json prints exactly the funnel of analyzeCrm', async () => {
    const result = await run(['funnel', '--db', db, '--json'], { cwd });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { workspaceId: string; cutoff: string; funnel: unknown };
    expect(json.workspaceId).toBe('demo');
    expect(json.cutoff).toBe(analysis.cutoff);
    expect(json.funnel).toEqual(JSON.parse(JSON.stringify(analysis.funnel)));
  });

  it('funnel prints an aligned table with the reached counts of analyzeCrm, numbers right-aligned', async () => {
    const result = await run(['funnel', '--db', db], { cwd });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const header = lines.findIndex((line) => line.startsWith('stage'));
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 2, header + 7);
    const steps = analysis.funnel?.steps ?? [];
    expect(rows.map((line) => line.split(/\s+/)[0])).toEqual(steps.map((s) => s.stage));
    expect(rows.map((line) => Number(line.split(/\s+/)[1]))).toEqual(steps.map((s) => s.reached));
    // Right alignment: every "reached" cell ends in the same column as its header.
    const end = (lines[header] ?? '').indexOf('reached') + 'reached'.length;
    for (const [i, row] of rows.entries()) expect(row.slice(0, end).endsWith(String(steps[i]?.reached))).toBe(true);
  });

  it('funnel --csv prints one header and one row per stage, with raw ratios', async () => {
    const result = await run(['funnel', '--db', db, '--csv'], { cwd });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('stage,reached,of cohort,of previous');
    expect(lines).toHaveLength(6);
    const customer = analysis.funnel?.steps[4];
    expect(lines[5]).toBe(`customer,${customer?.reached},${customer?.rateFromStart},${customer?.rateFromPrevious}`);
  });

  it('survival --by source shows one row per source with the medians of analyzeCrm, and the log-rank test', async () => {
    const json = await run(['survival', '--by', 'source', '--db', db, '--json'], { cwd });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { survival: { curves: Array<{ group: string; median: { time: number | null } }>; logRank: unknown } };
    expect(parsed.survival.curves.map((c) => [c.group, c.median.time])).toEqual(analysis.survival?.curves.map((c) => [c.group, c.median.time]));
    const csv = await run(['survival', '--db', db, '--csv'], { cwd });
    expect(csv.code).toBe(0);
    const blocks = csv.stdout.split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]?.split('\n')[0]).toMatch(/^# Time from creation to customer, by source/);
    expect(blocks[0]?.trimEnd().split('\n')).toHaveLength(2 + (analysis.survival?.curves.length ?? 0));
    expect(blocks[1]).toMatch(/^# Log-rank test/);
  });

  it('survival --by owner groups by owner', async () => {
    const owners = await createSqliteStore({ filename: db, workspaceId: 'demo' });
    const expected = await analyzeCrm(owners, { sections: ['survival'], survivalBy: 'owner' });
    await owners.close();
    const result = await run(['survival', '--by', 'owner', '--db', db, '--json'], { cwd });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { survival: { by: string; n: number } }).survival).toMatchObject({ by: 'owner', n: expected.survival?.n });
  });

  it('markov prints the transition probabilities and absorption probabilities of analyzeCrm', async () => {
    const result = await run(['markov', '--db', db, '--json'], { cwd });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { markov: CrmAnalysis['markov'] };
    expect(parsed.markov?.chain.states).toEqual(analysis.markov?.chain.states);
    expect(parsed.markov?.absorbing?.absorptionProbabilities).toEqual(analysis.markov?.absorbing?.absorptionProbabilities);
    const table = await run(['markov', '--db', db], { cwd });
    expect(table.stdout).toContain('transition probabilities');
    expect(table.stdout).toContain('absorption probabilities');
  });

  it('attribution ranks channels by Markov conversions, as computed by analyzeCrm', async () => {
    const result = await run(['attribution', '--db', db, '--csv'], { cwd });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^channel,first touch,last touch,linear,markov,markov value/);
    const best = [...(analysis.attribution?.channels ?? [])].sort((a, b) => b.conversions.markov - a.conversions.markov)[0];
    expect(lines[1]?.split(',')[0]).toBe(best?.channel);
    expect(Number(lines[1]?.split(',')[4])).toBe(best?.conversions.markov);
  });

  it('kpi shows the featured campaign before, during and after, and --campaign picks another', async () => {
    const featured = analysis.initiatives?.featuredCampaignId;
    const table = await run(['kpi', '--db', db], { cwd });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`(${featured}, `);
    expect(table.stdout).toMatch(/redemptionRate/);
    const json = await run(['kpi', '--db', db, '--campaign', 'campaign_0000002', '--json'], { cwd });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { initiatives: { featuredCampaignId: string; campaigns: Array<{ campaignId: string }> } };
    expect(parsed.initiatives.featuredCampaignId).toBe('campaign_0000002');
    expect(parsed.initiatives.campaigns.map((c) => c.campaignId)).toEqual(['campaign_0000002']);
  });

  it('kpi --campaign with an unknown id exits with the input code', async () => {
    const result = await run(['kpi', '--db', db, '--campaign', 'campaign_nope'], { cwd });
    expect(result.code).toBe(EXIT_CODES.input);
    expect(result.stderr).toContain('campaign_nope');
  });

  it('report writes the HTML page and --json prints the whole analysis', async () => {
    const result = await run(['report', '--db', db, '--out', 'r.html', '--title', 'Acme Q2', '--json'], { cwd });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { report: string; analysis: CrmAnalysis };
    expect(parsed.report).toBe(join(cwd, 'r.html'));
    expect(parsed.analysis.sections).toEqual(analysis.sections);
    expect(parsed.analysis.funnel).toEqual(JSON.parse(JSON.stringify(analysis.funnel)));
    expect(readFileSync(join(cwd, 'r.html'), 'utf8')).toContain('Acme Q2');
  });

  it('an analysis of an empty workspace says how to fill it (input error)', async () => {
    const result = await run(['funnel', '--db', 'memory'], { cwd });
    expect(result.code).toBe(EXIT_CODES.input);
    expect(result.stderr).toContain('holds no data');
    expect(result.stderr).toContain('crmkit demo');
  });
});

describe('crmkit export and import', () => {
  it('exports every record of an entity as CSV to stdout', async () => {
    const result = await run(['export', 'contact', '--db', db], { cwd });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]?.split(',')).toContain('id');
    expect(lines).toHaveLength(1 + 120);
  });

  it('exports JSON to a file', async () => {
    const result = await run(['export', 'deal', '--db', db, '--format', 'json', '--out', 'deals.json'], { cwd });
    expect(result.code).toBe(0);
    const deals = JSON.parse(readFileSync(join(cwd, 'deals.json'), 'utf8')) as unknown[];
    expect(deals).toHaveLength(analysis.summary?.entities.deal ?? -1);
  });

  it('imports its own export into another database, and a re-run changes nothing', async () => {
    expect((await run(['export', 'company', '--db', db, '--out', 'companies.csv'], { cwd })).code).toBe(0);
    const target = join(cwd, 'copy.db');
    const first = await run(['import', 'company', 'companies.csv', '--db', target, '--workspace', 'copy', '--json'], { cwd });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const companies = analysis.summary?.entities.company ?? -1;
    expect(JSON.parse(first.stdout)).toMatchObject({ entity: 'company', rows: companies, imported: companies, rejected: 0 });
    const second = await run(['import', 'company', 'companies.csv', '--db', target, '--workspace', 'copy', '--json'], { cwd });
    expect(JSON.parse(second.stdout)).toMatchObject({ imported: 0, unchanged: companies });
  });

  it('imports a HubSpot export with a preset, writes rejects and exits 5 when rows were rejected', async () => {
    writeFileSync(
      join(cwd, 'hubspot.csv'),
      ['Record ID,First Name,Last Name,Email,Create Date', '101,Ada,Lovelace,ada@example.com,2024-03-05 14:30', '102,Bob,Bad,not-an-email,2024-03-06 09:00', '103,Grace,Hopper,grace@example.com,05/03/2024'].join('\n'),
    );
    const result = await run(['import', 'contact', 'hubspot.csv', '--preset', 'hubspot-contacts', '--timezone', 'Europe/Rome', '--rejects', 'rejects.csv', '--db', 'memory'], { cwd });
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toMatch(/rows\s+imported\s+updated\s+unchanged\s+rejected/);
    expect(result.stdout).toMatch(/3\s+1\s+0\s+0\s+2/);
    expect(result.stderr).toContain('line 3');
    const rejects = readFileSync(join(cwd, 'rejects.csv'), 'utf8').trimEnd().split('\n');
    expect(rejects[0]).toBe('Record ID,First Name,Last Name,Email,Create Date,_line,_issues');
    expect(rejects).toHaveLength(3);
  });

  it('imports with a JSON mapping file, including a value table', async () => {
    writeFileSync(join(cwd, 'accounts.csv'), 'Account,Name,Tier\nA1,Initech,Gold\nA2,Globex,silver\n');
    writeFileSync(
      join(cwd, 'accounts.json'),
      JSON.stringify({ entity: 'company', externalIdColumn: 'Account', columns: [{ column: 'Name', field: 'name', required: true }, { column: 'Tier', field: 'tags', values: { gold: ['gold'], silver: ['silver'] } }] }),
    );
    const result = await run(['import', 'company', 'accounts.csv', '--mapping', 'accounts.json', '--timezone', 'UTC', '--db', 'memory', '--json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 2, imported: 2, rejected: 0 });
  });

  it('shows no progress bar off a terminal', async () => {
    const result = await run(['demo', '--db', 'memory', '--size', '10', '--no-report', '--json'], { cwd });
    expect(result.stderr).toBe('');
    expect(existsSync(join(cwd, 'report.html'))).toBe(false);
  });
});
