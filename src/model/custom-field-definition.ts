/**
 * Custom field definition: a field a workspace adds to an entity (a contact's `shoeSize`, a
 * deal's `competitor`, a product's `vintage`) — its key, label and type, whether it is
 * required, its options, bounds and currency — and {@link validateCustomFields}, which checks a
 * record's `customFields` values against the definitions.
 *
 * Uniqueness (`unique: true`) needs to see every record, so it is enforced by the CRM service
 * against the store, not here.
 *
 * @module
 */
import { z } from 'zod';
import { type Result, ValidationError, type ValidationIssue } from '../errors';
import { CalendarDateSchema, type CustomFieldValue, type CustomFieldValues, NameSchema } from './common';
import { defineEntity } from './entity';
import { CurrencyCodeSchema } from './money';
import { parseWith, safeParseWith } from './parse';

/** The entities that accept custom fields. */
export const CUSTOM_FIELD_ENTITIES = [
  'contact',
  'company',
  'lead',
  'deal',
  'ticket',
  'activity',
  'campaign',
  'product',
] as const;

/** An entity that accepts custom fields. */
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

/**
 * The types of custom field, and the value each takes:
 * `text` a string; `number` a finite number; `boolean`; `date` a `YYYY-MM-DD` string;
 * `enum` one option value; `multi_enum` an array of distinct option values;
 * `money` `{ amountMinor, currency }`; `url` an http(s) URL; `email` an e-mail address.
 */
export const CUSTOM_FIELD_TYPES = [
  'text',
  'number',
  'boolean',
  'date',
  'enum',
  'multi_enum',
  'money',
  'url',
  'email',
] as const;

/** A custom field type. */
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** The pattern of a custom field key (the same as the keys of `CustomFieldValuesSchema`). */
export const CUSTOM_FIELD_KEY_PATTERN = /^[a-z][a-zA-Z0-9_]{0,63}$/;

/** One option of an `enum` or `multi_enum` field. */
export const CustomFieldOptionSchema = z.strictObject({
  /** The value stored in records. */
  value: z.string().trim().min(1).max(300),
  /** What users see; defaults to the value when absent. */
  label: NameSchema.optional(),
});

/** One option of an enum field. */
export type CustomFieldOption = z.infer<typeof CustomFieldOptionSchema>;

/** A finite number. */
const FiniteNumberSchema = z.number().refine(Number.isFinite, { message: 'Expected a finite number' });

/** Domain fields of a custom field definition. */
const customFieldDefinitionFields = {
  /** The entity the field belongs to. */
  entity: z.enum(CUSTOM_FIELD_ENTITIES),
  /** The key values are stored under in `customFields` (`[a-z][a-zA-Z0-9_]*`, at most 64 characters); unique per entity. */
  key: z.string().regex(CUSTOM_FIELD_KEY_PATTERN, 'Custom field keys are camelCase or snake_case identifiers'),
  /** What users see. */
  label: NameSchema,
  /** The type of value the field takes. */
  type: z.enum(CUSTOM_FIELD_TYPES),
  /** Whether every record must have a non-null value; default `false`. */
  required: z.boolean().default(false),
  /** Whether no two records may share a value; enforced by the CRM service, not by `validateCustomFields`. Default `false`. */
  unique: z.boolean().default(false),
  /** The options of an `enum` / `multi_enum` field: required and non-empty for those types, values distinct; forbidden for others. */
  options: z.array(CustomFieldOptionSchema).max(200).optional(),
  /** For a `money` field: the one currency values must be in (any currency when absent); forbidden for others. */
  currency: CurrencyCodeSchema.optional(),
  /** For a `number` field: the smallest value allowed (inclusive); forbidden for others. */
  min: FiniteNumberSchema.optional(),
  /** For a `number` field: the largest value allowed (inclusive), at least `min`; forbidden for others. */
  max: FiniteNumberSchema.optional(),
  /** For a `text` field: the most characters allowed; forbidden for others. */
  maxLength: z.number().int().min(1).max(10_000).optional(),
  /** Help text: what the field is for and how to fill it. */
  description: z.string().trim().min(1).max(1_000).optional(),
  /** Archived fields are hidden and accept no new values (only `null`, to clear one); default `false`. */
  archived: z.boolean().default(false),
};

