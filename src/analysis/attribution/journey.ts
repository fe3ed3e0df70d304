/**
 * Customer journeys: the ordered touches of one contact, whether they converted and for how
 * much. The input of every attribution model, built from touchpoints by {@link journeysFromTouchpoints}.
 *
 * @module analysis/attribution
 */
import { CurrencyMismatchError, ValidationError, type ValidationIssue } from '../../errors';
import type { Touchpoint } from '../../model/touchpoint';

/** One touch of a journey. */
export interface JourneyTouch {
  /** The channel (any string: `paid_search`, `C1`, a campaign id…). */
  readonly channel: string;
  /** When it happened (needed by time decay only; a `Date`, epoch milliseconds or ISO string). */
  readonly at?: Date | number | string;
}

/** One contact's journey. */
export interface Journey {
  /** Who (informative only). */
  readonly contactId?: string;
  /** The touches in time order (earliest first). */
  readonly touches: readonly JourneyTouch[];
  /** Whether the journey ended in a conversion. */
  readonly converted: boolean;
  /** The conversion value (default 0); ignored when not converted. */
  readonly value?: number;
  /** When the conversion happened (time decay; default: the last touch's time). */
  readonly conversionAt?: Date | number | string;
}

/** Options of {@link journeysFromTouchpoints}. */
export interface JourneysFromTouchpointsOptions {
  /** Count the conversion touchpoint's own channel as the last touch of the journey (default `true`). */
  readonly includeConversionTouch?: boolean;
}

/** Milliseconds since the epoch of a date input. */
export function toMillis(value: Date | number | string): number {
  return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
}

/**
 * Splits each contact's touchpoints into journeys: touchpoints are ordered by `occurredAt`
 * (ties keep input order); every conversion touchpoint closes a converted journey made of the
 * touches since the previous conversion; touches after the last conversion form one
 * non-converted journey. The conversion value is `value.amountMinor` (integer minor units).
 *
 * @param touchpoints - stored touchpoints of any number of contacts
 * @param options - whether the conversion touch itself is a touch of the journey
 * @returns journeys, by contact id (sorted) then time
 * @throws {@link CurrencyMismatchError} when conversion values use more than one currency
 * @example
 * ```ts
 * journeysFromTouchpoints(touchpoints)[0];
 * //=> { contactId: 'c1', touches: [{ channel: 'email', at: … }, { channel: 'paid_search', at: … }], converted: true, value: 5000, conversionAt: … }
 * ```
 */
export function journeysFromTouchpoints(
  touchpoints: readonly Touchpoint[],
  options: JourneysFromTouchpointsOptions = {},
): Journey[] {
  const includeConversionTouch = options.includeConversionTouch ?? true;
  const currencies = new Set<string>();
  const byContact = new Map<string, { tp: Touchpoint; order: number }[]>();
  touchpoints.forEach((tp, order) => {
    const list = byContact.get(tp.contactId) ?? [];
    list.push({ tp, order });
    byContact.set(tp.contactId, list);
    if (tp.conversion && tp.value !== undefined) currencies.add(tp.value.currency);
  });
  if (currencies.size > 1) throw new CurrencyMismatchError([...currencies].sort());
  const journeys: Journey[] = [];
  for (const contactId of [...byContact.keys()].sort()) {
    const list = (byContact.get(contactId) ?? []).sort(
      (a, b) => a.tp.occurredAt.getTime() - b.tp.occurredAt.getTime() || a.order - b.order,
    );
    let touches: JourneyTouch[] = [];
    for (const { tp } of list) {
      if (!tp.conversion) {
        touches.push({ channel: tp.channel, at: tp.occurredAt });
        continue;
      }
      if (includeConversionTouch) touches.push({ channel: tp.channel, at: tp.occurredAt });
      journeys.push({ contactId, touches, converted: true, value: tp.value?.amountMinor ?? 0, conversionAt: tp.occurredAt });
      touches = [];
    }
    if (touches.length > 0) journeys.push({ contactId, touches, converted: false });
  }
  return journeys;
}

/**
 * Checks journeys: channels non-empty strings, values finite, dates parseable.
 *
 * @param journeys - journeys to check
 * @param needTimes - whether touch and conversion times are required (time decay)
 * @throws {@link ValidationError} listing every problem with its path
 */
export function validateJourneys(journeys: readonly Journey[], needTimes = false): void {
  const issues: ValidationIssue[] = [];
  journeys.forEach((journey, j) => {
    journey.touches.forEach((touch, t) => {
      if (typeof touch.channel !== 'string' || touch.channel === '') {
        issues.push({ code: 'invalid_channel', path: [j, 'touches', t, 'channel'], message: 'channel must be a non-empty string' });
      }
      if (needTimes && (touch.at === undefined || !Number.isFinite(toMillis(touch.at)))) {
        issues.push({ code: 'invalid_date', path: [j, 'touches', t, 'at'], message: 'a valid touch time is required' });
      }
    });
    if (journey.value !== undefined && !Number.isFinite(journey.value)) {
      issues.push({ code: 'invalid_value', path: [j, 'value'], message: 'value must be a finite number' });
    }
    if (journey.conversionAt !== undefined && !Number.isFinite(toMillis(journey.conversionAt))) {
      issues.push({ code: 'invalid_date', path: [j, 'conversionAt'], message: 'conversionAt must be a valid date' });
    }
  });
  if (issues.length > 0) throw new ValidationError('journeys', issues);
}

/**
 * The channel path of a journey, optionally with consecutive repeats collapsed
 * (`A > A > B` → `A > B`).
 *
 * @param journey - a journey
 * @param compressRepeats - collapse runs of the same channel
 * @returns the channels in order
 * @example
 * ```ts
 * journeyPath({ touches: [{ channel: 'A' }, { channel: 'A' }, { channel: 'B' }], converted: false }, true); //=> ['A', 'B']
 * ```
 */
export function journeyPath(journey: Journey, compressRepeats = false): string[] {
  const out: string[] = [];
  for (const { channel } of journey.touches) {
    if (compressRepeats && out[out.length - 1] === channel) continue;
    out.push(channel);
  }
  return out;
}
