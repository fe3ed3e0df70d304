/**
 * Deal pipeline KPIs: win rate, average deal size, sales-cycle length, sales velocity, weighted
 * pipeline, pipeline coverage and the forecast by forecast category.
 *
 * Deals are read through {@link DealLike}, the fields of a stored `Deal` these KPIs use, so plain
 * objects work too. Amounts are never converted: every money figure is per currency.
 *
 * @module
 */
import { CurrencyMismatchError, type ValidationIssue } from '../../errors';
import type { DealStatus, ForecastCategory } from '../../model/deal';
import { FORECAST_CATEGORIES } from '../../model/deal';
import { type Money, moneyFromMinor } from '../../model/money';
import { type Accumulator, accumulate, ratio } from '../accumulator';
import { checkPeriod, inPeriod, MS_PER_DAY, mean, quantileType7, requireDate, requireMoney, sortedNumbers } from './_internal';
import type { Period } from '../period';
import { issue, throwIfIssues } from '../../_lib/validation';

/** The fields of a deal the pipeline KPIs read (a stored `Deal` satisfies it). */
export interface DealLike {
  /** Status: open, won or lost. */
  readonly status: DealStatus;
  /** Deal value; deals without one are left out of money figures and counted apart. */
  readonly amount?: Money | undefined;
  /** Win probability 0–1 set on the deal (overrides the stage default). */
  readonly probability?: number | undefined;
  /** Current pipeline stage. */
  readonly stageId?: string | undefined;
  /** Forecast category set on the deal (overrides the stage default). */
  readonly forecastCategory?: ForecastCategory | undefined;
  /** When the deal was created (needed for cycle length). */
  readonly createdAt?: Date | undefined;
  /** When it was won or lost (required for closed deals). */
  readonly closedAt?: Date | undefined;
  /** Expected close date, `YYYY-MM-DD`. */
  readonly expectedCloseDate?: string | undefined;
  /** Owner. */
  readonly ownerId?: string | undefined;
}

/** Options of the KPIs that look at deals closed in a period. */
export interface ClosedPeriodOptions {
  /** Deals count when `closedAt` is in `[start, end)`. */
  readonly period: Period;
}

const SUBJECT = 'deal';

function checkClosedPeriod(options: ClosedPeriodOptions): void {
  const issues: ValidationIssue[] = [];
  checkPeriod(options?.period, ['period'], issues);
  throwIfIssues('options', issues);
}

function closedIn(deal: DealLike, period: Period): boolean {
  if (deal.status === 'open') return false;
  return inPeriod(requireDate(deal.closedAt, SUBJECT, ['closedAt']), period);
}

function dealMoney(deal: DealLike): Money | undefined {
  return deal.amount === undefined ? undefined : requireMoney(deal.amount, SUBJECT, ['amount']);
}

/** @internal Parses `YYYY-MM-DD` to its UTC midnight. */
function calendarDateToUtc(value: string, path: readonly PropertyKey[]): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match === null ? new Date(Number.NaN) : new Date(`${value}T00:00:00.000Z`);
  if (match === null || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throwIfIssues(SUBJECT, [issue(path, `must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`)]);
  }
  return date;
}

// ---------------------------------------------------------------------------------------------
// Win rate
// ---------------------------------------------------------------------------------------------

/** Result of {@link winRate}. */
export interface WinRateResult {
  /** Deals won in the period. */
  readonly won: number;
  /** Deals lost in the period. */
  readonly lost: number;
  /** `won / (won + lost)`; `null` when no deal closed in the period. */
  readonly rate: number | null;
}

/** State of {@link winRateAccumulator}. */
export interface WinRateState {
  won: number;
  lost: number;
}

/**
 * The accumulator behind {@link winRate}.
 *
 * @param options - the period
 * @returns a mergeable accumulator over deals
 * @throws {@link ValidationError} for a period ending before it starts; in `add`, a closed deal without `closedAt`
 *
 * @example
 * ```ts
 * import { accumulate, winRateAccumulator } from 'crmkit/kpi';
 * accumulate(winRateAccumulator({ period }), deals).rate; //=> 0.4
 * ```
 */
export function winRateAccumulator(options: ClosedPeriodOptions): Accumulator<DealLike, WinRateState, WinRateResult> {
  checkClosedPeriod(options);
  return {
    init: () => ({ won: 0, lost: 0 }),
    add(state, deal) {
      if (closedIn(deal, options.period)) state[deal.status === 'won' ? 'won' : 'lost'] += 1;
      return state;
    },
    merge: (a, b) => ({ won: a.won + b.won, lost: a.lost + b.lost }),
    result: (s) => ({ won: s.won, lost: s.lost, rate: ratio(s.won, s.won + s.lost) }),
  };
}

