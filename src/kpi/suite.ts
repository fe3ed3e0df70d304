/**
 * The KPI suite over purchases: the initiative KPIs that apply to purchase records (penetration,
 * average purchase, frequency, sales, margin — for the target and the control group) and the
 * customer-value KPIs (historic CLV, average order value, repurchase rate, churn rate, cohort
 * retention), computed in **one pass** over one stream by composing the individual
 * accumulators. Each figure is exactly what the corresponding KPI function returns.
 *
 * @module
 */
import { CurrencyMismatchError, ValidationError } from '../errors';
import { currencyExponent, moneyFromMinor, type Money } from '../model/money';
import { type Accumulator, ratio } from './accumulator';
import { historicClvAccumulator, type HistoricClvEntry, averageOrderValueAccumulator, type AverageOrderValueEntry, repurchaseRateAccumulator, type RepurchaseRateResult, churnRateAccumulator, type ChurnRateResult, cohortRetentionAccumulator, type CohortRow } from './customer';
import type { PurchaseBasis } from './customer';
import { initiativePanelAccumulator, type InitiativePanelState } from './initiative/panel';
import { penetrationAccumulator, averagePurchaseAccumulator, purchaseFrequencyAccumulator, type PenetrationResult, type AveragePurchaseResult, type FrequencyResult } from './initiative/behaviour';
import { salesAccumulator, marginAccumulator, type SalesResult, type MarginResult } from './initiative/economic';
import type { InitiativeKpiOptions } from './initiative/shared';
import type { InitiativeMember, InitiativePurchase, InitiativeRecord } from './initiative/types';
import { calendarParts, monthIndex, monthLabel } from './pipeline/_internal';
import type { Period } from './period';

/** Options of {@link kpiSuiteAccumulator}. */
export interface KpiSuiteOptions {
  /** The campaign window of the initiative KPIs, half-open [start, end). */
  readonly period: Period;
  /** Initiative KPIs: only purchase lines in these categories count (default every category). The customer KPIs use every line. */
  readonly categories?: readonly string[];
  /** Initiative KPIs: only members of this campaign count (default every member given). */
  readonly campaignId?: string;
  /** Initiative KPIs: the currency every amount must be in (default the first one seen). */
  readonly currency?: string;
  /** Historic CLV basis: `'margin'` (default, as `historicClv`) or `'value'`. */
  readonly clvBasis?: PurchaseBasis;
  /** Historic CLV and AOV: only purchases in this period (default the whole history). */
  readonly customerPeriod?: Period;
  /** Repurchase rate period (default `period`). */
  readonly repurchasePeriod?: Period;
  /** Churn rate period (default `period`). */
  readonly churnPeriod?: Period;
  /** Churn rate previous period (default: as `churnRate`, the same length immediately before). */
  readonly previousPeriod?: Period;
  /** Cohort retention: the instant of the analysis (injected clock). */
  readonly now: Date;
  /** Cohort retention: IANA time zone of the calendar months (default `'UTC'`). */
  readonly timeZone?: string;
}

/** The initiative KPIs of one group in the campaign window. */
export interface KpiSuiteGroupResult {
  /** As `penetration`. */
  readonly penetration: PenetrationResult;
  /** As `averagePurchase`. */
  readonly averagePurchase: AveragePurchaseResult;
  /** As `purchaseFrequency`. */
  readonly frequency: FrequencyResult;
  /** As `sales`. */
  readonly sales: SalesResult;
  /** As `margin`. */
  readonly margin: MarginResult;
}

/** Result of {@link kpiSuiteAccumulator}. */
export interface KpiSuiteResult {
  /** Initiative KPIs for the target and the control group. */
  readonly initiative: { readonly target: KpiSuiteGroupResult; readonly control: KpiSuiteGroupResult };
  /** Customer-value KPIs over every purchase of the stream. */
  readonly customer: {
    /** As `historicClv`. */
    readonly historicClv: Record<string, HistoricClvEntry>;
    /** As `averageOrderValue`. */
    readonly averageOrderValue: Record<string, AverageOrderValueEntry>;
    /** As `repurchaseRate`. */
    readonly repurchaseRate: RepurchaseRateResult;
    /** As `churnRate`. */
    readonly churnRate: ChurnRateResult;
    /** As `cohortRetention`. */
    readonly cohortRetention: CohortRow[];
  };
}

