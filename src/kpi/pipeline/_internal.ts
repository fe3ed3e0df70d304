/**
 * Internals shared by the KPI families in `src/kpi/pipeline`, `src/kpi/customer` and
 * `src/kpi/service`: periods, validation, exact quantiles, calendar parts in a time zone, the
 * Wilson interval. Not re-exported from the package.
 *
 * @module
 * @internal
 */
import { CurrencyMismatchError, ValidationError, type ValidationIssue } from '../../errors';
import { normalQuantile } from '../../_lib/distributions';
import { issue } from '../../_lib/validation';
import type { Money } from '../../model/money';
import type { Period } from '../period';

/** Milliseconds in one day. */
export const MS_PER_DAY = 86_400_000;

/** @internal Is `value` a valid `Date`? */
export function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** @internal Pushes issues for a malformed period (invalid dates, end before start). */
export function checkPeriod(period: unknown, path: readonly PropertyKey[], issues: ValidationIssue[]): void {
  if (typeof period !== 'object' || period === null) {
    issues.push(issue(path, 'must be an object { start, end }'));
    return;
  }
  const { start, end } = period as { start?: unknown; end?: unknown };
  if (!isValidDate(start)) issues.push(issue([...path, 'start'], 'must be a valid Date'));
  if (!isValidDate(end)) issues.push(issue([...path, 'end'], 'must be a valid Date'));
  if (isValidDate(start) && isValidDate(end) && end.getTime() < start.getTime()) {
    issues.push(issue([...path, 'end'], 'end is before start'));
  }
}

/** @internal Is `at` inside the half-open period `[start, end)`? */
export function inPeriod(at: Date, period: Period): boolean {
  const t = at.getTime();
  return t >= period.start.getTime() && t < period.end.getTime();
}

/** @internal Throws a ValidationError for an item with an invalid date field. */
export function requireDate(value: unknown, subject: string, path: readonly PropertyKey[]): Date {
  if (!isValidDate(value)) throw new ValidationError(subject, [issue(path, 'must be a valid Date')]);
  return value;
}

/** @internal Throws for a malformed amount (non-integer minor units, missing currency) or, unless allowed, a negative one. */
export function requireMoney(value: unknown, subject: string, path: readonly PropertyKey[], allowNegative = false): Money {
  const money = value as Money | undefined;
  if (
    typeof money !== 'object' ||
    money === null ||
    typeof money.currency !== 'string' ||
    !Number.isSafeInteger(money.amountMinor)
  ) {
    throw new ValidationError(subject, [issue(path, 'must be a Money { amountMinor (integer), currency }')]);
  }
  if (!allowNegative && money.amountMinor < 0) {
    throw new ValidationError(subject, [issue([...path, 'amountMinor'], 'cannot be negative')]);
  }
  return money;
}

/** @internal Throws CurrencyMismatchError when `money` is not in `currency`. */
export function requireCurrency(money: Money, currency: string): void {
  if (money.currency !== currency) throw new CurrencyMismatchError([currency, money.currency]);
}

/** @internal Adds `value` to the number under `key`. */
export function addTo<K>(map: Map<K, number>, key: K, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** @internal Merges `b` into `a` by adding numbers under equal keys; returns `a`. */
export function mergeCounts<K>(a: Map<K, number>, b: Map<K, number>): Map<K, number> {
  for (const [key, value] of b) addTo(a, key, value);
  return a;
}

/** @internal Sorted copy of numbers (ascending). */
export function sortedNumbers(values: readonly number[]): number[] {
  return [...values].sort((x, y) => x - y);
}

/**
 * Quantile of **sorted** values by Hyndman & Fan type 7 (R's default `quantile(type = 7)`, Excel's
 * `PERCENTILE.INC`, NumPy's `linear`): h = (n − 1)·p, Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])
 * with 0-based x. `null` for no values.
 *
 * @internal
 */
export function quantileType7(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const xlo = sorted[lo] as number;
  const xhi = sorted[hi] as number;
  return xlo + (h - lo) * (xhi - xlo);
}

/** @internal Arithmetic mean, `null` for no values. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** A two-sided confidence interval. */
export interface Interval {
  /** Lower bound. */
  readonly lower: number;
  /** Upper bound. */
  readonly upper: number;
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927):
 * (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), with z = Φ⁻¹(1 − α/2).
 * `null` when n = 0.
 *
 * @internal
 */
export function wilsonInterval(successes: number, n: number, confidence: number): Interval | null {
  if (n === 0) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: Math.max(0, (centre - half) / denominator), upper: Math.min(1, (centre + half) / denominator) };
}

/** Calendar fields of an instant in a time zone. */
export interface CalendarParts {
  /** Full year. */
  readonly year: number;
  /** Month 1–12. */
  readonly month: number;
  /** ISO weekday 1 (Monday) – 7 (Sunday). */
  readonly weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * @internal Checks an IANA time-zone name with `Intl.DateTimeFormat`; pushes an issue when it is unknown.
 */
export function checkTimeZone(timeZone: unknown, path: readonly PropertyKey[], issues: ValidationIssue[]): void {
  if (typeof timeZone !== 'string') {
    issues.push(issue(path, 'must be an IANA time-zone name such as "UTC" or "Europe/Berlin"'));
    return;
  }
  try {
    formatterFor(timeZone);
  } catch {
    issues.push(issue(path, `unknown time zone ${JSON.stringify(timeZone)}`));
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** @internal Year, month and ISO weekday of `at` in `timeZone` (UTC fast path without Intl). */
export function calendarParts(at: Date, timeZone: string): CalendarParts {
  if (timeZone === 'UTC') {
    const day = at.getUTCDay();
    return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, weekday: day === 0 ? 7 : day };
  }
  let year = 0;
  let month = 0;
  let weekday = 0;
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
  }
  return { year, month, weekday };
}

/** @internal A month as a running index: year·12 + (month − 1). */
export function monthIndex(parts: { readonly year: number; readonly month: number }): number {
  return parts.year * 12 + (parts.month - 1);
}

/** @internal `YYYY-MM` of a running month index. */
export function monthLabel(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
