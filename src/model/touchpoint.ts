/**
 * Touchpoint: one marketing contact moment of a person — an ad click, a campaign e-mail open,
 * an event visit — on a channel, at an instant, possibly a conversion with a value. Touchpoints
 * are the input of multi-touch attribution.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import {
  CampaignIdSchema,
  ChannelSchema,
  ContactIdSchema,
  ExternalIdSchema,
  TimestampSchema,
  UtmSchema,
} from './common';
import { defineEntity } from './entity';
import { MoneySchema } from './money';
import { parseWith, safeParseWith } from './parse';

/** Domain fields of a touchpoint. */
const touchpointFields = {
  /** The person touched. */
  contactId: ContactIdSchema,
  /** The channel of the touch. */
  channel: ChannelSchema,
  /** The campaign behind it, if any. */
  campaignId: CampaignIdSchema.optional(),
  /** When it happened. */
  occurredAt: TimestampSchema,
  /** Free detail: the ad group, the referring site, the event name… */
  detail: z.string().trim().min(1).max(300).optional(),
  /** UTM parameters of the landing URL. */
  utm: UtmSchema.optional(),
  /** Whether this touch is a conversion (a signup, a purchase, a demo request); default `false`. */
  conversion: z.boolean().default(false),
  /** Value of the conversion; only allowed when `conversion` is `true`. */
  value: MoneySchema.optional(),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The touchpoint entity definition (schemas for create input, stored record and patch). */
export const TouchpointEntity = defineEntity('touchpoint', touchpointFields, (touchpoint, ctx) => {
  if (touchpoint.value !== undefined && !touchpoint.conversion) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'value is only allowed on a conversion touchpoint', input: touchpoint.value });
  }
});

/** Create input of a touchpoint: domain fields, validated and normalised. */
export const TouchpointDataSchema = TouchpointEntity.dataSchema;
/** A stored touchpoint: record metadata + domain fields. */
export const TouchpointSchema = TouchpointEntity.schema;

/** A stored touchpoint. */
export type Touchpoint = z.output<typeof TouchpointSchema>;
/** A touchpoint's domain fields after validation (what a store receives on create). */
export type TouchpointData = z.output<typeof TouchpointDataSchema>;
/** What callers may pass to create a touchpoint (before defaults and normalisation). */
export type TouchpointInput = z.input<typeof TouchpointDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Touchpoint} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a tracking event)
 * @returns the touchpoint, normalised (timestamps as `Date`, currency upper-cased, defaults applied)
 * @throws {@link ValidationError} listing every issue with its path
 *
 * @example
 * ```ts
 * import { parseTouchpoint } from 'crmkit';
 * const touchpoint = parseTouchpoint({
 *   id: 't1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   contactId: 'c1', channel: 'paid_search', occurredAt: '2025-01-01T10:00:00Z',
 * });
 * touchpoint.conversion; //=> false
 * ```
 */
export function parseTouchpoint(input: unknown): Touchpoint {
  return parseWith(TouchpointSchema, 'touchpoint', input);
}

/**
 * Like {@link parseTouchpoint} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseTouchpoint } from 'crmkit';
 * const result = safeParseTouchpoint({ contactId: 'c1', channel: 'tv', occurredAt: '2025-01-01T10:00:00Z' });
 * result.success; //=> false ('tv' is not a channel, and record metadata is missing)
 * ```
 */
export function safeParseTouchpoint(input: unknown): Result<Touchpoint, ValidationError> {
  return safeParseWith(TouchpointSchema, 'touchpoint', input);
}
