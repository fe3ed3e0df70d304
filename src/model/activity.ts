/**
 * Activity: one interaction with or about customers — an e-mail, a call, a meeting, a chat, a
 * form submission, a web visit, an internal note — with who took part, when, how long, what it
 * was about, how it ended, and the records it relates to.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import {
  CampaignIdSchema,
  ChannelSchema,
  ExternalIdSchema,
  LongTextSchema,
  OwnerIdSchema,
  RecordRefSchema,
  TimestampSchema,
} from './common';
import { defineEntity } from './entity';
import { EmailAddressSchema } from './normalize';
import { parseWith, safeParseWith } from './parse';

/** Kinds of activity. */
export const ACTIVITY_TYPES = [
  'email',
  'call',
  'meeting',
  'chat',
  'sms',
  'social',
  'note',
  'form_submission',
  'web_visit',
  'ad_click',
  'letter',
  'other',
] as const;

/** A kind of activity. */
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** Who started the interaction: the customer (`inbound`), the business (`outbound`), or nobody outside (`internal`, e.g. a note). */
export const ACTIVITY_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;

/** An activity direction. */
export type ActivityDirection = (typeof ACTIVITY_DIRECTIONS)[number];

/** Standard outcomes of an activity (mostly calls and meetings), for reports; describe the rest in `resolution`. */
export const ACTIVITY_OUTCOMES = [
  'connected',
  'no_answer',
  'left_voicemail',
  'busy',
  'wrong_number',
  'completed',
  'scheduled',
  'cancelled',
  'no_show',
] as const;

/** A standard activity outcome. */
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

/** Kinds of participant: a contact, an owner (user), a lead, or someone not in the CRM. */
export const PARTICIPANT_KINDS = ['contact', 'owner', 'lead', 'external'] as const;

/** A kind of participant. */
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

/**
 * One participant of an activity. A `contact`, `owner` or `lead` participant is usually given by
 * `id`; an `external` one has no id, only an e-mail and/or a name. Every participant needs at
 * least one of `id`, `email`, `name`.
 */
export const ActivityParticipantSchema = z.strictObject({
  /** What the participant is. */
  kind: z.enum(PARTICIPANT_KINDS),
  /** The contact, owner or lead id (not allowed for `external`). */
  id: z.string().trim().min(1).max(128).optional(),
  /** E-mail address, normalised. */
  email: EmailAddressSchema.optional(),
  /** Display name. */
  name: z.string().trim().min(1).max(300).optional(),
});

/** One participant of an activity. */
export type ActivityParticipant = z.infer<typeof ActivityParticipantSchema>;

/** Domain fields of an activity. */
const activityFields = {
  /** What kind of interaction it was. */
  type: z.enum(ACTIVITY_TYPES),
  /** Who started it: `inbound`, `outbound` or `internal`. */
  direction: z.enum(ACTIVITY_DIRECTIONS).optional(),
  /** The marketing or interaction channel, when it matters (e.g. `paid_search` for an ad click). */
  channel: ChannelSchema.optional(),
  /** Subject line or title. */
  subject: z.string().trim().min(1).max(500).optional(),
  /** Body: the e-mail text, call notes, meeting minutes. */
  body: LongTextSchema.optional(),
  /** When it happened (start of a call or meeting). */
  occurredAt: TimestampSchema,
  /** Duration in whole seconds (calls, meetings). */
  durationSeconds: z.number().int().min(0).optional(),
  /** Who took part. */
  participants: z.array(ActivityParticipantSchema).max(500).default([]),
  /** Why it happened: the purpose of the call, the topic of the meeting. */
  reason: z.string().trim().min(1).max(500).optional(),
  /** Standard outcome, for reports. */
  outcome: z.enum(ACTIVITY_OUTCOMES).optional(),
  /** How it ended, in free text (the outcome's detail, next steps). */
  resolution: z.string().trim().min(1).max(5_000).optional(),
  /** The records it relates to (contact, deal, ticket…). */
  related: z.array(RecordRefSchema).max(100).default([]),
  /** The owner (user) who logged or performed it. */
  ownerId: OwnerIdSchema.optional(),
  /** The campaign it belongs to (a campaign e-mail, an ad click). */
  campaignId: CampaignIdSchema.optional(),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The activity entity definition (schemas for create input, stored record and patch). */
export const ActivityEntity = defineEntity('activity', activityFields, (activity, ctx) => {
  activity.participants.forEach((participant, index) => {
    if (participant.id === undefined && participant.email === undefined && participant.name === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['participants', index],
        message: 'A participant needs an id, an e-mail or a name',
        input: participant,
      });
    }
    if (participant.kind === 'external' && participant.id !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['participants', index, 'id'],
        message: 'An external participant has no id; use kind contact, owner or lead',
        input: participant.id,
      });
    }
  });
  const refs = new Set<string>();
  activity.related.forEach((ref, index) => {
    const key = `${ref.entity}:${ref.id}`;
    if (refs.has(key)) {
      ctx.addIssue({ code: 'custom', path: ['related', index], message: 'Duplicate related record', input: ref });
    }
    refs.add(key);
  });
});

/** Create input of an activity: domain fields, validated and normalised. */
export const ActivityDataSchema = ActivityEntity.dataSchema;
/** A stored activity: record metadata + domain fields. */
export const ActivitySchema = ActivityEntity.schema;

/** A stored activity. */
export type Activity = z.output<typeof ActivitySchema>;
/** An activity's domain fields after validation (what a store receives on create). */
export type ActivityData = z.output<typeof ActivityDataSchema>;
/** What callers may pass to create an activity (before defaults and normalisation). */
export type ActivityInput = z.input<typeof ActivityDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Activity} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the activity, normalised (timestamps as `Date`, e-mails lower-cased, defaults applied)
 * @throws {@link ValidationError} listing every issue with its path
 *
 * @example
 * ```ts
 * import { parseActivity } from 'crmkit';
 * const activity = parseActivity({
 *   id: 'a1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   type: 'call', direction: 'outbound', occurredAt: '2025-01-02T09:30:00Z',
 *   durationSeconds: 240, outcome: 'connected',
 * });
 * activity.occurredAt.toISOString(); //=> '2025-01-02T09:30:00.000Z'
 * activity.participants;             //=> []
 * ```
 */
export function parseActivity(input: unknown): Activity {
  return parseWith(ActivitySchema, 'activity', input);
}

/**
 * Like {@link parseActivity} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseActivity } from 'crmkit';
 * const result = safeParseActivity({ type: 'call', occurredAt: '2025-01-02T09:30:00Z' });
 * result.success; //=> false (record metadata is missing)
 * ```
 */
export function safeParseActivity(input: unknown): Result<Activity, ValidationError> {
  return safeParseWith(ActivitySchema, 'activity', input);
}
