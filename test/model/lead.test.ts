import { describe, expect, it } from 'vitest';
import { formatIssuePath, ValidationError } from '../../src/errors';
import { LEAD_CONVERSION_FIELDS, LeadDataSchema, LeadEntity, parseLead, safeParseLead } from '../../src/model/lead';

const meta = {
  id: 'l_1',
  workspaceId: 'w_1',
  version: 2,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
};

/** Parses a stored lead that must fail and returns the issue paths. */
function failurePaths(input: unknown): string[] {
  const result = safeParseLead(input);
  if (result.success) throw new Error('expected the lead to be rejected');
  expect(result.error).toBeInstanceOf(ValidationError);
  return result.error.issues.map((issue) => formatIssuePath(issue.path));
}

describe('lead', () => {
  it('parses a full converted record and normalises e-mail, phone and website', () => {
    const lead = parseLead({
      ...meta,
      firstName: ' Ada ',
      lastName: 'Lovelace',
      email: '  Ada@Example.COM ',
      phone: '+44 20 7946 0958',
      companyName: 'Analytical Engines Ltd',
      jobTitle: 'CTO',
      website: 'HTTPS://www.analytical-engines.co.uk/',
      address: { city: 'London', country: 'gb' },
      source: { channel: 'events', detail: 'Web Summit', campaignId: 'cmp_1' },
      lifecycleStage: 'sales_qualified',
      status: 'qualified',
      ownerId: 'o_1',
      score: 87.5,
      tags: ['fair-2025'],
      notes: 'Interested in the enterprise plan.',
      customFields: { budget_known: true },
      externalId: 'sf-lead-9',
      convertedAt: '2025-02-01T12:00:00+01:00',
      convertedContactId: 'c_9',
      convertedCompanyId: 'co_9',
      convertedDealId: 'd_9',
    });
    expect(lead.firstName).toBe('Ada');
    expect(lead.email).toBe('ada@example.com');
    expect(lead.phone).toBe('+442079460958');
    expect(lead.website).toBe('analytical-engines.co.uk');
    expect(lead.address?.country).toBe('GB');
    expect(lead.lifecycleStage).toBe('sales_qualified');
    expect(lead.status).toBe('qualified');
    expect(lead.score).toBe(87.5);
    expect(lead.convertedAt).toEqual(new Date('2025-02-01T11:00:00Z'));
    expect(lead.convertedContactId).toBe('c_9');
    expect(lead.version).toBe(2);
  });

  it('applies defaults: lifecycle stage lead, status new, no tags, no custom fields', () => {
    const lead = parseLead({ ...meta, email: 'ada@example.com' });
    expect(lead.lifecycleStage).toBe('lead');
    expect(lead.status).toBe('new');
    expect(lead.tags).toEqual([]);
    expect(lead.customFields).toEqual({});
  });

  it('accepts a lead identified only by a last name, an e-mail or a company name', () => {
    expect(safeParseLead({ ...meta, lastName: 'Lovelace' }).success).toBe(true);
    expect(safeParseLead({ ...meta, email: 'ada@example.com' }).success).toBe(true);
    expect(safeParseLead({ ...meta, companyName: 'Acme' }).success).toBe(true);
  });

  it('rejects a lead without last name, e-mail or company name, at lastName', () => {
    expect(failurePaths({ ...meta, firstName: 'Ada', phone: '+14155552671' })).toEqual(['lastName']);
  });

  it('rejects each converted id without convertedAt, at that field', () => {
    for (const field of LEAD_CONVERSION_FIELDS) {
      expect(failurePaths({ ...meta, lastName: 'Lovelace', [field]: 'x_1' })).toEqual([field]);
    }
    expect(
      failurePaths({ ...meta, lastName: 'Lovelace', convertedContactId: 'c_1', convertedDealId: 'd_1' }),
    ).toEqual(['convertedContactId', 'convertedDealId']);
  });

  it('accepts convertedAt alone (the lifecycle decides what a conversion must create)', () => {
    const lead = parseLead({ ...meta, lastName: 'Lovelace', convertedAt: '2025-02-01T00:00:00Z' });
    expect(lead.convertedContactId).toBeUndefined();
  });

  it('rejects invalid e-mail, phone, stage, status and a non-finite score', () => {
    const paths = failurePaths({
      ...meta,
      lastName: 'Lovelace',
      email: 'not-an-email',
      phone: '12',
      lifecycleStage: 'prospect',
      status: 'hot',
      score: Number.POSITIVE_INFINITY,
    });
    expect(paths.sort()).toEqual(['email', 'lifecycleStage', 'phone', 'score', 'status']);
  });

  it('rejects unknown keys', () => {
    expect(failurePaths({ ...meta, lastName: 'Lovelace', leadScore: 3 })).toEqual(['(root)']);
    expect(failurePaths({ ...meta, lastName: 'Lovelace', source: { channel: 'email', medium: 'x' } })).toEqual(['source']);
  });

  it('throws a ValidationError with the issue path from parseLead', () => {
    let caught: unknown;
    try {
      parseLead({ ...meta, firstName: 'Ada' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues.map((issue) => issue.path)).toEqual([['lastName']]);
    expect((caught as ValidationError).message).toBe('Invalid lead: lastName: A lead needs a last name, an e-mail or a company name');
  });

  it('accepts create input without record metadata in the data schema but not in the full schema', () => {
    const data = LeadDataSchema.parse({ companyName: 'Acme', website: 'acme.io' });
    expect(data).toEqual({
      companyName: 'Acme',
      website: 'acme.io',
      lifecycleStage: 'lead',
      status: 'new',
      tags: [],
      customFields: {},
    });
    expect(LeadDataSchema.safeParse({ ...meta, companyName: 'Acme' }).success).toBe(false);
    expect(safeParseLead({ companyName: 'Acme' }).success).toBe(false);
    expect(LeadEntity.name).toBe('lead');
  });

  it('applies the cross-field rules to create input too', () => {
    const result = LeadDataSchema.safeParse({ email: 'a@b.io', convertedDealId: 'd_1' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['convertedDealId']]);
  });

  it('returns success false from safeParseLead instead of throwing', () => {
    const result = safeParseLead(null);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.code).toBe('VALIDATION_FAILED');
      expect(result.error.issues[0]?.path).toEqual([]);
    }
  });
});
