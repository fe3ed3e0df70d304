/**
 * Service KPIs over tickets: first-response and resolution times (exact percentiles), escalation
 * rate by product or category, reopen rate.
 *
 * @module
 */
import type { ValidationIssue } from '../../errors';
import { type Accumulator, accumulate, ratio } from '../accumulator';
import { checkPeriod, inPeriod, isValidDate, mean, quantileType7, requireDate, sortedNumbers } from '../pipeline/_internal';
import type { Period } from '../period';
import { issue, throwIfIssues } from '../../_lib/validation';

/** The fields of a ticket the service KPIs read (a stored `Ticket` satisfies it). */
export interface TicketLike {
  /** When the record was created. */
  readonly createdAt: Date;
  /** When the ticket was opened, if different from `createdAt` (takes precedence as the start). */
  readonly openedAt?: Date | undefined;
  /** First agent response. */
  readonly firstResponseAt?: Date | undefined;
  /** Resolution. */
  readonly resolvedAt?: Date | undefined;
  /** When it was escalated. */
  readonly escalatedAt?: Date | undefined;
  /** Escalation level (> 0 means escalated). */
  readonly escalationLevel?: number | undefined;
  /** How many times it was reopened after a resolution. */
  readonly reopenCount?: number | undefined;
  /** Category. */
  readonly category?: string | undefined;
  /** Product. */
  readonly productId?: string | undefined;
}

const DEFAULT_PERCENTILES = [0.5, 0.75, 0.9] as const;

/** Options of {@link ticketTimes}. */
export interface TicketTimesOptions {
  /** Only tickets opened in `[start, end)` (default: all). */
  readonly period?: Period;
  /** Percentiles to report, each in [0, 1] (default `[0.5, 0.75, 0.9]`). */
  readonly percentiles?: readonly number[];
}

/** Summary of one duration (hours). */
export interface DurationSummary {
  /** Tickets with the milestone (measured). */
  readonly count: number;
  /** Tickets without the milestone yet (still waiting): excluded from the statistics, reported here. */
  readonly stillOpen: number;
  /** Mean in hours; `null` when nothing was measured. */
  readonly meanHours: number | null;
  /** Median (= p50) in hours; `null` when nothing was measured. */
  readonly medianHours: number | null;
  /** Requested percentiles (key: the percentile as given, e.g. `'0.9'`), hours, type 7. */
  readonly percentiles: Readonly<Record<string, number | null>>;
}

/** Result of {@link ticketTimes}. */
export interface TicketTimesResult {
  /** Opened → first response. */
  readonly firstResponse: DurationSummary;
  /** Opened → resolved. */
  readonly resolution: DurationSummary;
}

/**
 * State of {@link ticketTimesAccumulator}: every measured duration (exact percentiles; memory grows
 * linearly with the number of tickets) and the counts of tickets still waiting.
 */
export interface TicketTimesState {
  response: number[];
  resolution: number[];
  responsePending: number;
  resolutionPending: number;
}

const MS_PER_HOUR = 3_600_000;

function ticketStart(ticket: TicketLike): Date {
  return ticket.openedAt === undefined ? requireDate(ticket.createdAt, 'ticket', ['createdAt']) : requireDate(ticket.openedAt, 'ticket', ['openedAt']);
}

function hoursBetween(start: Date, end: unknown, field: string): number {
  const at = requireDate(end, 'ticket', [field]);
  if (at.getTime() < start.getTime()) throwIfIssues('ticket', [issue([field], `${field} is before the ticket was opened`)]);
  return (at.getTime() - start.getTime()) / MS_PER_HOUR;
}

function summarise(values: readonly number[], pending: number, percentiles: readonly number[]): DurationSummary {
  const sorted = sortedNumbers(values);
  const out: Record<string, number | null> = {};
  for (const p of percentiles) out[String(p)] = quantileType7(sorted, p);
  return { count: sorted.length, stillOpen: pending, meanHours: mean(sorted), medianHours: quantileType7(sorted, 0.5), percentiles: out };
}