/**
 * Win rate of deals closed in a period.
 *
 * win rate = won / (won + lost), counting deals whose `closedAt` is in `[start, end)`. Open deals
 * are not in the denominator.
 *
 * Source: the usual CRM definition (Salesforce "Win Rate", HubSpot "deal win rate").
 *
 * @param deals - deals (stored or plain {@link DealLike})
 * @param options - `period`
 * @returns `{ won, lost, rate }`, `rate` null when no deal closed
 * @throws {@link ValidationError} for a period ending before it starts or a closed deal without `closedAt`
 *
 * @example
 * ```ts
 * import { winRate } from 'crmkit/kpi';
 * const period = { start: new Date('2025-01-01'), end: new Date('2025-04-01') };
 * winRate([
 *   { status: 'won', closedAt: new Date('2025-02-01') },
 *   { status: 'lost', closedAt: new Date('2025-02-03') },
 *   { status: 'lost', closedAt: new Date('2025-03-01') },
 *   { status: 'won', closedAt: new Date('2025-05-01') }, // outside the period
 * ], { period });
 * //=> { won: 1, lost: 2, rate: 0.3333333333333333 }
 * ```
 */
export function winRate(deals: Iterable<DealLike>, options: ClosedPeriodOptions): WinRateResult {
  return accumulate(winRateAccumulator(options), deals);
}

// ---------------------------------------------------------------------------------------------
// Average deal size
// ---------------------------------------------------------------------------------------------

/** Average deal size in one currency. */
export interface DealSize {
  /** Won deals with an amount in this currency. */
  readonly count: number;
  /** Their total. */
  readonly total: Money;
  /** `total / count` in minor units (not rounded). */
  readonly meanMinor: number;
}

/** Result of {@link averageDealSize}. */
export interface AverageDealSizeResult {
  /** One entry per currency. */
  readonly byCurrency: Readonly<Record<string, DealSize>>;
  /** Won deals in the period without an amount (left out). */
  readonly withoutAmount: number;
}

/** State of {@link averageDealSizeAccumulator}. */
export interface DealSizeState {
  byCurrency: Map<string, { count: number; totalMinor: number }>;
  withoutAmount: number;
}

function addDealSize(state: DealSizeState, money: Money | undefined): void {
  if (money === undefined) {
    state.withoutAmount += 1;
    return;
  }
  const cell = state.byCurrency.get(money.currency) ?? { count: 0, totalMinor: 0 };
  cell.count += 1;
  cell.totalMinor += money.amountMinor;
  state.byCurrency.set(money.currency, cell);
}

function mergeDealSize(a: DealSizeState, b: DealSizeState): DealSizeState {
  for (const [currency, cell] of b.byCurrency) {
    const mine = a.byCurrency.get(currency) ?? { count: 0, totalMinor: 0 };
    a.byCurrency.set(currency, { count: mine.count + cell.count, totalMinor: mine.totalMinor + cell.totalMinor });
  }
  a.withoutAmount += b.withoutAmount;
  return a;
}

function dealSizeResult(state: DealSizeState): AverageDealSizeResult {
  const byCurrency: Record<string, DealSize> = {};
  for (const currency of [...state.byCurrency.keys()].sort()) {
    const cell = state.byCurrency.get(currency) as { count: number; totalMinor: number };
    byCurrency[currency] = { count: cell.count, total: moneyFromMinor(cell.totalMinor, currency), meanMinor: cell.totalMinor / cell.count };
  }
  return { byCurrency, withoutAmount: state.withoutAmount };
}

/**
 * The accumulator behind {@link averageDealSize}.
 *
 * @param options - the period
 * @returns a mergeable accumulator over deals
 * @throws {@link ValidationError} for a bad period; in `add`, a negative or malformed amount
 *
 * @example
 * ```ts
 * import { accumulate, averageDealSizeAccumulator } from 'crmkit/kpi';
 * accumulate(averageDealSizeAccumulator({ period }), deals).byCurrency.EUR?.meanMinor; //=> 150000
 * ```
 */
export function averageDealSizeAccumulator(
  options: ClosedPeriodOptions,
): Accumulator<DealLike, DealSizeState, AverageDealSizeResult> {
  checkClosedPeriod(options);
  return {
    init: () => ({ byCurrency: new Map(), withoutAmount: 0 }),
    add(state, deal) {
      if (deal.status === 'won' && closedIn(deal, options.period)) addDealSize(state, dealMoney(deal));
      return state;
    },
    merge: mergeDealSize,
    result: dealSizeResult,
  };
}

