/**
 * Parsing of cell values: dates in ISO and locale formats with an explicit timezone, numbers
 * with explicit decimal and thousands separators, money. Nothing is guessed per row: the
 * formats are options, and a cell that does not match them is an error.
 *
 * @module
 */
import { isValid, parse as parseWithFormat } from 'date-fns';
import { InvalidArgumentError } from '../errors';
import { moneyFromMajor, type Money } from '../model/money';

/**
 * A date format: `'iso'` (ISO 8601: `2025-03-01`, `2025-03-01T14:30`, `2025-03-01 14:30:00`,
 * `2025-03-01T14:30:00Z`, `…+01:00`), one of the common locale formats, or any date-fns
 * pattern. Locale formats also accept a time after the date (`HH:mm`, `HH:mm:ss`, `h:mm a`).
 */
export type DateFormat = 'iso' | 'dd/MM/yyyy' | 'MM/dd/yyyy' | 'dd.MM.yyyy' | 'yyyy-MM-dd' | 'dd-MM-yyyy' | (string & {});

/** Options of {@link parseDateTime}. */
export interface DateParseOptions {
  /** The format of the cells (default `'iso'`). */
  readonly format?: DateFormat;
  /**
   * The timezone of values without an offset: an IANA name (`'Europe/Rome'`), `'UTC'`, or a
   * fixed offset (`'+02:00'`). Required: a wall-clock time is not an instant without one. A
   * date-only value becomes midnight of that day in this timezone.
   */
  readonly timeZone: string;
}

/** Options of {@link parseDecimal}. */
export interface NumberParseOptions {
  /** The decimal separator (default `'.'`). */
  readonly decimalSeparator?: '.' | ',';
  /** The thousands separator, if the file uses one (default none). Must differ from the decimal separator. */
  readonly thousandsSeparator?: ',' | '.' | ' ' | "'" | '';
}

const TIME_SUFFIXES = ['', " HH:mm", " HH:mm:ss", " H:mm", " H:mm:ss", " h:mm a", " h:mm:ss a", "'T'HH:mm", "'T'HH:mm:ss", ', HH:mm', ', h:mm a'];
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** Wall-clock fields of a date (month 1–12). */
interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

const HOUR_MS = 3_600_000;
/** Largest number of hours remembered per timezone (then the cache starts over). */
const OFFSET_CACHE_HOURS = 100_000;
/** Per IANA timezone: UTC hour (ms / 3,600,000) → the offset throughout that hour, when it has one. */
const hourOffsets = new Map<string, Map<number, number>>();
const DAY_MS = 86_400_000;
/** Largest number of days remembered per timezone (then the cache starts over). */
const OFFSET_CACHE_DAYS = 100_000;
/** Per IANA timezone: UTC day (ms / 86,400,000) → the offset throughout that day, when it has one. */
const dayOffsets = new Map<string, Map<number, number>>();

/**
 * The UTC offset of `timeZone` at `at`, in minutes. An IANA zone's offset is looked up once
 * per UTC day when it does not change during that day, else once per UTC hour: when the offset at the start and at the end of the hour agree, no transition
 * happens inside it (zones never change twice within an hour) and the value is remembered;
 * otherwise it is computed for the instant itself.
 */
function offsetMinutes(timeZone: string, at: number): number {
  if (timeZone === 'UTC' || timeZone === 'Z') return 0;
  const fixed = OFFSET.exec(timeZone);
  if (fixed !== null) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  const day = Math.floor(at / DAY_MS);
  let days = dayOffsets.get(timeZone);
  const daily = days?.get(day);
  if (daily !== undefined) return daily;
  if (days === undefined || days.size >= OFFSET_CACHE_DAYS) dayOffsets.set(timeZone, (days = new Map()));
  // A day whose offset is the same at its start, its middle and its end has no transition in it
  // (zones never change and change back within twelve hours).
  const dayStart = zoneOffsetMinutes(timeZone, day * DAY_MS);
  if (dayStart === zoneOffsetMinutes(timeZone, day * DAY_MS + DAY_MS / 2) && dayStart === zoneOffsetMinutes(timeZone, day * DAY_MS + DAY_MS - 1)) {
    days.set(day, dayStart);
    return dayStart;
  }
  const hour = Math.floor(at / HOUR_MS);
  let cache = hourOffsets.get(timeZone);
  const cached = cache?.get(hour);
  if (cached !== undefined) return cached;
  const start = zoneOffsetMinutes(timeZone, hour * HOUR_MS);
  const end = zoneOffsetMinutes(timeZone, hour * HOUR_MS + HOUR_MS - 1);
  if (start !== end) return zoneOffsetMinutes(timeZone, at);
  if (cache === undefined || cache.size >= OFFSET_CACHE_HOURS) hourOffsets.set(timeZone, (cache = new Map()));
  cache.set(hour, start);
  return start;
}

