/**
 * The three moments of an initiative: before, during and after.
 *
 * @module
 */
import { ValidationError, type ValidationIssue } from '../../errors';
import type { Campaign } from '../../model/campaign';
import { periodIssues } from './panel';
import type { Period } from '../period';

/** The three periods an initiative is judged on. */
export interface InitiativeMoments {
  /** Before the initiative (default: same length as the campaign, right before its start). */
  readonly before: Period;
  /** The campaign itself: [startAt, endAt). */
  readonly during: Period;
  /** After it (default: [endAt + 6 months, endAt + 12 months)). */
  readonly after: Period;
}

/** Options of {@link initiativeMoments}. */
export interface InitiativeMomentsOptions {
  /** Overrides the before-window. */
  readonly before?: Period;
  /** Overrides the after-window. */
  readonly after?: Period;
  /** Months from the campaign's end to the start of the after-window; default 6. */
  readonly afterOffsetMonths?: number;
  /** Length of the after-window in months; default 6. */
  readonly afterLengthMonths?: number;
}

/**
 * Adds calendar months in UTC, clamping the day to the end of the target month
 * (Jan 31 + 1 month = Feb 28/29), like date-fns `addMonths` but independent of the local time zone.
 *
 * @param date - a date
 * @param months - an integer number of months (may be negative)
 * @returns the shifted date, same UTC time of day
 *
 * @example
 * ```ts
 * import { addMonthsUtc } from 'crmkit/kpi';
 * addMonthsUtc(new Date('2025-01-31T00:00:00Z'), 1); //=> 2025-02-28T00:00:00.000Z
 * ```
 */
export function addMonthsUtc(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const out = new Date(date.getTime());
  out.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return out;
}

/**
 * The before, during and after periods of an initiative, each half-open [start, end).
 *
 * Defaults: during = [startAt, endAt); before = [startAt − (endAt − startAt), startAt), the same
 * length right before the start; after = [endAt + 6 months, endAt + 12 months) (months in UTC,
 * see {@link addMonthsUtc}), leaving the months right after the end — where the promotion's
 * pull-forward effect and stock-up distort purchases — out of the measure.
 *
 * @param campaign - the campaign's `startAt` and `endAt`
 * @param options - overrides of the before/after windows, or of the after offset and length
 * @returns the three periods
 * @throws {@link ValidationError} when `startAt`/`endAt` is missing or `endAt` is not after
 *   `startAt`, when a window ends before it starts, or offsets are not non-negative integers
 *
 * @example
 * ```ts
 * import { initiativeMoments } from 'crmkit/kpi';
 * initiativeMoments({ startAt: new Date('2025-03-01T00:00:00Z'), endAt: new Date('2025-04-01T00:00:00Z') });
 * //=> { before: [2025-01-29, 2025-03-01), during: [2025-03-01, 2025-04-01), after: [2025-10-01, 2026-04-01) }
 * ```
 */
export function initiativeMoments(
  campaign: Partial<Pick<Campaign, 'startAt' | 'endAt'>>,
  options: InitiativeMomentsOptions = {},
): InitiativeMoments {
  const issues: ValidationIssue[] = [];
  if (campaign.startAt === undefined) issues.push({ code: 'custom', path: ['startAt'], message: 'The campaign needs a startAt' });
  if (campaign.endAt === undefined) issues.push({ code: 'custom', path: ['endAt'], message: 'The campaign needs an endAt' });
  const offset = options.afterOffsetMonths ?? 6;
  const length = options.afterLengthMonths ?? 6;
  if (!Number.isInteger(offset) || offset < 0) issues.push({ code: 'custom', path: ['afterOffsetMonths'], message: `Expected a non-negative integer, got ${offset}` });
  if (!Number.isInteger(length) || length < 1) issues.push({ code: 'custom', path: ['afterLengthMonths'], message: `Expected a positive integer, got ${length}` });
  if (campaign.startAt === undefined || campaign.endAt === undefined || issues.length > 0) throw new ValidationError('campaign', issues);
  const during = { start: campaign.startAt, end: campaign.endAt };
  issues.push(...periodIssues(during, []));
  if (options.before !== undefined) issues.push(...periodIssues(options.before, ['before']));
  if (options.after !== undefined) issues.push(...periodIssues(options.after, ['after']));
  if (issues.length > 0) throw new ValidationError('campaign', issues);
  const span = during.end.getTime() - during.start.getTime();
  const before = options.before ?? { start: new Date(during.start.getTime() - span), end: during.start };
  const after = options.after ?? { start: addMonthsUtc(during.end, offset), end: addMonthsUtc(during.end, offset + length) };
  return { before, during, after };
}