/**
 * Average size of the deals won in a period, per currency.
 *
 * average deal size(c) = Σ amount of won deals in currency c / #won deals in c, over deals with
 * `closedAt` in `[start, end)`; won deals without an amount are counted in `withoutAmount`.
 *
 * Source: the standard sales-velocity input "average deal size" (won deals only).
 *
 * @param deals - deals
 * @param options - `period`
 * @returns per currency `{ count, total, meanMinor }`
 * @throws {@link ValidationError} for a bad period or a negative amount
 *
 * @example
 * ```ts
 * import { averageDealSize } from 'crmkit/kpi';
 * averageDealSize([
 *   { status: 'won', closedAt: new Date('2025-02-01'), amount: { amountMinor: 100_000, currency: 'EUR' } },
 *   { status: 'won', closedAt: new Date('2025-02-02'), amount: { amountMinor: 200_000, currency: 'EUR' } },
 * ], { period: { start: new Date('2025-01-01'), end: new Date('2025-04-01') } }).byCurrency.EUR;
 * //=> { count: 2, total: { amountMinor: 300000, currency: 'EUR' }, meanMinor: 150000 }
 * ```
 */
export function averageDealSize(deals: Iterable<DealLike>, options: ClosedPeriodOptions): AverageDealSizeResult {
  return accumulate(averageDealSizeAccumulator(options), deals);
}

// ---------------------------------------------------------------------------------------------
// Sales cycle length
// ---------------------------------------------------------------------------------------------

/** Result of {@link salesCycleLength}. */
export interface SalesCycleResult {
  /** Won deals in the period. */
  readonly count: number;
  /** Mean of (closedAt − createdAt) in days; `null` without deals. */
  readonly meanDays: number | null;
  /** Median (type 7) in days; `null` without deals. */
  readonly medianDays: number | null;
}

/** State of {@link salesCycleLengthAccumulator}: every cycle length in days (memory grows with n). */
export interface SalesCycleState {
  days: number[];
}

function cycleDays(deal: DealLike): number {
  const created = requireDate(deal.createdAt, SUBJECT, ['createdAt']);
  const closed = requireDate(deal.closedAt, SUBJECT, ['closedAt']);
  if (closed.getTime() < created.getTime()) throwIfIssues(SUBJECT, [issue(['closedAt'], 'closedAt is before createdAt')]);
  return (closed.getTime() - created.getTime()) / MS_PER_DAY;
}

function cycleResult(state: SalesCycleState): SalesCycleResult {
  return { count: state.days.length, meanDays: mean(state.days), medianDays: quantileType7(sortedNumbers(state.days), 0.5) };
}

/**
 * The accumulator behind {@link salesCycleLength}. Keeps every cycle length (exact median).
 *
 * @param options - the period
 * @returns a mergeable accumulator over deals
 * @throws {@link ValidationError} for a bad period; in `add`, a won deal without dates or closed before created
 *
 * @example
 * ```ts
 * import { accumulate, salesCycleLengthAccumulator } from 'crmkit/kpi';
 * accumulate(salesCycleLengthAccumulator({ period }), deals).medianDays; //=> 30
 * ```
 */
export function salesCycleLengthAccumulator(
  options: ClosedPeriodOptions,
): Accumulator<DealLike, SalesCycleState, SalesCycleResult> {
  checkClosedPeriod(options);
  return {
    init: () => ({ days: [] }),
    add(state, deal) {
      if (deal.status === 'won' && closedIn(deal, options.period)) state.days.push(cycleDays(deal));
      return state;
    },
    merge: (a, b) => ({ days: [...a.days, ...b.days] }),
    result: cycleResult,
  };
}

/**
 * Sales-cycle length of the deals won in a period, in days.
 *
 * cycle(d) = (closedAt − createdAt) / 86 400 000 ms, over won deals with `closedAt` in
 * `[start, end)`; mean = Σ cycle / n; median = the type-7 quantile at p = 0.5 (the middle value,
 * or the mean of the two middle values).
 *
 * Source: "sales cycle length" as in Salesforce/HubSpot reports (won deals, creation to close).
 *
 * @param deals - deals
 * @param options - `period`
 * @returns `{ count, meanDays, medianDays }`
 * @throws {@link ValidationError} for a bad period, a missing date, or `closedAt` before `createdAt`
 *
 * @example
 * ```ts
 * import { salesCycleLength } from 'crmkit/kpi';
 * salesCycleLength([
 *   { status: 'won', createdAt: new Date('2025-01-01'), closedAt: new Date('2025-01-11') },
 *   { status: 'won', createdAt: new Date('2025-01-01'), closedAt: new Date('2025-01-31') },
 * ], { period: { start: new Date('2025-01-01'), end: new Date('2025-04-01') } });
 * //=> { count: 2, meanDays: 20, medianDays: 20 }
 * ```
 */
