/**
 * Injectable clocks. crmkit never reads `Date.now()` inside domain logic: the service, the
 * importers and the analyses take a {@link Clock}, so tests and imports are deterministic.
 *
 * @module
 */

/** A source of the current time. */
export type Clock = () => Date;

/**
 * The real clock: `new Date()` at each call.
 *
 * @returns the current instant
 *
 * @example
 * ```ts
 * import { systemClock } from 'crmkit';
 * systemClock() instanceof Date; //=> true
 * ```
 */
export const systemClock: Clock = () => new Date();

/**
 * A clock stopped at one instant.
 *
 * @param at - the instant (a `Date` or an ISO 8601 string)
 * @returns a clock that always answers a copy of `at`
 *
 * @example
 * ```ts
 * import { fixedClock } from 'crmkit';
 * const clock = fixedClock('2025-01-01T00:00:00Z');
 * clock().toISOString(); //=> '2025-01-01T00:00:00.000Z'
 * ```
 */
export function fixedClock(at: Date | string): Clock {
  const ms = new Date(at).getTime();
  return () => new Date(ms);
}

/**
 * A clock that starts at `start` and advances by `stepMs` milliseconds at every call: each call
 * gets a distinct, increasing instant (handy for ordering in tests).
 *
 * @param start - the first instant returned
 * @param stepMs - milliseconds added after each call (default 1000)
 * @returns the stepping clock
 *
 * @example
 * ```ts
 * import { steppingClock } from 'crmkit';
 * const clock = steppingClock('2025-01-01T00:00:00Z', 60_000);
 * clock().toISOString(); //=> '2025-01-01T00:00:00.000Z'
 * clock().toISOString(); //=> '2025-01-01T00:01:00.000Z'
 * ```
 */
export function steppingClock(start: Date | string, stepMs = 1000): Clock {
  let ms = new Date(start).getTime();
  return () => {
    const now = new Date(ms);
    ms += stepMs;
    return now;
  };
}
