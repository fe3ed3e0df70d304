/**
 * Purchase: one purchase act of a customer — when, through which channel, possibly prompted by
 * a campaign — with its lines: per line the product category, the quantity, the net revenue
 * and, when known, the margin. Purchases are what customer value, share of wallet, purchase
 * frequency and campaign redemption are computed from.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import {
  CampaignIdSchema,
  ChannelSchema,
  CompanyIdSchema,
  ContactIdSchema,
  ExternalIdSchema,
  ProductIdSchema,
  TimestampSchema,
} from './common';
import { defineEntity } from './entity';
import { type Money, MoneySchema, sumMoney } from './money';
import { parseWith, safeParseWith } from './parse';

/** An amount of money that cannot be negative (a revenue, a cost). */
const NonNegativeMoneySchema = MoneySchema.refine((money) => money.amountMinor >= 0, {
  message: 'Amount cannot be negative',
});

/** One line of a purchase: a quantity of one product (or of a category) with its value. */
export const PurchaseLineSchema = z.strictObject({
  /** The product bought, when it is in the catalogue. */
  productId: ProductIdSchema.optional(),
  /** The product's SKU, when known (imports often have a SKU but no product id). */
  sku: z.string().trim().min(1).max(100).optional(),
  /** The product category (`'coffee'`): required, share of wallet is computed per category. */
  category: z.string().trim().min(1).max(200),
  /** How many units (or kilograms, litres…): a finite number greater than 0. */
  quantity: z.number().positive().refine(Number.isFinite, { message: 'Expected a finite number' }),
  /** The line's net revenue (after discounts, before tax); not negative. */
  value: NonNegativeMoneySchema,
  /** The line's margin; may be negative (a loss leader). */
  margin: MoneySchema.optional(),
  /** What the line cost the business; not negative. */
  cost: NonNegativeMoneySchema.optional(),
});

/** One line of a purchase. */
export type PurchaseLine = z.output<typeof PurchaseLineSchema>;

/** Domain fields of a purchase. */
const purchaseFields = {
  /** The customer who bought. */
  contactId: ContactIdSchema,
  /** The company the customer bought for (B2B). */
  companyId: CompanyIdSchema.optional(),
  /** When the purchase happened. */
  purchasedAt: TimestampSchema,
  /** The channel it happened through. */
  channel: ChannelSchema.optional(),
  /** The campaign credited with the purchase (a redemption). */
  campaignId: CampaignIdSchema.optional(),
  /** The order, receipt or invoice number in the selling system. */
  orderRef: z.string().trim().min(1).max(200).optional(),
  /** The lines: at least one; all amounts in one currency. */
  lines: z.array(PurchaseLineSchema).min(1).max(10_000),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The purchase entity definition (schemas for create input, stored record and patch). */
export const PurchaseEntity = defineEntity('purchase', purchaseFields, (purchase, ctx) => {
  const currency = purchase.lines[0]?.value.currency;
  purchase.lines.forEach((line, index) => {
    for (const field of ['value', 'margin', 'cost'] as const) {
      const money = line[field];
      if (money !== undefined && money.currency !== currency) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', index, field, 'currency'],
          message: `Every amount of a purchase must be in one currency: expected ${String(currency)}, got ${money.currency}`,
          input: money.currency,
        });
      }
    }
  });
});

/** Create input of a purchase: domain fields, validated. */
export const PurchaseDataSchema = PurchaseEntity.dataSchema;
/** A stored purchase: record metadata + domain fields. */
export const PurchaseSchema = PurchaseEntity.schema;

