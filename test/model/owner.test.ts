import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import { OwnerDataSchema, OwnerEntity, parseOwner, safeParseOwner } from '../../src/model/owner';

const meta = {
  id: 'o1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const minimal = { ...meta, name: 'Grace Hopper', email: 'grace@example.com' };

describe('owner', () => {
  it('parses a full valid record', () => {
    const owner = parseOwner({
      ...minimal,
      email: ' Grace@Example.COM ',
      teamIds: ['t1', 't2'],
      role: 'sales',
      active: false,
      quota: { amount: { amountMinor: 5_000_000, currency: 'usd' }, period: 'quarter' },
      externalId: 'okta-1',
    });
    expect(owner.email).toBe('grace@example.com');
    expect(owner.teamIds).toEqual(['t1', 't2']);
    expect(owner.quota).toEqual({ amount: { amountMinor: 5_000_000, currency: 'USD' }, period: 'quarter' });
    expect(owner.active).toBe(false);
    expect(OwnerEntity.name).toBe('owner');
  });

  it('applies the defaults', () => {
    expect(OwnerDataSchema.parse({ name: 'Grace Hopper', email: 'grace@example.com' })).toEqual({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      teamIds: [],
      role: 'other',
      active: true,
    });
  });

  it('rejects an invalid e-mail, a duplicate team and an unknown role', () => {
    expect(issuePaths(() => parseOwner({ ...minimal, email: 'grace', teamIds: ['t1', 't1'], role: 'ceo' }))).toEqual([
      ['email'],
      ['teamIds'],
      ['role'],
    ]);
  });

  it('rejects a negative quota and an unknown quota period', () => {
    expect(
      issuePaths(() => parseOwner({ ...minimal, quota: { amount: { amountMinor: -1, currency: 'USD' }, period: 'week' } })),
    ).toEqual([
      ['quota', 'amount'],
      ['quota', 'period'],
    ]);
  });

  it('rejects unknown keys', () => {
    expect(issuePaths(() => parseOwner({ ...minimal, password: 'x' }))).toEqual([[]]);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParseOwner({ ...minimal, email: 'grace' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['email']]);
    expect(safeParseOwner(minimal).success).toBe(true);
  });
});
