import { describe, expect, it } from 'vitest';
import { formatIssuePath, ValidationError } from '../../src/errors';
import { parseTouchpoint, safeParseTouchpoint, TouchpointDataSchema, TouchpointEntity } from '../../src/model/touchpoint';

const meta = {
  id: 'tp_1',
  workspaceId: 'w_1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
};

const base = { ...meta, contactId: 'c_1', channel: 'paid_search', occurredAt: '2025-01-01T10:00:00Z' };

/** Parses a stored touchpoint that must fail and returns the issue paths. */
function failurePaths(input: unknown): string[] {
  const result = safeParseTouchpoint(input);
  if (result.success) throw new Error('expected the touchpoint to be rejected');
  expect(result.error).toBeInstanceOf(ValidationError);
  return result.error.issues.map((issue) => formatIssuePath(issue.path));
}

describe('touchpoint', () => {
  it('parses a full conversion record and normalises timestamp, currency and text', () => {
    const touchpoint = parseTouchpoint({
      ...base,
      contactId: ' c_1 ',
      campaignId: 'cmp_1',
      occurredAt: '2025-01-01T11:00:00+01:00',
      detail: ' brand keywords ',
      utm: { source: 'google', medium: 'cpc', campaign: 'spring' },
      conversion: true,
      value: { amountMinor: 4_900, currency: 'usd' },
      externalId: 'ga-1',
    });
    expect(touchpoint.contactId).toBe('c_1');
    expect(touchpoint.occurredAt).toEqual(new Date('2025-01-01T10:00:00Z'));
    expect(touchpoint.detail).toBe('brand keywords');
    expect(touchpoint.utm).toEqual({ source: 'google', medium: 'cpc', campaign: 'spring' });
    expect(touchpoint.value).toEqual({ amountMinor: 4_900, currency: 'USD' });
    expect(touchpoint.conversion).toBe(true);
  });

  it('applies defaults: not a conversion', () => {
    expect(parseTouchpoint(base).conversion).toBe(false);
  });

  it('rejects a value on a touchpoint that is not a conversion', () => {
    expect(failurePaths({ ...base, value: { amountMinor: 100, currency: 'EUR' } })).toEqual(['value']);
    expect(failurePaths({ ...base, conversion: false, value: { amountMinor: 100, currency: 'EUR' } })).toEqual(['value']);
  });

  it('requires contactId, channel and occurredAt', () => {
    expect(failurePaths({ ...meta }).sort()).toEqual(['channel', 'contactId', 'occurredAt']);
    expect(failurePaths({ ...base, channel: 'tv' })).toEqual(['channel']);
  });

  it('rejects unknown keys on the touchpoint and in its UTM parameters', () => {
    expect(failurePaths({ ...base, dealId: 'd_1' })).toEqual(['(root)']);
    expect(failurePaths({ ...base, utm: { source: 'google', gclid: 'x' } })).toEqual(['utm']);
  });

  it('throws a ValidationError with the issue path from parseTouchpoint', () => {
    expect(() => parseTouchpoint({ ...base, value: { amountMinor: 1, currency: 'EUR' } })).toThrow(ValidationError);
    expect(() => parseTouchpoint({ ...base, value: { amountMinor: 1, currency: 'EUR' } })).toThrow(
      'Invalid touchpoint: value: value is only allowed on a conversion touchpoint',
    );
  });

  it('accepts create input without record metadata in the data schema but not in the full schema', () => {
    const data = TouchpointDataSchema.parse({ contactId: 'c_1', channel: 'email', occurredAt: '2025-01-01T10:00:00Z' });
    expect(data).toEqual({ contactId: 'c_1', channel: 'email', occurredAt: new Date('2025-01-01T10:00:00Z'), conversion: false });
    expect(TouchpointDataSchema.safeParse(base).success).toBe(false);
    expect(safeParseTouchpoint({ contactId: 'c_1', channel: 'email', occurredAt: '2025-01-01T10:00:00Z' }).success).toBe(false);
    expect(TouchpointEntity.name).toBe('touchpoint');
  });

  it('returns success false from safeParseTouchpoint instead of throwing', () => {
    const result = safeParseTouchpoint({ ...base, occurredAt: 'yesterday' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['occurredAt']]);
  });
});
