/**
 * Money: an integer amount of minor units (cents, pence, yen) and an ISO 4217 currency.
 * Arithmetic never mixes currencies: it throws {@link CurrencyMismatchError} instead.
 *
 * @module
 */
import { z } from 'zod';
import { CURRENCY_EXPONENTS } from '../_lib/iso4217';
import { CurrencyMismatchError, InvalidArgumentError } from '../errors';

/**
 * An ISO 4217 alphabetic currency code in upper case (`EUR`, `USD`, `JPY`). Lower-case input is
 * upper-cased; unknown codes are rejected.
 */
export const CurrencyCodeSchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => Object.hasOwn(CURRENCY_EXPONENTS, value), {
    message: 'Unknown ISO 4217 currency code',
  });

/** An ISO 4217 currency code, e.g. `'EUR'`. */
export type CurrencyCode = z.infer<typeof CurrencyCodeSchema>;

/**
 * An amount of money: `amountMinor` is an integer count of the currency's minor unit
 * (`1999` EUR = €19.99; `500` JPY = ¥500), `currency` its ISO 4217 code.
 */
export const MoneySchema = z.object({
  /** Integer amount in minor units; may be negative (refunds, credits). */
  amountMinor: z.number().int().refine(Number.isSafeInteger, { message: 'Amount exceeds the safe integer range' }),
  /** ISO 4217 code. */
  currency: CurrencyCodeSchema,
});

/** An amount of money in integer minor units of one currency. */
export type Money = z.infer<typeof MoneySchema>;

/**
 * The number of decimals of a currency's minor unit (ISO 4217 exponent).
 *
 * @param currency - ISO 4217 code
 * @returns 2 for EUR, 0 for JPY, 3 for KWD
 * @throws {@link InvalidArgumentError} for an unknown code
 *
 * @example
 * ```ts
 * import { currencyExponent } from 'crmkit';
 * currencyExponent('JPY'); //=> 0
 * currencyExponent('EUR'); //=> 2
 * ```
 */
export function currencyExponent(currency: string): number {
  const exponent = CURRENCY_EXPONENTS[currency.toUpperCase()];
  if (exponent === undefined) throw new InvalidArgumentError(`Unknown ISO 4217 currency code "${currency}"`);
  return exponent;
}

/**
 * Builds a {@link Money} from an integer number of minor units.
 *
 * @param amountMinor - integer minor units
 * @param currency - ISO 4217 code (case-insensitive)
 * @returns the money value
 * @throws {@link InvalidArgumentError} when the amount is not a safe integer or the currency is unknown
 *
 * @example
 * ```ts
 * import { moneyFromMinor } from 'crmkit';
 * moneyFromMinor(1999, 'eur'); //=> { amountMinor: 1999, currency: 'EUR' }
 * ```
 */
export function moneyFromMinor(amountMinor: number, currency: string): Money {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new InvalidArgumentError(`Money amount must be a safe integer of minor units, got ${amountMinor}`);
  }
  currencyExponent(currency);
  return { amountMinor, currency: currency.toUpperCase() };
}

/**
 * Builds a {@link Money} from a decimal amount in major units, rounding half away from zero to
 * the currency's minor unit. Accepts a number or a decimal string (`'19.99'`), which avoids
 * binary floating-point surprises.
 *
 * @param amount - amount in major units (`19.99`)
 * @param currency - ISO 4217 code
 * @returns the money value in minor units
 * @throws {@link InvalidArgumentError} for a non-finite amount, a malformed string or an unknown currency
 *
 * @example
 * ```ts
 * import { moneyFromMajor } from 'crmkit';
 * moneyFromMajor('19.99', 'EUR'); //=> { amountMinor: 1999, currency: 'EUR' }
 * moneyFromMajor(1.005, 'EUR');   //=> { amountMinor: 101, currency: 'EUR' }
 * moneyFromMajor(500, 'JPY');     //=> { amountMinor: 500, currency: 'JPY' }
 * ```
 */