export function salesCycleLength(deals: Iterable<DealLike>, options: ClosedPeriodOptions): SalesCycleResult {
  return accumulate(salesCycleLengthAccumulator(options), deals);
}

// ---------------------------------------------------------------------------------------------
// Sales velocity
// ---------------------------------------------------------------------------------------------

/** Sales velocity in one currency. */
export interface SalesVelocity {
  /** Open deals with an amount in this currency. */
  readonly openOpportunities: number;
  /** Win rate of all deals closed in the period (every currency). */
  readonly winRate: number | null;
  /** Average won deal size in this currency, minor units; `null` when none was won. */
  readonly averageDealSizeMinor: number | null;
  /** Mean sales-cycle length of won deals in the period (every currency), days. */
  readonly averageCycleDays: number | null;
  /** Velocity in minor units per day; `null` when any input is null or the cycle is 0. */
  readonly perDayMinor: number | null;
}

/** Result of {@link salesVelocity}. */
export interface SalesVelocityResult {
  /** One entry per currency that has open deals or won deals. */
  readonly byCurrency: Readonly<Record<string, SalesVelocity>>;
  /** Open deals without an amount (not counted as opportunities). */
  readonly openWithoutAmount: number;
}

/** State of {@link salesVelocityAccumulator}. */
export interface SalesVelocityState {
  win: WinRateState;
  size: DealSizeState;
  cycle: SalesCycleState;
  open: Map<string, number>;
  openWithoutAmount: number;
}

/**
 * The accumulator behind {@link salesVelocity}.
 *
 * @param options - the period
 * @returns a mergeable accumulator over deals
 * @throws {@link ValidationError} for a bad period or malformed deals
 *
 * @example
 * ```ts
 * import { accumulate, salesVelocityAccumulator } from 'crmkit/kpi';
 * accumulate(salesVelocityAccumulator({ period }), deals).byCurrency.EUR?.perDayMinor;
 * ```
 */
export function salesVelocityAccumulator(
  options: ClosedPeriodOptions,
): Accumulator<DealLike, SalesVelocityState, SalesVelocityResult> {
  const win = winRateAccumulator(options);
  const size = averageDealSizeAccumulator(options);
  const cycle = salesCycleLengthAccumulator(options);
  return {
    init: () => ({ win: win.init(), size: size.init(), cycle: cycle.init(), open: new Map(), openWithoutAmount: 0 }),
    add(state, deal) {
      if (deal.status === 'open') {
        const money = dealMoney(deal);
        if (money === undefined) state.openWithoutAmount += 1;
        else state.open.set(money.currency, (state.open.get(money.currency) ?? 0) + 1);
        return state;
      }
      win.add(state.win, deal);
      size.add(state.size, deal);
      cycle.add(state.cycle, deal);
      return state;
    },
    merge(a, b) {
      const open = new Map(a.open);
      for (const [c, n] of b.open) open.set(c, (open.get(c) ?? 0) + n);
      return {
        win: win.merge(a.win, b.win),
        size: size.merge(a.size, b.size),
        cycle: cycle.merge(a.cycle, b.cycle),
        open,
        openWithoutAmount: a.openWithoutAmount + b.openWithoutAmount,
      };
    },
    result(state) {
      const rate = win.result(state.win).rate;
      const sizes = size.result(state.size).byCurrency;
      const cycleDaysMean = cycle.result(state.cycle).meanDays;
      const currencies = [...new Set([...state.open.keys(), ...Object.keys(sizes)])].sort();
      const byCurrency: Record<string, SalesVelocity> = {};
      for (const currency of currencies) {
        const openOpportunities = state.open.get(currency) ?? 0;
        const averageDealSizeMinor = sizes[currency]?.meanMinor ?? null;
        const perDayMinor =
          rate === null || averageDealSizeMinor === null || cycleDaysMean === null
            ? null
            : ratio(openOpportunities * rate * averageDealSizeMinor, cycleDaysMean);
        byCurrency[currency] = { openOpportunities, winRate: rate, averageDealSizeMinor, averageCycleDays: cycleDaysMean, perDayMinor };
      }
      return { byCurrency, openWithoutAmount: state.openWithoutAmount };
    },
  };
}

