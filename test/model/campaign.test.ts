import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import { CampaignDataSchema, CampaignEntity, parseCampaign, safeParseCampaign } from '../../src/model/campaign';

const meta = {
  id: 'cmp1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const minimal = { ...meta, name: 'Spring coffee trial', strategy: 'trial' };

describe('campaign', () => {
  it('parses a full valid record', () => {
    const campaign = parseCampaign({
      ...meta,
      name: 'Spring coffee trial',
      description: 'Free 250 g sample to lapsed coffee buyers',
      strategy: 'trial',
      tactic: 'sample',
      status: 'active',
      channel: 'email',
      budget: { amountMinor: 500_000, currency: 'eur' },
      actualCost: { amountMinor: 123_450, currency: 'EUR' },
      startAt: '2025-03-01T00:00:00Z',
      endAt: '2025-03-31T23:59:59Z',
      targetSegment: {
        description: 'Lapsed coffee buyers, last 12 months',
        criteria: { category: 'coffee', recencyDays: { gte: 180 }, rfm: [1, 2, null] },
        size: 4200,
      },
      hasControlGroup: true,
      productIds: ['p1', 'p2'],
      categories: ['coffee'],
      ownerId: 'o1',
      parentCampaignId: 'cmp0',
      tags: ['spring', 'trial'],
      customFields: { wave: 2 },
      externalId: 'mc-991',
    });
    expect(campaign.budget).toEqual({ amountMinor: 500_000, currency: 'EUR' });
    expect(campaign.startAt).toEqual(new Date('2025-03-01T00:00:00Z'));
    expect(campaign.endAt).toEqual(new Date('2025-03-31T23:59:59Z'));
    expect(campaign.targetSegment).toEqual({
      description: 'Lapsed coffee buyers, last 12 months',
      criteria: { category: 'coffee', recencyDays: { gte: 180 }, rfm: [1, 2, null] },
      size: 4200,
    });
    expect(campaign.hasControlGroup).toBe(true);
    expect(campaign.productIds).toEqual(['p1', 'p2']);
    expect(campaign.status).toBe('active');
  });

  it('applies the defaults', () => {
    const campaign = parseCampaign(minimal);
    expect(campaign.status).toBe('planned');
    expect(campaign.hasControlGroup).toBe(false);
    expect(campaign.productIds).toEqual([]);
    expect(campaign.categories).toEqual([]);
    expect(campaign.tags).toEqual([]);
    expect(campaign.customFields).toEqual({});
    expect(campaign.budget).toBeUndefined();
  });

  it('parses create input without record metadata', () => {
    const data = CampaignDataSchema.parse({ name: 'Loyalty points', strategy: 'loyalty', tactic: 'points' });
    expect(data).toMatchObject({ name: 'Loyalty points', strategy: 'loyalty', tactic: 'points', status: 'planned' });
    expect(CampaignEntity.name).toBe('campaign');
  });

  it('rejects an end that is not after the start', () => {
    expect(issuePaths(() => parseCampaign({ ...minimal, startAt: '2025-03-31T00:00:00Z', endAt: '2025-03-01T00:00:00Z' }))).toEqual([
      ['endAt'],
    ]);
    expect(issuePaths(() => parseCampaign({ ...minimal, startAt: '2025-03-01T00:00:00Z', endAt: '2025-03-01T00:00:00Z' }))).toEqual([
      ['endAt'],
    ]);
  });

  it('rejects a budget and an actual cost in different currencies', () => {
    expect(
      issuePaths(() =>
        parseCampaign({
          ...minimal,
          budget: { amountMinor: 1000, currency: 'EUR' },
          actualCost: { amountMinor: 500, currency: 'USD' },
        }),
      ),
    ).toEqual([['actualCost', 'currency']]);
  });

  it('rejects a negative budget', () => {
    expect(issuePaths(() => parseCampaign({ ...minimal, budget: { amountMinor: -1, currency: 'EUR' } }))).toEqual([['budget']]);
  });

  it('rejects a campaign that is its own parent', () => {
    expect(issuePaths(() => parseCampaign({ ...minimal, parentCampaignId: 'cmp1' }))).toEqual([['parentCampaignId']]);
  });

  it('rejects criteria that are not JSON-safe and a negative segment size', () => {
    const paths = issuePaths(() =>
      parseCampaign({ ...minimal, targetSegment: { description: 'x', criteria: { since: new Date() }, size: -1 } }),
    );
    expect(paths).toContainEqual(['targetSegment', 'criteria', 'since']);
    expect(paths).toContainEqual(['targetSegment', 'size']);
  });

  it('rejects an unknown strategy and duplicate product ids', () => {
    const paths = issuePaths(() => parseCampaign({ ...minimal, strategy: 'growth', productIds: ['p1', 'p1'] }));
    expect(paths).toEqual([['strategy'], ['productIds']]);
  });

  it('rejects unknown keys', () => {
    expect(issuePaths(() => parseCampaign({ ...minimal, budgetEur: 5000 }))).toEqual([[]]);
    expect(safeParseCampaign({ ...minimal, budgetEur: 5000 }).success).toBe(false);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParseCampaign({ ...minimal, startAt: '2025-03-31T00:00:00Z', endAt: '2025-03-01T00:00:00Z' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error).toBeInstanceOf(ValidationError);
      expect(result.error.code).toBe('VALIDATION_FAILED');
      expect(result.error.issues[0]?.path).toEqual(['endAt']);
    }
    const ok = safeParseCampaign(minimal);
    expect(ok.success).toBe(true);
  });
});
