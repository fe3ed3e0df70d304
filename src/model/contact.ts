/**
 * Contact: a person the business knows — a subscriber, a lead, a customer, a partner's
 * employee. Identity, how to reach them, where they came from, where they are in the lifecycle,
 * and what they consented to.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import {
  AcquisitionSourceSchema,
  CompanyIdSchema,
  ConsentRecordSchema,
  CustomFieldValuesSchema,
  ExternalIdSchema,
  LongTextSchema,
  OwnerIdSchema,
  PostalAddressSchema,
  TagListSchema,
  TimestampSchema,
} from './common';
import { defineEntity } from './entity';
import { EmailAddressSchema, PhoneNumberSchema } from './normalize';
import { parseWith, safeParseWith } from './parse';

/**
 * Stages of the lead lifecycle (HubSpot's model): subscriber → lead → marketing qualified →
 * sales qualified → opportunity → customer → evangelist, plus `nurture` (recycled, to be
 * re-engaged later) and `disqualified`.
 */
export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'marketing_qualified',
  'sales_qualified',
  'opportunity',
  'customer',
  'evangelist',
  'nurture',
  'disqualified',
] as const;

/** A lifecycle stage. */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Sales' working status of a record in the `lead` stage. */
export const LEAD_STATUSES = ['new', 'attempting_contact', 'connected', 'qualified', 'unqualified', 'bad_timing'] as const;

/** A lead status. */
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/**
 * Turns a list of items with an optional `primary` flag into one where exactly one item is
 * primary: the one flagged, or the first when none is. Two flagged items are an error.
 */
function withOnePrimary<T extends z.ZodObject<{ primary: z.ZodOptional<z.ZodBoolean> }>>(item: T, what: string) {
  return z
    .array(item)
    .max(50)
    .transform((items, ctx) => {
      let flagged = 0;
      for (const entry of items) if (entry.primary === true) flagged++;
      if (flagged > 1) {
        ctx.addIssue({ code: 'custom', message: `Only one ${what} can be primary`, input: items });
        return z.NEVER;
      }
      // `items` and its objects are this parse's own output (the item schemas are strict objects,
      // which always build new objects), so the flag is set on them instead of on copies: an item
      // keeps its keys in order and gains `primary` last when it had none, as a spread would.
      for (let index = 0; index < items.length; index++) {
        const entry = items[index] as { primary?: boolean | undefined };
        entry.primary = flagged === 0 ? index === 0 : entry.primary === true;
      }
      return items as Array<z.output<T> & { primary: boolean }>;
    });
}

/** One e-mail address of a contact; the address is trimmed, lower-cased and validated. */
export const ContactEmailSchema = z.strictObject({
  /** The address, normalised. */
  address: EmailAddressSchema,
  /** What kind of address it is. */
  label: z.enum(['work', 'personal', 'other']).optional(),
  /** The primary address (exactly one per contact; the first one when none is flagged). */
  primary: z.boolean().optional(),
  /** Set when mail to it bounced hard: do not send again. */
  bouncedAt: TimestampSchema.optional(),
});

/** One phone number of a contact, normalised to E.164. */
export const ContactPhoneSchema = z.strictObject({
  /** The number in E.164 (`+14155552671`); input must carry the international prefix. */
  number: PhoneNumberSchema,
  /** What kind of line it is. */
  label: z.enum(['mobile', 'work', 'home', 'fax', 'other']).optional(),
  /** The primary number (exactly one per contact; the first one when none is flagged). */
  primary: z.boolean().optional(),
});

/** GDPR-related flags of a contact. */
export const PersonalDataFlagsSchema = z.strictObject({
  /** Never contact this person through any channel (overrides consents). */
  doNotContact: z.boolean().default(false),
  /** Processing is restricted (GDPR art. 18): keep the data, do not use it. */
  restrictedProcessing: z.boolean().default(false),
  /** The person asked for erasure (art. 17); the erasure is pending until `erasedAt`. */
  erasureRequestedAt: TimestampSchema.optional(),
  /** When personal data was erased (the record remains, anonymised, for statistics). */
  erasedAt: TimestampSchema.optional(),
  /** The person is known to be a minor. */
  minor: z.boolean().optional(),
  /** The record holds special-category data (art. 9): restrict who can see it. */
  specialCategory: z.boolean().optional(),
});