/**
 * Sales velocity per currency: the expected revenue the current pipeline yields per day.
 *
 * velocity(c) = (#open opportunities in c × win rate × average deal size in c) / average sales-cycle length (days)
 *
 * with: open opportunities = deals with status `open` and an amount in c (the input is a snapshot);
 * win rate = {@link winRate} of all deals closed in the period; average deal size = mean amount of
 * deals won in the period in c ({@link averageDealSize}); cycle = mean {@link salesCycleLength}
 * of deals won in the period (every currency). `null` when a factor is null or the cycle is 0.
 *
 * Source: the sales velocity equation (e.g. Salesforce, HubSpot "sales velocity").
 *
 * @param deals - deals: the open ones (a snapshot) and the closed ones
 * @param options - `period` for the closed-deal statistics
 * @returns per currency the inputs and `perDayMinor`
 * @throws {@link ValidationError} for a bad period or malformed deals
 *
 * @example
 * ```ts
 * import { salesVelocity } from 'crmkit/kpi';
 * const eur = (n: number) => ({ amountMinor: n, currency: 'EUR' });
 * salesVelocity([
 *   { status: 'open', amount: eur(5_000) },
 *   { status: 'open', amount: eur(7_000) },
 *   { status: 'won', amount: eur(10_000), createdAt: new Date('2025-01-01'), closedAt: new Date('2025-01-21') },
 *   { status: 'lost', closedAt: new Date('2025-01-15') },
 * ], { period: { start: new Date('2025-01-01'), end: new Date('2025-04-01') } }).byCurrency.EUR?.perDayMinor;
 * //=> 500 (2 × 0.5 × 10 000 / 20)
 * ```
 */
export function salesVelocity(deals: Iterable<DealLike>, options: ClosedPeriodOptions): SalesVelocityResult {
  return accumulate(salesVelocityAccumulator(options), deals);
}

// ---------------------------------------------------------------------------------------------
// Weighted pipeline
// ---------------------------------------------------------------------------------------------

/** Options of {@link weightedPipeline}. */
export interface WeightedPipelineOptions {
  /** Default win probability per stage id (e.g. from the pipelines' stages); used when a deal has no `probability`. */
  readonly stageProbabilities?: Readonly<Record<string, number>>;
}

/** Weighted pipeline in one currency. */
export interface WeightedPipelineEntry {
  /** Open deals counted (with an amount and a probability). */
  readonly count: number;
  /** Σ amount (unweighted). */
  readonly total: Money;
  /** Σ amount × probability, minor units, not rounded. */
  readonly weightedMinor: number;
}

/** Result of {@link weightedPipeline}. */
export interface WeightedPipelineResult {
  /** One entry per currency. */
  readonly byCurrency: Readonly<Record<string, WeightedPipelineEntry>>;
  /** Open deals without an amount (left out). */
  readonly withoutAmount: number;
  /** Open deals with an amount but neither a probability nor a stage default (left out). */
  readonly withoutProbability: number;
}

/** State of {@link weightedPipelineAccumulator}. */
export interface WeightedPipelineState {
  byCurrency: Map<string, { count: number; totalMinor: number; weightedMinor: number }>;
  withoutAmount: number;
  withoutProbability: number;
}

/**
 * Stage default probabilities from pipeline definitions, for {@link WeightedPipelineOptions.stageProbabilities}.
 *
 * @param pipelines - pipelines (only `stages[].id` and `stages[].probability` are read)
 * @returns stage id → probability
 *
 * @example
 * ```ts
 * import { stageProbabilitiesOf } from 'crmkit/kpi';
 * stageProbabilitiesOf([{ stages: [{ id: 'demo', probability: 0.4 }] }]); //=> { demo: 0.4 }
 * ```
 */
export function stageProbabilitiesOf(
  pipelines: Iterable<{ readonly stages: readonly { readonly id: string; readonly probability: number }[] }>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pipeline of pipelines) for (const stage of pipeline.stages) out[stage.id] = stage.probability;
  return out;
}

function validProbability(p: unknown): boolean {
  return typeof p === 'number' && p >= 0 && p <= 1;
}

/**
 * The accumulator behind {@link weightedPipeline}.
 *
 * @param options - stage default probabilities
 * @returns a mergeable accumulator over deals
 * @throws {@link ValidationError} for a stage probability outside [0, 1]; in `add`, a deal probability outside [0, 1] or a negative amount
 *
 * @example
 * ```ts
 * import { accumulate, weightedPipelineAccumulator } from 'crmkit/kpi';
 * accumulate(weightedPipelineAccumulator({ stageProbabilities: { demo: 0.4 } }), deals);
 * ```
 */
