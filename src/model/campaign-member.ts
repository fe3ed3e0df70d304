/**
 * Campaign member: one contact's membership in a campaign — whether they are in the target
 * group (they receive the campaign) or the control group (held out, they receive nothing, to
 * measure the campaign's lift), how far the campaign got with them (sent, delivered, opened,
 * responded, converted…) and when they first responded.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import { CampaignIdSchema, ContactIdSchema, ExternalIdSchema, TimestampSchema } from './common';
import { defineEntity } from './entity';
import { parseWith, safeParseWith } from './parse';

/** The group of a member: `target` receives the campaign, `control` is held out and receives nothing. */
export const CAMPAIGN_MEMBER_GROUPS = ['target', 'control'] as const;

/** A campaign member group. */
export type CampaignMemberGroup = (typeof CAMPAIGN_MEMBER_GROUPS)[number];

/**
 * How far a campaign got with a member: selected (`targeted`), `sent`, `delivered`, `opened`,
 * `responded`, `converted` (bought or did what the campaign asked), or it stopped: `opted_out`,
 * `bounced`.
 */
export const CAMPAIGN_MEMBER_STATUSES = [
  'targeted',
  'sent',
  'delivered',
  'opened',
  'responded',
  'converted',
  'opted_out',
  'bounced',
] as const;

/** A campaign member status. */
export type CampaignMemberStatus = (typeof CAMPAIGN_MEMBER_STATUSES)[number];

/**
 * Statuses that mean something was sent to the member. A control-group member receives nothing,
 * so it can never have one of these.
 */
export const CAMPAIGN_DELIVERY_STATUSES = ['sent', 'delivered', 'opened', 'bounced'] as const;

/** Statuses that mean the member responded (so `responded` must be `true`). */
export const CAMPAIGN_RESPONSE_STATUSES = ['responded', 'converted'] as const;

/** Domain fields of a campaign member. */
const campaignMemberFields = {
  /** The campaign. */
  campaignId: CampaignIdSchema,
  /** The contact who is a member. */
  contactId: ContactIdSchema,
  /** Target (receives the campaign) or control (held out); default `target`. */
  group: z.enum(CAMPAIGN_MEMBER_GROUPS).default('target'),
  /** How far the campaign got with the member; default `targeted`. */
  status: z.enum(CAMPAIGN_MEMBER_STATUSES).default('targeted'),
  /**
   * Whether the member responded (for a control member: did what the campaign asks without
   * receiving it). `true` exactly when `firstRespondedAt` is set. Default `false`.
   */
  responded: z.boolean().default(false),
  /** When the member first responded; set exactly when `responded` is `true`. */
  firstRespondedAt: TimestampSchema.optional(),
  /** When the contact was added to the campaign. */
  addedAt: TimestampSchema.optional(),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The campaign member entity definition (schemas for create input, stored record and patch). */
export const CampaignMemberEntity = defineEntity('campaignMember', campaignMemberFields, (member, ctx) => {
  if (member.responded && member.firstRespondedAt === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['firstRespondedAt'],
      message: 'A member who responded needs firstRespondedAt',
      input: member.firstRespondedAt,
    });
  }
  if (!member.responded && member.firstRespondedAt !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['responded'],
      message: 'firstRespondedAt is set but responded is false',
      input: member.responded,
    });
  }
  if ((CAMPAIGN_RESPONSE_STATUSES as readonly string[]).includes(member.status) && !member.responded) {
    ctx.addIssue({
      code: 'custom',
      path: ['responded'],
      message: `A member with status "${member.status}" must have responded`,
      input: member.responded,
    });
  }
  if (member.group === 'control' && (CAMPAIGN_DELIVERY_STATUSES as readonly string[]).includes(member.status)) {
    ctx.addIssue({
      code: 'custom',
      path: ['status'],
      message: `A control-group member receives nothing, so it cannot be "${member.status}"`,
      input: member.status,
    });
  }
});

/** Create input of a campaign member: domain fields, validated, defaults applied. */
export const CampaignMemberDataSchema = CampaignMemberEntity.dataSchema;
/** A stored campaign member: record metadata + domain fields. */
export const CampaignMemberSchema = CampaignMemberEntity.schema;

/** A stored campaign member. */
export type CampaignMember = z.output<typeof CampaignMemberSchema>;
/** A campaign member's domain fields after validation (what a store receives on create). */
export type CampaignMemberData = z.output<typeof CampaignMemberDataSchema>;
/** What callers may pass to create a campaign member (before defaults). */
export type CampaignMemberInput = z.input<typeof CampaignMemberDataSchema>;

/**
 * Parses an untrusted value into a stored {@link CampaignMember} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the member, with timestamps as `Date`s and defaults applied
 * @throws {@link ValidationError} listing every issue with its path (e.g. `responded` without
 *   `firstRespondedAt`, a control-group member that was `sent` something)
 *
 * @example
 * ```ts
 * import { parseCampaignMember } from 'crmkit';
 * const member = parseCampaignMember({
 *   id: 'cm1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   campaignId: 'cmp1', contactId: 'c1',
 * });
 * member.group; //=> 'target'
 * member.status; //=> 'targeted'
 * member.responded; //=> false
 * ```
 */
export function parseCampaignMember(input: unknown): CampaignMember {
  return parseWith(CampaignMemberSchema, 'campaign member', input);
}

/**
 * Like {@link parseCampaignMember} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseCampaignMember } from 'crmkit';
 * const result = safeParseCampaignMember({ campaignId: 'cmp1', contactId: 'c1' });
 * result.success; //=> false (record metadata is missing)
 * ```
 */
export function safeParseCampaignMember(input: unknown): Result<CampaignMember, ValidationError> {
  return safeParseWith(CampaignMemberSchema, 'campaign member', input);
}