/** A stored purchase. */
export type Purchase = z.output<typeof PurchaseSchema>;
/** A purchase's domain fields after validation (what a store receives on create). */
export type PurchaseData = z.output<typeof PurchaseDataSchema>;
/** What callers may pass to create a purchase (before normalisation). */
export type PurchaseInput = z.input<typeof PurchaseDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Purchase} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, an import)
 * @returns the purchase, with timestamps as `Date`s and currencies upper-cased
 * @throws {@link ValidationError} listing every issue with its path (e.g. no lines, a
 *   quantity of 0, a line in another currency)
 *
 * @example
 * ```ts
 * import { parsePurchase } from 'crmkit';
 * const purchase = parsePurchase({
 *   id: 'pu1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-03-01T10:00:00Z', updatedAt: '2025-03-01T10:00:00Z',
 *   contactId: 'c1', purchasedAt: '2025-03-01T09:30:00Z',
 *   lines: [{ category: 'coffee', quantity: 2, value: { amountMinor: 3780, currency: 'eur' } }],
 * });
 * purchase.purchasedAt; //=> Date 2025-03-01T09:30:00.000Z
 * purchase.lines[0].value; //=> { amountMinor: 3780, currency: 'EUR' }
 * ```
 */
export function parsePurchase(input: unknown): Purchase {
  return parseWith(PurchaseSchema, 'purchase', input);
}

/**
 * Like {@link parsePurchase} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParsePurchase } from 'crmkit';
 * const result = safeParsePurchase({ contactId: 'c1', purchasedAt: '2025-03-01T09:30:00Z', lines: [] });
 * result.success; //=> false (no lines, and record metadata is missing)
 * ```
 */
export function safeParsePurchase(input: unknown): Result<Purchase, ValidationError> {
  return safeParseWith(PurchaseSchema, 'purchase', input);
}

/**
 * The value of a purchase: the sum of its lines' net revenue.
 *
 * value = Σ lines[i].value
 *
 * @param purchase - a purchase (or anything with its lines)
 * @returns the total, in the purchase's currency
 * @throws {@link CurrencyMismatchError} when lines are in different currencies (a parsed purchase never is);
 *   {@link InvalidArgumentError} when there are no lines (a parsed purchase always has one)
 *
 * @example
 * ```ts
 * import { purchaseValue } from 'crmkit';
 * purchaseValue({ lines: [
 *   { value: { amountMinor: 3780, currency: 'EUR' } },
 *   { value: { amountMinor: 450, currency: 'EUR' } },
 * ] }); //=> { amountMinor: 4230, currency: 'EUR' }
 * ```
 */
export function purchaseValue(purchase: { readonly lines: readonly { readonly value: Money }[] }): Money {
  return sumMoney(purchase.lines.map((line) => line.value));
}

/**
 * The margin of a purchase: the sum of its lines' margins, or `undefined` when any line has
 * no margin (a partial sum would understate it silently).
 *
 * margin = Σ lines[i].margin
 *
 * @param purchase - a purchase (or anything with its lines)
 * @returns the total margin (possibly negative), or `undefined` when a line lacks one
 * @throws {@link CurrencyMismatchError} when margins are in different currencies (a parsed purchase never is);
 *   {@link InvalidArgumentError} when there are no lines
 *
 * @example
 * ```ts
 * import { purchaseMargin } from 'crmkit';
 * purchaseMargin({ lines: [
 *   { margin: { amountMinor: 1200, currency: 'EUR' } },
 *   { margin: { amountMinor: -150, currency: 'EUR' } },
 * ] }); //=> { amountMinor: 1050, currency: 'EUR' }
 * purchaseMargin({ lines: [{ margin: { amountMinor: 1200, currency: 'EUR' } }, {}] }); //=> undefined
 * ```
 */
export function purchaseMargin(purchase: {
  readonly lines: readonly { readonly margin?: Money | undefined }[];
}): Money | undefined {
  const margins: Money[] = [];
  for (const line of purchase.lines) {
    if (line.margin === undefined) return undefined;
    margins.push(line.margin);
  }
  return sumMoney(margins);
}

/**
 * The number of units in a purchase: the sum of its lines' quantities.
 *
 * units = Σ lines[i].quantity
 *
 * @param purchase - a purchase (or anything with its lines)
 * @returns the total quantity (0 for no lines)
 *
 * @example
 * ```ts
 * import { purchaseUnits } from 'crmkit';
 * purchaseUnits({ lines: [{ quantity: 2 }, { quantity: 0.5 }] }); //=> 2.5
 * ```
 */
export function purchaseUnits(purchase: { readonly lines: readonly { readonly quantity: number }[] }): number {
  let units = 0;
  for (const line of purchase.lines) units += line.quantity;
  return units;
}
