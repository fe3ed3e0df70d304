/**
 * Seeded purchase data for the KPI benchmark (issue 5): `customers` campaign members (80 %
 * target, 20 % control) and `purchases` purchase acts of 1–3 lines spread over 2024-01-01 …
 * 2025-07-01, yielded one record at a time (nothing is held in memory), plus a streaming CSV
 * writer of the very same records for DuckDB.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { InitiativeMember, InitiativePurchase, InitiativeRecord } from '../../src/kpi';
import { mulberry32 } from './rng';

export interface PurchaseDataOptions {
  readonly customers: number;
  readonly purchases: number;
  readonly seed?: number;
}

export const CATEGORIES = ['coffee', 'tea', 'cocoa', 'snacks'] as const;
/** Data span: purchases fall in [HISTORY_START, HISTORY_END). */
export const HISTORY_START = Date.UTC(2024, 0, 1);
export const HISTORY_END = Date.UTC(2025, 6, 1);

/** Member i (0-based): contact `c<i>`, target unless i % 5 === 4. */
export function* members(options: PurchaseDataOptions): Generator<InitiativeMember> {
  for (let i = 0; i < options.customers; i++) {
    yield { contactId: `c${i}`, campaignId: 'k1', group: i % 5 === 4 ? 'control' : 'target', responded: i % 7 === 0 };
  }
}

/** Draws one purchase from `rand` (the one recipe of the data: same draws, same order). */
function drawPurchase(rand: () => number, customers: number, span: number): InitiativePurchase {
  const u = rand();
  const customer = Math.min(customers - 1, Math.floor(u * u * customers));
  const at = HISTORY_START + Math.floor(rand() * span);
  const r = rand();
  const nLines = r < 0.6 ? 1 : r < 0.9 ? 2 : 3;
  const lines: InitiativePurchase['lines'][number][] = new Array(nLines);
  for (let l = 0; l < nLines; l++) {
    const value = 100 + Math.floor(rand() * 7900);
    const margin = Math.floor(value * (0.1 + rand() * 0.3));
    lines[l] = {
      category: CATEGORIES[Math.floor(rand() * 4)] as string,
      quantity: 1 + Math.floor(rand() * 5),
      value: { amountMinor: value, currency: 'EUR' },
      margin: { amountMinor: margin, currency: 'EUR' },
    };
  }
  return { contactId: `c${customer}`, purchasedAt: new Date(at), lines };
}

/**
 * The purchases, deterministic for a seed. Customers are drawn with a skew (some buy a lot,
 * many rarely), times uniformly over the history, 1–3 lines, values 1.00–80.00 EUR, margins
 * 10–40 % of the value.
 */
export function* purchases(options: PurchaseDataOptions): Generator<InitiativePurchase> {
  const rand = mulberry32(options.seed ?? 42);
  const span = HISTORY_END - HISTORY_START;
  for (let p = 0; p < options.purchases; p++) yield drawPurchase(rand, options.customers, span);
}

/** Members then purchases as the tagged stream the KPI accumulators read (sync). */
export function* purchaseRecords(options: PurchaseDataOptions): Generator<InitiativeRecord> {
  for (const record of members(options)) yield { kind: 'member', record };
  for (const record of purchases(options)) yield { kind: 'purchase', record };
}

/**
 * The same stream as an async iterable (a store stream or a reader stands in for it): a plain
 * async iterator producing one fresh record per `next()` — no generator layers, so the
 * stream itself stays cheap next to the KPIs it feeds. Nothing is held in memory.
 *
 * @param options - sizes and seed
 * @param onItem - called every 65 536 records (memory sampling)
 * @returns an async iterator of the records (members, then purchases)
 *
 * @example
 * ```ts
 * await accumulateAsync(kpiSuiteAccumulator({ period, now }), purchaseRecordsAsync({ customers: 1000, purchases: 10_000 }));
 * ```
 */
