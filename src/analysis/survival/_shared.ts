/**
 * Internals shared by the survival estimators: input validation, confidence-interval transforms
 * (R's `survfit_confint`) and group ordering. Not re-exported from the package.
 *
 * @module
 * @internal
 */
import { ValidationError, type ValidationIssue } from '../../errors';
import { normalQuantile } from '../../_lib/distributions';
import { issue } from '../../_lib/validation';

/**
 * How a pointwise confidence interval for a probability is built (R's `conf.type`).
 *
 * - `'log'` (R's default): S·exp(±z·se(log S)), upper bound capped at 1.
 * - `'log-log'`: exp(−exp(log(−log S) ∓ z·se(log S)/log S)).
 * - `'plain'`: S ± z·se(S), clipped to [0, 1].
 * - `'none'`: no interval (bounds are `null`).
 */
export type ConfidenceType = 'log' | 'log-log' | 'plain' | 'none';

/** The values accepted for {@link ConfidenceType}. */
export const CONFIDENCE_TYPES: readonly ConfidenceType[] = ['log', 'log-log', 'plain', 'none'];

/** A group key: a string or a finite number. */
export type GroupKey = string | number;

/** @internal Converts NaN and ±Infinity to null (R's NA / NaN / Inf in an estimate). */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** @internal Checks `confType` and `confLevel`, pushing issues with the option's path. */
export function checkConfidence(confType: unknown, confLevel: unknown, issues: ValidationIssue[]): void {
  if (!CONFIDENCE_TYPES.includes(confType as ConfidenceType)) {
    issues.push(issue(['confType'], `must be one of ${CONFIDENCE_TYPES.join(', ')}, got ${String(confType)}`));
  }
  if (typeof confLevel !== 'number' || !(confLevel > 0 && confLevel < 1)) {
    issues.push(issue(['confLevel'], `must be a number strictly between 0 and 1, got ${String(confLevel)}`));
  }
}

/** @internal z = Φ⁻¹(1 − (1 − level)/2), computed as R does. */
export function zValue(confLevel: number): number {
  return normalQuantile(1 - (1 - confLevel) / 2);
}

/**
 * Pointwise confidence bounds for a probability `p`, exactly as R's `survfit_confint` with
 * `ulimit = TRUE` and the usual lower limit.
 *
 * @param p - the estimate
 * @param se - its standard error: of log p when `logse`, of p otherwise
 * @param logse - whether `se` is on the log scale
 * @returns NaN where R returns NA/NaN (callers map it to null)
 * @internal
 */
export function confidenceBounds(
  p: number,
  se: number,
  logse: boolean,
  confType: ConfidenceType,
  z: number,
): { lower: number; upper: number } {
  // R: if (!logse) se <- ifelse(se == 0, 0, se / p)
  const s = logse ? se : se === 0 ? 0 : se / p;
  switch (confType) {
    case 'plain': {
      const se2 = s * p * z;
      return { lower: nanMax(p - se2, 0), upper: nanMin(p + se2, 1) };
    }
    case 'log': {
      const xx = p === 0 ? Number.NaN : p;
      const se2 = z * s;
      return { lower: Math.exp(Math.log(xx) - se2), upper: nanMin(Math.exp(Math.log(xx) + se2), 1) };
    }
    case 'log-log': {
      const xx = p === 0 || p === 1 ? Number.NaN : p;
      const se2 = (z * s) / Math.log(xx);
      const ll = Math.log(-Math.log(xx));
      return { lower: Math.exp(-Math.exp(ll - se2)), upper: Math.exp(-Math.exp(ll + se2)) };
    }
    case 'none':
      return { lower: Number.NaN, upper: Number.NaN };
  }
}

/** R's pmax for one pair: NaN propagates. */
function nanMax(a: number, b: number): number {
  return Number.isNaN(a) ? a : Math.max(a, b);
}

/** R's pmin for one pair: NaN propagates. */
function nanMin(a: number, b: number): number {
  return Number.isNaN(a) ? a : Math.min(a, b);
}

/**
 * Sorts distinct group keys: numbers ascending before strings, strings by UTF-16 code units.
 * Deterministic whatever the input order.
 * @internal
 */
export function compareKeys(a: GroupKey, b: GroupKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** @internal Whether `value` is a usable group key. */
export function isGroupKey(value: unknown): value is GroupKey {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** @internal Checks the time of observation `index`, pushing issues. */
export function checkTime(value: unknown, index: number, issues: ValidationIssue[]): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push(issue([index, 'time'], `time must be a finite number, got ${String(value)}`));
    return false;
  }
  if (value < 0) {
    issues.push(issue([index, 'time'], `time must be ≥ 0, got ${value}`));
    return false;
  }
  return true;
}

/** @internal Checks the event flag of observation `index`; returns it as a boolean. */
export function checkEvent(value: unknown, index: number, issues: ValidationIssue[]): boolean {
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  issues.push(issue([index, 'event'], `event must be true/false or 1/0, got ${String(value)}`));
  return false;
}

/** @internal Checks that `observations` is an array. */
export function checkArray(subject: string, observations: unknown): asserts observations is readonly unknown[] {
  if (!Array.isArray(observations)) {
    throw new ValidationError(subject, [issue([], 'observations must be an array')]);
  }
}

/** @internal Reads a property of an unknown record. */
export function field(record: unknown, key: string): unknown {
  return typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[key] : undefined;
}

/**
 * @internal Reads the time, event and (with `withGroup`) group of each observation, pushing an
 * issue for each malformed field; only valid times and groups are kept.
 */
export function readObservations(
  observations: readonly unknown[],
  issues: ValidationIssue[],
  withGroup: boolean,
): { times: number[]; events: boolean[]; groups: GroupKey[] } {
  const times: number[] = [];
  const events: boolean[] = [];
  const groups: GroupKey[] = [];
  observations.forEach((observation, index) => {
    if (typeof observation !== 'object' || observation === null) {
      issues.push(issue([index], 'observation must be an object'));
      return;
    }
    const time = field(observation, 'time');
    const okTime = checkTime(time, index, issues);
    const event = checkEvent(field(observation, 'event'), index, issues);
    if (withGroup) {
      const group = field(observation, 'group');
      if (!isGroupKey(group)) issues.push(issue([index, 'group'], 'group must be a string or a finite number'));
      else groups.push(group);
    }
    if (okTime) times.push(time);
    events.push(event);
  });
  return { times, events, groups };
}