export function weightedPipelineAccumulator(
  options: WeightedPipelineOptions = {},
): Accumulator<DealLike, WeightedPipelineState, WeightedPipelineResult> {
  const stageProbabilities = options.stageProbabilities ?? {};
  const issues: ValidationIssue[] = [];
  for (const [stage, p] of Object.entries(stageProbabilities)) {
    if (!validProbability(p)) issues.push(issue(['stageProbabilities', stage], 'must be a probability in [0, 1]'));
  }
  throwIfIssues('options', issues);
  return {
    init: () => ({ byCurrency: new Map(), withoutAmount: 0, withoutProbability: 0 }),
    add(state, deal) {
      if (deal.status !== 'open') return state;
      const money = dealMoney(deal);
      if (money === undefined) {
        state.withoutAmount += 1;
        return state;
      }
      if (deal.probability !== undefined && !validProbability(deal.probability)) {
        throwIfIssues(SUBJECT, [issue(['probability'], 'must be a probability in [0, 1]')]);
      }
      const p = deal.probability ?? (deal.stageId === undefined ? undefined : stageProbabilities[deal.stageId]);
      if (p === undefined) {
        state.withoutProbability += 1;
        return state;
      }
      const cell = state.byCurrency.get(money.currency) ?? { count: 0, totalMinor: 0, weightedMinor: 0 };
      cell.count += 1;
      cell.totalMinor += money.amountMinor;
      cell.weightedMinor += money.amountMinor * p;
      state.byCurrency.set(money.currency, cell);
      return state;
    },
    merge(a, b) {
      for (const [currency, cell] of b.byCurrency) {
        const mine = a.byCurrency.get(currency) ?? { count: 0, totalMinor: 0, weightedMinor: 0 };
        a.byCurrency.set(currency, {
          count: mine.count + cell.count,
          totalMinor: mine.totalMinor + cell.totalMinor,
          weightedMinor: mine.weightedMinor + cell.weightedMinor,
        });
      }
      a.withoutAmount += b.withoutAmount;
      a.withoutProbability += b.withoutProbability;
      return a;
    },
    result(state) {
      const byCurrency: Record<string, WeightedPipelineEntry> = {};
      for (const currency of [...state.byCurrency.keys()].sort()) {
        const cell = state.byCurrency.get(currency) as { count: number; totalMinor: number; weightedMinor: number };
        byCurrency[currency] = { count: cell.count, total: moneyFromMinor(cell.totalMinor, currency), weightedMinor: cell.weightedMinor };
      }
      return { byCurrency, withoutAmount: state.withoutAmount, withoutProbability: state.withoutProbability };
    },
  };
}

/**
 * Weighted (probability-adjusted) open pipeline per currency.
 *
 * weighted(c) = Σ over open deals in c of amount × p, where p = the deal's `probability`, else the
 * default probability of its stage (`options.stageProbabilities[stageId]`, see
 * {@link stageProbabilitiesOf}). Deals with no amount or no probability are counted apart.
 *
 * Source: "weighted pipeline" / expected value of the pipeline (Salesforce "Expected Revenue").
 *
 * @param deals - deals (only open ones count)
 * @param options - `stageProbabilities`
 * @returns per currency `{ count, total, weightedMinor }` plus the left-out counts
 * @throws {@link ValidationError} for a probability outside [0, 1] or a negative amount
 *
 * @example
 * ```ts
 * import { weightedPipeline } from 'crmkit/kpi';
 * weightedPipeline([
 *   { status: 'open', stageId: 'demo', amount: { amountMinor: 10_000, currency: 'EUR' } },
 *   { status: 'open', stageId: 'demo', probability: 0.9, amount: { amountMinor: 1_000, currency: 'EUR' } },
 * ], { stageProbabilities: { demo: 0.4 } }).byCurrency.EUR?.weightedMinor;
 * //=> 4900 (10 000 × 0.4 + 1 000 × 0.9)
 * ```
 */
export function weightedPipeline(deals: Iterable<DealLike>, options: WeightedPipelineOptions = {}): WeightedPipelineResult {
  return accumulate(weightedPipelineAccumulator(options), deals);
}

// ---------------------------------------------------------------------------------------------
// Pipeline coverage
// ---------------------------------------------------------------------------------------------

/** Options of {@link pipelineCoverage}. */
export interface PipelineCoverageOptions {
  /** Target (quota) per currency, keyed by currency code. */
  readonly targets: Readonly<Record<string, Money>>;
  /** Only open deals with `expectedCloseDate` (as UTC midnight) in `[start, end)`. Default: every open deal. */
  readonly period?: Period;
}

/** Pipeline coverage in one currency. */
export interface PipelineCoverageEntry {
  /** Σ amount of the open deals counted. */
  readonly pipeline: Money;
  /** The target, `null` when none was given for this currency. */
  readonly target: Money | null;
  /** `pipeline / target`; `null` without a target or with a zero target. */
  readonly coverage: number | null;
}

/** State of {@link pipelineCoverageAccumulator}: open pipeline in minor units per currency. */
export interface PipelineCoverageState {
  open: Map<string, number>;
}

