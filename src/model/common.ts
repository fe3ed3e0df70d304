/**
 * Building blocks shared by the entity schemas: branded ids, timestamps and calendar dates,
 * record metadata, postal addresses, custom-field values, consent records.
 *
 * @module
 */
import { z } from 'zod';

/**
 * Builds a branded id schema: a non-empty string of at most 128 characters, trimmed, whose type
 * is branded so that a `ContactId` cannot be passed where a `DealId` is expected.
 *
 * @param _brand - the brand name, e.g. `'ContactId'` (only used for the type)
 * @returns a zod schema of branded strings
 *
 * @example
 * ```ts
 * import { idSchema } from 'crmkit/model';
 * const InvoiceIdSchema = idSchema('InvoiceId');
 * InvoiceIdSchema.parse('inv_1'); //=> 'inv_1' (typed as string & Brand<'InvoiceId'>)
 * ```
 */
export function idSchema<const Brand extends string>(_brand: Brand) {
  return z.string().trim().min(1).max(128).brand<Brand>();
}

/** Id of a workspace (tenant). Every record belongs to exactly one. */
export const WorkspaceIdSchema = idSchema('WorkspaceId');
/** Id of a workspace (tenant). */
export type WorkspaceId = z.infer<typeof WorkspaceIdSchema>;

/* Every entity's id schema lives here, so that entities can reference each other without import cycles. */
/** Id of a contact. */
export const ContactIdSchema = idSchema('ContactId');
/** Id of a contact. */
export type ContactId = z.infer<typeof ContactIdSchema>;
/** Id of a company (account). */
export const CompanyIdSchema = idSchema('CompanyId');
/** Id of a company. */
export type CompanyId = z.infer<typeof CompanyIdSchema>;
/** Id of a lead. */
export const LeadIdSchema = idSchema('LeadId');
/** Id of a lead. */
export type LeadId = z.infer<typeof LeadIdSchema>;
/** Id of a deal (opportunity). */
export const DealIdSchema = idSchema('DealId');
/** Id of a deal. */
export type DealId = z.infer<typeof DealIdSchema>;
/** Id of an offer (quote) inside a deal. */
export const OfferIdSchema = idSchema('OfferId');
/** Id of an offer. */
export type OfferId = z.infer<typeof OfferIdSchema>;
/** Id of a pipeline. */
export const PipelineIdSchema = idSchema('PipelineId');
/** Id of a pipeline. */
export type PipelineId = z.infer<typeof PipelineIdSchema>;
/** Id of a pipeline stage (unique within its pipeline). */
export const StageIdSchema = idSchema('StageId');
/** Id of a pipeline stage. */
export type StageId = z.infer<typeof StageIdSchema>;
/** Id of an activity. */
export const ActivityIdSchema = idSchema('ActivityId');
/** Id of an activity. */
export type ActivityId = z.infer<typeof ActivityIdSchema>;
/** Id of a touchpoint. */
export const TouchpointIdSchema = idSchema('TouchpointId');
/** Id of a touchpoint. */
export type TouchpointId = z.infer<typeof TouchpointIdSchema>;
/** Id of a task. */
export const TaskIdSchema = idSchema('TaskId');
/** Id of a task. */
export type TaskId = z.infer<typeof TaskIdSchema>;
/** Id of a ticket. */
export const TicketIdSchema = idSchema('TicketId');
/** Id of a ticket. */
export type TicketId = z.infer<typeof TicketIdSchema>;
/** Id of a campaign. */
export const CampaignIdSchema = idSchema('CampaignId');
/** Id of a campaign. */
export type CampaignId = z.infer<typeof CampaignIdSchema>;
/** Id of a campaign membership. */
export const CampaignMemberIdSchema = idSchema('CampaignMemberId');
/** Id of a campaign membership. */
export type CampaignMemberId = z.infer<typeof CampaignMemberIdSchema>;
/** Id of a product. */
export const ProductIdSchema = idSchema('ProductId');
/** Id of a product. */
export type ProductId = z.infer<typeof ProductIdSchema>;
/** Id of a purchase. */
export const PurchaseIdSchema = idSchema('PurchaseId');
/** Id of a purchase. */
export type PurchaseId = z.infer<typeof PurchaseIdSchema>;
/** Id of an external-spend record. */
export const ExternalSpendIdSchema = idSchema('ExternalSpendId');
/** Id of an external-spend record. */
export type ExternalSpendId = z.infer<typeof ExternalSpendIdSchema>;
/** Id of a survey response. */
export const SurveyResponseIdSchema = idSchema('SurveyResponseId');
/** Id of a survey response. */
export type SurveyResponseId = z.infer<typeof SurveyResponseIdSchema>;
/** Id of an owner (a user who owns records). */
export const OwnerIdSchema = idSchema('OwnerId');
/** Id of an owner. */
export type OwnerId = z.infer<typeof OwnerIdSchema>;
/** Id of a team. */
export const TeamIdSchema = idSchema('TeamId');
/** Id of a team. */
export type TeamId = z.infer<typeof TeamIdSchema>;
/** Id of a note. */
export const NoteIdSchema = idSchema('NoteId');
/** Id of a note. */
export type NoteId = z.infer<typeof NoteIdSchema>;
/** Id of a tag. */
export const TagIdSchema = idSchema('TagId');
/** Id of a tag. */
export type TagId = z.infer<typeof TagIdSchema>;
/** Id of a custom field definition. */
export const CustomFieldDefinitionIdSchema = idSchema('CustomFieldDefinitionId');
/** Id of a custom field definition. */
export type CustomFieldDefinitionId = z.infer<typeof CustomFieldDefinitionIdSchema>;

