/**
 * The entity factory: from one shape of domain fields it derives the create-input schema, the
 * stored-record schema (domain fields + record metadata) and the patch schema used by updates,
 * all strict (unknown fields are rejected) and all sharing the same cross-field rules.
 *
 * @module
 */
import { z } from 'zod';
import { RecordMetaSchema } from './common';

/** A zod object shape (field name → schema). */
export type FieldShape = z.core.$ZodLooseShape;

/** Cross-field rules of an entity, run after the field schemas pass. Report problems with `ctx.addIssue`. */
export type EntityRules<S extends FieldShape> = (
  value: z.output<z.ZodObject<S, z.core.$strict>>,
  ctx: z.core.$RefinementCtx,
) => void;

/** A partial update of an entity's domain fields: `null` removes an optional field. */
export type EntityPatch<Data> = { [K in keyof Data]?: undefined extends Data[K] ? Data[K] | null : Data[K] };

/** Everything {@link defineEntity} derives from one field shape. */
export interface EntityDefinition<Name extends string, S extends FieldShape> {
  /** Entity name as used by stores and errors, e.g. `'contact'`. */
  readonly name: Name;
  /** The domain fields (without record metadata). */
  readonly fields: S;
  /** Create input: the domain fields, strict, with defaults and cross-field rules. */
  readonly dataSchema: z.ZodObject<S, z.core.$strict>;
  /** A stored record: record metadata + domain fields, strict, with the same rules. */
  readonly schema: z.ZodObject<z.core.util.Extend<typeof RecordMetaSchema.shape, S>, z.core.$strict>;
  /**
   * A partial update: any subset of the domain fields, strict, no defaults applied; `null` on an
   * optional field removes it. Cross-field rules are not run here: they run on the merged record.
   */
  readonly patchSchema: z.ZodType<EntityPatch<z.output<z.ZodObject<S, z.core.$strict>>>>;
  /**
   * Only the cross-field rules, as a schema over an already field-validated record (`null` when
   * the entity has none). Stores run it on the merge of a stored record and a validated patch,
   * instead of re-parsing every field.
   */
  readonly rulesSchema: z.ZodType | null;
}

/**
 * Defines an entity from its domain fields. Used by every built-in entity; use it for your
 * own entities too, so that stores and the conformance suite treat them the same way.
 *
 * @param name - entity name (`'contact'`)
 * @param fields - zod shape of the domain fields
 * @param rules - optional cross-field rules, applied to create input and stored records
 * @returns the derived schemas
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { defineEntity } from 'crmkit/model';
 * const Invoice = defineEntity('invoice', { number: z.string().min(1), paid: z.boolean().default(false) });
 * Invoice.dataSchema.parse({ number: 'F-1' }); //=> { number: 'F-1', paid: false }
 * ```
 */
export function defineEntity<const Name extends string, S extends FieldShape>(
  name: Name,
  fields: S,
  rules?: EntityRules<S>,
): EntityDefinition<Name, S> {
  const data = z.strictObject(fields);
  const full = RecordMetaSchema.extend(fields);
  const patchShape = Object.fromEntries(
    Object.entries(fields).map(([key, schema]) => [key, unwrapDefault(schema as z.ZodType).optional()]),
  );
  const patchSchema = z.strictObject(patchShape) as unknown as EntityDefinition<Name, S>['patchSchema'];
  const check = rules as ((value: unknown, ctx: z.core.$RefinementCtx) => void) | undefined;
  return {
    name,
    fields,
    dataSchema: (check ? data.superRefine(check) : data) as EntityDefinition<Name, S>['dataSchema'],
    schema: (check ? full.superRefine(check) : full) as unknown as EntityDefinition<Name, S>['schema'],
    patchSchema,
    rulesSchema: check ? z.unknown().superRefine(check) : null,
  };
}

/**
 * A patch must not re-apply defaults to fields it does not mention, and may clear an optional
 * field with `null`.
 */
function unwrapDefault(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault) return schema.unwrap() as z.ZodType;
  if (schema instanceof z.ZodOptional) return (schema.unwrap() as z.ZodType).nullable();
  return schema;
}
