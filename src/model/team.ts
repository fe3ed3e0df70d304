/**
 * Team: a group of owners working together — a sales team, a support queue, a marketing
 * squad — with its manager. Records can be assigned to a team, and KPIs rolled up per team.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import { ExternalIdSchema, NameSchema, OwnerIdSchema } from './common';
import { defineEntity } from './entity';
import { parseWith, safeParseWith } from './parse';

/** What kind of work a team does. */
export const TEAM_KINDS = ['sales', 'support', 'marketing', 'other'] as const;

/** A team kind. */
export type TeamKind = (typeof TEAM_KINDS)[number];

/** Domain fields of a team. */
const teamFields = {
  /** The team's name. */
  name: NameSchema,
  /** What kind of work it does; default `other`. */
  kind: z.enum(TEAM_KINDS).default('other'),
  /** The owner who manages the team (need not be listed among the members). */
  managerId: OwnerIdSchema.optional(),
  /** The owners in the team, without duplicates. */
  memberIds: z
    .array(OwnerIdSchema)
    .max(10_000)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'Duplicate member id' })
    .default([]),
  /** The team's id in the system it was imported from. */
  externalId: ExternalIdSchema.optional(),
};

/** The team entity definition (schemas for create input, stored record and patch). */
export const TeamEntity = defineEntity('team', teamFields);

/** Create input of a team: domain fields, validated, defaults applied. */
export const TeamDataSchema = TeamEntity.dataSchema;
/** A stored team: record metadata + domain fields. */
export const TeamSchema = TeamEntity.schema;

/** A stored team. */
export type Team = z.output<typeof TeamSchema>;
/** A team's domain fields after validation (what a store receives on create). */
export type TeamData = z.output<typeof TeamDataSchema>;
/** What callers may pass to create a team (before defaults). */
export type TeamInput = z.input<typeof TeamDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Team} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a directory sync)
 * @returns the team, with defaults applied
 * @throws {@link ValidationError} listing every issue with its path (e.g. a duplicate member id)
 *
 * @example
 * ```ts
 * import { parseTeam } from 'crmkit';
 * const team = parseTeam({
 *   id: 't1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   name: 'Inside sales', kind: 'sales', memberIds: ['o1', 'o2'],
 * });
 * team.memberIds; //=> ['o1', 'o2']
 * team.managerId; //=> undefined
 * ```
 */
export function parseTeam(input: unknown): Team {
  return parseWith(TeamSchema, 'team', input);
}

/**
 * Like {@link parseTeam} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseTeam } from 'crmkit';
 * const result = safeParseTeam({ name: 'Inside sales', memberIds: ['o1', 'o1'] });
 * result.success; //=> false
 * ```
 */
export function safeParseTeam(input: unknown): Result<Team, ValidationError> {
  return safeParseWith(TeamSchema, 'team', input);
}