export function moneyFromMajor(amount: number | string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const text = typeof amount === 'number' ? numberToPlainString(amount) : amount.trim();
  const match = /^([+-])?(\d+)(?:\.(\d*))?$/.exec(text);
  if (match === null) throw new InvalidArgumentError(`Not a decimal amount: "${String(amount)}"`);
  const sign = match[1] === '-' ? -1 : 1;
  const whole = match[2] ?? '0';
  const fraction = match[3] ?? '';
  const kept = (fraction + '0'.repeat(exponent)).slice(0, exponent);
  const rest = fraction.slice(exponent);
  let minor = BigInt(whole + kept);
  if (rest.length > 0 && rest.charCodeAt(0) >= 53 /* '5' */) minor += 1n;
  const value = Number(minor) * sign;
  return moneyFromMinor(value === 0 ? 0 : value, currency);
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new InvalidArgumentError(`Not a finite amount: ${value}`);
  // toPrecision(15) removes binary noise (1.005 → "1.00500000000000"); toFixed avoids exponent notation.
  const precise = Number(value.toPrecision(15));
  const digits = Math.min(20, Math.max(0, 15 - Math.floor(Math.log10(Math.abs(precise) || 1)) - 1));
  return precise.toFixed(digits);
}

/**
 * The amount in major units as a number (`1999` EUR → `19.99`). For display and statistics;
 * keep {@link Money} for arithmetic.
 *
 * @param money - a money value
 * @returns the amount in major units
 *
 * @example
 * ```ts
 * import { toMajor } from 'crmkit';
 * toMajor({ amountMinor: 1999, currency: 'EUR' }); //=> 19.99
 * ```
 */
export function toMajor(money: Money): number {
  return money.amountMinor / 10 ** currencyExponent(money.currency);
}

function assertSameCurrency(values: readonly Money[]): string | undefined {
  const first = values[0]?.currency;
  for (const value of values) {
    if (value.currency !== first) {
      throw new CurrencyMismatchError([...new Set(values.map((v) => v.currency))]);
    }
  }
  return first;
}

/**
 * Adds two amounts of the same currency.
 *
 * @param a - first amount
 * @param b - second amount, same currency
 * @returns `a + b`
 * @throws {@link CurrencyMismatchError} when the currencies differ
 *
 * @example
 * ```ts
 * import { addMoney } from 'crmkit';
 * addMoney({ amountMinor: 150, currency: 'EUR' }, { amountMinor: 250, currency: 'EUR' });
 * //=> { amountMinor: 400, currency: 'EUR' }
 * ```
 */
export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency([a, b]);
  return moneyFromMinor(a.amountMinor + b.amountMinor, a.currency);
}

/**
 * Subtracts `b` from `a`, both in the same currency.
 *
 * @param a - amount to subtract from
 * @param b - amount to subtract, same currency
 * @returns `a − b`
 * @throws {@link CurrencyMismatchError} when the currencies differ
 *
 * @example
 * ```ts
 * import { subtractMoney } from 'crmkit';
 * subtractMoney({ amountMinor: 500, currency: 'USD' }, { amountMinor: 725, currency: 'USD' });
 * //=> { amountMinor: -225, currency: 'USD' }
 * ```
 */
export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency([a, b]);
  return moneyFromMinor(a.amountMinor - b.amountMinor, a.currency);
}

/**
 * Multiplies an amount by a factor (a quantity, a probability, a tax rate) and rounds to the
 * minor unit, half away from zero.
 *
 * @param money - the amount
 * @param factor - a finite number
 * @returns `money × factor`, rounded to a whole minor unit
 * @throws {@link InvalidArgumentError} for a non-finite factor
 *
 * @example
 * ```ts
 * import { multiplyMoney } from 'crmkit';
 * multiplyMoney({ amountMinor: 10000, currency: 'EUR' }, 0.35); //=> { amountMinor: 3500, currency: 'EUR' }
 * ```
 */
