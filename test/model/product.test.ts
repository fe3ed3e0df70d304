import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import { ProductDataSchema, ProductEntity, parseProduct, safeParseProduct } from '../../src/model/product';

const meta = {
  id: 'p1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const minimal = { ...meta, name: 'Espresso beans 1 kg', category: 'coffee' };

describe('product', () => {
  it('parses a full valid record', () => {
    const product = parseProduct({
      ...minimal,
      sku: 'ESP-1000',
      subcategory: 'espresso beans',
      brand: 'Lavazza',
      description: 'Dark roast',
      unitPrice: { amountMinor: 1890, currency: 'eur' },
      unitCost: { amountMinor: 1100, currency: 'EUR' },
      active: false,
      customFields: { roast: 'dark' },
      externalId: 'shop-42',
    });
    expect(product.unitPrice).toEqual({ amountMinor: 1890, currency: 'EUR' });
    expect(product.unitCost).toEqual({ amountMinor: 1100, currency: 'EUR' });
    expect(product.active).toBe(false);
    expect(product.category).toBe('coffee');
    expect(ProductEntity.name).toBe('product');
  });

  it('applies the defaults', () => {
    const product = ProductDataSchema.parse({ name: ' Mug ', category: ' kitchenware ' });
    expect(product).toEqual({ name: 'Mug', category: 'kitchenware', active: true, customFields: {} });
  });

  it('requires a category', () => {
    expect(issuePaths(() => parseProduct({ ...meta, name: 'Mug' }))).toEqual([['category']]);
  });

  it('rejects a unit cost in another currency than the unit price', () => {
    expect(
      issuePaths(() =>
        parseProduct({
          ...minimal,
          unitPrice: { amountMinor: 1890, currency: 'EUR' },
          unitCost: { amountMinor: 1100, currency: 'USD' },
        }),
      ),
    ).toEqual([['unitCost', 'currency']]);
  });

  it('rejects a negative price', () => {
    expect(issuePaths(() => parseProduct({ ...minimal, unitPrice: { amountMinor: -5, currency: 'EUR' } }))).toEqual([
      ['unitPrice'],
    ]);
  });

  it('rejects unknown keys', () => {
    expect(issuePaths(() => parseProduct({ ...minimal, price: 18.9 }))).toEqual([[]]);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParseProduct({ ...meta, name: 'Mug' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['category']]);
    expect(safeParseProduct(minimal).success).toBe(true);
  });
});
