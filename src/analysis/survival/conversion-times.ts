/**
 * Turns CRM records (leads, deals, trials…) into survival observations: time from a start date to
 * conversion, censored at the analysis cutoff, with loss as a censoring (Kaplan–Meier) or a
 * competing outcome (Aalen–Johansen).
 *
 * @module
 */
import { ValidationError, type ValidationIssue } from '../../errors';
import { issue } from '../../_lib/validation';

/** A date as crmkit accepts it: a `Date`, an ISO 8601 string, or epoch milliseconds. */
export type DateInput = Date | string | number;

/** Time unit of the durations produced by {@link conversionTimes}. */
export type DurationUnit = 'hours' | 'days' | 'weeks';

/** Reads one date from a record: a property name, or a function of the record. */
export type DateSelector<R> = keyof R | ((record: R) => DateInput | null | undefined);

/** Options of {@link conversionTimes}. */
export interface ConversionTimesOptions<R> {
  /** The start of follow-up, e.g. `'createdAt'`. Required on every record. */
  readonly start: DateSelector<R>;
  /** The conversion date, e.g. `'convertedAt'`; null/undefined = not converted. */
  readonly end: DateSelector<R>;
  /** The loss date (lead disqualified, deal lost), if records have one; null/undefined = not lost. */
  readonly lost?: DateSelector<R>;
  /** The analysis date: follow-up stops here. Inject it (no hidden `Date.now()`). */
  readonly cutoff: DateInput;
  /** Unit of the durations; default `'days'` (fractional: 36 hours = 1.5). */
  readonly unit?: DurationUnit;
}

/** One observation produced by {@link conversionTimes}; usable by every estimator of this module. */
export interface ConversionObservation {
  /** Duration from start to conversion, loss or cutoff, in the chosen unit. */
  readonly time: number;
  /** Whether it converted (the Kaplan–Meier event); lost and open records are censored. */
  readonly event: boolean;
  /** The outcome for {@link aalenJohansen}: `'converted'`, `'lost'`, or `null` when still open at the cutoff. */
  readonly cause: 'converted' | 'lost' | null;
  /** Index of the source record in the input array. */
  readonly index: number;
}

/** Result of {@link conversionTimes}. */
export interface ConversionTimesResult {
  /** One observation per record that started on or before the cutoff, in input order. */
  readonly observations: readonly ConversionObservation[];
  /** Number of records excluded because they started after the cutoff. */
  readonly excluded: number;
  /** Their indices in the input. */
  readonly excludedIndices: readonly number[];
}

const UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

function toMillis(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? Number.NaN : value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'string') return Date.parse(value);
  return Number.NaN;
}

function selectorName<R>(selector: DateSelector<R>, fallback: string): PropertyKey {
  return typeof selector === 'function' ? fallback : selector;
}

function read<R>(record: R, selector: DateSelector<R>): unknown {
  if (typeof selector === 'function') return selector(record);
  return typeof record === 'object' && record !== null ? (record as Record<PropertyKey, unknown>)[selector] : undefined;
}

/**
 * Builds survival observations from records with a start date, an optional conversion date and an
 * optional loss date, as of an analysis cutoff:
 * - converted on or before the cutoff (and not after a loss) → event at conversion − start;
 * - lost on or before the cutoff, before converting → censored at loss − start for Kaplan–Meier,
 *   and `cause: 'lost'` (a competing outcome) for {@link aalenJohansen};
 * - neither by the cutoff → censored at cutoff − start (`cause: null`);
 * - started after the cutoff → excluded (counted in `excluded`).
 *
 * A conversion and a loss at the same instant count as a conversion. Dates after the cutoff are
 * ignored (they had not happened yet at the cutoff).
 *
 * Source: the standard right-censoring set-up (Klein & Moeschberger, §1.2).
 *
 * @param records - any records; not mutated
 * @param options - {@link ConversionTimesOptions}
 * @returns the observations and the count of excluded records
 * @throws {@link ValidationError} listing every problem: a missing or invalid start date, an
 *   invalid conversion/loss date, a conversion or loss before the start (negative duration) —
 *   each issue's path is `[recordIndex, field]` — or an invalid cutoff/unit
 *
 * @example
 * ```ts
 * import { conversionTimes, kaplanMeier } from 'crmkit/analysis';
 * const leads = [
 *   { createdAt: '2024-01-01', convertedAt: '2024-01-11', lostAt: null },
 *   { createdAt: '2024-01-05', convertedAt: null, lostAt: '2024-01-08' },
 *   { createdAt: '2024-01-20', convertedAt: null, lostAt: null },
 *   { createdAt: '2024-03-01', convertedAt: null, lostAt: null },
 * ];
 * const { observations, excluded } = conversionTimes(leads, {
 *   start: 'createdAt', end: 'convertedAt', lost: 'lostAt', cutoff: '2024-02-01',
 * });
 * observations.map((o) => [o.time, o.event, o.cause]);
 * //=> [[10, true, 'converted'], [3, false, 'lost'], [12, false, null]]
 * excluded; //=> 1
 * ```
 */
