/**
 * Note: a piece of free text on the timeline of one or more records (a contact, the deal and
 * the company it is about), written by an owner, optionally pinned to the top.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import { ExternalIdSchema, LongTextSchema, OwnerIdSchema, RecordRefSchema } from './common';
import { defineEntity } from './entity';
import { parseWith, safeParseWith } from './parse';

/** Domain fields of a note. */
const noteFields = {
  /** The text (Markdown is fine; crmkit does not render it); not blank. */
  body: LongTextSchema.refine((body) => body.trim().length > 0, { message: 'A note cannot be blank' }),
  /** The owner who wrote it (absent for imported or system notes). */
  authorId: OwnerIdSchema.optional(),
  /** The records it is attached to: at least one, no record twice. */
  related: z
    .array(RecordRefSchema)
    .min(1)
    .max(100)
    .refine((refs) => new Set(refs.map((ref) => `${ref.entity}\u0000${ref.id}`)).size === refs.length, {
      message: 'The same record is linked twice',
    }),
  /** Shown at the top of the timeline; default `false`. */
  pinned: z.boolean().default(false),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The note entity definition (schemas for create input, stored record and patch). */
export const NoteEntity = defineEntity('note', noteFields);

/** Create input of a note: domain fields, validated, defaults applied. */
export const NoteDataSchema = NoteEntity.dataSchema;
/** A stored note: record metadata + domain fields. */
export const NoteSchema = NoteEntity.schema;

/** A stored note. */
export type Note = z.output<typeof NoteSchema>;
/** A note's domain fields after validation (what a store receives on create). */
export type NoteData = z.output<typeof NoteDataSchema>;
/** What callers may pass to create a note (before defaults). */
export type NoteInput = z.input<typeof NoteDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Note} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, an import)
 * @returns the note, with defaults applied
 * @throws {@link ValidationError} listing every issue with its path (e.g. a blank body, no related record)
 *
 * @example
 * ```ts
 * import { parseNote } from 'crmkit';
 * const note = parseNote({
 *   id: 'n1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   body: 'Prefers calls after 3 pm.', related: [{ entity: 'contact', id: 'c1' }],
 * });
 * note.pinned; //=> false
 * note.related; //=> [{ entity: 'contact', id: 'c1' }]
 * ```
 */
export function parseNote(input: unknown): Note {
  return parseWith(NoteSchema, 'note', input);
}

/**
 * Like {@link parseNote} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseNote } from 'crmkit';
 * const result = safeParseNote({ body: '   ', related: [] });
 * result.success; //=> false
 * ```
 */
export function safeParseNote(input: unknown): Result<Note, ValidationError> {
  return safeParseWith(NoteSchema, 'note', input);
}