export function purchaseRecordsAsync(options: PurchaseDataOptions, onItem?: (count: number) => void): AsyncIterableIterator<InitiativeRecord> {
  const rand = mulberry32(options.seed ?? 42);
  const span = HISTORY_END - HISTORY_START;
  const customers = options.customers;
  const total = customers + options.purchases;
  let count = 0;
  const done: IteratorResult<InitiativeRecord> = { done: true, value: undefined };
  const iterator: AsyncIterableIterator<InitiativeRecord> = {
    next(): Promise<IteratorResult<InitiativeRecord>> {
      if (count >= total) return Promise.resolve(done);
      const i = count++;
      if (onItem !== undefined && (count & 0xffff) === 0) onItem(count);
      const value: InitiativeRecord = i < customers
        ? { kind: 'member', record: { contactId: `c${i}`, campaignId: 'k1', group: i % 5 === 4 ? 'control' : 'target', responded: i % 7 === 0 } }
        : { kind: 'purchase', record: drawPurchase(rand, customers, span) };
      return Promise.resolve({ done: false, value });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

async function writeLines(path: string, rows: Iterable<string>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  let chunk: string[] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === 20_000) {
      if (!out.write(chunk.join(''))) await once(out, 'drain');
      chunk = [];
    }
  }
  out.write(chunk.join(''));
  out.end();
  await once(out, 'finish');
  renameSync(tmp, path);
}

/**
 * Writes the data once (skipped when the files exist) as two CSV files: members
 * `contact,grp,responded` and purchase lines `p,contact,t,cat,q,v,m` (t = epoch ms, contact
 * = the number in `c<n>`). Returns their paths.
 */
export async function writePurchaseCsv(options: PurchaseDataOptions, dir: string): Promise<{ members: string; lines: string; written: boolean }> {
  const tag = `${options.customers}-${options.purchases}-${options.seed ?? 42}`;
  const paths = { members: `${dir}/members-${tag}.csv`, lines: `${dir}/purchase-lines-${tag}.csv` };
  if (existsSync(paths.members) && existsSync(paths.lines)) return { ...paths, written: false };
  await writeLines(paths.members, (function* () {
    yield 'contact,grp,responded\n';
    for (const m of members(options)) yield `${m.contactId.slice(1)},${m.group},${m.responded ? 1 : 0}\n`;
  })());
  await writeLines(paths.lines, (function* () {
    yield 'p,contact,t,cat,q,v,m\n';
    let p = 0;
    for (const purchase of purchases(options)) {
      const c = purchase.contactId.slice(1);
      const t = purchase.purchasedAt.getTime();
      for (const line of purchase.lines) yield `${p},${c},${t},${line.category},${line.quantity},${line.value.amountMinor},${line.margin?.amountMinor ?? ''}\n`;
      p++;
    }
  })());
  return { ...paths, written: true };
}

/** Reads a file in chunks of whole lines (latin1 text, each ending at a newline; the header line dropped). */
async function* csvChunks(path: string, chunkBytes = 1 << 20): AsyncGenerator<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    let carry = '';
    let header = true;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, chunkBytes, null);
      let text = carry + buffer.toString('latin1', 0, bytesRead);
      if (bytesRead === 0 && text.length > 0 && !text.endsWith('\n')) text += '\n';
      const last = text.lastIndexOf('\n') + 1;
      carry = text.slice(last);
      let from = 0;
      if (header && last > 0) {
        from = text.indexOf('\n') + 1;
        header = false;
      }
      if (last > from) yield from === 0 && last === text.length ? text : text.slice(from, last);
      if (bytesRead === 0) return;
    }
  } finally {
    await file.close();
  }
}