export function conversionTimes<R>(records: readonly R[], options: ConversionTimesOptions<R>): ConversionTimesResult {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(records)) throw new ValidationError('conversion records', [issue([], 'records must be an array')]);
  const unit = options.unit ?? 'days';
  if (!Object.hasOwn(UNIT_MS, unit)) issues.push(issue(['unit'], `unit must be hours, days or weeks, got ${String(unit)}`));
  const cutoff = toMillis(options.cutoff);
  if (cutoff === null || cutoff === undefined || Number.isNaN(cutoff)) {
    issues.push(issue(['cutoff'], `cutoff must be a valid date, got ${String(options.cutoff)}`));
  }
  for (const key of ['start', 'end'] as const) {
    const selector = options[key] as unknown;
    if (typeof selector !== 'function' && typeof selector !== 'string' && typeof selector !== 'symbol' && typeof selector !== 'number') {
      issues.push(issue([key], `${key} must be a property name or a function`));
    }
  }
  if (issues.length > 0) throw new ValidationError('conversion options', issues);
  const cut = cutoff as number;
  const scale = UNIT_MS[unit];
  const startKey = selectorName(options.start, 'start');
  const endKey = selectorName(options.end, 'end');
  const lostKey = options.lost === undefined ? 'lost' : selectorName(options.lost, 'lost');

  const observations: ConversionObservation[] = [];
  const excludedIndices: number[] = [];
  records.forEach((record, index) => {
    const start = toMillis(read(record, options.start));
    const converted = toMillis(read(record, options.end));
    const lost = options.lost === undefined ? undefined : toMillis(read(record, options.lost));
    let valid = true;
    if (start === null || start === undefined || Number.isNaN(start)) {
      issues.push(issue([index, startKey], 'start date is missing or not a valid date'));
      return;
    }
    if (converted !== null && converted !== undefined) {
      if (Number.isNaN(converted)) {
        issues.push(issue([index, endKey], 'conversion date is not a valid date'));
        valid = false;
      } else if (converted < start) {
        issues.push(issue([index, endKey], 'conversion date is before the start date (negative duration)'));
        valid = false;
      }
    }
    if (lost !== null && lost !== undefined) {
      if (Number.isNaN(lost)) {
        issues.push(issue([index, lostKey], 'loss date is not a valid date'));
        valid = false;
      } else if (lost < start) {
        issues.push(issue([index, lostKey], 'loss date is before the start date (negative duration)'));
        valid = false;
      }
    }
    if (!valid) return;
    if (start > cut) {
      excludedIndices.push(index);
      return;
    }
    const convertedBy = converted !== null && converted !== undefined && converted <= cut ? converted : null;
    const lostBy = lost !== null && lost !== undefined && lost <= cut ? lost : null;
    if (convertedBy !== null && (lostBy === null || convertedBy <= lostBy)) {
      observations.push({ time: (convertedBy - start) / scale, event: true, cause: 'converted', index });
    } else if (lostBy !== null) {
      observations.push({ time: (lostBy - start) / scale, event: false, cause: 'lost', index });
    } else {
      observations.push({ time: (cut - start) / scale, event: false, cause: null, index });
    }
  });
  if (issues.length > 0) throw new ValidationError('conversion records', issues);
  return { observations, excluded: excludedIndices.length, excludedIndices };
}