/**
 * The accumulator behind {@link ticketTimes}.
 *
 * @param options - period and percentiles
 * @returns a mergeable accumulator over tickets
 * @throws {@link ValidationError} for a bad period or percentile; in `add`, a milestone before the ticket was opened
 *
 * @example
 * ```ts
 * import { accumulate, ticketTimesAccumulator } from 'crmkit/kpi';
 * accumulate(ticketTimesAccumulator(), tickets).resolution.percentiles['0.9'];
 * ```
 */
export function ticketTimesAccumulator(
  options: TicketTimesOptions = {},
): Accumulator<TicketLike, TicketTimesState, TicketTimesResult> {
  const issues: ValidationIssue[] = [];
  if (options.period !== undefined) checkPeriod(options.period, ['period'], issues);
  const percentiles = options.percentiles ?? DEFAULT_PERCENTILES;
  percentiles.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) issues.push(issue(['percentiles', i], 'must be a number in [0, 1]'));
  });
  throwIfIssues('options', issues);
  return {
    init: () => ({ response: [], resolution: [], responsePending: 0, resolutionPending: 0 }),
    add(state, ticket) {
      const start = ticketStart(ticket);
      if (options.period !== undefined && !inPeriod(start, options.period)) return state;
      if (ticket.firstResponseAt === undefined) state.responsePending += 1;
      else state.response.push(hoursBetween(start, ticket.firstResponseAt, 'firstResponseAt'));
      if (ticket.resolvedAt === undefined) state.resolutionPending += 1;
      else state.resolution.push(hoursBetween(start, ticket.resolvedAt, 'resolvedAt'));
      return state;
    },
    merge: (a, b) => ({
      response: [...a.response, ...b.response],
      resolution: [...a.resolution, ...b.resolution],
      responsePending: a.responsePending + b.responsePending,
      resolutionPending: a.resolutionPending + b.resolutionPending,
    }),
    result: (s) => ({
      firstResponse: summarise(s.response, s.responsePending, percentiles),
      resolution: summarise(s.resolution, s.resolutionPending, percentiles),
    }),
  };
}

/**
 * First-response time and resolution time of tickets, in hours.
 *
 * first response = firstResponseAt − start; resolution = resolvedAt − start, where start =
 * `openedAt`, else `createdAt`. Tickets without the milestone yet are **excluded** from that
 * duration's statistics and counted in `stillOpen` (so the figures describe answered/resolved
 * tickets only; read them with `stillOpen` beside them, or use survival analysis for a censoring-aware view).
 *
 * Percentiles use Hyndman & Fan type 7 (R's default, Excel's PERCENTILE.INC): with the n values
 * sorted x₀ ≤ … ≤ xₙ₋₁, h = (n − 1)·p and Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋). The median is Q(0.5).
 *
 * Source: Hyndman & Fan (1996), "Sample quantiles in statistical packages", *The American
 * Statistician* 50(4); first response / resolution time as in Zendesk and Freshdesk reporting.
 *
 * @param tickets - tickets
 * @param options - `period` (on the start), `percentiles`
 * @returns summaries of both durations
 * @throws {@link ValidationError} for a bad period or percentile, or a milestone before the start
 *
 * @example
 * ```ts
 * import { ticketTimes } from 'crmkit/kpi';
 * const t0 = new Date('2025-01-01T00:00:00Z');
 * const h = (n: number) => new Date(t0.getTime() + n * 3_600_000);
 * ticketTimes([
 *   { createdAt: t0, firstResponseAt: h(1), resolvedAt: h(10) },
 *   { createdAt: t0, firstResponseAt: h(3) },
 *   { createdAt: t0 },
 * ]).firstResponse;
 * //=> { count: 2, stillOpen: 1, meanHours: 2, medianHours: 2, percentiles: { '0.5': 2, '0.75': 2.5, '0.9': 2.8 } }
 * ```
 */
export function ticketTimes(tickets: Iterable<TicketLike>, options: TicketTimesOptions = {}): TicketTimesResult {
  return accumulate(ticketTimesAccumulator(options), tickets);
}

// ---------------------------------------------------------------------------------------------
// Escalation rate
// ---------------------------------------------------------------------------------------------