/**
 * State of {@link kpiSuiteAccumulator}: one compact panel over every contact seen
 * (plain data — a Map, arrays and typed arrays — so it survives `postMessage`).
 *
 * Contacts get a dense index in order of first sight; the per-contact facts are one 64-byte
 * record of numbers in a typed array (no object per contact or per period), and the purchase
 * months of the cohort retention matrix are a bit set per contact. Treat it as opaque: use
 * `merge` and `result`.
 */
export interface KpiSuiteState {
  /** Contact id → dense index. */
  index: Map<string, number>;
  /** Contact ids by dense index. */
  ids: string[];
  /** Contacts in use (dense indices `0 … size − 1`); the columns may be longer (capacity). */
  size: number;
  /** The one currency of every amount (as `InitiativePanelState.currency`), `null` before the first. */
  currency: string | null;
  /** Dense indices of the contacts the initiative panel knows, in the panel's insertion order (`panelCount` used). */
  panelOrder: Int32Array;
  /** Entries of `panelOrder` in use. */
  panelCount: number;
  /** Per contact: 0 not (yet) a member, 1 target, 2 control, 3 another value (kept in `otherGroups`). */
  group: Uint8Array;
  /** Groups that are neither `'target'` nor `'control'` (malformed input), by dense index. */
  otherGroups: Map<number, unknown>;
  /**
   * Per contact, one 64-byte record of 8 numbers at `8·index` (so one purchase touches one cache
   * line, not one per column): historic CLV sum (minor units), purchase acts in the repurchase
   * period, then for the campaign window acts, units, value and margin (minor units, of the acts
   * with every counted line carrying one) and acts lacking a margin, and last the bits 1 has a
   * historic-CLV sum, 2 active in the churn previous period, 4 active in the churn period,
   * 8 known to the initiative panel.
   */
  facts: Float64Array;
  /** AOV: orders. */
  aovOrders: number;
  /** AOV: Σ value, minor units. */
  aovTotalMinor: number;
  /** Cohorts: month index of bit 0 of every contact's month bit set. */
  monthBase: number;
  /** Cohorts: 32-bit words per contact in `months` (0 before the first month). */
  monthWords: number;
  /** Cohorts: per contact, `monthWords` words; bit b of word w = a purchase in month `monthBase + 32·w + b`. */
  months: Uint32Array;
  /** Cohorts: months outside the bit-set window (far-apart dates), by dense index. */
  monthOverflow: Map<number, Set<number>>;
}

/** Slots of a contact's record in `facts`. */
const CLV = 0, REPURCHASES = 1, ACTS = 2, UNITS = 3, VALUE = 4, MARGIN = 5, WITHOUT_MARGIN = 6, FLAGS = 7, STRIDE = 8;
const F_CLV = 1;
const F_PREVIOUS = 2;
const F_CURRENT = 4;
const F_PANEL = 8;
const INITIAL_CAPACITY = 1024;
/** At most this many 32-bit month words per contact (42 years); months beyond go to `monthOverflow`. */
const MAX_MONTH_WORDS = 16;

/**
 * The running month index (`year·12 + month − 1`, as the cohort matrix uses) of an instant in
 * UTC, computed arithmetically (civil-from-days, H. Hinnant) without a `Date` or `Intl`.
 *
 * @param ms - epoch milliseconds (any valid `Date` time value)
 * @returns `getUTCFullYear() * 12 + getUTCMonth()` of `new Date(ms)`
 *
 * @example
 * ```ts
 * import { utcMonthIndex } from 'crmkit/kpi';
 * utcMonthIndex(Date.UTC(2025, 1, 28, 23, 59)); //=> 24301 (2025·12 + 1)
 * ```
 */
export function utcMonthIndex(ms: number): number {
  const z = Math.floor(ms / 86_400_000) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return (yoe + era * 400 + (mp >= 10 ? 1 : 0)) * 12 + (mp < 10 ? mp + 2 : mp - 10);
}

function emptyState(currency: string | null): KpiSuiteState {
  const n = INITIAL_CAPACITY;
  return {
    index: new Map(), ids: [], size: 0, currency,
    panelOrder: new Int32Array(n), panelCount: 0, group: new Uint8Array(n), otherGroups: new Map(),
    facts: new Float64Array(n * STRIDE), aovOrders: 0, aovTotalMinor: 0,
    monthBase: 0, monthWords: 0, months: new Uint32Array(0), monthOverflow: new Map(),
  };
}

