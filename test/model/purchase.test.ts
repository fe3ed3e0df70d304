import { describe, expect, it } from 'vitest';
import { CurrencyMismatchError, InvalidArgumentError, ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import {
  PurchaseDataSchema,
  PurchaseEntity,
  parsePurchase,
  purchaseMargin,
  purchaseUnits,
  purchaseValue,
  safeParsePurchase,
} from '../../src/model/purchase';

const meta = {
  id: 'pu1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-03-01T10:00:00Z',
  updatedAt: '2025-03-01T10:00:00Z',
};

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

const minimal = {
  ...meta,
  contactId: 'c1',
  purchasedAt: '2025-03-01T09:30:00Z',
  lines: [{ category: 'coffee', quantity: 2, value: eur(3780) }],
};

describe('purchase', () => {
  it('parses a full valid record', () => {
    const purchase = parsePurchase({
      ...meta,
      contactId: 'c1',
      companyId: 'co1',
      purchasedAt: '2025-03-01T09:30:00Z',
      channel: 'offline',
      campaignId: 'cmp1',
      orderRef: 'R-2025-0001',
      externalId: 'pos-77',
      lines: [
        { productId: 'p1', sku: 'ESP-1000', category: 'coffee', quantity: 2, value: eur(3780), margin: eur(1580), cost: eur(2200) },
        { sku: 'MUG-1', category: 'kitchenware', quantity: 1, value: { amountMinor: 450, currency: 'eur' }, margin: eur(-50) },
      ],
    });
    expect(purchase.purchasedAt).toEqual(new Date('2025-03-01T09:30:00Z'));
    expect(purchase.lines).toHaveLength(2);
    expect(purchase.lines[1]?.value).toEqual({ amountMinor: 450, currency: 'EUR' });
    expect(purchase.lines[1]?.margin).toEqual({ amountMinor: -50, currency: 'EUR' });
    expect(PurchaseEntity.name).toBe('purchase');
  });

  it('parses create input without record metadata, with no defaults to add', () => {
    const data = PurchaseDataSchema.parse({ contactId: 'c1', purchasedAt: new Date('2025-03-01T09:30:00Z'), lines: minimal.lines });
    expect(data).toEqual({
      contactId: 'c1',
      purchasedAt: new Date('2025-03-01T09:30:00Z'),
      lines: [{ category: 'coffee', quantity: 2, value: eur(3780) }],
    });
  });

  it('rejects a purchase without lines', () => {
    expect(issuePaths(() => parsePurchase({ ...minimal, lines: [] }))).toEqual([['lines']]);
  });

  it('rejects a zero, negative or infinite quantity', () => {
    for (const quantity of [0, -1, Number.POSITIVE_INFINITY]) {
      expect(issuePaths(() => parsePurchase({ ...minimal, lines: [{ category: 'coffee', quantity, value: eur(1) }] }))).toEqual([
        ['lines', 0, 'quantity'],
      ]);
    }
  });

  it('rejects a negative line value but accepts a negative margin', () => {
    expect(issuePaths(() => parsePurchase({ ...minimal, lines: [{ category: 'coffee', quantity: 1, value: eur(-1) }] }))).toEqual([
      ['lines', 0, 'value'],
    ]);
    expect(parsePurchase({ ...minimal, lines: [{ category: 'coffee', quantity: 1, value: eur(0), margin: eur(-300) }] }).lines[0]?.margin).toEqual(
      eur(-300),
    );
  });

  it('rejects a line without a category', () => {
    expect(issuePaths(() => parsePurchase({ ...minimal, lines: [{ quantity: 1, value: eur(100) }] }))).toEqual([
      ['lines', 0, 'category'],
    ]);
  });

  it('rejects values, margins and costs in more than one currency', () => {
    const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
    const paths = issuePaths(() =>
      parsePurchase({
        ...minimal,
        lines: [
          { category: 'coffee', quantity: 1, value: eur(100), margin: usd(20) },
          { category: 'tea', quantity: 1, value: usd(100), cost: eur(80) },
        ],
      }),
    );
    expect(paths).toEqual([
      ['lines', 0, 'margin', 'currency'],
      ['lines', 1, 'value', 'currency'],
    ]);
  });

  it('rejects unknown keys, also on lines', () => {
    expect(issuePaths(() => parsePurchase({ ...minimal, total: 37.8 }))).toEqual([[]]);
    expect(
      issuePaths(() => parsePurchase({ ...minimal, lines: [{ category: 'coffee', quantity: 1, value: eur(1), vat: 22 }] })),
    ).toEqual([['lines', 0]]);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParsePurchase({ ...minimal, lines: [] });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['lines']]);
    expect(safeParsePurchase(minimal).success).toBe(true);
  });
});

describe('purchase helpers', () => {
  // Hand-computed: values 3780 + 450 + 1299 = 5529; margins 1580 + (-50) + 400 = 1930; units 2 + 1 + 0.5 = 3.5.
  const purchase = parsePurchase({
    ...minimal,
    lines: [
      { category: 'coffee', quantity: 2, value: eur(3780), margin: eur(1580) },
      { category: 'kitchenware', quantity: 1, value: eur(450), margin: eur(-50) },
      { category: 'tea', quantity: 0.5, value: eur(1299), margin: eur(400) },
    ],
  });

  it('sums the line values', () => {
    expect(purchaseValue(purchase)).toEqual({ amountMinor: 5529, currency: 'EUR' });
  });

  it('sums the line margins, negative ones included', () => {
    expect(purchaseMargin(purchase)).toEqual({ amountMinor: 1930, currency: 'EUR' });
  });

  it('returns undefined for the margin when any line lacks one', () => {
    expect(purchaseMargin(parsePurchase({ ...minimal, lines: [...purchase.lines, { category: 'tea', quantity: 1, value: eur(10) }] }))).toBeUndefined();
  });

  it('sums the units', () => {
    expect(purchaseUnits(purchase)).toBe(3.5);
  });

  it('throws on mixed currencies and on no lines when called with unparsed data', () => {
    expect(() => purchaseValue({ lines: [{ value: eur(1) }, { value: { amountMinor: 1, currency: 'USD' } }] })).toThrow(
      CurrencyMismatchError,
    );
    expect(() => purchaseValue({ lines: [] })).toThrow(InvalidArgumentError);
    expect(purchaseUnits({ lines: [] })).toBe(0);
  });
});
