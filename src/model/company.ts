/**
 * Company: an organisation the business sells to or works with (an *account*). Its identity
 * (name, web domain), industry classification, size, revenue, address, its place in a group of
 * companies, who owns it and where it came from.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import {
  AcquisitionSourceSchema,
  CompanyIdSchema,
  CustomFieldValuesSchema,
  ExternalIdSchema,
  LongTextSchema,
  NameSchema,
  OwnerIdSchema,
  PostalAddressSchema,
  TagListSchema,
} from './common';
import { defineEntity } from './entity';
import { MoneySchema } from './money';
import { DomainSchema, PhoneNumberSchema } from './normalize';
import { parseWith, safeParseWith } from './parse';

/**
 * Industry classification schemes a company's industry code can come from: NAICS (North
 * America), NACE (EU), ATECO (Italy, a national extension of NACE), SIC (US, legacy), ISIC (UN),
 * or `other` for anything else (the code is then free text).
 */
export const INDUSTRY_SCHEMES = ['NAICS', 'NACE', 'ATECO', 'SIC', 'ISIC', 'other'] as const;

/** An industry classification scheme. */
export type IndustryScheme = (typeof INDUSTRY_SCHEMES)[number];

/**
 * The code formats accepted per scheme, after trimming and upper-casing:
 * - NAICS: 2–6 digits (`54`, `5415`, `541511`);
 * - NACE: a section letter `A`–`U`, a division `62`, a group `62.0` or a class `62.01`;
 * - ATECO: a section letter, or `62`, `62.0`, `62.01`, `62.01.0`, `62.01.00`;
 * - SIC: 4 digits (`7372`);
 * - ISIC: a section letter or 2–4 digits (`62`, `620`, `6201`);
 * - other: any text of 1–50 characters.
 */
export const INDUSTRY_CODE_PATTERNS: Readonly<Record<IndustryScheme, RegExp>> = {
  NAICS: /^\d{2,6}$/,
  NACE: /^(?:[A-U]|\d{2}(?:\.\d\d?)?)$/,
  ATECO: /^(?:[A-U]|\d{2}(?:\.\d(?:\d(?:\.\d\d?)?)?)?)$/,
  SIC: /^\d{4}$/,
  ISIC: /^(?:[A-U]|\d{2,4})$/,
  other: /^.{1,50}$/s,
};

/**
 * A company's industry: the scheme, a code in that scheme's format (see
 * {@link INDUSTRY_CODE_PATTERNS}; trimmed and upper-cased) and an optional readable label.
 */
export const IndustryClassificationSchema = z
  .strictObject({
    /** The classification scheme. */
    scheme: z.enum(INDUSTRY_SCHEMES),
    /** The code in that scheme, e.g. `541511` (NAICS) or `62.01` (NACE). */
    code: z
      .string()
      .trim()
      .min(1)
      .max(50)
      .transform((value) => value.toUpperCase()),
    /** A readable label, e.g. `Custom Computer Programming Services`. */
    label: z.string().trim().min(1).max(300).optional(),
  })
  .superRefine((industry, ctx) => {
    if (!INDUSTRY_CODE_PATTERNS[industry.scheme].test(industry.code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message: `Invalid ${industry.scheme} code "${industry.code}"`,
        input: industry.code,
      });
    }
  });

/** A company's industry classification. */
export type IndustryClassification = z.infer<typeof IndustryClassificationSchema>;

/**
 * Head-count bands, close to the EU SME definition (micro < 10, small < 50, medium < 250) with
 * the large band split at 1,000. A company without employees (owner only) is in `1-9`.
 */
export const COMPANY_SIZE_BANDS = ['1-9', '10-49', '50-249', '250-999', '1000+'] as const;

/** A head-count band. */
export type CompanySizeBand = (typeof COMPANY_SIZE_BANDS)[number];

/** The employee counts each band covers, inclusive (`max` is `null` for the open-ended band). */
export const COMPANY_SIZE_BAND_RANGES: Readonly<Record<CompanySizeBand, { readonly min: number; readonly max: number | null }>> = {
  '1-9': { min: 0, max: 9 },
  '10-49': { min: 10, max: 49 },
  '50-249': { min: 50, max: 249 },
  '250-999': { min: 250, max: 999 },
  '1000+': { min: 1000, max: null },
};

/**
 * The head-count band an employee count falls in.
 *
 * @param employeeCount - a non-negative integer
 * @returns the band from {@link COMPANY_SIZE_BANDS}
 *
 * @example
 * ```ts
 * import { sizeBandFor } from 'crmkit';
 * sizeBandFor(42);   //=> '10-49'
 * sizeBandFor(1200); //=> '1000+'
 * ```
 */