/** Options of {@link escalationRate}. */
export interface EscalationRateOptions {
  /** Group by `'productId'`, `'category'`, or a function of the ticket (default: one group `'all'`). Missing values group under `'(none)'`. */
  readonly groupBy?: 'productId' | 'category' | ((ticket: TicketLike) => string);
  /** Only tickets opened in `[start, end)` (default: all). */
  readonly period?: Period;
}

/** Escalation rate of one group. */
export interface EscalationRateRow {
  /** Group key. */
  readonly key: string;
  /** Tickets. */
  readonly tickets: number;
  /** Escalated tickets (`escalatedAt` set or `escalationLevel > 0`). */
  readonly escalated: number;
  /** `escalated / tickets`; `null` without tickets. */
  readonly rate: number | null;
}

/** State of {@link escalationRateAccumulator}. */
export type EscalationRateState = Map<string, { tickets: number; escalated: number }>;

function groupOf(ticket: TicketLike, groupBy: EscalationRateOptions['groupBy']): string {
  if (groupBy === undefined) return 'all';
  if (typeof groupBy === 'function') return groupBy(ticket);
  return ticket[groupBy] ?? '(none)';
}

/**
 * The accumulator behind {@link escalationRate}.
 *
 * @param options - grouping, period
 * @returns a mergeable accumulator over tickets
 * @throws {@link ValidationError} for a bad period or grouping
 *
 * @example
 * ```ts
 * import { accumulate, escalationRateAccumulator } from 'crmkit/kpi';
 * accumulate(escalationRateAccumulator({ groupBy: 'category' }), tickets);
 * ```
 */
export function escalationRateAccumulator(
  options: EscalationRateOptions = {},
): Accumulator<TicketLike, EscalationRateState, EscalationRateRow[]> {
  const issues: ValidationIssue[] = [];
  if (options.period !== undefined) checkPeriod(options.period, ['period'], issues);
  const g = options.groupBy;
  if (g !== undefined && typeof g !== 'function' && g !== 'productId' && g !== 'category') {
    issues.push(issue(['groupBy'], 'must be "productId", "category" or a function'));
  }
  throwIfIssues('options', issues);
  return {
    init: () => new Map(),
    add(state, ticket) {
      if (options.period !== undefined && !inPeriod(ticketStart(ticket), options.period)) return state;
      const key = groupOf(ticket, options.groupBy);
      const cell = state.get(key) ?? { tickets: 0, escalated: 0 };
      cell.tickets += 1;
      if (isValidDate(ticket.escalatedAt) || (ticket.escalationLevel ?? 0) > 0) cell.escalated += 1;
      state.set(key, cell);
      return state;
    },
    merge(a, b) {
      for (const [key, cell] of b) {
        const mine = a.get(key) ?? { tickets: 0, escalated: 0 };
        a.set(key, { tickets: mine.tickets + cell.tickets, escalated: mine.escalated + cell.escalated });
      }
      return a;
    },
    result: (state) =>
      [...state.keys()].sort().map((key) => {
        const cell = state.get(key) as { tickets: number; escalated: number };
        return { key, tickets: cell.tickets, escalated: cell.escalated, rate: ratio(cell.escalated, cell.tickets) };
      }),
  };
}

/**
 * Escalation rate per product, category or any key.
 *
 * escalation rate(group) = #tickets escalated (with `escalatedAt`, or `escalationLevel` > 0) / #tickets,
 * over tickets opened in the period (if given).
 *
 * Source: the escalation rate of contact-centre reporting (e.g. Zendesk, ITIL incident management).
 *
 * @param tickets - tickets
 * @param options - `groupBy`, `period`
 * @returns one row per group, sorted by key
 * @throws {@link ValidationError} for a bad period or grouping
 *
 * @example
 * ```ts
 * import { escalationRate } from 'crmkit/kpi';
 * const createdAt = new Date('2025-01-01');
 * escalationRate([
 *   { createdAt, category: 'billing', escalationLevel: 1 },
 *   { createdAt, category: 'billing' },
 *   { createdAt, category: 'login' },
 * ], { groupBy: 'category' });
 * //=> [{ key: 'billing', tickets: 2, escalated: 1, rate: 0.5 }, { key: 'login', tickets: 1, escalated: 0, rate: 0 }]
 * ```
 */