export function multiplyMoney(money: Money, factor: number): Money {
  if (!Number.isFinite(factor)) throw new InvalidArgumentError(`Factor must be finite, got ${factor}`);
  const product = money.amountMinor * factor;
  const rounded = Math.sign(product) * Math.round(Math.abs(product));
  return moneyFromMinor(rounded === 0 ? 0 : rounded, money.currency);
}

/**
 * Sums amounts that must all be in one currency.
 *
 * @param values - amounts, all in the same currency
 * @param currency - the currency of the result when `values` is empty (and, if given, the one all values must have)
 * @returns the total
 * @throws {@link CurrencyMismatchError} when currencies differ; {@link InvalidArgumentError} when `values` is empty and no currency is given
 *
 * @example
 * ```ts
 * import { sumMoney } from 'crmkit';
 * sumMoney([{ amountMinor: 100, currency: 'EUR' }, { amountMinor: 250, currency: 'EUR' }]);
 * //=> { amountMinor: 350, currency: 'EUR' }
 * sumMoney([], 'EUR'); //=> { amountMinor: 0, currency: 'EUR' }
 * ```
 */
export function sumMoney(values: readonly Money[], currency?: string): Money {
  const found = assertSameCurrency(currency === undefined ? values : [...values, moneyFromMinor(0, currency)]);
  const code = found ?? currency;
  if (code === undefined) throw new InvalidArgumentError('sumMoney of no values needs a currency');
  let total = 0;
  for (const value of values) total += value.amountMinor;
  return moneyFromMinor(total, code);
}

/**
 * Sums amounts per currency, for totals over mixed-currency data (a pipeline in EUR and USD).
 *
 * @param values - amounts in any currencies
 * @returns one total per currency present, keyed by code
 *
 * @example
 * ```ts
 * import { sumByCurrency } from 'crmkit';
 * sumByCurrency([
 *   { amountMinor: 100, currency: 'EUR' },
 *   { amountMinor: 300, currency: 'USD' },
 *   { amountMinor: 50, currency: 'EUR' },
 * ]);
 * //=> { EUR: { amountMinor: 150, currency: 'EUR' }, USD: { amountMinor: 300, currency: 'USD' } }
 * ```
 */
export function sumByCurrency(values: Iterable<Money>): Record<string, Money> {
  const totals: Record<string, Money> = {};
  for (const value of values) {
    const current = totals[value.currency];
    totals[value.currency] = current === undefined ? { ...value } : addMoney(current, value);
  }
  return totals;
}

/**
 * Compares two amounts of the same currency.
 *
 * @param a - first amount
 * @param b - second amount
 * @returns a negative number if `a < b`, 0 if equal, positive if `a > b`
 * @throws {@link CurrencyMismatchError} when the currencies differ
 *
 * @example
 * ```ts
 * import { compareMoney } from 'crmkit';
 * compareMoney({ amountMinor: 1, currency: 'EUR' }, { amountMinor: 2, currency: 'EUR' }) < 0; //=> true
 * ```
 */
export function compareMoney(a: Money, b: Money): number {
  assertSameCurrency([a, b]);
  return a.amountMinor - b.amountMinor;
}

/**
 * Formats an amount for display with `Intl.NumberFormat`.
 *
 * @param money - the amount
 * @param locale - a BCP 47 locale, default `'en-US'`
 * @returns e.g. `'€19.99'`
 *
 * @example
 * ```ts
 * import { formatMoney } from 'crmkit';
 * formatMoney({ amountMinor: 1999, currency: 'EUR' }, 'en-US'); //=> '€19.99'
 * ```
 */
export function formatMoney(money: Money, locale = 'en-US'): string {
  const exponent = currencyExponent(money.currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(toMajor(money));
}