/** The custom field definition entity definition (schemas for create input, stored record and patch). */
export const CustomFieldDefinitionEntity = defineEntity(
  'customFieldDefinition',
  customFieldDefinitionFields,
  (definition, ctx) => {
    const isEnum = definition.type === 'enum' || definition.type === 'multi_enum';
    if (isEnum) {
      if (definition.options === undefined || definition.options.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['options'],
          message: `A ${definition.type} field needs at least one option`,
          input: definition.options,
        });
      } else {
        const seen = new Set<string>();
        definition.options.forEach((option, index) => {
          if (seen.has(option.value)) {
            ctx.addIssue({
              code: 'custom',
              path: ['options', index, 'value'],
              message: 'Duplicate option value',
              input: option.value,
            });
          }
          seen.add(option.value);
        });
      }
    } else if (definition.options !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `Only enum and multi_enum fields have options, not ${definition.type}`,
        input: definition.options,
      });
    }
    if (definition.currency !== undefined && definition.type !== 'money') {
      ctx.addIssue({
        code: 'custom',
        path: ['currency'],
        message: `Only money fields have a currency, not ${definition.type}`,
        input: definition.currency,
      });
    }
    for (const bound of ['min', 'max'] as const) {
      if (definition[bound] !== undefined && definition.type !== 'number') {
        ctx.addIssue({
          code: 'custom',
          path: [bound],
          message: `Only number fields have ${bound}, not ${definition.type}`,
          input: definition[bound],
        });
      }
    }
    if (definition.min !== undefined && definition.max !== undefined && definition.max < definition.min) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'max is less than min', input: definition.max });
    }
    if (definition.maxLength !== undefined && definition.type !== 'text') {
      ctx.addIssue({
        code: 'custom',
        path: ['maxLength'],
        message: `Only text fields have maxLength, not ${definition.type}`,
        input: definition.maxLength,
      });
    }
  },
);

/** Create input of a custom field definition: domain fields, validated, defaults applied. */
export const CustomFieldDefinitionDataSchema = CustomFieldDefinitionEntity.dataSchema;
/** A stored custom field definition: record metadata + domain fields. */
export const CustomFieldDefinitionSchema = CustomFieldDefinitionEntity.schema;

/** A stored custom field definition. */
export type CustomFieldDefinition = z.output<typeof CustomFieldDefinitionSchema>;
/** A custom field definition's domain fields after validation (what a store receives on create). */
export type CustomFieldDefinitionData = z.output<typeof CustomFieldDefinitionDataSchema>;
/** What callers may pass to create a custom field definition (before defaults). */
export type CustomFieldDefinitionInput = z.input<typeof CustomFieldDefinitionDataSchema>;

/**
 * Parses an untrusted value into a stored {@link CustomFieldDefinition} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a settings form)
 * @returns the definition, with defaults applied
 * @throws {@link ValidationError} listing every issue with its path (e.g. an enum without
 *   options, `min` on a text field, `max` below `min`)
 *
 * @example
 * ```ts
 * import { parseCustomFieldDefinition } from 'crmkit';
 * const definition = parseCustomFieldDefinition({
 *   id: 'cf1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   entity: 'contact', key: 'tier', label: 'Tier', type: 'enum',
 *   options: [{ value: 'gold' }, { value: 'silver' }],
 * });
 * definition.required; //=> false
 * definition.archived; //=> false
 * ```
 */
export function parseCustomFieldDefinition(input: unknown): CustomFieldDefinition {
  return parseWith(CustomFieldDefinitionSchema, 'custom field definition', input);
}