/** GDPR-related flags of a contact. */
export type PersonalDataFlags = z.infer<typeof PersonalDataFlagsSchema>;

/** Domain fields of a contact. */
const contactFields = {
  /** Given name. */
  firstName: z.string().trim().min(1).max(200).optional(),
  /** Middle name(s). */
  middleName: z.string().trim().min(1).max(200).optional(),
  /** Family name. */
  lastName: z.string().trim().min(1).max(200).optional(),
  /** Form of address, e.g. `Dr.`. */
  salutation: z.string().trim().min(1).max(50).optional(),
  /** E-mail addresses; exactly one is primary, addresses are unique. */
  emails: withOnePrimary(ContactEmailSchema, 'e-mail').default([]),
  /** Phone numbers in E.164; exactly one is primary. */
  phones: withOnePrimary(ContactPhoneSchema, 'phone number').default([]),
  /** Postal address. */
  address: PostalAddressSchema.optional(),
  /** The company (account) the person works for. */
  companyId: CompanyIdSchema.optional(),
  /** Job title at that company. */
  jobTitle: z.string().trim().min(1).max(200).optional(),
  /** How the contact was acquired: channel, detail, campaign, UTM parameters. */
  source: AcquisitionSourceSchema.optional(),
  /** Where the contact is in the lead lifecycle (default `subscriber`). */
  lifecycleStage: z.enum(LIFECYCLE_STAGES).default('subscriber'),
  /** Sales' working status while in the `lead` stage. */
  leadStatus: z.enum(LEAD_STATUSES).optional(),
  /** The owner (sales rep) responsible for the contact. */
  ownerId: OwnerIdSchema.optional(),
  /** Tag labels. */
  tags: TagListSchema.default([]),
  /** Lead score: a finite number, higher is hotter. */
  leadScore: z.number().refine(Number.isFinite, { message: 'Expected a finite number' }).optional(),
  /** When the business first got in touch with the person (first sales touch). */
  firstContactAt: TimestampSchema.optional(),
  /** When the contact became a customer. */
  convertedAt: TimestampSchema.optional(),
  /** The last interaction of any kind (activity, purchase, ticket). */
  lastInteractionAt: TimestampSchema.optional(),
  /** Free-text notes (timeline notes are `note` records). */
  notes: LongTextSchema.optional(),
  /** Values of custom fields, keyed by field key; check them with `validateCustomFields`. */
  customFields: CustomFieldValuesSchema.default({}),
  /** Consent history, oldest first; the latest record per purpose is in force. */
  consents: z.array(ConsentRecordSchema).max(1000).default([]),
  /** GDPR flags. */
  personalData: PersonalDataFlagsSchema.default({ doNotContact: false, restrictedProcessing: false }),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The contact entity definition (schemas for create input, stored record and patch). */
export const ContactEntity = defineEntity('contact', contactFields, (contact, ctx) => {
  if (contact.firstName === undefined && contact.lastName === undefined && contact.emails.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['firstName'], message: 'A contact needs a first name, a last name or an e-mail', input: contact });
  }
  // One address cannot repeat itself: most contacts skip building the set.
  if (contact.emails.length > 1) {
    const seen = new Set<string>();
    contact.emails.forEach((email, index) => {
      if (seen.has(email.address)) {
        ctx.addIssue({ code: 'custom', path: ['emails', index, 'address'], message: 'Duplicate e-mail address', input: email.address });
      }
      seen.add(email.address);
    });
  }
  if (contact.convertedAt !== undefined && contact.firstContactAt !== undefined && contact.convertedAt < contact.firstContactAt) {
    ctx.addIssue({ code: 'custom', path: ['convertedAt'], message: 'convertedAt is before firstContactAt', input: contact.convertedAt });
  }
});

