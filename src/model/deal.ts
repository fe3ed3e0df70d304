/**
 * Deal: a sales opportunity moving through a pipeline — what is being sold, to whom, for how
 * much, when it is expected to close, how it ended, and the offers (quotes) made along the way.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import {
  AcquisitionSourceSchema,
  CalendarDateSchema,
  CampaignIdSchema,
  CompanyIdSchema,
  ContactIdSchema,
  CustomFieldValuesSchema,
  ExternalIdSchema,
  LongTextSchema,
  NameSchema,
  OfferIdSchema,
  OwnerIdSchema,
  PipelineIdSchema,
  StageIdSchema,
  TagListSchema,
  TimestampSchema,
} from './common';
import { defineEntity } from './entity';
import { MoneySchema } from './money';
import { parseWith, safeParseWith } from './parse';

/**
 * Forecast categories (Salesforce's): `pipeline` (early, low confidence), `best_case`,
 * `commit` (the rep commits to closing it this period), `closed` (won) and `omitted` (lost or
 * left out of the forecast).
 */
export const FORECAST_CATEGORIES = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;

/** A forecast category. */
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

/** Outcome of a deal: still `open`, `won` or `lost`. */
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;

/** A deal status. */
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** Why a deal was lost; put the specifics in `lostReasonDetail`. */
export const DEAL_LOST_REASONS = [
  'price',
  'competitor',
  'no_budget',
  'no_decision',
  'timing',
  'product_fit',
  'unresponsive',
  'disqualified',
  'other',
] as const;

/** A reason a deal was lost. */
export type DealLostReason = (typeof DEAL_LOST_REASONS)[number];

/** The role a contact plays in a deal (buying-committee roles). */
export const DEAL_CONTACT_ROLES = [
  'decision_maker',
  'economic_buyer',
  'champion',
  'influencer',
  'technical_buyer',
  'user',
  'blocker',
  'other',
] as const;

/** A contact's role in a deal. */
export type DealContactRole = (typeof DEAL_CONTACT_ROLES)[number];

/**
 * Status of an offer: `draft`, `sent` to the customer, `rejected` or `accepted` by them, or
 * `superseded` by a later version.
 */
export const OFFER_STATUSES = ['draft', 'sent', 'rejected', 'accepted', 'superseded'] as const;

/** An offer status. */
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** A contact involved in a deal, with their role. */
export const DealContactSchema = z.strictObject({
  /** The contact. */
  contactId: ContactIdSchema,
  /** Their role in the buying decision. */
  role: z.enum(DEAL_CONTACT_ROLES),
  /** The main contact of the deal (at most one). */
  primary: z.boolean().optional(),
});

/** A contact involved in a deal. */
export type DealContact = z.infer<typeof DealContactSchema>;

/** One line of an offer: what, how many, at what unit price, with what discount. */
export const OfferLineSchema = z.strictObject({
  /** What is offered. */
  description: z.string().trim().min(1).max(1_000),
  /** Quantity, greater than 0 (may be fractional: hours, kilograms). */
  quantity: z.number().positive().refine(Number.isFinite, { message: 'Expected a finite number' }),
  /** Price of one unit, in the offer's currency. */
  unitPrice: MoneySchema,
  /** Discount as a fraction of the line price, 0..1 (default 0). */
  discount: z.number().min(0).max(1).default(0),
});

/** One line of an offer. */
export type OfferLine = z.infer<typeof OfferLineSchema>;

/** An offer (quote) made within a deal; each revision is a new version. */
export const OfferSchema = z.strictObject({
  /** Offer id, unique within the deal. */
  id: OfferIdSchema,
  /** Revision number, ≥ 1, increasing in the deal's `offers` order. */
  version: z.number().int().min(1),
  /** Total offered amount; in the deal's currency when the deal has an amount. */
  amount: MoneySchema,
  /** Where the offer stands. */
  status: z.enum(OFFER_STATUSES),
  /** When the offer was drafted. */
  createdAt: TimestampSchema,
  /** When it was sent to the customer. */
  sentAt: TimestampSchema.optional(),
  /** When the customer accepted or rejected it; required for those statuses. */
  decidedAt: TimestampSchema.optional(),
  /** Last day the offer can be accepted. */
  validUntil: CalendarDateSchema.optional(),
  /** Free-text note. */
  note: z.string().max(5_000).optional(),
  /** Line items; unit prices in the offer's currency. */
  lines: z.array(OfferLineSchema).max(500).optional(),
});

/** An offer (quote) within a deal. */
export type Offer = z.infer<typeof OfferSchema>;