/** The UTC offset of an IANA timezone at `at`, in minutes, from `Intl.DateTimeFormat`. */
function zoneOffsetMinutes(timeZone: string, at: number): number {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new InvalidArgumentError(`Unknown timezone "${timeZone}"`, { cause });
    }
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(at))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the clocks of `timeZone` show the given wall-clock time. For a time
 * that occurs twice (DST fall-back) the earlier instant; for a time skipped by DST, the instant
 * one offset-change later (as `Temporal` does with `disambiguation: 'compatible'`).
 */
function wallClockToInstant(wall: WallClock, timeZone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms);
  const first = naive - offsetMinutes(timeZone, naive) * 60_000;
  const second = naive - offsetMinutes(timeZone, first) * 60_000;
  if (first === second) return new Date(first);
  // Ambiguous or skipped: prefer the earlier candidate that maps back to the same wall clock.
  const candidates = [Math.min(first, second), Math.max(first, second)];
  for (const candidate of candidates) if (candidate + offsetMinutes(timeZone, candidate) * 60_000 === naive) return new Date(candidate);
  return new Date(Math.max(first, second));
}

function validWall(wall: WallClock): boolean {
  const probe = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  return (
    probe.getUTCFullYear() === wall.year &&
    probe.getUTCMonth() === wall.month - 1 &&
    probe.getUTCDate() === wall.day &&
    wall.hour < 24 &&
    wall.minute < 60 &&
    wall.second < 60
  );
}

/** A numeric day-month-year format, compiled: the cell pattern and the group of each field. */
interface LocalPattern {
  readonly regex: RegExp;
  readonly day: number;
  readonly month: number;
  readonly year: number;
}

const localPatterns = new Map<string, LocalPattern | null>();
const LOCAL_FORMAT = /^(dd|MM|yyyy)([./-])(dd|MM|yyyy)\2(dd|MM|yyyy)$/;

/**
 * The fast path of a locale format made of `dd`, `MM` and `yyyy` with one separator
 * (`dd.MM.yyyy`, `MM/dd/yyyy`, …): a regular expression for the cell with an optional
 * ` HH:mm[:ss]` (or `T…`) time; `null` for other formats. It accepts a subset of what date-fns
 * accepts for the format and its time suffixes, and reads it the same way; anything else (a
 * 12-hour time, a two-digit year) is left to date-fns.
 */
function localPattern(format: string): LocalPattern | null {
  let pattern = localPatterns.get(format);
  if (pattern !== undefined) return pattern;
  const m = LOCAL_FORMAT.exec(format);
  const tokens = m === null ? [] : [m[1], m[3], m[4]];
  if (m === null || new Set(tokens).size !== 3) pattern = null;
  else {
    const separator = `\\${m[2]}`;
    const field = (token: string | undefined) => (token === 'yyyy' ? '(\\d{4})' : '(\\d{1,2})');
    pattern = {
      regex: new RegExp(`^${field(tokens[0])}${separator}${field(tokens[1])}${separator}${field(tokens[2])}(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?$`),
      day: tokens.indexOf('dd') + 1,
      month: tokens.indexOf('MM') + 1,
      year: tokens.indexOf('yyyy') + 1,
    };
  }
  localPatterns.set(format, pattern);
  return pattern;
}

