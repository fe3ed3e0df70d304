/**
 * Issue 5: the full initiative + customer-value KPI suite (`kpiSuiteAccumulator`) over 10 M
 * purchases of 1 M customers (× BENCH_SCALE), streamed from an async iterable, against DuckDB
 * computing the same aggregates with SQL over the same data written once to CSV (bench/.data/).
 * Prints time, peak memory, the figure-by-figure comparison and the ratios crmkit / DuckDB,
 * all measured in the same run. Goal: within 2× of DuckDB.
 *
 * The two ratios held against the goal:
 * - **end to end** — both sides read the same CSV files: crmkit streams them (read, parse,
 *   rebuild the purchase records, one at a time) through the suite; DuckDB loads them into
 *   tables and runs the SQL. Time = from opening the files to the figures.
 * - **compute only** — crmkit: the suite over the seeded in-memory record stream minus
 *   draining that same stream without KPIs (so generation and async iteration are not
 *   counted); DuckDB: the SQL on the already-loaded tables.
 * For information, the suite over the seeded stream (generation included) against DuckDB's
 * load + SQL is printed as well.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { accumulateAsync } from '../src/kpi';
import { kpiSuiteAccumulator, type KpiSuiteResult } from '../src/kpi/suite';
import { purchaseRecordsAsync, purchaseRecordsFromCsv, writePurchaseCsv, type PurchaseDataOptions } from './data/purchases';
import { benchScale } from './data/rng';
import { fmt, MemoryPeak, report, type Measurement } from './harness';

const SUITE = 'kpi-duckdb';
const DATA_DIR = fileURLToPath(new URL('./.data', import.meta.url));
const MB = 1024 * 1024;

const PERIOD = { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-04-01T00:00:00Z') };
const PERIOD_MS = PERIOD.end.getTime() - PERIOD.start.getTime();
const PREVIOUS_START = PERIOD.start.getTime() - PERIOD_MS; // churnRate's default previous period
const NOW = new Date('2025-06-15T00:00:00Z');


function measurement(name: string, ops: number, ms: number): Measurement {
  return { name, ops, ms, opsPerSecond: (ops / ms) * 1000 };
}

async function timed<T>(fn: (peak: MemoryPeak) => Promise<T>): Promise<{ value: T; ms: number; peak: MemoryPeak }> {
  const peak = new MemoryPeak(50).start();
  const t0 = performance.now();
  const value = await fn(peak);
  const ms = performance.now() - t0;
  peak.stop();
  return { value, ms, peak };
}

type Figures = Map<string, number | null>;

function crmkitFigures(r: KpiSuiteResult): Figures {
  const f: Figures = new Map();
  for (const g of ['target', 'control'] as const) {
    const k = r.initiative[g];
    f.set(`${g}.size`, k.penetration.targetSize);
    f.set(`${g}.buyers`, k.penetration.buyers);
    f.set(`${g}.penetration`, k.penetration.rate);
    f.set(`${g}.acts`, k.averagePurchase.acts);
    f.set(`${g}.units`, k.averagePurchase.units);
    f.set(`${g}.unitsPerAct`, k.averagePurchase.unitsPerAct);
    f.set(`${g}.valuePerActMinor`, k.averagePurchase.valuePerActMinor);
    f.set(`${g}.frequency`, k.frequency.frequency);
    f.set(`${g}.salesMinor`, k.sales.valueMinor);
    f.set(`${g}.salesPerMemberMinor`, k.sales.perMemberMinor);
    f.set(`${g}.marginMinor`, k.margin.marginMinor);
    f.set(`${g}.marginPerMemberMinor`, k.margin.perMemberMinor);
  }
  const c = r.customer;
  const clv = c.historicClv['EUR'];
  f.set('clv.customers', clv?.customers ?? null);
  f.set('clv.totalMinor', clv?.total.amountMinor ?? null);
  f.set('clv.meanPerCustomerMinor', clv?.meanPerCustomerMinor ?? null);
  const aov = c.averageOrderValue['EUR'];
  f.set('aov.orders', aov?.orders ?? null);
  f.set('aov.meanMinor', aov?.meanMinor ?? null);
  f.set('repurchase.customers', c.repurchaseRate.customers);
  f.set('repurchase.repeat', c.repurchaseRate.repeatCustomers);
  f.set('repurchase.rate', c.repurchaseRate.rate);
  f.set('churn.activePrevious', c.churnRate.activePrevious);
  f.set('churn.retained', c.churnRate.retained);
  f.set('churn.rate', c.churnRate.rate);
  let cells = 0;
  for (const row of c.cohortRetention) row.counts.forEach((n, k) => { if (n > 0) { cells++; f.set(`cohort.${row.cohort}+${k}`, n); } });
  f.set('cohort.cells', cells);
  return f;
}

async function duckdbRun(paths: { members: string; lines: string }) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjects();

  const load = await timed(async () => {
    await con.run(`CREATE TABLE members AS SELECT * FROM read_csv('${paths.members}', header = true, columns = {'contact': 'INTEGER', 'grp': 'VARCHAR', 'responded': 'INTEGER'})`);
    await con.run(`CREATE TABLE lines AS SELECT * FROM read_csv('${paths.lines}', header = true, columns = {'p': 'INTEGER', 'contact': 'INTEGER', 't': 'BIGINT', 'cat': 'VARCHAR', 'q': 'INTEGER', 'v': 'BIGINT', 'm': 'BIGINT'})`);
  });
  const p0 = PERIOD.start.getTime(), p1 = PERIOD.end.getTime(), q0 = PREVIOUS_START, now = NOW.getTime();
  const query = await timed(async () => {
    const f: Figures = new Map();
    await con.run(`CREATE OR REPLACE TEMP TABLE acts AS SELECT p, any_value(contact) AS contact, any_value(t) AS t, sum(q)::BIGINT AS units, sum(v)::BIGINT AS val, sum(m)::BIGINT AS mar FROM lines GROUP BY p`);
    for (const r of await rows(`
      SELECT mb.grp, count(*) AS size, count(a.contact) AS buyers, coalesce(sum(a.acts), 0)::BIGINT AS acts, coalesce(sum(a.units), 0)::BIGINT AS units,
             coalesce(sum(a.val), 0)::BIGINT AS val, coalesce(sum(a.mar), 0)::BIGINT AS mar
      FROM members mb LEFT JOIN (
        SELECT contact, count(*) AS acts, sum(units) AS units, sum(val) AS val, sum(mar) AS mar FROM acts WHERE t >= ${p0} AND t < ${p1} GROUP BY contact
      ) a ON a.contact = mb.contact GROUP BY mb.grp`)) {
      const g = String(r['grp']);
      const size = num(r['size']) ?? 0, buyers = num(r['buyers']) ?? 0, acts = num(r['acts']) ?? 0, units = num(r['units']) ?? 0, val = num(r['val']) ?? 0, mar = num(r['mar']) ?? 0;
      const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
      f.set(`${g}.size`, size); f.set(`${g}.buyers`, buyers); f.set(`${g}.penetration`, ratio(buyers, size));
      f.set(`${g}.acts`, acts); f.set(`${g}.units`, units); f.set(`${g}.unitsPerAct`, ratio(units, acts)); f.set(`${g}.valuePerActMinor`, ratio(val, acts));
      f.set(`${g}.frequency`, ratio(acts, buyers)); f.set(`${g}.salesMinor`, val); f.set(`${g}.salesPerMemberMinor`, ratio(val, size));
      f.set(`${g}.marginMinor`, mar); f.set(`${g}.marginPerMemberMinor`, ratio(mar, size));
    }
    const [c] = await rows(`SELECT count(DISTINCT contact) AS customers, sum(mar)::BIGINT AS clv, count(*) AS orders, sum(val)::BIGINT AS revenue FROM acts`);
    f.set('clv.customers', num(c?.['customers'])); f.set('clv.totalMinor', num(c?.['clv']));
    f.set('clv.meanPerCustomerMinor', Number(c?.['clv']) / Number(c?.['customers']));
    f.set('aov.orders', num(c?.['orders'])); f.set('aov.meanMinor', Number(c?.['revenue']) / Number(c?.['orders']));
    const [rp] = await rows(`SELECT count(*) AS customers, count(*) FILTER (WHERE n >= 2) AS rep FROM (SELECT contact, count(*) AS n FROM acts WHERE t >= ${p0} AND t < ${p1} GROUP BY contact)`);
    f.set('repurchase.customers', num(rp?.['customers'])); f.set('repurchase.repeat', num(rp?.['rep']));
    f.set('repurchase.rate', Number(rp?.['rep']) / Number(rp?.['customers']));
    const [ch] = await rows(`SELECT count(*) FILTER (WHERE prev) AS active, count(*) FILTER (WHERE prev AND cur) AS retained FROM (
      SELECT contact, bool_or(t < ${p0}) AS prev, bool_or(t >= ${p0}) AS cur FROM acts WHERE t >= ${q0} AND t < ${p1} GROUP BY contact)`);
    f.set('churn.activePrevious', num(ch?.['active'])); f.set('churn.retained', num(ch?.['retained']));
    f.set('churn.rate', (Number(ch?.['active']) - Number(ch?.['retained'])) / Number(ch?.['active']));
    const cohort = await rows(`WITH cm AS (SELECT DISTINCT contact, year(epoch_ms(t)) * 12 + month(epoch_ms(t)) - 1 AS mi FROM acts WHERE t < ${now}),
      f AS (SELECT contact, min(mi) AS first FROM cm GROUP BY contact)
      SELECT first, mi - first AS k, count(*) AS n FROM cm JOIN f USING (contact) GROUP BY ALL ORDER BY 1, 2`);
    for (const r of cohort) {
      const first = Number(r['first']);
      const label = `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, '0')}`;
      f.set(`cohort.${label}+${Number(r['k'])}`, Number(r['n']));
    }
    f.set('cohort.cells', cohort.length);
    return f;
  });
  con.closeSync();
  instance.closeSync();
  return { load, query };
}

function compare(a: Figures, b: Figures): { rows: string[]; mismatches: number; maxRel: number } {
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const rows: string[] = [];
  let mismatches = 0, maxRel = 0;
  let cohortShown = 0;
  for (const key of keys) {
    const x = a.get(key) ?? null, y = b.get(key) ?? null;
    const rel = x === null || y === null ? (x === y ? 0 : Infinity) : Math.abs(x - y) / Math.max(1, Math.abs(x), Math.abs(y));
    const ok = rel <= 1e-9;
    if (!ok) mismatches++;
    maxRel = Math.max(maxRel, rel);
    if (key.startsWith('cohort.') && key !== 'cohort.cells' && ok && cohortShown++ >= 3) continue;
    rows.push(`  ${key.padEnd(34)} ${String(x).padStart(22)} ${String(y).padStart(22)}  ${ok ? 'ok' : 'MISMATCH'}`);
  }
  return { rows, mismatches, maxRel };
}

export async function run(): Promise<void> {
  const scale = benchScale();
  const data: PurchaseDataOptions = { customers: Math.round(1_000_000 * scale), purchases: Math.round(10_000_000 * scale), seed: 42 };
  console.log(`\n${SUITE}: ${fmt(data.purchases)} purchases of ${fmt(data.customers)} customers (BENCH_SCALE=${scale}), load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const csv = await timed(() => writePurchaseCsv(data, DATA_DIR));
  console.log(`  CSV ${csv.value.written ? `written in ${fmt(csv.ms / 1000, 1)} s` : 'reused'}: ${csv.value.lines}`);

  const suiteOptions = { period: PERIOD, now: NOW, clvBasis: 'margin' as const };
  // Baseline for the stream itself: the generator drained through the same async iterable, no KPI.
  const drain = await timed(async (peak) => {
    let n = 0;
    for await (const _ of purchaseRecordsAsync(data, peak.sample)) n++;
    return n;
  });
  const suite = await timed(async (peak) => accumulateAsync(kpiSuiteAccumulator(suiteOptions), purchaseRecordsAsync(data, peak.sample)));
  // End to end from the CSV files DuckDB reads: read + parse + rebuild records + suite.
  const csvDrain = await timed(async (peak) => {
    let n = 0;
    for await (const _ of purchaseRecordsFromCsv(csv.value, peak.sample)) n++;
    return n;
  });
  const csvSuite = await timed(async (peak) => accumulateAsync(kpiSuiteAccumulator(suiteOptions), purchaseRecordsFromCsv(csv.value, peak.sample)));
  const ours = crmkitFigures(suite.value);
  const oursCsv = crmkitFigures(csvSuite.value);
  console.log(`  stream only (generate + iterate ${fmt(drain.value)} records): ${fmt(drain.ms / 1000, 2)} s, peak rss ${fmt(drain.peak.rss / MB)} MB, heap ${fmt(drain.peak.heap / MB)} MB`);
  console.log(`  crmkit suite over the stream: ${fmt(suite.ms / 1000, 2)} s (${fmt(data.purchases / (suite.ms / 1000))} purchases/s), peak rss ${fmt(suite.peak.rss / MB)} MB, heap ${fmt(suite.peak.heap / MB)} MB; compute net of the stream ${fmt((suite.ms - drain.ms) / 1000, 2)} s`);
  console.log(`  CSV only (read + parse + rebuild ${fmt(csvDrain.value)} records): ${fmt(csvDrain.ms / 1000, 2)} s, peak rss ${fmt(csvDrain.peak.rss / MB)} MB, heap ${fmt(csvDrain.peak.heap / MB)} MB`);
  console.log(`  crmkit suite over the CSV files: ${fmt(csvSuite.ms / 1000, 2)} s (${fmt(data.purchases / (csvSuite.ms / 1000))} purchases/s), peak rss ${fmt(csvSuite.peak.rss / MB)} MB, heap ${fmt(csvSuite.peak.heap / MB)} MB; compute net of the CSV stream ${fmt((csvSuite.ms - csvDrain.ms) / 1000, 2)} s`);
  const sameFromCsv = compare(ours, oursCsv);
  if (sameFromCsv.mismatches > 0) console.log(`  ✗ the suite over the CSV files DISAGREES with the suite over the stream on ${sameFromCsv.mismatches} figures`);

  const duck = await duckdbRun(csv.value);
  console.log(`  DuckDB load CSV: ${fmt(duck.load.ms / 1000, 2)} s; SQL: ${fmt(duck.query.ms / 1000, 2)} s; peak rss ${fmt(Math.max(duck.load.peak.rss, duck.query.peak.rss) / MB)} MB (process, includes the JS heap left by crmkit)`);

  const cmp = compare(ours, duck.query.value);
  console.log(`  comparison (crmkit vs DuckDB; ${cmp.mismatches === 0 ? 'all agree' : `${cmp.mismatches} DISAGREE`}, max relative difference ${cmp.maxRel.toExponential(2)}):`);
  console.log(`  ${'figure'.padEnd(34)} ${'crmkit'.padStart(22)} ${'DuckDB'.padStart(22)}`);
  for (const row of cmp.rows) console.log(row);
  if (cmp.mismatches > 0) console.log(`  ✗ crmkit and DuckDB DISAGREE on ${cmp.mismatches} figures`);

  const duckTotal = duck.load.ms + duck.query.ms;
  const endToEnd = csvSuite.ms / duckTotal;
  const compute = (suite.ms - drain.ms) / duck.query.ms;
  const streamVsDuck = suite.ms / duckTotal;
  const agree = cmp.mismatches === 0 && sameFromCsv.mismatches === 0;
  console.log(`  ratio crmkit / DuckDB: end to end (same CSV files → KPIs: stream-parse + suite vs load + SQL) ${fmt(endToEnd, 2)}×; compute only (suite minus stream vs SQL on the loaded table) ${fmt(compute, 2)}×; for information, suite over the seeded stream vs load + SQL ${fmt(streamVsDuck, 2)}×`);
  const n = data.purchases;
  report(SUITE, measurement('KPI suite, CSV end to end', n, csvSuite.ms), measurement('DuckDB CSV load + SQL', n, duckTotal), {
    text: 'within 2× of DuckDB',
    met: agree && endToEnd <= 2,
  });
  report(SUITE, measurement('KPI suite, compute only', n, suite.ms - drain.ms), measurement('DuckDB SQL on loaded table', n, duck.query.ms), {
    text: 'within 2× of DuckDB',
    met: agree && compute <= 2,
  });
  report(SUITE, measurement('KPI suite, seeded stream end to end', n, suite.ms), measurement('DuckDB CSV load + SQL', n, duckTotal), {
    text: 'within 2× of DuckDB',
    met: agree && streamVsDuck <= 2,
  });
  if (endToEnd > 2 || compute > 2) console.log(`  ✗ goal "within 2× of DuckDB" NOT met: crmkit is ${fmt(Math.max(endToEnd, compute), 1)}× DuckDB's time`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