/**
 * Like {@link parseCustomFieldDefinition} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseCustomFieldDefinition } from 'crmkit';
 * const result = safeParseCustomFieldDefinition({ entity: 'contact', key: 'tier', label: 'Tier', type: 'enum' });
 * result.success; //=> false
 * ```
 */
export function safeParseCustomFieldDefinition(input: unknown): Result<CustomFieldDefinition, ValidationError> {
  return safeParseWith(CustomFieldDefinitionSchema, 'custom field definition', input);
}

/** Options of {@link validateCustomFields}. */
export interface ValidateCustomFieldsOptions {
  /**
   * The entity the values belong to: only that entity's definitions are used. Pass it whenever
   * `definitions` spans several entities.
   */
  entity?: CustomFieldEntity | undefined;
  /**
   * Validate a partial update: required fields that are absent are not reported (a `null` on a
   * required field still is). Default `false`.
   */
  partial?: boolean | undefined;
}

/**
 * The `code` of the issues {@link validateCustomFields} reports: `unrecognized_keys` (no
 * definition), `archived_field` (a value for an archived field), `required` (a required field
 * absent or `null`), `invalid_type` (a value of the wrong type), `invalid_value` (not an option,
 * duplicate options, wrong currency), `invalid_format` (bad date, URL or e-mail),
 * `too_small` / `too_big` (outside `min` / `max`, longer than `maxLength`).
 */
export const CUSTOM_FIELD_ISSUE_CODES = [
  'unrecognized_keys',
  'archived_field',
  'required',
  'invalid_type',
  'invalid_value',
  'invalid_format',
  'too_small',
  'too_big',
] as const;

/** The code of a custom field issue. */
export type CustomFieldIssueCode = (typeof CUSTOM_FIELD_ISSUE_CODES)[number];

/**
 * What {@link validateCustomFields} reads from a definition. Stored definitions
 * ({@link CustomFieldDefinition}) and their data ({@link CustomFieldDefinitionData}) satisfy it;
 * `required` and `archived` count as `false` when absent.
 */
export interface CustomFieldRules {
  /** The entity the field belongs to; a definition without one applies to any entity. */
  readonly entity?: CustomFieldEntity | undefined;
  /** The key values are stored under. */
  readonly key: string;
  /** The type of value. */
  readonly type: CustomFieldType;
  /** Whether a non-null value is required. */
  readonly required?: boolean | undefined;
  /** Whether the field is archived (accepts only `null`). */
  readonly archived?: boolean | undefined;
  /** The options of an `enum` / `multi_enum` field. */
  readonly options?: readonly { readonly value: string }[] | undefined;
  /** The currency of a `money` field. */
  readonly currency?: string | undefined;
  /** The smallest `number` allowed. */
  readonly min?: number | undefined;
  /** The largest `number` allowed. */
  readonly max?: number | undefined;
  /** The longest `text` allowed. */
  readonly maxLength?: number | undefined;
}

const UrlSchema = z.url({ protocol: /^https?$/, hostname: z.regexes.domain });
const EmailSchema = z.email();

function problem(code: CustomFieldIssueCode, message: string): { code: CustomFieldIssueCode; message: string } {
  return { code, message };
}

