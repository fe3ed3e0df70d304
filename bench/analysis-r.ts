/**
 * Issue 6: survival and Markov analyses on 1 M leads (× BENCH_SCALE; 5 sources, ≈ 20 % censored)
 * and their ≈ 4.4 M stage transitions, read from CSV with a streaming line reader, against R on
 * the same files in the same run: survival::survfit / survdiff and markovchain::markovchainFit.
 * R's fit time is measured inside R (system.time) and its whole-process time outside.
 * Goals: Kaplan–Meier at least as fast as survfit; transitionMatrix at least 10× faster than
 * markovchainFit; memory bounded while reading (no file loaded into a string).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { absorbingAnalysis, kaplanMeierByGroup, logRankTest, transitionMatrix, type GroupedSurvivalObservation } from '../src/analysis';
import { writeLeadCsv } from './data/leads';
import { benchScale } from './data/rng';
import { fmt, report, type Measurement } from './harness';

const SUITE = 'analysis-r';
const DATA_DIR = fileURLToPath(new URL('./.data', import.meta.url));
const R_DIR = fileURLToPath(new URL('./r', import.meta.url));
const MB = 1024 * 1024;
const KM_TIMES = [7, 30, 90];
/** Sequences given to markovchainFit's list form, whose time is quadratic in their number. */
const LIST_CAP = Number(process.env['BENCH_MARKOV_LIST_CAP'] ?? 4000);
const R_TIMEOUT_MS = Number(process.env['BENCH_R_TIMEOUT_S'] ?? 600) * 1000;

function measurement(name: string, ms: number, ops: number): Measurement {
  return { name, ops, ms, opsPerSecond: (ops / ms) * 1000 };
}

let peakRss = 0, peakHeap = 0;
function sampleMemory(): void {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}

async function* lines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 16 }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (n++ === 0) continue; // header
    if ((n & 0xffff) === 0) sampleMemory();
    yield line;
  }
}

async function readLeads(path: string): Promise<GroupedSurvivalObservation<string>[]> {
  const sources = new Map<string, string>();
  const out: GroupedSurvivalObservation<string>[] = [];
  for await (const line of lines(path)) {
    const [, source = '', time = '', event = ''] = line.split(',');
    let group = sources.get(source);
    if (group === undefined) sources.set(source, (group = source));
    out.push({ time: Number(time), event: event === '1', group });
  }
  return out;
}

