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

/**
 * The `next` of each generator made by {@link sequentialIds} (from a safe integer), or by
 * {@link uuidV7Ids} with its default random source: such a generator never returns the same id
 * twice for an entity while its `next` is still that function. (Sequential ids count up; UUID v7
 * ids count up within a millisecond, and ids made again in a millisecond the clock has gone back
 * to would need 73 random bits to coincide.)
 */
const nonRepeating = new WeakMap<IdGenerator, IdGenerator['next']>();

/** Records `ids` as a generator that never repeats an id (see {@link nonRepeating}). */
function neverRepeating<T extends IdGenerator>(ids: T): T {
  nonRepeating.set(ids, ids.next);
  return ids;
}

/**
 * Whether `ids` is a generator made here that never returns the same id twice (see
 * {@link nonRepeating}), so that ids it makes need no duplicate check among themselves. Internal.
 */
export function neverRepeats(ids: IdGenerator): boolean {
  const next = nonRepeating.get(ids);
  return next !== undefined && ids.next === next;
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

/** `HEX[2 * b]`, `HEX[2 * b + 1]`: the character codes of the byte `b` as two lower-case hex digits. */
const HEX = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  const digits = b.toString(16).padStart(2, '0');
  HEX[2 * b] = digits.charCodeAt(0);
  HEX[2 * b + 1] = digits.charCodeAt(1);
}
const DASH = 0x2d;

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
  // `Date.now()` is `new Date().getTime()` without making a `Date`.
  const now = clock === systemClock ? () => Date.now() : () => clock().getTime();
  let lastMs = -1;
  let counter = 0;
  const ids: IdGenerator = {
    next(): string {
      let ms = now();
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
      // The 16 bytes, each as its offset in HEX, then the text in one piece: a flat string is
      // several times cheaper to make, hash and send than one concatenated from 20 parts.
      const b0 = 2 * ((msHigh >>> 8) & 0xff);
      const b1 = 2 * (msHigh & 0xff);
      const b2 = 2 * (msLow >>> 24);
      const b3 = 2 * ((msLow >>> 16) & 0xff);
      const b4 = 2 * ((msLow >>> 8) & 0xff);
      const b5 = 2 * (msLow & 0xff);
      const b6 = 2 * (0x70 | (high >>> 6));
      const b7 = 2 * (((high & 0x3f) << 2) | (low >>> 30));
      const b8 = 2 * (0x80 | ((low >>> 24) & 0x3f));
      const b9 = 2 * ((low >>> 16) & 0xff);
      const b10 = 2 * ((low >>> 8) & 0xff);
      const b11 = 2 * (low & 0xff);
      const b12 = 2 * byte();
      const b13 = 2 * byte();
      const b14 = 2 * byte();
      const b15 = 2 * byte();
      const h = HEX;
      return String.fromCharCode(
        h[b0]!, h[b0 + 1]!, h[b1]!, h[b1 + 1]!, h[b2]!, h[b2 + 1]!, h[b3]!, h[b3 + 1]!, DASH,
        h[b4]!, h[b4 + 1]!, h[b5]!, h[b5 + 1]!, DASH,
        h[b6]!, h[b6 + 1]!, h[b7]!, h[b7 + 1]!, DASH,
        h[b8]!, h[b8 + 1]!, h[b9]!, h[b9 + 1]!, DASH,
        h[b10]!, h[b10 + 1]!, h[b11]!, h[b11 + 1]!, h[b12]!, h[b12 + 1]!, h[b13]!, h[b13 + 1]!, h[b14]!, h[b14 + 1]!, h[b15]!, h[b15 + 1]!,
      );
    },
  };
  // A caller's random source may repeat itself; the default one does not.
  return random ? ids : neverRepeating(ids);
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
  const ids: IdGenerator = {
    next(entity: string): string {
      const n = counters.get(entity) ?? start;
      counters.set(entity, n + 1);
      return `${entity}${separator}${String(n).padStart(width, '0')}`;
    },
  };
  // Counting from a safe integer never gives the same number twice (from NaN, or past 2^53, it would).
  return Number.isSafeInteger(start) ? neverRepeating(ids) : ids;
}
