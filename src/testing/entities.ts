/**
 * The entity the conformance suite defines for itself (`widget`), covering every kind of field
 * an adapter must store and filter on: strings, integers, decimals, booleans, timestamps,
 * arrays, nested objects, custom fields, an external id and long text — plus a cross-field rule.
 *
 * @module
 */
import { z } from 'zod';
import { CustomFieldValuesSchema, ExternalIdSchema, TimestampSchema } from '../model/common';
import { defineEntity } from '../model/entity';
import { CRM_ENTITIES } from '../model/registry';

/**
 * `widget`: the conformance suite's own entity. Rule: a flagged widget (`flag: true`) needs a
 * `category`.
 *
 * @example
 * ```ts
 * import { WidgetEntity } from 'crmkit/testing';
 * WidgetEntity.dataSchema.parse({ name: 'w' }); //=> { name: 'w', tags: [], customFields: {} }
 * ```
 */
export const WidgetEntity = defineEntity(
  'widget',
  {
    /** Any string, including the empty one (up to 200,000 characters). */
    name: z.string().max(200_000),
    /** An integer. */
    rank: z.number().int().optional(),
    /** A decimal. */
    score: z.number().refine(Number.isFinite, { message: 'Expected a finite number' }).optional(),
    /** A boolean. */
    flag: z.boolean().optional(),
    /** A short string. */
    category: z.string().max(200).optional(),
    /** An array of strings. */
    tags: z.array(z.string().max(200)).max(50).default([]),
    /** A timestamp. */
    dueAt: TimestampSchema.optional(),
    /** A nested object. */
    meta: z
      .strictObject({
        level: z.number().optional(),
        label: z.string().optional(),
      })
      .optional(),
    /** Custom fields. */
    customFields: CustomFieldValuesSchema.default({}),
    /** External id (unique per workspace). */
    externalId: ExternalIdSchema.optional(),
    /** Long text (up to 200,000 characters). */
    notes: z.string().max(200_000).optional(),
  },
  (widget, ctx) => {
    if (widget.flag === true && widget.category === undefined) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'A flagged widget needs a category', input: widget });
    }
  },
);

/**
 * The registry the conformance suite passes to `makeStore`: the built-in entities plus
 * {@link WidgetEntity}. Adapters that create one table per entity should create these.
 *
 * @example
 * ```ts
 * import { CONFORMANCE_ENTITIES } from 'crmkit/testing';
 * Object.keys(CONFORMANCE_ENTITIES).includes('widget'); //=> true
 * ```
 */
export const CONFORMANCE_ENTITIES = { ...CRM_ENTITIES, widget: WidgetEntity } as const;

/** The conformance registry's type. */
export type ConformanceEntities = typeof CONFORMANCE_ENTITIES;