function inDatePeriod(deal: DealLike, period: Period | undefined): boolean {
  if (period === undefined) return true;
  if (deal.expectedCloseDate === undefined) return false;
  return inPeriod(calendarDateToUtc(deal.expectedCloseDate, ['expectedCloseDate']), period);
}

/**
 * The accumulator behind {@link pipelineCoverage}.
 *
 * @param options - targets and optional period
 * @returns a mergeable accumulator over deals
 * @throws {@link CurrencyMismatchError} when a target's currency differs from its key; {@link ValidationError} for a negative target or a bad period
 *
 * @example
 * ```ts
 * import { accumulate, pipelineCoverageAccumulator } from 'crmkit/kpi';
 * accumulate(pipelineCoverageAccumulator({ targets: { EUR: { amountMinor: 100_000, currency: 'EUR' } } }), deals);
 * ```
 */
export function pipelineCoverageAccumulator(
  options: PipelineCoverageOptions,
): Accumulator<DealLike, PipelineCoverageState, Record<string, PipelineCoverageEntry>> {
  const issues: ValidationIssue[] = [];
  if (options.period !== undefined) checkPeriod(options.period, ['period'], issues);
  for (const [currency, target] of Object.entries(options.targets ?? {})) {
    const money = requireMoney(target, 'options', ['targets', currency], true);
    if (money.currency !== currency) throw new CurrencyMismatchError([currency, money.currency]);
    if (money.amountMinor < 0) issues.push(issue(['targets', currency, 'amountMinor'], 'cannot be negative'));
  }
  throwIfIssues('options', issues);
  return {
    init: () => ({ open: new Map() }),
    add(state, deal) {
      if (deal.status !== 'open' || !inDatePeriod(deal, options.period)) return state;
      const money = dealMoney(deal);
      if (money !== undefined) state.open.set(money.currency, (state.open.get(money.currency) ?? 0) + money.amountMinor);
      return state;
    },
    merge(a, b) {
      for (const [c, v] of b.open) a.open.set(c, (a.open.get(c) ?? 0) + v);
      return a;
    },
    result(state) {
      const out: Record<string, PipelineCoverageEntry> = {};
      const currencies = [...new Set([...state.open.keys(), ...Object.keys(options.targets)])].sort();
      for (const currency of currencies) {
        const open = state.open.get(currency) ?? 0;
        const target = options.targets[currency] ?? null;
        out[currency] = {
          pipeline: moneyFromMinor(open, currency),
          target,
          coverage: target === null ? null : ratio(open, target.amountMinor),
        };
      }
      return out;
    },
  };
}

/**
 * Pipeline coverage per currency: how many times the open pipeline covers the target.
 *
 * coverage(c) = Σ amount of open deals in c (with `expectedCloseDate` in the period, if given) / target(c)
 *
 * Source: "pipeline coverage ratio" (commonly aimed at 3×), e.g. Salesforce and Gartner sales
 * operations guides.
 *
 * @param deals - deals (only open ones count)
 * @param options - `targets` per currency, optional `period` on the expected close date
 * @returns per currency `{ pipeline, target, coverage }`; coverage `null` for a zero or missing target
 * @throws {@link CurrencyMismatchError} when a target is keyed under another currency; {@link ValidationError} for a negative target or amount
 *
 * @example
 * ```ts
 * import { pipelineCoverage } from 'crmkit/kpi';
 * pipelineCoverage(
 *   [{ status: 'open', amount: { amountMinor: 300_000, currency: 'EUR' } }],
 *   { targets: { EUR: { amountMinor: 100_000, currency: 'EUR' } } },
 * ).EUR?.coverage;
 * //=> 3
 * ```
 */
export function pipelineCoverage(
  deals: Iterable<DealLike>,
  options: PipelineCoverageOptions,
): Record<string, PipelineCoverageEntry> {
  return accumulate(pipelineCoverageAccumulator(options), deals);
}

// ---------------------------------------------------------------------------------------------
// Forecast by category
// ---------------------------------------------------------------------------------------------

/** Options of {@link forecastByCategory}. */
export interface ForecastOptions {
  /** The forecast period (a quarter, a month): `[start, end)`. */
  readonly period: Period;
  /** Default forecast category per stage id (from the pipelines); a deal's own category wins. Fallback: `'pipeline'`. */
  readonly stageCategories?: Readonly<Record<string, ForecastCategory>>;
}

/** The forecast in one currency. */
export interface ForecastEntry {
  /** Σ amount per forecast category (won deals closed in the period are under `closed`). */
  readonly categories: Readonly<Record<ForecastCategory, Money>>;
  /** closed + commit. */
  readonly commit: Money;
  /** closed + commit + best_case. */
  readonly bestCase: Money;
  /** closed + commit + best_case + pipeline (everything but omitted). */
  readonly total: Money;
}

