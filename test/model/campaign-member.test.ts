import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import {
  CampaignMemberDataSchema,
  CampaignMemberEntity,
  parseCampaignMember,
  safeParseCampaignMember,
} from '../../src/model/campaign-member';

const meta = {
  id: 'cm1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const minimal = { ...meta, campaignId: 'cmp1', contactId: 'c1' };

describe('campaign member', () => {
  it('parses a full valid record', () => {
    const member = parseCampaignMember({
      ...minimal,
      group: 'target',
      status: 'converted',
      responded: true,
      firstRespondedAt: '2025-03-05T10:00:00Z',
      addedAt: '2025-02-28T08:00:00Z',
      externalId: 'mc-member-7',
    });
    expect(member.status).toBe('converted');
    expect(member.responded).toBe(true);
    expect(member.firstRespondedAt).toEqual(new Date('2025-03-05T10:00:00Z'));
    expect(member.addedAt).toEqual(new Date('2025-02-28T08:00:00Z'));
    expect(CampaignMemberEntity.name).toBe('campaignMember');
  });

  it('applies the defaults', () => {
    const member = parseCampaignMember(minimal);
    expect(member.group).toBe('target');
    expect(member.status).toBe('targeted');
    expect(member.responded).toBe(false);
    expect(member.firstRespondedAt).toBeUndefined();
  });

  it('accepts a control-group member who converted without receiving anything', () => {
    const data = CampaignMemberDataSchema.parse({
      campaignId: 'cmp1',
      contactId: 'c2',
      group: 'control',
      status: 'converted',
      responded: true,
      firstRespondedAt: new Date('2025-03-07T00:00:00Z'),
    });
    expect(data.group).toBe('control');
    expect(data.status).toBe('converted');
  });

  it('rejects responded true without firstRespondedAt', () => {
    expect(issuePaths(() => parseCampaignMember({ ...minimal, responded: true }))).toEqual([['firstRespondedAt']]);
  });

  it('rejects firstRespondedAt when responded is false', () => {
    expect(issuePaths(() => parseCampaignMember({ ...minimal, firstRespondedAt: '2025-03-05T10:00:00Z' }))).toEqual([
      ['responded'],
    ]);
  });

  it('rejects status responded or converted when the member did not respond', () => {
    expect(issuePaths(() => parseCampaignMember({ ...minimal, status: 'responded' }))).toEqual([['responded']]);
    expect(issuePaths(() => parseCampaignMember({ ...minimal, status: 'converted' }))).toEqual([['responded']]);
  });

  it('rejects a control-group member that was sent, delivered, opened or bounced something', () => {
    for (const status of ['sent', 'delivered', 'opened', 'bounced']) {
      expect(issuePaths(() => parseCampaignMember({ ...minimal, group: 'control', status }))).toEqual([['status']]);
    }
  });

  it('rejects an unknown status', () => {
    expect(issuePaths(() => parseCampaignMember({ ...minimal, status: 'clicked' }))).toEqual([['status']]);
  });

  it('rejects unknown keys', () => {
    expect(issuePaths(() => parseCampaignMember({ ...minimal, clicked: true }))).toEqual([[]]);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParseCampaignMember({ ...minimal, responded: true });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error).toBeInstanceOf(ValidationError);
      expect(result.error.issues.map((issue) => issue.path)).toEqual([['firstRespondedAt']]);
    }
    expect(safeParseCampaignMember(minimal).success).toBe(true);
  });
});
