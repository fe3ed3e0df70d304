/**
 * A small benchmark harness: each case is timed over several rounds after a warm-up, and every
 * result is printed with its ratio against a baseline measured in the same run, so figures are
 * comparable across machines.
 */
import { performance } from 'node:perf_hooks';

export interface Measurement {
  /** Case name. */
  name: string;
  /** Operations per second (median over rounds). */
  opsPerSecond: number;
  /** Operations per round. */
  ops: number;
  /** Milliseconds per round (median). */
  ms: number;
}

/**
 * Runs `fn` (which performs `ops` operations) `rounds` times after one warm-up round and returns
 * the median.
 */
export async function measure(name: string, ops: number, fn: () => Promise<void> | void, rounds = 5): Promise<Measurement> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)] ?? 0;
  return { name, ops, ms, opsPerSecond: (ops / ms) * 1000 };
}

/**
 * Times two cases in alternating rounds (A, B, A, B, …, after one warm-up round of each) and
 * returns both medians: when each round leaves state behind (a growing log table, dead rows in
 * PostgreSQL), neither case always runs on the later, heavier state.
 */
export async function measurePaired(
  a: { name: string; fn: () => Promise<void> | void },
  b: { name: string; fn: () => Promise<void> | void },
  ops: number,
  rounds = 7,
): Promise<[Measurement, Measurement]> {
  await a.fn();
  await b.fn();
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const which of order) {
      const start = performance.now();
      await (which === 0 ? a.fn() : b.fn());
      times[which].push(performance.now() - start);
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
  const result = (name: string, xs: number[]): Measurement => {
    const ms = median(xs);
    return { name, ops, ms, opsPerSecond: (ops / ms) * 1000 };
  };
  return [result(a.name, times[0]), result(b.name, times[1])];
}

/** Formats a number with thousands separators. */
export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export interface Row {
  suite: string;
  name: string;
  opsPerSecond: number;
  baseline: string;
  /** ops/s of this case ÷ ops/s of the baseline (cost ratio = 1 / speedRatio). */
  speedRatio: number;
  goal: string;
  met: boolean | null;
}

const rows: Row[] = [];

/** Records and prints one result against its baseline and goal. */
export function report(suite: string, result: Measurement, baseline: Measurement, goal: { text: string; met: boolean | null }): void {
  const row: Row = {
    suite,
    name: result.name,
    opsPerSecond: result.opsPerSecond,
    baseline: baseline.name,
    speedRatio: result.opsPerSecond / baseline.opsPerSecond,
    goal: goal.text,
    met: goal.met,
  };
  rows.push(row);
  const verdict = goal.met === null ? '' : goal.met ? '  ✓ goal met' : '  ✗ goal NOT met';
  console.log(
    `${suite.padEnd(10)} ${result.name.padEnd(46)} ${fmt(result.opsPerSecond).padStart(12)} ops/s  ` +
      `(${fmt(row.speedRatio, 3)}× of "${baseline.name}": ${fmt(baseline.opsPerSecond).padStart(10)} ops/s)  goal: ${goal.text}${verdict}`,
  );
}

/** Every row reported so far (for a final summary). */
export function reported(): readonly Row[] {
  return rows;
}

/**
 * Peak memory of this process: sampled by a timer (every `intervalMs`, which also catches
 * asynchronous native work) and whenever the code under test calls `sample` (e.g. per batch).
 */
export class MemoryPeak {
  rss = 0;
  heap = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  constructor(private readonly intervalMs = 100) {}
  sample = (): void => {
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    if (m.heapUsed > this.heap) this.heap = m.heapUsed;
  };
  start(): this {
    this.sample();
    this.timer = setInterval(this.sample, this.intervalMs);
    return this;
  }
  stop(): this {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.sample();
    return this;
  }
}

/** The contacts the store benchmarks insert (the same data by store and by hand, every adapter). */
export function contactInputs(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    firstName: `First${i}`,
    lastName: `Last${i}`,
    emails: [{ address: `user${i}@example.com` }],
    lifecycleStage: 'lead' as const,
    tags: ['imported'],
    leadScore: i % 100,
    customFields: { tier: i % 3 },
    externalId: `x${i}`,
  }));
}
