/**
 * Issue 6: survival and Markov analyses on 1 M leads (× BENCH_SCALE; 5 sources, ≈ 20 % censored)
 * and their ≈ 4.4 M stage transitions, read from CSV with a streaming line reader, against R on
 * the same files in the same run: survival::survfit / survdiff and markovchain::markovchainFit.
 * R's fit time is measured inside R (system.time) and its whole-process time outside.
 * Goals: Kaplan–Meier + log-rank at least as fast as survfit + survdiff; Markov fit + absorbing
 * analysis at least 10× faster than markovchainFit; memory bounded while reading: the files are
 * read chunk by chunk into streaming accumulators (survivalTableAccumulator,
 * transitionCountsAccumulator), so no array of all rows, observations or sequences is built.
 * crmkit's fit time is the time spent in the accumulators' add calls (timed per chunk, parsing
 * and I/O excluded, as R's fit times exclude read.csv) plus result() and the estimators.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { absorbingAnalysis, transitionCountsAccumulator, transitionMatrix, type TransitionMatrixResult } from '../src/analysis/markov';
import { kaplanMeierByGroupFromTable, logRankFromTable, survivalTableAccumulator } from '../src/analysis/survival';
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

/**
 * Streams a CSV file chunk by chunk (64 KiB), calling `onLines` with the complete lines of each
 * chunk (header skipped); only one chunk and one partial line are held at a time.
 */
async function forEachChunk(path: string, onLines: (lines: readonly string[]) => void): Promise<void> {
  let rest = '';
  let header = true;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    const cut = text.lastIndexOf('\n');
    if (cut < 0) { rest = text; continue; }
    rest = text.slice(cut + 1);
    const lines = text.slice(0, cut).split('\n');
    if (header) { lines.shift(); header = false; }
    onLines(lines);
    sampleMemory();
  }
  if (rest !== '') onLines(header ? [] : [rest]);
}

/** leads.csv (`lead,source,time,event`) → the survival accumulator; returns the add time. */
async function readLeads(path: string, acc: ReturnType<typeof survivalTableAccumulator<string>>): Promise<{ addMs: number; censored: number }> {
  const sources = new Map<string, string>();
  let addMs = 0, censored = 0;
  let groups: string[] = [], times = new Float64Array(0), events = new Uint8Array(0);
  await forEachChunk(path, (lines) => {
    const m = lines.length;
    if (times.length < m) { times = new Float64Array(m); events = new Uint8Array(m); }
    groups.length = m;
    for (let i = 0; i < m; i++) {
      const line = lines[i] as string;
      const c1 = line.indexOf(','), c2 = line.indexOf(',', c1 + 1), c3 = line.indexOf(',', c2 + 1);
      const name = line.slice(c1 + 1, c2);
      let source = sources.get(name);
      if (source === undefined) sources.set(name, (source = name));
      groups[i] = source;
      times[i] = Number(line.slice(c2 + 1, c3));
      events[i] = line.charCodeAt(c3 + 1) === 49 ? 1 : 0; // '1'
      censored += 1 - (events[i] as number);
    }
    const t0 = performance.now();
    for (let i = 0; i < m; i++) acc.addValues(times[i] as number, events[i] as 0 | 1, groups[i] as string);
    addMs += performance.now() - t0;
  });
  groups = [];
  return { addMs, censored };
}

/**
 * transitions.csv (`lead,from,to,day`, leads in order) → the transition accumulator, one step per
 * row (the first row of each lead starts a sequence); also keeps the first `listCap` sequences
 * (bounded) for the list-form comparison. Returns the add time.
 */