/** Domain fields of a deal. */
const dealFields = {
  /** A short name, e.g. `Acme — 50 seats`. */
  name: NameSchema,
  /** The pipeline the deal moves through. */
  pipelineId: PipelineIdSchema,
  /** The deal's current stage in that pipeline. */
  stageId: StageIdSchema,
  /** Expected value of the deal. */
  amount: MoneySchema.optional(),
  /** When the deal is expected to close. */
  expectedCloseDate: CalendarDateSchema.optional(),
  /** Win probability 0..1, overriding the stage's default. */
  probability: z.number().min(0).max(1).optional(),
  /** Forecast category, overriding the stage's default. */
  forecastCategory: z.enum(FORECAST_CATEGORIES).optional(),
  /** Outcome: `open` (default), `won` or `lost`. */
  status: z.enum(DEAL_STATUSES).default('open'),
  /** When the deal was won or lost; required for `won`/`lost`, not allowed while `open`. */
  closedAt: TimestampSchema.optional(),
  /** Why the deal was lost; required for `lost`, not allowed otherwise. */
  lostReason: z.enum(DEAL_LOST_REASONS).optional(),
  /** Free-text detail on the lost reason (the competitor's name…). */
  lostReasonDetail: z.string().trim().min(1).max(2_000).optional(),
  /** The company (account) buying. */
  companyId: CompanyIdSchema.optional(),
  /** The owner (sales rep) responsible for the deal. */
  ownerId: OwnerIdSchema.optional(),
  /** Contacts involved and their roles; each contact at most once, at most one primary. */
  contacts: z.array(DealContactSchema).max(200).default([]),
  /** How the deal originated: channel, detail, campaign, UTM parameters. */
  source: AcquisitionSourceSchema.optional(),
  /** The campaign credited with the deal. */
  campaignId: CampaignIdSchema.optional(),
  /** Tag labels. */
  tags: TagListSchema.default([]),
  /** Free-text description. */
  description: LongTextSchema.optional(),
  /** Values of custom fields, keyed by field key; check them with `validateCustomFields`. */
  customFields: CustomFieldValuesSchema.default({}),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
  /** Offers (quotes), oldest version first. */
  offers: z.array(OfferSchema).max(200).default([]),
};

/** The deal entity definition (schemas for create input, stored record and patch). */
export const DealEntity = defineEntity('deal', dealFields, (deal, ctx) => {
  if (deal.status === 'lost' && deal.lostReason === undefined) {
    ctx.addIssue({ code: 'custom', path: ['lostReason'], message: 'A lost deal needs a lostReason', input: deal.lostReason });
  }
  if (deal.status !== 'lost' && deal.lostReason !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['lostReason'], message: 'lostReason is only allowed on a lost deal', input: deal.lostReason });
  }
  if (deal.status !== 'open' && deal.closedAt === undefined) {
    ctx.addIssue({ code: 'custom', path: ['closedAt'], message: `A ${deal.status} deal needs closedAt`, input: deal.closedAt });
  }
  if (deal.status === 'open' && deal.closedAt !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['closedAt'], message: 'An open deal cannot have closedAt', input: deal.closedAt });
  }

  const contactIds = new Set<string>();
  let primaryContacts = 0;
  deal.contacts.forEach((contact, index) => {
    if (contactIds.has(contact.contactId)) {
      ctx.addIssue({ code: 'custom', path: ['contacts', index, 'contactId'], message: 'Duplicate contact in deal', input: contact.contactId });
    }
    contactIds.add(contact.contactId);
    if (contact.primary === true && ++primaryContacts > 1) {
      ctx.addIssue({ code: 'custom', path: ['contacts', index, 'primary'], message: 'Only one contact can be primary', input: contact.primary });
    }
  });

  const offerIds = new Set<string>();
  let previousVersion = 0;
  let accepted = 0;
  deal.offers.forEach((offer, index) => {
    if (offerIds.has(offer.id)) {
      ctx.addIssue({ code: 'custom', path: ['offers', index, 'id'], message: 'Duplicate offer id', input: offer.id });
    }
    offerIds.add(offer.id);
    if (offer.version <= previousVersion) {
      ctx.addIssue({
        code: 'custom',
        path: ['offers', index, 'version'],
        message: `Offer versions must be unique and increasing (${offer.version} after ${previousVersion})`,
        input: offer.version,
      });
    }
    previousVersion = Math.max(previousVersion, offer.version);
    if (offer.status === 'accepted' && ++accepted > 1) {
      ctx.addIssue({ code: 'custom', path: ['offers', index, 'status'], message: 'At most one offer can be accepted', input: offer.status });
    }
    if ((offer.status === 'accepted' || offer.status === 'rejected') && offer.decidedAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['offers', index, 'decidedAt'], message: `An ${offer.status} offer needs decidedAt`, input: offer.decidedAt });
    }
    if (deal.amount !== undefined && offer.amount.currency !== deal.amount.currency) {
      ctx.addIssue({
        code: 'custom',
        path: ['offers', index, 'amount', 'currency'],
        message: `Offer currency ${offer.amount.currency} differs from the deal currency ${deal.amount.currency}`,
        input: offer.amount.currency,
      });
    }
    offer.lines?.forEach((line, lineIndex) => {
      if (line.unitPrice.currency !== offer.amount.currency) {
        ctx.addIssue({
          code: 'custom',
          path: ['offers', index, 'lines', lineIndex, 'unitPrice', 'currency'],
          message: `Line currency ${line.unitPrice.currency} differs from the offer currency ${offer.amount.currency}`,
          input: line.unitPrice.currency,
        });
      }
    });
  });
});

