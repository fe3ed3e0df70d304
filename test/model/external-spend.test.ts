import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import {
  ExternalSpendDataSchema,
  ExternalSpendEntity,
  parseExternalSpend,
  safeParseExternalSpend,
} from '../../src/model/external-spend';

const meta = {
  id: 'xs1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const minimal = {
  ...meta,
  contactId: 'c1',
  category: 'coffee',
  periodStart: '2024-01-01',
  periodEnd: '2024-12-31',
  value: { amountMinor: 24_000, currency: 'EUR' },
  source: 'survey',
};

describe('external spend', () => {
  it('parses a full valid record', () => {
    const spend = parseExternalSpend({
      ...minimal,
      value: { amountMinor: 24_000, currency: 'eur' },
      purchaseActs: 12,
      notes: 'Annual panel, wave 3',
      externalId: 'panel-c1-2024',
    });
    expect(spend.value).toEqual({ amountMinor: 24_000, currency: 'EUR' });
    expect(spend.purchaseActs).toBe(12);
    expect(spend.periodStart).toBe('2024-01-01');
    expect(spend.periodEnd).toBe('2024-12-31');
    expect(ExternalSpendEntity.name).toBe('externalSpend');
  });

  it('has no defaults and accepts a one-day period', () => {
    const { id: _id, workspaceId: _w, version: _v, createdAt: _c, updatedAt: _u, ...data } = minimal;
    const parsed = ExternalSpendDataSchema.parse({ ...data, periodEnd: '2024-01-01' });
    expect(parsed).toEqual({ ...data, periodEnd: '2024-01-01' });
  });

  it('rejects a period that ends before it starts', () => {
    expect(issuePaths(() => parseExternalSpend({ ...minimal, periodStart: '2024-12-31', periodEnd: '2024-01-01' }))).toEqual([
      ['periodEnd'],
    ]);
  });

  it('rejects an impossible calendar date and a timestamp in place of a date', () => {
    expect(issuePaths(() => parseExternalSpend({ ...minimal, periodStart: '2024-02-30' }))).toEqual([['periodStart']]);
    expect(issuePaths(() => parseExternalSpend({ ...minimal, periodEnd: '2024-12-31T00:00:00Z' }))).toEqual([['periodEnd']]);
  });

  it('rejects a negative value, a fractional purchase count and an unknown source', () => {
    expect(
      issuePaths(() =>
        parseExternalSpend({ ...minimal, value: { amountMinor: -1, currency: 'EUR' }, purchaseActs: 1.5, source: 'guess' }),
      ),
    ).toEqual([['value'], ['purchaseActs'], ['source']]);
  });

  it('rejects unknown keys', () => {
    expect(issuePaths(() => parseExternalSpend({ ...minimal, competitor: 'ACME' }))).toEqual([[]]);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParseExternalSpend({ ...minimal, periodStart: '2024-12-31', periodEnd: '2024-01-01' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['periodEnd']]);
    expect(safeParseExternalSpend(minimal).success).toBe(true);
  });
});
