/**
 * Seeded purchase data for the KPI benchmark (issue 5): `customers` campaign members (80 %
 * target, 20 % control) and `purchases` purchase acts of 1–3 lines spread over 2024-01-01 …
 * 2025-07-01, yielded one record at a time (nothing is held in memory), plus a streaming CSV
 * writer of the very same records for DuckDB.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
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

/**
 * The purchases, deterministic for a seed. Customers are drawn with a skew (some buy a lot,
 * many rarely), times uniformly over the history, 1–3 lines, values 1.00–80.00 EUR, margins
 * 10–40 % of the value.
 */
export function* purchases(options: PurchaseDataOptions): Generator<InitiativePurchase> {
  const rand = mulberry32(options.seed ?? 42);
  const span = HISTORY_END - HISTORY_START;
  for (let p = 0; p < options.purchases; p++) {
    const u = rand();
    const customer = Math.min(options.customers - 1, Math.floor(u * u * options.customers));
    const at = HISTORY_START + Math.floor(rand() * span);
    const r = rand();
    const nLines = r < 0.6 ? 1 : r < 0.9 ? 2 : 3;
    const lines: InitiativePurchase['lines'] = [];
    for (let l = 0; l < nLines; l++) {
      const value = 100 + Math.floor(rand() * 7900);
      const margin = Math.floor(value * (0.1 + rand() * 0.3));
      lines.push({
        category: CATEGORIES[Math.floor(rand() * 4)] as string,
        quantity: 1 + Math.floor(rand() * 5),
        value: { amountMinor: value, currency: 'EUR' },
        margin: { amountMinor: margin, currency: 'EUR' },
      });
    }
    yield { contactId: `c${customer}`, purchasedAt: new Date(at), lines };
  }
}

/** Members then purchases as the tagged stream the KPI accumulators read (sync). */
export function* purchaseRecords(options: PurchaseDataOptions): Generator<InitiativeRecord> {
  for (const record of members(options)) yield { kind: 'member', record };
  for (const record of purchases(options)) yield { kind: 'purchase', record };
}

/** The same stream as an async iterable (a store stream or a reader stands in for it). */
export async function* purchaseRecordsAsync(options: PurchaseDataOptions, onItem?: (count: number) => void): AsyncGenerator<InitiativeRecord> {
  let count = 0;
  for (const record of purchaseRecords(options)) {
    yield record;
    if (onItem !== undefined && (++count & 0xffff) === 0) onItem(count);
  }
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
