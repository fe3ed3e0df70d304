/**
 * Owner: a user of the CRM who owns records (contacts, deals, tickets, campaigns) — a
 * salesperson, a marketer, a support agent — with the teams they belong to, their role and,
 * for sales, their quota.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import { ExternalIdSchema, NameSchema, TeamIdSchema } from './common';
import { defineEntity } from './entity';
import { MoneySchema } from './money';
import { EmailAddressSchema } from './normalize';
import { parseWith, safeParseWith } from './parse';

/** The role of an owner in the business. */
export const OWNER_ROLES = ['sales', 'marketing', 'support', 'manager', 'admin', 'other'] as const;

/** An owner's role. */
export type OwnerRole = (typeof OWNER_ROLES)[number];

/** The periods a quota can be set for. */
export const QUOTA_PERIODS = ['month', 'quarter', 'year'] as const;

/** A quota period. */
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

/** A sales quota: an amount to sell per period. */
export const QuotaSchema = z.strictObject({
  /** The amount to sell in each period; not negative. */
  amount: MoneySchema.refine((money) => money.amountMinor >= 0, { message: 'Amount cannot be negative' }),
  /** The period the amount is per. */
  period: z.enum(QUOTA_PERIODS),
});

/** A sales quota. */
export type Quota = z.infer<typeof QuotaSchema>;

/** Domain fields of an owner. */
const ownerFields = {
  /** The person's display name. */
  name: NameSchema,
  /** Their e-mail address, trimmed and lower-cased. */
  email: EmailAddressSchema,
  /** The teams they belong to, without duplicates. */
  teamIds: z
    .array(TeamIdSchema)
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'Duplicate team id' })
    .default([]),
  /** Their role; default `other`. */
  role: z.enum(OWNER_ROLES).default('other'),
  /** Whether they are still active (inactive owners keep their records but get no new ones); default `true`. */
  active: z.boolean().default(true),
  /** Their sales quota, when they have one. */
  quota: QuotaSchema.optional(),
  /** The user's id in the identity system or the system it was imported from. */
  externalId: ExternalIdSchema.optional(),
};

/** The owner entity definition (schemas for create input, stored record and patch). */
export const OwnerEntity = defineEntity('owner', ownerFields);

/** Create input of an owner: domain fields, validated and normalised, defaults applied. */
export const OwnerDataSchema = OwnerEntity.dataSchema;
/** A stored owner: record metadata + domain fields. */
export const OwnerSchema = OwnerEntity.schema;

/** A stored owner. */
export type Owner = z.output<typeof OwnerSchema>;
/** An owner's domain fields after validation (what a store receives on create). */
export type OwnerData = z.output<typeof OwnerDataSchema>;
/** What callers may pass to create an owner (before defaults and normalisation). */
export type OwnerInput = z.input<typeof OwnerDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Owner} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a directory sync)
 * @returns the owner, e-mail lower-cased, defaults applied
 * @throws {@link ValidationError} listing every issue with its path (e.g. an invalid e-mail, a duplicate team id)
 *
 * @example
 * ```ts
 * import { parseOwner } from 'crmkit';
 * const owner = parseOwner({
 *   id: 'o1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   name: 'Grace Hopper', email: ' Grace@Example.com ', role: 'sales',
 * });
 * owner.email; //=> 'grace@example.com'
 * owner.active; //=> true
 * owner.teamIds; //=> []
 * ```
 */
export function parseOwner(input: unknown): Owner {
  return parseWith(OwnerSchema, 'owner', input);
}

/**
 * Like {@link parseOwner} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseOwner } from 'crmkit';
 * const result = safeParseOwner({ name: 'Grace Hopper', email: 'not an e-mail' });
 * result.success; //=> false
 * ```
 */
export function safeParseOwner(input: unknown): Result<Owner, ValidationError> {
  return safeParseWith(OwnerSchema, 'owner', input);
}