export function escalationRate(tickets: Iterable<TicketLike>, options: EscalationRateOptions = {}): EscalationRateRow[] {
  return accumulate(escalationRateAccumulator(options), tickets);
}

// ---------------------------------------------------------------------------------------------
// Reopen rate
// ---------------------------------------------------------------------------------------------

/** Options of {@link reopenRate}. */
export interface ReopenRateOptions {
  /** Only tickets opened in `[start, end)` (default: all). */
  readonly period?: Period;
}

/** Result of {@link reopenRate}. */
export interface ReopenRateResult {
  /** Tickets resolved at least once (`resolvedAt` set, or `reopenCount` > 0). */
  readonly resolved: number;
  /** Of those, tickets reopened at least once. */
  readonly reopened: number;
  /** `reopened / resolved`; `null` when nothing was resolved. */
  readonly rate: number | null;
}

/** State of {@link reopenRateAccumulator}. */
export interface ReopenRateState {
  resolved: number;
  reopened: number;
}

/**
 * The accumulator behind {@link reopenRate}.
 *
 * @param options - period
 * @returns a mergeable accumulator over tickets
 * @throws {@link ValidationError} for a bad period; in `add`, a negative reopen count
 *
 * @example
 * ```ts
 * import { accumulate, reopenRateAccumulator } from 'crmkit/kpi';
 * accumulate(reopenRateAccumulator(), tickets).rate;
 * ```
 */
export function reopenRateAccumulator(options: ReopenRateOptions = {}): Accumulator<TicketLike, ReopenRateState, ReopenRateResult> {
  const issues: ValidationIssue[] = [];
  if (options.period !== undefined) checkPeriod(options.period, ['period'], issues);
  throwIfIssues('options', issues);
  return {
    init: () => ({ resolved: 0, reopened: 0 }),
    add(state, ticket) {
      if (options.period !== undefined && !inPeriod(ticketStart(ticket), options.period)) return state;
      const reopens = ticket.reopenCount ?? 0;
      if (!Number.isInteger(reopens) || reopens < 0) throwIfIssues('ticket', [issue(['reopenCount'], 'must be an integer ≥ 0')]);
      if (ticket.resolvedAt !== undefined || reopens > 0) state.resolved += 1;
      if (reopens > 0) state.reopened += 1;
      return state;
    },
    merge: (a, b) => ({ resolved: a.resolved + b.resolved, reopened: a.reopened + b.reopened }),
    result: (s) => ({ resolved: s.resolved, reopened: s.reopened, rate: ratio(s.reopened, s.resolved) }),
  };
}

/**
 * Reopen rate of tickets.
 *
 * reopen rate = #tickets reopened at least once (`reopenCount` > 0) / #tickets resolved at least
 * once (`resolvedAt` set, or `reopenCount` > 0 — a reopened ticket was resolved before, even if
 * it is open again now), over tickets opened in the period (if given).
 *
 * Source: the "reopen rate" of help-desk reporting (e.g. Zendesk "reopened tickets" metric).
 *
 * @param tickets - tickets
 * @param options - `period`
 * @returns `{ resolved, reopened, rate }`
 * @throws {@link ValidationError} for a bad period or a negative reopen count
 *
 * @example
 * ```ts
 * import { reopenRate } from 'crmkit/kpi';
 * const createdAt = new Date('2025-01-01');
 * reopenRate([
 *   { createdAt, resolvedAt: new Date('2025-01-02'), reopenCount: 1 },
 *   { createdAt, resolvedAt: new Date('2025-01-02') },
 *   { createdAt, reopenCount: 2 },
 *   { createdAt },
 * ]);
 * //=> { resolved: 3, reopened: 2, rate: 0.6666666666666666 }
 * ```
 */
export function reopenRate(tickets: Iterable<TicketLike>, options: ReopenRateOptions = {}): ReopenRateResult {
  return accumulate(reopenRateAccumulator(options), tickets);
}
