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

/** Random bytes drawn from the source in blocks (one `getRandomValues` call per block, not per id). */
const POOL_SIZE = 4096;

/** `HEX[b]`: the byte `b` as two lower-case hex digits. */
const HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

const TWO_32 = 2 ** 32;
/** The counter is 42 bits (rand_a and the top 30 bits of rand_b); a new millisecond seeds it below 2^41. */
const COUNTER_LIMIT = 2 ** 42;

/**
 * UUID version 7 ids (RFC 9562): 48 bits of Unix milliseconds, then a 42-bit counter (the 12
 * bits of `rand_a` and the top 30 bits of `rand_b`, RFC 9562 §6.2 method 1) and 32 random bits.
 * Each new millisecond seeds the counter with 41 random bits; ids made within the same
 * millisecond increment it, so ids sort in the order they were made, and ids made in later
 * milliseconds sort later, which keeps SQL indexes compact. Random bytes are drawn in blocks.
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
  const pool = new Uint8Array(random ? 0 : POOL_SIZE);
  let used = POOL_SIZE;
  const byte = random
    ? () => Math.floor(random() * 256) & 0xff
    : () => {
        if (used === POOL_SIZE) {
          defaultRandomBytes(pool);
          used = 0;
        }
        return pool[used++] as number;
      };
  let lastMs = -1;
  let counter = 0;
  return {
    next(): string {
      let ms = clock().getTime();
      if (ms === lastMs && counter + 1 < COUNTER_LIMIT) counter++;
      else {
        // Cannot overflow in practice (2^41 ids in one millisecond); if it did, borrow the next one.
        if (ms === lastMs) ms++;
        // 41 random bits: 9 from the first byte's low bit and the next, then four more bytes.
        counter = (byte() & 0x01) * TWO_32 * 256 + byte() * TWO_32 + ((byte() << 24) >>> 0) + (byte() << 16) + (byte() << 8) + byte();
        lastMs = ms;
      }
      const high = Math.floor(counter / TWO_32); // the counter's top 10 bits
      const low = counter % TWO_32; // its low 32 bits
      const msHigh = Math.floor(ms / TWO_32);
      const msLow = ms % TWO_32;
      return (
        HEX[(msHigh >>> 8) & 0xff]! +
        HEX[msHigh & 0xff]! +
        HEX[msLow >>> 24]! +
        HEX[(msLow >>> 16) & 0xff]! +
        '-' +
        HEX[(msLow >>> 8) & 0xff]! +
        HEX[msLow & 0xff]! +
        '-' +
        HEX[0x70 | (high >>> 6)]! +
        HEX[((high & 0x3f) << 2) | (low >>> 30)]! +
        '-' +
        HEX[0x80 | ((low >>> 24) & 0x3f)]! +
        HEX[(low >>> 16) & 0xff]! +
        '-' +
        HEX[(low >>> 8) & 0xff]! +
        HEX[low & 0xff]! +
        HEX[byte()]! +
        HEX[byte()]! +
        HEX[byte()]! +
        HEX[byte()]!
      );
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
