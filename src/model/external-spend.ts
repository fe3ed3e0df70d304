/**
 * External spend: what a customer spent in a category **outside** the business (at competitors)
 * over a period, as declared in a survey, measured by a panel or estimated. With the customer's
 * purchases from us it gives the category total that share of wallet and share of requirements
 * divide by.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import { CalendarDateSchema, ContactIdSchema, ExternalIdSchema, LongTextSchema } from './common';
import { defineEntity } from './entity';
import { MoneySchema } from './money';
import { parseWith, safeParseWith } from './parse';

/**
 * Where an external-spend figure comes from: a `survey` answer, a consumer `panel`, a model's
 * `estimate`, what the customer `declared` (to a salesperson, in a form), or `other`.
 */
export const EXTERNAL_SPEND_SOURCES = ['survey', 'panel', 'estimate', 'declared', 'other'] as const;

/** The source of an external-spend figure. */
export type ExternalSpendSource = (typeof EXTERNAL_SPEND_SOURCES)[number];

/** Domain fields of an external-spend record. */
const externalSpendFields = {
  /** The customer. */
  contactId: ContactIdSchema,
  /** The product category (`'coffee'`), spelled as products spell it. */
  category: z.string().trim().min(1).max(200),
  /** First day of the period covered (inclusive). */
  periodStart: CalendarDateSchema,
  /** Last day of the period covered (inclusive); on or after `periodStart`. */
  periodEnd: CalendarDateSchema,
  /** What the customer spent in the category elsewhere over the period; not negative. */
  value: MoneySchema.refine((money) => money.amountMinor >= 0, { message: 'Amount cannot be negative' }),
  /** How many purchase acts at competitors that spend is made of, when known. */
  purchaseActs: z.number().int().min(0).optional(),
  /** Where the figure comes from. */
  source: z.enum(EXTERNAL_SPEND_SOURCES),
  /** How the figure was obtained, in free text (survey wording, panel name, model used). */
  notes: LongTextSchema.optional(),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The external-spend entity definition (schemas for create input, stored record and patch). */
export const ExternalSpendEntity = defineEntity('externalSpend', externalSpendFields, (spend, ctx) => {
  // ISO YYYY-MM-DD strings compare in calendar order.
  if (spend.periodEnd < spend.periodStart) {
    ctx.addIssue({
      code: 'custom',
      path: ['periodEnd'],
      message: 'periodEnd is before periodStart',
      input: spend.periodEnd,
    });
  }
});

/** Create input of an external-spend record: domain fields, validated. */
export const ExternalSpendDataSchema = ExternalSpendEntity.dataSchema;
/** A stored external-spend record: record metadata + domain fields. */
export const ExternalSpendSchema = ExternalSpendEntity.schema;

/** A stored external-spend record. */
export type ExternalSpend = z.output<typeof ExternalSpendSchema>;
/** An external-spend record's domain fields after validation (what a store receives on create). */
export type ExternalSpendData = z.output<typeof ExternalSpendDataSchema>;
/** What callers may pass to create an external-spend record (before normalisation). */
export type ExternalSpendInput = z.input<typeof ExternalSpendDataSchema>;

/**
 * Parses an untrusted value into a stored {@link ExternalSpend} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a survey import)
 * @returns the record, with the currency upper-cased
 * @throws {@link ValidationError} listing every issue with its path (e.g. `periodEnd` before `periodStart`)
 *
 * @example
 * ```ts
 * import { parseExternalSpend } from 'crmkit';
 * const spend = parseExternalSpend({
 *   id: 'xs1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   contactId: 'c1', category: 'coffee', periodStart: '2024-01-01', periodEnd: '2024-12-31',
 *   value: { amountMinor: 24000, currency: 'eur' }, purchaseActs: 12, source: 'survey',
 * });
 * spend.value; //=> { amountMinor: 24000, currency: 'EUR' }
 * ```
 */
export function parseExternalSpend(input: unknown): ExternalSpend {
  return parseWith(ExternalSpendSchema, 'external spend', input);
}

/**
 * Like {@link parseExternalSpend} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseExternalSpend } from 'crmkit';
 * const result = safeParseExternalSpend({ contactId: 'c1', category: 'coffee' });
 * result.success; //=> false
 * ```
 */
export function safeParseExternalSpend(input: unknown): Result<ExternalSpend, ValidationError> {
  return safeParseWith(ExternalSpendSchema, 'external spend', input);
}