/**
 * An instant in time. Accepts a valid `Date` or an ISO 8601 date-time string **with** a
 * timezone (`Z` or `±hh:mm`), and yields a `Date`. Strings without a timezone are rejected:
 * an instant needs one. Years are limited to 0000–9999, the range ISO 8601 strings (and
 * therefore JSON and every store) represent without extensions.
 */
export const TimestampSchema = z
  .union([
    z
      .date()
      .min(new Date('0000-01-01T00:00:00.000Z'), { message: 'Date before year 0000' })
      .max(new Date('9999-12-31T23:59:59.999Z'), { message: 'Date after year 9999' }),
    z.iso.datetime({ offset: true }),
  ])
  .transform((value) => (typeof value === 'string' ? new Date(value) : value));

/** An instant in time (a `Date`). */
export type Timestamp = z.infer<typeof TimestampSchema>;

/**
 * A calendar date without time or timezone, as an ISO 8601 `YYYY-MM-DD` string (an expected
 * close date, a due date, a birthday). Impossible dates such as `2024-02-30` are rejected.
 */
export const CalendarDateSchema = z.iso.date();

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = z.infer<typeof CalendarDateSchema>;

/**
 * Metadata every stored record carries: its id, the workspace it belongs to, its version (for
 * optimistic concurrency, starting at 1 and increased by every update) and when it was
 * created and last updated.
 */
export const RecordMetaSchema = z.strictObject({
  /** Record id, unique per entity within a workspace. */
  id: z.string().trim().min(1).max(128),
  /** The workspace (tenant) the record belongs to. */
  workspaceId: WorkspaceIdSchema,
  /** Version for optimistic concurrency: 1 on create, +1 on every update. */
  version: z.number().int().min(1),
  /** When the record was created. */
  createdAt: TimestampSchema,
  /** When the record was last changed. */
  updatedAt: TimestampSchema,
});

/** Metadata every stored record carries. */
export type RecordMeta = z.infer<typeof RecordMetaSchema>;

/** Names of the record-metadata fields, which callers never set in create input. */
export const RECORD_META_FIELDS = ['id', 'workspaceId', 'version', 'createdAt', 'updatedAt'] as const;

/** A structured postal address. All parts optional; `country` is an ISO 3166-1 alpha-2 code. */
export const PostalAddressSchema = z.strictObject({
  /** Street and number, one or more lines. */
  lines: z.array(z.string().trim().min(1).max(200)).max(4).optional(),
  /** City or locality. */
  city: z.string().trim().min(1).max(120).optional(),
  /** State, province, region or county. */
  region: z.string().trim().min(1).max(120).optional(),
  /** Postal or ZIP code. */
  postalCode: z.string().trim().min(1).max(20).optional(),
  /** ISO 3166-1 alpha-2 country code, upper-cased (`IT`, `US`). */
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'Expected an ISO 3166-1 alpha-2 country code')
    .transform((value) => value.toUpperCase())
    .optional(),
});

/** A structured postal address. */
export type PostalAddress = z.infer<typeof PostalAddressSchema>;

/**
 * A tag reference: a short label, trimmed, 1–64 characters. Records carry tag labels; the
 * `tag` entity holds their colour and description.
 */
export const TagLabelSchema = z.string().trim().min(1).max(64);

/** A list of tag labels without duplicates. */
export const TagListSchema = z
  .array(TagLabelSchema)
  .max(100)
  .refine((tags) => tags.length < 2 || new Set(tags).size === tags.length, { message: 'Duplicate tag' });

/** Free text with a generous upper bound (notes, descriptions): at most 100,000 characters. */
export const LongTextSchema = z.string().max(100_000);

/** A short single-line name or label: trimmed, 1–300 characters. */
export const NameSchema = z.string().trim().min(1).max(300);

/**
 * The value of one custom field, before it is checked against its definition:
 * text, number, boolean, calendar date, an enum option or several, or money.
 * `null` clears the field.
 */
