/**
 * Lead: a person or company captured before qualification (a Salesforce-style lead): whatever
 * a form, a list or a trade-show scan gave us, kept apart from contacts and companies until
 * sales qualifies it. Conversion (done by the lead lifecycle) records the contact, company and
 * deal it became.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import {
  AcquisitionSourceSchema,
  CompanyIdSchema,
  ContactIdSchema,
  CustomFieldValuesSchema,
  DealIdSchema,
  ExternalIdSchema,
  LongTextSchema,
  OwnerIdSchema,
  PostalAddressSchema,
  TagListSchema,
  TimestampSchema,
} from './common';
import { LEAD_STATUSES, LIFECYCLE_STAGES } from './contact';
import { defineEntity } from './entity';
import { DomainSchema, EmailAddressSchema, PhoneNumberSchema } from './normalize';
import { parseWith, safeParseWith } from './parse';

/** The fields that record what a lead was converted into; each is only allowed with `convertedAt`. */
export const LEAD_CONVERSION_FIELDS = ['convertedContactId', 'convertedCompanyId', 'convertedDealId'] as const;

/** Domain fields of a lead. */
const leadFields = {
  /** Given name. */
  firstName: z.string().trim().min(1).max(200).optional(),
  /** Family name. */
  lastName: z.string().trim().min(1).max(200).optional(),
  /** E-mail address, trimmed, lower-cased and validated. */
  email: EmailAddressSchema.optional(),
  /** Phone number in E.164; input must carry the international prefix. */
  phone: PhoneNumberSchema.optional(),
  /** The company the person says they work for (free text until conversion links a company). */
  companyName: z.string().trim().min(1).max(300).optional(),
  /** Job title. */
  jobTitle: z.string().trim().min(1).max(200).optional(),
  /** The company's web domain, normalised (`https://www.Acme.io` → `acme.io`). */
  website: DomainSchema.optional(),
  /** Postal address. */
  address: PostalAddressSchema.optional(),
  /** How the lead was acquired: channel, detail, campaign, UTM parameters. */
  source: AcquisitionSourceSchema.optional(),
  /** Where the lead is in the lead lifecycle (default `lead`). */
  lifecycleStage: z.enum(LIFECYCLE_STAGES).default('lead'),
  /** Sales' working status (default `new`). */
  status: z.enum(LEAD_STATUSES).default('new'),
  /** The owner (sales rep) working the lead. */
  ownerId: OwnerIdSchema.optional(),
  /** Lead score: a finite number, higher is hotter. */
  score: z.number().refine(Number.isFinite, { message: 'Expected a finite number' }).optional(),
  /** Tag labels. */
  tags: TagListSchema.default([]),
  /** Free-text notes. */
  notes: LongTextSchema.optional(),
  /** Values of custom fields, keyed by field key; check them with `validateCustomFields`. */
  customFields: CustomFieldValuesSchema.default({}),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
  /** When the lead was converted; the `converted*` ids are only allowed with it. */
  convertedAt: TimestampSchema.optional(),
  /** The contact the lead became on conversion. */
  convertedContactId: ContactIdSchema.optional(),
  /** The company the lead was converted into or attached to. */
  convertedCompanyId: CompanyIdSchema.optional(),
  /** The deal opened on conversion, if any. */
  convertedDealId: DealIdSchema.optional(),
  /** Why the lead was disqualified (free text: "student", "competitor", "no budget"…). */
  disqualifiedReason: z.string().trim().min(1).max(500).optional(),
};

/** The lead entity definition (schemas for create input, stored record and patch). */
export const LeadEntity = defineEntity('lead', leadFields, (lead, ctx) => {
  if (lead.lastName === undefined && lead.email === undefined && lead.companyName === undefined) {
    ctx.addIssue({ code: 'custom', path: ['lastName'], message: 'A lead needs a last name, an e-mail or a company name', input: lead });
  }
  if (lead.convertedAt === undefined) {
    for (const field of LEAD_CONVERSION_FIELDS) {
      if (lead[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} is only allowed on a converted lead (convertedAt)`, input: lead[field] });
      }
    }
  }
});

/** Create input of a lead: domain fields, validated and normalised. */
export const LeadDataSchema = LeadEntity.dataSchema;
/** A stored lead: record metadata + domain fields. */
export const LeadSchema = LeadEntity.schema;

/** A stored lead. */
export type Lead = z.output<typeof LeadSchema>;
/** A lead's domain fields after validation (what a store receives on create). */
export type LeadData = z.output<typeof LeadDataSchema>;
/** What callers may pass to create a lead (before defaults and normalisation). */
export type LeadInput = z.input<typeof LeadDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Lead} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the lead, normalised (e-mail lower-cased, phone in E.164, website a bare domain, defaults applied)
 * @throws {@link ValidationError} listing every issue with its path
 *
 * @example
 * ```ts
 * import { parseLead } from 'crmkit';
 * const lead = parseLead({
 *   id: 'l1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   email: ' Ada@Example.com ', companyName: 'Analytical Engines Ltd',
 * });
 * lead.email;          //=> 'ada@example.com'
 * lead.lifecycleStage; //=> 'lead'
 * lead.status;         //=> 'new'
 * ```
 */
export function parseLead(input: unknown): Lead {
  return parseWith(LeadSchema, 'lead', input);
}

/**
 * Like {@link parseLead} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseLead } from 'crmkit';
 * const result = safeParseLead({ email: 'ada@example.com' });
 * result.success; //=> false (record metadata is missing)
 * ```
 */
export function safeParseLead(input: unknown): Result<Lead, ValidationError> {
  return safeParseWith(LeadSchema, 'lead', input);
}