function grown<T extends Float64Array | Int32Array | Uint8Array | Uint32Array>(a: T, length: number, make: (n: number) => T): T {
  const b = make(length);
  b.set(a);
  return b;
}

function growTo(s: KpiSuiteState, capacity: number): void {
  s.panelOrder = grown(s.panelOrder, capacity, (n) => new Int32Array(n));
  s.group = grown(s.group, capacity, (n) => new Uint8Array(n));
  s.facts = grown(s.facts, capacity * STRIDE, (n) => new Float64Array(n));
  if (s.monthWords > 0) s.months = grown(s.months, capacity * s.monthWords, (n) => new Uint32Array(n));
}

function contactIndex(s: KpiSuiteState, contactId: string): number {
  let i = s.index.get(contactId);
  if (i === undefined) {
    i = s.size;
    if (i >= s.group.length) growTo(s, Math.max(INITIAL_CAPACITY, s.group.length * 2));
    s.index.set(contactId, i);
    s.ids.push(contactId);
    s.size = i + 1;
  }
  return i;
}

function joinPanel(s: KpiSuiteState, i: number): void {
  const f = s.facts[i * STRIDE + FLAGS] as number;
  if ((f & F_PANEL) !== 0) return;
  s.facts[i * STRIDE + FLAGS] = f | F_PANEL;
  s.panelOrder[s.panelCount++] = i;
}

function groupOf(s: KpiSuiteState, i: number): unknown {
  const g = s.group[i];
  return g === 0 ? null : g === 1 ? 'target' : g === 2 ? 'control' : s.otherGroups.get(i);
}

/** As the panel's member merge: throws for a contact in both groups, else keeps the first group seen. */
function mergeGroupInto(s: KpiSuiteState, i: number, contactId: string, theirs: unknown): void {
  const ours = groupOf(s, i);
  if (ours !== null && theirs !== null && ours !== theirs) {
    throw new ValidationError('campaign members', [
      { code: 'custom', path: ['members', contactId, 'group'], message: `Contact ${contactId} is in both the target and the control group` },
    ]);
  }
  const g = ours ?? theirs;
  if (g === null) s.group[i] = 0;
  else if (g === 'target') s.group[i] = 1;
  else if (g === 'control') s.group[i] = 2;
  else {
    s.group[i] = 3;
    s.otherGroups.set(i, g);
  }
}

/** Makes room for month `m` in the bit sets; returns false when it stays outside (overflow). */
function widenMonths(s: KpiSuiteState, m: number): boolean {
  const capacity = s.group.length;
  if (s.monthWords === 0) {
    s.monthBase = m - 16;
    s.monthWords = 1;
    s.months = new Uint32Array(capacity);
    return true;
  }
  const left = m < s.monthBase ? Math.ceil((s.monthBase - m) / 32) : 0;
  const end = s.monthBase + 32 * s.monthWords;
  const right = m >= end ? Math.floor((m - end) / 32) + 1 : 0;
  const words = s.monthWords + left + right;
  if (words > MAX_MONTH_WORDS) return false;
  const next = new Uint32Array(capacity * words);
  const old = s.months, w0 = s.monthWords;
  for (let c = 0; c < s.size; c++) for (let k = 0; k < w0; k++) next[c * words + left + k] = old[c * w0 + k] as number;
  s.monthBase -= 32 * left;
  s.monthWords = words;
  s.months = next;
  return true;
}

function addMonth(s: KpiSuiteState, i: number, m: number): void {
  let r = m - s.monthBase;
  if (s.monthWords === 0 || r < 0 || r >= 32 * s.monthWords) {
    if (!widenMonths(s, m)) {
      let set = s.monthOverflow.get(i);
      if (set === undefined) s.monthOverflow.set(i, (set = new Set()));
      set.add(m);
      return;
    }
    r = m - s.monthBase;
  }
  const w = s.monthWords * i + (r >>> 5);
  s.months[w] = ((s.months[w] as number) | (1 << (r & 31))) >>> 0;
}