/** Create input of a deal: domain fields, validated and normalised. */
export const DealDataSchema = DealEntity.dataSchema;
/** A stored deal: record metadata + domain fields. */
export const DealSchema = DealEntity.schema;

/** A stored deal. */
export type Deal = z.output<typeof DealSchema>;
/** A deal's domain fields after validation (what a store receives on create). */
export type DealData = z.output<typeof DealDataSchema>;
/** What callers may pass to create a deal (before defaults and normalisation). */
export type DealInput = z.input<typeof DealDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Deal} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the deal, normalised (currencies upper-cased, timestamps as `Date`, defaults applied)
 * @throws {@link ValidationError} listing every issue with its path
 *
 * @example
 * ```ts
 * import { parseDeal } from 'crmkit';
 * const deal = parseDeal({
 *   id: 'd1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   name: 'Acme — 50 seats', pipelineId: 'p1', stageId: 'qualify',
 *   amount: { amountMinor: 500000, currency: 'eur' },
 * });
 * deal.amount; //=> { amountMinor: 500000, currency: 'EUR' }
 * deal.status; //=> 'open'
 * ```
 */
export function parseDeal(input: unknown): Deal {
  return parseWith(DealSchema, 'deal', input);
}

/**
 * Like {@link parseDeal} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseDeal } from 'crmkit';
 * const result = safeParseDeal({ name: 'Acme', pipelineId: 'p1', stageId: 's1' });
 * result.success; //=> false (record metadata is missing)
 * ```
 */
export function safeParseDeal(input: unknown): Result<Deal, ValidationError> {
  return safeParseWith(DealSchema, 'deal', input);
}

/**
 * The latest offer of a deal: the one with the highest version.
 *
 * @param deal - a deal (or anything with its `offers`)
 * @returns the latest offer, or `undefined` when the deal has none
 *
 * @example
 * ```ts
 * import { latestOffer } from 'crmkit';
 * const createdAt = new Date('2025-01-01');
 * latestOffer({ offers: [
 *   { id: 'o1', version: 1, amount: { amountMinor: 900, currency: 'EUR' }, status: 'superseded', createdAt },
 *   { id: 'o2', version: 2, amount: { amountMinor: 800, currency: 'EUR' }, status: 'sent', createdAt },
 * ] })?.id; //=> 'o2'
 * ```
 */
export function latestOffer<O extends { readonly version: number }>(deal: { readonly offers: readonly O[] }): O | undefined {
  let latest: O | undefined;
  for (const offer of deal.offers) {
    if (latest === undefined || offer.version > latest.version) latest = offer;
  }
  return latest;
}

/**
 * The accepted offer of a deal, if any (a valid deal has at most one).
 *
 * @param deal - a deal (or anything with its `offers`)
 * @returns the accepted offer, or `undefined`
 *
 * @example
 * ```ts
 * import { acceptedOffer } from 'crmkit';
 * const createdAt = new Date('2025-01-01');
 * acceptedOffer({ offers: [
 *   { id: 'o1', version: 1, amount: { amountMinor: 900, currency: 'EUR' }, status: 'rejected', createdAt, decidedAt: createdAt },
 *   { id: 'o2', version: 2, amount: { amountMinor: 800, currency: 'EUR' }, status: 'accepted', createdAt, decidedAt: createdAt },
 * ] })?.amount; //=> { amountMinor: 800, currency: 'EUR' }
 * ```
 */
export function acceptedOffer<O extends { readonly status: OfferStatus }>(deal: { readonly offers: readonly O[] }): O | undefined {
  return deal.offers.find((offer) => offer.status === 'accepted');
}
