/**
 * Issue 7: import of 1,000,000 contacts (× BENCH_SCALE) from a HubSpot-style CSV export into
 * SQLite (a fresh database file) and PostgreSQL (fresh tables under a unique prefix) with
 * `importCsvFile`, against `psql \copy` of the same file into a staging table of text columns,
 * timed in the same run. Reports rows/s, the ratio to `\copy`, and peak RSS and heap while
 * importing. Each import runs in a child process of its own, so its peak memory is its own.
 *
 * "Memory stays bounded" is shown by importing a tenth of the file as well, in the same run:
 * the peak heap must not grow with the number of rows. The suite also imports 10,000 rows (or
 * the tenth, if smaller) into a fresh store and re-imports the same file (every row found by
 * external id and left unchanged, none duplicated) and a changed file (every row updated), and
 * asserts the counts.
 *
 * The CSV files are written once, seeded and streaming, to bench/.data/ (git-ignored).
 * Set `CRMKIT_BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`) and
 * `CRMKIT_BENCH_PSQL` (default `psql -h 127.0.0.1 -U postgres -d test`); the PostgreSQL parts
 * are skipped with a message when the server is unreachable. Tables use a unique prefix and are
 * dropped afterwards; the SQLite file is deleted.
 *
 * Run one import alone (for profiling): `node --import tsx --cpu-prof bench/import.ts --import-child '<json>'`.
 */