async function readTransitions(path: string, acc: ReturnType<typeof transitionCountsAccumulator>, listCap: number): Promise<{ addMs: number; firstSequences: string[][] }> {
  const states = new Map<string, string>();
  const intern = (s: string) => { let v = states.get(s); if (v === undefined) states.set(s, (v = s)); return v; };
  const firstSequences: string[][] = [];
  let current = '', addMs = 0;
  const from: string[] = [], to: string[] = [];
  let starts = new Uint8Array(0);
  await forEachChunk(path, (lines) => {
    const m = lines.length;
    if (starts.length < m) starts = new Uint8Array(m);
    from.length = m;
    to.length = m;
    for (let i = 0; i < m; i++) {
      const line = lines[i] as string;
      const c1 = line.indexOf(','), c2 = line.indexOf(',', c1 + 1), c3 = line.indexOf(',', c2 + 1);
      const lead = line.slice(0, c1);
      const f = intern(line.slice(c1 + 1, c2)), t = intern(line.slice(c2 + 1, c3));
      from[i] = f;
      to[i] = t;
      starts[i] = lead !== current ? 1 : 0;
      if (lead !== current) {
        current = lead;
        if (firstSequences.length < listCap) firstSequences.push([f]);
        else if (firstSequences.length === listCap) firstSequences.push([]); // sentinel: stop collecting
      }
      const last = firstSequences[firstSequences.length - 1];
      if (last !== undefined && firstSequences.length <= listCap) last.push(t);
    }
    const t0 = performance.now();
    for (let i = 0; i < m; i++) acc.add(from[i] as string, to[i] as string, starts[i] === 1);
    addMs += performance.now() - t0;
  });
  if (firstSequences.length > listCap) firstSequences.pop();
  return { addMs, firstSequences };
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

  // crmkit: streaming read into the accumulators, then the fits from the tallies.
  sampleMemory();
  const rssBefore = process.memoryUsage().rss, heapBefore = process.memoryUsage().heapUsed;
  const tRead = performance.now();
  const survAcc = survivalTableAccumulator<string>();
  const surv0 = await readLeads(files.leads, survAcc);
  const survReadMs = performance.now() - tRead;
  const tRead2 = performance.now();
  const markovAcc = transitionCountsAccumulator();
  const markov0 = await readTransitions(files.transitions, markovAcc, LIST_CAP);
  const markovReadMs = performance.now() - tRead2;
  sampleMemory();
  const transitions = markovAcc.transitionCount;
  const table = time(() => survAcc.result());
  const km = time(() => kaplanMeierByGroupFromTable(table.value));
  const lr = time(() => logRankFromTable(table.value));
  const tm = time(() => markovAcc.result());
  const ab = time(() => absorbingAnalysis(tm.value));
  const tmList = time(() => transitionMatrix(markov0.firstSequences));
  sampleMemory();
  const survFitMs = surv0.addMs + table.ms + km.ms + lr.ms;
  const markovFitMs = markov0.addMs + tm.ms + ab.ms;
  console.log(`  crmkit read (streaming, 64 KiB chunks → accumulators): ${fmt(survAcc.n)} leads (${fmt((100 * surv0.censored) / survAcc.n, 1)} % censored, ${fmt(table.value.times.length)} distinct times × ${table.value.groups.length} sources) in ${fmt(survReadMs / 1000, 2)} s; ${fmt(markovAcc.sequenceCount)} sequences, ${fmt(transitions)} transitions, ${markovAcc.states.length} states in ${fmt(markovReadMs / 1000, 2)} s (read + parse + add)`);
  console.log(`  crmkit survival fit: survivalTableAccumulator add ${fmt(surv0.addMs, 0)} ms + result ${fmt(table.ms, 1)} ms + kaplanMeierByGroupFromTable ${fmt(km.ms, 1)} ms + logRankFromTable ${fmt(lr.ms, 1)} ms (χ² ${lr.value.chiSquare.toFixed(4)}, df ${lr.value.df}) = ${fmt(survFitMs, 0)} ms`);
  console.log(`  crmkit Markov fit: transitionCountsAccumulator add ${fmt(markov0.addMs, 0)} ms + result ${fmt(tm.ms, 2)} ms + absorbingAnalysis ${fmt(ab.ms, 2)} ms = ${fmt(markovFitMs, 0)} ms; transitionMatrix on the first ${fmt(markov0.firstSequences.length)} sequences ${fmt(tmList.ms, 2)} ms`);
  console.log(`  crmkit memory: peak rss ${fmt(peakRss / MB)} MB (+${fmt((peakRss - rssBefore) / MB)} MB over the start of the read), peak heap used ${fmt(peakHeap / MB)} MB (+${fmt((peakHeap - heapBefore) / MB)} MB; sampled per chunk, garbage included) — only one 64 KiB chunk, the tallies and ${fmt(markov0.firstSequences.length)} sequences for the list-form check are held`);
  const missing = rAvailable();
  if (missing !== null) {
    console.log(`  R part SKIPPED: ${missing}`);
    report(SUITE, measurement('KM + log-rank (streaming)', survFitMs, leads), measurement('KM + log-rank (streaming)', survFitMs, leads), { text: 'R not available: not compared', met: null });
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
    const rReadMs = Number(field(surv.out, 'READ_SECONDS')?.[1]) * 1000;
    report(SUITE, measurement('KM + log-rank (streaming: add + fits)', survFitMs, leads), measurement('R survfit + survdiff', survfitMs + survdiffMs, leads), { text: 'at least as fast as survfit + survdiff', met: agree && survFitMs <= survfitMs + survdiffMs });
    report(SUITE, measurement('kaplanMeierByGroupFromTable (table only)', km.ms, leads), measurement('R survfit(Surv ~ source)', survfitMs, leads), { text: 'informational', met: null });
    report(SUITE, measurement('read + KM + log-rank (whole pipeline)', survReadMs + table.ms + km.ms + lr.ms, leads), measurement('R read.csv + survfit + survdiff', rReadMs + survfitMs + survdiffMs, leads), { text: 'informational', met: null });
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
    const rSequences = Number(field(markov.out, 'SEQUENCES')?.[1]), rPairs = Number(field(markov.out, 'PAIRS')?.[1]);
    const sameData = rSequences === markovAcc.sequenceCount && rPairs === transitions;
    const rReadMs = Number(field(markov.out, 'READ_SECONDS')?.[1]) * 1000;
    const rAbsorb = field(markov.out, 'FIT_SECONDS', 'absorptionProbabilities')?.[2];
    console.log(`  R markov: read.csv + split ${fmt(rReadMs / 1000, 3)} s, markovchainFit (one character vector, sequences separated by NA: ${fmt(rSequences)} sequences, ${fmt(rPairs)} counted pairs) ${fmt(vecMs, 0)} ms, absorptionProbabilities ${rAbsorb ?? 'n/a'} s, markovchainFit (list, first ${listN} sequences) ${fmt(listMs, 0)} ms, whole Rscript ${fmt(markov.ms / 1000, 2)} s`);
    console.log(`  same data: crmkit ${fmt(markovAcc.sequenceCount)} sequences / ${fmt(transitions)} transitions vs R ${fmt(rSequences)} / ${fmt(rPairs)}${sameData ? '  ✓' : '  ✗ DIFFERENT'}`);
    console.log(`  matrix crmkit/R: max |Δp| = ${full.max.toExponential(2)} over ${full.cells} cells (list form subsample: ${sub.max.toExponential(2)} over ${sub.cells}); absorption probabilities max |Δ| = ${cellsB ? maxB.toExponential(2) : 'n/a'} over ${cellsB} cells${full.max > 1e-9 || sub.max > 1e-9 ? '  ✗ DISAGREE' : '  agree'}`);
    const agree = full.max <= 1e-9 && sub.max <= 1e-9 && sameData;
    report(SUITE, measurement('Markov fit + absorbing (streaming: add + result + absorbingAnalysis)', markovFitMs, transitions), measurement('R markovchainFit (NA-separated vector)', vecMs, transitions), { text: '≥ 10× faster than markovchainFit', met: agree && markovFitMs * 10 <= vecMs });
    report(SUITE, measurement(`transitionMatrix (first ${listN} sequences)`, tmList.ms, listN), measurement(`R markovchainFit (list of ${listN})`, listMs, listN), { text: '≥ 10× faster than markovchainFit', met: agree && tmList.ms * 10 <= listMs });
    report(SUITE, measurement('read + Markov fit + absorbing (whole pipeline)', markovReadMs + tm.ms + ab.ms, transitions), measurement('R read.csv + split + markovchainFit', rReadMs + vecMs, transitions), { text: 'informational', met: null });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
