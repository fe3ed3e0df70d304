/**
 * Tag: the definition behind a tag label that records carry in their `tags` list — its
 * colour, what it means, and which entities it is meant for. Records reference tags by label,
 * so a label is unique per workspace (enforced by the store).
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import { TagLabelSchema } from './common';
import { defineEntity } from './entity';
import { parseWith, safeParseWith } from './parse';

/** The entities a tag can be scoped to. */
export const TAGGABLE_ENTITIES = [
  'contact',
  'company',
  'lead',
  'deal',
  'ticket',
  'activity',
  'task',
  'campaign',
  'product',
] as const;

/** An entity a tag can be scoped to. */
export type TaggableEntity = (typeof TAGGABLE_ENTITIES)[number];

/** Domain fields of a tag. */
const tagFields = {
  /** The label records carry (trimmed, 1–64 characters). */
  label: TagLabelSchema,
  /** Display colour as `#rrggbb`, lower-cased. */
  color: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'Expected a colour as #rrggbb')
    .transform((value) => value.toLowerCase())
    .optional(),
  /** What the tag means and when to use it. */
  description: z.string().trim().min(1).max(1_000).optional(),
  /** The entities the tag is meant for, without duplicates; absent means every entity. */
  entities: z
    .array(z.enum(TAGGABLE_ENTITIES))
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: 'Duplicate entity' })
    .optional(),
};

/** The tag entity definition (schemas for create input, stored record and patch). */
export const TagEntity = defineEntity('tag', tagFields);

/** Create input of a tag: domain fields, validated and normalised. */
export const TagDataSchema = TagEntity.dataSchema;
/** A stored tag: record metadata + domain fields. */
export const TagSchema = TagEntity.schema;

/** A stored tag. */
export type Tag = z.output<typeof TagSchema>;
/** A tag's domain fields after validation (what a store receives on create). */
export type TagData = z.output<typeof TagDataSchema>;
/** What callers may pass to create a tag (before normalisation). */
export type TagInput = z.input<typeof TagDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Tag} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the tag, label trimmed and colour lower-cased
 * @throws {@link ValidationError} listing every issue with its path (e.g. a colour that is not `#rrggbb`)
 *
 * @example
 * ```ts
 * import { parseTag } from 'crmkit';
 * const tag = parseTag({
 *   id: 'tg1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   label: ' VIP ', color: '#FFAA00', entities: ['contact', 'company'],
 * });
 * tag.label; //=> 'VIP'
 * tag.color; //=> '#ffaa00'
 * ```
 */
export function parseTag(input: unknown): Tag {
  return parseWith(TagSchema, 'tag', input);
}

/**
 * Like {@link parseTag} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseTag } from 'crmkit';
 * const result = safeParseTag({ label: 'VIP', color: 'orange' });
 * result.success; //=> false
 * ```
 */
export function safeParseTag(input: unknown): Result<Tag, ValidationError> {
  return safeParseWith(TagSchema, 'tag', input);
}
