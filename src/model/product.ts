/**
 * Product: something the business sells, with the category it belongs to. Categories are what
 * share of wallet and share of requirements are computed on, so every product has one.
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import { CustomFieldValuesSchema, ExternalIdSchema, LongTextSchema, NameSchema } from './common';
import { defineEntity } from './entity';
import { MoneySchema } from './money';
import { parseWith, safeParseWith } from './parse';

/** An amount of money that cannot be negative (a price, a cost). */
const NonNegativeMoneySchema = MoneySchema.refine((money) => money.amountMinor >= 0, {
  message: 'Amount cannot be negative',
});

/** Domain fields of a product. */
const productFields = {
  /** The product's name. */
  name: NameSchema,
  /** Stock-keeping unit. Uniqueness within a workspace is enforced by the store, not here. */
  sku: z.string().trim().min(1).max(100).optional(),
  /** The category it belongs to (`'coffee'`); share of wallet is computed per category. */
  category: z.string().trim().min(1).max(200),
  /** A finer category (`'espresso beans'`). */
  subcategory: z.string().trim().min(1).max(200).optional(),
  /** The brand. */
  brand: z.string().trim().min(1).max(200).optional(),
  /** What it is, in free text. */
  description: LongTextSchema.optional(),
  /** List price of one unit; not negative, same currency as `unitCost`. */
  unitPrice: NonNegativeMoneySchema.optional(),
  /** What one unit costs the business; not negative, same currency as `unitPrice`. */
  unitCost: NonNegativeMoneySchema.optional(),
  /** Whether it is still sold; default `true`. */
  active: z.boolean().default(true),
  /** Values of custom fields, keyed by field key; check them with `validateCustomFields`. */
  customFields: CustomFieldValuesSchema.default({}),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The product entity definition (schemas for create input, stored record and patch). */
export const ProductEntity = defineEntity('product', productFields, (product, ctx) => {
  if (
    product.unitPrice !== undefined &&
    product.unitCost !== undefined &&
    product.unitPrice.currency !== product.unitCost.currency
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['unitCost', 'currency'],
      message: `unitCost is in ${product.unitCost.currency} but unitPrice is in ${product.unitPrice.currency}`,
      input: product.unitCost.currency,
    });
  }
});

/** Create input of a product: domain fields, validated, defaults applied. */
export const ProductDataSchema = ProductEntity.dataSchema;
/** A stored product: record metadata + domain fields. */
export const ProductSchema = ProductEntity.schema;

/** A stored product. */
export type Product = z.output<typeof ProductSchema>;
/** A product's domain fields after validation (what a store receives on create). */
export type ProductData = z.output<typeof ProductDataSchema>;
/** What callers may pass to create a product (before defaults). */
export type ProductInput = z.input<typeof ProductDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Product} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the product, with currencies upper-cased and defaults applied
 * @throws {@link ValidationError} listing every issue with its path (e.g. `unitCost` in a
 *   different currency from `unitPrice`)
 *
 * @example
 * ```ts
 * import { parseProduct } from 'crmkit';
 * const product = parseProduct({
 *   id: 'p1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   name: 'Espresso beans 1 kg', sku: 'ESP-1000', category: 'coffee',
 *   unitPrice: { amountMinor: 1890, currency: 'eur' },
 * });
 * product.unitPrice; //=> { amountMinor: 1890, currency: 'EUR' }
 * product.active; //=> true
 * ```
 */
export function parseProduct(input: unknown): Product {
  return parseWith(ProductSchema, 'product', input);
}

/**
 * Like {@link parseProduct} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseProduct } from 'crmkit';
 * const result = safeParseProduct({ name: 'Espresso beans 1 kg', category: 'coffee' });
 * result.success; //=> false (record metadata is missing)
 * ```
 */
export function safeParseProduct(input: unknown): Result<Product, ValidationError> {
  return safeParseWith(ProductSchema, 'product', input);
}
