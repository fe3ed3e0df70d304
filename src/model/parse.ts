/**
 * Parsing untrusted input into entities: the throwing `parse*` and the `safeParse*` variants
 * (zod's `parse` / `safeParse` pattern), always failing with a {@link ValidationError} that lists
 * every issue with its path.
 *
 * @module
 */
import { z } from 'zod';
import { type Result, ValidationError } from '../errors';

/**
 * Validates `input` against a zod schema and returns the parsed value, or a
 * {@link ValidationError} listing every issue. Never throws.
 *
 * @param schema - any zod schema
 * @param subject - what is parsed, used in the error message (e.g. `'contact'`)
 * @param input - untrusted input
 * @returns `{ success: true, data }` or `{ success: false, error }`
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { safeParseWith } from 'crmkit/model';
 * const result = safeParseWith(z.strictObject({ n: z.number() }), 'thing', { n: 'x' });
 * result.success; //=> false
 * ```
 */
export function safeParseWith<S extends z.ZodType>(
  schema: S,
  subject: string,
  input: unknown,
): Result<z.output<S>, ValidationError> {
  const result = schema.safeParse(input);
  if (result.success) return { success: true, data: result.data };
  return { success: false, error: new ValidationError(subject, result.error.issues, { cause: result.error }) };
}

/**
 * Validates `input` against a zod schema and returns the parsed value.
 *
 * @param schema - any zod schema
 * @param subject - what is parsed, used in the error message (e.g. `'contact'`)
 * @param input - untrusted input
 * @returns the parsed value (with defaults applied and values normalised)
 * @throws {@link ValidationError} listing every issue with its path
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { parseWith } from 'crmkit/model';
 * parseWith(z.strictObject({ n: z.number() }), 'thing', { n: 1 }); //=> { n: 1 }
 * ```
 */
export function parseWith<S extends z.ZodType>(schema: S, subject: string, input: unknown): z.output<S> {
  const result = safeParseWith(schema, subject, input);
  if (result.success) return result.data;
  throw result.error;
}