/** The purchase months of contact `i`, ascending. */
function monthsOf(s: KpiSuiteState, i: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < s.monthWords; k++) {
    let word = s.months[i * s.monthWords + k] as number;
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word);
      out.push(s.monthBase + 32 * k + bit);
      word = (word & (word - 1)) >>> 0;
    }
  }
  const extra = s.monthOverflow.get(i);
  if (extra !== undefined) {
    for (const m of extra) if (!out.includes(m)) out.push(m);
    out.sort((x, y) => x - y);
  }
  return out;
}

/**
 * The full initiative + customer-value KPI suite over purchases, as one mergeable accumulator.
 *
 * Items are {@link InitiativeRecord}s (`member` records give the target/control groups,
 * `purchase` records feed every KPI; survey and external-spend records only reach the panel).
 * Each figure equals the one of the individual KPI function with the corresponding options —
 * `penetration`, `averagePurchase`, `purchaseFrequency`, `sales`, `margin` over `[period]` for
 * both groups; `historicClv`, `averageOrderValue`, `repurchaseRate`, `churnRate`,
 * `cohortRetention` over every purchase — and `merge` of shard states equals the whole, as for
 * every accumulator.
 *
 * Each purchase is validated **once** (with exactly the checks, and the errors, of the composed
 * public accumulators) and its facts — value, margin, units, time, month — are computed once
 * and added to one compact columnar state ({@link KpiSuiteState}). Memory grows with the number
 * of customers, not with the number of purchases: run it with `accumulateAsync` over a store
 * stream or a CSV reader.
 *
 * @param options - campaign window and filters, customer-KPI periods, CLV basis, clock
 * @returns the accumulator
 * @throws {@link ValidationError} for invalid periods, basis, `now` or time zone; from `add`, as the
 *   composed accumulators (malformed purchase, a line without margin with basis `'margin'`,
 *   a contact in both groups); {@link CurrencyMismatchError} for mixed currencies
 *
 * @example
 * ```ts
 * import { accumulateAsync, initiativeRecordsAsync } from 'crmkit/kpi';
 * import { kpiSuiteAccumulator } from 'crmkit/kpi';
 * const period = { start: new Date('2025-01-01'), end: new Date('2025-04-01') };
 * const suite = await accumulateAsync(
 *   kpiSuiteAccumulator({ period, now: new Date('2025-07-01') }),
 *   initiativeRecordsAsync({ members: store.stream('campaignMember'), purchases: store.stream('purchase') }),
 * );
 * suite.initiative.target.penetration.rate; //=> e.g. 0.42
 * suite.initiative.control.sales.perMemberMinor; //=> e.g. 1834.5
 * suite.customer.churnRate.rate; //=> e.g. 0.31
 * ```
 */