/** Create input of a contact: domain fields, validated and normalised. */
export const ContactDataSchema = ContactEntity.dataSchema;
/** A stored contact: record metadata + domain fields. */
export const ContactSchema = ContactEntity.schema;

/** A stored contact. */
export type Contact = z.output<typeof ContactSchema>;
/** A contact's domain fields after validation (what a store receives on create). */
export type ContactData = z.output<typeof ContactDataSchema>;
/** What callers may pass to create a contact (before defaults and normalisation). */
export type ContactInput = z.input<typeof ContactDataSchema>;
/** One e-mail of a contact. */
export type ContactEmail = Contact['emails'][number];
/** One phone of a contact. */
export type ContactPhone = Contact['phones'][number];

/**
 * Parses an untrusted value into a stored {@link Contact} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the contact, normalised (e-mails lower-cased, phones in E.164, defaults applied)
 * @throws {@link ValidationError} listing every issue with its path
 *
 * @example
 * ```ts
 * import { parseContact } from 'crmkit';
 * const contact = parseContact({
 *   id: 'c1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   firstName: 'Ada', emails: [{ address: ' Ada@Example.com ' }],
 * });
 * contact.emails[0]; //=> { address: 'ada@example.com', primary: true }
 * contact.lifecycleStage; //=> 'subscriber'
 * ```
 */
export function parseContact(input: unknown): Contact {
  return parseWith(ContactSchema, 'contact', input);
}

/**
 * Like {@link parseContact} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 *
 * @example
 * ```ts
 * import { safeParseContact } from 'crmkit';
 * const result = safeParseContact({ firstName: 'Ada' });
 * result.success; //=> false (record metadata is missing)
 * ```
 */
export function safeParseContact(input: unknown): Result<Contact, ValidationError> {
  return safeParseWith(ContactSchema, 'contact', input);
}

/**
 * The primary e-mail address of a contact, if it has any.
 *
 * @param contact - a contact (or its data)
 * @returns the primary address, or `undefined`
 *
 * @example
 * ```ts
 * import { primaryEmail } from 'crmkit';
 * primaryEmail({ emails: [{ address: 'a@x.io', primary: false }, { address: 'b@x.io', primary: true }] }); //=> 'b@x.io'
 * ```
 */
export function primaryEmail(contact: { emails: readonly { address: string; primary: boolean }[] }): string | undefined {
  return contact.emails.find((email) => email.primary)?.address;
}

/**
 * The consent in force for a purpose: the latest consent record for it, by `recordedAt`, unless
 * it has expired at `now`.
 *
 * @param contact - a contact (or its data)
 * @param purpose - the consent purpose
 * @param now - the instant to evaluate at (injected, never read from the system clock)
 * @returns `'granted'`, `'denied'`, `'withdrawn'`, or `'unknown'` when no valid record exists
 *
 * @example
 * ```ts
 * import { consentStatus } from 'crmkit';
 * consentStatus(
 *   { consents: [
 *     { purpose: 'marketing_email', status: 'granted', lawfulBasis: 'consent', recordedAt: new Date('2024-01-01') },
 *     { purpose: 'marketing_email', status: 'withdrawn', lawfulBasis: 'consent', recordedAt: new Date('2024-06-01') },
 *   ], personalData: { doNotContact: false, restrictedProcessing: false } },
 *   'marketing_email',
 *   new Date('2025-01-01'),
 * ); //=> 'withdrawn'
 * ```
 */
export function consentStatus(
  contact: Pick<Contact, 'consents' | 'personalData'>,
  purpose: Contact['consents'][number]['purpose'],
  now: Date,
): 'granted' | 'denied' | 'withdrawn' | 'unknown' {
  if (contact.personalData.doNotContact && purpose.startsWith('marketing_')) return 'denied';
  let latest: Contact['consents'][number] | undefined;
  for (const record of contact.consents) {
    if (record.purpose !== purpose) continue;
    if (latest === undefined || record.recordedAt >= latest.recordedAt) latest = record;
  }
  if (latest === undefined) return 'unknown';
  if (latest.expiresAt !== undefined && latest.expiresAt <= now) return 'unknown';
  return latest.status;
}