/** Checks one non-null value against its definition; returns the problem, if any. */
function checkValue(rules: CustomFieldRules, value: CustomFieldValue): { code: CustomFieldIssueCode; message: string } | undefined {
  switch (rules.type) {
    case 'text': {
      if (typeof value !== 'string') return problem('invalid_type', 'Expected text');
      if (rules.maxLength !== undefined && value.length > rules.maxLength) {
        return problem('too_big', `Expected at most ${rules.maxLength} characters, got ${value.length}`);
      }
      return undefined;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return problem('invalid_type', 'Expected a finite number');
      if (rules.min !== undefined && value < rules.min) return problem('too_small', `Expected at least ${rules.min}`);
      if (rules.max !== undefined && value > rules.max) return problem('too_big', `Expected at most ${rules.max}`);
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : problem('invalid_type', 'Expected true or false');
    case 'date': {
      if (typeof value !== 'string') return problem('invalid_type', 'Expected a date as YYYY-MM-DD');
      return CalendarDateSchema.safeParse(value).success
        ? undefined
        : problem('invalid_format', `Expected a valid date as YYYY-MM-DD, got "${value}"`);
    }
    case 'enum': {
      if (typeof value !== 'string') return problem('invalid_type', 'Expected one option value');
      const allowed = (rules.options ?? []).map((option) => option.value);
      return allowed.includes(value)
        ? undefined
        : problem('invalid_value', `"${value}" is not an option (expected one of ${allowed.join(', ')})`);
    }
    case 'multi_enum': {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        return problem('invalid_type', 'Expected a list of option values');
      }
      const allowed = (rules.options ?? []).map((option) => option.value);
      const unknown = value.filter((item) => !allowed.includes(item));
      if (unknown.length > 0) {
        return problem('invalid_value', `Not options: ${unknown.map((item) => `"${item}"`).join(', ')}`);
      }
      if (new Set(value).size !== value.length) return problem('invalid_value', 'An option is listed twice');
      return undefined;
    }
    case 'money': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return problem('invalid_type', 'Expected money as { amountMinor, currency }');
      }
      const keys = Object.keys(value);
      if (keys.length !== 2 || !keys.includes('amountMinor') || !keys.includes('currency')) {
        return problem('invalid_type', 'Expected money as { amountMinor, currency }');
      }
      if (typeof value.amountMinor !== 'number' || !Number.isSafeInteger(value.amountMinor)) {
        return problem('invalid_type', 'Expected amountMinor to be a safe integer of minor units');
      }
      const currency = CurrencyCodeSchema.safeParse(value.currency);
      if (typeof value.currency !== 'string' || !currency.success || currency.data !== value.currency) {
        return problem('invalid_value', `Expected an upper-case ISO 4217 currency code, got "${String(value.currency)}"`);
      }
      if (rules.currency !== undefined && value.currency !== rules.currency) {
        return problem('invalid_value', `Expected an amount in ${rules.currency}, got ${value.currency}`);
      }
      return undefined;
    }
    case 'url': {
      if (typeof value !== 'string') return problem('invalid_type', 'Expected a URL');
      return UrlSchema.safeParse(value).success
        ? undefined
        : problem('invalid_format', `Expected an http(s) URL, got "${value}"`);
    }
    case 'email': {
      if (typeof value !== 'string') return problem('invalid_type', 'Expected an e-mail address');
      return EmailSchema.safeParse(value).success
        ? undefined
        : problem('invalid_format', `Expected an e-mail address, got "${value}"`);
    }
  }
}

/**
 * Checks a record's custom field values against the workspace's definitions and returns every
 * problem found (an empty list when all is well):
 *
 * - a key without a definition (for `options.entity`) → `unrecognized_keys`;
 * - a non-null value for an archived field → `archived_field` (`null` is accepted: it clears the value);
 * - `null` for a required field, or a required field absent unless `options.partial` → `required`;
 * - a value of the wrong type → `invalid_type`; not one of the options, an option twice, a money
 *   value in another currency than the definition's → `invalid_value`; a date that is not a real
 *   `YYYY-MM-DD` day, a URL that is not http(s) with a domain name, a malformed e-mail →
 *   `invalid_format`; a number outside `min`…`max` or a text longer than `maxLength` →
 *   `too_small` / `too_big`.
 *
 * `null` is accepted for every non-required field. Each issue's path is `['customFields', key]`.
 * Uniqueness (`unique: true`) is not checked here: it needs the other records, so the CRM
 * service enforces it against the store.
 *
 * @param values - the record's `customFields` (or a patch of them)
 * @param definitions - the workspace's custom field definitions (stored records, their data, or any {@link CustomFieldRules})
 * @param options - `entity` to pick that entity's definitions; `partial` for patches
 * @returns every issue found, values first (in key order), then missing required fields (in definition order)
 *
 * @example
 * ```ts
 * import { validateCustomFields } from 'crmkit';
 * const definitions = [
 *   { entity: 'contact', key: 'tier', type: 'enum', required: true, options: [{ value: 'gold' }, { value: 'silver' }] },
 * ] as const;
 * validateCustomFields({ tier: 'gold' }, definitions, { entity: 'contact' }); //=> []
 * validateCustomFields({ tier: 'bronze' }, definitions, { entity: 'contact' });
 * //=> [{ code: 'invalid_value', path: ['customFields', 'tier'], message: '"bronze" is not an option (expected one of gold, silver)' }]
 * ```
 */