/** State of {@link forecastAccumulator}: minor units per currency and category. */
export interface ForecastState {
  cells: Map<string, Record<ForecastCategory, number>>;
}

/**
 * The accumulator behind {@link forecastByCategory}.
 *
 * @param options - period and stage categories
 * @returns a mergeable accumulator over deals
 * @throws {@link ValidationError} for a bad period; in `add`, a malformed expected close date or amount
 *
 * @example
 * ```ts
 * import { accumulate, forecastAccumulator } from 'crmkit/kpi';
 * accumulate(forecastAccumulator({ period: q1 }), deals).EUR?.commit;
 * ```
 */
export function forecastAccumulator(options: ForecastOptions): Accumulator<DealLike, ForecastState, Record<string, ForecastEntry>> {
  checkClosedPeriod(options);
  const emptyCell = (): Record<ForecastCategory, number> => ({ pipeline: 0, best_case: 0, commit: 0, closed: 0, omitted: 0 });
  return {
    init: () => ({ cells: new Map() }),
    add(state, deal) {
      let category: ForecastCategory | null = null;
      if (deal.status === 'won' && closedIn(deal, options.period)) category = 'closed';
      else if (deal.status === 'open' && deal.expectedCloseDate !== undefined && inDatePeriod(deal, options.period)) {
        category =
          deal.forecastCategory ??
          (deal.stageId === undefined ? undefined : options.stageCategories?.[deal.stageId]) ??
          'pipeline';
        if (!FORECAST_CATEGORIES.includes(category)) throwIfIssues(SUBJECT, [issue(['forecastCategory'], `unknown forecast category ${String(category)}`)]);
      }
      if (category === null) return state;
      const money = dealMoney(deal);
      if (money === undefined) return state;
      const cell = state.cells.get(money.currency) ?? emptyCell();
      cell[category] += money.amountMinor;
      state.cells.set(money.currency, cell);
      return state;
    },
    merge(a, b) {
      for (const [currency, cell] of b.cells) {
        const mine = a.cells.get(currency) ?? emptyCell();
        for (const category of FORECAST_CATEGORIES) mine[category] += cell[category];
        a.cells.set(currency, mine);
      }
      return a;
    },
    result(state) {
      const out: Record<string, ForecastEntry> = {};
      for (const currency of [...state.cells.keys()].sort()) {
        const cell = state.cells.get(currency) as Record<ForecastCategory, number>;
        const m = (n: number): Money => moneyFromMinor(n, currency);
        out[currency] = {
          categories: {
            pipeline: m(cell.pipeline),
            best_case: m(cell.best_case),
            commit: m(cell.commit),
            closed: m(cell.closed),
            omitted: m(cell.omitted),
          },
          commit: m(cell.closed + cell.commit),
          bestCase: m(cell.closed + cell.commit + cell.best_case),
          total: m(cell.closed + cell.commit + cell.best_case + cell.pipeline),
        };
      }
      return out;
    },
  };
}

/**
 * The forecast of a period by forecast category, per currency.
 *
 * Counted: open deals whose `expectedCloseDate` (read as UTC midnight) is in `[start, end)`, under
 * their forecast category (the deal's, else its stage's from `stageCategories`, else `pipeline`),
 * plus deals won with `closedAt` in the period under `closed`. Lost deals and deals without an
 * amount are not counted.
 *
 * commit = closed + commit; best case = closed + commit + best_case; total = best case + pipeline
 * (omitted is reported but never rolled up).
 *
 * Source: Salesforce Collaborative Forecasts' cumulative forecast rollups.
 *
 * @param deals - deals
 * @param options - `period`, `stageCategories`
 * @returns per currency the category sums and the three rollups
 * @throws {@link ValidationError} for a bad period, a malformed date or a negative amount
 *
 * @example
 * ```ts
 * import { forecastByCategory } from 'crmkit/kpi';
 * const eur = (n: number) => ({ amountMinor: n, currency: 'EUR' });
 * forecastByCategory([
 *   { status: 'won', closedAt: new Date('2025-02-01'), amount: eur(1_000) },
 *   { status: 'open', expectedCloseDate: '2025-03-15', forecastCategory: 'commit', amount: eur(2_000) },
 *   { status: 'open', expectedCloseDate: '2025-03-20', forecastCategory: 'best_case', amount: eur(4_000) },
 * ], { period: { start: new Date('2025-01-01'), end: new Date('2025-04-01') } }).EUR?.bestCase;
 * //=> { amountMinor: 7000, currency: 'EUR' }
 * ```
 */
export function forecastByCategory(deals: Iterable<DealLike>, options: ForecastOptions): Record<string, ForecastEntry> {
  return accumulate(forecastAccumulator(options), deals);
}
