/**
 * The `crmkit` command, driven from code: `runCli` takes the arguments and the process around
 * it (streams, TTY, working directory, environment) and returns the exit code, so a script or a
 * test can run any command and read what it printed.
 *
 * 1. `crmkit demo --db memory --size small --json`: generate, analyse, report — the JSON summary;
 * 2. `crmkit import` of a tiny HubSpot export with one bad row: exit code 5 and a rejects file;
 * 3. `crmkit funnel --db memory`: a memory database starts empty, so the analysis says so (exit 3).
 *
 * Run: npx tsx examples/cli/main.ts (exits non-zero when an output is not what it should be)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_CODES, runCli } from '../../src/cli/run';

const dir = mkdtempSync(join(tmpdir(), 'crmkit-cli-example-'));

async function crmkit(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, isTTY: false, cwd: dir, env: {} });
  return { code, stdout, stderr };
}

try {
  // 1. The demo, on a memory database (no driver needed), with the report written to the temp dir.
  const demo = await crmkit('demo', '--db', 'memory', '--size', 'small', '--seed', '42', '--out', 'report.html', '--json');
  assert.equal(demo.code, EXIT_CODES.ok, demo.stderr);
  const summary = JSON.parse(demo.stdout) as { records: { contact: number }; summary: { winRate: number | null; topChannels: Array<{ channel: string }> }; report: string };
  assert.equal(summary.records.contact, 120);
  assert.ok(summary.summary.winRate !== null && summary.summary.winRate > 0.5 && summary.summary.winRate < 1);
  assert.equal(summary.summary.topChannels.length, 3);
  assert.match(readFileSync(summary.report, 'utf8'), /<svg/);
  console.log(`demo: ${summary.records.contact} contacts, win rate ${(summary.summary.winRate * 100).toFixed(1)} %, top channels ${summary.summary.topChannels.map((c) => c.channel).join(', ')}`);

  // 2. An import with one bad e-mail address: the good rows are imported, the bad one is rejected (exit 5).
  writeFileSync(join(dir, 'contacts.csv'), 'Record ID,First Name,Last Name,Email,Create Date\n1,Ada,Lovelace,ada@example.com,2024-03-05 14:30\n2,Bob,Typo,bob(at)example.com,2024-03-06 09:00\n');
  const imported = await crmkit('import', 'contact', 'contacts.csv', '--preset', 'hubspot-contacts', '--timezone', 'Europe/Rome', '--rejects', 'rejects.csv', '--db', 'memory');
  assert.equal(imported.code, EXIT_CODES.rejected);
  assert.match(imported.stdout, /rows\s+imported\s+updated\s+unchanged\s+rejected\n[-\s]+\n\s+2\s+1\s+0\s+0\s+1/);
  const rejects = readFileSync(join(dir, 'rejects.csv'), 'utf8');
  assert.match(rejects, /^Record ID,First Name,Last Name,Email,Create Date,_line,_issues\n2,Bob,Typo,bob\(at\)example\.com,2024-03-06 09:00,3,/);
  console.log(`import: exit ${imported.code}, rejects file:\n${rejects.trimEnd()}`);

  // 3. Every command opens its own store: a memory database is empty on the next command.
  const funnel = await crmkit('funnel', '--db', 'memory');
  assert.equal(funnel.code, EXIT_CODES.input);
  assert.match(funnel.stderr, /holds no data to analyse/);
  console.log(`funnel on an empty memory database: exit ${funnel.code}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