export function validateCustomFields(
  values: CustomFieldValues,
  definitions: readonly CustomFieldRules[],
  options: ValidateCustomFieldsOptions = {},
): ValidationIssue[] {
  const byKey = new Map<string, CustomFieldRules>();
  for (const definition of definitions) {
    if (options.entity !== undefined && definition.entity !== undefined && definition.entity !== options.entity) continue;
    const current = byKey.get(definition.key);
    // An active definition wins over an archived one with the same key.
    if (current === undefined || (current.archived === true && definition.archived !== true)) byKey.set(definition.key, definition);
  }

  const issues: ValidationIssue[] = [];
  const add = (key: string, code: CustomFieldIssueCode, message: string) => {
    issues.push({ code, path: ['customFields', key], message });
  };

  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const rules = byKey.get(key);
    if (rules === undefined) {
      add(key, 'unrecognized_keys', `Unknown custom field "${key}"`);
      continue;
    }
    if (value === null) {
      if (rules.required === true && rules.archived !== true) add(key, 'required', `Custom field "${key}" is required`);
      continue;
    }
    if (rules.archived === true) {
      add(key, 'archived_field', `Custom field "${key}" is archived and accepts no values`);
      continue;
    }
    const found = checkValue(rules, value);
    if (found !== undefined) add(key, found.code, found.message);
  }

  if (options.partial !== true) {
    for (const rules of byKey.values()) {
      if (rules.required !== true || rules.archived === true) continue;
      if (!Object.hasOwn(values, rules.key) || values[rules.key] === undefined) {
        add(rules.key, 'required', `Custom field "${rules.key}" is required`);
      }
    }
  }
  return issues;
}

/**
 * Like {@link validateCustomFields}, but throws when any issue is found.
 *
 * @param values - the record's `customFields` (or a patch of them)
 * @param definitions - the workspace's custom field definitions
 * @param options - `entity` to pick that entity's definitions; `partial` for patches
 * @returns nothing; returns normally when the values are valid
 * @throws {@link ValidationError} (subject `'custom fields'`) listing every issue, each with path `['customFields', key]`
 *
 * @example
 * ```ts
 * import { assertCustomFields } from 'crmkit';
 * const definitions = [
 *   { entity: 'deal', key: 'seats', type: 'number', min: 1 },
 * ] as const;
 * assertCustomFields({ seats: 12 }, definitions, { entity: 'deal' }); //=> undefined
 * assertCustomFields({ seats: 0 }, definitions, { entity: 'deal' });
 * //=> throws ValidationError: 'Invalid custom fields: customFields.seats: Expected at least 1'
 * ```
 */
export function assertCustomFields(
  values: CustomFieldValues,
  definitions: readonly CustomFieldRules[],
  options: ValidateCustomFieldsOptions = {},
): void {
  const issues = validateCustomFields(values, definitions, options);
  if (issues.length > 0) throw new ValidationError('custom fields', issues);
}