import { spawn, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { hubspotContacts, type EntityMapping, type ImportSummary } from '../src/io';
import { importCsvFile } from '../src/io/node';
import { mulberry32, benchScale } from './data/rng';
import { fmt, MemoryPeak, report, type Measurement } from './harness';

const SUITE = 'import';
const DATA_DIR = fileURLToPath(new URL('./.data', import.meta.url));
const URL_ = process.env['CRMKIT_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const PSQL = (process.env['CRMKIT_BENCH_PSQL'] ?? 'psql -h 127.0.0.1 -U postgres -d test').split(' ').filter((s) => s !== '');
const MB = 1024 * 1024;
/**
 * Rows of the re-import runs (at most; fewer at small scales). Kept small because re-imports look
 * every external id up (one `external_id IN (…)` query per batch) and every changed row is one
 * `update` (on PostgreSQL one compare-and-set statement on the row the look-up found).
 */
const REIMPORT_ROWS = 10_000;

// ---------------------------------------------------------------------------------------------
// The file: a HubSpot contacts export of a German portal (dd.MM.yyyy dates, decimal commas)
// ---------------------------------------------------------------------------------------------

/** The columns, as HubSpot's contacts export names them, plus two custom properties. */
export const HEADERS = [
  'Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Job Title', 'Company Name', 'Lifecycle Stage', 'Lead Status',
  'Original Source', 'Original Source Drill-Down 1', 'Create Date', 'City', 'Country/Region', 'Customer Tier', 'Lead Score',
] as const;

/** The preset plus the columns it does not know: company name and tier as custom fields, the score. */
export function contactMapping(): EntityMapping {
  const preset = hubspotContacts();
  return {
    ...preset,
    columns: [
      ...preset.columns,
      { column: 'Company Name', field: 'customFields.company' },
      { column: 'Customer Tier', field: 'customFields.tier' },
      { column: 'Lead Score', field: 'leadScore', type: 'number' },
    ],
  };
}

/** Value options of the file. */
export const VALUE_OPTIONS = { timeZone: 'Europe/Berlin', dateFormat: 'dd.MM.yyyy', decimalSeparator: ',' } as const;

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hannah', 'Jonas', 'Julia', 'Karl', 'Lena', 'Lukas', 'Marie', 'Max', 'Mia', 'Noah', 'Paul', 'Sophie', 'Tim', 'Ada', 'Alan', 'Grace', 'Linus', 'Zoë', 'Jürgen', 'Chloé', 'Søren', 'Ana María', "O'Brien"];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Lovelace', 'Hopper', 'Turing', 'García López', 'Dubois'];
const TITLES = ['', '', 'Head of Operations', 'CTO', 'Einkaufsleiter', 'Marketing Manager', 'Sales Director', 'Geschäftsführer', 'Software Engineer', 'Office Manager, DACH'];
const COMPANY_WORDS = ['Nord', 'Süd', 'Alpen', 'Rhein', 'Elbe', 'Berg', 'Stadt', 'Data', 'Logistik', 'Bau', 'Solar', 'Medien', 'Technik', 'Handel'];
const COMPANY_SUFFIX = ['GmbH', 'AG', 'GmbH & Co. KG', 'SE', 'e.K.', 'UG (haftungsbeschränkt)'];
const STAGES = ['Subscriber', 'Lead', 'Lead', 'Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity', 'Customer', 'Customer', 'Evangelist', 'Other'];
const STATUSES = ['', 'New', 'Open', 'In Progress', 'Attempted to Contact', 'Connected', 'Bad Timing', 'Unqualified'];
const SOURCES = ['Organic Search', 'Paid Search', 'Email Marketing', 'Organic Social', 'Paid Social', 'Referrals', 'Direct Traffic', 'Offline Sources', 'Other Campaigns'];
const DETAILS = ['', 'google', 'bing', 'newsletter', 'linkedin', 'Messe München 2024', 'partner-portal'];
const CITIES: readonly [string, string, string][] = [
  ['Berlin', 'DE', '+49 30 '], ['Hamburg', 'DE', '+49 40 '], ['München', 'DE', '+49 89 '], ['Köln', 'DE', '+49 221 '],
  ['Wien', 'AT', '+43 1 '], ['Zürich', 'CH', '+41 44 '], ['Frankfurt am Main', 'DE', '+49 69 '],
];
const TIERS = ['', '', 'gold', 'silver', 'bronze'];
const DOMAINS = ['example.com', 'example.de', 'example.org', 'mail.example.net'];
const START = Date.UTC(2019, 0, 1);
const SPAN = Date.UTC(2025, 6, 1) - START;

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Writes the seeded CSV of `n` contacts once (skipped when it exists), in 64 KiB chunks.
 * `variant` > 0 writes the same contacts with every lead score changed (for the update run).
 */
export async function writeContactCsv(n: number, dir: string, variant = 0): Promise<{ path: string; written: boolean; bytes: number }> {
  const path = `${dir}/hubspot-contacts-${n}-s7${variant > 0 ? `-v${variant}` : ''}.csv`;
  if (existsSync(path)) return { path, written: false, bytes: statSync(path).size };
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(`${path}.tmp`);
  const rand = mulberry32(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  let chunk = `${HEADERS.map(csvCell).join(',')}\n`;
  for (let i = 0; i < n; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const [city, country, prefix] = pick(CITIES);
    const localPart = `${first}.${last}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase();
    const phone = rand() < 0.8 ? `${prefix}${1_000_000 + Math.floor(rand() * 8_999_999)}` : '';
    const company = `${pick(COMPANY_WORDS)}${pick(COMPANY_WORDS).toLowerCase()} ${pick(COMPANY_SUFFIX)}`;
    const created = new Date(START + Math.floor(rand() * SPAN));
    const createText = `${pad(created.getUTCDate())}.${pad(created.getUTCMonth() + 1)}.${created.getUTCFullYear()} ${pad(created.getUTCHours())}:${pad(created.getUTCMinutes())}`;
    const score = Math.floor(rand() * 1000) / 10 + variant;
    const cells = [
      String(10_000_001 + i), first, last, `${localPart}${i}@${pick(DOMAINS)}`, phone, pick(TITLES), rand() < 0.1 ? `${company}, Zweigniederlassung ${city}` : company,
      pick(STAGES), pick(STATUSES), pick(SOURCES), pick(DETAILS), createText, city, country, pick(TIERS), String(score).replace('.', ','),
    ];
    chunk += `${cells.map(csvCell).join(',')}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(`${path}.tmp`, path);
  return { path, written: true, bytes: statSync(path).size };
}

// ---------------------------------------------------------------------------------------------
// One import in a child process
// ---------------------------------------------------------------------------------------------

interface ChildJob {
  readonly target: 'sqlite' | 'postgres';
  /** Files imported one after the other into the same fresh store. */
  readonly files: readonly string[];
  readonly sqliteFile?: string;
  readonly prefix?: string;
  readonly batchSize?: number;
}

interface ImportRun {
  readonly file: string;
  readonly ms: number;
  /** CPU time of the importing process (user + system), less sensitive to other load than `ms`. */
  readonly cpuMs: number;
  readonly summary: ImportSummary;
  readonly count: number;
  /** Peak RSS and heap during this import, and the heap before it. */
  readonly peakRss: number;
  readonly peakHeap: number;
  readonly heapBefore: number;
}


async function childImport(job: ChildJob): Promise<ImportRun[]> {
  const workspaceId = 'bench_import';
  let store: import('../src/adapters/sql/store').SqlStore;
  if (job.target === 'sqlite') {
    const { createSqliteStore } = await import('../src/adapters/sqlite');
    store = await createSqliteStore({ filename: job.sqliteFile as string, workspaceId });
  } else {
    const { createPostgresStore } = await import('../src/adapters/postgres');
    store = await createPostgresStore({ connectionString: URL_, workspaceId, prefix: job.prefix as string, max: 2 });
  }
  const runs: ImportRun[] = [];
  try {
    const mapping = contactMapping();
    for (const file of job.files) {
      const heapBefore = process.memoryUsage().heapUsed;
      const peak = new MemoryPeak(100).start();
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const summary = await importCsvFile(store, file, {
        mapping,
        ...VALUE_OPTIONS,
        ...(job.batchSize === undefined ? {} : { batchSize: job.batchSize }),
        onBatch: peak.sample,
      });
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      peak.stop();
      runs.push({ file, ms, cpuMs: (cpu.user + cpu.system) / 1000, summary, count: await store.count('contact'), peakRss: peak.rss, peakHeap: peak.heap, heapBefore });
    }
  } finally {
    await store.close();
  }
  return runs;
}

function runChild(job: ChildJob): Promise<ImportRun[]> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--import-child', JSON.stringify(job)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: ImportRun[] | undefined;
    let failure: string | undefined;
    child.on('message', (message: { runs?: ImportRun[]; error?: string }) => {
      if (message.runs !== undefined) result = message.runs;
      if (message.error !== undefined) failure = message.error;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`import child (${job.target}) failed with code ${code}: ${failure ?? 'no result'}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The baseline: psql \copy into a staging table of text columns
// ---------------------------------------------------------------------------------------------

function runPsql(command: string): Promise<{ ms: number; output: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(PSQL[0] as string, [...PSQL.slice(1), '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve({ ms, output });
      else reject(new Error(`psql failed (${code}): ${output}`));
    });
  });
}

type Pool = import('pg').Pool;

async function psqlCopy(pool: Pool, prefix: string, file: string, n: number): Promise<number> {
  const table = `${prefix}staging`;
  const columns = HEADERS.map((h) => `"${h.replace(/"/g, '""')}" text`).join(', ');
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.query(`CREATE TABLE ${table} (${columns})`);
  try {
    const { ms } = await runPsql(`\\copy ${table} FROM '${file.replace(/'/g, "''")}' CSV HEADER`);
    const count = Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    if (count !== n) throw new Error(`psql \\copy loaded ${count} rows, expected ${n}`);
    return ms;
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

async function dropPrefix(pool: Pool, prefix: string): Promise<void> {
  for (const table of ['staging', 'records', 'log', 'migrations', 'migrations_lock']) await pool.query(`DROP TABLE IF EXISTS ${prefix}${table}`).catch(() => {});
}

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

function measurement(name: string, ops: number, ms: number): Measurement {
  return { name, ops, ms, opsPerSecond: (ops / ms) * 1000 };
}

function load(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

function check(condition: boolean, what: string, failures: string[]): void {
  if (!condition) failures.push(what);
}

export async function run(): Promise<void> {
  const scale = benchScale();
  const n = Math.round(1_000_000 * scale);
  const small = Math.round(n / 10);
  const again = Math.min(small, REIMPORT_ROWS);
  console.log(`\n${SUITE}: ${fmt(n)} contacts (${fmt(small)} for the memory comparison, ${fmt(again)} for the re-imports), BENCH_SCALE=${scale}, load average ${load()}`);

  const files = { big: await writeContactCsv(n, DATA_DIR), small: await writeContactCsv(small, DATA_DIR), again: await writeContactCsv(again, DATA_DIR), changed: await writeContactCsv(again, DATA_DIR, 1) };
  console.log(`  CSV files: ${fmt(n)} rows ${fmt(files.big.bytes / MB, 1)} MB, ${fmt(small)} rows ${fmt(files.small.bytes / MB, 1)} MB (${files.big.written ? 'written' : 'reused'}; ${DATA_DIR})`);

  const tag = randomBytes(4).toString('hex');
  let pool: Pool | undefined;
  try {
    const { default: pg } = await import('pg');
    const probe = new pg.Pool({ connectionString: URL_, max: 1, connectionTimeoutMillis: 3000 });
    await probe.query('SELECT 1');
    await runPsql('SELECT 1');
    pool = probe;
  } catch (error) {
    console.log(`  PostgreSQL skipped: ${URL_} or psql unreachable (${error instanceof Error ? error.message : String(error)}); no baseline, SQLite only`);
  }

  const failures: string[] = [];
  const results: Record<string, { big?: ImportRun; small?: ImportRun }> = {};
  const baselines: { big?: number; small?: number } = {};
  const prefixes: string[] = [];
  try {
    for (const size of ['big', 'small', 'again'] as const) {
      const rows = size === 'big' ? n : size === 'small' ? small : again;
      const file = files[size].path;
      if (pool !== undefined && size !== 'again') {
        const prefix = `bench_imp_${tag}_${size}_`;
        prefixes.push(prefix);
        baselines[size] = await psqlCopy(pool, prefix, file, rows);
        console.log(`  psql \\copy ${fmt(rows)} rows: ${fmt(baselines[size] / 1000, 2)} s (${fmt((rows / baselines[size]) * 1000)} rows/s), load ${load()}`);
      }
      for (const target of ['sqlite', 'postgres'] as const) {
        if (target === 'postgres' && pool === undefined) continue;
        const sqliteFile = `${DATA_DIR}/import-${tag}-${size}.sqlite`;
        const prefix = `bench_imp_${tag}_${size}_${target === 'postgres' ? 'pg_' : ''}`;
        if (target === 'postgres') prefixes.push(prefix);
        // The re-import store imports a file, then the same file again and a changed one.
        const jobFiles = size === 'again' ? [file, file, files.changed.path] : [file];
        let runs: ImportRun[];
        try {
          runs = await runChild({ target, files: jobFiles, sqliteFile, prefix });
        } finally {
          for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${sqliteFile}${suffix}`, { force: true });
          if (target === 'postgres' && pool !== undefined) await dropPrefix(pool, prefix);
        }
        const [first, same, changed] = runs as [ImportRun, ImportRun?, ImportRun?];
        if (size !== 'again') (results[target] ??= {})[size] = first;
        const rate = (rows / first.ms) * 1000;
        console.log(
          `  ${target.padEnd(8)} ${fmt(rows)} rows: ${fmt(first.ms / 1000, 2)} s (${fmt(rate)} rows/s; cpu ${fmt(first.cpuMs / 1000, 2)} s), peak rss ${fmt(first.peakRss / MB)} MB, peak heap ${fmt(first.peakHeap / MB)} MB ` +
            `(heap before ${fmt(first.heapBefore / MB)} MB); ${JSON.stringify({ imported: first.summary.imported, updated: first.summary.updated, unchanged: first.summary.unchanged, rejected: first.summary.rejected })}, load ${load()}`,
        );
        check(first.summary.rows === rows && first.summary.imported === rows && first.summary.rejected === 0 && first.count === rows, `${target} ${size}: expected ${rows} imported, got ${JSON.stringify(first.summary)} and ${first.count} stored`, failures);
        if (same !== undefined) {
          console.log(`  ${target.padEnd(8)} re-import of the same file: ${fmt(same.ms / 1000, 2)} s (${fmt((rows / same.ms) * 1000)} rows/s; cpu ${fmt(same.cpuMs / 1000, 2)} s), ${JSON.stringify({ imported: same.summary.imported, updated: same.summary.updated, unchanged: same.summary.unchanged, rejected: same.summary.rejected })}, ${fmt(same.count)} stored, peak heap ${fmt(same.peakHeap / MB)} MB`);
          check(same.summary.imported === 0 && same.summary.unchanged === rows && same.count === rows, `${target} re-import: expected ${rows} unchanged and ${rows} stored, got ${JSON.stringify(same.summary)}, ${same.count} stored`, failures);
        }
        if (changed !== undefined) {
          console.log(`  ${target.padEnd(8)} re-import of a changed file (every lead score differs): ${fmt(changed.ms / 1000, 2)} s (${fmt((rows / changed.ms) * 1000)} rows/s; cpu ${fmt(changed.cpuMs / 1000, 2)} s), ${JSON.stringify({ imported: changed.summary.imported, updated: changed.summary.updated, unchanged: changed.summary.unchanged, rejected: changed.summary.rejected })}, ${fmt(changed.count)} stored, peak heap ${fmt(changed.peakHeap / MB)} MB`);
          check(changed.summary.imported === 0 && changed.summary.updated === rows && changed.count === rows, `${target} changed re-import: expected ${rows} updated and ${rows} stored, got ${JSON.stringify(changed.summary)}, ${changed.count} stored`, failures);
        }
      }
    }
  } finally {
    if (pool !== undefined) {
      for (const prefix of prefixes) await dropPrefix(pool, prefix);
      await pool.end();
    }
  }

  const copy = (size: 'big' | 'small') => measurement(`psql \\copy ${fmt(size === 'big' ? n : small)} rows (baseline)`, size === 'big' ? n : small, baselines[size] ?? Number.NaN);
  for (const target of ['sqlite', 'postgres'] as const) {
    for (const size of ['big', 'small'] as const) {
      const r = results[target]?.[size];
      if (r === undefined) continue;
      const rows = size === 'big' ? n : small;
      const m = measurement(`importCsvFile → ${target}, ${fmt(rows)} contacts`, rows, r.ms);
      if (baselines[size] !== undefined) report(SUITE, m, copy(size), { text: '(rows/s and memory reported; no fixed rate)', met: null });
      else console.log(`${SUITE.padEnd(10)} ${m.name.padEnd(46)} ${fmt(m.opsPerSecond).padStart(12)} ops/s  (no psql baseline)`);
    }
    const big = results[target]?.big;
    const little = results[target]?.small;
    if (big !== undefined && little !== undefined) {
      // Bounded: the heap peak at N must not grow with N (10× the rows; allow 1.5× for GC timing).
      // A smaller run of fewer than 100,000 rows ends before the heap settles: figures only.
      const growth = big.peakHeap / little.peakHeap;
      const verdict = small < 100_000 ? `  (not judged: ${fmt(small)} rows end before the heap settles; BENCH_SCALE=1 compares 1,000,000 with 100,000)` : growth <= 1.5 ? '  ✓ goal met' : '  ✗ goal NOT met';
      console.log(
        `${SUITE.padEnd(10)} ${`${target} peak memory ${fmt(n)} vs ${fmt(small)} rows`.padEnd(46)} heap ${fmt(big.peakHeap / MB)} MB vs ${fmt(little.peakHeap / MB)} MB (${fmt(growth, 2)}×), ` +
          `rss ${fmt(big.peakRss / MB)} MB vs ${fmt(little.peakRss / MB)} MB  goal: bounded (heap ≤ 1.5× at 10× the rows)${verdict}`,
      );
    }
  }
  if (failures.length > 0) {
    for (const failure of failures) console.log(`  ✗ ${failure}`);
    throw new Error(`import suite: ${failures.length} checks failed`);
  }
}

if (process.argv[2] === '--import-child') {
  const job = JSON.parse(process.argv[3] as string) as ChildJob;
  try {
    const runs = await childImport(job);
    if (process.send !== undefined) process.send({ runs });
    else console.log(JSON.stringify(runs, null, 2));
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if (process.send !== undefined) process.send({ error: message });
    else console.error(message);
    process.exitCode = 1;
  }
  process.disconnect?.();
} else if (import.meta.url === `file://${process.argv[1]}`) await run();