/** The wall clock of a cell matching a {@link LocalPattern}, when it is a valid one. */
function fastWallClock(text: string, pattern: LocalPattern): WallClock | undefined {
  const m = pattern.regex.exec(text);
  if (m === null) return undefined;
  const wall = {
    year: Number(m[pattern.year]),
    month: Number(m[pattern.month]),
    day: Number(m[pattern.day]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    ms: 0,
  };
  return wall.year >= 1000 && validWall(wall) ? wall : undefined;
}

/** Parses the wall-clock fields of a cell in the given format; `undefined` when it does not match. */
function parseWallClock(text: string, format: DateFormat): WallClock | undefined {
  if (format === 'iso' || format === 'yyyy-MM-dd') {
    const m = ISO_LOCAL.exec(text);
    if (m === null) return undefined;
    const wall = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
      ms: Number((m[7] ?? '0').padEnd(3, '0')),
    };
    return validWall(wall) ? wall : undefined;
  }
  const fast = localPattern(format);
  if (fast !== null) {
    const wall = fastWallClock(text, fast);
    if (wall !== undefined) return wall;
  }
  // date-fns parses into a local Date whose local fields are the cell's fields; we read them back.
  const fourDigitYear = format.includes('yyyy');
  const reference = new Date(2000, 0, 1, 0, 0, 0, 0);
  for (const suffix of TIME_SUFFIXES) {
    const parsed = parseWithFormat(text, `${format}${suffix}`, reference);
    if (!isValid(parsed)) continue;
    // date-fns reads `yyyy` with fewer digits too ('25' as year 25, which became 1925 on the way
    // to an instant): a four-digit year field takes four digits, like the fast path above.
    if (fourDigitYear && parsed.getFullYear() < 1000) continue;
    return {
      year: parsed.getFullYear(),
      month: parsed.getMonth() + 1,
      day: parsed.getDate(),
      hour: parsed.getHours(),
      minute: parsed.getMinutes(),
      second: parsed.getSeconds(),
      ms: parsed.getMilliseconds(),
    };
  }
  return undefined;
}

/**
 * Parses a date or date-time cell into an instant. Values with an offset (`Z`, `+01:00`) are
 * taken as they are; values without one are read as wall-clock time in `timeZone`; a date-only
 * value becomes midnight of that day in `timeZone`. Uses date-fns `parse` for locale patterns.
 *
 * @param text - the cell (trimmed by the caller or not)
 * @param options - the format and the timezone
 * @returns the instant
 * @throws {@link crmkit!InvalidArgumentError} when the cell does not match the format, or the timezone is unknown
 * @example
 * ```ts
 * import { parseDateTime } from 'crmkit/io';
 * parseDateTime('05/03/2025', { format: 'dd/MM/yyyy', timeZone: 'Europe/Rome' }).toISOString(); //=> '2025-03-04T23:00:00.000Z'
 * parseDateTime('03/05/2025 2:30 PM', { format: 'MM/dd/yyyy', timeZone: 'America/New_York' }).toISOString(); //=> '2025-03-05T19:30:00.000Z'
 * parseDateTime('2025-03-05T10:00:00Z', { timeZone: 'Asia/Tokyo' }).toISOString(); //=> '2025-03-05T10:00:00.000Z'
 * ```
 */
export function parseDateTime(text: string, options: DateParseOptions): Date {
  const value = text.trim();
  const format = options.format ?? 'iso';
  if (ISO_WITH_OFFSET.test(value)) {
    const date = new Date(value.replace(' ', 'T'));
    if (!Number.isNaN(date.getTime())) return date;
  }
  if (typeof options.timeZone !== 'string' || options.timeZone === '') throw new InvalidArgumentError('A timeZone is required to read dates without an offset');
  const wall = parseWallClock(value, format) ?? (format === 'iso' ? undefined : parseWallClock(value, 'iso'));
  if (wall === undefined) throw new InvalidArgumentError(`"${value}" is not a date in the format ${format}`);
  return wallClockToInstant(wall, options.timeZone);
}

/**
 * Parses a date cell into a calendar date (`YYYY-MM-DD`), without any timezone arithmetic: the
 * day written in the cell. A time part, if present, is ignored.
 *
 * @param text - the cell
 * @param format - the format (default `'iso'`)
 * @returns the calendar date
 * @throws {@link crmkit!InvalidArgumentError} when the cell does not match the format
 * @example
 * ```ts
 * import { parseCalendarDate } from 'crmkit/io';
 * parseCalendarDate('31.12.2024', 'dd.MM.yyyy'); //=> '2024-12-31'
 * ```
 */
