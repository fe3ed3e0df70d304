/**
 * Injectable id generators. The default makes time-ordered UUID v7 ids (good B-tree locality
 * in SQL stores); {@link sequentialIds} makes readable, deterministic ids for tests and demos.
 *
 * @module
 */
import type { Clock } from './clock';
import { systemClock } from './clock';

/** Makes a new id for a record of the named entity. */
export interface IdGenerator {
  /**
   * @param entity - entity name, e.g. `'contact'`
   * @returns a new id, unique for the generator's lifetime
   */
  next(entity: string): string;
}

/** Options of {@link uuidV7Ids}. */
export interface UuidV7IdsOptions {
  /** Clock for the timestamp part (default: the system clock). */
  clock?: Clock;
  /** Source of uniform numbers in [0, 1) for the random part (default: `crypto.getRandomValues` when available). */
  random?: () => number;
}

function defaultRandomBytes(bytes: Uint8Array): void {
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (cryptoApi?.getRandomValues) {
    cryptoApi.getRandomValues(bytes);
    return;
  }
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
}

/**
 * UUID version 7 ids (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made later
 * sort later, which keeps SQL indexes compact.
 *
 * @param options - injectable clock and random source
 * @returns an id generator
 *
 * @example
 * ```ts
 * import { uuidV7Ids } from 'crmkit';
 * const ids = uuidV7Ids();
 * /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(ids.next('contact')); //=> true
 * ```
 */
export function uuidV7Ids(options: UuidV7IdsOptions = {}): IdGenerator {
  const clock = options.clock ?? systemClock;
  const random = options.random;
  return {
    next(): string {
      const bytes = new Uint8Array(16);
      if (random) for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random() * 256) & 0xff;
      else defaultRandomBytes(bytes);
      const ms = BigInt(clock().getTime());
      for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
      bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
      bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
      const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}

/** Options of {@link sequentialIds}. */
export interface SequentialIdsOptions {
  /** Number of digits, zero-padded (default 6). */
  width?: number;
  /** First number (default 1). */
  start?: number;
  /** Text put between the entity name and the number (default `'_'`). */
  separator?: string;
}

/**
 * Deterministic, readable ids: `contact_000001`, `contact_000002`, `deal_000001`… with one
 * counter per entity name.
 *
 * @param options - width, first number and separator
 * @returns an id generator
 *
 * @example
 * ```ts
 * import { sequentialIds } from 'crmkit';
 * const ids = sequentialIds();
 * ids.next('contact'); //=> 'contact_000001'
 * ids.next('contact'); //=> 'contact_000002'
 * ids.next('deal');    //=> 'deal_000001'
 * ```
 */
export function sequentialIds(options: SequentialIdsOptions = {}): IdGenerator {
  const width = options.width ?? 6;
  const start = options.start ?? 1;
  const separator = options.separator ?? '_';
  const counters = new Map<string, number>();
  return {
    next(entity: string): string {
      const n = counters.get(entity) ?? start;
      counters.set(entity, n + 1);
      return `${entity}${separator}${String(n).padStart(width, '0')}`;
    },
  };
}
