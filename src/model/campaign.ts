/**
 * Campaign: a CRM initiative aimed at a target segment — what it wants to achieve (the
 * strategy: awareness, trial, penetration, consumption development, loyalty, gratification),
 * how (the tactic: discount, points, sample…), through which channel, when, with what budget,
 * and whether a control group is held out to measure its effect.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import {
  CampaignIdSchema,
  ChannelSchema,
  CustomFieldValuesSchema,
  ExternalIdSchema,
  LongTextSchema,
  NameSchema,
  OwnerIdSchema,
  ProductIdSchema,
  TagListSchema,
  TimestampSchema,
} from './common';
import { defineEntity } from './entity';
import { MoneySchema } from './money';
import { parseWith, safeParseWith } from './parse';

/**
 * What a campaign sets out to achieve, in the order of the customer relationship:
 * make the offer known (`awareness`), get a first purchase (`trial`), win more customers in
 * the target (`penetration`), make customers buy more or more often (`consumption_development`),
 * keep them (`loyalty`), thank and reward them (`gratification`).
 */
export const CAMPAIGN_STRATEGIES = [
  'awareness',
  'trial',
  'penetration',
  'consumption_development',
  'loyalty',
  'gratification',
] as const;

/** A campaign strategy (objective). */
export type CampaignStrategy = (typeof CAMPAIGN_STRATEGIES)[number];

/** The lever a campaign pulls to reach its objective. */
export const CAMPAIGN_TACTICS = ['discount', 'points', 'sample', 'gift', 'service', 'communication', 'charity'] as const;

/** A campaign tactic. */
export type CampaignTactic = (typeof CAMPAIGN_TACTICS)[number];

/** Where a campaign is in its life: planned → active → completed, or cancelled. */
export const CAMPAIGN_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;

/** A campaign status. */
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** An amount of money that cannot be negative (a budget, a cost). */
const NonNegativeMoneySchema = MoneySchema.refine((money) => money.amountMinor >= 0, {
  message: 'Amount cannot be negative',
});

/** A category name as products carry it (`'coffee'`, `'pet food'`). */
const CategorySchema = z.string().trim().min(1).max(200);

/** The segment a campaign targets: a readable description, the machine criteria, and its size. */
export const TargetSegmentSchema = z.strictObject({
  /** What the segment is, in words (`'lapsed buyers of coffee, last 12 months'`). */
  description: z.string().trim().min(1).max(5_000),
  /** The selection criteria as JSON-safe data (a saved query, RFM bounds…), interpreted by the caller. */
  criteria: z.record(z.string().min(1).max(200), z.json()).optional(),
  /** The number of contacts in the segment when it was drawn. */
  size: z.number().int().min(0).optional(),
});

/** The segment a campaign targets. */
export type TargetSegment = z.infer<typeof TargetSegmentSchema>;

/** Domain fields of a campaign. */
const campaignFields = {
  /** The campaign's name. */
  name: NameSchema,
  /** What the campaign is about, in free text. */
  description: LongTextSchema.optional(),
  /** What the campaign sets out to achieve. */
  strategy: z.enum(CAMPAIGN_STRATEGIES),
  /** The lever it pulls (discount, points, sample…). */
  tactic: z.enum(CAMPAIGN_TACTICS).optional(),
  /** Where the campaign is in its life (default `planned`). */
  status: z.enum(CAMPAIGN_STATUSES).default('planned'),
  /** The channel it runs through, when it runs through one. */
  channel: ChannelSchema.optional(),
  /** The money set aside for it; not negative, same currency as `actualCost`. */
  budget: NonNegativeMoneySchema.optional(),
  /** What it has actually cost so far; not negative, same currency as `budget`. */
  actualCost: NonNegativeMoneySchema.optional(),
  /** When it starts. */
  startAt: TimestampSchema.optional(),
  /** When it ends; strictly after `startAt`. */
  endAt: TimestampSchema.optional(),
  /** The segment it targets. */
  targetSegment: TargetSegmentSchema.optional(),
  /** Whether a control group is held out (members with `group: 'control'` receive nothing). Default `false`. */
  hasControlGroup: z.boolean().default(false),
  /** The products the campaign promotes, without duplicates. */
  productIds: z
    .array(ProductIdSchema)
    .max(1_000)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'Duplicate product id' })
    .default([]),
  /** The product categories the campaign targets, without duplicates (share of wallet works on categories). */
  categories: z
    .array(CategorySchema)
    .max(200)
    .refine((list) => new Set(list).size === list.length, { message: 'Duplicate category' })
    .default([]),
  /** The owner responsible for the campaign. */
  ownerId: OwnerIdSchema.optional(),
  /** The campaign this one is part of (a wave of a larger programme); never the campaign itself. */
  parentCampaignId: CampaignIdSchema.optional(),
  /** Tag labels. */
  tags: TagListSchema.default([]),
  /** Values of custom fields, keyed by field key; check them with `validateCustomFields`. */
  customFields: CustomFieldValuesSchema.default({}),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The campaign entity definition (schemas for create input, stored record and patch). */
