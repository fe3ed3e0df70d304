import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurrencyMismatchError, InvalidArgumentError } from '../../src/errors';
import {
  addMoney,
  compareMoney,
  currencyExponent,
  formatMoney,
  MoneySchema,
  moneyFromMajor,
  moneyFromMinor,
  multiplyMoney,
  subtractMoney,
  sumByCurrency,
  sumMoney,
  toMajor,
} from '../../src/model/money';

const eur = (minor: number) => moneyFromMinor(minor, 'EUR');

describe('money', () => {
  it('knows ISO 4217 minor units, which differ from display digits for some currencies', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('jpy')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
    // ICU displays HUF without decimals, but ISO 4217 defines 2.
    expect(currencyExponent('HUF')).toBe(2);
    expect(() => currencyExponent('XYZ')).toThrow(InvalidArgumentError);
  });

  it('converts decimal major amounts exactly, rounding half away from zero', () => {
    expect(moneyFromMajor('19.99', 'EUR')).toEqual({ amountMinor: 1999, currency: 'EUR' });
    expect(moneyFromMajor(1.005, 'EUR')).toEqual({ amountMinor: 101, currency: 'EUR' });
    expect(moneyFromMajor('-2.345', 'EUR')).toEqual({ amountMinor: -235, currency: 'EUR' });
    expect(moneyFromMajor(500, 'JPY')).toEqual({ amountMinor: 500, currency: 'JPY' });
    expect(moneyFromMajor('1.2345', 'KWD')).toEqual({ amountMinor: 1235, currency: 'KWD' });
    expect(moneyFromMajor(0.1 + 0.2, 'USD')).toEqual({ amountMinor: 30, currency: 'USD' });
    expect(moneyFromMajor('-0.001', 'EUR')).toEqual({ amountMinor: 0, currency: 'EUR' });
    expect(() => moneyFromMajor('1,5', 'EUR')).toThrow(InvalidArgumentError);
    expect(() => moneyFromMajor(Number.NaN, 'EUR')).toThrow(InvalidArgumentError);
  });

  it('round-trips minor → major → minor for every safe amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('EUR', 'JPY', 'KWD'), (minor, currency) => {
        const money = moneyFromMinor(minor, currency);
        expect(moneyFromMajor(toMajor(money), currency)).toEqual(money);
      }),
    );
  });

  it('adds, subtracts and compares within one currency', () => {
    expect(addMoney(eur(150), eur(250))).toEqual(eur(400));
    expect(subtractMoney(eur(500), eur(725))).toEqual(eur(-225));
    expect(compareMoney(eur(1), eur(2))).toBeLessThan(0);
    expect(compareMoney(eur(2), eur(2))).toBe(0);
  });

  it('never mixes currencies silently', () => {
    const usd = moneyFromMinor(100, 'USD');
    expect(() => addMoney(eur(100), usd)).toThrow(CurrencyMismatchError);
    expect(() => subtractMoney(eur(100), usd)).toThrow(CurrencyMismatchError);
    expect(() => compareMoney(eur(100), usd)).toThrow(CurrencyMismatchError);
    expect(() => sumMoney([eur(1), usd])).toThrow(CurrencyMismatchError);
    expect(() => sumMoney([eur(1)], 'USD')).toThrow(CurrencyMismatchError);
    try {
      addMoney(eur(1), usd);
    } catch (error) {
      expect((error as CurrencyMismatchError).code).toBe('CURRENCY_MISMATCH');
      expect((error as CurrencyMismatchError).currencies).toEqual(['EUR', 'USD']);
    }
  });

  it('multiplies with rounding to the minor unit', () => {
    expect(multiplyMoney(eur(10000), 0.35)).toEqual(eur(3500));
    // 333 × 0.5 = 166.5 → 167 (half away from zero); −333 × 0.5 → −167
    expect(multiplyMoney(eur(333), 0.5)).toEqual(eur(167));
    expect(multiplyMoney(eur(-333), 0.5)).toEqual(eur(-167));
    expect(() => multiplyMoney(eur(1), Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
  });

  it('sums a list, and an empty list only with a currency', () => {
    expect(sumMoney([eur(100), eur(250)])).toEqual(eur(350));
    expect(sumMoney([], 'EUR')).toEqual(eur(0));
    expect(() => sumMoney([])).toThrow(InvalidArgumentError);
  });

  it('sums per currency for mixed-currency data', () => {
    const totals = sumByCurrency([eur(100), moneyFromMinor(300, 'USD'), eur(50)]);
    expect(totals).toEqual({ EUR: eur(150), USD: moneyFromMinor(300, 'USD') });
  });

  it('sums per currency equal to the sum of each currency on its own (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amountMinor: fc.integer({ min: -1e9, max: 1e9 }), currency: fc.constantFrom('EUR', 'USD', 'JPY') })),
        (values) => {
          const totals = sumByCurrency(values);
          for (const currency of ['EUR', 'USD', 'JPY']) {
            const own = values.filter((v) => v.currency === currency);
            if (own.length === 0) expect(totals[currency]).toBeUndefined();
            else expect(totals[currency]).toEqual(sumMoney(own));
          }
        },
      ),
    );
  });

  it('validates money values with the schema', () => {
    expect(MoneySchema.parse({ amountMinor: 5, currency: 'eur' })).toEqual(eur(5));
    expect(MoneySchema.safeParse({ amountMinor: 1.5, currency: 'EUR' }).success).toBe(false);
    expect(MoneySchema.safeParse({ amountMinor: 1, currency: 'EURO' }).success).toBe(false);
    expect(MoneySchema.safeParse({ amountMinor: 2 ** 60, currency: 'EUR' }).success).toBe(false);
    expect(() => moneyFromMinor(0.5, 'EUR')).toThrow(InvalidArgumentError);
  });

  it('formats for display with the currency exponent', () => {
    expect(formatMoney(eur(1999), 'en-US')).toBe('€19.99');
    expect(formatMoney(moneyFromMinor(500, 'JPY'), 'en-US')).toBe('¥500');
  });
});
