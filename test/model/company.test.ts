import { describe, expect, it } from 'vitest';
import { formatIssuePath, ValidationError } from '../../src/errors';
import {
  CompanyDataSchema,
  CompanyEntity,
  parseCompany,
  safeParseCompany,
  sizeBandFor,
} from '../../src/model/company';

const meta = {
  id: 'co_1',
  workspaceId: 'w_1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
};

/** Parses a stored company that must fail and returns the issue paths, e.g. `['sizeBand']`. */
function failurePaths(input: unknown): string[] {
  const result = safeParseCompany(input);
  if (result.success) throw new Error('expected the company to be rejected');
  expect(result.error).toBeInstanceOf(ValidationError);
  return result.error.issues.map((issue) => formatIssuePath(issue.path));
}

describe('company', () => {
  it('parses a full record and normalises domain, phone, currency, industry code and country', () => {
    const company = parseCompany({
      ...meta,
      name: '  Acme  ',
      legalName: 'Acme S.p.A.',
      domain: 'https://www.Acme.IO/about?x=1',
      industry: { scheme: 'NACE', code: ' j ', label: 'Information and communication' },
      sizeBand: '10-49',
      employeeCount: 42,
      annualRevenue: { amountMinor: 1_250_000_00, currency: 'eur' },
      phone: '+1 (415) 555-2671',
      address: { lines: ['Via Roma 1'], city: 'Milano', postalCode: '20121', country: 'it' },
      parentCompanyId: 'co_0',
      ownerId: 'o_1',
      tags: ['key-account'],
      source: { channel: 'referral', detail: 'partner intro' },
      notes: 'Met at the fair.',
      customFields: { tier: 'gold' },
      externalId: 'sf-001',
    });
    expect(company.name).toBe('Acme');
    expect(company.domain).toBe('acme.io');
    expect(company.industry).toEqual({ scheme: 'NACE', code: 'J', label: 'Information and communication' });
    expect(company.annualRevenue).toEqual({ amountMinor: 125_000_000, currency: 'EUR' });
    expect(company.phone).toBe('+14155552671');
    expect(company.address?.country).toBe('IT');
    expect(company.createdAt).toEqual(new Date('2025-01-01T00:00:00Z'));
    expect(company.parentCompanyId).toBe('co_0');
    expect(company.customFields).toEqual({ tier: 'gold' });
  });

  it('applies defaults for tags and custom fields', () => {
    const company = parseCompany({ ...meta, name: 'Acme' });
    expect(company.tags).toEqual([]);
    expect(company.customFields).toEqual({});
    expect(company.domain).toBeUndefined();
  });

  it('accepts industry codes in each scheme’s format', () => {
    const valid: Array<[string, string]> = [
      ['NAICS', '54'],
      ['NAICS', '541511'],
      ['NACE', '62.01'],
      ['NACE', '62.0'],
      ['NACE', '62'],
      ['ATECO', '62.01.00'],
      ['ATECO', '62.01.0'],
      ['ATECO', '62.01'],
      ['SIC', '7372'],
      ['ISIC', '6201'],
      ['ISIC', 'J'],
      ['other', 'Software / SaaS'],
    ];
    for (const [scheme, code] of valid) {
      expect(safeParseCompany({ ...meta, name: 'Acme', industry: { scheme, code } }).success, `${scheme} ${code}`).toBe(true);
    }
  });

  it('rejects industry codes that do not fit the scheme, at industry.code', () => {
    const invalid: Array<[string, string]> = [
      ['NAICS', '5'],
      ['NAICS', '5415111'],
      ['NAICS', '54.15'],
      ['NACE', '62.011'],
      ['NACE', '6201'],
      ['NACE', 'Z'],
      ['ATECO', '62.01.000'],
      ['SIC', '737'],
      ['ISIC', '62.01'],
    ];
    for (const [scheme, code] of invalid) {
      expect(failurePaths({ ...meta, name: 'Acme', industry: { scheme, code } }), `${scheme} ${code}`).toEqual(['industry.code']);
    }
  });

  it('rejects a size band that disagrees with the employee count', () => {
    expect(failurePaths({ ...meta, name: 'Acme', sizeBand: '1-9', employeeCount: 10 })).toEqual(['sizeBand']);
    expect(safeParseCompany({ ...meta, name: 'Acme', sizeBand: '1-9', employeeCount: 0 }).success).toBe(true);
    expect(safeParseCompany({ ...meta, name: 'Acme', sizeBand: '1000+', employeeCount: 25_000 }).success).toBe(true);
    expect(safeParseCompany({ ...meta, name: 'Acme', sizeBand: '50-249' }).success).toBe(true);
  });

  it('maps employee counts to size bands at the band edges', () => {
    expect(sizeBandFor(0)).toBe('1-9');
    expect(sizeBandFor(9)).toBe('1-9');
    expect(sizeBandFor(10)).toBe('10-49');
    expect(sizeBandFor(249)).toBe('50-249');
    expect(sizeBandFor(250)).toBe('250-999');
    expect(sizeBandFor(1000)).toBe('1000+');
  });

  it('rejects a negative annual revenue and a negative or fractional employee count', () => {
    expect(failurePaths({ ...meta, name: 'Acme', annualRevenue: { amountMinor: -1, currency: 'EUR' } })).toEqual([
      'annualRevenue.amountMinor',
    ]);
    expect(failurePaths({ ...meta, name: 'Acme', employeeCount: -1 })).toEqual(['employeeCount']);
    expect(failurePaths({ ...meta, name: 'Acme', employeeCount: 1.5 })).toEqual(['employeeCount']);
  });

  it('rejects a company that is its own parent', () => {
    expect(failurePaths({ ...meta, name: 'Acme', parentCompanyId: 'co_1' })).toEqual(['parentCompanyId']);
  });

  it('rejects a missing name, an invalid domain and an unknown currency, reporting every issue', () => {
    const paths = failurePaths({ ...meta, domain: 'not a domain', annualRevenue: { amountMinor: 1, currency: 'XXY' } });
    expect(paths).toEqual(expect.arrayContaining(['name', 'domain', 'annualRevenue.currency']));
  });

  it('rejects unknown keys, also inside the industry classification', () => {
    expect(failurePaths({ ...meta, name: 'Acme', website: 'acme.io' })).toEqual(['(root)']);
    expect(failurePaths({ ...meta, name: 'Acme', industry: { scheme: 'SIC', code: '7372', sector: 'x' } })).toEqual(['industry']);
  });

  it('throws a ValidationError with the issue path from parseCompany', () => {
    expect(() => parseCompany({ ...meta, name: 'Acme', sizeBand: '10-49', employeeCount: 3 })).toThrow(ValidationError);
    try {
      parseCompany({ ...meta, name: 'Acme', sizeBand: '10-49', employeeCount: 3 });
    } catch (error) {
      expect((error as ValidationError).code).toBe('VALIDATION_FAILED');
      expect((error as ValidationError).issues[0]?.path).toEqual(['sizeBand']);
    }
  });

  it('accepts create input without record metadata in the data schema but not in the full schema', () => {
    const data = CompanyDataSchema.parse({ name: 'Acme', domain: 'ACME.io.' });
    expect(data).toEqual({ name: 'Acme', domain: 'acme.io', tags: [], customFields: {} });
    expect(CompanyDataSchema.safeParse({ ...meta, name: 'Acme' }).success).toBe(false);
    expect(safeParseCompany({ name: 'Acme' }).success).toBe(false);
    expect(CompanyEntity.name).toBe('company');
  });

  it('applies the cross-field rules to create input too', () => {
    const result = CompanyDataSchema.safeParse({ name: 'Acme', sizeBand: '1000+', employeeCount: 5 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['sizeBand']]);
  });

  it('returns success false from safeParseCompany instead of throwing', () => {
    const result = safeParseCompany({ ...meta, name: '' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.subject).toBe('company');
      expect(result.error.issues.map((issue) => issue.path)).toEqual([['name']]);
    }
  });
});