export const CustomFieldValueSchema = z.union([
  z.string().max(10_000),
  z.number().refine(Number.isFinite, { message: 'Expected a finite number' }),
  z.boolean(),
  z.array(z.string().max(300)).max(200),
  z.strictObject({
    amountMinor: z.number().int().refine(Number.isSafeInteger, { message: 'Amount exceeds the safe integer range' }),
    currency: z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code'),
  }),
  z.null(),
]);

/** The value of one custom field. */
export type CustomFieldValue = z.infer<typeof CustomFieldValueSchema>;

/**
 * Custom field values keyed by the definition's `key` (`[a-z][a-zA-Z0-9_]*`, at most 64
 * characters). Validate them against their definitions with `validateCustomFields`.
 */
export const CustomFieldValuesSchema = z.record(
  z.string().regex(/^[a-z][a-zA-Z0-9_]{0,63}$/, 'Custom field keys are camelCase or snake_case identifiers'),
  CustomFieldValueSchema,
);

/** Custom field values keyed by field key. */
export type CustomFieldValues = z.infer<typeof CustomFieldValuesSchema>;

/** What a consent record is about. */
export const CONSENT_PURPOSES = [
  'marketing_email',
  'marketing_sms',
  'marketing_phone',
  'marketing_post',
  'profiling',
  'third_party_sharing',
  'tracking',
  'service_communication',
] as const;

/** Lawful bases for processing under GDPR art. 6(1). */
export const LAWFUL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;

/**
 * One consent decision of a person, kept as an append-only history on the contact: the latest
 * record per purpose is the one in force.
 */
export const ConsentRecordSchema = z.strictObject({
  /** What the consent is for. */
  purpose: z.enum(CONSENT_PURPOSES),
  /** Granted, denied (asked and refused) or withdrawn (granted before, revoked now). */
  status: z.enum(['granted', 'denied', 'withdrawn']),
  /** The GDPR lawful basis the processing relies on. */
  lawfulBasis: z.enum(LAWFUL_BASES),
  /** When the decision was recorded. */
  recordedAt: TimestampSchema,
  /** Where it was collected (form id, call, import…). */
  source: z.string().trim().min(1).max(200).optional(),
  /** The wording the person agreed to, or its version id, for proof. */
  wording: z.string().max(5_000).optional(),
  /** When the consent lapses, if it does. */
  expiresAt: TimestampSchema.optional(),
});

/** One consent decision. */
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

/**
 * The channel through which a record came or an interaction happened. A closed list keeps
 * reports comparable; put finer detail in the `detail` / `campaign` fields.
 */
export const CHANNELS = [
  'organic_search',
  'paid_search',
  'organic_social',
  'paid_social',
  'email',
  'direct',
  'referral',
  'display',
  'affiliate',
  'events',
  'phone',
  'sms',
  'chat',
  'partner',
  'offline',
  'import',
  'other',
] as const;

/** A marketing or interaction channel. */
export const ChannelSchema = z.enum(CHANNELS);

/** A marketing or interaction channel, e.g. `'paid_search'`. */
export type Channel = z.infer<typeof ChannelSchema>;

/** Standard UTM parameters as captured from a landing URL. */
export const UtmSchema = z.strictObject({
  source: z.string().trim().min(1).max(200).optional(),
  medium: z.string().trim().min(1).max(200).optional(),
  campaign: z.string().trim().min(1).max(200).optional(),
  term: z.string().trim().min(1).max(200).optional(),
  content: z.string().trim().min(1).max(200).optional(),
});

/** Standard UTM parameters. */
export type Utm = z.infer<typeof UtmSchema>;

/** How a contact, lead or company was acquired. */
export const AcquisitionSourceSchema = z.strictObject({
  /** The channel it came through. */
  channel: ChannelSchema,
  /** Free detail: the referring site, the event name, the list bought… */
  detail: z.string().trim().min(1).max(300).optional(),
  /** The campaign credited with the acquisition. */
  campaignId: CampaignIdSchema.optional(),
  /** UTM parameters of the first visit. */
  utm: UtmSchema.optional(),
});

/** How a record was acquired. */
export type AcquisitionSource = z.infer<typeof AcquisitionSourceSchema>;

/** A link from one record to another, by entity name and id (activities, tasks and notes use it). */
export const RecordRefSchema = z.strictObject({
  /** Entity name of the target, e.g. `deal`. */
  entity: z.enum([
    'contact',
    'company',
    'lead',
    'deal',
    'ticket',
    'campaign',
    'task',
    'activity',
    'purchase',
    'product',
  ]),
  /** The target record's id. */
  id: z.string().trim().min(1).max(128),
});

/** A link to another record. */
export type RecordRef = z.infer<typeof RecordRefSchema>;

/** An external system's id for a record (CRM export id, e-commerce customer id), for idempotent imports. */
export const ExternalIdSchema = z.string().trim().min(1).max(200);