export function kpiSuiteAccumulator(options: KpiSuiteOptions): Accumulator<InitiativeRecord, KpiSuiteState, KpiSuiteResult> {
  const filters = {
    ...(options.categories !== undefined ? { categories: options.categories } : {}),
    ...(options.campaignId !== undefined ? { campaignId: options.campaignId } : {}),
    ...(options.currency !== undefined ? { currency: options.currency } : {}),
  };
  // The public accumulators: they validate the options (same errors as before), and they are
  // the reference that reproduces the exact error of a malformed record (see `rejectLikePublic`).
  const panel = initiativePanelAccumulator({ windows: [options.period], ...filters });
  for (const g of ['target', 'control'] as const) {
    const kpi: InitiativeKpiOptions = { period: options.period, group: g, ...filters };
    penetrationAccumulator(kpi);
    averagePurchaseAccumulator(kpi);
    purchaseFrequencyAccumulator(kpi);
    salesAccumulator(kpi);
    marginAccumulator(kpi);
  }
  const clv = historicClvAccumulator({
    ...(options.clvBasis !== undefined ? { basis: options.clvBasis } : {}),
    ...(options.customerPeriod !== undefined ? { period: options.customerPeriod } : {}),
  });
  const aov = averageOrderValueAccumulator(options.customerPeriod !== undefined ? { period: options.customerPeriod } : {});
  const repurchase = repurchaseRateAccumulator({ period: options.repurchasePeriod ?? options.period });
  const churn = churnRateAccumulator({
    period: options.churnPeriod ?? options.period,
    ...(options.previousPeriod !== undefined ? { previousPeriod: options.previousPeriod } : {}),
  });
  const cohorts = cohortRetentionAccumulator({ now: options.now, ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}) });

  // Every bound as epoch ms, once.
  const fixedCurrency = options.currency?.toUpperCase() ?? null;
  const categories = options.categories === undefined ? null : new Set(options.categories);
  const marginBasis = (options.clvBasis ?? 'margin') === 'margin';
  const w0 = options.period.start.getTime(), w1 = options.period.end.getTime();
  const customerPeriod = options.customerPeriod;
  const c0 = customerPeriod === undefined ? -Infinity : customerPeriod.start.getTime();
  const c1 = customerPeriod === undefined ? Infinity : customerPeriod.end.getTime();
  const repurchasePeriod = options.repurchasePeriod ?? options.period;
  const r0 = repurchasePeriod.start.getTime(), r1 = repurchasePeriod.end.getTime();
  const churnPeriod = options.churnPeriod ?? options.period;
  const k0 = churnPeriod.start.getTime(), k1 = churnPeriod.end.getTime();
  const q0 = options.previousPeriod?.start.getTime() ?? k0 - (k1 - k0);
  const q1 = options.previousPeriod?.end.getTime() ?? k0;
  const nowMs = options.now.getTime();
  const timeZone = options.timeZone ?? 'UTC';
  const utc = timeZone === 'UTC';
  const nowMonth = monthIndex(calendarParts(options.now, timeZone));
  let knownCurrency: string | null = null; // a currency code already accepted by `currencyExponent`

  /** Runs the record through the public accumulators, which throw the error the suite owes. */
  const rejectLikePublic = (state: KpiSuiteState, item: InitiativeRecord & { kind: 'purchase' }): never => {
    panel.add({ currency: state.currency, contacts: new Map() }, item);
    clv.add(clv.init(), item.record);
    aov.add(aov.init(), item.record);
    repurchase.add(repurchase.init(), item.record);
    churn.add(churn.init(), item.record);
    cohorts.add(cohorts.init(), item.record);
    throw new Error('kpiSuiteAccumulator: internal error, a purchase failed the suite checks but passed every accumulator');
  };

  const addPurchase = (state: KpiSuiteState, item: InitiativeRecord & { kind: 'purchase' }): void => {
    const purchase: InitiativePurchase = item.record;
    const contactId: unknown = purchase.contactId;
    const date: unknown = purchase.purchasedAt;
    const lines: unknown = purchase.lines;
    if (typeof contactId !== 'string' || !(date instanceof Date) || !Array.isArray(lines) || lines.length === 0) return rejectLikePublic(state, item);
    const at = date.getTime();
    if (Number.isNaN(at)) return rejectLikePublic(state, item);
    // One pass over the lines: every check of the panel and of `readPurchase`, and every sum.
    let currency = state.currency;
    let counted = 0, units = 0, countedValue = 0, countedMargin = 0, countedMarginKnown = true;
    let totalValue = 0, totalMargin = 0, everyMargin = true;
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l] as InitiativePurchase['lines'][number] | null | undefined;
      if (typeof line !== 'object' || line === null) return rejectLikePublic(state, item);
      const quantity = line.quantity;
      const value = line.value as Money | null | undefined;
      if (!Number.isFinite(quantity) || quantity <= 0 || typeof value !== 'object' || value === null) return rejectLikePublic(state, item);
      const valueMinor = value.amountMinor;
      const valueCurrency: unknown = value.currency;
      if (!Number.isSafeInteger(valueMinor) || valueMinor < 0 || typeof valueCurrency !== 'string') return rejectLikePublic(state, item);
      if (currency === null) currency = valueCurrency;
      else if (valueCurrency !== currency) return rejectLikePublic(state, item);
      totalValue += valueMinor;
      const margin = line.margin as Money | null | undefined;
      let marginMinor = 0;
      if (margin === undefined) everyMargin = false;
      else {
        if (typeof margin !== 'object' || margin === null) return rejectLikePublic(state, item);
        marginMinor = margin.amountMinor;
        if (!Number.isSafeInteger(marginMinor) || margin.currency !== currency) return rejectLikePublic(state, item);
        totalMargin += marginMinor;
      }
      if (categories === null || categories.has(line.category)) {
        counted += 1;
        units += quantity;
        countedValue += valueMinor;
        if (margin === undefined) countedMarginKnown = false;
        else countedMargin += marginMinor;
      }
    }
    if (marginBasis && !everyMargin) return rejectLikePublic(state, item);
    if (!Number.isSafeInteger(totalValue) || (marginBasis && !Number.isSafeInteger(totalMargin))) return rejectLikePublic(state, item);
    if (currency !== knownCurrency) {
      try {
        currencyExponent(currency as string);
      } catch {
        return rejectLikePublic(state, item);
      }
      knownCurrency = currency;
    }
    // Trusted from here on: the facts go straight into the columns.
    state.currency = currency;
    const c = contactIndex(state, contactId);
    if (counted > 0) joinPanel(state, c);
    const facts = state.facts;
    const r = c * STRIDE;
    if (counted > 0 && at >= w0 && at < w1) {
      facts[r + ACTS] = (facts[r + ACTS] as number) + 1;
      facts[r + UNITS] = (facts[r + UNITS] as number) + units;
      facts[r + VALUE] = (facts[r + VALUE] as number) + countedValue;
      if (countedMarginKnown) facts[r + MARGIN] = (facts[r + MARGIN] as number) + countedMargin;
      else facts[r + WITHOUT_MARGIN] = (facts[r + WITHOUT_MARGIN] as number) + 1;
    }
    let flags = facts[r + FLAGS] as number;
    if (at >= c0 && at < c1) {
      facts[r + CLV] = (facts[r + CLV] as number) + (marginBasis ? totalMargin : totalValue);
      flags |= F_CLV;
      state.aovOrders += 1;
      state.aovTotalMinor += totalValue;
    }
    if (at >= r0 && at < r1) facts[r + REPURCHASES] = (facts[r + REPURCHASES] as number) + 1;
    if (at >= q0 && at < q1) flags |= F_PREVIOUS;
    if (at >= k0 && at < k1) flags |= F_CURRENT;
    facts[r + FLAGS] = flags;
    if (at < nowMs) addMonth(state, c, utc ? utcMonthIndex(at) : monthIndex(calendarParts(date, timeZone)));
  };

  const addMember = (state: KpiSuiteState, member: InitiativeMember): void => {
    if (options.campaignId !== undefined && member.campaignId !== options.campaignId) return;
    const c = contactIndex(state, member.contactId);
    joinPanel(state, c);
    mergeGroupInto(state, c, member.contactId, member.group);
    if (member.responded && member.firstRespondedAt !== undefined) member.firstRespondedAt.getTime(); // as the panel (throws alike)
  };

  const project = (s: KpiSuiteState, g: 1 | 2): KpiSuiteGroupResult => {
    let size = 0, buyers = 0, acts = 0, buyerActs = 0, units = 0, valueMinor = 0, marginMinor = 0, actsWithoutMargin = 0;
    for (let k = 0; k < s.panelCount; k++) {
      const c = s.panelOrder[k] as number;
      if (s.group[c] !== g) continue;
      size += 1;
      const r = c * STRIDE;
      const a = s.facts[r + ACTS] as number;
      acts += a;
      units += s.facts[r + UNITS] as number;
      valueMinor += s.facts[r + VALUE] as number;
      marginMinor += s.facts[r + MARGIN] as number;
      actsWithoutMargin += s.facts[r + WITHOUT_MARGIN] as number;
      if (a > 0) {
        buyers += 1;
        buyerActs += a;
      }
    }
    const currency = s.currency;
    return {
      penetration: { targetSize: size, buyers, rate: ratio(buyers, size) },
      averagePurchase: { currency, acts, units, valueMinor, unitsPerAct: ratio(units, acts), valuePerActMinor: ratio(valueMinor, acts) },
      frequency: { buyers, acts: buyerActs, frequency: ratio(buyerActs, buyers) },
      sales: { currency, targetSize: size, valueMinor, perMemberMinor: ratio(valueMinor, size) },
      margin: { currency, targetSize: size, marginMinor, actsWithoutMargin, perMemberMinor: ratio(marginMinor, size) },
    };
  };

  const customerResult = (s: KpiSuiteState): KpiSuiteResult['customer'] => {
    const code = s.currency?.toUpperCase() ?? '';
    const historicClv: Record<string, HistoricClvEntry> = {};
    const buyers: string[] = [];
    let customers = 0, repeatCustomers = 0, activePrevious = 0, retained = 0;
    for (let c = 0; c < s.size; c++) {
      const f = s.facts[c * STRIDE + FLAGS] as number;
      if ((f & F_CLV) !== 0) buyers.push(s.ids[c] as string);
      const n = s.facts[c * STRIDE + REPURCHASES] as number;
      if (n >= 1) customers += 1;
      if (n >= 2) repeatCustomers += 1;
      if ((f & F_PREVIOUS) !== 0) {
        activePrevious += 1;
        if ((f & F_CURRENT) !== 0) retained += 1;
      }
    }
    if (buyers.length > 0) {
      buyers.sort();
      let total = 0;
      const perCustomer: Record<string, Money> = {};
      for (const id of buyers) {
        const v = s.facts[(s.index.get(id) as number) * STRIDE + CLV] as number;
        total += v;
        perCustomer[id] = moneyFromMinor(v, code);
      }
      historicClv[code] = { customers: buyers.length, total: moneyFromMinor(total, code), meanPerCustomerMinor: total / buyers.length, perCustomer };
    }
    const averageOrderValue: Record<string, AverageOrderValueEntry> = {};
    if (s.aovOrders > 0) averageOrderValue[code] = { orders: s.aovOrders, total: moneyFromMinor(s.aovTotalMinor, code), meanMinor: s.aovTotalMinor / s.aovOrders };
    const churned = activePrevious - retained;
    const rows = new Map<number, number[]>();
    for (let c = 0; c < s.size; c++) {
      const months = monthsOf(s, c);
      const first = months[0];
      if (first === undefined) continue;
      let counts = rows.get(first);
      if (counts === undefined) {
        counts = new Array<number>(nowMonth - first + 1).fill(0);
        rows.set(first, counts);
      }
      for (const m of months) counts[m - first] = (counts[m - first] as number) + 1;
    }
    const cohortRetention = [...rows.keys()].sort((x, y) => x - y).map((first) => {
      const counts = rows.get(first) as number[];
      const size = counts[0] as number;
      return { cohort: monthLabel(first), size, counts, rates: counts.map((n) => ratio(n, size) as number) };
    });
    return {
      historicClv,
      averageOrderValue,
      repurchaseRate: { customers, repeatCustomers, rate: ratio(repeatCustomers, customers) },
      churnRate: { activePrevious, retained, churned, rate: ratio(churned, activePrevious) },
      cohortRetention,
    };
  };

  return {
    init: () => emptyState(fixedCurrency),
    add(state, item) {
      if (item.kind === 'purchase') addPurchase(state, item);
      else if (item.kind === 'member') addMember(state, item.record);
      else {
        // Survey and external-spend records only reach the panel: its own code validates them
        // and settles the currency; the contact joins the panel as there.
        const scratch: InitiativePanelState = { currency: state.currency, contacts: new Map() };
        panel.add(scratch, item);
        state.currency = scratch.currency;
        for (const id of scratch.contacts.keys()) joinPanel(state, contactIndex(state, id));
      }
      return state;
    },
    merge(a, b) {
      if (b.currency !== null) {
        if (a.currency === null) a.currency = b.currency;
        else if (a.currency !== b.currency) throw new CurrencyMismatchError([a.currency, b.currency]);
      }
      const map = new Int32Array(b.size);
      for (let i = 0; i < b.size; i++) map[i] = contactIndex(a, b.ids[i] as string);
      for (let k = 0; k < b.panelCount; k++) {
        const i = b.panelOrder[k] as number;
        const c = map[i] as number;
        mergeGroupInto(a, c, b.ids[i] as string, groupOf(b, i));
        joinPanel(a, c);
      }
      for (let i = 0; i < b.size; i++) {
        const ra = (map[i] as number) * STRIDE, rb = i * STRIDE;
        for (let k = 0; k < FLAGS; k++) a.facts[ra + k] = (a.facts[ra + k] as number) + (b.facts[rb + k] as number);
        a.facts[ra + FLAGS] = (a.facts[ra + FLAGS] as number) | ((b.facts[rb + FLAGS] as number) & ~F_PANEL);
        const c = map[i] as number;
        for (const m of monthsOf(b, i)) addMonth(a, c, m);
      }
      a.aovOrders += b.aovOrders;
      a.aovTotalMinor += b.aovTotalMinor;
      return a;
    },
    result(state) {
      return {
        initiative: { target: project(state, 1), control: project(state, 2) },
        customer: customerResult(state),
      };
    },
  };
}