export const CampaignEntity = defineEntity('campaign', campaignFields, (campaign, ctx) => {
  if (campaign.startAt !== undefined && campaign.endAt !== undefined && campaign.endAt <= campaign.startAt) {
    ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'endAt must be after startAt', input: campaign.endAt });
  }
  if (
    campaign.budget !== undefined &&
    campaign.actualCost !== undefined &&
    campaign.budget.currency !== campaign.actualCost.currency
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['actualCost', 'currency'],
      message: `actualCost is in ${campaign.actualCost.currency} but budget is in ${campaign.budget.currency}`,
      input: campaign.actualCost.currency,
    });
  }
  const id = (campaign as { id?: unknown }).id;
  if (campaign.parentCampaignId !== undefined && id !== undefined && campaign.parentCampaignId === id) {
    ctx.addIssue({
      code: 'custom',
      path: ['parentCampaignId'],
      message: 'A campaign cannot be its own parent',
      input: campaign.parentCampaignId,
    });
  }
});

/** Create input of a campaign: domain fields, validated, defaults applied. */
export const CampaignDataSchema = CampaignEntity.dataSchema;
/** A stored campaign: record metadata + domain fields. */
export const CampaignSchema = CampaignEntity.schema;

/** A stored campaign. */
export type Campaign = z.output<typeof CampaignSchema>;
/** A campaign's domain fields after validation (what a store receives on create). */
export type CampaignData = z.output<typeof CampaignDataSchema>;
/** What callers may pass to create a campaign (before defaults). */
export type CampaignInput = z.input<typeof CampaignDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Campaign} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the campaign, with timestamps as `Date`s and defaults applied
 * @throws {@link ValidationError} listing every issue with its path (e.g. `endAt` not after
 *   `startAt`, `budget` and `actualCost` in different currencies)
 *
 * @example
 * ```ts
 * import { parseCampaign } from 'crmkit';
 * const campaign = parseCampaign({
 *   id: 'cmp1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   name: 'Spring coffee trial', strategy: 'trial', tactic: 'sample',
 *   budget: { amountMinor: 500000, currency: 'eur' },
 * });
 * campaign.status; //=> 'planned'
 * campaign.budget; //=> { amountMinor: 500000, currency: 'EUR' }
 * campaign.hasControlGroup; //=> false
 * ```
 */
export function parseCampaign(input: unknown): Campaign {
  return parseWith(CampaignSchema, 'campaign', input);
}

/**
 * Like {@link parseCampaign} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseCampaign } from 'crmkit';
 * const result = safeParseCampaign({ name: 'Spring coffee trial', strategy: 'trial' });
 * result.success; //=> false (record metadata is missing)
 * ```
 */
export function safeParseCampaign(input: unknown): Result<Campaign, ValidationError> {
  return safeParseWith(CampaignSchema, 'campaign', input);
}