/** The number in `text[from, to)`: integers digit by digit (no substring), anything else by `Number`. */
function numberAt(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  if (i === to) return Number(text.slice(from, to));
  let n = 0;
  for (; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(text.slice(from, to));
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

/** `text[from, to)` as a string, the same instance for repeated values (categories, groups). */
function internAt(pool: string[], text: string, from: number, to: number): string {
  const length = to - from;
  for (const s of pool) if (s.length === length && text.startsWith(s, from)) return s;
  const s = text.slice(from, to);
  if (pool.length < 64) pool.push(s);
  return s;
}

/**
 * The records of the CSV files written by {@link writePurchaseCsv}, read back and parsed as a
 * stream (1 MB chunks; nothing else is held): members, then purchases rebuilt from their
 * consecutive lines. The same records as {@link purchaseRecordsAsync}, so crmkit reads the very
 * file DuckDB reads.
 *
 * @param paths - the two CSV files
 * @param onItem - called every 65 536 records (memory sampling)
 * @returns an async iterator of the records
 *
 * @example
 * ```ts
 * const paths = await writePurchaseCsv({ customers: 1000, purchases: 10_000 }, 'bench/.data');
 * await accumulateAsync(kpiSuiteAccumulator({ period, now }), purchaseRecordsFromCsv(paths));
 * ```
 */
export function purchaseRecordsFromCsv(paths: { members: string; lines: string }, onItem?: (count: number) => void): AsyncIterableIterator<InitiativeRecord> {
  // Records are parsed one per `next()` from the current chunk (so they die young, as from a
  // driver's row stream); only a chunk of text is held.
  let text = '';
  let at = 0;
  let count = 0;
  let phase: 'members' | 'lines' | 'done' = 'members';
  let chunks: AsyncGenerator<string> = csvChunks(paths.members);
  const pool: string[] = [];
  // the purchase being rebuilt from its lines (rows of one purchase are consecutive; it may span chunks)
  let currentP = -1;
  let current: { contactId: string; purchasedAt: Date; lines: InitiativePurchase['lines'][number][] } | null = null;
  const member = (): InitiativeRecord => {
    // contact,grp,responded
    const c1 = text.indexOf(',', at), c2 = text.indexOf(',', c1 + 1), end = text.indexOf('\n', c2 + 1);
    const group = internAt(pool, text, c1 + 1, c2);
    const record: InitiativeRecord = { kind: 'member', record: { contactId: `c${text.slice(at, c1)}`, campaignId: 'k1', group: group === 'control' ? 'control' : 'target', responded: numberAt(text, c2 + 1, end) === 1 } };
    at = end + 1;
    return record;
  };
  /** Adds lines to `current` until a new purchase starts (returns the finished one) or the chunk ends (null). */
  const purchase = (): InitiativeRecord | null => {
    while (at < text.length) {
      // p,contact,t,cat,q,v,m
      const c1 = text.indexOf(',', at);
      const p = numberAt(text, at, c1);
      if (current !== null && p !== currentP) {
        const done: InitiativeRecord = { kind: 'purchase', record: current };
        current = null;
        return done;
      }
      const c2 = text.indexOf(',', c1 + 1), c3 = text.indexOf(',', c2 + 1), c4 = text.indexOf(',', c3 + 1);
      const c5 = text.indexOf(',', c4 + 1), c6 = text.indexOf(',', c5 + 1), end = text.indexOf('\n', c6 + 1);
      if (current === null) {
        currentP = p;
        current = { contactId: `c${text.slice(c1 + 1, c2)}`, purchasedAt: new Date(numberAt(text, c2 + 1, c3)), lines: [] };
      }
      const category = internAt(pool, text, c3 + 1, c4);
      const quantity = numberAt(text, c4 + 1, c5);
      const value = { amountMinor: numberAt(text, c5 + 1, c6), currency: 'EUR' };
      current.lines.push(end === c6 + 1
        ? { category, quantity, value }
        : { category, quantity, value, margin: { amountMinor: numberAt(text, c6 + 1, end), currency: 'EUR' } });
      at = end + 1;
    }
    return null;
  };
  /** The next record without waiting, or null when the chunk is used up. */
  const take = (): InitiativeRecord | null => {
    if (phase === 'members') return at < text.length ? member() : null;
    if (phase === 'lines') return purchase();
    return null;
  };
  const result = (record: InitiativeRecord): IteratorResult<InitiativeRecord> => {
    count++;
    if (onItem !== undefined && (count & 0xffff) === 0) onItem(count);
    return { done: false, value: record };
  };
  const slow = async (): Promise<IteratorResult<InitiativeRecord>> => {
    for (;;) {
      const record = take();
      if (record !== null) return result(record);
      if (phase === 'done') return { done: true, value: undefined };
      const chunk = await chunks.next();
      if (chunk.done !== true) {
        text = chunk.value;
        at = 0;
      } else if (phase === 'members') {
        phase = 'lines';
        chunks = csvChunks(paths.lines);
        text = '';
        at = 0;
      } else {
        phase = 'done';
        text = '';
        if (current !== null) {
          const last: InitiativeRecord = { kind: 'purchase', record: current };
          current = null;
          return result(last);
        }
      }
    }
  };
  const iterator: AsyncIterableIterator<InitiativeRecord> = {
    next(): Promise<IteratorResult<InitiativeRecord>> {
      const record = take(); // the common case: parsed from the chunk in hand, no await
      return record !== null ? Promise.resolve(result(record)) : slow();
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