async function readSequences(path: string): Promise<{ sequences: string[][]; transitions: number }> {
  const states = new Map<string, string>();
  const intern = (s: string) => { let v = states.get(s); if (v === undefined) states.set(s, (v = s)); return v; };
  const sequences: string[][] = [];
  let current = '', seq: string[] = [], transitions = 0;
  for await (const line of lines(path)) {
    const c1 = line.indexOf(','), c2 = line.indexOf(',', c1 + 1), c3 = line.indexOf(',', c2 + 1);
    const lead = line.slice(0, c1);
    if (lead !== current) {
      current = lead;
      seq = [intern(line.slice(c1 + 1, c2))];
      sequences.push(seq);
    }
    seq.push(intern(line.slice(c2 + 1, c3)));
    transitions++;
  }
  return { sequences, transitions };
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/** Runs an Rscript, returning its output lines and whole-process wall time, or a reason to skip. */
function rscript(script: string, args: string[]): { out: string[]; ms: number } | { skip: string } {
  const t0 = performance.now();
  const r = spawnSync('Rscript', [`${R_DIR}/${script}`, ...args], { encoding: 'utf8', timeout: R_TIMEOUT_MS, maxBuffer: 64 * MB });
  const ms = performance.now() - t0;
  if (r.error) return { skip: `Rscript ${script} failed: ${r.error.message}` };
  if (r.status !== 0) return { skip: `Rscript ${script} exited with ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}` };
  return { out: r.stdout.split('\n'), ms };
}

function rAvailable(): string | null {
  const v = spawnSync('Rscript', ['--version'], { encoding: 'utf8' });
  if (v.error) return 'Rscript not found (install R: bash bench/setup-r.sh)';
  for (const pkg of ['survival', 'markovchain']) {
    const r = spawnSync('Rscript', ['-e', `quit(status = if (requireNamespace('${pkg}', quietly = TRUE)) 0 else 1)`]);
    if (r.status !== 0) return `R package ${pkg} missing (install: bash bench/setup-r.sh)`;
  }
  return null;
}

function field(out: string[], tag: string, name?: string): string[] | undefined {
  return out.map((l) => l.trim().split(/\s+/)).find((p) => p[0] === tag && (name === undefined || p[1] === name));
}

export async function run(): Promise<void> {
  const scale = benchScale();
  const leads = Math.round(1_000_000 * scale);
  console.log(`\n${SUITE}: ${fmt(leads)} leads (BENCH_SCALE=${scale}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const t0 = performance.now();
  const files = await writeLeadCsv({ leads, seed: 7 }, DATA_DIR);
  console.log(`  CSV ${files.written ? `written in ${fmt((performance.now() - t0) / 1000, 1)} s` : 'reused'}: ${files.leads} (${fmt(statSync(files.leads).size / MB)} MB), ${files.transitions} (${fmt(statSync(files.transitions).size / MB)} MB)`);

  // crmkit: streaming read, then the fits.
  sampleMemory();
  const rssBefore = process.memoryUsage().rss;
  const tRead = performance.now();
  const observations = await readLeads(files.leads);
  const { sequences, transitions } = await readSequences(files.transitions);
  const readMs = performance.now() - tRead;
  sampleMemory();
  const censored = observations.filter((o) => !o.event).length;
  console.log(`  crmkit read (streaming line reader): ${fmt(observations.length)} leads (${fmt((100 * censored) / observations.length, 1)} % censored), ${fmt(sequences.length)} sequences, ${fmt(transitions)} transitions in ${fmt(readMs / 1000, 2)} s`);
  const km = time(() => kaplanMeierByGroup(observations));
  const lr = time(() => logRankTest(observations));
  const tm = time(() => transitionMatrix(sequences));
  const ab = time(() => absorbingAnalysis(tm.value));
  const tmList = time(() => transitionMatrix(sequences.slice(0, LIST_CAP)));
  sampleMemory();
  console.log(`  crmkit fits: kaplanMeierByGroup ${fmt(km.ms, 0)} ms, logRankTest ${fmt(lr.ms, 0)} ms (χ² ${lr.value.chiSquare.toFixed(4)}, df ${lr.value.df}), transitionMatrix ${fmt(tm.ms, 0)} ms, absorbingAnalysis ${fmt(ab.ms, 2)} ms`);
  console.log(`  crmkit memory: peak rss ${fmt(peakRss / MB)} MB (+${fmt((peakRss - rssBefore) / MB)} MB over the start of the read), peak heap ${fmt(peakHeap / MB)} MB — the parsed records, not the files, are held`);

  const missing = rAvailable();
  if (missing !== null) {
    console.log(`  R part SKIPPED: ${missing}`);
    report(SUITE, measurement('kaplanMeierByGroup', km.ms, leads), measurement('kaplanMeierByGroup', km.ms, leads), { text: 'R not available: not compared', met: null });
    return;
  }
  const surv = rscript('survival.R', [files.leads, KM_TIMES.join(',')]);
  const markov = rscript('markov.R', [files.transitions, String(LIST_CAP)]);

  if ('skip' in surv) console.log(`  R survival SKIPPED: ${surv.skip}`);
  else {
    const survfitMs = Number(field(surv.out, 'FIT_SECONDS', 'survfit')?.[2]) * 1000;
    const survdiffMs = Number(field(surv.out, 'FIT_SECONDS', 'survdiff')?.[2]) * 1000;
    const rChi = Number(field(surv.out, 'CHISQ')?.[1]);
    let maxKm = 0;
    const kmRows: string[] = [];
    for (const p of surv.out.map((l) => l.trim().split(/\s+/)).filter((p) => p[0] === 'KM')) {
      const [, group, t, s] = p;
      const fit = km.value.find((f) => f.group === group);
      let ours = 1;
      for (const row of fit?.table ?? []) if (row.time <= Number(t)) ours = row.survival;
      const diff = Math.abs(ours - Number(s));
      maxKm = Math.max(maxKm, diff);
      kmRows.push(`S_${group}(${t}) ${ours.toFixed(6)}/${Number(s).toFixed(6)}`);
    }
    const chiDiff = Math.abs(lr.value.chiSquare - rChi) / rChi;
    console.log(`  R survival: read.csv ${field(surv.out, 'READ_SECONDS')?.[1]} s, survfit ${fmt(survfitMs, 0)} ms, survdiff ${fmt(survdiffMs, 0)} ms, whole Rscript ${fmt(surv.ms / 1000, 2)} s`);
    console.log(`  KM crmkit/R: ${kmRows.join(', ')}`);
    console.log(`  max |ΔS(t)| = ${maxKm.toExponential(2)} over ${kmRows.length} points; χ² crmkit ${lr.value.chiSquare.toFixed(6)} vs R ${rChi.toFixed(6)} (relative difference ${chiDiff.toExponential(2)})${maxKm > 1e-9 || chiDiff > 1e-9 ? '  ✗ DISAGREE' : '  agree'}`);
    const agree = maxKm <= 1e-9 && chiDiff <= 1e-9;
    report(SUITE, measurement('kaplanMeierByGroup (5 sources)', km.ms, leads), measurement('R survfit(Surv ~ source)', survfitMs, leads), { text: 'at least as fast as survfit', met: agree && km.ms <= survfitMs });
    report(SUITE, measurement('logRankTest (5 sources)', lr.ms, leads), measurement('R survdiff', survdiffMs, leads), { text: 'informational', met: null });
  }

  if ('skip' in markov) console.log(`  R markov SKIPPED: ${markov.skip}`);
  else {
    const vecMs = Number(field(markov.out, 'FIT_SECONDS', 'markovchainFit_vector')?.[2]) * 1000;
    const listRow = field(markov.out, 'FIT_SECONDS', 'markovchainFit_list');
    const listMs = Number(listRow?.[2]) * 1000, listN = Number(listRow?.[3]);
    const states = tm.value.states;
    const compareMatrix = (tag: string, fit: typeof tm.value) => {
      let max = 0, cells = 0;
      for (const p of markov.out.map((l) => l.trim().split(/\s+/)).filter((p) => p[0] === tag)) {
        const i = states.indexOf(p[1] ?? ''), j = states.indexOf(p[2] ?? '');
        if (fit.emptyStates.includes(p[1] ?? '')) continue; // R leaves won/lost rows at 0, crmkit makes them absorbing
        max = Math.max(max, Math.abs((fit.probabilities[i]?.[j] ?? NaN) - Number(p[3])));
        cells++;
      }
      return { max, cells };
    };
    const full = compareMatrix('P', tm.value);
    const sub = compareMatrix('PLIST', tmList.value);
    let maxB = 0, cellsB = 0;
    for (const p of markov.out.map((l) => l.trim().split(/\s+/)).filter((p) => p[0] === 'B')) {
      const i = ab.value.transient.indexOf(p[1] ?? ''), k = ab.value.absorbing.indexOf(p[2] ?? '');
      maxB = Math.max(maxB, Math.abs((ab.value.absorptionProbabilities[i]?.[k] ?? NaN) - Number(p[3])));
      cellsB++;
    }
    console.log(`  R markov: read.csv + split ${field(markov.out, 'READ_SECONDS')?.[1]} s, markovchainFit (NA-separated vector, all ${field(markov.out, 'SEQUENCES')?.[1]} sequences) ${fmt(vecMs, 0)} ms, markovchainFit (list, first ${listN} sequences) ${fmt(listMs, 0)} ms, whole Rscript ${fmt(markov.ms / 1000, 2)} s`);
    console.log(`  matrix crmkit/R: max |Δp| = ${full.max.toExponential(2)} over ${full.cells} cells (list form subsample: ${sub.max.toExponential(2)} over ${sub.cells}); absorption probabilities max |Δ| = ${cellsB ? maxB.toExponential(2) : 'n/a'} over ${cellsB} cells${full.max > 1e-9 || sub.max > 1e-9 ? '  ✗ DISAGREE' : '  agree'}`);
    const agree = full.max <= 1e-9 && sub.max <= 1e-9;
    report(SUITE, measurement('transitionMatrix (all sequences)', tm.ms, transitions), measurement('R markovchainFit (NA-separated vector)', vecMs, transitions), { text: '≥ 10× faster than markovchainFit', met: agree && tm.ms * 10 <= vecMs });
    report(SUITE, measurement(`transitionMatrix (first ${listN} sequences)`, tmList.ms, listN), measurement(`R markovchainFit (list of ${listN})`, listMs, listN), { text: '≥ 10× faster than markovchainFit', met: agree && tmList.ms * 10 <= listMs });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