export function parseCalendarDate(text: string, format: DateFormat = 'iso'): string {
  const value = text.trim();
  const wall = parseWallClock(value, format) ?? (ISO_WITH_OFFSET.test(value) ? parseWallClock(value.slice(0, 10), 'iso') : undefined);
  if (wall === undefined) throw new InvalidArgumentError(`"${value}" is not a date in the format ${format}`);
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Normalises a number cell to a plain decimal string (`'1234.5'`) with the separators the
 * options declare. Thousands separators must group digits by three; anything else is an error.
 *
 * @param text - the cell
 * @param options - decimal and thousands separators
 * @returns the normalised decimal string
 * @throws {@link crmkit!InvalidArgumentError} for a cell that is not a number in that notation, or identical separators
 * @example
 * ```ts
 * import { normalizeDecimal } from 'crmkit/io';
 * normalizeDecimal('1.234,50', { decimalSeparator: ',', thousandsSeparator: '.' }); //=> '1234.50'
 * ```
 */
export function normalizeDecimal(text: string, options: NumberParseOptions = {}): string {
  const decimal = options.decimalSeparator ?? '.';
  const thousands = options.thousandsSeparator ?? '';
  if (thousands === decimal) throw new InvalidArgumentError('The decimal and thousands separators must differ');
  const value = text.trim().replace(/\u00a0|\u202f/g, ' ');
  const d = escapeRegExp(decimal);
  const grouped = thousands === '' ? '' : `|\\d{1,3}(?:${escapeRegExp(thousands)}\\d{3})+`;
  const pattern = new RegExp(`^([+-])?(\\d+${grouped})(?:${d}(\\d+))?$`);
  const match = pattern.exec(value);
  if (match === null) throw new InvalidArgumentError(`"${value}" is not a number with decimal separator "${decimal}"${thousands === '' ? '' : ` and thousands separator "${thousands}"`}`);
  const whole = (match[2] ?? '0').split(thousands === '' ? /(?!)/ : thousands).join('');
  return `${match[1] === '-' ? '-' : ''}${whole}${match[3] === undefined ? '' : `.${match[3]}`}`;
}

/**
 * Parses a number cell with explicit separators.
 *
 * @param text - the cell
 * @param options - decimal and thousands separators
 * @returns the number
 * @throws {@link crmkit!InvalidArgumentError} for a cell that is not a number in that notation
 * @example
 * ```ts
 * import { parseDecimal } from 'crmkit/io';
 * parseDecimal('1,234.5', { thousandsSeparator: ',' }); //=> 1234.5
 * parseDecimal('0,75', { decimalSeparator: ',' }); //=> 0.75
 * ```
 */
export function parseDecimal(text: string, options: NumberParseOptions = {}): number {
  return Number(normalizeDecimal(text, options));
}

/**
 * Parses a money cell (an amount in major units, optionally with a currency symbol or code
 * around it, which is ignored) into integer minor units of `currency`.
 *
 * @param text - the cell, e.g. `'€ 1.234,50'` or `'1234.50'`
 * @param currency - ISO 4217 code of the amount
 * @param options - decimal and thousands separators
 * @returns the money value
 * @throws {@link crmkit!InvalidArgumentError} for a malformed amount or an unknown currency
 * @example
 * ```ts
 * import { parseMoneyCell } from 'crmkit/io';
 * parseMoneyCell('€ 1.234,50', 'EUR', { decimalSeparator: ',', thousandsSeparator: '.' }); //=> { amountMinor: 123450, currency: 'EUR' }
 * ```
 */
export function parseMoneyCell(text: string, currency: string, options: NumberParseOptions = {}): Money {
  const stripped = text
    .trim()
    .replace(/^[A-Za-z]{3}\s*|\s*[A-Za-z]{3}$/g, '')
    .replace(/^[€$£¥]\s*|\s*[€$£¥]$/g, '');
  return moneyFromMajor(normalizeDecimal(stripped, options), currency);
}