export function sizeBandFor(employeeCount: number): CompanySizeBand {
  for (const band of COMPANY_SIZE_BANDS) {
    const range = COMPANY_SIZE_BAND_RANGES[band];
    if (employeeCount >= range.min && (range.max === null || employeeCount <= range.max)) return band;
  }
  return '1-9';
}

/** Domain fields of a company. */
const companyFields = {
  /** The name the company is known by. */
  name: NameSchema,
  /** The registered legal name, when it differs (`Acme S.p.A.`). */
  legalName: NameSchema.optional(),
  /** Main web domain, normalised (`https://www.Acme.io/about` → `acme.io`); used to match contacts by e-mail domain. */
  domain: DomainSchema.optional(),
  /** Industry classification: scheme, code and label. */
  industry: IndustryClassificationSchema.optional(),
  /** Head-count band; must agree with `employeeCount` when both are given. */
  sizeBand: z.enum(COMPANY_SIZE_BANDS).optional(),
  /** Number of employees, a non-negative integer. */
  employeeCount: z.number().int().min(0).optional(),
  /** Annual revenue (turnover), not negative. */
  annualRevenue: MoneySchema.optional(),
  /** Main phone number in E.164. */
  phone: PhoneNumberSchema.optional(),
  /** Postal address (headquarters or billing). */
  address: PostalAddressSchema.optional(),
  /** The parent company in a group (a subsidiary points to its parent); never the company itself. */
  parentCompanyId: CompanyIdSchema.optional(),
  /** The owner (account manager) responsible for the company. */
  ownerId: OwnerIdSchema.optional(),
  /** Tag labels. */
  tags: TagListSchema.default([]),
  /** How the company was acquired: channel, detail, campaign, UTM parameters. */
  source: AcquisitionSourceSchema.optional(),
  /** Free-text notes. */
  notes: LongTextSchema.optional(),
  /** Values of custom fields, keyed by field key; check them with `validateCustomFields`. */
  customFields: CustomFieldValuesSchema.default({}),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The company entity definition (schemas for create input, stored record and patch). */
export const CompanyEntity = defineEntity('company', companyFields, (company, ctx) => {
  if (company.sizeBand !== undefined && company.employeeCount !== undefined) {
    const expected = sizeBandFor(company.employeeCount);
    if (expected !== company.sizeBand) {
      ctx.addIssue({
        code: 'custom',
        path: ['sizeBand'],
        message: `sizeBand "${company.sizeBand}" does not match employeeCount ${company.employeeCount} (expected "${expected}")`,
        input: company.sizeBand,
      });
    }
  }
  if (company.annualRevenue !== undefined && company.annualRevenue.amountMinor < 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['annualRevenue', 'amountMinor'],
      message: 'annualRevenue cannot be negative',
      input: company.annualRevenue.amountMinor,
    });
  }
  const id = (company as { id?: unknown }).id;
  if (company.parentCompanyId !== undefined && id !== undefined && company.parentCompanyId === id) {
    ctx.addIssue({ code: 'custom', path: ['parentCompanyId'], message: 'A company cannot be its own parent', input: company.parentCompanyId });
  }
});

/** Create input of a company: domain fields, validated and normalised. */
export const CompanyDataSchema = CompanyEntity.dataSchema;
/** A stored company: record metadata + domain fields. */
export const CompanySchema = CompanyEntity.schema;

/** A stored company. */
export type Company = z.output<typeof CompanySchema>;
/** A company's domain fields after validation (what a store receives on create). */
export type CompanyData = z.output<typeof CompanyDataSchema>;
/** What callers may pass to create a company (before defaults and normalisation). */
export type CompanyInput = z.input<typeof CompanyDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Company} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the company, normalised (domain bare and lower-cased, currency and industry code upper-cased, defaults applied)
 * @throws {@link ValidationError} listing every issue with its path
 *
 * @example
 * ```ts
 * import { parseCompany } from 'crmkit';
 * const company = parseCompany({
 *   id: 'co1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   name: 'Acme', domain: 'https://www.Acme.io/about',
 *   industry: { scheme: 'NACE', code: '62.01' }, sizeBand: '10-49', employeeCount: 42,
 * });
 * company.domain; //=> 'acme.io'
 * company.tags;   //=> []
 * ```
 */
export function parseCompany(input: unknown): Company {
  return parseWith(CompanySchema, 'company', input);
}

/**
 * Like {@link parseCompany} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseCompany } from 'crmkit';
 * const result = safeParseCompany({ name: 'Acme' });
 * result.success; //=> false (record metadata is missing)
 * ```
 */
export function safeParseCompany(input: unknown): Result<Company, ValidationError> {
  return safeParseWith(CompanySchema, 'company', input);
}
