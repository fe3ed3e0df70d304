/**
 * Runs the benchmarks: `npm run bench` runs every suite; `npm run bench -- memory postgres`
 * runs the named ones. Each result is printed with its ratio against a baseline measured in the
 * same run, and with the goal from the issue it belongs to. Copy the output into
 * docs/benchmarks.md with the command that produced it.
 */
import os from 'node:os';
import { reported } from './harness';

const suites: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  memory: () => import('./store-memory'),
  lifecycle: () => import('./lifecycle'),
  crm: () => import('./crm-service'),
  postgres: () => import('./store-postgres'),
  sqlite: () => import('./store-sqlite'),
  'kpi-duckdb': () => import('./kpi-duckdb'),
  'analysis-r': () => import('./analysis-r'),
  import: () => import('./import'),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = wanted.length === 0 ? Object.keys(suites) : wanted;
for (const name of names) if (!(name in suites)) throw new Error(`unknown suite "${name}"; known: ${Object.keys(suites).join(', ')}`);

console.log(`crmkit benchmarks — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString()}`);
for (const name of names) {
  const suite = await suites[name]!();
  await suite.run();
}
const missed = reported().filter((row) => row.met === false);
console.log(`\n${reported().length} results, ${missed.length} goals missed${missed.length ? ': ' + missed.map((r) => r.name).join('; ') : ''}`);
